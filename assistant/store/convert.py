"""Conversion between the audit's domain records and TinyDB documents; the only place that knows both.

Documents use Dutch-free, stable keys (they are a file format, not a user text); tuples become lists.

Reading is also where a document is checked: `check_tables` holds every table and field of the current
schema with the type it must have, and refuses anything else (an unknown table or field, a wrong type, a
missing required field, a document id that is not a plain number, a key that occurs twice) with a
`DocumentError` that names the record and the field in Dutch. After `check_tables` the `*_from_doc`
functions cannot fail. The audit file, the JSON import and the start screen all check through here, so
a document is either valid everywhere or refused everywhere.
"""

from __future__ import annotations

import re
from dataclasses import asdict, fields
from typing import Any, Callable

from assistant.store.model import NOTE_KINDS, SOURCE_KINDS, AuditMeta, Judgement, Kerngegevens, Note, Source, Summary

TABLE_META = "meta"
TABLE_KERN = "kern"
TABLE_SUMMARY = "samenvatting"
TABLE_SOURCES = "bronnen"
TABLE_NOTES = "notities"
TABLE_JUDGEMENTS = "oordelen"
TABLE_DRAFTS = "concepten"
TABLE_NORMSET = "normenset"  # a copy of the norm-set file the audit was made with
RECORD_TABLES = (TABLE_SOURCES, TABLE_NOTES, TABLE_JUDGEMENTS, TABLE_DRAFTS)
#: Tables that hold exactly one document, number 1 (the copy of the norm set may be missing).
SINGLE_TABLES = (TABLE_META, TABLE_KERN, TABLE_SUMMARY, TABLE_NORMSET)
REQUIRED_TABLES = (TABLE_META, TABLE_KERN, TABLE_SUMMARY)
SINGLE_ID = "1"

#: The judgement codes (normsets.model.JUDGEMENTS; repeated so the store does not depend on norm sets).
JUDGEMENT_CODES = ("+", "+/-", "-", "nvt", "nb")


def _known(cls: type, doc: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in doc.items() if key in names}


def source_to_doc(source: Source) -> dict[str, Any]:
    doc = asdict(source)
    doc["roles"] = list(source.roles)
    return doc


def source_from_doc(doc: dict[str, Any]) -> Source:
    values = _known(Source, doc)
    values["roles"] = tuple(values.get("roles") or ())
    return Source(**values)


def note_to_doc(note: Note) -> dict[str, Any]:
    return asdict(note)


def note_from_doc(doc: dict[str, Any]) -> Note:
    return Note(**_known(Note, doc))


def judgement_to_doc(judgement: Judgement) -> dict[str, Any]:
    return asdict(judgement)


def judgement_from_doc(doc: dict[str, Any]) -> Judgement:
    return Judgement(**_known(Judgement, doc))


def kern_to_doc(kern: Kerngegevens) -> dict[str, Any]:
    return asdict(kern)


def kern_from_doc(doc: dict[str, Any] | None) -> Kerngegevens:
    values = {key: str(value) for key, value in _known(Kerngegevens, doc or {}).items() if value is not None}
    return Kerngegevens(**values)


def summary_to_doc(summary: Summary) -> dict[str, Any]:
    doc = asdict(summary)
    doc["complimenten"] = list(summary.complimenten)
    doc["zorgpunten"] = list(summary.zorgpunten)
    return doc


def summary_from_doc(doc: dict[str, Any] | None) -> Summary:
    values = _known(Summary, doc or {})
    values["complimenten"] = tuple(values.get("complimenten") or ())
    values["zorgpunten"] = tuple(values.get("zorgpunten") or ())
    return Summary(**values)


def meta_to_doc(meta: AuditMeta) -> dict[str, Any]:
    return asdict(meta)


def meta_from_doc(doc: dict[str, Any]) -> AuditMeta:
    values = _known(AuditMeta, doc)
    values["norm_hashes"] = dict(values.get("norm_hashes") or {})
    return AuditMeta(**values)


# -- checking ----------------------------------------------------------------------------------------


class DocumentError(ValueError):
    """A table or document that does not have the shape of the current schema; `str()` is Dutch."""


Check = Callable[[Any], bool]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def _one_of(choices: tuple[str, ...], allow_none: bool = False) -> Check:
    def check(value: Any) -> bool:
        return (allow_none and value is None) or (isinstance(value, str) and value in choices)

    return check


TEXT = (_text, "een tekst")
TEXT_OR_NULL = (_text_or_none, "een tekst of null")
TEXT_LIST = (_text_list, "een lijst van teksten")
TEXT_MAP = (_text_map, "een object met per sleutel een tekst")
INTEGER = (is_int, "een geheel getal")

