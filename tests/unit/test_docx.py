"""The Word report: the default template, rendering, user text as data, and the check of a user's template.

Every rendered document is read back with python-docx (the way Word-processing code would see it) and
every XML part is parsed strictly with lxml, so "valid" means more than "python-docx did not complain".
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from exports.docx import (
    KERN_FORM_LABELS,
    REQUIRED,
    VARIABLES,
    TemplateProblem,
    check_template,
    default_template,
    render_docx,
    sample_context,
)
from exports.docx_variables import GROUP, LIST
from exports.report import OVERALL_COLUMNS, PART_B_TITLE
from exports.sjablonen.maak_sjabloon import build
from normsets import NormSetRegistry
from tests.conftest import REPO

NORMSET = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
JUDGEMENT_CYCLE = ("+", "+", "+/-", "+", "-", "nvt", "+", "nb", "")
OVERALL_KEYS = {"+": "voldoet", "+/-": "verbeterpunt", "-": "voldoet_niet", "nvt": "nvt", "nb": "nb"}
NORM_HEADER = ["Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"]
INTRODUCTION = [
    "Een norm voldoet pas als die in de praktijk is aangetoond; een document alleen is niet genoeg.",
    "De bevindingen per norm zijn kort en onderbouwd met voorbeelden, citaten, cijfers en documenten.",
    "Legenda: voldoet (+), verbeterpunt (+/-), voldoet niet (-).",
    "Voor het label 2019: ten hoogste 3 normen 'voldoet niet' en 8 'verbeterpunt', elk met een plan van aanpak.",
]


def full_context(**changes) -> dict:
    """A complete context for the 49 norms of the 2019 set, judgements cycling through every value."""
    rubrieken, rows = [], []
    index = 0
    for rubriek in NORMSET.rubrieken:
        normen = []
        for norm in NORMSET.norms_in(rubriek.id):
            normen.append({"nummer": str(norm.number), "tekst": norm.text,
                           "bevindingen": f"Bevinding bij {norm.id}: in drie gesprekken bevestigd.",
                           "oordeel": JUDGEMENT_CYCLE[index % len(JUDGEMENT_CYCLE)]})
            index += 1
        rubrieken.append({"titel": rubriek.title, "normen": normen})
        row = {"onderdeel": rubriek.title}
        for code, key in OVERALL_KEYS.items():
            row[key] = "; ".join(norm["nummer"] for norm in normen if norm["oordeel"] == code)
        rows.append(row)
    all_norms = [norm for rubriek in rubrieken for norm in rubriek["normen"]]
    total = {"onderdeel": "Resultaat totaal"}
    for code, key in OVERALL_KEYS.items():
        total[key] = f"{sum(norm['oordeel'] == code for norm in all_norms)} van de {len(all_norms)}"
    complimenten = ["Betrokken team", "Heldere werkbegeleiding", "Goede registratie"]
    zorgpunten = ["Privacy bij overdracht"]
    context = {
        "titel": "Resultaat toetsing Kwaliteitsnormen Sociaal Werk",
        "organisatie": "Welzijn Voorbeeldstad",
        "normenset": {"titel": NORMSET.title, "versie": NORMSET.version, "bron": NORMSET.attribution},
        "deel_a": True,
        "deel_b": True,
        "kern": {
            "organisatie": "Welzijn Voorbeeldstad", "adres": "Dorpsstraat 1, 1234 AB Voorbeeldstad",
            "website": "https://welzijn.example", "contactpersoon": "J. Jansen",
            "contact_mail": "j.jansen@welzijn.example", "contact_telefoon": "010-1234567",
            "scope": ["Team Noord", "Team Zuid", "Schuldhulpverlening"],
            "omvang": {"medewerkers": "85", "fte": "62,5", "locaties": "4", "toelichting": "inclusief vrijwilligers"},
            "vorm": {"keuze": "Alleen CI op het label", "toelichting": "hercertificering"},
            "zelfevaluatie": "n.v.t. — hercertificering", "onderzoek_ter_plaatse": "10 en 11 maart 2026, Noord en Zuid",
            "toetsers": ["A. de Vries (Welzijn Elders)", "B. Bakker (Wijkwerk Anders)"],
            "verantwoordelijke_ci": "C. Claessen", "teamleider": "D. Dijkstra",
            "gesprekspartners": ["2 teamcoaches", "4 maatschappelijk werkers"],
            "datum_verslag_team": "1 april 2026", "datum_verbeterplan": "15 april 2026",
            "datum_definitief": "20 april 2026", "datum_inzending": "25 april 2026",
        },
        "overall": {"rijen": rows, "totaal": total},
        "toelichting": "De organisatie werkt zichtbaar aan kwaliteit.\nTweede regel.",
        "complimenten": complimenten,
        "zorgpunten": zorgpunten,
        "trend": [{"compliment": c, "zorgpunt": z}
                  for c, z in zip(complimenten, zorgpunten + [""] * (len(complimenten) - len(zorgpunten)))],
        "advies": {"keuze": "Positief zodra de plannen van aanpak zijn goedgekeurd", "tekst": "Wij adviseren positief."},
        "ondertekening": {"datum": "20 april 2026", "naam": "D. Dijkstra"},
        "inleiding_b": list(INTRODUCTION),
        "rubrieken": rubrieken,
    }
    context.update(changes)
    return context


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def table_with_header(document, header: list[str]) -> list:
    return [table for table in document.tables if texts(table.rows[0]) == header]


def assert_valid(data: bytes) -> None:
    """python-docx opens it and every XML part parses strictly."""
    read(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [name for name in archive.namelist() if name.endswith((".xml", ".rels"))]
        assert "word/document.xml" in parts
        for name in parts:
            etree.fromstring(archive.read(name))


def paragraph_after(document, heading: str, offset: int = 1) -> str:
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    return paragraphs[paragraphs.index(heading) + offset]


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def full_document() -> bytes:
    return render_docx(full_context())


# -- the default template ------------------------------------------------------------------------


def test_committed_template_is_what_the_script_makes() -> None:
    assert build() == default_template(), "run: python -m exports.sjablonen.maak_sjabloon"


@pytest.mark.parametrize("parts", [("A", "B"), ("A",), ("B",)])
def test_default_template_passes_its_own_check(parts) -> None:
    assert check_template(default_template(), parts) == []


def test_default_template_is_a4_portrait_with_margins() -> None:
    section = read(default_template()).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.0


# -- the rendered report -------------------------------------------------------------------------


def test_report_is_valid_and_has_every_table(full_document: bytes) -> None:
    assert_valid(full_document)
    document = read(full_document)
    assert len(table_with_header(document, ["Kerngegeven", "Gegevens"])) == 1
    assert len(table_with_header(document, ["Onderdeel norm", *OVERALL_COLUMNS.values()])) == 1
    assert len(table_with_header(document, ["Complimenten", "Zorgpunten"])) == 1
    assert len(table_with_header(document, ["Ondertekening", ""])) == 1
    assert len(table_with_header(document, NORM_HEADER)) == len(NORMSET.rubrieken)
    assert len(document.tables) == 4 + len(NORMSET.rubrieken)


def test_kerngegevens_use_the_form_labels_and_lists_one_per_line(full_document: bytes) -> None:
    context = full_context()
    kern = context["kern"]
    (table,) = table_with_header(read(full_document), ["Kerngegeven", "Gegevens"])
    rows = {cells[0]: cells[1] for cells in map(texts, table.rows[1:])}
    assert list(rows) == list(KERN_FORM_LABELS.values())
    assert rows["Naam lid organisatie"] == kern["organisatie"]
    assert rows["Scope (werkprocessen / organisatieonderdelen die getoetst zijn)"] == "\n".join(kern["scope"])
    assert rows["Intercollegiale toetsers"] == "\n".join(kern["toetsers"])
    assert rows["Gesprekspartners (alleen functies)"] == "2 teamcoaches\n4 maatschappelijk werkers"
    assert rows["Omvang organisatie"].split("\n") == [
        "Aantal medewerkers: 85", "Aantal fte: 62,5", "Aantal locaties in de scope: 4", "inclusief vrijwilligers"]
    assert rows["Gekozen vorm van het onderzoek"] == "Alleen CI op het label\nhercertificering"
    assert rows["Zelfevaluatie ingeleverd op"] == "n.v.t. — hercertificering"
    assert rows["Verslag team (na interne controle) naar lid-organisatie"] == "1 april 2026"
    assert rows["Inzending samenvatting naar Sociaal Werk Nederland"] == "25 april 2026"


def test_overall_table_has_the_numbers_per_rubriek_and_the_totals(full_document: bytes) -> None:
    overall = full_context()["overall"]
    (table,) = table_with_header(read(full_document), ["Onderdeel norm", *OVERALL_COLUMNS.values()])
    body = [texts(row) for row in table.rows[1:]]
    keys = ("onderdeel", *OVERALL_KEYS.values())
    assert body == [[row[key] for key in keys] for row in [*overall["rijen"], overall["totaal"]]]
    assert body[-1][0] == "Resultaat totaal"
    assert body[0][1].startswith("1; 2; 4")  # Vakmanschap: norms 1, 2 and 4 judged "+"
    assert sum(int(cell.split(" van ")[0]) for cell in body[-1][1:]) + 5 == 49  # 5 norms without judgement


def test_every_norm_has_its_row_and_judgement(full_document: bytes) -> None:
    document = read(full_document)
    tables = table_with_header(document, NORM_HEADER)
    for table, rubriek in zip(tables, full_context()["rubrieken"]):
        assert [texts(row) for row in table.rows[1:]] == [
            [f"{norm['nummer']}. {norm['tekst']}", norm["bevindingen"], norm["oordeel"]] for norm in rubriek["normen"]]
    symbols = {texts(row)[2] for table in tables for row in table.rows[1:]}
    assert symbols == {"+", "+/-", "-", "nvt", "nb", ""}
    assert [f"Kwaliteitsnormen {rubriek.title}" for rubriek in NORMSET.rubrieken] == headings(document)[-3:]


def test_part_a_texts_advice_signature_and_trend(full_document: bytes) -> None:
    context = full_context()
    document = read(full_document)
    assert paragraph_after(document, "Toelichting") == context["toelichting"]
    assert paragraph_after(document, "Advies (alleen in te vullen door CI)") == context["advies"]["keuze"]
    assert paragraph_after(document, "Advies (alleen in te vullen door CI)", 2) == context["advies"]["tekst"]
    (trend,) = table_with_header(document, ["Complimenten", "Zorgpunten"])
    assert [texts(row) for row in trend.rows[1:]] == [
        ["Betrokken team", "Privacy bij overdracht"], ["Heldere werkbegeleiding", ""], ["Goede registratie", ""]]
    (signature,) = table_with_header(document, ["Ondertekening", ""])
    assert [texts(row) for row in signature.rows[1:]] == [
        ["Datum", "20 april 2026"], ["Naam verantwoordelijke teamleider", "D. Dijkstra"], ["Handtekening", ""]]
    points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert points == INTRODUCTION
    assert document.paragraphs[0].text == context["titel"]
    assert document.paragraphs[1].text == "Welzijn Voorbeeldstad"
    assert "Welzijn Voorbeeldstad" in document.sections[0].footer.paragraphs[0].text


def page_breaks(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").count(b'w:type="page"')


def test_both_parts_are_separated_by_a_page_break(full_document: bytes) -> None:
    found = headings(read(full_document))
    assert found.index("A. Samenvatting uitkomst toetsing") < found.index(PART_B_TITLE)
    assert page_breaks(full_document) == 1


def test_part_a_alone_has_no_part_b() -> None:
    data = render_docx(full_context(deel_b=False))
    assert_valid(data)
    document = read(data)
    assert "A. Samenvatting uitkomst toetsing" in headings(document)
    assert PART_B_TITLE not in headings(document)
    assert table_with_header(document, NORM_HEADER) == []
    assert len(document.tables) == 4
    assert page_breaks(data) == 0


def test_part_b_alone_has_no_part_a() -> None:
    data = render_docx(full_context(deel_a=False))
    assert_valid(data)
    document = read(data)
    assert headings(document)[0] == PART_B_TITLE
    assert table_with_header(document, ["Kerngegeven", "Gegevens"]) == []
    assert table_with_header(document, ["Onderdeel norm", *OVERALL_COLUMNS.values()]) == []
    assert len(table_with_header(document, NORM_HEADER)) == len(document.tables) == 3
    assert page_breaks(data) == 0


def test_rendering_leaves_the_context_as_it_was() -> None:
    context = full_context()
    before = copy.deepcopy(context)
    render_docx(context)
    assert context == before


def test_a_partial_context_renders_with_empty_fields() -> None:
    data = render_docx({"organisatie": "Alleen een naam", "kern": {"scope": ["Eén team"]}})
    assert_valid(data)
    document = read(data)
    assert document.paragraphs[1].text == "Alleen een naam"
    (table,) = table_with_header(document, ["Kerngegeven", "Gegevens"])
    rows = {cells[0]: cells[1] for cells in map(texts, table.rows[1:])}
    assert rows["Scope (werkprocessen / organisatieonderdelen die getoetst zijn)"] == "Eén team"
    assert rows["Adres"] == ""
    assert len(table_with_header(document, NORM_HEADER)) == 0  # no rubrieken: no norm tables


# -- user text is data ---------------------------------------------------------------------------

USER_TEXTS = {
    "pipes": ("a | b || c", "a | b || c"),
    "markup": ("<script>alert('x')</script> & AT&T &amp; &#123;", "<script>alert('x')</script> & AT&T &amp; &#123;"),
    "jinja": ("{{ titel }} {% if deel_a %}ja{% endif %} {# opm #}", "{{ titel }} {% if deel_a %}ja{% endif %} {# opm #}"),
    "docxtpl escapes": ("{_{ x }_} {_% y %_}", "{_{ x }_} {_% y %_}"),
    "xml": ('</w:t></w:r><w:r><w:t>"ingevoegd"', '</w:t></w:r><w:r><w:t>"ingevoegd"'),
    "quotes": ("„citaat” \"dubbel\" 'enkel'", "„citaat” \"dubbel\" 'enkel'"),
    "lines": ("regel 1\nregel 2\r\nregel 3\rregel 4\n\nna lege regel", "regel 1\nregel 2\nregel 3\nregel 4\n\nna lege regel"),
    "tab": ("kolom\tkolom", "kolom\tkolom"),
    "controls": ("bel\x07 esc\x1b[2J nul\x00 ff\x0c vt\x0b del\x7f csi\x9b",
                 "bel\u2407 esc\u241b[2J nul\u2400 ff\u240c vt\u240b del\u2421 csi<U+009B>"),
    "bidi": ("abc\u202edcba \u200f\u2066x", "abc<U+202E>dcba <U+200F><U+2066>x"),
    "non-characters": ("x\uffffy\ufffe", "x<U+FFFF>y<U+FFFE>"),
    "emoji and scripts": ("👍🏽 ✓ 中文 עברית عربي", "👍🏽 ✓ 中文 עברית عربي"),
    "very long": ("lang " * 20_000, "lang " * 20_000),
}


def place_everywhere(value: str) -> dict:
    context = full_context(organisatie=value, toelichting=value)
    context["kern"]["adres"] = value
    context["kern"]["scope"] = [value, "Team Zuid"]
    context["kern"]["omvang"]["toelichting"] = value
    context["trend"][0]["compliment"] = value
    context["advies"]["tekst"] = value
    context["ondertekening"]["naam"] = value
    context["inleiding_b"][0] = value
    context["rubrieken"][0]["titel"] = value
    context["rubrieken"][0]["normen"][0]["bevindingen"] = value
    context["rubrieken"][2]["normen"][-1]["tekst"] = value
    return context


@pytest.mark.parametrize(("typed", "shown"), USER_TEXTS.values(), ids=USER_TEXTS.keys())
def test_user_text_shows_as_typed_everywhere(typed: str, shown: str) -> None:
    data = render_docx(place_everywhere(typed))
    assert_valid(data)
    document = read(data)
    (kern,) = table_with_header(document, ["Kerngegeven", "Gegevens"])
    rows = {cells[0]: cells[1] for cells in map(texts, kern.rows[1:])}
    norm_tables = table_with_header(document, NORM_HEADER)
    found = {
        "organisatie": document.paragraphs[1].text,
        "adres": rows["Adres"],
        "scope": rows["Scope (werkprocessen / organisatieonderdelen die getoetst zijn)"],
        "omvang": rows["Omvang organisatie"].split("Aantal locaties in de scope: 4\n", 1)[1],
        "toelichting": paragraph_after(document, "Toelichting"),
        "compliment": table_with_header(document, ["Complimenten", "Zorgpunten"])[0].rows[1].cells[0].text,
        "advies": paragraph_after(document, "Advies (alleen in te vullen door CI)", 2),
        "naam": table_with_header(document, ["Ondertekening", ""])[0].rows[2].cells[1].text,
        "inleiding": [p.text for p in document.paragraphs if p.style.name == "List Number"][0],
        "rubriek": headings(document)[-3],
        "bevindingen": norm_tables[0].rows[1].cells[1].text,
        "normtekst": norm_tables[2].rows[-1].cells[0].text,
        "footer": document.sections[0].footer.paragraphs[0].text,
    }
    assert found == {
        "organisatie": shown, "adres": shown, "scope": f"{shown}\nTeam Zuid", "omvang": shown,
        "toelichting": shown, "compliment": shown, "advies": shown, "naam": shown, "inleiding": shown,
        "rubriek": f"Kwaliteitsnormen {shown}", "bevindingen": shown, "normtekst": f"23. {shown}",
        "footer": f"{shown} · {full_context()['titel']} · pagina ",  # python-docx leaves out the page field
    }


def test_line_breaks_are_word_line_breaks_not_raw_newlines() -> None:
    data = render_docx(full_context(toelichting="een\ntwee\tdrie"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert re.search(r"een</w:t>\s*<w:br/>\s*<w:t[^>]*>twee</w:t>\s*</w:r>\s*<w:r>\s*<w:tab/>", xml)


def test_template_code_in_values_is_never_evaluated() -> None:
    data = render_docx(full_context(organisatie="{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"))
    assert read(data).paragraphs[1].text == "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"


# -- a user's template ---------------------------------------------------------------------------


def make_template(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


PART_A_OWN = (
    "Organisatie: {{ organisatie }}",
    "{%p for rij in overall.rijen %}",
    "{{ rij.onderdeel }}: {{ rij.voldoet }} / {{ rij.verbeterpunt }} / {{ rij.voldoet_niet }} / {{ rij.nvt }} / {{ rij.nb }}",
    "{%p endfor %}",
    "Totaal: {{ overall.totaal.voldoet }} / {{ overall.totaal.verbeterpunt }} / {{ overall.totaal.voldoet_niet }} / "
    "{{ overall.totaal.nvt }} / {{ overall.totaal.nb }}",
    "Advies: {{ advies.keuze }}",
)
PART_B_OWN = (
    "{%p for rubriek in rubrieken %}",
    "Rubriek {{ rubriek.titel }}",
    "{%p for norm in rubriek.normen %}",
    "{{ norm.nummer }}. {{ norm.tekst }}: {{ norm.bevindingen }} [{{ norm.oordeel }}]",
    "{%p endfor %}",
    "{%p endfor %}",
)


def test_a_complete_user_template_passes_and_renders() -> None:
    template = make_template("Eigen rapport van de CI", "Scope: {{ kern.scope|join(', ') }}", *PART_A_OWN, *PART_B_OWN)
    assert check_template(template) == []
    document = read(render_docx(full_context(), template))
    lines = [p.text for p in document.paragraphs]
    assert "Organisatie: Welzijn Voorbeeldstad" in lines
    assert "Scope: Team Noord, Team Zuid, Schuldhulpverlening" in lines
    total = full_context()["overall"]["totaal"]
    assert f"Totaal: {total['voldoet']} / {total['verbeterpunt']} / {total['voldoet_niet']} / {total['nvt']} / " \
           f"{total['nb']}" in lines
    assert "Rubriek Vakmanschap" in lines
    assert sum(line.endswith("[+/-]") for line in lines) == sum(
        norm["oordeel"] == "+/-" for rubriek in full_context()["rubrieken"] for norm in rubriek["normen"])


def test_a_template_for_part_b_only_needs_only_part_b() -> None:
    template = make_template(*PART_B_OWN)
    assert check_template(template, ("B",)) == []
    (problem,) = check_template(template, ("A", "B"))
    assert problem.startswith("Het sjabloon mist voor deel A de variabelen 'organisatie' of 'kern.organisatie', ")
    assert "'advies.keuze'" in problem


def test_missing_variables_are_named_per_part() -> None:
    template = make_template(*PART_A_OWN[:1], *PART_B_OWN[:2], *PART_B_OWN[5:])
    problems = check_template(template)
    assert problems == [
        "Het sjabloon mist voor deel A de variabelen " + ", ".join(
            f"'{alternatives[0]}'" for alternatives in REQUIRED["A"][1:-1]) + " en 'advies.keuze'; "
        "zie de lijst van sjabloonvariabelen in de README.",
        "Het sjabloon mist voor deel B de variabelen 'rubrieken[].normen[].nummer', 'rubrieken[].normen[].tekst', "
        "'rubrieken[].normen[].bevindingen' en 'rubrieken[].normen[].oordeel'; "
        "zie de lijst van sjabloonvariabelen in de README.",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("Naam: {{ kern.organsatie }}",
     "Onbekende variabele 'kern.organsatie' in het sjabloon in de hoofdtekst (bij: «Naam: {{ kern.organsatie }}»); "
     "bedoelt u 'kern.organisatie'?"),
    ("{{ organsatie }}",
     "Onbekende variabele 'organsatie' in het sjabloon in de hoofdtekst (bij: «{{ organsatie }}»); "
     "bedoelt u 'organisatie'?"),
    ("{% for r in rubrieken %}{% for n in r.normen %}{{ n.nummr }}{% endfor %}{% endfor %}",
     "Onbekende variabele 'n.nummr' in het sjabloon in de hoofdtekst (bij: «{% for r in rubrieken %}{% for n in "
     "r.normen %}{{ n.nummr }}{% endfor %}{% en...»); bedoelt u 'n.nummer'?"),
    ("{% set k = kern %}{{ k.omvang.personeel }}",
     "Onbekende variabele 'k.omvang.personeel' in het sjabloon in de hoofdtekst (bij: «{% set k = kern %}"
     "{{ k.omvang.personeel }}»); hier bekend: medewerkers, fte, locaties, toelichting."),
    ("{{ overall.rijen[0].voldoen }}",
     "Onbekende variabele 'overall.rijen.voldoen' in het sjabloon in de hoofdtekst (bij: "
     "«{{ overall.rijen[0].voldoen }}»); bedoelt u 'overall.rijen.voldoet'?"),
    ("{{ deel_a.x }}", "Onbekende variabele 'deel_a.x' in het sjabloon in de hoofdtekst (bij: «{{ deel_a.x }}»)."),
])
def test_unknown_variables_are_named_with_where_and_a_suggestion(text: str, expected: str) -> None:
    template = make_template(text, *PART_A_OWN, *PART_B_OWN)
    assert check_template(template) == [expected]


def test_methods_loops_and_filters_are_not_unknown_variables() -> None:
    template = make_template(
        "{{ kern.organisatie|upper }} {{ kern.organisatie.strip() }} {{ kern.scope|regels }} {{ overall.rijen|length }}",
        "{% for key, value in kern.omvang.items() %}{{ key }}={{ value }}{% endfor %}",
        "{% for punt in inleiding_b %}{{ loop.index }}. {{ punt }}{% endfor %} {{ range(3)|list }}",
        *PART_A_OWN, *PART_B_OWN)
    assert check_template(template) == []


def test_unknown_variable_in_the_footer_is_found() -> None:
    document = docx.Document(io.BytesIO(make_template(*PART_A_OWN, *PART_B_OWN)))
    document.sections[0].footer.paragraphs[0].text = "{{ organisatie }} {{ paginanummer }}"
    output = io.BytesIO()
    document.save(output)
    assert check_template(output.getvalue()) == [
        "Onbekende variabele 'paginanummer' in het sjabloon in een voettekst (bij: «{{ organisatie }} "
        "{{ paginanummer }}»); hier bekend: " + ", ".join(VARIABLES) + "."]


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (("Naam: {{ kern.organisatie + }}", "verder"),
     "Fout in de sjabloontaal in de hoofdtekst (bij: «Naam: {{ kern.organisatie + }}»): unexpected 'end of print statement'."),
    (("{% if deel_a %}", "tekst"),
     "Fout in de sjabloontaal aan het einde van de hoofdtekst: Unexpected end of template. Jinja was looking for "
     "the following tags: 'elif' or 'else' or 'endif'."),
    (("{{ organisatie|regel }}",),
     "Fout in de sjabloontaal in de hoofdtekst (bij: «{{ organisatie|regel }}»): No filter named 'regel'."),
    (("{%tr for rij in trend %}",),
     "Fout in de sjabloontaal in de hoofdtekst (bij: «{%tr for rij in trend %}»): Encountered unknown tag 'tr'. "
     "Een opdracht als {%tr …%} hoort in een eigen tabelrij"),
])
def test_syntax_errors_are_one_dutch_message_with_where(paragraphs, expected: str) -> None:
    problems = check_template(make_template(*paragraphs, *PART_A_OWN))
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_a_template_that_breaks_when_filled_is_refused() -> None:
    template = make_template(*PART_A_OWN, *PART_B_OWN, "{{ 1 // 0 }}")
    assert check_template(template) == [
        "Het sjabloon kan niet worden gevuld: ZeroDivisionError: integer division or modulo by zero."]
    with pytest.raises(TemplateProblem):
        render_docx(full_context(), template)


def test_a_template_runs_in_the_sandbox() -> None:
    escape = "{{ kern.organisatie.__class__.__mro__[1].__subclasses__() }}"
    (problem,) = check_template(make_template(*PART_A_OWN, *PART_B_OWN, escape))
    assert problem.startswith("Het sjabloon kan niet worden gevuld: ") and "unsafe" in problem


def test_safe_and_autoescape_false_cannot_put_markup_in_the_document() -> None:
    template = make_template(*PART_A_OWN, *PART_B_OWN, "A {{ organisatie|safe }}",
                             "{% autoescape false %}B {{ organisatie }} {{ '<x/>'|safe }}{% endautoescape %}")
    assert check_template(template) == []
    data = render_docx(full_context(organisatie="<w:p>&"), template)
    assert_valid(data)
    lines = [p.text for p in read(data).paragraphs]
    assert lines[-2:] == ["A <w:p>&", "B <w:p>& <x/>"]


def docx_with(member: str, content: bytes | None) -> bytes:
    """The default template with one zip member replaced (None: left out)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(default_template())) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            if item.filename != member:
                target.writestr(item, source.read(item.filename))
            elif content is not None:
                target.writestr(item, content)
    return output.getvalue()


