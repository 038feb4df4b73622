"""`make bench` / `python -m bench`: run every benchmark in turn and print its table."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("store", "export", "docx", "merge", "startup", "key_echo", "screens", "hangup")


def main() -> int:
    for name in BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n== bench.{name} ==", flush=True)
        module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
