"""Merge benchmark: two auditors' copies of a 2,000-note audit, 50 conflicts decided, merged into one file.

Run with `make bench` or `python -m bench.merge`. Target (issue 13): under 300 ms median for the whole
merge: reading the other copy, planning, deciding the 50 conflicts, the backup, the one atomic write and
the log. Each measurement starts from fresh copies on disk, so every run does the full work.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from assistant.merging import carry_out, make_copy, prepare
from assistant.store import AuditFile, Note
from bench.export import build_file
from normsets import NormSetRegistry

NOTES = 2_000
CONFLICTS = 50


def make_pair(folder: Path, notes: int, conflicts: int) -> tuple[Path, Path]:
    """A (half the notes) and its copy B (the other half), with `conflicts` fields changed on both sides."""
    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    memory = build_file(normset, notes // 2)
    a_path, b_path = folder / "a.toets", folder / "b.toets"
    AuditFile.write_new(a_path, memory.tables())
    audit = AuditFile.open(a_path, backups=0)
    make_copy(audit, b_path, "BB")
    audit.close()
    sources = {}
    for path, who in ((a_path, "A"), (b_path, "B")):
        audit = AuditFile.open(path, backups=0, author=who)
        snapshot = audit.snapshot()
        sources[who] = snapshot.sources[0].id
        for index in range(notes // 4):
            audit.put_note(Note.new(normset.norm_ids[index % 49], sources[who], "bevinding",
                                    f"notitie {index} van toetser {who}"))
        changed = 0
        for norm_id in normset.norm_ids:
            if changed >= conflicts:
                break
            judgement = snapshot.judgements[norm_id]
            audit.put_judgement(replace(judgement, report_text=f"{judgement.report_text} ({who})"))
            changed += 1
        for note in snapshot.notes[: max(0, conflicts - changed)]:
            audit.put_note(replace(note, text=f"{note.text} ({who})"))
        audit.close()
    return a_path, b_path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark van het samenvoegen")
    parser.add_argument("--herhalingen", type=int, default=10, help="metingen (standaard 10)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        original = Path(scratch) / "origineel"
        original.mkdir()
        a_path, b_path = make_pair(original, NOTES, CONFLICTS)
        samples = []
        counted = 0
        for run in range(args.herhalingen + 1):
            folder = Path(scratch) / f"run{run}"
            shutil.copytree(original, folder)
            start = time.perf_counter()
            ours = AuditFile.open(folder / "a.toets", backups=0, fold=False)
            prepared = prepare(ours, folder / "b.toets")
            counted = len(prepared.conflicts)
            carry_out(prepared, {conflict.id: "b" for conflict in prepared.conflicts}, author="AJ")
            ours.close()
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                samples.append(elapsed)  # the first run warms up imports and caches
            shutil.rmtree(folder)
    ordered = sorted(samples)
    median, p95 = statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]
    print("samenvoegen: twee kopieën met samen ongeveer 2.000 notities (ms; mediaan en p95)")
    print(f"{'conflicten':>10} {'mediaan':>9} {'p95':>9}")
    print(f"{counted:>10} {median:>9.1f} {p95:>9.1f}")
    print("doel: onder 300 ms (mediaan) met 50 beslist")


if __name__ == "__main__":
    main()
