"""Generates the default report template, `rapport.docx`, with python-docx: `python -m exports.sjablonen.maak_sjabloon`.

The template is laid out like the Kwaliteitslabel's form: title, where part A and part B go, part A (the
kerngegevens, the overall table, the toelichting, the complimenten and zorgpunten under "Input voor
trendanalyses branche", the advice, the signature block), a page break, part B (its introduction in four
points and one table per rubriek). The docxtpl tags in it use only the variables of `exports.docx.VARIABLES`.

Generating the file instead of editing it in Word keeps it reviewable and reproducible: the output is the
same bytes on every run (fixed document properties and zip timestamps, no thumbnail), and
`tests/unit/test_docx.py` checks that the committed file is what this script makes. Change the layout here,
run the script, commit both.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from exports.docx import DEFAULT_TEMPLATE, KERN_FORM_LABELS
from exports.report import OVERALL_COLUMNS, PART_B_TITLE, TITLE, WHERE_PARTS_GO

TARGET = Path(__file__).with_name(DEFAULT_TEMPLATE)

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)
HEADER_FILL = "DCE3EE"
LABEL_FILL = "F2F2F2"
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less two margins of 2 cm
FIXED_TIME = datetime(2026, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)

OVERALL_KEYS = ("voldoet", "verbeterpunt", "voldoet_niet", "nvt", "nb")

Cell = str | Sequence[str]


# -- document set-up -----------------------------------------------------------------------------


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)


def _set_font(style, size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    """One font for the style, also where the built-in style took it from the theme (Word prefers that)."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = colour or RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), FONT)


def _spacing(style, before: float, after: float) -> None:
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, 10)
    _spacing(normal, 0, 6)
    normal.paragraph_format.line_spacing = 1.15
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nl-NL")
    normal.element.get_or_add_rPr().append(language)

    title = styles["Title"]
    _set_font(title, 20, bold=True, colour=ACCENT)
    _spacing(title, 0, 4)
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    _set_font(styles["Subtitle"], 13, bold=True)
    _spacing(styles["Subtitle"], 0, 12)
    _set_font(styles["Heading 1"], 14, bold=True, colour=ACCENT)
    _spacing(styles["Heading 1"], 18, 8)
    _set_font(styles["Heading 2"], 11.5, bold=True, colour=ACCENT)
    _spacing(styles["Heading 2"], 12, 4)
    _set_font(styles["List Number"], 10)
    _set_font(styles["Footer"], 8, colour=RGBColor(0x59, 0x59, 0x59))

    table_text = styles.add_style("Tabeltekst", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _set_font(table_text, 9)
    _spacing(table_text, 2, 2)
    table_text.paragraph_format.line_spacing = 1.0
    table_head = styles.add_style("Tabelkop", WD_STYLE_TYPE.PARAGRAPH)
    table_head.base_style = table_text
    _set_font(table_head, 9, bold=True)
    source_note = styles.add_style("Bronvermelding", WD_STYLE_TYPE.PARAGRAPH)
    source_note.base_style = normal
    _set_font(source_note, 8, colour=RGBColor(0x59, 0x59, 0x59))
    _spacing(source_note, 12, 0)


def _properties(document) -> None:
    properties = document.core_properties
    properties.title = TITLE
    properties.subject = "Kwaliteitslabel Sociaal Werk"
    properties.author = properties.last_modified_by = "toetsassistent"
    properties.comments = properties.keywords = properties.category = ""
    properties.language = "nl-NL"
    properties.revision = 1
    properties.created = properties.modified = FIXED_TIME
    properties.last_printed = FIXED_TIME
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


# -- building blocks -----------------------------------------------------------------------------


def _paragraph(container, text: str = "", style: str | None = None, *, bold: bool = False,
               align=None):
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text).bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _tag(document, tag: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears when the template is filled."""
    document.add_paragraph(tag)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _fill_cell(cell, content: Cell, style: str, align=None) -> None:
    lines = [content] if isinstance(content, str) else list(content)
    first, *rest = lines or [""]
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if first:
        paragraph.add_run(first)
    for line in rest:
        paragraph = cell.add_paragraph(line, style=style)
    for paragraph in cell.paragraphs:
        if align is not None:
            paragraph.alignment = align


def _table(document, widths: Sequence[float], header: Sequence[str]):
    """A table in the house style: grid lines, a shaded bold header row repeated on every page."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    row = _row(table, widths, header, style="Tabelkop", fill=HEADER_FILL)
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)
    return table


def _row(table, widths: Sequence[float], cells: Sequence[Cell], *, style: str = "Tabeltekst",
         fill: str | None = None, first_fill: str | None = None, aligns: Sequence | None = None):
    row = table.add_row()
    for index, (cell, width, content) in enumerate(zip(row.cells, widths, cells)):
        cell.width = Cm(width)
        shade = first_fill if index == 0 and first_fill else fill
        if shade:
            _shade(cell, shade)
        _fill_cell(cell, content, style, aligns[index] if aligns else None)
    return row


def _loop_rows(table, widths: Sequence[float], opening: str, cells: Sequence[Cell], **options) -> None:
    """A row repeated per list item: docxtpl's {%tr for … %} row, the row itself, the {%tr endfor %} row."""
    blank = [""] * (len(widths) - 1)
    _row(table, widths, [opening, *blank])
    _row(table, widths, cells, **options)
    _row(table, widths, ["{%tr endfor %}", *blank])


# -- the report ----------------------------------------------------------------------------------


