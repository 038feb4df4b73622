"""The whole audit as one JSON document, and back: a backup that any text tool can read.

The document wraps the audit file's own tables (see `assistant.store.convert`), so the JSON holds every
record with its id and nothing is lost in translation::

    {"format": "toetsassistent-audit", "schema_version": 2, "generator": "toetsassistent 0.1.0",
     "normset_id": "...", "normset_hash": "...",
     "tables": {"meta": {"1": {...}}, "kern": {"1": {...}}, "samenvatting": {"1": {...}},
                "bronnen": {"1": {...}, ...}, "notities": {...}, "oordelen": {...}, "concepten": {...}}}

Drafts ('concepten': text typed but not yet sent) are included, so that the round trip
`import_json(render_json(audit))` gives back exactly the audit, drafts and all. The schema version
stands at the top so that a future layout of the tables is recognised before they are read.

`import_json` is the trust boundary: it accepts only a document this module could have written (any
older schema is brought up to date with `assistant.store.migrations`), and otherwise raises an
`ImportError_` whose `str()` is one Dutch sentence for the user.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from assistant import __version__
from assistant.store import AuditFile, StoreError
from assistant.store import convert as cv
from assistant.store.migrations import migrate
from assistant.store.model import NOTE_KINDS, SCHEMA_VERSION, SOURCE_KINDS, Audit, Kerngegevens
from flows.safe_text import escape_json
from normsets.model import JUDGEMENTS

FORMAT = "toetsassistent-audit"
_SINGLE = "1"  # the document id of the one document in the meta, kern and samenvatting tables

Tables = dict[str, dict[str, dict[str, Any]]]


class ImportError_(Exception):
    """A JSON document that cannot become an audit file; `str(error)` is the Dutch message."""


class InvalidJson(ImportError_):
    """Not JSON at all (or empty)."""


class TruncatedJson(ImportError_):
    """JSON that stops before the document ends: a copy or save that did not finish."""


class NotAnExport(ImportError_):
    """Valid JSON, but not an export of toetsassistent."""


class ExportTooNew(ImportError_):
    """An export from a newer toetsassistent, with a schema this version does not know."""


class ExportDamaged(ImportError_):
    """An export of toetsassistent whose contents do not have the shape of an audit."""


# -- export ------------------------------------------------------------------------------------


def audit_tables(audit: Audit) -> Tables:
    """The audit as the raw tables of an audit file, records numbered in their creation order."""

    def numbered(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {str(number): doc for number, doc in enumerate(docs, start=1)}

    meta = cv.meta_to_doc(audit.meta)
    meta["schema_version"] = SCHEMA_VERSION
    tables = {
        cv.TABLE_META: {_SINGLE: meta},
        cv.TABLE_KERN: {_SINGLE: cv.kern_to_doc(audit.kern)},
        cv.TABLE_SUMMARY: {_SINGLE: cv.summary_to_doc(audit.summary)},
        cv.TABLE_SOURCES: numbered([cv.source_to_doc(source) for source in audit.sources]),
        cv.TABLE_NOTES: numbered([cv.note_to_doc(note) for note in audit.notes]),
        cv.TABLE_JUDGEMENTS: numbered([cv.judgement_to_doc(j) for j in audit.judgements.values()]),
        cv.TABLE_DRAFTS: numbered([{"key": key, "text": text} for key, text in audit.drafts.items()]),
    }
    if audit.normset_toml:
        tables[cv.TABLE_NORMSET] = {_SINGLE: {"toml": audit.normset_toml}}
    return tables


def render_json(audit: Audit) -> str:
    """The JSON document (UTF-8 text, indented, ending in a newline).

    DEL, C1 controls and direction overrides in the auditor's text are written as ``\\u`` escapes
    (`escape_json`): the same values, but nothing that acts on a terminal when the file is shown.
    """
    document = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "generator": f"toetsassistent {__version__}",
        "normset_id": audit.meta.normset_id,
        "normset_hash": audit.meta.normset_hash,
        "tables": audit_tables(audit),
    }
    return escape_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


# -- import ------------------------------------------------------------------------------------

_NUMBER_TAIL = re.compile(r"[-+.0-9eE]*")
_JSON_REASONS = {
    "Expecting value": "hier ontbreekt een waarde",
    "Expecting property name enclosed in double quotes": "hier hoort een naam tussen dubbele aanhalingstekens",
    "Expecting ',' delimiter": "hier ontbreekt een komma",
    "Expecting ':' delimiter": "hier ontbreekt een dubbele punt",
    "Extra data": "na het einde van het document staat nog tekst",
    "Invalid control character at": "er staat een ongeldig stuurteken in een tekst",
    "Invalid \\escape": "er staat een ongeldige escape (\\) in een tekst",
}


def import_json(text: str) -> Tables:
    """The raw tables (current schema) of a JSON export, ready for `AuditFile.from_tables` or a new file.

    Raises `InvalidJson`, `TruncatedJson`, `NotAnExport`, `ExportTooNew` or `ExportDamaged`.
    """
    document = _parse(text)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        if isinstance(document, dict) and isinstance(document.get(cv.TABLE_META), dict):
            raise NotAnExport(
                "Dit is een auditbestand van toetsassistent, geen JSON-export. "
                "Open het met 'toetsassistent open'; importeren is niet nodig."
            )
        raise NotAnExport(
            f"Dit is geen export van toetsassistent: het kenmerk \"format\": \"{FORMAT}\" ontbreekt. "
            "Maak de export met 'toetsassistent export AUDITBESTAND --formaat json'."
        )
    version = document.get("schema_version")
    if not _is_int(version) or version < 1:
        raise ExportDamaged("De export is beschadigd: de schemaversie ontbreekt of is geen geheel getal.")
    if version > SCHEMA_VERSION:
        raise ExportTooNew(
            f"Deze export is gemaakt met een nieuwere versie van toetsassistent (schema {version}; deze versie "
            f"kent tot en met {SCHEMA_VERSION}). Werk toetsassistent bij en importeer dan opnieuw."
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(table, dict) for table in tables.values()):
        raise ExportDamaged("De export is beschadigd: de tabellen ontbreken of hebben niet de juiste vorm.")
    meta = _single(tables, cv.TABLE_META)
    if meta.get("schema_version") != version:
        raise ExportDamaged("De export is beschadigd: de schemaversie in de tabel 'meta' wijkt af van die bovenaan.")
    for key in ("normset_id", "normset_hash"):
        if key in document and document[key] != meta.get(key):
            raise ExportDamaged(f"De export is beschadigd: '{key}' in de tabel 'meta' wijkt af van die bovenaan.")
    if version < SCHEMA_VERSION:
        try:
            tables, _ = migrate(tables)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ExportDamaged(f"De export kon niet worden bijgewerkt naar het huidige schema ({error}).") from None
    tables = _validated(tables)
    try:
        AuditFile.from_tables(tables).close()
    except StoreError as error:  # the checks above should make this unreachable; never import what won't open
        raise ExportDamaged(f"De export is beschadigd: {error}") from None
    return tables


def _parse(text: str) -> Any:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidJson("Het JSON-bestand is leeg; er valt niets te importeren.")
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidJson("Dit is geen bruikbare JSON: het document is te diep genest.") from None
    except json.JSONDecodeError as error:
        if _cut_off(text, error):
            raise TruncatedJson(
                "De JSON-export is afgebroken: het document houdt op voordat het af is "
                f"(na {len(text.rstrip())} tekens). Waarschijnlijk is het bestand niet helemaal gekopieerd "
                "of opgeslagen; gebruik een volledige kopie."
            ) from None
        reason = _JSON_REASONS.get(error.msg)
        detail = f": {reason}" if reason else ""
        raise InvalidJson(
            f"Dit is geen geldige JSON (regel {error.lineno}, kolom {error.colno}{detail})."
        ) from None


def _cut_off(text: str, error: json.JSONDecodeError) -> bool:
    """Whether the JSON went wrong only because it ends too soon (a truncated copy), not by a mistake."""
    if error.msg.startswith("Unterminated string"):
        return True
    if error.msg.startswith("Extra data"):
        return False
    rest = text[error.pos:].rstrip()
    if error.msg.startswith("Invalid \\uXXXX escape"):
        return len(rest) < 6
    return any(literal.startswith(rest) for literal in ("true", "false", "null")) or bool(_NUMBER_TAIL.fullmatch(rest))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _single(tables: dict[str, Any], name: str) -> dict[str, Any]:
    table = tables.get(name)
    if not isinstance(table, dict) or list(table) != [_SINGLE] or not isinstance(table[_SINGLE], dict):
        raise ExportDamaged(
            f"De export is beschadigd: de tabel '{name}' moet precies één document (nummer 1) hebben."
        )
    return table[_SINGLE]


# -- validation of the current schema -----------------------------------------------------------

Check = Callable[[Any], bool]


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
        return (allow_none and value is None) or value in choices

    return check


#: table -> field -> (check, required, what the value should be, in Dutch)
_FIELDS: dict[str, dict[str, tuple[Check, bool, str]]] = {
    cv.TABLE_META: {
        "id": (_text, True, "een tekst"),
        "normset_id": (_text, True, "een tekst"),
        "normset_hash": (_text, True, "een tekst"),
        "norm_hashes": (_text_map, False, "een object met per norm een tekst"),
        "created": (_text, False, "een tekst"),
        "schema_version": (_is_int, True, "een geheel getal"),
    },
    cv.TABLE_KERN: {name: (_text, False, "een tekst") for name in Kerngegevens.field_names()},
    cv.TABLE_SUMMARY: {
        "toelichting": (_text, False, "een tekst"),
        "complimenten": (_text_list, False, "een lijst van teksten"),
        "zorgpunten": (_text_list, False, "een lijst van teksten"),
        "advies": (_text, False, "een tekst"),
    },
    cv.TABLE_SOURCES: {
        "id": (_text, True, "een tekst"),
        "kind": (_one_of(SOURCE_KINDS), True, f"een van {', '.join(SOURCE_KINDS)}"),
        "label": (_text, True, "een tekst"),
        "roles": (_text_list, False, "een lijst van teksten"),
        "date": (_text, False, "een tekst"),
        "created": (_text, False, "een tekst"),
    },
    cv.TABLE_NOTES: {
        "id": (_text, True, "een tekst"),
        "norm_id": (_text, True, "een tekst"),
        "source_id": (_text_or_none, True, "een tekst of null"),
        "kind": (_one_of(NOTE_KINDS), True, f"een van {', '.join(NOTE_KINDS)}"),
        "text": (_text, True, "een tekst"),
        "created": (_text, False, "een tekst"),
    },
    cv.TABLE_JUDGEMENTS: {
        "id": (_text, True, "een tekst"),
        "norm_id": (_text, True, "een tekst"),
        "value": (_one_of(tuple(JUDGEMENTS), allow_none=True), False, f"null of een van {', '.join(JUDGEMENTS)}"),
        "report_text": (_text, False, "een tekst"),
        "updated": (_text, False, "een tekst"),
    },
    cv.TABLE_DRAFTS: {
        "key": (_text, True, "een tekst"),
        "text": (_text, True, "een tekst"),
        "updated": (_text, False, "een tekst"),
    },
    cv.TABLE_NORMSET: {
        "toml": (_text, True, "een tekst"),
    },
}

#: Per record table, the field that must be unique (the key the audit file indexes the records by).
_UNIQUE = {cv.TABLE_SOURCES: "id", cv.TABLE_NOTES: "id", cv.TABLE_JUDGEMENTS: "norm_id", cv.TABLE_DRAFTS: "key"}


def _validated(tables: dict[str, Any]) -> Tables:
    unknown = sorted(set(tables) - set(_FIELDS))
    if unknown:
        raise ExportDamaged(f"De export is beschadigd: onbekende tabel '{unknown[0]}'.")
    for name in (cv.TABLE_META, cv.TABLE_KERN, cv.TABLE_SUMMARY):
        _single(tables, name)
    result: Tables = {}
    for name, fields in _FIELDS.items():
        table = tables.get(name, {})
        if not isinstance(table, dict):
            raise ExportDamaged(f"De export is beschadigd: de tabel '{name}' heeft niet de juiste vorm.")
        seen: set[str] = set()
        for doc_id, doc in table.items():
            where = f"in document {doc_id} van de tabel '{name}'"
            if not (doc_id.isdigit() and doc_id.isascii()) or not isinstance(doc, dict):
                raise ExportDamaged(
                    f"De export is beschadigd: document {doc_id!r} van de tabel '{name}' heeft niet de juiste vorm."
                )
            for field, (check, required, expected) in fields.items():
                if field not in doc:
                    if required:
                        raise ExportDamaged(f"De export is beschadigd: {where} ontbreekt het veld '{field}'.")
                    continue
                if not check(doc[field]):
                    raise ExportDamaged(f"De export is beschadigd: {where} moet het veld '{field}' {expected} zijn.")
            unique = _UNIQUE.get(name)
            if unique is not None:
                if doc[unique] in seen:
                    raise ExportDamaged(
                        f"De export is beschadigd: {where} komt {unique} {doc[unique]!r} voor de tweede keer voor."
                    )
                seen.add(doc[unique])
        result[name] = {doc_id: dict(doc) for doc_id, doc in table.items()}
    return result
