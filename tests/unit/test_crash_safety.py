"""Kill a writer at random moments: every acknowledged change survives, nothing unwritten appears.

`make test` runs 100 kills; `make soak` (marker `soak`) runs 2,000.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.store import AuditFile
from assistant.store.journal import TEMP_PREFIX
from tests.conftest import REPO


class Model:
    """The audit as the acknowledgements describe it."""

    def __init__(self) -> None:
        self.notes: dict[str, str] = {}
        self.judgement: str | None = None

    def apply(self, op: dict) -> None:
        if op["op"] == "put_note":
            self.notes[op["id"]] = op["text"]
        elif op["op"] == "delete_note":
            self.notes.pop(op["id"], None)
        else:
            self.judgement = op["text"]

    def copy(self) -> "Model":
        other = Model()
        other.notes = dict(self.notes)
        other.judgement = self.judgement
        return other


def start_writer(path: Path, seed: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_writer", str(path), str(seed)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def collect(process: subprocess.Popen, lines: list[str]) -> threading.Thread:
    def reader() -> None:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def state_of(path: Path) -> tuple[dict[str, str], str | None]:
    audit = AuditFile.open(path)
    try:
        snapshot = audit.snapshot()
        judgement = snapshot.judgements.get("V1")
        return {note.id: note.text for note in snapshot.notes}, judgement.report_text if judgement else None
    finally:
        audit.close()


def verify(path: Path, model: Model, lines: list[str]) -> Model:
    """Apply the acknowledged ops; the file must equal that, or that plus the one op in flight."""
    in_flight = None
    for line in lines:
        kind, _, payload = line.partition(" ")
        if kind == "intent":
            in_flight = json.loads(payload)
        elif kind == "ack":
            model.apply(json.loads(payload))
            in_flight = None
    notes, judgement = state_of(path)
    assert not list(path.parent.glob(f"{TEMP_PREFIX}*")), "tijdelijke bestanden bleven achter na openen"
    if (notes, judgement) == (model.notes, model.judgement):
        return model
    assert in_flight is not None, "het bestand wijkt af van wat bevestigd is, zonder wijziging onderweg"
    with_in_flight = model.copy()
    with_in_flight.apply(in_flight)
    assert (notes, judgement) == (with_in_flight.notes, with_in_flight.judgement), "verloren of verzonnen wijziging"
    return with_in_flight


def run_kills(tmp_path: Path, kills: int, seconds: float) -> int:
    path = tmp_path / "crash.toets"
    AuditFile.create(path, "sterk-sociaal-werk-2019", "", {}).close()
    model = Model()
    rng = random.Random(20261122)
    done = 0
    deadline = time.monotonic() + seconds
    while done < kills and time.monotonic() < deadline:
        process = start_writer(path, rng.randrange(1 << 30))
        lines: list[str] = []
        reader = collect(process, lines)
        # Kill anywhere: during start-up (compaction on open) or during the writes.
        time.sleep(rng.choice([0.0, 0.05, 0.1]) + rng.random() * 0.25)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        reader.join(timeout=30)
        model = verify(path, model, lines)
        done += 1
    return done


def test_random_kills_lose_nothing(tmp_path: Path) -> None:
    done = run_kills(tmp_path, kills=100, seconds=240)
    assert done >= 100, f"maar {done} keer afgebroken binnen de tijd"


@pytest.mark.soak
def test_random_kills_soak(tmp_path: Path) -> None:
    assert run_kills(tmp_path, kills=2000, seconds=3000) >= 2000


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_close_cleanly(tmp_path: Path, signum: int) -> None:
    path = tmp_path / "netjes.toets"
    AuditFile.create(path, "sterk-sociaal-werk-2019", "", {}).close()
    process = start_writer(path, 7)
    lines: list[str] = []
    reader = collect(process, lines)
    deadline = time.monotonic() + 30
    while sum(line.startswith("ack") for line in lines) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signum)
    assert process.wait(timeout=30) == 0
    reader.join(timeout=30)
    assert lines[-1] == "closed"
    journal = path.with_name(path.name + ".journaal")
    assert not journal.exists(), "bij netjes afsluiten is het journaal in het bestand verwerkt"
    assert not path.with_name(path.name + ".slot").exists()
    verify(path, Model(), lines)
    assert os.stat(path).st_mode & 0o777 == 0o600
