"""The Word report of a real audit: built by `report_context` from an audit file, filled into the default
template, and read back with python-docx. Every table, the overall numbers (the same as the Markdown
report's), every norm's row and symbol, parts A and B apart, and every text the auditor typed as typed."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import docx
import pytest
from lxml import etree

from assistant.store import AuditFile, Judgement
from assistant.store.model import Plan
from exports import render_report
from exports.docx import check_template, default_template, render_docx
from exports.docx_variables import KERN_FORM_LABELS, VARIABLES, GROUP, LIST
from exports.report import OVERALL_COLUMNS, PART_B_TITLE
from exports.report_context import introduction_b, report_context
from normsets import NormSet
from tests.audit_builders import MIXED, MIXED_SOURCES, fill_audit, new_audit, table_after

NORM_HEADER = ["Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"]
KERN_HEADER = ["Kerngegeven", "Gegevens"]
OVERALL_HEADER = ["Onderdeel norm", *OVERALL_COLUMNS.values()]

#: Hostile texts typed into the new fields: markup of every kind, line breaks, control characters, length.
HOSTILE = "Team <b>Noord</b> | P&O & {{ kern.adres }} *x* \x1b[31mrood\x07"
HOSTILE_SHOWN = "Team <b>Noord</b> | P&O & {{ kern.adres }} *x* \u241b[31mrood\u2407"
LONG = "Lange toelichting op het advies. " * 400


def fill_form(audit_file: AuditFile) -> None:
    kern = audit_file.snapshot().kern
    values = dict(
        scope=f"{HOSTILE}\nTeam Zuid",
        omvang_medewerkers="85", omvang_fte="62,5", omvang_locaties="4", omvang="plus 40 vrijwilligers",
        vorm_onderzoek="ci_label", vorm_toelichting="hercertificering",
        datum_zelfevaluatie="nvt", zelfevaluatie_toelichting=f"geen zelfevaluatie: {HOSTILE}",
        toetsers="A. de Vries (Welzijn Elders)\nB. Bakker (Wijkwerk Anders)",
        verantwoordelijke_ci="C. Claessen", teamleider="D. Dijkstra <teamleider>",
        gesprekspartners="teamcoach (2 gesprekken)\ntwee maatschappelijk werkers",
        datum_definitief="2027-01-10", datum_inzending="2027-01-15", datum_ondertekening="2027-01-12",
    )
    for name, value in values.items():
        kern = kern.with_field(name, value)
    audit_file.put_kern(kern)
    summary = audit_file.snapshot().summary
    audit_file.put_summary(replace(summary, advies_keuze="positief_na_pva", advies=LONG,
                                   complimenten=(*summary.complimenten, HOSTILE)))
    for norm_id in ("V2", "V4", "V7", "D1", "D2", "D3", "D6", "D8", "D11", "O3", "O9", "O12", "O16"):
        audit_file.put_plan(Plan(norm_id, "goedgekeurd", "2026-12-01", "2026-12-20"))
    audit_file.put_judgement(replace(audit_file.judgement("V4"), report_text=f"Eerste regel\nTweede regel {HOSTILE}"))


@pytest.fixture(scope="module")
def audit(normset: NormSet):
    audit_file = fill_audit(new_audit(normset), normset, MIXED, MIXED_SOURCES)
    fill_form(audit_file)
    return audit_file.snapshot()


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def table_with_header(document, header: list[str]) -> list:
    return [table for table in document.tables if texts(table.rows[0]) == header]


def assert_valid(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


@pytest.fixture(scope="module")
def both(audit, normset) -> bytes:
    return render_docx(report_context(audit, normset))


def test_the_context_has_exactly_the_documented_variables(audit, normset: NormSet) -> None:
    def check(value, variable, path):
        if variable.kind == GROUP:
            assert set(value) == set(variable.fields), path
            for name, member in variable.fields.items():
                check(value[name], member, f"{path}.{name}")
        elif variable.kind == LIST:
            assert isinstance(value, list), path
            for item in value:
                check(item, variable.item, f"{path}[]")
        else:
            assert isinstance(value, (bool if variable.kind == "ja/nee" else str)), path

    context = report_context(audit, normset)
    assert set(context) == set(VARIABLES)
    for name, variable in VARIABLES.items():
        check(context[name], variable, name)


def test_every_table_with_the_same_numbers_as_the_markdown_report(both: bytes, audit, normset: NormSet) -> None:
    assert_valid(both)
    document = read(both)
    assert len(document.tables) == 4 + len(normset.rubrieken)
    (overall,) = table_with_header(document, OVERALL_HEADER)
    markdown = table_after(render_report(audit, normset), "Overall resultaat toetsing")
    assert [texts(row) for row in overall.rows[1:]] == markdown.rows
    assert texts(overall.rows[-1]) == ["Resultaat totaal", "29 van de 49", "9 van de 49", "4 van de 49",
                                       "3 van de 49", "2 van de 49"]
    assert texts(overall.rows[1]) == ["Vakmanschap", "1; 3; 5; 6; 8; 10; 12; 13; 14", "4", "2; 7", "11", "15"]


def test_every_norm_has_its_row_and_symbol(both: bytes, normset: NormSet) -> None:
    tables = table_with_header(read(both), NORM_HEADER)
    assert len(tables) == len(normset.rubrieken)
    shown = {"+": "+", "+/-": "+/-", "-": "-", "nvt": "nvt", "nb": "nb", None: ""}
    for table, rubriek in zip(tables, normset.rubrieken):
        norms = normset.norms_in(rubriek.id)
        rows = [texts(row) for row in table.rows[1:]]
        assert [row[0] for row in rows] == [f"{norm.number}. {norm.text}" for norm in norms]
        assert [row[2] for row in rows] == [shown[MIXED.get(norm.id, "+")] for norm in norms]
    symbols = {texts(row)[2] for table in tables for row in table.rows[1:]}
    assert symbols == {"+", "+/-", "-", "nvt", "nb", ""}
    v4 = texts(tables[0].rows[4])
    assert v4[1] == f"Eerste regel\nTweede regel {HOSTILE_SHOWN}"


def test_the_form_fields_as_typed(both: bytes) -> None:
    document = read(both)
    (kern,) = table_with_header(document, KERN_HEADER)
    rows = {cells[0]: cells[1] for cells in map(texts, kern.rows[1:])}
    assert list(rows) == list(KERN_FORM_LABELS.values())
    assert rows[KERN_FORM_LABELS["scope"]] == f"{HOSTILE_SHOWN}\nTeam Zuid"
    assert rows["Omvang organisatie"] == ("Aantal medewerkers: 85\nAantal fte: 62,5\nAantal locaties in de scope: 4\n"
                                         "plus 40 vrijwilligers")
    assert rows["Gekozen vorm van het onderzoek"] == "Alleen CI op het label\nhercertificering"
    assert rows["Zelfevaluatie ingeleverd op"] == f"n.v.t. — geen zelfevaluatie: {HOSTILE_SHOWN}"
    assert rows["Intercollegiale toetsers"] == "A. de Vries (Welzijn Elders)\nB. Bakker (Wijkwerk Anders)"
    assert rows["Teamleider"] == "D. Dijkstra <teamleider>"
    assert rows["Gesprekspartners (alleen functies)"] == "teamcoach (2 gesprekken)\ntwee maatschappelijk werkers"
    assert rows["Verslag team (na interne controle) naar lid-organisatie"] == "1 december 2026"
    assert rows["Ontvangst verbeterplan met akkoord"] == "20 december 2026"  # the last approval: all approved
    assert rows["Verslag definitief met akkoord lid-organisatie"] == "10 januari 2027"
    paragraphs = [p.text for p in document.paragraphs]
    advice = paragraphs.index("Advies (alleen in te vullen door CI)")
    assert paragraphs[advice + 1: advice + 3] == ["Positief zodra de plannen van aanpak zijn goedgekeurd", LONG]
    (signature,) = table_with_header(document, ["Ondertekening", ""])
    assert [texts(row) for row in signature.rows[1:]] == [
        ["Datum", "12 januari 2027"], ["Naam verantwoordelijke teamleider", "D. Dijkstra <teamleider>"],
        ["Handtekening", ""]]
    (trend,) = table_with_header(document, ["Complimenten", "Zorgpunten"])
    assert texts(trend.rows[-1]) == [HOSTILE_SHOWN, ""]


def test_no_computed_indication_in_the_report_sent_out(both: bytes) -> None:
    text = "\n".join(p.text for p in read(both).paragraphs).casefold()
    assert "indicatie" not in text and "positief advies mogelijk" not in text


@pytest.mark.parametrize("part", ["A", "B"])
def test_parts_a_and_b_apart(audit, normset: NormSet, part: str) -> None:
    data = render_docx(report_context(audit, normset, (part,)))
    assert_valid(data)
    document = read(data)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    if part == "A":
        assert "A. Samenvatting uitkomst toetsing" in headings and PART_B_TITLE not in headings
        assert table_with_header(document, NORM_HEADER) == [] and len(document.tables) == 4
    else:
        assert headings[0] == PART_B_TITLE and "A. Samenvatting uitkomst toetsing" not in headings
        assert table_with_header(document, KERN_HEADER) == [] and len(document.tables) == len(normset.rubrieken)
        points = [p.text for p in document.paragraphs if p.style.name == "List Number"]
        assert points == introduction_b(normset)


def test_the_default_template_checks_clean_for_each_part() -> None:
    for parts in (("A",), ("B",), ("A", "B")):
        assert check_template(default_template(), parts) == []


def test_an_audit_without_anything_still_renders(normset: NormSet) -> None:
    empty = new_audit(normset).snapshot()
    data = render_docx(report_context(empty, normset))
    assert_valid(data)
    (kern,) = table_with_header(read(data), KERN_HEADER)
    assert texts(kern.rows[1])[1] == "Welzijn Voorbeeldstad"


def test_a_norm_judged_nb_has_its_symbol_and_column(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    audit_file.put_judgement(Judgement.new("O20", "nb", ""))
    document = read(render_docx(report_context(audit_file.snapshot(), normset)))
    (overall,) = table_with_header(document, OVERALL_HEADER)
    assert texts(overall.rows[3])[5] == "20" and texts(overall.rows[-1])[5] == "1 van de 49"
    assert texts(table_with_header(document, NORM_HEADER)[2].rows[20])[2] == "nb"


