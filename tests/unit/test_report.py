"""The report: the fixed format of part A and B (as the form has them), numbers from the rules, texts as typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import Audit, Judgement, Kerngegevens, Summary
from assistant.store.model import Plan
from exports import incomplete_items, render_report
from exports.docx_variables import KERN_FORM_LABELS
from exports.report_context import introduction_b
from normsets import NormSet
from tests.audit_builders import COMPLETE, KERN, MIXED, MIXED_SOURCES, fill_audit, new_audit, table_after
from tests.markdown_checks import (
    blocks_between,
    headings,
    inline_text,
    parse,
    shown_as_paragraphs,
    shown_in_cell,
    tables_of,
    texts,
)

@pytest.fixture(scope="module")
def complete_audit(normset: NormSet) -> Audit:
    return fill_audit(new_audit(normset), normset, COMPLETE).snapshot()


@pytest.fixture(scope="module")
def mixed_audit(normset: NormSet) -> Audit:
    return fill_audit(new_audit(normset), normset, MIXED, MIXED_SOURCES).snapshot()


# -- part A ---------------------------------------------------------------------------------------

OVERALL_HEADER = [
    "Onderdeel norm", "Nrs. normen die voldoen", "Nrs. normen met verbeterpunt", "Nrs. normen voldoen niet",
    "Nrs. normen niet van toepassing", "Nrs. normen niet beoordeeld",
]


def test_overall_table_of_a_complete_audit(complete_audit: Audit, normset: NormSet) -> None:
    overall = table_after(render_report(complete_audit, normset), "Overall resultaat toetsing")
    assert overall.header == OVERALL_HEADER
    assert overall.rows == [
        ["Vakmanschap", "1; 2; 4; 5; 6; 8; 9; 10; 11; 13; 14; 15", "3; 12", "7", "", ""],
        ["Dienstverlening", "1; 3; 4; 5; 6; 7; 8; 10; 11", "2; 9", "", "", ""],
        ["Organisatie en bestuur", "1; 2; 3; 4; 6; 7; 8; 9; 10; 11; 12; 13; 15; 16; 18; 19; 20; 22; 23",
         "5; 17; 21", "14", "", ""],
        ["Resultaat totaal", "40 van de 49", "7 van de 49", "2 van de 49", "0 van de 49", "0 van de 49"],
    ]


def test_overall_table_with_nvt_nb_and_unjudged_norms(mixed_audit: Audit, normset: NormSet) -> None:
    overall = table_after(render_report(mixed_audit, normset), "Overall resultaat toetsing")
    assert overall.rows == [
        ["Vakmanschap", "1; 3; 5; 6; 8; 10; 12; 13; 14", "4", "2; 7", "11", "15"],
        ["Dienstverlening", "4; 7; 9", "1; 2; 3; 6", "8; 11", "5; 10", ""],
        ["Organisatie en bestuur", "1; 2; 4; 5; 6; 7; 8; 10; 11; 13; 14; 15; 17; 18; 19; 21; 22",
         "3; 9; 12; 16", "", "", "20"],
        ["Resultaat totaal", "29 van de 49", "9 van de 49", "4 van de 49", "3 van de 49", "2 van de 49"],
    ]


PART_A_OUTLINE = [
    (2, "A. Samenvatting uitkomst toetsing"),
    (3, "Kerngegevens toetsing"),
    (3, "Overall resultaat toetsing"),
    (3, "Toelichting"),
    (3, "Input voor trendanalyses branche"),
    (3, "Advies (alleen in te vullen door CI)"),
    (3, "Datum, naam en handtekening verantwoordelijke teamleider"),
]
PART_B_OUTLINE = [
    (2, "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk"),
    (3, "Kwaliteitsnormen Vakmanschap"),
    (3, "Kwaliteitsnormen Dienstverlening"),
    (3, "Kwaliteitsnormen Organisatie en bestuur"),
]
TITLE = (1, "Resultaat toetsing Kwaliteitsnormen Sociaal Werk — Welzijn Voorbeeldstad")


def test_the_report_follows_the_fixed_outline(complete_audit: Audit, normset: NormSet) -> None:
    assert headings(parse(render_report(complete_audit, normset))) == [TITLE, *PART_A_OUTLINE, *PART_B_OUTLINE]


@pytest.mark.parametrize("part, outline, first_line", [
    ("A", PART_A_OUTLINE, "Dit is deel A van het rapport: de samenvatting van de uitkomst van de toetsing, voor "
                          "Sociaal Werk Nederland."),
    ("B", PART_B_OUTLINE, "Dit is deel B van het rapport: de bevindingen per norm, voor de getoetste organisatie."),
])
def test_each_part_alone(complete_audit: Audit, normset: NormSet, part: str, outline, first_line: str) -> None:
    report = render_report(complete_audit, normset, (part,))
    tokens = parse(report)
    assert headings(tokens) == [TITLE, *outline]
    paragraphs_ = [inline_text(t, allow_emphasis=True) for t in tokens if t.type == "inline"]
    assert first_line in paragraphs_
    if part == "A":
        assert "Onderbouwing bij V1." not in report
    else:
        assert "Welzijn Voorbeeldstad" not in report.split("\n", 1)[1]  # only in the title
        assert "Wij adviseren" not in report


def test_both_parts_say_where_they_go(complete_audit: Audit, normset: NormSet) -> None:
    paragraphs_ = [inline_text(t, allow_emphasis=True) for t in parse(render_report(complete_audit, normset))
                   if t.type == "inline"]
    assert paragraphs_[2].startswith("Dit rapport bestaat uit twee delen. Deel A, de samenvatting")


def test_kerngegevens_as_the_form_with_dates_written_out(complete_audit: Audit, normset: NormSet) -> None:
    kern = table_after(render_report(complete_audit, normset), "Kerngegevens toetsing")
    assert [row[0] for row in kern.rows] == list(KERN_FORM_LABELS.values())
    values = dict(kern.rows)
    assert values["Naam lid organisatie"] == "Welzijn Voorbeeldstad"
    assert values["Mailadres contactpersoon"] == "kwaliteit@welzijnvoorbeeldstad.nl"
    assert values["Zelfevaluatie ingeleverd op"] == "1 oktober 2026"
    assert values["Verslag team (na interne controle) naar lid-organisatie"] == "1 december 2026"
    assert values["Onderzoek ter plaatse uitgevoerd op (data en locaties)"] == KERN.onderzoek_ter_plaatse
    assert values["Verslag definitief met akkoord lid-organisatie"] == ""
    assert values["Gekozen vorm van het onderzoek"] == "Alleen CI op het label\nVisitatie"
    assert values["Omvang organisatie"] == "85 medewerkers, 120 vrijwilligers"


def test_the_form_fields_lists_omvang_and_not_applicable(normset: NormSet) -> None:
    kern = Kerngegevens(
        organisatie="Welzijn Lijst", scope="Team Noord\n\n  Team Zuid  \nJongerenwerk",
        toetsers="A. de Vries (Welzijn Elders)\nB. Bakker (Wijkwerk Anders)", gesprekspartners="teamcoach (2 gesprekken)",
        omvang_medewerkers="85", omvang_fte="62,5", omvang_locaties="4", omvang="plus vrijwilligers",
        vorm_onderzoek="intercollegiaal", datum_zelfevaluatie="nvt", zelfevaluatie_toelichting="hercertificering",
        verantwoordelijke_ci="C. Claessen", teamleider="D. Dijkstra", datum_ondertekening="2026-04-20",
        datum_inzending="2026-04-25",
    )
    report = render_report(new_audit(normset, kern).snapshot(), normset)
    values = dict(table_after(report, "Kerngegevens toetsing").rows)
    assert values[KERN_FORM_LABELS["scope"]] == "Team Noord\nTeam Zuid\nJongerenwerk"
    assert values["Intercollegiale toetsers"] == "A. de Vries (Welzijn Elders)\nB. Bakker (Wijkwerk Anders)"
    assert values["Omvang organisatie"] == ("Aantal medewerkers: 85\nAantal fte: 62,5\nAantal locaties in de scope: 4\n"
                                           "plus vrijwilligers")
    assert values["Gekozen vorm van het onderzoek"] == "Intercollegiale adviesmeting"
    assert values["Zelfevaluatie ingeleverd op"] == "n.v.t. — hercertificering"
    assert (values["Verantwoordelijke CI"], values["Teamleider"]) == ("C. Claessen", "D. Dijkstra")
    assert values["Inzending samenvatting naar Sociaal Werk Nederland"] == "25 april 2026"
    signature = table_after(report, "Datum, naam en handtekening verantwoordelijke teamleider")
    assert signature.rows == [["Datum", "20 april 2026"], ["Naam verantwoordelijke teamleider", "D. Dijkstra"],
                              ["Handtekening", ""]]


def test_the_improvement_plan_date_is_the_last_approval_unless_set_by_hand(normset: NormSet) -> None:
    label = KERN_FORM_LABELS["datum_verbeterplan"]
    audit_file = fill_audit(new_audit(normset), normset, {"V3": "+/-", "V7": "-"})
    audit_file.put_plan(Plan("V3", "goedgekeurd", "2026-12-01", "2026-12-10"))
    audit_file.put_plan(Plan("V7", "ontvangen", "2026-12-02"))

    def shown() -> str:
        return dict(table_after(render_report(audit_file.snapshot(), normset), "Kerngegevens toetsing").rows)[label]

    assert shown() == ""  # one plan still waits for approval
    audit_file.put_plan(Plan("V7", "goedgekeurd", "2026-12-02", "2026-12-15"))
    assert shown() == "15 december 2026"
    audit_file.put_kern(audit_file.snapshot().kern.with_field("datum_verbeterplan", "2026-12-20"))
    assert shown() == "20 december 2026"


def test_a_complete_audit_has_no_incompleteness_notice(complete_audit: Audit, normset: NormSet) -> None:
    tokens = parse(render_report(complete_audit, normset))
    assert not any(token.type == "blockquote_open" for token in tokens)
    assert incomplete_items(complete_audit, normset) == []


def test_an_incomplete_audit_says_so_at_the_top(mixed_audit: Audit, normset: NormSet) -> None:
    tokens = parse(render_report(mixed_audit, normset))
    first_quote = next(i for i, t in enumerate(tokens) if t.type == "blockquote_open")
    assert first_quote < next(i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2")
    quoted = [inline_text(t, allow_emphasis=True) for t in tokens[first_quote:] if t.type == "inline"][:3]
    assert quoted[0].startswith("Let op: de toetsing is nog niet volledig.")
    assert quoted[1] == "Nog geen oordeel (2 normen): V9, O23."
    assert quoted[2] == "Minder dan 3 bronnen (2 normen): V9 (2), O23 (2)."  # nb norms need no sources


def test_incomplete_items_name_each_open_norm_once(mixed_audit: Audit, normset: NormSet) -> None:
    items = incomplete_items(mixed_audit, normset)
    assert [item.split(":")[0] for item in items] == ["V9", "O23"]  # V15 and O20 are 'niet beoordeeld': final
    assert items[0].startswith("V9: nog geen oordeel; 2 van de minimaal 3 bronnen (")
    assert items[1].startswith("O23: nog geen oordeel; 2 van de minimaal 3 bronnen (")


def test_toelichting_and_trend_input(complete_audit: Audit, normset: NormSet) -> None:
    report = render_report(complete_audit, normset)
    toelichting = blocks_between(parse(report), "Toelichting", 3)
    assert inline_text(toelichting[1]) == (
        "De organisatie werkt zichtbaar vanuit de bedoeling.\nDe dossiers zijn op orde."
    )
    trend = blocks_between(parse(report), "Input voor trendanalyses branche", 3)
    assert inline_text(trend[1]) == ("Opvallend sterke punten (complimenten) en meest in het oog springende "
                                     "verbeterpunten (zorgpunten).")
    highlights = table_after(report, "Input voor trendanalyses branche")
    assert highlights.header == ["Complimenten", "Zorgpunten"]
    assert highlights.rows == [
        ["Betrokken professionals", "Registratie van doelen"],
        ["Heldere werkbegeleiding", "Borging van scholing"],
        ["Sterke wijkaanwezigheid", ""],
    ]


def advice_texts(report: str) -> list[str]:
    section = blocks_between(parse(report), "Advies (alleen in te vullen door CI)", 3)
    return [inline_text(t, allow_emphasis=True) for t in section if t.type == "inline"]


@pytest.mark.parametrize("choice, shown", [
    ("positief", "Positief"),
    ("positief_na_pva", "Positief zodra de plannen van aanpak zijn goedgekeurd"),
    ("negatief", "Negatief"),
    ("", "(nog geen keuze gemaakt)"),
])
def test_advice_is_the_ci_choice_and_text_never_the_computed_indication(
        complete_audit: Audit, normset: NormSet, choice: str, shown: str) -> None:
    audit = replace(complete_audit, summary=replace(complete_audit.summary, advies_keuze=choice))
    report = render_report(audit, normset)
    assert advice_texts(report) == [shown, "Wij adviseren het kwaliteitslabel toe te kennen."]
    assert "indicatie" not in report.casefold()


def test_empty_texts_are_marked_not_left_blank(normset: NormSet) -> None:
    report = render_report(new_audit(normset, Kerngegevens()).snapshot(), normset)
    tokens = parse(report)
    assert headings(tokens)[0] == (1, "Resultaat toetsing Kwaliteitsnormen Sociaal Werk")
    assert [inline_text(t, allow_emphasis=True) for t in blocks_between(tokens, "Toelichting", 3)
            if t.type == "inline"][0] == "(nog niet ingevuld)"
    assert advice_texts(report) == ["(nog geen keuze gemaakt)", "(nog geen toelichting op het advies)"]
    trend = [inline_text(t, allow_emphasis=True) for t in blocks_between(tokens, "Input voor trendanalyses branche", 3)
             if t.type == "inline"]
    assert trend[1] == "(nog geen complimenten of zorgpunten ingevuld)"


# -- part B ---------------------------------------------------------------------------------------


def test_findings_per_norm_after_the_four_point_introduction(mixed_audit: Audit, normset: NormSet) -> None:
    report = render_report(mixed_audit, normset)
    tokens = parse(report)
    part_b = blocks_between(tokens, "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk", 2)
    assert inline_text(part_b[1]) == "Bij het lezen van de bevindingen:"
    assert part_b[3].type == "ordered_list_open"
    closing = next(index for index, token in enumerate(part_b) if token.type == "ordered_list_close")
    points = [inline_text(t) for t in part_b[3:closing] if t.type == "inline"]
    assert points == introduction_b(normset)
    assert "voldoet (+), verbeterpunt (+/-) of voldoet niet (-)" in points[2]
    assert "ten hoogste 3 normen niet voldoen (-) en ten hoogste 8 normen een verbeterpunt" in points[3]
    shown = {"+": "+", "+/-": "+/-", "-": "-", "nvt": "nvt", "nb": "nb", None: ""}
    for rubriek in normset.rubrieken:
        findings = table_after(report, f"Kwaliteitsnormen {rubriek.title}")
        assert findings.header == ["Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"]
        norms = normset.norms_in(rubriek.id)
        assert [row[0] for row in findings.rows] == [f"{norm.number}. {norm.text}" for norm in norms]
        assert [row[2] for row in findings.rows] == [shown[MIXED.get(norm.id, "+")] for norm in norms]
        assert [row[1] for row in findings.rows] == [
            "" if MIXED.get(norm.id, "+") is None else f"Onderbouwing bij {norm.id}." for norm in norms
        ]


def test_a_norm_not_assessed_is_in_its_column_and_leaves_the_report_complete(normset: NormSet) -> None:
    audit_file = fill_audit(new_audit(normset), normset, COMPLETE, {"O20": 0})
    audit_file.put_judgement(Judgement.new("O20", "nb", ""))
    audit = audit_file.snapshot()
    report = render_report(audit, normset)
    overall = table_after(report, "Overall resultaat toetsing")
    assert overall.rows[2][5] == "20" and overall.rows[3][5] == "1 van de 49"
    assert incomplete_items(audit, normset) == []
    assert not any(token.type == "blockquote_open" for token in parse(report))


def test_norm_texts_with_markdown_characters_stay_intact(complete_audit: Audit, normset: NormSet) -> None:
    """O8 of the 2019 set contains 'RI&E': an ampersand that must not become an entity reference."""
    findings = table_after(render_report(complete_audit, normset), "Kwaliteitsnormen Organisatie en bestuur")
    assert any("RI&E" in row[0] for row in findings.rows)


# -- arbitrary texts --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    organisation=texts,
    scope=texts,
    toelichting=texts,
    compliments=st.lists(texts, max_size=3),
    concerns=st.lists(texts, max_size=3),
    report_texts=st.lists(texts, min_size=3, max_size=3),
)
def test_typed_texts_survive_into_the_report(
    complete_audit: Audit, normset: NormSet, organisation: str, scope: str, toelichting: str,
    compliments: list[str], concerns: list[str], report_texts: list[str],
) -> None:
    judged = dict(complete_audit.judgements)
    for norm_id, text in zip(("V1", "D11", "O23"), report_texts):
        judged[norm_id] = replace(judged[norm_id], report_text=text)
    audit = replace(
        complete_audit,
        kern=replace(complete_audit.kern, organisatie=organisation, scope=scope),
        summary=Summary(toelichting, tuple(compliments), tuple(concerns), ""),
        judgements=judged,
    )
    report = render_report(audit, normset)
    tokens = parse(report)
    for table in tables_of(report, tokens):  # every row of every table keeps its shape
        assert all(len(row) == len(table.header) for row in table.rows)
    kern = dict(table_after(report, "Kerngegevens toetsing").rows)
    assert kern["Naam lid organisatie"] == shown_in_cell(organisation)
    assert kern[KERN_FORM_LABELS["scope"]] == shown_in_cell("\n".join(Kerngegevens(scope=scope).lines("scope")))
    shown_toelichting = [inline_text(t, allow_emphasis=True) for t in blocks_between(tokens, "Toelichting", 3)
                         if t.type == "inline"]
    assert shown_toelichting == (shown_as_paragraphs(toelichting) or ["(nog niet ingevuld)"])
    if compliments or concerns:
        highlights = table_after(report, "Input voor trendanalyses branche")
        rows = max(len(compliments), len(concerns))
        for column, items in enumerate((compliments, concerns)):
            expected = [shown_in_cell(text) for text in items] + [""] * (rows - len(items))
            assert [row[column] for row in highlights.rows] == expected
    for rubriek, number, text in zip(normset.rubrieken, (1, 11, 23), report_texts):
        findings = table_after(report, f"Kwaliteitsnormen {rubriek.title}")
        assert findings.rows[number - 1][1] == shown_in_cell(text)
    assert headings(tokens)[1:] == headings(parse(render_report(complete_audit, normset)))[1:]
