"""The merge, by property: from a random base, random edits on A and on B, then a merge with random choices.

Checked for every example: every record of either side is there exactly once; a deletion on one side that
the other did not touch is respected; conflicts are exactly the fields both sides changed to different
values (and deletes the other side edited around); each losing value is in the history; merging the same
copy again changes nothing; A+B and B+A hold the same records, and the same content where nothing
conflicted.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.store import convert as cv
from assistant.store import merge as mg

NORMS = ("V1", "V2", "D1")
TEXTS = st.sampled_from(["kort", "langer verhaal", "P&O | <b>", "✓ klaar", ""])

Operation = tuple[str, ...]
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add_note"), st.sampled_from(NORMS), TEXTS),
        st.tuples(st.just("edit_note"), st.integers(0, 5), TEXTS),
        st.tuples(st.just("delete_note"), st.integers(0, 5)),
        st.tuples(st.just("judge"), st.sampled_from(NORMS), st.sampled_from(["+", "+/-", "-", "nvt"])),
        st.tuples(st.just("report"), st.sampled_from(NORMS), TEXTS),
        st.tuples(st.just("unjudge"), st.sampled_from(NORMS)),
        st.tuples(st.just("compliment"), TEXTS),
        st.tuples(st.just("edit_compliment"), st.integers(0, 3), TEXTS),
        st.tuples(st.just("drop_compliment"), st.integers(0, 3)),
        st.tuples(st.just("kern"), st.sampled_from(["scope", "toetsers", "adres"]), TEXTS),
    ),
    max_size=8,
)


def base_audit() -> AuditFile:
    audit = AuditFile.in_memory(kern=Kerngegevens(organisatie="Welzijn"))
    source = audit.put_source(Source.new("gesprek", "teamleider", ("Mng",)))
    for number, norm_id in enumerate(NORMS):
        audit.put_note(Note.new(norm_id, source.id, "bevinding", f"basis {number}"))
    audit.put_judgement(Judgement.new("V1", "+", "voldoet"))
    audit.put_summary(Summary(complimenten=("Betrokken team", "Goede dossiers")))
    return audit


def apply(audit: AuditFile, ops: list[Operation], who: str) -> None:
    source = audit.put_source(Source.new("document", f"stuk van {who}"))
    for op in ops:
        snapshot = audit.snapshot()
        notes = list(snapshot.notes)
        if op[0] == "add_note":
            audit.put_note(Note.new(op[1], source.id, "bewijs", f"{op[2]} ({who})"))
        elif op[0] == "edit_note" and notes:
            note = notes[op[1] % len(notes)]
            audit.put_note(replace(note, text=f"{op[2]} ({who})"))
        elif op[0] == "delete_note" and notes:
            audit.delete_note(notes[op[1] % len(notes)].id)
        elif op[0] == "judge":
            current = snapshot.judgements.get(op[1]) or Judgement.new(op[1])
            audit.put_judgement(replace(current, value=op[2]))
        elif op[0] == "report":
            current = snapshot.judgements.get(op[1]) or Judgement.new(op[1])
            audit.put_judgement(replace(current, report_text=f"{op[2]} ({who})"))
        elif op[0] == "unjudge":
            audit.delete_judgement(op[1])
        elif op[0] == "compliment":
            summary = snapshot.summary
            audit.put_summary(replace(summary, complimenten=(*summary.complimenten, f"{op[1]} ({who})")))
        elif op[0] == "edit_compliment" and snapshot.summary.complimenten:
            items = list(snapshot.summary.complimenten)
            items[op[1] % len(items)] = f"{op[2]} ({who})"
            audit.put_summary(replace(snapshot.summary, complimenten=tuple(items)))
        elif op[0] == "drop_compliment" and snapshot.summary.complimenten:
            items = list(snapshot.summary.complimenten)
            del items[op[1] % len(items)]
            audit.put_summary(replace(snapshot.summary, complimenten=tuple(items)))
        elif op[0] == "kern":
            audit.put_kern(snapshot.kern.with_field(op[1], f"{op[2]} ({who})"))


def fork(base: AuditFile) -> AuditFile:
    return AuditFile.from_tables(base.tables())


def content(doc: dict[str, Any] | None, table: str) -> dict[str, Any] | None:
    return None if doc is None else mg._content(doc, cv.KEY_FIELDS.get(table))


def empty(value: Any) -> Any:
    """Missing, null, "", [] and false all mean "nothing there" (as in the merge)."""
    return None if value in (None, False, "", []) else value


def expected_conflicts(a: mg.Keyed, b: mg.Keyed, base: mg.Keyed) -> set[tuple[str, str, str]]:
    found = set()
    for table in mg.MERGED_TABLES:
        for key in set(a.get(table, {})) & set(b.get(table, {})):
            ca, cb = content(a[table][key], table), content(b[table][key], table)
            co = content(base.get(table, {}).get(key), table) or {}
            for name in set(ca) | set(cb):
                if name in mg.ORDERING:
                    continue
                va, vb, vo = (empty(side.get(name)) for side in (ca, cb, co))
                if va != vb and va != vo and vb != vo:
                    found.add((table, key, name))
            da, db = bool(ca.get("deleted")), bool(cb.get("deleted"))
            if da != db and not co.get("deleted") and (table, key, "deleted") not in found:
                edited = cb if da else ca
                if any(empty(edited.get(n)) != empty(co.get(n))
                       for n in (set(edited) | set(co)) - {"deleted"} - mg.ORDERING):
                    found.add((table, key, "deleted"))
    return found


def choose(plan: mg.MergePlan, picks: list[int]) -> dict[str, Any]:
    choices: dict[str, Any] = {}
    for index, conflict in enumerate(plan.conflicts):
        pick = picks[index % len(picks)] if picks else 0
        if pick == 2 and conflict.takes_text:
            choices[conflict.id] = {"tekst": f"samen: {conflict.a} / {conflict.b}"}
        else:
            choices[conflict.id] = "a" if pick == 0 else "b"
    return choices


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops_a=operations, ops_b=operations, picks=st.lists(st.integers(0, 2), max_size=6))
def test_merge_properties(ops_a: list[Operation], ops_b: list[Operation], picks: list[int]) -> None:
    base = base_audit()
    a, b = fork(base), fork(base)
    apply(a, ops_a, "A")
    apply(b, ops_b, "B")
    base_tables, a_tables, b_tables = base.snapshot().tables, a.snapshot().tables, b.snapshot().tables

    plan = mg.plan_merge(a_tables, b_tables, base_tables)
    assert {(c.table, c.key, c.field) for c in plan.conflicts} == expected_conflicts(a_tables, b_tables, base_tables)
    choices = choose(plan, picks)
    merged, decisions = mg.decide(plan, mg.check_choices(plan, choices), reason="test", date="nu", author="T")

    for table in mg.MERGED_TABLES:  # every record of either side, once
        assert set(merged.get(table, {})) == set(a_tables.get(table, {})) | set(b_tables.get(table, {}))
    for table in (cv.TABLE_NOTES, cv.TABLE_LISTS):  # deletions respected where the other side did not edit
        for key, doc in merged[table].items():
            sides = [side[table].get(key) for side in (a_tables, b_tables) if key in side.get(table, {})]
            deleted_somewhere = any(side.get("deleted") for side in sides)
            in_conflict = any(c.table == table and c.key == key for c in plan.conflicts)
            if deleted_somewhere and not in_conflict and key in base_tables.get(table, {}):
                assert doc.get("deleted"), f"{table}/{key}: deleted on one side, untouched on the other"
    history = list(merged[cv.TABLE_HISTORY].values())
    for decision in decisions:
        for lost in decision.lost:
            if lost != decision.value:
                assert any(entry["key"] == decision.conflict.key and entry["field"] == decision.conflict.field
                           and entry["value"] == lost for entry in history), "the losing value is kept"

    # A merged file opens; merging the same B again changes nothing.
    after = AuditFile.from_tables(mg.numbered(mg.with_base(merged, "b", b_tables)))
    again = mg.plan_merge(after.snapshot().tables, b_tables, mg.bases_of(after.snapshot().tables, "b"))
    assert not again.changes_anything

    # B+A holds the same records as A+B, with the same content where nothing conflicted.
    reverse = mg.plan_merge(b_tables, a_tables, base_tables)
    conflicted = {(c.table, c.key) for c in plan.conflicts}
    for table in mg.MERGED_TABLES:
        assert set(reverse.merged.get(table, {})) == set(plan.merged.get(table, {}))
        for key in plan.merged.get(table, {}):
            if (table, key) in conflicted:
                continue
            forward = content(plan.merged[table][key], table)
            backward = content(reverse.merged[table][key], table)
            forward.pop("position", None)
            backward.pop("position", None)
            assert forward == backward, f"{table}/{key} differs between A+B and B+A"


def test_without_a_base_every_difference_is_a_conflict() -> None:
    a = base_audit()
    b = AuditFile.from_tables(a.tables())
    b.put_judgement(replace(b.snapshot().judgements["V1"], value="-"))
    plan = mg.plan_merge(a.snapshot().tables, b.snapshot().tables, None)
    assert [c.id for c in plan.conflicts] == ["oordelen/V1/value"] and not plan.base_known
    with_base = mg.plan_merge(a.snapshot().tables, b.snapshot().tables, a.snapshot().tables)
    assert with_base.conflicts == [] and with_base.merged[cv.TABLE_JUDGEMENTS]["V1"]["value"] == "-"


def test_choice_files_must_decide_every_conflict_and_nothing_else() -> None:
    a = base_audit()
    b = AuditFile.from_tables(a.tables())
    a.put_judgement(replace(a.snapshot().judgements["V1"], value="+/-"))
    b.put_judgement(replace(b.snapshot().judgements["V1"], value="-"))
    plan = mg.plan_merge(a.snapshot().tables, b.snapshot().tables, base_audit().snapshot().tables)
    for bad, fragment in (({}, "mist een keuze"), ({"oordelen/V1/value": "a", "x/y/z": "b"}, "niet is"),
                          ({"oordelen/V1/value": "c"}, "ongeldig"), ([], "JSON-object"),
                          ({"oordelen/V1/value": {"tekst": "+"}}, "kan alleen")):
        try:
            mg.check_choices(plan, bad)
        except mg.MergeRefused as error:
            assert fragment in str(error)
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_a_source_deleted_on_one_side_while_the_other_wrote_notes_from_it_is_a_conflict() -> None:
    base = AuditFile.in_memory()
    source = base.put_source(Source.new("document", "jaarplan"))
    a, b = fork(base), fork(base)
    a.put_note(Note.new("V1", source.id, "bewijs", "paragraaf 3 (A)"))
    b.delete_source(source.id)
    plan = mg.plan_merge(a.snapshot().tables, b.snapshot().tables, base.snapshot().tables)
    assert [c.id for c in plan.conflicts] == [f"bronnen/{source.id}/deleted"]
    merged, _ = mg.decide(plan, {plan.conflicts[0].id: "a"}, reason="t", date="nu", author="")
    assert not merged[cv.TABLE_SOURCES][source.id].get("deleted"), "keeping A un-deletes the source"
