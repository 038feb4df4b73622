"""`toetsassistent kopie` and `samenvoegen` end to end: the contract of issue 13.

Without choices and with conflicts nothing is written and the exit code is 3 (with --json the conflict
table as JSON); a choice file that misses a conflict or names an unknown one is refused; with choices the
merge writes a backup, the merged audit and a log; the same merge again changes nothing; another audit or
a newer file is refused; a kill -9 at any moment leaves A as it was before or as it is after.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.store import convert as cv
from normsets import NormSet
from tests.audit_files import read_tables, write_tables
from tests.conftest import REPO


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=60)


def snapshot_of(path: Path):
    audit = AuditFile.open(path, read_only=True)
    try:
        return audit.snapshot()
    finally:
        audit.close()


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def pair(tmp_path: Path, normset: NormSet) -> tuple[Path, Path]:
    """A and its copy B, each with work of its own and one conflicting judgement (V5) and report text."""
    a_path, b_path = tmp_path / "a.toets", tmp_path / "b.toets"
    audit = AuditFile.create_for(a_path, normset, Kerngegevens(organisatie="Welzijn Voorbeeld"))
    source = audit.put_source(Source.new("gesprek", "twee ambulant werkers", ("P",)))
    audit.put_note(Note.new("V5", source.id, "bevinding", "Casus besproken in intervisie"))
    audit.put_judgement(Judgement.new("V5", "+", "Voldoet."))
    audit.close()
    result = run("kopie", a_path, b_path, "--toetser", "bb")
    assert result.returncode == 0, result.stderr
    assert "Kopie voor BB gemaakt" in result.stdout
    for path, who, value, text in ((a_path, "AJ", "-", "Volgens A"), (b_path, "BB", "+/-", "Volgens B")):
        audit = AuditFile.open(path, author=who)
        own = audit.put_source(Source.new("document", f"jaarplan ({who})"))
        audit.put_note(Note.new("V2", own.id, "bewijs", f"Inwerkplan gezien ({who})"))
        audit.put_judgement(replace(audit.snapshot().judgements["V5"], value=value, report_text=text))
        audit.put_summary(Summary(complimenten=(f"Compliment van {who}",)))
        audit.close()
    return a_path, b_path


def test_kopie_makes_the_same_audit_with_its_own_instance_and_the_base_in_both(tmp_path: Path, normset: NormSet) -> None:
    a_path = tmp_path / "a.toets"
    AuditFile.create_for(a_path, normset, Kerngegevens(organisatie="X")).close()
    assert run("kopie", a_path, tmp_path / "b.toets").returncode == 0
    a, b = snapshot_of(a_path), snapshot_of(tmp_path / "b.toets")
    assert a.meta.id == b.meta.id and a.meta.instance != b.meta.instance
    assert {doc["peer"] for doc in a.tables[cv.TABLE_BASES].values()} == {b.meta.instance}
    assert {doc["peer"] for doc in b.tables[cv.TABLE_BASES].values()} == {a.meta.instance}
    again = run("kopie", a_path, tmp_path / "b.toets")
    assert again.returncode == 1 and "bestaat al" in again.stderr
    wrong = run("kopie", a_path, tmp_path / "b.json")
    assert wrong.returncode == 1 and "eindigt op .toets" in wrong.stderr


def test_conflicts_without_choices_write_nothing_and_exit_3(pair: tuple[Path, Path]) -> None:
    a_path, b_path = pair
    before = folder_state(a_path.parent)
    result = run("samenvoegen", a_path, b_path)
    assert result.returncode == 3, result.stderr
    assert "oordelen/V5/value" in result.stdout and "A:     -" in result.stdout and "B:     +/-" in result.stdout
    assert "basis: +" in result.stdout and "Er is niets geschreven" in result.stdout
    assert folder_state(a_path.parent) == before
    as_json = run("samenvoegen", a_path, b_path, "--json")
    assert as_json.returncode == 3
    document = json.loads(as_json.stdout)
    conflicts = {c["id"]: c for c in document["conflicten"]}
    assert set(conflicts) == {"oordelen/V5/value", "oordelen/V5/report_text"}
    assert conflicts["oordelen/V5/value"] == {"id": "oordelen/V5/value", "norm": "V5", "veld": "oordeel",
                                              "a": "-", "b": "+/-", "basis": "+"}
    assert document["nieuw"]["bronnen"] == 1 and document["nieuw"]["notities"] == 1
    assert document["nieuw"]["lijstpunten"] == 1
    assert folder_state(a_path.parent) == before


@pytest.mark.parametrize(("choices", "fragment"), [
    ({"oordelen/V5/value": "b"}, "mist een keuze"),
    ({"oordelen/V5/value": "b", "oordelen/V5/report_text": "a", "oordelen/V6/value": "a"}, "niet is"),
    ({"oordelen/V5/value": {"tekst": "+"}, "oordelen/V5/report_text": "a"}, "kan alleen"),
    ("geen object", "JSON-object"),
])
def test_a_bad_choice_file_is_refused_and_nothing_written(pair, tmp_path: Path, choices, fragment: str) -> None:
    a_path, b_path = pair
    choice_file = tmp_path / "keuzes.json"
    choice_file.write_text(json.dumps(choices), encoding="utf-8")
    before = folder_state(a_path.parent)
    result = run("samenvoegen", a_path, b_path, "--keuzes", choice_file)
    assert result.returncode == 1 and fragment in result.stderr, result.stderr
    assert folder_state(a_path.parent) == before


def test_a_merge_with_choices_keeps_everything_and_a_second_one_changes_nothing(pair, tmp_path: Path) -> None:
    a_path, b_path = pair
    b_before = b_path.read_bytes()
    choice_file = tmp_path / "keuzes.json"
    choice_file.write_text(json.dumps({"oordelen/V5/value": "b",
                                       "oordelen/V5/report_text": {"tekst": "Verbeterpunt, zie A en B."}}))
    result = run("samenvoegen", a_path, b_path, "--keuzes", choice_file, env={"TOETSASSISTENT_TOETSER": "AJ"})
    assert result.returncode == 0, result.stderr
    assert "2 conflict(en) beslist" in result.stdout
    merged = snapshot_of(a_path)
    assert merged.judgements["V5"].value == "+/-" and merged.judgements["V5"].report_text == "Verbeterpunt, zie A en B."
    assert sorted(n.text for n in merged.notes) == ["Casus besproken in intervisie", "Inwerkplan gezien (AJ)",
                                                  "Inwerkplan gezien (BB)"]
    assert sorted(merged.summary.complimenten) == ["Compliment van AJ", "Compliment van BB"]
    lost = {(entry.field, entry.value) for entry in merged.history}
    assert {("value", "-"), ("report_text", "Volgens A"), ("report_text", "Volgens B")} <= lost
    assert b_path.read_bytes() == b_before, "B is read, never written"
    backup = a_path.with_name("a.toets.voor-samenvoegen")
    assert backup.exists() and oct(backup.stat().st_mode & 0o777) == "0o600"
    assert snapshot_of(backup).judgements["V5"].value == "-"
    logs = sorted(a_path.parent.glob("a.samenvoegen-*.md"))
    assert len(logs) == 1
    log = logs[0].read_text(encoding="utf-8")
    assert "Volgens A" in log and "Volgens B" in log and "eigen tekst" in log and "| V5 | oordeel |" in log
    state = folder_state(a_path.parent)
    again = run("samenvoegen", a_path, b_path)
    assert again.returncode == 0 and "Niets nieuws" in again.stdout
    assert folder_state(a_path.parent) == state


def test_merging_a_copy_made_by_hand_is_two_way(tmp_path: Path, normset: NormSet) -> None:
    a_path, b_path = tmp_path / "a.toets", tmp_path / "b.toets"
    audit = AuditFile.create_for(a_path, normset, Kerngegevens(organisatie="X"))
    audit.put_judgement(Judgement.new("V1", "+"))
    audit.close()
    b_path.write_bytes(a_path.read_bytes())  # a USB stick, a shared folder
    audit = AuditFile.open(b_path)
    audit.put_note(Note.new("V1", None, "bevinding", "van B"))
    audit.close()
    result = run("samenvoegen", a_path, b_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [n.text for n in snapshot_of(a_path).notes] == ["van B"]


def test_another_audit_or_a_newer_file_is_refused(tmp_path: Path, normset: NormSet, pair) -> None:
    a_path, _b_path = pair
    other = tmp_path / "ander.toets"
    AuditFile.create_for(other, normset, Kerngegevens(organisatie="Y")).close()
    before = folder_state(a_path.parent)
    result = run("samenvoegen", a_path, other)
    assert result.returncode == 1 and "andere toetsing" in result.stderr
    tables = read_tables(_b_path)
    tables["meta"]["1"]["schema_version"] = 99
    write_tables(_b_path, tables)
    newer = run("samenvoegen", a_path, _b_path)
    assert newer.returncode == 1 and "nieuwere versie" in newer.stderr
    after = folder_state(a_path.parent)
    after.pop("b.toets")
    before.pop("b.toets")
    assert after == before


def test_a_kill_during_the_merge_leaves_a_before_or_after(pair, tmp_path: Path) -> None:
    a_path, b_path = pair
    choice_file = tmp_path / "keuzes.json"
    choice_file.write_text(json.dumps({"oordelen/V5/value": "a", "oordelen/V5/report_text": "b"}))
    pristine = {p.name: p.read_bytes() for p in a_path.parent.glob("a.toets*")}
    before = {n.id for n in snapshot_of(a_path).notes}
    reference = tmp_path / "ref"
    reference.mkdir()
    for name, data in pristine.items():
        (reference / name).write_bytes(data)
    (reference / "b.toets").write_bytes(b_path.read_bytes())
    assert run("samenvoegen", reference / "a.toets", reference / "b.toets", "--keuzes", choice_file).returncode == 0
    after = {n.id for n in snapshot_of(reference / "a.toets").notes}
    assert before != after
    rng = random.Random(13)
    outcomes = {"voor": 0, "na": 0}
    for _ in range(12):
        for leftover in a_path.parent.glob("a.*"):
            if leftover.is_file():
                leftover.unlink()
        for name, data in pristine.items():
            (a_path.parent / name).write_bytes(data)
        process = subprocess.Popen([sys.executable, "-m", "assistant", "samenvoegen", str(a_path), str(b_path),
                                    "--keuzes", str(choice_file)], cwd=REPO, env=os.environ.copy(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.9))
        try:
            process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)
        notes = {n.id for n in snapshot_of(a_path).notes}
        assert notes in (before, after), "a merge killed half-way left a mix"
        outcomes["voor" if notes == before else "na"] += 1
    print(f"\nkill -9 tijdens samenvoegen: {outcomes}")