def _kern_value(name: str) -> Cell:
    if name in ("scope", "toetsers", "gesprekspartners"):
        return f"{{{{ kern.{name}|regels }}}}"
    if name == "omvang":
        return ("Aantal medewerkers: {{ kern.omvang.medewerkers }}",
                "Aantal fte: {{ kern.omvang.fte }}",
                "Aantal locaties in de scope: {{ kern.omvang.locaties }}",
                "{{ kern.omvang.toelichting }}")
    if name == "vorm":
        return ("{{ kern.vorm.keuze }}", "{{ kern.vorm.toelichting }}")
    return f"{{{{ kern.{name} }}}}"


def _part_a(document) -> None:
    _tag(document, "{%p if deel_a %}")
    _paragraph(document, "A. Samenvatting uitkomst toetsing", "Heading 1")

    _paragraph(document, "Kerngegevens toetsing", "Heading 2")
    widths = (6.0, TEXT_WIDTH_CM - 6.0)
    table = _table(document, widths, ("Kerngegeven", "Gegevens"))
    for name, label in KERN_FORM_LABELS.items():
        _row(table, widths, (label, _kern_value(name)), first_fill=LABEL_FILL)

    _paragraph(document, "Overall resultaat toetsing", "Heading 2")
    first = 3.5
    widths = (first, *[(TEXT_WIDTH_CM - first) / len(OVERALL_KEYS)] * len(OVERALL_KEYS))
    table = _table(document, widths, ("Onderdeel norm", *OVERALL_COLUMNS.values()))
    _loop_rows(table, widths, "{%tr for rij in overall.rijen %}",
               ("{{ rij.onderdeel }}", *(f"{{{{ rij.{key} }}}}" for key in OVERALL_KEYS)))
    _row(table, widths, ("{{ overall.totaal.onderdeel }}", *(f"{{{{ overall.totaal.{key} }}}}" for key in OVERALL_KEYS)),
         style="Tabelkop", fill=LABEL_FILL)

    _paragraph(document, "Toelichting", "Heading 2")
    _paragraph(document, "{{ toelichting }}")

    _paragraph(document, "Input voor trendanalyses branche", "Heading 2")
    _paragraph(document, "Opvallend sterke punten (complimenten) en meest in het oog springende verbeterpunten "
                         "(zorgpunten).")
    widths = (TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2)
    table = _table(document, widths, ("Complimenten", "Zorgpunten"))
    _loop_rows(table, widths, "{%tr for rij in trend %}", ("{{ rij.compliment }}", "{{ rij.zorgpunt }}"))

    _paragraph(document, "Advies (alleen in te vullen door CI)", "Heading 2")
    _paragraph(document, "{{ advies.keuze }}", bold=True)
    _paragraph(document, "{{ advies.tekst }}")

    _paragraph(document, "Datum, naam en handtekening verantwoordelijke teamleider", "Heading 2")
    widths = (6.0, TEXT_WIDTH_CM - 6.0)
    table = _table(document, widths, ("Ondertekening", ""))
    _row(table, widths, ("Datum", "{{ ondertekening.datum }}"), first_fill=LABEL_FILL)
    _row(table, widths, ("Naam verantwoordelijke teamleider", "{{ ondertekening.naam }}"), first_fill=LABEL_FILL)
    signature = _row(table, widths, ("Handtekening", ""), first_fill=LABEL_FILL)
    signature.height = Cm(2.0)

    _tag(document, "{%p if deel_b %}")
    _paragraph(document).add_run().add_break(WD_BREAK.PAGE)
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endif %}")


def _part_b(document) -> None:
    _tag(document, "{%p if deel_b %}")
    _paragraph(document, PART_B_TITLE, "Heading 1")
    _paragraph(document, "Bij het lezen van de bevindingen:")
    _tag(document, "{%p for punt in inleiding_b %}")
    _paragraph(document, "{{ punt }}", "List Number")
    _tag(document, "{%p endfor %}")

    widths = (5.6, 8.4, TEXT_WIDTH_CM - 14.0)
    _tag(document, "{%p for rubriek in rubrieken %}")
    _paragraph(document, "Kwaliteitsnormen {{ rubriek.titel }}", "Heading 2")
    table = _table(document, widths, ("Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"))
    center = WD_ALIGN_PARAGRAPH.CENTER
    _loop_rows(table, widths, "{%tr for norm in rubriek.normen %}",
               ("{{ norm.nummer }}. {{ norm.tekst }}", "{{ norm.bevindingen }}", "{{ norm.oordeel }}"),
               aligns=(None, None, center))
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")


def _footer(document) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.add_run("{{ organisatie }} · {{ titel }} · pagina ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _normalised(document) -> bytes:
    """The saved document with fixed zip timestamps, so the same script gives the same bytes."""
    saved = io.BytesIO()
    document.save(saved)
    output = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(item.filename))
    return output.getvalue()


def build() -> bytes:
    """The default template as DOCX bytes; the same bytes on every call."""
    document = Document()
    _page(document)
    _styles(document)
    _properties(document)
    _paragraph(document, "{{ titel }}", "Title")
    _paragraph(document, "{{ organisatie }}", "Subtitle")
    _paragraph(document, "Normenset: {{ normenset.titel }}, versie {{ normenset.versie }}.")
    _paragraph(document, WHERE_PARTS_GO)
    _part_a(document)
    _part_b(document)
    _paragraph(document, "Bron van de normteksten: {{ normenset.bron }}", "Bronvermelding")
    _footer(document)
    return _normalised(document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maakt het standaardsjabloon voor het Word-rapport opnieuw")
    parser.add_argument("-o", "--uitvoer", type=Path, default=TARGET, help=f"doelbestand (standaard {TARGET})")
    args = parser.parse_args(argv)
    args.uitvoer.write_bytes(build())
    print(f"geschreven: {args.uitvoer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
