"""The method's rules, table-driven: source counting, open norms, gaps, totals, the advice rule, planning."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Judgement, Note, Source
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
        ("nb", 0, True),
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


@pytest.mark.parametrize(
    "fails, improvements, positive",
    [
        (0, 0, True),
        (3, 0, True),
        (4, 0, False),
        (0, 8, True),
        (0, 9, False),
        (3, 8, True),
        (4, 8, False),
        (3, 9, False),
        (4, 9, False),
    ],
)
def test_advice_at_its_edges(audit_file, normset, fails, improvements, positive):
    ids = normset.norm_ids
    judge(audit_file, {norm_id: "-" for norm_id in ids[:fails]})
    judge(audit_file, {norm_id: "+/-" for norm_id in ids[fails: fails + improvements]})
    judge(audit_file, {norm_id: "+" for norm_id in ids[fails + improvements:]})
    result = rules.advice(audit_file.snapshot(), normset)
    assert result.positive_possible is positive
    assert (result.fails, result.improvements) == (fails, improvements)
    assert not result.provisional
    assert result.headline().startswith("Positief advies mogelijk" if positive else "Positief advies niet mogelijk")
    if fails > 3:
        assert f"{fails} normen 'voldoet niet' (ten hoogste 3 toegestaan)" in result.reasons
    if improvements > 8:
        assert f"{improvements} normen 'verbeterpunt' (ten hoogste 8 toegestaan)" in result.reasons
    if fails or improvements:
        assert any("plan van aanpak" in reason for reason in result.reasons)


def test_advice_reports_not_applicable_and_not_assessed_apart_and_is_provisional(audit_file, normset):
    judge(audit_file, {"V1": "nvt", "V2": "nb", "V3": "nb"})
    result = rules.advice(audit_file.snapshot(), normset)
    assert (result.not_applicable, result.not_assessed) == (1, 2)
    assert result.positive_possible
    assert result.provisional and result.unjudged == len(normset.norms) - 3
    assert "voorlopig" in result.headline()


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
