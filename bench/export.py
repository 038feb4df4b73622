"""Export benchmark: rendering the rapport, the werkdocument and the JSON for audits of growing size.

Run with `make bench` or `python -m bench.export`. Prints the median and p95 in milliseconds per
rendering. Target (issue 6): rapport and werkdocument each under 200 ms for an audit of 2,000 notes.
The audits are built in memory (notes spread over the 49 norms and ten sources, every norm judged
with a report text), so only the rendering is timed, not the disk.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from typing import Callable

from assistant.store import Audit, AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from exports import render_json, render_report, render_workdoc
from normsets import NormSet, NormSetRegistry

SIZES = (2_000, 20_000)
SOURCE_KINDS = ("gesprek", "gesprek", "gesprek", "gesprek", "document", "document", "registratie",
                "registratie", "observatie", "gegevens")
NOTE_KINDS = ("bevinding", "bevinding", "bewijs", "suggestie", "citaat")
NOTE_TEXTS = (
    "De professional gaf een concreet voorbeeld van een casus waarin het netwerk van de klant werd betrokken; "
    "het verslag in het registratiesysteem is ingezien en bevestigt dit.",
    "Werkbegeleiding | intervisie: elke zes weken, *verslagen* aanwezig <map 'Team Noord'> & besproken.\n"
    "Tweede regel met een opsomming:\n1. doelen\n2. evaluatie",
    "„We bespreken elke casus in het team voordat we een plan maken.” (ambulant werker)",
)
REPORT_TEXT = (
    "Uit de gesprekken met professionals en leidinggevenden en uit de ingeziene dossiers blijkt dat deze norm "
    "in de praktijk wordt waargemaakt. De werkwijze is vastgelegd en wordt in het team besproken; "
    "verbeterpunt is de registratie van de afspraken in het cliëntsysteem."
)


def build_file(normset: NormSet, notes: int) -> AuditFile:
    """An in-memory audit of `notes` notes over the set's norms and ten sources, every norm judged.

    Built through the store (not by constructing an `Audit`), so that the JSON export, which writes every
    stored record, has the records to write.
    """
    audit = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes(),
                                Kerngegevens(organisatie="Welzijn Bench"), normset.source_toml)
    sources = [
        audit.put_source(Source.new(kind, f"bron {number}: {kind} in wijk {number % 4}",
                                    ("P", "Mng") if kind == "gesprek" else (), f"2026-11-{10 + number:02d}"))
        for number, kind in enumerate(SOURCE_KINDS, start=1)
    ]
    norm_ids = normset.norm_ids
    for index in range(notes):
        audit.put_note(Note.new(norm_ids[index % len(norm_ids)], sources[(index // len(norm_ids)) % len(sources)].id,
                                NOTE_KINDS[index % len(NOTE_KINDS)], NOTE_TEXTS[index % len(NOTE_TEXTS)]))
    values = ("+", "+", "+", "+/-", "+", "+", "-", "+", "nvt", "+")
    for index, norm_id in enumerate(norm_ids):
        audit.put_judgement(Judgement.new(norm_id, values[index % len(values)], REPORT_TEXT))
    audit.put_summary(Summary("Een toelichting van enkele alinea's.\n\nTweede alinea.", ("Betrokken team",) * 5,
                              ("Registratie",) * 4, "Wij adviseren positief."))
    return audit


def build(normset: NormSet, notes: int) -> Audit:
    """A snapshot of `build_file`."""
    return build_file(normset, notes).snapshot()


def timed(render: Callable[[], str], repeats: int) -> tuple[float, float]:
    """Median and p95 (nearest rank) of `repeats` calls, in milliseconds, after one warm-up call."""
    render()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        render()
        samples.append((time.perf_counter() - start) * 1000)
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[math.ceil(0.95 * len(ordered)) - 1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark van de exports")
    parser.add_argument("--herhalingen", type=int, default=20, help="metingen per export (standaard 20)")
    args = parser.parse_args(argv)
    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    print("exports: rapport, werkdocument en JSON (ms; mediaan en p95)")
    print(f"{'export':<13} {'notities':>9} {'mediaan':>9} {'p95':>9} {'uitvoer':>10}")
    for notes in SIZES:
        audit = build(normset, notes)
        repeats = args.herhalingen if notes <= 2_000 else max(5, args.herhalingen // 4)
        for name, render in (("rapport", lambda: render_report(audit, normset)),
                             ("werkdocument", lambda: render_workdoc(audit, normset)),
                             ("json", lambda: render_json(audit))):
            median, p95 = timed(render, repeats)
            size = len(render().encode("utf-8")) / 1024
            print(f"{name:<13} {notes:>9,} {median:>9.1f} {p95:>9.1f} {size:>6.0f} KiB")
    print("doel: rapport en werkdocument onder 200 ms bij 2,000 notities")


if __name__ == "__main__":
    main()
