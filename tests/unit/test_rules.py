"""The method's rules, table-driven: source counting, open norms, gaps, totals, the advice rule, planning."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.store import AuditFile, Judgement, Note, Source
from assistant.store.model import Plan
from flows import rules


def judge(audit_file: AuditFile, values: dict[str, str]) -> None:
    for norm_id, value in values.items():
        audit_file.put_judgement(Judgement.new(norm_id, value))


@pytest.mark.parametrize(
    "judgement, source_count, practice_count, expected",
    [
        (None, 0, None, True),
        (None, 5, None, True),
        ("+", 2, None, True),
        ("+", 3, None, False),
        ("+/-", 4, None, False),
        ("-", 3, None, False),
        ("nb", 3, None, False),
        ("nb", 0, None, False),  # 'niet beoordeeld' is a final state: it needs no sources
        ("nvt", 0, None, False),
        ("+", 3, 0, True),
        ("+", 3, 1, False),
        ("+/-", 5, 0, True),
        ("nvt", 3, 0, False),
    ],
)
def test_is_open(judgement, source_count, practice_count, expected):
    assert rules.is_open(judgement, source_count, 3, practice_count, 1) is expected


# Each note: (source key, note kind). Source keys name the source; the kind is the part before the colon.
@pytest.mark.parametrize(
    "notes, expected_sources, expected_notes",
    [
        ([], 0, 0),
        ([("gesprek:A", "bevinding")] * 3, 1, 3),
        ([("gesprek:A", "bevinding"), ("gesprek:A", "bewijs")], 1, 2),
        ([("gesprek:A", "suggestie"), ("gesprek:A", "citaat")], 1, 2),
        ([("gesprek:A", "suggestie")], 0, 1),
        ([("gesprek:A", "bevinding"), ("gesprek:B", "citaat")], 2, 2),
        ([("gesprek:A", "bevinding"), ("gesprek:B", "bevinding"), ("document:C", "bewijs")], 3, 3),
        ([("gesprek:A", "bevinding"), ("gesprek:B", "bevinding"), ("document:C", "bewijs"),
          ("registratie:D", "bewijs")], 4, 4),
    ],
)
def test_source_counting(audit_file, normset, notes, expected_sources, expected_notes):
    sources: dict[str, Source] = {}
    for key, kind in notes:
        if key not in sources:
            source_kind = key.split(":")[0]
            roles = ("P",) if source_kind == "gesprek" else ()
            sources[key] = audit_file.put_source(Source.new(source_kind, key, roles=roles))
        audit_file.put_note(Note.new("V5", sources[key].id, kind, "tekst"))
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert status.source_count == expected_sources
    assert status.note_count == expected_notes
    assert status.under_minimum is (expected_sources < 3)


def add_sources(audit_file: AuditFile, norm_id: str, sources) -> None:
    """Each source as ``(kind, roles)`` or ``(kind, roles, note kind)``; one note from each for `norm_id`."""
    for kind, roles, *note_kind in sources:
        source = audit_file.put_source(Source.new(kind, "bron", roles=roles))
        audit_file.put_note(Note.new(norm_id, source.id, note_kind[0] if note_kind else "bevinding", "tekst"))


GESPREK_P, GESPREK_MNG, GESPREK_BOTH = ("gesprek", ("P",)), ("gesprek", ("Mng",)), ("gesprek", ("P", "Mng"))
DOCUMENT, REGISTRATIE, GEGEVENS, OBSERVATIE = ("document", ()), ("registratie", ()), ("gegevens", ()), ("observatie", ())


# V5's Wie column is P and Mng; the built-in sets ask 3 sources, 1 of them from practice.
@pytest.mark.parametrize(
    "sources, expected_gap",
    [
        ([], "nog geen gesprek (P of Mng) of observatie, geen document en geen registratie of gegevens"),
        ([GESPREK_P], "nog geen Mng, geen document en geen registratie of gegevens"),
        ([GESPREK_MNG, REGISTRATIE], "nog geen P en geen document"),
        ([GESPREK_MNG, GEGEVENS], "nog geen P en geen document"),
        ([GESPREK_BOTH, DOCUMENT], "nog geen registratie of gegevens"),
        ([GESPREK_BOTH, GEGEVENS], "nog geen document"),
        ([DOCUMENT], "nog geen gesprek (P of Mng) of observatie en geen registratie of gegevens"),
        ([DOCUMENT, REGISTRATIE], "nog geen gesprek (P of Mng) of observatie"),
        ([OBSERVATIE, DOCUMENT], "nog geen P, geen Mng en geen registratie of gegevens"),
        ([OBSERVATIE], "nog geen P, geen Mng, geen document en geen registratie of gegevens"),
        ([("gesprek", ("P",), "suggestie"), DOCUMENT],
         "nog geen gesprek (P of Mng) of observatie en geen registratie of gegevens"),
        ([("gesprek", ("P",), "citaat"), DOCUMENT], "nog geen Mng en geen registratie of gegevens"),
        ([GESPREK_P, GESPREK_MNG, DOCUMENT, REGISTRATIE], ""),
    ],
)
def test_gap_text_names_each_missing_thing_once(audit_file, normset, sources, expected_gap):
    assert normset.norm("V5").roles == ("P", "Mng")
    add_sources(audit_file, "V5", sources)
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert status.gap_text() == expected_gap
    words = status.gap_text().replace(",", "").split()
    assert "gesprek" not in words or words.count("gesprek") == 1
    for role in ("P", "Mng"):
        assert words.count(role) <= 1


@pytest.mark.parametrize(
    "min_practice, sources, expected_gap",
    [
        (2, [GESPREK_BOTH, DOCUMENT, REGISTRATIE], "nog geen tweede gesprek of observatie"),
        (2, [GESPREK_P, DOCUMENT, REGISTRATIE], "nog geen gesprek (Mng) of observatie"),
        (3, [GESPREK_BOTH, OBSERVATIE, DOCUMENT], "nog geen derde gesprek of observatie en geen registratie of gegevens"),
        (0, [DOCUMENT, REGISTRATIE, GEGEVENS], "nog geen P en geen Mng"),
    ],
)
def test_gap_text_with_other_practice_minimums(audit_file, normset, min_practice, sources, expected_gap):
    ruled = replace(normset, min_practice_sources=min_practice)
    add_sources(audit_file, "V5", sources)
    assert rules.norm_statuses(audit_file.snapshot(), ruled)["V5"].gap_text() == expected_gap


@pytest.mark.parametrize(
    "items, expected",
    [
        ([], ""),
        (["P"], "nog geen P"),
        (["P", "document"], "nog geen P en geen document"),
        (["P", "Mng", "document"], "nog geen P, geen Mng en geen document"),
    ],
)
def test_none_list(items, expected):
    assert rules.none_list(items) == expected


# Practice before paper: every mix of source kinds, judged "+" (so only the sources decide whether V5 is open).
@pytest.mark.parametrize(
    "sources, practice, paper_only, still_open",
    [
        ([], 0, False, True),
        ([DOCUMENT], 0, True, True),
        ([REGISTRATIE], 0, True, True),
        ([GEGEVENS], 0, True, True),
        ([DOCUMENT, REGISTRATIE, GEGEVENS], 0, True, True),
        ([DOCUMENT, DOCUMENT, DOCUMENT, REGISTRATIE], 0, True, True),
        ([GESPREK_P], 1, False, True),
        ([OBSERVATIE], 1, False, True),
        ([GESPREK_P, DOCUMENT, REGISTRATIE], 1, False, False),
        ([OBSERVATIE, DOCUMENT, GEGEVENS], 1, False, False),
        ([GESPREK_P, GESPREK_MNG, OBSERVATIE], 3, False, False),
        ([("gesprek", ("P",), "suggestie"), DOCUMENT, REGISTRATIE], 0, True, True),
        ([("gesprek", ("P",), "citaat"), DOCUMENT, REGISTRATIE], 1, False, False),
        ([("gesprek", ("P",), "bewijs"), DOCUMENT, REGISTRATIE], 1, False, False),
        ([("observatie", (), "suggestie"), DOCUMENT, REGISTRATIE, GEGEVENS], 0, True, True),
    ],
)
def test_practice_before_paper(audit_file, normset, sources, practice, paper_only, still_open):
    add_sources(audit_file, "V5", sources)
    judge(audit_file, {"V5": "+"})
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert (status.practice_count, status.min_practice) == (practice, 1)
    assert status.paper_only is paper_only
    assert status.is_open is still_open
    assert status.has_gap is still_open
    if paper_only:
        assert status.gap_text().startswith("nog geen gesprek (P of Mng) of observatie")


@pytest.mark.parametrize("judgement, still_open", [("nvt", False), ("nb", False), ("-", True), (None, True)])
def test_paper_only_keeps_every_judgement_but_nvt_and_nb_open(audit_file, normset, judgement, still_open):
    """nvt and nb are final states (issue 11): they need no sources, so no practice either."""
    add_sources(audit_file, "V5", [DOCUMENT, REGISTRATIE, GEGEVENS])
    if judgement is not None:
        judge(audit_file, {"V5": judgement})
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert status.is_open is still_open
    assert status.paper_only is still_open


@pytest.mark.parametrize("min_practice, paper_only", [(0, False), (1, True), (2, True)])
def test_the_norm_set_decides_how_much_practice(audit_file, normset, min_practice, paper_only):
    add_sources(audit_file, "V5", [DOCUMENT, REGISTRATIE, GEGEVENS])
    judge(audit_file, {"V5": "+"})
    status = rules.norm_statuses(audit_file.snapshot(), replace(normset, min_practice_sources=min_practice))["V5"]
    assert status.paper_only is paper_only
    assert status.is_open is paper_only


def test_a_norm_judged_not_applicable_needs_no_sources(audit_file, normset):
    judge(audit_file, {"V5": "nvt"})
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert status.source_count == 0
    assert not status.is_open
    assert not status.under_minimum


def test_totals_count_per_judgement_and_unjudged(audit_file, normset):
    judge(audit_file, {"V1": "+", "V2": "+", "V3": "+/-", "D1": "-", "O1": "nvt", "O2": "nb"})
    counted = rules.totals(audit_file.snapshot(), normset)
    assert [counted.count(code) for code in ("+", "+/-", "-", "nvt", "nb")] == [2, 1, 1, 1, 1]
    assert len(counted.unjudged) == len(normset.norms) - 6
    assert counted.total == len(normset.norms)
    assert rules.totals(audit_file.snapshot(), normset, rubriek="vakmanschap").count("+") == 2


def plan_for(audit_file: AuditFile, norm_id: str, status: str) -> None:
    dates = {"niet_ontvangen": ("", ""), "ontvangen": ("2026-03-01", ""), "goedgekeurd": ("2026-03-01", "2026-03-10")}
    audit_file.put_plan(Plan(norm_id, status, *dates[status]))


# (voldoet niet, verbeterpunt, plans approved, the state of the plans not approved, outcome, headline)
@pytest.mark.parametrize(
    "fails, improvements, approved, others, outcome, headline",
    [
        (0, 0, 0, None, rules.POSITIVE, "Positief"),
        (1, 0, 1, None, rules.POSITIVE, "Positief"),
        (1, 0, 0, None, rules.POSITIVE_AFTER_PLANS, "Positief na goedkeuring van 1 plan van aanpak"),
        (1, 0, 0, "ontvangen", rules.POSITIVE_AFTER_PLANS, "Positief na goedkeuring van 1 plan van aanpak"),
        (3, 8, 11, None, rules.POSITIVE, "Positief"),
        (3, 8, 10, "ontvangen", rules.POSITIVE_AFTER_PLANS, "Positief na goedkeuring van 1 plan van aanpak"),
        (3, 8, 0, "niet_ontvangen", rules.POSITIVE_AFTER_PLANS, "Positief na goedkeuring van 11 plannen van aanpak"),
        (3, 0, 3, None, rules.POSITIVE, "Positief"),
        (0, 8, 8, None, rules.POSITIVE, "Positief"),
        (4, 0, 4, None, rules.NEGATIVE, "Negatief"),
        (0, 9, 9, None, rules.NEGATIVE, "Negatief"),
        (4, 8, 12, None, rules.NEGATIVE, "Negatief"),
        (3, 9, 0, None, rules.NEGATIVE, "Negatief"),
        (4, 9, 0, None, rules.NEGATIVE, "Negatief"),
    ],
)
def test_advice_at_its_edges(audit_file, normset, fails, improvements, approved, others, outcome, headline):
    ids = normset.norm_ids
    judge(audit_file, {norm_id: "-" for norm_id in ids[:fails]})
    judge(audit_file, {norm_id: "+/-" for norm_id in ids[fails: fails + improvements]})
    judge(audit_file, {norm_id: "+" for norm_id in ids[fails + improvements:]})
    needing = ids[: fails + improvements]
    for norm_id in needing[:approved]:
        plan_for(audit_file, norm_id, "goedgekeurd")
    if others is not None:
        for norm_id in needing[approved:]:
            plan_for(audit_file, norm_id, others)
    result = rules.advice(audit_file.snapshot(), normset)
    assert (result.outcome, result.headline()) == (outcome, headline)
    assert result.positive_possible is (outcome != rules.NEGATIVE)
    assert (result.fails, result.improvements, result.plans_needed) == (fails, improvements, fails + improvements)
    assert result.plans_outstanding == tuple(needing[approved:])
    assert not result.provisional
    if fails > 3:
        assert f"{fails} normen 'voldoet niet' (ten hoogste 3 toegestaan)" in result.reasons
    if improvements > 8:
        assert f"{improvements} normen 'verbeterpunt' (ten hoogste 8 toegestaan)" in result.reasons
    plan_reasons = [reason for reason in result.reasons if reason.startswith("plannen van aanpak")]
    assert len(plan_reasons) == (1 if fails or improvements else 0)


def test_a_plan_of_a_norm_no_longer_needing_one_does_not_count(audit_file, normset):
    judge(audit_file, {"V1": "+/-"})
    plan_for(audit_file, "V2", "goedgekeurd")  # V2 is not judged +/- or -: its plan is not asked for
    result = rules.advice(audit_file.snapshot(), normset)
    assert result.plans_outstanding == ("V1",)


def test_advice_reports_not_applicable_and_not_assessed_apart_and_is_provisional(audit_file, normset):
    judge(audit_file, {"V1": "nvt", "V2": "nb", "V3": "nb"})
    result = rules.advice(audit_file.snapshot(), normset)
    assert (result.not_applicable, result.not_assessed) == (1, 2)
    assert result.positive_possible and result.outcome == rules.POSITIVE
    assert result.provisional and result.unjudged == len(normset.norms) - 3
    assert result.headline() == f"Positief (2 normen niet beoordeeld; voorlopig: {len(normset.norms) - 3} normen nog zonder oordeel)"
    assert "2 normen niet beoordeeld: V2, V3" in result.reasons


def test_a_norm_not_assessed_is_a_final_state_without_sources(audit_file, normset):
    judge(audit_file, {"V5": "nb"})
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert (status.source_count, status.is_open, status.under_minimum) == (0, False, False)
    assert rules.totals(audit_file.snapshot(), normset).by_judgement["nb"] == ("V5",)
    assert "V5" not in {item.norm_id for item in rules.plan(audit_file.snapshot(), normset, [("P",)])}


@pytest.mark.parametrize(
    "plans, expected",
    [
        ({}, ""),  # no plans needed: nothing to receive
        ({"V1": ("goedgekeurd", "2026-03-10")}, ""),  # V2 still outstanding
        ({"V1": ("goedgekeurd", "2026-03-10"), "V2": ("ontvangen", "")}, ""),
        ({"V1": ("goedgekeurd", "2026-03-10"), "V2": ("goedgekeurd", "2026-04-02")}, "2026-04-02"),
        ({"V1": ("goedgekeurd", "2026-05-01"), "V2": ("goedgekeurd", "2026-04-02")}, "2026-05-01"),
    ],
)
def test_last_plan_approval(audit_file, normset, plans, expected):
    if plans:
        judge(audit_file, {"V1": "+/-", "V2": "-"})
    for norm_id, (status, approved) in plans.items():
        audit_file.put_plan(Plan(norm_id, status, "2026-03-01", approved))
    assert rules.last_plan_approval(audit_file.snapshot(), normset) == expected


@pytest.mark.parametrize(
    "planned, norm_id, expected",
    [
        # (planned interviews, norm, (sources now, expected after) or None when the norm will have enough)
        ([("P",), ("Mng",), ("P&O",)], "V1", (0, 2)),       # V1: Wie P, P&O
        ([("P",), ("Mng",), ("P&O",)], "O16", None),        # O16: Mng, P&O + P: three interviews
        ([("P",), ("Mng",), ("P&O",)], "O3", (0, 1)),       # O3: Mng only
        ([("P", "Mng")], "V5", (0, 1)),                     # one joint interview is one source
        ([("P",), ("P",), ("P",)], "V2", None),             # three P interviews cover V2
        ([], "V5", (0, 0)),
    ],
)
def test_plan(audit_file, normset, planned, norm_id, expected):
    items = {item.norm_id: item for item in rules.plan(audit_file.snapshot(), normset, planned)}
    if expected is None:
        assert norm_id not in items
    else:
        assert (items[norm_id].sources_now, items[norm_id].sources_expected) == expected
        assert items[norm_id].suggested_roles


def test_plan_suggests_roles_not_yet_planned_and_skips_not_applicable(audit_file, normset):
    judge(audit_file, {"O3": "nvt"})
    items = {item.norm_id: item for item in rules.plan(audit_file.snapshot(), normset, [("P",)])}
    assert items["V1"].suggested_roles == ("P&O",)
    assert "O3" not in items


def test_plan_counts_existing_sources(audit_file, normset):
    for kind in ("document", "registratie"):
        source = audit_file.put_source(Source.new(kind, kind))
        audit_file.put_note(Note.new("O3", source.id, "bewijs", "gezien"))
    items = {item.norm_id: item for item in rules.plan(audit_file.snapshot(), normset, [("Mng",)])}
    assert "O3" not in items
    items = {item.norm_id: item for item in rules.plan(audit_file.snapshot(), normset, [("P",)])}
    assert (items["O3"].sources_now, items["O3"].sources_expected) == (2, 2)
