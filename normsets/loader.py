"""Reading and validating norm-set files.

A norm set is an ordinary TOML file that a user may copy and edit to make their own (an HKZ set, a
branch variant), so bad input is expected here: every problem becomes one `NormSetError` with a Dutch
message that names the file, the norm and the field (and the line and column, for a TOML syntax error).
That holds for every kind of damage: a file that is not a regular file (a FIFO, a device, a directory;
see `normsets.reading`), one that is too big, not UTF-8, nested too deep for the parser, or that has a
value of the wrong type in any field. A UTF-8 byte-order mark at the start is accepted.

The top-level fields: `id`, `titel`, `versie`, `bron`, optional `omschrijving`; `min_bronnen` (how many
independent sources each norm needs, at least 1), optional `min_bronnen_toelichting`, and
`min_praktijkbronnen`: how many of those minimum sources must come from practice (a gesprek or an
observatie), an integer from 0 to `min_bronnen`. The built-in sets state it (1); a user file that omits
it gets 1, the method's rule that a norm is met only when shown in practice, so that an older copy of a
set (also the copy kept inside an audit file) keeps that rule. Then the tables [besluitregel],
optional [oordelen], [rollen] and [begrippen], and the arrays [[rubriek]] and [[norm]]. Unknown fields
are ignored, so a newer file still opens in an older version.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normsets.model import JUDGEMENTS, ROLES, DecisionRule, Norm, NormSet, Rubriek
from normsets.reading import MAX_BYTES, Unreadable, decode_text, megabytes, read_regular_file
from normsets.toml_errors import dutch_toml_error

SUFFIX = ".toml"
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: How many practice sources a set asks for when its file does not say (see the module docstring).
DEFAULT_MIN_PRACTICE_SOURCES = 1

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: Characters that never belong in a norm set's texts: C0/C1 controls, DEL, bidi overrides, surrogates.
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
#: The same, but tab and line ends allowed (the glossary keeps its texts as written).
_CONTROL_IN_PROSE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


class NormSetError(Exception):
    """A norm-set file that cannot be used; the message is meant for the user, in Dutch."""


@dataclass(frozen=True)
class NormSetInfo:
    """What `normensets` lists: enough to choose a set without loading all of them twice."""

    id: str
    title: str
    version: str
    norm_count: int
    builtin: bool
    path: str


def shown(text: str) -> str:
    """`text` for a message: every control character as ``<U+001B>``, never sent raw to a terminal."""
    return _CONTROL.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def _fail(where: str, message: str) -> NormSetError:
    return NormSetError(shown(f"Normenset {where}: {message}"))


def _type_name(value: Any) -> str:
    """The Dutch name of a TOML value's type, for "is een lijst" in a message."""
    if isinstance(value, bool):
        return "een waar/onwaar-waarde"
    if isinstance(value, int):
        return "een getal"
    if isinstance(value, float):
        return "een kommagetal"
    if isinstance(value, str):
        return "een tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een tabel"
    return "een datum of tijd"


def _control_char(text: str, pattern: re.Pattern[str] = _CONTROL) -> str | None:
    match = pattern.search(text)
    return None if match is None else f"U+{ord(match.group()):04X}"


def _clean(value: Any, where: str, field: str) -> str:
    """A non-empty single-line text with its whitespace normalized, or a `NormSetError`."""
    if not isinstance(value, str) or not value.strip():
        got = "leeg" if isinstance(value, str) else _type_name(value)
        raise _fail(where, f"het veld '{field}' moet een niet-lege tekst zijn (nu {got}).")
    text = " ".join(value.split())
    control = _control_char(text)
    if control:
        raise _fail(where, f"het veld '{field}' bevat een stuurteken ({control}); dat hoort niet in een normenset.")
    return text


def _text(table: dict, key: str, where: str, *, required: bool = True) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise _fail(where, f"het veld '{key}' ontbreekt.")
        return None
    return _clean(value, where, key)


def _int(table: dict, key: str, where: str, minimum: int = 0) -> int:
    value = table.get(key)
    if value is None:
        raise _fail(where, f"het veld '{key}' ontbreekt.")
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(where, f"het veld '{key}' moet een geheel getal van minstens {minimum} zijn.")
    return value


