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

from assistant.store.model import (
    ADVICE_CHOICES,
    FOLLOW_UP_STATES,
    LIST_NAMES,
    NOTE_KINDS,
    PLAN_STATES,
    RESEARCH_FORMS,
    SOURCE_KINDS,
    AuditMeta,
    FollowUp,
    HistoryEntry,
    Judgement,
    Kerngegevens,
    Note,
    Plan,
    PreviousJudgement,
    Source,
    Summary,
    Walk,
)

TABLE_META = "meta"
TABLE_KERN = "kern"
TABLE_SUMMARY = "samenvatting"
TABLE_SOURCES = "bronnen"
TABLE_NOTES = "notities"
TABLE_JUDGEMENTS = "oordelen"
TABLE_LISTS = "lijstpunten"  # complimenten, zorgpunten, gesprekspartners: one record per item
TABLE_PLANS = "plannen"  # plans of approach, one per norm judged +/- or -
TABLE_FOLLOW_UPS = "opvolging"  # re-certification: was the previous verbeterpunt carried out?
TABLE_PREVIOUS = "vorige"  # re-certification: each norm's previous judgement (read-only)
TABLE_PREVIOUS_AUDIT = "vorige_toetsing"  # re-certification: which audit that was
TABLE_SELF_EVALUATION = "zelfevaluatie"  # the organisation's own account per norm
TABLE_WALKS = "rondgangen"  # each interview's walk, so it can be continued
TABLE_HISTORY = "geschiedenis"  # values that lost a merge: nothing typed is ever gone
TABLE_BASES = "basis"  # the common base of a merge, per other copy
TABLE_DRAFTS = "concepten"
TABLE_NORMSET = "normenset"  # a copy of the norm-set file the audit was made with
#: Tables that hold exactly one document, number 1 (the copy of the norm set may be missing).
SINGLE_TABLES = (TABLE_META, TABLE_KERN, TABLE_SUMMARY, TABLE_NORMSET, TABLE_PREVIOUS_AUDIT)
REQUIRED_TABLES = (TABLE_META, TABLE_KERN, TABLE_SUMMARY)
#: Per record table, the field that identifies a record (unique in the table; what a merge matches on).
KEY_FIELDS = {
    TABLE_SOURCES: "id",
    TABLE_NOTES: "id",
    TABLE_JUDGEMENTS: "norm_id",
    TABLE_LISTS: "id",
    TABLE_PLANS: "norm_id",
    TABLE_FOLLOW_UPS: "norm_id",
    TABLE_PREVIOUS: "norm_id",
    TABLE_SELF_EVALUATION: "norm_id",
    TABLE_WALKS: "source_id",
    TABLE_HISTORY: "id",
    TABLE_BASES: "id",
    TABLE_DRAFTS: "key",
}
RECORD_TABLES = tuple(KEY_FIELDS)
#: Bookkeeping of every record: who wrote it last, when, how often, and whether it was deleted (a
#: tombstone keeps a deleted record, so a merge can tell "deleted there" from "never had it").
ENVELOPE = ("author", "created", "updated", "revision", "deleted")
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


def plan_to_doc(plan: Plan) -> dict[str, Any]:
    return asdict(plan)


def plan_from_doc(doc: dict[str, Any]) -> Plan:
    return Plan(**_known(Plan, doc))


def follow_up_to_doc(follow_up: FollowUp) -> dict[str, Any]:
    return asdict(follow_up)


def follow_up_from_doc(doc: dict[str, Any]) -> FollowUp:
    return FollowUp(**_known(FollowUp, doc))


def previous_from_doc(doc: dict[str, Any]) -> PreviousJudgement:
    return PreviousJudgement(**_known(PreviousJudgement, doc))


def previous_to_doc(previous: PreviousJudgement) -> dict[str, Any]:
    return asdict(previous)


def walk_to_doc(walk: Walk) -> dict[str, Any]:
    doc = asdict(walk)
    for name in ("roles", "route", "asked", "skipped"):
        doc[name] = list(doc[name])
    return doc


def walk_from_doc(doc: dict[str, Any]) -> Walk:
    values = _known(Walk, doc)
    for name in ("roles", "route", "asked", "skipped"):
        values[name] = tuple(values.get(name) or ())
    return Walk(**values)


