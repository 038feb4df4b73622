"""Screen benchmark: from a key in the pseudo-terminal until the new screen's content is on it, and quitting.

Drives the real `toetsassistent` in a pty (like bench.startup and bench.key_echo), on the demo audit and
on an audit of 2,000 notes, and a minimal Textual app in the same run for comparison. For each switch it
writes the key and waits until a word that only the new screen's content shows appears in the output:

* board -> norm (Enter), next norm (.), norm -> board (Esc), F3 interview, F4 summary, F2 board;
* F5 export: until the start of the report is in the preview;
* quit (Ctrl+Q) after a session of 200 notes typed into the chat, until the process has ended; the
  minimal app is quit after the same wait.

Targets (issue 10): a screen within 150 ms at 2,000 notes, the report's start within 300 ms, the next norm
within 100 ms, quitting within 1.5 times the minimal app. Medians and p95 in milliseconds. A lone Esc
includes Textual's wait of 100 ms (ESCDELAY) to tell the Esc key from the start of an escape sequence.

Run with `python -m bench.screens [--runs N] [--notes N]` (or `make bench`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

from bench.startup import PtyProcess, script

SIZE = (30, 100)  # rows, columns
F2, F3, F4, F5 = b"\x1bOQ", b"\x1bOR", b"\x1bOS", b"\x1b[15~"
ENTER, ESCAPE, CTRL_Q = b"\r", b"\x1b", b"\x11"

#: A minimal Textual app with a second screen ('n' shows it, Escape goes back) and Ctrl+Q to quit.
MINIMAL_APP = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Header, Label
class Second(Screen):
    BINDINGS = [("escape", "app.pop_screen", "Terug")]
    def compose(self):
        yield Header()
        yield Label("tweede-scherm")
        yield Footer()
class Minimal(App):
    BINDINGS = [("n", "push_screen('second')", "Tweede")]
    SCREENS = {"second": Second}
    def compose(self):
        yield Header()
        yield Label("minimaal-klaar")
        yield Footer()
Minimal().run()
"""

#: (name, key, word that only the new screen's content shows). Run in this order, from the board with
#: the cursor on V1; each ends where the next one starts.
SWITCHES: tuple[tuple[str, bytes, bytes], ...] = (
    ("bord -> norm V1 (Enter)", ENTER, b"geformuleerd"),       # V1's full text
    ("volgende norm (.)", b".", b"adequaat"),                   # V2's full text
    ("norm -> bord (Esc, +100 ms ESCDELAY)", ESCAPE, b"Bronnen"),  # the board's column heading
    ("F3 gesprek", F3, b"Wie spreekt u"),
    ("F4 samenvatting", F4, b"Mailadres contactpersoon"),
    ("F5 export: begin rapport", F5, b"Resultaat toetsing"),
    ("F2 normenbord", F2, b"Bronnen"),
)
TARGETS = {"volgende norm (.)": 100.0, "F5 export: begin rapport": 300.0}
SCREEN_TARGET = 150.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def build_audit(path: Path, notes: int) -> None:
    """An audit file of `notes` notes over ten sources of every kind, every norm judged, with a summary."""
    from assistant.store import convert as cv
    from assistant.store.audit_file import initial_tables
    from assistant.store.journal import create_base
    from bench.export import build
    from normsets import NormSetRegistry

    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    audit = build(normset, notes)
    tables = initial_tables(normset.id, normset.content_hash(), normset.text_hashes(), audit.kern)
    tables[cv.TABLE_SOURCES] = {str(i + 1): cv.source_to_doc(s) for i, s in enumerate(audit.sources)}
    tables[cv.TABLE_NOTES] = {str(i + 1): cv.note_to_doc(n) for i, n in enumerate(audit.notes)}
    tables[cv.TABLE_JUDGEMENTS] = {str(i + 1): cv.judgement_to_doc(j)
                                   for i, j in enumerate(audit.judgements.values())}
    tables[cv.TABLE_SUMMARY] = {"1": cv.summary_to_doc(audit.summary)}
    create_base(path, tables)


