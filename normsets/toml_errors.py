"""TOML syntax errors in Dutch.

`tomllib` explains a syntax error in English ("Invalid statement (at line 3, column 1)"), and a user
editing their own norm-set file should read Dutch: where the error is (line and column) and, in words
of one syllable, what is wrong there. Unknown wordings (a newer Python may phrase things differently)
fall back to a Dutch sentence without the English reason, never to the English itself.
"""

from __future__ import annotations

import ast
import re
import tomllib
from typing import Callable

_KEY_WIDTH = 60
_COORDINATES = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def _key(raw: str) -> str:
    """A tomllib key tuple as written in the file (``('norm', 'vragen')`` -> ``norm.vragen``)."""
    try:
        parts = ast.literal_eval(raw.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return ""
    if isinstance(parts, str):
        parts = (parts,)
    if not isinstance(parts, tuple) or not all(isinstance(part, str) for part in parts):
        return ""
    key = ".".join(parts)
    return key if len(key) <= _KEY_WIDTH else key[: _KEY_WIDTH - 1] + "…"


def _quoted(raw: str) -> str:
    """A character or key that tomllib shows with repr(): keep the repr, it is printable ASCII-safe."""
    return raw.strip()


def _with_key(template: str) -> Callable[[re.Match[str]], str]:
    def render(match: re.Match[str]) -> str:
        key = _key(match.group(1))
        return template.format(key=f" '{key}'" if key else "")

    return render


_REASONS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Invalid statement"), "hier begint geen geldige regel (verwacht: sleutel = waarde, [tabel] of [[lijst]])"),
    (re.compile(r"Expected newline or end of document after a statement"),
     "na een waarde moet een nieuwe regel beginnen"),
    (re.compile(r"Expected '=' after a key in a key/value pair"), "na de sleutel ontbreekt '='"),
    (re.compile(r"Invalid value"), "ongeldige waarde (een tekst hoort tussen aanhalingstekens)"),
    (re.compile(r"Unterminated string"), "een tekst wordt niet afgesloten met een aanhalingsteken"),
    (re.compile(r"Illegal character (.+)"),
     lambda m: f"ongeldig teken {_quoted(m.group(1))} in een tekst"),
    (re.compile(r"Found invalid character (.+)"), lambda m: f"ongeldig teken {_quoted(m.group(1))}"),
    (re.compile(r"Unclosed array"), "een lijst wordt niet afgesloten met ']'"),
    (re.compile(r"Unclosed inline table"), "een tabel tussen accolades wordt niet afgesloten met '}'"),
    (re.compile(r"Cannot declare (.+) twice"), _with_key("de tabel{key} staat twee keer in het bestand")),
    (re.compile(r"Cannot overwrite a value"), "deze waarde is al eerder gegeven"),
    (re.compile(r"Cannot mutate immutable namespace (.+)"),
     _with_key("de sleutel{key} is al volledig gegeven en kan hier niet worden aangevuld")),
    (re.compile(r"Cannot redefine namespace (.+)"), _with_key("de tabel{key} wordt hier opnieuw gedefinieerd")),
    (re.compile(r"Duplicate inline table key (.+)"),
     lambda m: f"de sleutel {_quoted(m.group(1))} komt twee keer voor in een tabel tussen accolades"),
    (re.compile(r"Expected ']' at the end of a table declaration"), "een tabelkop mist de afsluitende ']'"),
    (re.compile(r"Expected ']]' at the end of an array declaration"), "een kop [[...]] mist de afsluitende ']]'"),
    (re.compile(r"Invalid initial character for a key part"), "een sleutel begint met een ongeldig teken"),
    (re.compile(r"Unescaped '\\' in a string"),
     "een losse '\\' in een tekst (schrijf '\\\\' of gebruik enkele aanhalingstekens)"),
    (re.compile(r"Invalid hex value"), "ongeldige \\u-code in een tekst"),
    (re.compile(r"Escaped character is not a Unicode scalar value"), "een \\u-code in een tekst is geen geldig teken"),
    (re.compile(r"Invalid date or datetime"), "ongeldige datum of tijd"),
    (re.compile(r"Expected (.+)"), lambda m: f"hier werd {_quoted(m.group(1))} verwacht"),
]


def dutch_toml_error(error: tomllib.TOMLDecodeError) -> str:
    """Where and what: "fout op regel 3, kolom 1: hier begint geen geldige regel (...)"."""
    message = str(error)
    reason_en = getattr(error, "msg", None) or _COORDINATES.sub("", message)
    line = getattr(error, "lineno", None)
    column = getattr(error, "colno", None)
    coordinates = _COORDINATES.search(message)
    if line is None and coordinates and coordinates.group(1):
        line, column = int(coordinates.group(1)), int(coordinates.group(2))
    reason = "de TOML-opbouw klopt hier niet"
    for pattern, dutch in _REASONS:
        match = pattern.fullmatch(reason_en.strip())
        if match:
            reason = dutch if isinstance(dutch, str) else dutch(match)
            break
    if "end of document" in message:
        return f"fout aan het eind van het bestand: {reason}"
    if line is not None:
        return f"fout op regel {line}, kolom {column}: {reason}"
    return reason