def history_from_doc(doc: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(**_known(HistoryEntry, doc))


def history_to_doc(entry: HistoryEntry) -> dict[str, Any]:
    return asdict(entry)


def note_to_doc(note: Note) -> dict[str, Any]:
    return asdict(note)


def note_from_doc(doc: dict[str, Any]) -> Note:
    return Note(**_known(Note, doc))


def judgement_to_doc(judgement: Judgement) -> dict[str, Any]:
    return asdict(judgement)


def judgement_from_doc(doc: dict[str, Any]) -> Judgement:
    return Judgement(**_known(Judgement, doc))


def kern_to_doc(kern: Kerngegevens) -> dict[str, Any]:
    """The kerngegevens document; `gesprekspartners` is kept as list items (`TABLE_LISTS`) instead."""
    doc = asdict(kern)
    doc.pop("gesprekspartners")
    return doc


def kern_from_doc(doc: dict[str, Any] | None, partners: tuple[str, ...] = ()) -> Kerngegevens:
    values = {key: str(value) for key, value in _known(Kerngegevens, doc or {}).items() if value is not None}
    values["gesprekspartners"] = "\n".join(partners)
    return Kerngegevens(**values)


def summary_to_doc(summary: Summary) -> dict[str, Any]:
    """The summary's own fields; its lists are list items (`TABLE_LISTS`), not part of this document."""
    return {"toelichting": summary.toelichting, "advies": summary.advies, "advies_keuze": summary.advies_keuze}


def summary_from_doc(doc: dict[str, Any] | None, lists: dict[str, tuple[str, ...]] | None = None) -> Summary:
    values = _known(Summary, doc or {})
    lists = lists or {}
    values["complimenten"] = lists.get("complimenten", ())
    values["zorgpunten"] = lists.get("zorgpunten", ())
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


def _number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and value == value and value not in (float("inf"), float("-inf")))


def _any(value: Any) -> bool:
    return True


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


def _revision(value: Any) -> bool:
    return is_int(value) and value >= 0


TEXT = (_text, "een tekst")
TEXT_OR_NULL = (_text_or_none, "een tekst of null")
TEXT_LIST = (_text_list, "een lijst van teksten")
TEXT_MAP = (_text_map, "een object met per sleutel een tekst")
INTEGER = (is_int, "een geheel getal")
NUMBER = (_number, "een getal")
BOOLEAN = (_bool, "true of false")
ANY = (_any, "een waarde")
OBJECT = (lambda value: isinstance(value, dict), "een object")

Spec = dict[str, tuple[Check, str, bool]]


def _choice(choices: tuple[str, ...], allow_empty: bool = False, allow_none: bool = False) -> tuple[Check, str]:
    allowed = (("",) if allow_empty else ()) + tuple(choices)
    shown = ", ".join(choices) + (" of leeg" if allow_empty else "") + (" of null" if allow_none else "")
    return (_one_of(allowed, allow_none=allow_none), f"een van {shown}")


def _with_envelope(spec: Spec, *, deletable: bool = True) -> Spec:
    spec = dict(spec)
    spec.setdefault("author", (*TEXT, False))
    spec.setdefault("created", (*TEXT, False))
    spec.setdefault("updated", (*TEXT, False))
    spec.setdefault("revision", (_revision, "een geheel getal van 0 of meer", False))
    if deletable:
        spec.setdefault("deleted", (*BOOLEAN, False))
    return spec


_KERN_CHOICES = {"vorm_onderzoek": _choice(tuple(RESEARCH_FORMS), allow_empty=True)}

