"""The organisation's self-evaluation: its own account per norm, read from a simple TOML or CSV file.

Before the audit, the organisation describes per norm how it meets it. The auditor imports that file
(`toetsassistent zelfevaluatie AUDIT FILE`) and sees the claim beside the norm during the dialogue, so the
interview can test it. It never goes into the report.

Two formats, both UTF-8 (a byte-order mark is allowed):

TOML, one key per norm (any case), its text as a string (three single quotes around more lines)::

    V1 = "Alle professionals hebben een competentieprofiel; het komt terug in het jaargesprek."
    D2 = '''
    We inventariseren de vraag met de klant.
    Risico's staan in het dossier.'''

CSV, a header row `norm` and `tekst`, then one row per norm; separated by commas or semicolons (as a
spreadsheet saves it), a text with a separator or a line break between double quotes::

    norm;tekst
    V1;Alle professionals hebben een competentieprofiel.
    D2;"We inventariseren de vraag; risico's staan in het dossier."

A file is taken whole or not at all: an unknown norm, a norm twice, an empty text, a control character,
another encoding, a file that is neither TOML nor CSV or is too big each give one Dutch sentence
(`SelfEvaluationError`), and nothing is stored.
"""

from __future__ import annotations

import csv
import io
import tomllib

from flows.safe_text import has_unsafe, visible
from normsets.model import NormSet
from normsets.toml_errors import dutch_toml_error

#: The largest self-evaluation file read: 49 norms of a few pages each fit easily.
MAX_BYTES = 1024 * 1024
#: The file name endings that say which format a file is in.
FORMATS = {".toml": "toml", ".csv": "csv"}
#: The header of a CSV file, in this order.
CSV_HEADER = ("norm", "tekst")


class SelfEvaluationError(ValueError):
    """A self-evaluation file that cannot be imported; `str(error)` is one Dutch sentence without a period
    at the end, to follow "Zelfevaluatie 'bestand': "."""


def file_format(name: str) -> str:
    """'toml' or 'csv' by the file name's ending; `SelfEvaluationError` for any other."""
    suffix = name[name.rfind("."):].casefold() if "." in name else ""
    if suffix not in FORMATS:
        raise SelfEvaluationError(
            "dit is geen TOML- of CSV-bestand (de naam moet op .toml of .csv eindigen; zie de README voor "
            "beide vormen)"
        )
    return FORMATS[suffix]


def decode(raw: bytes) -> str:
    """The file as text: UTF-8, a byte-order mark dropped; line ends made LF."""
    if len(raw) > MAX_BYTES:
        raise SelfEvaluationError(f"het bestand is te groot (meer dan {MAX_BYTES // 1024} kB); "
                                  "een zelfevaluatie is tekst per norm")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SelfEvaluationError("het bestand is UTF-16, geen UTF-8; sla het op als UTF-8 (in een spreadsheet: "
                                  "'CSV UTF-8')")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SelfEvaluationError(f"het bestand is geen UTF-8-tekst (ongeldige byte op regel {line}); sla het op "
                                  "als UTF-8 (in een spreadsheet: 'CSV UTF-8')") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse(raw: bytes, name: str, normset: NormSet) -> dict[str, str]:
    """The texts per norm id (the set's own spelling), in the set's order; raises `SelfEvaluationError`."""
    kind = file_format(name)
    text = decode(raw)
    if not text.strip():
        raise SelfEvaluationError("het bestand is leeg")
    if has_unsafe(text):
        line_number, line = next((number, line) for number, line in enumerate(text.split("\n"), start=1)
                                 if has_unsafe(line))
        bad = next(char for char in line if has_unsafe(char))
        raise SelfEvaluationError(f"regel {line_number} bevat een stuurteken (U+{ord(bad):04X}); haal het weg "
                                  "en importeer opnieuw")
    entries = _from_toml(text) if kind == "toml" else _from_csv(text)
    texts: dict[str, str] = {}
    where: dict[str, str] = {}
    for key, value, place in entries:
        norm = normset.norm(key)
        if norm is None:
            raise SelfEvaluationError(
                f"onbekende norm '{visible(key.strip())}' ({place}); deze normenset ({normset.id}) heeft "
                f"{_range(normset)}"
            )
        if norm.id in texts:
            raise SelfEvaluationError(f"norm {norm.id} staat twee keer in het bestand ({where[norm.id]} en {place})")
        cleaned = value.strip()
        if not cleaned:
            raise SelfEvaluationError(f"de tekst bij {norm.id} is leeg ({place}); laat de norm weg of schrijf "
                                      "er iets bij")
        if has_unsafe(cleaned):  # an escape in a TOML string (\u001b) gets here
            bad = next(char for char in cleaned if has_unsafe(char))
            raise SelfEvaluationError(f"de tekst bij {norm.id} bevat een stuurteken (U+{ord(bad):04X}, {place}); "
                                      "haal het weg en importeer opnieuw")
        texts[norm.id] = cleaned
        where[norm.id] = place
    if not texts:
        raise SelfEvaluationError("het bestand noemt geen enkele norm")
    return {norm_id: texts[norm_id] for norm_id in normset.norm_ids if norm_id in texts}


def _range(normset: NormSet) -> str:
    parts = []
    for rubriek in normset.rubrieken:
        norms = normset.norms_in(rubriek.id)
        if norms:
            parts.append(f"{norms[0].id}-{norms[-1].id}")
    return ", ".join(parts)


def _from_toml(text: str) -> list[tuple[str, str, str]]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = dutch_toml_error(error)
        if "al eerder gegeven" in reason:
            raise SelfEvaluationError(f"een norm staat twee keer in het bestand ({reason})") from None
        raise SelfEvaluationError(f"dit is geen geldige TOML ({reason})") from None
    except RecursionError:
        raise SelfEvaluationError("dit is geen bruikbare TOML: het bestand is te diep genest") from None
    entries = []
    for key, value in document.items():
        if not isinstance(value, str):
            what = "een tabel" if isinstance(value, dict) else "een lijst" if isinstance(value, list) else "geen tekst"
            raise SelfEvaluationError(f"bij '{visible(key)}' staat {what}; schrijf per norm één tekst tussen "
                                      "aanhalingstekens, zoals V1 = \"...\"")
        entries.append((key, value, f"sleutel {visible(key)}"))
    return entries


def _from_csv(text: str) -> list[tuple[str, str, str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error:
        raise SelfEvaluationError(f"dit is geen geldige CSV (regel {reader.line_num}: een aanhalingsteken klopt "
                                  "niet)") from None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise SelfEvaluationError("het bestand is leeg")
    header_line, header = rows[0]
    if tuple(cell.strip().casefold() for cell in header) != CSV_HEADER:
        raise SelfEvaluationError(
            f"de eerste regel moet de kolomnamen 'norm' en 'tekst' geven (gevonden: "
            f"{', '.join(repr(cell.strip()) for cell in header[:4])}); zie de README"
        )
    entries = []
    for line, row in rows[1:]:
        if len(row) != 2:
            raise SelfEvaluationError(
                f"regel {line} heeft {len(row)} kolommen in plaats van 2 (norm en tekst); zet een tekst met "
                f"'{delimiter}' tussen dubbele aanhalingstekens"
            )
        entries.append((row[0], row[1], f"regel {line}"))
    return entries