def timed(child: PtyProcess, key: bytes, marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from writing `key` until `marker` is in the output written after it."""
    child.drain(0.05)
    offset = len(child.output)
    sent = time.perf_counter()
    child.write(key)
    return child.wait_for(marker, timeout=timeout, since=offset) - sent


def measure_app(path: Path, data_dir: Path, runs: int) -> dict[str, list[float]]:
    """Every switch of SWITCHES `runs` times in one session of the app on `path`."""
    child = PtyProcess([script(), "open", str(path)], env={"TOETSASSISTENT_DATA": str(data_dir), "TOETSASSISTENT_TOETSER": "BE"}, size=SIZE)
    results: dict[str, list[float]] = {name: [] for name, _key, _marker in SWITCHES}
    try:
        child.wait_for(b"Bronnen", timeout=30)  # the board is up: the audit is open
        child.drain(1.0)
        # The first F3 of a session offers the audit's interviews; Escape closes that list. From then on
        # F3 switches to the interview screen, which is what the rounds time.
        child.write(F3)
        child.wait_for(b"Welk gesprek", timeout=20)
        child.drain(0.3)
        child.write(ESCAPE)
        child.wait_for(b"Wie spreekt u", timeout=20)
        child.drain(0.3)
        child.write(F2)
        child.wait_for(b"Bronnen", timeout=20)
        child.drain(0.5)
        for _ in range(runs + 1):  # the first round warms up (imports, first-time screens)
            for name, key, marker in SWITCHES:
                elapsed = timed(child, key, marker)
                if _ > 0:
                    results[name].append(elapsed)
                child.drain(0.3)
            # Back on the board, the cursor is still on V1: each round starts from the same place.
    finally:
        child.stop()
    return results


def minimal_switch(runs: int) -> list[float]:
    child = PtyProcess([sys.executable, "-c", MINIMAL_APP], size=SIZE)
    times = []
    try:
        child.wait_for(b"minimaal-klaar")
        child.drain(0.5)
        for run in range(runs + 1):
            elapsed = timed(child, b"n", b"tweede-scherm")
            child.drain(0.2)
            timed(child, ESCAPE, b"minimaal-klaar")
            child.drain(0.2)
            if run > 0:
                times.append(elapsed)
    finally:
        child.stop()
    return times


def _quit_time(child: PtyProcess) -> float:
    child.drain(0.3)
    sent = time.perf_counter()
    child.write(CTRL_Q)
    deadline = sent + 30
    while child.process.poll() is None and time.perf_counter() < deadline:
        child.read(0.005)
    ended = time.perf_counter()
    if child.process.poll() is None:
        raise TimeoutError("the process did not end within 30 s of Ctrl+Q")
    return ended - sent


def app_quit_after_session(folder: Path, notes: int) -> float:
    """Open a fresh small audit, start a gesprek, type `notes` notes, then time Ctrl+Q until the exit."""
    from assistant.store import AuditFile

    path = folder / "sessie.toets"
    build_audit(path, 0)
    data_dir = folder / "data"
    data_dir.mkdir(exist_ok=True)
    child = PtyProcess([script(), "open", str(path)], env={"TOETSASSISTENT_DATA": str(data_dir), "TOETSASSISTENT_TOETSER": "BE"}, size=SIZE)
    try:
        child.wait_for(b"Bronnen", timeout=30)
        child.drain(0.5)
        child.write(F3)
        child.wait_for(b"Welk gesprek", timeout=10)  # the audit has sources: F3 offers the interviews first
        child.drain(0.3)
        child.write(b"n")
        child.wait_for(b"Wie spreekt u", timeout=10)
        child.drain(0.3)
        for key in (b" ", b"\t"):
            child.write(key)
            child.drain(0.1)
        child.write(b"bench gesprek\r")
        child.wait_for(b"Typ een bevinding", timeout=10)
        child.drain(0.5)
        for number in range(notes):
            child.write(f"notitie {number} over de werkbegeleiding\r".encode())
            child.drain(0.03)
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            with AuditFile.open(path, read_only=True) as audit_file:
                if audit_file.note_count >= notes:
                    break
            child.drain(0.2)
        return _quit_time(child)
    finally:
        if child.process.poll() is None:
            child.stop()


def minimal_quit() -> float:
    child = PtyProcess([sys.executable, "-c", MINIMAL_APP], size=SIZE)
    try:
        child.wait_for(b"minimaal-klaar")
        child.drain(0.5)
        return _quit_time(child)
    finally:
        if child.process.poll() is None:
            child.stop()


def report(label: str, values: list[float], target: float | None = None) -> None:
    line = (f"  {label:<36} median {statistics.median(values) * 1000:6.0f} ms   "
            f"p95 {percentile(values, 0.95) * 1000:6.0f} ms")
    if target is not None:
        line += f"   (target < {target:.0f} ms)"
    print(line, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds of every switch per audit")
    parser.add_argument("--notes", type=int, default=2_000, help="notes in the large audit")
    parser.add_argument("--session-notes", type=int, default=200, help="notes typed before quitting")
    parser.add_argument("--quit-runs", type=int, default=3, help="sessions to quit (each types all notes)")
    args = parser.parse_args(argv)
    print(f"screen switches in a {SIZE[1]}x{SIZE[0]} pty, {args.runs} rounds each:")
    report("minimal Textual app, 2e scherm", minimal_switch(args.runs))
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        audits: list[tuple[str, Callable[[Path], None]]] = [
            ("demo", lambda path: path.write_bytes(_demo_bytes(folder))),
            (f"{args.notes:,} notities".replace(",", "."), lambda path: build_audit(path, args.notes)),
        ]
        for label, make in audits:
            path = folder / f"{label.split()[0]}.toets"
            make(path)
            data_dir = folder / f"data-{label.split()[0]}"
            data_dir.mkdir()
            print(f" toetsassistent, {label}:")
            results = measure_app(path, data_dir, args.runs)
            large = label != "demo"
            for name, values in results.items():
                report(name, values, TARGETS.get(name, SCREEN_TARGET) if large else None)
        print(f"quit (Ctrl+Q until the process ended), {args.quit_runs} runs:")
        minimal = [minimal_quit() for _ in range(args.quit_runs)]
        app = []
        for run in range(args.quit_runs):
            session_folder = folder / f"sessie{run}"
            session_folder.mkdir()
            app.append(app_quit_after_session(session_folder, args.session_notes))
        report("minimal Textual app", minimal)
        report(f"na {args.session_notes} notities", app)
        print(f"  ratio of the medians {statistics.median(app) / statistics.median(minimal):.2f}x (target <= 1.5x)")
    return 0


def _demo_bytes(folder: Path) -> bytes:
    from assistant.demo import create_demo

    demo_folder = folder / "demo-bron"
    demo_folder.mkdir(exist_ok=True)
    return create_demo(demo_folder).read_bytes()


if __name__ == "__main__":
    sys.exit(main())
