"""Upgrading audit files written by older versions, one schema step at a time.

Schema 1 was the first layout of the audit file (never released): the summary's complimenten and
zorgpunten were one text each, an item per line. Schema 2 keeps them as lists, so they can be edited and
reordered one by one and exported one per table row. Schema 3 has the same tables; its files check
themselves (a SHA-256 over the base file, a CRC32 per journal line, see `assistant.store.journal`), so a
file that claims schema 3 without its checksum is refused as damaged. Schema 4 makes every record
mergeable and adds the fields of the real report form (see `_v3_to_v4`). Each step is a pure function on the
raw tables; a step may meet any damage an old file can hold, so `migrate` turns every failure into a
`ValueError` for the caller to word.
"""

from __future__ import annotations

from typing import Any, Callable

from assistant.store.convert import TABLE_KERN, TABLE_LISTS, TABLE_META, TABLE_SUMMARY, is_int, schema_version_of
from assistant.store.model import LIST_NAMES, RESEARCH_FORMS, SCHEMA_VERSION, new_id

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


#: Schema 3's date fields of part A, renamed in schema 4 to the four dates as the form names them.
_RENAMED_DATES = {
    "datum_conceptrapport": "datum_verslag_team",
    "datum_reactie": "datum_verbeterplan",
    "datum_advies": "datum_inzending",
}


def _v3_to_v4(tables: Tables) -> Tables:
    """Records that can be merged, and the fields of the real form.

    - The meta gets `instance` (this copy's own id; the audit's id stays `id`).
    - Complimenten, zorgpunten and the kerngegeven gesprekspartners (one per line) become list items, one
      record each, in their order.
    - Three dates are renamed to the form's names (the report's "Datum conceptrapport" is the form's
      "Verslag team naar lid-organisatie", "Datum reactie organisatie" its "Ontvangst verbeterplan met
      akkoord", "Datum advies aan Sociaal Werk Nederland" its "Inzending samenvatting").
    - "Gekozen vorm van het onderzoek" becomes a choice: a text that names one of the four forms becomes
      that choice; any other text moves, unchanged, to the new free-text field beside it.
    Records get their bookkeeping fields (author, revision, ...) as they are next written.
    """
    lists: dict[str, list[str]] = {name: [] for name in LIST_NAMES}
    for doc in tables.get(TABLE_META, {}).values():
        doc.setdefault("instance", new_id())
    for doc in tables.get(TABLE_KERN, {}).values():
        for old, new in _RENAMED_DATES.items():
            if old in doc:
                doc[new] = doc.pop(old)
        form = str(doc.get("vorm_onderzoek") or "").strip()
        if form:
            choice = next((key for key, label in RESEARCH_FORMS.items()
                           if form.casefold() in (key, label.casefold())), None)
            doc["vorm_onderzoek"] = choice or ""
            if choice is None:
                doc["vorm_toelichting"] = form
        lists["gesprekspartners"] += _split_lines(doc.pop("gesprekspartners", ""))
    for doc in tables.get(TABLE_SUMMARY, {}).values():
        lists["complimenten"] += _split_lines(doc.pop("complimenten", []))
        lists["zorgpunten"] += _split_lines(doc.pop("zorgpunten", []))
    items = tables.setdefault(TABLE_LISTS, {})
    number = len(items)
    for name in LIST_NAMES:
        for position, text in enumerate(lists[name], start=1):
            number += 1
            items[str(number)] = {"id": new_id(), "list": name, "text": text, "position": float(position)}
    return tables


#: from-version -> the step that brings a file to from-version + 1
STEPS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}
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
