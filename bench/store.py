"""Storage benchmark: open time, cost of an acknowledged note, file size, for audits of growing size.

Run with `make bench` or `python -m bench.store`. Prints medians and p95 in milliseconds. Targets (issue 3):
opening a 2,000-note audit under 150 ms; an acknowledged note under 25 ms p95 at 2,000 notes and under
60 ms p95 at 5,000.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from assistant.store import AuditFile, Kerngegevens, Note, Source
from assistant.store import convert as cv
from assistant.store.audit_file import initial_tables
from assistant.store.journal import create_base
from normsets import NormSetRegistry

SIZES = (200, 2_000, 5_000, 20_000)
TEXT = ("De professional gaf een concreet voorbeeld van een casus waarin het netwerk van de klant werd betrokken; "
        "het verslag in het registratiesysteem is ingezien en bevestigt dit.")


def build(path: Path, notes: int) -> None:
    """Write an audit with `notes` notes over the 49 norms and ten sources, as one base file."""
    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    tables = initial_tables(normset.id, normset.content_hash(), normset.text_hashes(), Kerngegevens(organisatie="Bench"))
    sources = [Source.new("gesprek", f"gesprek {n}", ("P",)) for n in range(10)]
    tables[cv.TABLE_SOURCES] = {str(i + 1): cv.source_to_doc(s) for i, s in enumerate(sources)}
    norm_ids = normset.norm_ids
    tables[cv.TABLE_NOTES] = {
        str(i + 1): cv.note_to_doc(Note.new(norm_ids[i % len(norm_ids)], sources[i % 10].id, "bevinding", TEXT))
        for i in range(notes)
    }
    create_base(path, tables)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(notes: int, writes: int, opens: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.toets"
        build(path, notes)
        open_times = []
        for _ in range(opens):
            start = time.perf_counter()
            audit = AuditFile.open(path, backups=0)
            open_times.append(time.perf_counter() - start)
            audit.close()
        audit = AuditFile.open(path, backups=0)
        source_id = audit.snapshot().sources[0].id
        write_times = []
        for index in range(writes):
            note = Note.new("V5", source_id, "bevinding", f"{TEXT} ({index})")
            start = time.perf_counter()
            audit.put_note(note)
            write_times.append(time.perf_counter() - start)
        audit.close()
        return {
            "notes": notes,
            "open_median": statistics.median(open_times) * 1000,
            "write_median": statistics.median(write_times) * 1000,
            "write_p95": percentile(write_times, 0.95) * 1000,
            "size_kib": path.stat().st_size / 1024,
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark van de opslag")
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args(argv)
    print("opslag: openen en bevestigde notities (ms; mediaan en p95)")
    print(f"{'notities':>9} {'openen':>9} {'notitie med':>12} {'notitie p95':>12} {'bestand':>10}")
    for notes in SIZES:
        row = measure(notes, args.writes, args.opens)
        print(f"{row['notes']:>9,} {row['open_median']:>8.1f}  {row['write_median']:>11.2f} {row['write_p95']:>12.2f}"
              f" {row['size_kib']:>7.0f} KiB")


if __name__ == "__main__":
    main()
