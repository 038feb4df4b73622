"""The method's rules, table-driven: source counting, open norms, gaps, totals, the advice rule, planning."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Judgement, Note, Source
from assistant.store.model import Plan
from flows import rules


@pytest.fixture()
def audit_file(normset) -> AuditFile:
    return AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())


def judge(audit_file: AuditFile, values: dict[str, str]) -> None:
    for norm_id, value in values.items():
        audit_file.put_judgement(Judgement.new(norm_id, value))


@pytest.mark.parametrize(
    "judgement, source_count, expected",
    [
        (None, 0, True),
        (None, 5, True),
        ("+", 2, True),
        ("+", 3, False),
        ("+/-", 4, False),
        ("-", 3, False),
        ("nb", 3, False),
        ("nb", 0, False),  # 'niet beoordeeld' is a final state: it needs no sources
        ("nvt", 0, False),
    ],
)
def test_is_open(judgement, source_count, expected):
    assert rules.is_open(judgement, source_count, 3) is expected


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


@pytest.mark.parametrize(
    "sources, expected_gap",
    [
        ([], "nog geen P, nog geen Mng, nog geen gesprek, nog geen document, nog geen registratie"),
        ([("gesprek", ("P",))], "nog geen Mng, nog geen document, nog geen registratie"),
        ([("gesprek", ("P", "Mng")), ("document", ())], "nog geen registratie"),
        ([("gesprek", ("Mng",)), ("document", ()), ("registratie", ())], "nog geen P"),
        ([("gesprek", ("P",)), ("gesprek", ("Mng",)), ("document", ()), ("registratie", ())], ""),
    ],
)
def test_gap_text_names_missing_roles_and_kinds(audit_file, normset, sources, expected_gap):
    for kind, roles in sources:
        source = audit_file.put_source(Source.new(kind, "bron", roles=roles))
        audit_file.put_note(Note.new("V5", source.id, "bevinding", "tekst"))
    assert normset.norm("V5").roles == ("P", "Mng")
    assert rules.norm_statuses(audit_file.snapshot(), normset)["V5"].gap_text() == expected_gap


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
