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

import functools
import json
import re
from typing import Any

from assistant import __version__
from assistant.store import AuditFile, StoreError
from assistant.store import convert as cv
from assistant.store.model import SCHEMA_VERSION, Audit
from assistant.store.opening import Refused, check_and_migrate
from flows.safe_text import escape_json
from normsets import NormSetError, parse_text

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
    """The audit as the raw tables of an audit file: every stored record (tombstones, merge bases and history
    included, so nothing is lost in a round trip), numbered in the order they were made."""
    return {name: {str(number): dict(doc) for number, doc in enumerate(docs.values(), start=1)}
            for name, docs in audit.tables.items()}


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
    if not cv.is_int(version) or version < 1:
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
    try:
        # A JSON export has no file checksum of its own: JSON parsing already refuses a torn document.
        tables, _ = check_and_migrate(tables, checksummed=True)
    except Refused as refusal:
        raise ExportDamaged(f"De export is beschadigd: {refusal.reason}.") from None
    copy = tables.get(cv.TABLE_NORMSET, {}).get(cv.SINGLE_ID)
    if copy is not None:
        try:
            _check_normset_copy(copy["toml"])
        except NormSetError as error:
            raise ExportDamaged(f"De export is beschadigd: de kopie van de normenset is onbruikbaar ({error})") from None
        except RecursionError:
            raise ExportDamaged("De export is beschadigd: de kopie van de normenset is te diep genest") from None
    try:
        AuditFile.from_tables(tables).close()
    except StoreError as error:  # check_and_migrate makes this unreachable; never import what won't open
        raise ExportDamaged(f"De export is beschadigd: {error}") from None
    return tables


@functools.lru_cache(maxsize=8)
def _check_normset_copy(text: str) -> None:
    """Refuse a norm-set copy that does not parse (cached: most exports carry a built-in set's text)."""
    parse_text(text, "de kopie van de normenset in de export")


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


def _single(tables: dict[str, Any], name: str) -> dict[str, Any]:
    table = tables.get(name)
    if not isinstance(table, dict) or list(table) != [_SINGLE] or not isinstance(table[_SINGLE], dict):
        raise ExportDamaged(
            f"De export is beschadigd: de tabel '{name}' moet precies één document (nummer 1) hebben."
        )
    return table[_SINGLE]