#: table -> field -> (check, what the value should be in Dutch, required)
FIELDS: dict[str, Spec] = {
    TABLE_META: {
        "id": (*TEXT, True),
        "normset_id": (*TEXT, True),
        "normset_hash": (*TEXT, True),
        "norm_hashes": (*TEXT_MAP, False),
        "created": (*TEXT, False),
        "schema_version": (*INTEGER, True),
        "instance": (*TEXT, False),
        "auditor": (*TEXT, False),
    },
    TABLE_KERN: _with_envelope({name: (*_KERN_CHOICES.get(name, TEXT), False)
                                for name in Kerngegevens.field_names() if name != "gesprekspartners"},
                               deletable=False),
    TABLE_SUMMARY: _with_envelope({
        "toelichting": (*TEXT, False),
        "advies": (*TEXT, False),
        "advies_keuze": (*_choice(tuple(ADVICE_CHOICES), allow_empty=True), False),
    }, deletable=False),
    TABLE_SOURCES: _with_envelope({
        "id": (*TEXT, True),
        "kind": (_one_of(SOURCE_KINDS), f"een van {', '.join(SOURCE_KINDS)}", True),
        "label": (*TEXT, True),
        "roles": (*TEXT_LIST, False),
        "date": (*TEXT, False),
    }),
    TABLE_NOTES: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "source_id": (*TEXT_OR_NULL, True),
        "kind": (_one_of(NOTE_KINDS), f"een van {', '.join(NOTE_KINDS)}", True),
        "text": (*TEXT, True),
    }),
    TABLE_JUDGEMENTS: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "value": (_one_of(JUDGEMENT_CODES, allow_none=True), f"null of een van {', '.join(JUDGEMENT_CODES)}", False),
        "report_text": (*TEXT, False),
    }),
    TABLE_LISTS: _with_envelope({
        "id": (*TEXT, True),
        "list": (*_choice(LIST_NAMES), True),
        "text": (*TEXT, True),
        "position": (*NUMBER, True),
    }),
    TABLE_PLANS: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "status": (*_choice(tuple(PLAN_STATES)), True),
        "received": (*TEXT, False),
        "approved": (*TEXT, False),
        "note": (*TEXT, False),
    }),
    TABLE_FOLLOW_UPS: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "status": (*_choice(tuple(FOLLOW_UP_STATES), allow_empty=True), True),
        "text": (*TEXT, False),
    }),
    TABLE_PREVIOUS: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "value": (_one_of(JUDGEMENT_CODES, allow_none=True), f"null of een van {', '.join(JUDGEMENT_CODES)}", False),
        "report_text": (*TEXT, False),
        "previous_norm_id": (*TEXT, False),
    }),
    TABLE_PREVIOUS_AUDIT: {
        "date": (*TEXT, True),
        "normset_id": (*TEXT, True),
        "organisation": (*TEXT, False),
        "source": (*TEXT, False),
        "unmatched": (*TEXT_LIST, False),
    },
    TABLE_SELF_EVALUATION: _with_envelope({
        "id": (*TEXT, True),
        "norm_id": (*TEXT, True),
        "text": (*TEXT, True),
    }),
    TABLE_WALKS: _with_envelope({
        "id": (*TEXT, True),
        "source_id": (*TEXT, True),
        "roles": (*TEXT_LIST, True),
        "route": (*TEXT_LIST, True),
        "asked": (*TEXT_LIST, False),
        "skipped": (*TEXT_LIST, False),
        "current": (*TEXT_OR_NULL, False),
    }),
    TABLE_HISTORY: {
        "id": (*TEXT, True),
        "table": (*TEXT, True),
        "key": (*TEXT, True),
        "field": (*TEXT, True),
        "value": (*ANY, True),
        "reason": (*TEXT, True),
        "date": (*TEXT, True),
        "author": (*TEXT, False),
    },
    TABLE_BASES: {
        "id": (*TEXT, True),
        "peer": (*TEXT, True),
        "table": (*TEXT, True),
        "key": (*TEXT, True),
        "doc": (*OBJECT, True),
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
UNIQUE = KEY_FIELDS

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
    TABLE_LISTS: "lijstpunt {doc_id}",
    TABLE_PLANS: "plan van aanpak {doc_id}",
    TABLE_FOLLOW_UPS: "opvolging {doc_id}",
    TABLE_PREVIOUS: "vorig oordeel {doc_id}",
    TABLE_PREVIOUS_AUDIT: "de gegevens van de vorige toetsing",
    TABLE_SELF_EVALUATION: "zelfevaluatie {doc_id}",
    TABLE_WALKS: "rondgang {doc_id}",
    TABLE_HISTORY: "geschiedenis {doc_id}",
    TABLE_BASES: "basisrecord {doc_id}",
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
    if table == TABLE_BASES:
        inner = doc["table"]
        if inner not in KEY_FIELDS or inner in (TABLE_BASES, TABLE_DRAFTS, TABLE_HISTORY):
            if inner not in (TABLE_KERN, TABLE_SUMMARY):
                raise DocumentError(f"bij {name} staat een onbekende tabel '{inner}'")
        check_document(inner, f"{doc_id} (basis)", doc["doc"])


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
