"""Reading and validating norm-set files.

A norm set is an ordinary TOML file that a user may copy and edit to make their own (an HKZ set, a
branch variant), so bad input is expected here: every problem becomes one `NormSetError` with a Dutch
message that names the file, the norm and the field (and the line, for a TOML syntax error).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from normsets.model import JUDGEMENTS, ROLES, DecisionRule, Norm, NormSet, Rubriek

SUFFIX = ".toml"
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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


def _fail(where: str, message: str) -> NormSetError:
    return NormSetError(f"Normenset {where}: {message}")


def _text(table: dict, key: str, where: str, *, required: bool = True) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise _fail(where, f"het veld '{key}' ontbreekt.")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"het veld '{key}' moet een niet-lege tekst zijn.")
    return " ".join(value.split())


def _int(table: dict, key: str, where: str, minimum: int = 0) -> int:
    value = table.get(key)
    if value is None:
        raise _fail(where, f"het veld '{key}' ontbreekt.")
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(where, f"het veld '{key}' moet een geheel getal van minstens {minimum} zijn.")
    return value


def _questions(table: Any, where: str, field: str) -> dict[str, tuple[str, ...]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise _fail(where, f"'{field}' moet een tabel zijn met per rolcode een lijst vragen.")
    result: dict[str, tuple[str, ...]] = {}
    for role, questions in table.items():
        if role not in ROLES:
            raise _fail(where, f"onbekende rolcode '{role}' in '{field}'. Bekend: {', '.join(ROLES)}.")
        if not isinstance(questions, list) or not questions:
            raise _fail(where, f"'{field}.{role}' moet een niet-lege lijst vragen zijn.")
        cleaned = []
        for question in questions:
            if not isinstance(question, str) or not question.strip():
                raise _fail(where, f"'{field}.{role}' bevat een lege vraag.")
            question = " ".join(question.split())
            if question in cleaned:
                raise _fail(where, f"'{field}.{role}' bevat de vraag '{question}' twee keer.")
            cleaned.append(question)
        result[role] = tuple(cleaned)
    return result


def _norm(raw: Any, index: int, label: str, rubrieken: dict[str, Rubriek]) -> Norm:
    if not isinstance(raw, dict):
        raise _fail(label, f"norm nummer {index} is geen tabel ([[norm]]).")
    norm_id = raw.get("id")
    if not isinstance(norm_id, str) or not norm_id.strip():
        raise _fail(label, f"bij de {index}e norm ontbreekt het veld 'id'.")
    norm_id = norm_id.strip()
    where = f"{label}, norm {norm_id}"
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
            raise _fail(where, f"onbekende rolcode '{role}' in het veld 'rollen'. Bekend: {', '.join(ROLES)}.")
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


def parse_normset(data: dict, label: str, *, builtin: bool, path: str = "") -> NormSet:
    """Validate a parsed TOML document and build the `NormSet`; `label` names the file in messages."""
    set_id = _text(data, "id", label)
    if not _ID_PATTERN.match(set_id):
        raise _fail(label, f"het veld 'id' ('{set_id}') mag alleen kleine letters, cijfers en streepjes bevatten.")
    title = _text(data, "titel", label)
    version = _text(data, "versie", label)
    attribution = _text(data, "bron", label)
    min_sources = _int(data, "min_bronnen", label, minimum=1)
    rule_raw = data.get("besluitregel")
    if not isinstance(rule_raw, dict):
        raise _fail(label, "de tabel [besluitregel] ontbreekt (max_voldoet_niet, max_verbeterpunt, tekst).")
    decision = DecisionRule(
        max_fails=_int(rule_raw, "max_voldoet_niet", f"{label}, [besluitregel]"),
        max_improvements=_int(rule_raw, "max_verbeterpunt", f"{label}, [besluitregel]"),
        text=_text(rule_raw, "tekst", f"{label}, [besluitregel]"),
    )
    judgements = data.get("oordelen")
    if judgements is not None:
        if not isinstance(judgements, dict) or set(judgements) != set(JUDGEMENTS):
            raise _fail(label, f"de tabel [oordelen] moet precies deze oordelen noemen: {', '.join(JUDGEMENTS)}.")
    roles = data.get("rollen")
    if roles is not None:
        if not isinstance(roles, dict):
            raise _fail(label, "[rollen] moet een tabel zijn van rolcode naar omschrijving.")
        for code in roles:
            if code not in ROLES:
                raise _fail(label, f"onbekende rolcode '{code}' in [rollen]. Bekend: {', '.join(ROLES)}.")
    rubrieken_raw = data.get("rubriek")
    if not isinstance(rubrieken_raw, list) or not rubrieken_raw:
        raise _fail(label, "er is geen enkele [[rubriek]].")
    rubrieken: dict[str, Rubriek] = {}
    for index, raw in enumerate(rubrieken_raw, start=1):
        if not isinstance(raw, dict):
            raise _fail(label, f"rubriek nummer {index} is geen tabel ([[rubriek]]).")
        where = f"{label}, rubriek {raw.get('id', index)}"
        rubriek = Rubriek(
            id=_text(raw, "id", where),
            title=_text(raw, "titel", where),
            prefix=_text(raw, "prefix", where),
            description=_text(raw, "omschrijving", where, required=False) or "",
        )
        if rubriek.id in rubrieken:
            raise _fail(where, f"de rubriek-id '{rubriek.id}' komt twee keer voor.")
        rubrieken[rubriek.id] = rubriek
    norms_raw = data.get("norm")
    if not isinstance(norms_raw, list) or not norms_raw:
        raise _fail(label, "er is geen enkele [[norm]].")
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
    glossary = data.get("begrippen") or {}
    if not isinstance(glossary, dict) or not all(isinstance(v, str) for v in glossary.values()):
        raise _fail(label, "[begrippen] moet een tabel zijn van begrip naar omschrijving.")
    return NormSet(
        id=set_id,
        title=title,
        version=version,
        attribution=attribution,
        min_sources=min_sources,
        rubrieken=tuple(rubrieken.values()),
        norms=tuple(norms),
        decision=decision,
        glossary=dict(glossary),
        description=_text(data, "omschrijving", label, required=False) or "",
        builtin=builtin,
        path=path,
    )


def parse_text(text: str, label: str, *, builtin: bool = False, path: str = "") -> NormSet:
    """Parse TOML text; a syntax error names the line and column."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _fail(label, f"geen geldige TOML: {_dutch_toml_error(error)}.") from None
    normset = parse_normset(data, label, builtin=builtin, path=path)
    object.__setattr__(normset, "source_toml", text)
    return normset


def _dutch_toml_error(error: tomllib.TOMLDecodeError) -> str:
    message = str(error)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).strip()
    if match:
        return f"fout op regel {match.group(1)}, kolom {match.group(2)} ({reason})"
    if "end of document" in message:
        return f"fout aan het eind van het bestand ({reason})"
    return reason


def load_file(path: Path, *, builtin: bool = False) -> NormSet:
    """Load one norm-set file from disk."""
    label = f"'{path}'"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(label, "het bestand bestaat niet.") from None
    except OSError as error:
        raise _fail(label, f"het bestand kan niet worden gelezen ({error.strerror}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(label, "het bestand is geen UTF-8-tekst.") from None
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
