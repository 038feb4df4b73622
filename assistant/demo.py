"""The built-in demo audit: a fictitious organisation halfway through its toetsing.

`toetsassistent --demo` opens a fresh copy of it, so that a new user can look around in an audit that
already has sources, notes, judgements, open norms and a draft summary, without touching real data.
The content (Dutch, like everything a user reads) lives in `demo_data/demo.json`; this module only
writes it, through the public store API, so the demo is an audit file like any other.

Everything in it is made up: the organisation, the municipality, the ".example" addresses. Interviews
are described by function, never by name.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from assistant.locations import ensure_private_dir
from assistant.store import (
    AUDIT_SUFFIX,
    AuditExists,
    AuditFile,
    Judgement,
    Kerngegevens,
    Note,
    Source,
    Summary,
    related_files,
)
from normsets import NormSetRegistry

#: How many numbered names ("demo-welzijn-de-brug-2.toets", ...) to try before giving up.
MAX_COPIES = 999


def demo_data() -> dict[str, Any]:
    """The demo's content as stored in the package (kern, sources, notes per norm, judgements, summary)."""
    text = (resources.files("assistant") / "demo_data" / "demo.json").read_text(encoding="utf-8")
    return json.loads(text)


def create_demo(folder: Path) -> Path:
    """Write a fresh demo audit into `folder` (created if missing) and return its path.

    Never overwrites: when the plain name is taken, the next free numbered name is used.
    """
    data = demo_data()
    normset = NormSetRegistry(None).get(data["normset"])
    folder = ensure_private_dir(Path(folder))
    # Filled in memory and written once: a demo needs no journal, no backup of its empty state, and no
    # fsync per note.
    audit = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes(),
                                Kerngegevens(**data["kern"]), normset.source_toml)
    _fill(audit, data)
    return _write_fresh(folder, data["file_stem"], audit.tables())


def _write_fresh(folder: Path, stem: str, tables: dict[str, Any]) -> Path:
    for number in range(1, MAX_COPIES + 1):
        name = f"{stem}{AUDIT_SUFFIX}" if number == 1 else f"{stem}-{number}{AUDIT_SUFFIX}"
        candidate = folder / name
        if related_files(candidate):  # the file, or a stray journal, lock or backup of one
            continue
        try:
            AuditFile.write_new(candidate, tables)
            return candidate
        except AuditExists:  # made by someone else between the check and the create
            continue
    raise AuditExists(
        f"In '{folder}' staan al {MAX_COPIES} demotoetsingen; verwijder er een paar en probeer het opnieuw."
    )


def _fill(audit: AuditFile, data: dict[str, Any]) -> None:
    sources: dict[str, Source] = {}
    for item in data["sources"]:
        source = Source.new(item["kind"], item["label"], tuple(item.get("roles", ())), item.get("date", ""))
        sources[item["key"]] = audit.put_source(source)
    # Notes in the order an auditor would have written them: source by source, norm by norm.
    order = {key: index for index, key in enumerate(sources)}
    notes = [(norm_id, item) for norm_id, items in data["notes"].items() for item in items]
    notes.sort(key=lambda pair: order[pair[1]["source"]])
    for norm_id, item in notes:
        audit.put_note(Note.new(norm_id, sources[item["source"]].id, item["kind"], item["text"]))
    for norm_id, item in data["judgements"].items():
        audit.put_judgement(Judgement.new(norm_id, item["value"], item["report_text"]))
    summary = data["summary"]
    audit.put_summary(Summary(
        toelichting=summary["toelichting"],
        complimenten=tuple(summary["complimenten"]),
        zorgpunten=tuple(summary["zorgpunten"]),
        advies=summary["advies"],
    ))
