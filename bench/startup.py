"""Startup benchmark: process start to the first painted frame, `toetsassistent --demo` against a minimal app.

Both run in a real pseudo-terminal in the same run, alternating, so the machine's mood hits both alike.
"First painted frame" is the moment the terminal receives the text of the first screen: the start screen's
heading for toetsassistent, the one label of the minimal Textual app. Also shown: the moment the demo
audit is open (its organisation in the header). Target (issue 5): at most 1.5 times the minimal app.

Run with `python -m bench.startup [--runs N]` (or `make bench`).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Sequence

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Label
class Minimal(App):
    def compose(self):
        yield Label("minimaal-klaar")
Minimal().run()
"""
SIZE = (30, 100)  # rows, columns
BYTECODE_CACHE = Path(tempfile.gettempdir()) / f"toetsassistent-bench-bytecode-{os.getuid()}"


class PtyProcess:
    """A child process on its own pseudo-terminal; `wait_for` reads its output until a marker appears."""

    def __init__(self, argv: Sequence[str], env: dict[str, str] | None = None, size: tuple[int, int] = SIZE) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        environment = dict(os.environ, TERM="xterm-256color", COLUMNS=str(size[1]), LINES=str(size[0]))
        # An installed toetsassistent runs from compiled bytecode. A machine that sets PYTHONDONTWRITEBYTECODE
        # (this one does) would otherwise compile every module of ours on every start and time that instead
        # (78 against 34 ms of imports measured on 29 Nov): the children write theirs to a cache outside the
        # working tree, filled by the warm-up run.
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
        environment.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=environment,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return b""
        self.output.extend(chunk)
        return chunk

    def wait_for(self, marker: bytes, timeout: float = 20.0, since: int = 0) -> float:
        """Seconds (perf_counter) at which `marker` first appeared in the output after offset `since`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if marker in self.output[since:]:
                return time.perf_counter()
            self.read(0.01)
        raise TimeoutError(f"{marker!r} did not appear within {timeout} s")

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.read(0.01)

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            end = time.perf_counter() + 5
            while self.process.poll() is None and time.perf_counter() < end:
                self.drain(0.05)
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)


def script() -> str:
    candidate = Path(sys.executable).parent / "toetsassistent"
    return str(candidate) if candidate.exists() else "toetsassistent"


def measure_app(data_dir: Path) -> tuple[float, float]:
    """(first frame, demo open) in seconds for one run of `toetsassistent --demo`."""
    child = PtyProcess([script(), "--demo"], env={"TOETSASSISTENT_DATA": str(data_dir), "TOETSASSISTENT_TOETSER": "BE"})
    try:
        first = child.wait_for(b"Toetsingen") - child.started
        opened = child.wait_for(b"Welzijn De Brug") - child.started
        return first, opened
    finally:
        child.stop()


def measure_minimal() -> float:
    child = PtyProcess([sys.executable, "-c", MINIMAL_APP])
    try:
        return child.wait_for(b"minimaal-klaar") - child.started
    finally:
        child.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each (the median is reported)")
    args = parser.parse_args(argv)
    app_first: list[float] = []
    app_open: list[float] = []
    minimal: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        measure_minimal()  # warm the file cache for both
        measure_app(Path(folder) / "warm")
        for run in range(args.runs):
            minimal.append(measure_minimal())
            first, opened = measure_app(Path(folder) / f"run{run}")
            app_first.append(first)
            app_open.append(opened)
    median_minimal = statistics.median(minimal)
    median_first = statistics.median(app_first)
    print(f"startup, median of {args.runs} runs in a {SIZE[1]}x{SIZE[0]} pty:")
    print(f"  minimal Textual app, first frame       {median_minimal * 1000:7.0f} ms")
    print(f"  toetsassistent --demo, first frame     {median_first * 1000:7.0f} ms"
          f"   ({median_first / median_minimal:.2f}x the minimal app; target <= 1.5x)")
    print(f"  toetsassistent --demo, demo audit open {statistics.median(app_open) * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
