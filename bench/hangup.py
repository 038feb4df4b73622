"""Hangup benchmark: how long toetsassistent lives on after its terminal closes or it gets SIGTERM.

Runs the scenarios of `tests/pty_hangup.py` (the same ones the pty tests assert on) several times and
prints, per scenario, the median and the longest time from the hangup to the process being gone, and how
many runs ended by themselves (exit code 0) rather than by the watchdog's forced exit. Requirement
(issue 9): gone within 2 s, every time.

Run with `python -m bench.hangup [--runs N]` (or `make bench`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from tests import pty_hangup as hangup

SCENARIOS = (
    ("app: Ctrl+Q, terminal closed 0.1-0.3 s later", hangup.app_quit_then_hang_up),
    ("app: terminal closed while typing", hangup.app_hang_up_while_typing),
    ("lijn: terminal closed while typing", hangup.line_hang_up_while_typing),
    ("app: SIGTERM with a modal open", hangup.app_terminated_in_modal),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per scenario (the median is reported)")
    args = parser.parse_args(argv)
    print(f"hangup to process gone, {args.runs} runs per scenario (bound {hangup.EXIT_BOUND:.1f} s):")
    for label, scenario in SCENARIOS:
        seconds: list[float] = []
        clean = outlived = 0
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                outcome = scenario(Path(folder), random.Random(run))
            if outcome.seconds is None:
                outlived += 1
                continue
            seconds.append(outcome.seconds)
            clean += outcome.exit_code == 0
        median = f"{statistics.median(seconds) * 1000:6.0f} ms" if seconds else "     -   "
        longest = f"{max(seconds) * 1000:6.0f} ms" if seconds else "     -   "
        print(f"  {label:48s} median {median}  max {longest}  ended by itself {clean}/{args.runs}"
              + (f"  OUTLIVED {outlived}" if outlived else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
