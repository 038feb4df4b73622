"""Upgrading audit files written by older versions, one schema step at a time.

Schema 1 was the first layout of the audit file (never released): the summary's complimenten and
zorgpunten were one text each, an item per line. Schema 2 keeps them as lists, so they can be edited and
reordered one by one and exported one per table row. Each step is a pure function on the raw tables.
"""

from __future__ import annotations

from typing import Any, Callable

from assistant.store.convert import TABLE_META, TABLE_SUMMARY
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


#: from-version -> the step that brings a file to from-version + 1
STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2}


def schema_version(tables: Tables) -> int | None:
    meta = next(iter(tables.get(TABLE_META, {}).values()), None)
    if not isinstance(meta, dict):
        return None
    version = meta.get("schema_version")
    return version if isinstance(version, int) else None


def migrate(tables: Tables) -> tuple[Tables, int]:
    """Bring `tables` to the current schema; returns the new tables and the version it started from."""
    start = schema_version(tables)
    if start is None:
        raise ValueError("geen schemaversie")
    version = start
    tables = {name: {key: dict(doc) for key, doc in table.items()} for name, table in tables.items()}
    while version < SCHEMA_VERSION:
        tables = STEPS[version](tables)
        version += 1
    if start != SCHEMA_VERSION:
        for key, doc in tables[TABLE_META].items():
            doc["schema_version"] = SCHEMA_VERSION
    return tables, start
