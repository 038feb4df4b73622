"""Random sequences of changes, closed and reopened (with and without a crash), give back the same audit."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.store.model import RESEARCH_FORMS

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
NORMS = st.sampled_from(["V1", "V2", "D5", "O23"])

OPERATION = st.one_of(
    st.tuples(st.just("add_note"), NORMS, st.sampled_from(["bevinding", "bewijs", "suggestie", "citaat"]), TEXT),
    st.tuples(st.just("edit_note"), st.integers(0, 50), TEXT),
    st.tuples(st.just("delete_note"), st.integers(0, 50)),
    st.tuples(st.just("add_source"), st.sampled_from(["gesprek", "document"]), TEXT),
    st.tuples(st.just("judge"), NORMS, st.sampled_from(["+", "+/-", "-", "nvt", "nb", None]), TEXT),
    st.tuples(st.just("unjudge"), NORMS),
    st.tuples(st.just("kern"), st.sampled_from([name for name in Kerngegevens.field_names() if name != "vorm_onderzoek"]),
              TEXT),
    st.tuples(st.just("kern"), st.just("vorm_onderzoek"), st.sampled_from(["", *RESEARCH_FORMS])),
    st.tuples(st.just("summary"), TEXT, st.lists(TEXT, max_size=3)),
    st.tuples(st.just("draft"), st.sampled_from(["chat", "verslag:V1"]), TEXT),
    st.just(("reopen",)),
    st.just(("crash",)),
)


def apply(audit: AuditFile, operation: tuple) -> None:
    snapshot = audit.snapshot()
    kind = operation[0]
    if kind == "add_note":
        source_id = snapshot.sources[-1].id if snapshot.sources else None
        audit.put_note(Note.new(operation[1], source_id, operation[2], operation[3]))
    elif kind == "edit_note" and snapshot.notes:
        note = snapshot.notes[operation[1] % len(snapshot.notes)]
        audit.put_note(replace(note, text=operation[2]))
    elif kind == "delete_note" and snapshot.notes:
        audit.delete_note(snapshot.notes[operation[1] % len(snapshot.notes)].id)
    elif kind == "add_source":
        audit.put_source(Source.new(operation[1], operation[2], ("P",) if operation[1] == "gesprek" else ()))
    elif kind == "judge":
        existing = audit.judgement(operation[1])
        base = existing or Judgement.new(operation[1])
        audit.put_judgement(replace(base, value=operation[2], report_text=operation[3]))
    elif kind == "unjudge":
        audit.delete_judgement(operation[1])
    elif kind == "kern":
        audit.put_kern(snapshot.kern.with_field(operation[1], operation[2]))
    elif kind == "summary":
        audit.put_summary(Summary(toelichting=operation[1], complimenten=tuple(operation[2]), zorgpunten=tuple(operation[2][::-1])))
    elif kind == "draft":
        audit.set_draft(operation[1], operation[2])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPERATION, max_size=30))
def test_operations_survive_reopen(operations: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "eigen.toets"
        audit = AuditFile.create(path, "sterk-sociaal-werk-2019", "", {})
        memory = AuditFile.in_memory()
        for operation in operations:
            if operation[0] == "reopen":
                audit.close()
                audit = AuditFile.open(path)
            elif operation[0] == "crash":
                # No compaction, no clean close: only the journal holds the recent changes.
                audit._db.storage.close()
                audit._lock.release()
                audit = AuditFile.open(path)
            else:
                apply(audit, operation)
                apply(memory, operation)
        expected = audit.snapshot()
        audit.close()
        reopened = AuditFile.open(path, read_only=True)
        assert reopened.snapshot() == expected
        ours, theirs = reopened.snapshot(), memory.snapshot()
        assert [(n.norm_id, n.kind, n.text) for n in ours.notes] == [(n.norm_id, n.kind, n.text) for n in theirs.notes]
        assert ours.kern == theirs.kern and ours.summary == theirs.summary and ours.drafts == theirs.drafts
        assert {k: (j.value, j.report_text) for k, j in ours.judgements.items()} == {
            k: (j.value, j.report_text) for k, j in theirs.judgements.items()
        }
