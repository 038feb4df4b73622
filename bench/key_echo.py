"""Key-echo benchmark: a key written to the pseudo-terminal until it shows in the output, in the chat input.

Pilot's `press` has a floor of about 60 ms, so this drives the real `toetsassistent` in a pty. It opens an
audit of 2,000 and one of 5,000 notes, starts a gesprek, and types notes at a steady pace, pressing Enter
every `--note-length` keys so that notes are being saved (in a worker) while typing goes on. For each
key it measures the time until the input's new tail appears in the output. Target (issue 5): p95 under
25 ms at 2,000 notes and under 50 ms at 5,000. A minimal Textual app with one Input is measured the same
way for comparison.

Run with `python -m bench.key_echo [--keys N]` (or `make bench`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from bench.startup import PtyProcess, script

SIZES = (2_000, 5_000)
F3 = b"\x1bOR"
MINIMAL_INPUT_APP = """
from textual.app import App
from textual.widgets import Input, Label
class Minimal(App):
    def compose(self):
        yield Label("minimaal-klaar")
        yield Input()
Minimal().run()
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def type_and_time(child: PtyProcess, keys: int, note_length: int, pace: float, seed: int = 1) -> tuple[list[float], int]:
    """Type `keys` letters (Enter after every `note_length`); per letter the seconds until it echoed."""
    rng = random.Random(seed)
    latencies: list[float] = []
    value = ""
    notes = 0
    for index in range(keys):
        if value and index % note_length == 0:
            child.write(b"\r")
            notes += 1
            value = ""
            child.drain(pace)
        letter = rng.choice(string.ascii_lowercase)
        value += letter
        tail = value[-6:].encode()
        offset = len(child.output)
        sent = time.perf_counter()
        child.write(letter.encode())
        if len(value) < 4:
            child.drain(pace)  # too short to recognise for sure in the output: typed, not timed
            continue
        try:
            echoed = child.wait_for(tail, timeout=2.0, since=offset)
        except TimeoutError:
            echoed = time.perf_counter()
        latencies.append(echoed - sent)
        child.drain(pace)
    return latencies, notes


def measure_app(path: Path, data_dir: Path, keys: int, note_length: int, pace: float) -> tuple[list[float], int]:
    child = PtyProcess([script(), "open", str(path)], env={"TOETSASSISTENT_DATA": str(data_dir), "TOETSASSISTENT_TOETSER": "BE"})
    try:
        child.wait_for(b"Bench", timeout=30)  # the organisation in the header: the audit is open
        child.drain(1.0)
        child.write(F3)
        child.wait_for(b"Welk gesprek", timeout=10)  # the audit has interviews: F3 offers them first
        child.drain(0.5)
        child.write(b"n")  # "Nieuw gesprek beginnen"
        child.wait_for(b"Wie spreekt u", timeout=10)
        child.drain(0.5)
        for key in (b" ", b"\t"):
            child.write(key)
            child.drain(0.2)
        child.write(b"bench gesprek")
        child.drain(0.2)
        offset = len(child.output)
        child.write(b"\r")
        child.wait_for(b"Typ een bevinding", timeout=10, since=offset)
        child.drain(1.0)
        return type_and_time(child, keys, note_length, pace)
    finally:
        child.stop()


def measure_minimal(keys: int, pace: float) -> list[float]:
    child = PtyProcess([sys.executable, "-c", MINIMAL_INPUT_APP])
    try:
        child.wait_for(b"minimaal-klaar")
        child.drain(0.5)
        latencies, _ = type_and_time(child, keys, keys + 1, pace)
        return latencies
    finally:
        child.stop()


def report(label: str, latencies: list[float], extra: str = "") -> None:
    print(f"  {label:<28} ({len(latencies)} keys) median {statistics.median(latencies) * 1000:5.1f} ms   "
          f"p95 {percentile(latencies, 0.95) * 1000:5.1f} ms   max {max(latencies) * 1000:6.1f} ms{extra}")


def main(argv: Sequence[str] | None = None) -> int:
    from bench.store import build
    from assistant.store import AuditFile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=300, help="keys typed per audit")
    parser.add_argument("--note-length", type=int, default=25, help="Enter after this many keys")
    parser.add_argument("--pace", type=float, default=0.04, help="seconds between keys (a fast typist: 0.04)")
    args = parser.parse_args(argv)
    print(f"key echo in a pty, {args.keys} keys per audit, Enter every {args.note_length} keys, "
          f"one key every {args.pace * 1000:.0f} ms:")
    report("minimal Textual Input", measure_minimal(args.keys, args.pace))
    targets = {2_000: 25.0, 5_000: 50.0}
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            data_dir = Path(folder) / f"data{size}"
            data_dir.mkdir()
            path = Path(folder) / f"bench-{size}.toets"
            build(path, size)
            latencies, notes = measure_app(path, data_dir, args.keys, args.note_length, args.pace)
            with AuditFile.open(path, read_only=True) as audit_file:
                saved = audit_file.note_count - size
            report(f"chat input, {size:_} notes".replace("_", "."), latencies,
                   f"   (target p95 < {targets[size]:.0f} ms; {saved} of {notes} notes saved meanwhile)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