def _label(value: Any) -> str:
    """An id from the file for a location in a message, whatever its type."""
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        return text if len(text) <= 40 else text[:39] + "…"
    return ""


def _questions(table: Any, where: str, field: str) -> dict[str, tuple[str, ...]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise _fail(where, f"'{field}' moet een tabel zijn met per rolcode een lijst vragen (nu {_type_name(table)}).")
    result: dict[str, tuple[str, ...]] = {}
    for role, questions in table.items():
        if role not in ROLES:
            raise _fail(where, f"onbekende rolcode '{role[:40]}' in '{field}'. Bekend: {', '.join(ROLES)}.")
        if not isinstance(questions, list) or not questions:
            raise _fail(where, f"'{field}.{role}' moet een niet-lege lijst vragen zijn.")
        cleaned = []
        for number, question in enumerate(questions, start=1):
            if not isinstance(question, str) or not question.strip():
                got = "leeg" if isinstance(question, str) else _type_name(question)
                raise _fail(where, f"'{field}.{role}' bevat een lege of ongeldige vraag (vraag {number} is {got}).")
            question = " ".join(question.split())
            control = _control_char(question)
            if control:
                raise _fail(where, f"'{field}.{role}', vraag {number}, bevat een stuurteken ({control}).")
            if question in cleaned:
                raise _fail(where, f"'{field}.{role}' bevat de vraag '{question}' twee keer.")
            cleaned.append(question)
        result[role] = tuple(cleaned)
    return result


def _norm(raw: Any, index: int, label: str, rubrieken: dict[str, Rubriek]) -> Norm:
    if not isinstance(raw, dict):
        raise _fail(label, f"norm nummer {index} is geen tabel ([[norm]]) maar {_type_name(raw)}.")
    norm_id = raw.get("id")
    if norm_id is None:
        raise _fail(label, f"bij de {index}e norm ontbreekt het veld 'id'.")
    norm_id = _clean(norm_id, f"{label}, de {index}e norm", "id")
    where = f"{label}, norm {_label(norm_id)}"
    rubriek = _text(raw, "rubriek", where)
    if rubriek not in rubrieken:
        known = ", ".join(rubrieken) or "(geen)"
        raise _fail(where, f"het veld 'rubriek' noemt '{rubriek}', die niet als [[rubriek]] bestaat. Bekend: {known}.")
    number = _int(raw, "nummer", where, minimum=1)
    text = _text(raw, "tekst", where)
    roles_raw = raw.get("rollen")
    if roles_raw is None:
        raise _fail(where, "het veld 'rollen' ontbreekt.")
    if not isinstance(roles_raw, list) or not roles_raw or not all(isinstance(r, str) for r in roles_raw):
        raise _fail(where, "het veld 'rollen' moet een niet-lege lijst rolcodes zijn, bijvoorbeeld [\"P\", \"Mng\"].")
    for role in roles_raw:
        if role not in ROLES:
            raise _fail(where, f"onbekende rolcode '{role[:40]}' in het veld 'rollen'. Bekend: {', '.join(ROLES)}.")
    if len(set(roles_raw)) != len(roles_raw):
        raise _fail(where, "het veld 'rollen' noemt een rol twee keer.")
    if "vragen" not in raw:
        raise _fail(where, "het veld 'vragen' ontbreekt (per rol minstens één vraag).")
    questions = _questions(raw.get("vragen"), where, "vragen")
    for role in roles_raw:
        if role not in questions:
            raise _fail(where, f"in 'vragen' ontbreken de vragen voor rol '{role}'.")
    for role in questions:
        if role not in roles_raw:
            raise _fail(where, f"'vragen' heeft vragen voor rol '{role}', die niet in 'rollen' staat; zet ze onder 'aanvullend'.")
    extra = _questions(raw.get("aanvullend"), where, "aanvullend")
    for role in extra:
        if role in roles_raw:
            raise _fail(where, f"'aanvullend' noemt rol '{role}', die al in 'rollen' staat.")
    return Norm(
        id=norm_id,
        rubriek=rubriek,
        number=number,
        text=text,
        roles=tuple(roles_raw),
        questions=questions,
        extra_questions=extra,
        application_note=_text(raw, "toepassing", where, required=False),
        variant_text=_text(raw, "tekst_wijkteams", where, required=False),
    )


def _text_table(data: dict, key: str, label: str, what: str) -> dict[str, str] | None:
    """An optional table of text to text ([oordelen], [rollen], [begrippen]); None when absent."""
    table = data.get(key)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise _fail(label, f"[{key}] moet een tabel zijn van {what} (nu {_type_name(table)}).")
    for name, value in table.items():
        if not isinstance(value, str) or not value.strip():
            got = "leeg" if isinstance(value, str) else _type_name(value)
            raise _fail(label, f"in [{key}] moet '{_label(name) or name[:40]}' een niet-lege tekst zijn (nu {got}).")
        control = _control_char(name) or _control_char(value, _CONTROL_IN_PROSE)
        if control:
            raise _fail(label, f"[{key}] bevat een stuurteken ({control}) bij '{name[:40]}'.")
    return table


def _min_practice_sources(data: dict, label: str, min_sources: int) -> int:
    value = data.get("min_praktijkbronnen")
    if value is None:
        return DEFAULT_MIN_PRACTICE_SOURCES
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= min_sources:
        raise _fail(
            label,
            f"het veld 'min_praktijkbronnen' moet een geheel getal van 0 tot en met min_bronnen ({min_sources}) zijn: "
            "hoeveel van de minimaal benodigde bronnen uit de praktijk (gesprek of observatie) moeten komen.",
        )
    return value


def _rubrieken(data: dict, label: str) -> dict[str, Rubriek]:
    rubrieken_raw = data.get("rubriek")
    if rubrieken_raw is None or rubrieken_raw == []:
        raise _fail(label, "er is geen enkele [[rubriek]].")
    if not isinstance(rubrieken_raw, list):
        raise _fail(label, f"'rubriek' moet een lijst van tabellen zijn ([[rubriek]]), niet {_type_name(rubrieken_raw)}.")
    rubrieken: dict[str, Rubriek] = {}
    for index, raw in enumerate(rubrieken_raw, start=1):
        if not isinstance(raw, dict):
            raise _fail(label, f"rubriek nummer {index} is geen tabel ([[rubriek]]) maar {_type_name(raw)}.")
        where = f"{label}, rubriek {_label(raw.get('id')) or index}"
        rubriek = Rubriek(
            id=_text(raw, "id", where),
            title=_text(raw, "titel", where),
            prefix=_text(raw, "prefix", where),
            description=_text(raw, "omschrijving", where, required=False) or "",
        )
        if rubriek.id in rubrieken:
            raise _fail(where, f"de rubriek-id '{rubriek.id}' komt twee keer voor.")
        rubrieken[rubriek.id] = rubriek
    return rubrieken


def parse_normset(data: dict, label: str, *, builtin: bool, path: str = "") -> NormSet:
    """Validate a parsed TOML document and build the `NormSet`; `label` names the file in messages."""
    set_id = _text(data, "id", label)
    if not _ID_PATTERN.match(set_id):
        raise _fail(label, f"het veld 'id' ('{set_id[:60]}') mag alleen kleine letters, cijfers en streepjes bevatten.")
    title = _text(data, "titel", label)
    version = _text(data, "versie", label)
    attribution = _text(data, "bron", label)
    min_sources = _int(data, "min_bronnen", label, minimum=1)
    _text(data, "min_bronnen_toelichting", label, required=False)
    min_practice_sources = _min_practice_sources(data, label, min_sources)
    rule_raw = data.get("besluitregel")
    if not isinstance(rule_raw, dict):
        raise _fail(label, "de tabel [besluitregel] ontbreekt (max_voldoet_niet, max_verbeterpunt, tekst).")
    decision = DecisionRule(
        max_fails=_int(rule_raw, "max_voldoet_niet", f"{label}, [besluitregel]"),
        max_improvements=_int(rule_raw, "max_verbeterpunt", f"{label}, [besluitregel]"),
        text=_text(rule_raw, "tekst", f"{label}, [besluitregel]"),
    )
    judgements = _text_table(data, "oordelen", label, "oordeel naar omschrijving")
    if judgements is not None and set(judgements) != set(JUDGEMENTS):
        raise _fail(label, f"de tabel [oordelen] moet precies deze oordelen noemen: {', '.join(JUDGEMENTS)}.")
    roles = _text_table(data, "rollen", label, "rolcode naar omschrijving")
    for code in roles or {}:
        if code not in ROLES:
            raise _fail(label, f"onbekende rolcode '{code[:40]}' in [rollen]. Bekend: {', '.join(ROLES)}.")
    rubrieken = _rubrieken(data, label)
    norms_raw = data.get("norm")
    if norms_raw is None or norms_raw == []:
        raise _fail(label, "er is geen enkele [[norm]].")
    if not isinstance(norms_raw, list):
        raise _fail(label, f"'norm' moet een lijst van tabellen zijn ([[norm]]), niet {_type_name(norms_raw)}.")
    norms: list[Norm] = []
    seen: set[str] = set()
    for index, raw in enumerate(norms_raw, start=1):
        norm = _norm(raw, index, label, rubrieken)
        key = norm.id.casefold()
        if key in seen:
            raise _fail(f"{label}, norm {norm.id}", "deze norm-id komt twee keer voor (het veld 'id').")
        seen.add(key)
        norms.append(norm)
    for rubriek in rubrieken.values():
        if not any(norm.rubriek == rubriek.id for norm in norms):
            raise _fail(f"{label}, rubriek {rubriek.id}", "deze rubriek heeft geen normen.")
    glossary = _text_table(data, "begrippen", label, "begrip naar omschrijving") or {}
    return NormSet(
        id=set_id,
        title=title,
        version=version,
        attribution=attribution,
        min_sources=min_sources,
        min_practice_sources=min_practice_sources,
        rubrieken=tuple(rubrieken.values()),
        norms=tuple(norms),
        decision=decision,
        glossary=dict(glossary),
        description=_text(data, "omschrijving", label, required=False) or "",
        builtin=builtin,
        path=path,
    )


def parse_text(text: str, label: str, *, builtin: bool = False, path: str = "") -> NormSet:
    """Parse and validate TOML text (a file's content, or the copy of a set kept in an audit file).

    Every problem is a `NormSetError`: a syntax error names the line and column; nesting too deep for
    the parser, a number too long to convert, text over the size limit or text that cannot be UTF-8 are
    refused the same way. A leading byte-order mark is dropped.
    """
    if not isinstance(text, str):
        raise _fail(label, f"de inhoud is geen tekst maar {_type_name(text)}.")
    if len(text) > MAX_BYTES:
        raise _fail(label, f"de tekst is te groot; een normenset mag hoogstens {megabytes(MAX_BYTES)} zijn.")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise _fail(label, "de tekst bevat tekens die geen geldige Unicode zijn (losse surrogaten).") from None
    if size > MAX_BYTES:
        raise _fail(label, f"de tekst is te groot; een normenset mag hoogstens {megabytes(MAX_BYTES)} zijn.")
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(label, f"geen geldige TOML: {dutch_toml_error(error)}.") from None
    except RecursionError:
        raise _fail(label, "lijsten of tabellen zijn te diep in elkaar genest; zo is het geen bruikbare normenset.") from None
    except ValueError:
        # tomllib lets Python's limit on the length of an integer (4300 digits) through as ValueError.
        raise _fail(label, "geen geldige TOML: een waarde kan niet worden gelezen (een getal van meer dan "
                           "4300 cijfers?).") from None
    normset = parse_normset(data, label, builtin=builtin, path=path)
    object.__setattr__(normset, "source_toml", text)
    return normset


def load_file(path: Path, *, builtin: bool = False) -> NormSet:
    """Load one norm-set file from disk: only a regular file, at most `MAX_BYTES`, as UTF-8 text."""
    label = f"'{path}'"
    try:
        text = decode_text(read_regular_file(path))
    except Unreadable as error:
        raise _fail(label, str(error)) from None
    return parse_text(text, label, builtin=builtin, path=str(path))


def builtin_names() -> list[str]:
    """The file names of the norm sets shipped inside this package."""
    folder = resources.files("normsets") / "data"
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(SUFFIX))


def load_builtin(name: str) -> NormSet:
    """Load a built-in set by its file name stem (which equals its id)."""
    resource = resources.files("normsets") / "data" / f"{name}{SUFFIX}"
    label = f"'{name}{SUFFIX}' (ingebouwd)"
    return parse_text(resource.read_text(encoding="utf-8"), label, builtin=True, path=f"ingebouwd:{name}")