NOT_A_ZIP = "Het sjabloon is geen Word-document (.docx), of het is beschadigd: het is geen leesbaar zip-archief."


@pytest.mark.parametrize(("template", "expected"), [
    (b"Dit is platte tekst, geen Word.", NOT_A_ZIP),
    (b"", NOT_A_ZIP),
    (docx_with("word/document.xml", None), "Het sjabloon is geen Word-document (.docx): het bevat geen word/document.xml."),
    (docx_with("word/document.xml", b"<w:document><w:body>"), "Het sjabloon is beschadigd: een onderdeel is geen geldige XML"),
    (docx_with("[Content_Types].xml", zipfile.ZipFile(io.BytesIO(default_template())).read("[Content_Types].xml")
               .replace(b"document.main+xml", b"template.main+xml")),
     "Het sjabloon is een Word-sjabloon (.dotx); sla het in Word op als Word-document (.docx)."),
    (default_template()[: len(default_template()) // 2], NOT_A_ZIP),
], ids=["text", "empty", "no document.xml", "damaged xml", "dotx", "truncated"])
def test_a_file_that_is_no_word_document_gives_one_message(template: bytes, expected: str) -> None:
    problems = check_template(template)
    assert len(problems) == 1 and problems[0].startswith(expected)
    with pytest.raises(TemplateProblem) as raised:
        render_docx(full_context(), template)
    assert str(raised.value) == problems[0]


def test_check_refuses_unknown_parts() -> None:
    with pytest.raises(ValueError):
        check_template(default_template(), ("C",))


# -- the description of the variables ------------------------------------------------------------


def variable_paths(variables=VARIABLES, prefix: str = "") -> list[str]:
    paths = []
    for name, variable in variables.items():
        path = f"{prefix}{name}"
        paths.append(path)
        if variable.kind == GROUP:
            paths += variable_paths(variable.fields, f"{path}.")
        elif variable.kind == LIST and variable.item is not None and variable.item.kind == GROUP:
            paths += variable_paths(variable.item.fields, f"{path}[].")
    return paths


def test_every_variable_is_described_in_the_readme_text() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    text = readme[readme.index("### Een eigen Word-sjabloon"):readme.index("\n## ", readme.index("## Rapport in Word"))]
    assert [path for path in variable_paths() if f"`{path}`" not in text] == []
    for alternatives in (*REQUIRED["A"], *REQUIRED["B"]):
        assert f"`{alternatives[0]}`" in text


def test_sample_context_fills_every_variable() -> None:
    def walk(value, variable):
        if variable.kind == GROUP:
            assert set(value) == set(variable.fields)
            for name, member in variable.fields.items():
                walk(value[name], member)
        elif variable.kind == LIST:
            assert len(value) == 1
            walk(value[0], variable.item)
        else:
            assert value not in ("", None)

    sample = sample_context(("B",))
    assert (sample["deel_a"], sample["deel_b"]) == (False, True)
    for name, variable in VARIABLES.items():
        walk(sample[name], variable)


# -- LibreOffice ---------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_converts_the_report_to_pdf(tmp_path: Path, full_document: bytes) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) staat niet op PATH")
    source = tmp_path / "rapport.docx"
    source.write_bytes(full_document)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profiel'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pdf = (tmp_path / "rapport.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and pages > 0


def test_curly_quotes_that_word_types_in_a_tag_work() -> None:
    template = make_template("Scope: {{ kern.scope|join(„, ”) }} {{ kern.toetsers|join(“; ”) }} {{ kern.scope|join(‘/’) }}",
                             *PART_A_OWN, *PART_B_OWN)
    assert check_template(template) == []
    lines = [p.text for p in read(render_docx(full_context(), template)).paragraphs]
    assert lines[0] == ("Scope: Team Noord, Team Zuid, Schuldhulpverlening "
                        "A. de Vries (Welzijn Elders); B. Bakker (Wijkwerk Anders) Team Noord/Team Zuid/Schuldhulpverlening")