#: table -> field -> (check, what the value should be in Dutch, required)
FIELDS: dict[str, dict[str, tuple[Check, str, bool]]] = {
    TABLE_META: {
        "id": (*TEXT, True),
        "normset_id": (*TEXT, True),
        "normset_hash": (*TEXT, True),
        "norm_hashes": (*TEXT_MAP, False),
        "created": (*TEXT, False),
        "schema_version": (*INTEGER, True),
    },
    TABLE_KERN: {name: (*TEXT, False) for name in Kerngegevens.field_names()},
    TABLE_SUMMARY: {
        "toelichting": (*TEXT, False),
        "complimenten": (*TEXT_LIST, False),
        "zorgpunten": (*TEXT_LIST, False),
        "advies": (*TEXT, False),
    },
    TABLE_SOURCES: {
        "id": (*TEXT, True),
        "kind": (_one_of(SOURCE_KINDS), f"een van {', '.join(SOURCE_KINDS)}", True),
        "label": (*TEXT, True),
        "roles": (*TEXT_LIST, False),
        "date": (*TEXT, False),
        "created": (*TEXT, False),
    },
    TABLE_NOTES: {
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "source_id": (*TEXT_OR_NULL, True),
        "kind": (_one_of(NOTE_KINDS), f"een van {', '.join(NOTE_KINDS)}", True),
        "text": (*TEXT, True),
        "created": (*TEXT, False),
    },
    TABLE_JUDGEMENTS: {
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "value": (_one_of(JUDGEMENT_CODES, allow_none=True), f"null of een van {', '.join(JUDGEMENT_CODES)}", False),
        "report_text": (*TEXT, False),
        "updated": (*TEXT, False),
    },
    TABLE_DRAFTS: {
        "key": (*TEXT, True),
        "text": (*TEXT, True),
        "updated": (*TEXT, False),
    },
    TABLE_NORMSET: {
        "toml": (*TEXT, True),
    },
}

#: Per record table, the field that must be unique (the key the audit file indexes its records by).
UNIQUE = {TABLE_SOURCES: "id", TABLE_NOTES: "id", TABLE_JUDGEMENTS: "norm_id", TABLE_DRAFTS: "key"}

#: How a message names one document of a table.
_RECORD_NAMES = {
    TABLE_META: "de beschrijving van het bestand (tabel 'meta')",
    TABLE_KERN: "de kerngegevens",
    TABLE_SUMMARY: "de samenvatting",
    TABLE_SOURCES: "bron {doc_id}",
    TABLE_NOTES: "notitie {doc_id}",
    TABLE_JUDGEMENTS: "oordeel {doc_id}",
    TABLE_DRAFTS: "concept {doc_id}",
    TABLE_NORMSET: "de kopie van de normenset",
}

_DOC_ID = re.compile(r"[1-9][0-9]{0,17}")


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "een waarheidswaarde"
    if isinstance(value, (int, float)):
        return "een getal"
    if isinstance(value, str):
        return "een tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een object"
    return type(value).__name__


def record_name(table: str, doc_id: str) -> str:
    """How a message names a document: "notitie 12", "de kerngegevens"."""
    return _RECORD_NAMES.get(table, f"document {doc_id} van tabel '{table}'").format(doc_id=doc_id)


def check_document(table: str, doc_id: str, doc: Any) -> None:
    """Refuse one document that does not fit its table (see the module docstring)."""
    name = record_name(table, doc_id)
    if not isinstance(doc, dict):
        raise DocumentError(f"{name} is geen object maar {_type_name(doc)}")
    spec = FIELDS[table]
    for field_name, (check, expected, required) in spec.items():
        if field_name not in doc:
            if required:
                raise DocumentError(f"bij {name} ontbreekt het veld '{field_name}'")
            continue
        value = doc[field_name]
        if not check(value):
            shown = f"'{value}'" if isinstance(value, str) and len(value) <= 40 else _type_name(value)
            raise DocumentError(f"bij {name} moet het veld '{field_name}' {expected} zijn, niet {shown}")
    unknown = sorted(key for key in doc if key not in spec)
    if unknown:
        raise DocumentError(f"bij {name} staat een onbekend veld '{unknown[0]}'")


def check_shape(tables: Any) -> None:
    """Only the outer shape: an object of tables, each an object of documents under plain numbers."""
    if not isinstance(tables, dict):
        raise DocumentError("het bestand heeft niet de vorm van een TinyDB-database")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise DocumentError(f"de tabel '{name}' is geen object maar {_type_name(table)}")
        for doc_id, doc in table.items():
            if not _DOC_ID.fullmatch(doc_id):
                raise DocumentError(f"in de tabel '{name}' staat een document onder '{doc_id}', geen gewoon nummer")
            if not isinstance(doc, dict):
                raise DocumentError(f"{record_name(name, doc_id)} is geen object maar {_type_name(doc)}")


def check_tables(tables: Any) -> None:
    """Refuse `tables` unless every table, document and field fits the current schema."""
    check_shape(tables)
    unknown = sorted(set(tables) - set(FIELDS))
    if unknown:
        raise DocumentError(f"er staat een onbekende tabel '{unknown[0]}' in")
    if not tables.get(TABLE_META):
        raise DocumentError("het is geen auditbestand van toetsassistent (de tabel 'meta' ontbreekt)")
    for name in SINGLE_TABLES:
        table = tables.get(name)
        if name not in REQUIRED_TABLES and not table:
            continue
        if table is None:
            raise DocumentError(f"de tabel '{name}' ontbreekt")
        if list(table) != [SINGLE_ID]:
            raise DocumentError(f"de tabel '{name}' moet precies één document hebben (nummer 1)")
    for name, table in tables.items():
        seen: set[str] = set()
        unique = UNIQUE.get(name)
        for doc_id, doc in table.items():
            check_document(name, doc_id, doc)
            if unique is not None:
                key = doc[unique]
                if key in seen:
                    raise DocumentError(f"{record_name(name, doc_id)}: {unique} '{key}' komt twee keer voor")
                seen.add(key)


def schema_version_of(tables: dict[str, Any]) -> Any:
    """The raw schema_version of the meta document (not checked), or None when there is none."""
    meta = tables.get(TABLE_META)
    if not isinstance(meta, dict):
        return None
    doc = meta.get(SINGLE_ID)
    if not isinstance(doc, dict):
        doc = next((value for value in meta.values() if isinstance(value, dict)), None)
    return doc.get("schema_version") if isinstance(doc, dict) else None
