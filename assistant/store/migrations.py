"""Upgrading audit files written by older versions, one schema step at a time.

Schema 1 was the first layout of the audit file (never released): the summary's complimenten and
zorgpunten were one text each, an item per line. Schema 2 keeps them as lists, so they can be edited and
reordered one by one and exported one per table row. Schema 3 has the same tables; its files check
themselves (a SHA-256 over the base file, a CRC32 per journal line, see `assistant.store.journal`), so a
file that claims schema 3 without its checksum is refused as damaged. Each step is a pure function on the
raw tables; a step may meet any damage an old file can hold, so `migrate` turns every failure into a
`ValueError` for the caller to word.
"""

from __future__ import annotations

from typing import Any, Callable

from assistant.store.convert import TABLE_META, TABLE_SUMMARY, is_int, schema_version_of
from assistant.store.model import SCHEMA_VERSION

Tables = dict[str, dict[str, Any]]


def _split_lines(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    if not value:
        return []
    return [line.strip() for line in str(value).splitlines() if line.strip()]


def _v1_to_v2(tables: Tables) -> Tables:
    summary = tables.get(TABLE_SUMMARY, {})
    for key, doc in list(summary.items()):
        doc = dict(doc)
        doc["complimenten"] = _split_lines(doc.get("complimenten"))
        doc["zorgpunten"] = _split_lines(doc.get("zorgpunten"))
        summary[key] = doc
    return tables


def _v2_to_v3(tables: Tables) -> Tables:
    return tables  # the checksums live in the file format, not in the tables


#: from-version -> the step that brings a file to from-version + 1
STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2, 2: _v2_to_v3}
FIRST_VERSION = min(STEPS)


def schema_version(tables: Tables) -> int | None:
    version = schema_version_of(tables)
    return version if is_int(version) else None


def migrate(tables: Tables) -> tuple[Tables, int]:
    """Bring `tables` to the current schema; returns the new tables and the version it started from.

    Raises `ValueError` (with a Dutch reason) for a version it cannot migrate from or a file whose
    old content does not have the shape a step expects.
    """
    start = schema_version(tables)
    if start is None:
        raise ValueError("geen schemaversie")
    if not FIRST_VERSION <= start <= SCHEMA_VERSION:
        raise ValueError(f"onbekende schemaversie {start}")
    version = start
    try:
        tables = {name: {key: dict(doc) for key, doc in table.items()} for name, table in tables.items()}
        while version < SCHEMA_VERSION:
            tables = STEPS[version](tables)
            version += 1
        if start != SCHEMA_VERSION:
            for doc in tables[TABLE_META].values():
                doc["schema_version"] = SCHEMA_VERSION
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError):
        raise ValueError(f"het bijwerken van schemaversie {start} mislukte: de inhoud heeft niet de vorm van "
                         f"die versie") from None
    return tables, start
