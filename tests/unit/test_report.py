"""The report: the fixed format of part A and B, numbers from the rules, texts as typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import KERN_LABELS, Audit, Kerngegevens, Summary
from exports import incomplete_items, render_report
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


def test_the_report_follows_the_fixed_outline(complete_audit: Audit, normset: NormSet) -> None:
    assert headings(parse(render_report(complete_audit, normset))) == [
        (1, "Resultaat toetsing Kwaliteitsnormen Sociaal Werk — Welzijn Voorbeeldstad"),
        (2, "A. Samenvatting uitkomst toetsing"),
        (3, "Kerngegevens toetsing"),
        (3, "Overall resultaat toetsing"),
        (3, "Toelichting"),
        (3, "Opvallend sterke punten (complimenten) en meest in het oog springende verbeterpunten (zorgpunten)"),
        (3, "Advies"),
        (2, "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk"),
        (3, "Kwaliteitsnormen Vakmanschap"),
        (3, "Kwaliteitsnormen Dienstverlening"),
        (3, "Kwaliteitsnormen Organisatie en bestuur"),
    ]


def test_kerngegevens_in_the_report_order_with_dates_written_out(complete_audit: Audit, normset: NormSet) -> None:
    kern = table_after(render_report(complete_audit, normset), "Kerngegevens toetsing")
    assert [row[0] for row in kern.rows] == list(KERN_LABELS.values())
    values = dict(kern.rows)
    assert values["Naam lid organisatie"] == "Welzijn Voorbeeldstad"
    assert values["Mailadres contactpersoon"] == "kwaliteit@welzijnvoorbeeldstad.nl"
    assert values["Zelfevaluatie ingeleverd op"] == "1 oktober 2026"
    assert values["Verslag team (na interne controle) naar lid-organisatie"] == "1 december 2026"
    assert values["Onderzoek ter plaatse uitgevoerd op (data en locaties)"] == KERN.onderzoek_ter_plaatse
    assert values["Verslag definitief met akkoord lid-organisatie"] == ""
    assert values["Gekozen vorm van het onderzoek"] == "Alleen CI op het label"


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
    assert quoted[2] == "Minder dan 3 bronnen (4 normen): V9 (2), V15 (1), O20 (1), O23 (2)."


def test_incomplete_items_name_each_open_norm_once(mixed_audit: Audit, normset: NormSet) -> None:
    items = incomplete_items(mixed_audit, normset)
    assert [item.split(":")[0] for item in items] == ["V9", "V15", "O20", "O23"]
    assert items[0].startswith("V9: nog geen oordeel; 2 van de minimaal 3 bronnen (")
    assert items[1].startswith("V15: 1 van de minimaal 3 bronnen (")


def test_toelichting_and_highlights(complete_audit: Audit, normset: NormSet) -> None:
    report = render_report(complete_audit, normset)
    toelichting = blocks_between(parse(report), "Toelichting", 3)
    assert inline_text(toelichting[1]) == (
        "De organisatie werkt zichtbaar vanuit de bedoeling.\nDe dossiers zijn op orde."
    )
    highlights = table_after(report, "Opvallend sterke punten (complimenten) en meest in het oog springende "
                                     "verbeterpunten (zorgpunten)")
    assert highlights.header == ["Complimenten", "Zorgpunten"]
    assert highlights.rows == [
        ["Betrokken professionals", "Registratie van doelen"],
        ["Heldere werkbegeleiding", "Borging van scholing"],
        ["Sterke wijkaanwezigheid", ""],
    ]


def advice_texts(report: str) -> list[str]:
    section = blocks_between(parse(report), "Advies", 3)
    return [inline_text(t, allow_emphasis=True) for t in section if t.type == "inline"]


def test_advice_with_the_computed_indication_and_the_rule(complete_audit: Audit, normset: NormSet) -> None:
    assert advice_texts(render_report(complete_audit, normset)) == [
        "Wij adviseren het kwaliteitslabel toe te kennen.",
        "Berekende indicatie: Positief advies mogelijk.",
        "2 van ten hoogste 3 normen 'voldoet niet'",
        "7 van ten hoogste 8 normen 'verbeterpunt'",
        "elk verbeterpunt en elke norm die niet voldoet vraagt een goedgekeurd plan van aanpak",
        "Besluitregel: " + normset.decision.text,
    ]


def test_advice_over_the_limits_is_provisional_while_norms_are_open(mixed_audit: Audit, normset: NormSet) -> None:
    texts_ = advice_texts(render_report(mixed_audit, normset))
    assert texts_[1] == "Berekende indicatie: Positief advies niet mogelijk (voorlopig: 2 normen nog zonder oordeel)."
    assert texts_[2] == "4 normen 'voldoet niet' (ten hoogste 3 toegestaan)"
    assert texts_[3] == "9 normen 'verbeterpunt' (ten hoogste 8 toegestaan)"


def test_empty_texts_are_marked_not_left_blank(normset: NormSet) -> None:
    report = render_report(new_audit(normset, Kerngegevens()).snapshot(), normset)
    tokens = parse(report)
    assert headings(tokens)[0] == (1, "Resultaat toetsing Kwaliteitsnormen Sociaal Werk")
    for section in ("Toelichting", "Advies"):
        assert [inline_text(t, allow_emphasis=True) for t in blocks_between(tokens, section, 3)
                if t.type == "inline"][0] == "(nog niet ingevuld)"
    highlights = blocks_between(tokens, "Opvallend sterke punten (complimenten) en meest in het oog springende "
                                        "verbeterpunten (zorgpunten)", 3)
    assert inline_text(highlights[1], allow_emphasis=True) == "(nog geen complimenten of zorgpunten ingevuld)"


# -- part B ---------------------------------------------------------------------------------------


def test_findings_per_norm_with_the_legend(mixed_audit: Audit, normset: NormSet) -> None:
    report = render_report(mixed_audit, normset)
    tokens = parse(report)
    part_b = blocks_between(tokens, "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk", 2)
    assert inline_text(part_b[1], allow_emphasis=True) == (
        "Legenda oordeel: voldoet (+), verbeterpunt (+/-), voldoet niet (-), niet van toepassing (nvt), "
        "niet beoordeeld (nb)."
    )
    shown = {"+": "voldoet (+)", "+/-": "verbeterpunt (+/-)", "-": "voldoet niet (-)",
             "nvt": "niet van toepassing (nvt)", "nb": "niet beoordeeld (nb)", None: "nog geen oordeel"}
    for rubriek in normset.rubrieken:
        findings = table_after(report, f"Kwaliteitsnormen {rubriek.title}")
        assert findings.header == ["Norm", "Bevindingen en verbeterpunten", "Oordeel"]
        norms = normset.norms_in(rubriek.id)
        assert [row[0] for row in findings.rows] == [f"{norm.number}. {norm.text}" for norm in norms]
        assert [row[2] for row in findings.rows] == [shown[MIXED.get(norm.id, "+")] for norm in norms]
        assert [row[1] for row in findings.rows] == [
            "" if MIXED.get(norm.id, "+") is None else f"Onderbouwing bij {norm.id}." for norm in norms
        ]


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
    assert kern[KERN_LABELS["scope"]] == shown_in_cell(scope)
    shown_toelichting = [inline_text(t, allow_emphasis=True) for t in blocks_between(tokens, "Toelichting", 3)
                         if t.type == "inline"]
    assert shown_toelichting == (shown_as_paragraphs(toelichting) or ["(nog niet ingevuld)"])
    if compliments or concerns:
        highlights = table_after(report, "Opvallend sterke punten (complimenten) en meest in het oog springende "
                                         "verbeterpunten (zorgpunten)")
        rows = max(len(compliments), len(concerns))
        for column, items in enumerate((compliments, concerns)):
            expected = [shown_in_cell(text) for text in items] + [""] * (rows - len(items))
            assert [row[column] for row in highlights.rows] == expected
    for rubriek, number, text in zip(normset.rubrieken, (1, 11, 23), report_texts):
        findings = table_after(report, f"Kwaliteitsnormen {rubriek.title}")
        assert findings.rows[number - 1][1] == shown_in_cell(text)
    assert headings(tokens)[1:] == headings(parse(render_report(complete_audit, normset)))[1:]
