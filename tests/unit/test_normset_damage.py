"""Damaged norm-set files: each loads as a valid set or is refused with one Dutch message, nothing hangs.

A generated, seeded corpus of damaged variants of the built-in 2019 set goes through the same path as
the CLI (a `NormSetRegistry` over the user's folder: listing, then `get`) and through `parse_text` (the
copy of a set kept inside an audit file). Beside the corpus, a table of the named cases of issue 9 with
the outcome each must have.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import json
import os
import random
import re
import signal
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from normsets import NormSet, NormSetError, NormSetRegistry, load_file, parse_text
from normsets.reading import MAX_BYTES
from tests.conftest import REPO

SOURCE_PATH = REPO / "normsets" / "data" / "sterk-sociaal-werk-2019.toml"
SEED = 20190529
DEEP = 50_000

_ENGLISH = re.compile(
    r"\b(invalid|expected|error|errno|permission|denied|traceback|cannot|unterminated|unclosed|illegal|found|"
    r"declare|overwrite|duplicate|such|directory|line|column|the|value|statement|character|string|array|"
    r"document|exceeds|limit|digits|recursion|maximum|object|codec|decode|position)\b",
    re.IGNORECASE,
)
_DUTCH = re.compile(r"\b(het|de|een|geen|niet|moet|is|zijn|van|bij|ontbreekt|fout|dit|te|onbekende|bekend)\b")


class Blocked(BaseException):
    """Raised by `deadline`; a BaseException, so no `except OSError` or `except Exception` can swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts even a blocking open() of a FIFO.

    The timer repeats every second after the first expiry, so a second blocking call is interrupted too.
    """

    def expired(signum: int, frame: object) -> None:
        raise Blocked(f"niet klaar binnen {seconds} s: iets blokkeert")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_dutch(message: str, path: Path | str | None = None) -> None:
    """One Dutch message: no English system or parser wording, no raw control characters."""
    assert message.strip(), "lege melding"
    assert "Traceback" not in message
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in message), repr(message)
    text = message.replace(str(path), "") if path is not None else message
    text = text.removeprefix("Normenset ")
    english = _ENGLISH.search(text)
    assert english is None, f"Engels woord {english.group()!r} in: {message}"
    assert _DUTCH.search(text), f"geen Nederlandse melding: {message}"


# --- a minimal TOML writer (inline tables only), enough to write back a changed document -----------------


@dataclass(frozen=True)
class Raw:
    """TOML text to insert as is (for nesting deeper than a writer should recurse)."""

    text: str


def _key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml_document(data: dict) -> str:
    return "".join(f"{_key(key)} = {toml_value(value)}\n" for key, value in data.items())


# --- the base documents ------------------------------------------------------------------------------------

Path_ = tuple[Any, ...]


def source_text() -> str:
    return SOURCE_PATH.read_text(encoding="utf-8")


def with_id(text: str, set_id: str) -> str:
    """The built-in text under another id, so that a valid variant does not clash with the built-in set."""
    replaced = text.replace('id = "sterk-sociaal-werk-2019"', f'id = "{set_id}"', 1)
    assert replaced != text
    return replaced


def reduced_base() -> dict:
    """The built-in set with one norm per rubriek (plus one with 'aanvullend'): every field, quick to parse."""
    data = tomllib.loads(source_text())
    kept: list[dict] = []
    for rubriek in data["rubriek"]:
        kept.append(next(norm for norm in data["norm"] if norm["rubriek"] == rubriek["id"]))
    with_extra = next((norm for norm in data["norm"] if norm.get("aanvullend")), None)
    if with_extra is not None and with_extra not in kept:
        kept.append(with_extra)
    data["norm"] = kept
    return data


def get_at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def set_at(data: Any, path: Path_, value: Any) -> None:
    get_at(data, path[:-1])[path[-1]] = value


def field_paths(base: dict) -> list[Path_]:
    """Every field of the reduced document that the loader reads, down to a single question."""
    paths: list[Path_] = [(key,) for key in base]
    for table in ("besluitregel", "oordelen", "rollen", "begrippen"):
        paths += [(table, key) for key in base[table]][:3]
    paths += [("rubriek", 0)] + [("rubriek", 0, key) for key in base["rubriek"][0]]
    norm = base["norm"][0]
    paths += [("norm", 0)] + [("norm", 0, key) for key in norm]
    paths += [("norm", 0, "rollen", 0)]
    role = norm["rollen"][0]
    paths += [("norm", 0, "vragen", role), ("norm", 0, "vragen", role, 0)]
    extra_index = next((i for i, n in enumerate(base["norm"]) if n.get("aanvullend")), None)
    if extra_index is not None:
        extra_role = next(iter(base["norm"][extra_index]["aanvullend"]))
        paths += [("norm", extra_index, "aanvullend"), ("norm", extra_index, "aanvullend", extra_role),
                  ("norm", extra_index, "aanvullend", extra_role, 0)]
    # Optional fields the built-in 2019 set leaves out: a wrong type there must be refused too.
    paths += [("norm", 0, "toepassing"), ("norm", 0, "tekst_wijkteams"), ("rubriek", 0, "omschrijving")]
    return list(dict.fromkeys(paths))


WRONG_VALUES: list[Any] = [
    "tekst", "", 7, 1.5, True, dt.date(2019, 5, 29), [1, 2], ["P"], [], [[]], {"a": "b"}, {},
    "\u001b[2Jweg", "links\u202erechts",
]

#: Fields a file may leave out, per level; every other one must be there.
OPTIONAL_TOP = {"omschrijving", "min_bronnen_toelichting", "min_praktijkbronnen", "oordelen", "rollen", "begrippen"}
OPTIONAL_RUBRIEK = {"omschrijving"}
OPTIONAL_NORM = {"aanvullend", "toepassing", "tekst_wijkteams"}


def deletion_expectation(path: Path_) -> tuple[bool, bool]:
    """(must refuse, must load) when the field at `path` is left out."""
    if len(path) == 1:
        return path[0] not in OPTIONAL_TOP, path[0] in OPTIONAL_TOP
    if len(path) == 2 and path[0] in ("besluitregel", "oordelen"):
        return True, False
    if len(path) == 2 and path[0] in ("rollen", "begrippen"):
        return False, True
    if len(path) == 3 and path[0] == "rubriek":
        return path[2] not in OPTIONAL_RUBRIEK, path[2] in OPTIONAL_RUBRIEK
    if len(path) == 3 and path[0] == "norm":
        return path[2] not in OPTIONAL_NORM, path[2] in OPTIONAL_NORM
    return False, False  # an element of a list, or one role's questions: either outcome is possible


def type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    return type(value).__name__


# --- the corpus ----------------------------------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    content: bytes
    must_refuse: bool = False
    must_load: bool = False


def _named(index: int) -> str:
    return f"schade-{index:04d}"


def corpus() -> list[Variant]:
    """The seeded damaged variants; each variant's set id is its own name, so valid ones do not clash."""
    rng = random.Random(SEED)
    variants: list[Variant] = []

    def add(kind: str, content: bytes | str, **expect: bool) -> None:
        raw = content.encode("utf-8") if isinstance(content, str) else content
        variants.append(Variant(f"{kind}", raw, **expect))

    def full(index: int) -> bytes:
        return with_id(source_text(), _named(index)).encode("utf-8")

    # Byte-level damage of the whole file.
    for _ in range(40):
        raw = full(len(variants))
        add("afgekapt", raw[: rng.randrange(len(raw))])
    for _ in range(40):
        raw = bytearray(full(len(variants)))
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        add("byte", bytes(raw))
    for _ in range(40):
        raw = bytearray(full(len(variants)))
        position = rng.randrange(len(raw))
        raw[position] ^= 1 << rng.randrange(8)
        add("bit", bytes(raw))
    for _ in range(10):
        raw = bytearray(full(len(variants)))
        raw[rng.randrange(len(raw)):rng.randrange(len(raw))] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
        add("rommel", bytes(raw))

    # Every field replaced by a value of each wrong type, and every field left out.
    base = reduced_base()
    for path in field_paths(base):
        original = get_at(base, path) if _exists(base, path) else None
        for value in WRONG_VALUES:
            document = copy.deepcopy(base)
            set_at(document, path, value)
            if path != ("id",):
                document["id"] = _named(len(variants))
            changed_type = original is not None and type_of(value) != type_of(original)
            control = isinstance(value, str) and any(ord(c) < 0x20 or c == "\u202e" for c in value)
            absent_optional = original is None and type_of(value) != "str"
            add("type", toml_document(document), must_refuse=changed_type or control or absent_optional)
        if original is not None:
            document = copy.deepcopy(base)
            del get_at(document, path[:-1])[path[-1]]
            if path != ("id",):
                document["id"] = _named(len(variants))
            must_refuse, must_load = deletion_expectation(path)
            add("weg", toml_document(document), must_refuse=must_refuse, must_load=must_load)

    # Nesting far deeper than the parser recurses, in a known and an unknown field.
    deep_array = Raw("[" * DEEP + "]" * DEEP)
    deep_table = Raw("{a = " * DEEP + "1" + "}" * DEEP)
    for path in [("id",), ("begrippen",), ("norm", 0, "vragen"), ("onbekend",)]:
        for deep in (deep_array, deep_table):
            document = copy.deepcopy(base)
            set_at(document, path, deep)
            document["id"] = document["id"] if path == ("id",) else _named(len(variants))
            add("diep", toml_document(document), must_refuse=True)
    dotted = "x" + ".x" * DEEP
    add("diep-sleutel", with_id(source_text(), _named(len(variants))) + f"\n[{dotted}]\ny = 1\n")

    # Encodings, empty and near-empty files.
    add("bom", b"\xef\xbb\xbf" + full(len(variants)), must_load=True)
    add("leeg", b"", must_refuse=True)
    add("witruimte", b"  \n\t\n", must_refuse=True)
    add("utf16", with_id(source_text(), _named(len(variants))).encode("utf-16"), must_refuse=True)
    raw = bytearray(full(len(variants)))
    raw[rng.randrange(len(raw))] = 0xFF
    add("geen-utf8", bytes(raw), must_refuse=True)
    add("nul", b"\x00" * 64, must_refuse=True)
    add("groot-getal", with_id(source_text(), _named(len(variants))).replace("min_bronnen = 3", "min_bronnen = " + "9" * 5000), must_refuse=True)
    return variants


def _exists(data: Any, path: Path_) -> bool:
    try:
        get_at(data, path)
    except (KeyError, IndexError):
        return False
    return True


def special_entries(folder: Path) -> list[str]:
    """Things that are not regular files, under a norm-set name: each must be refused, none may block."""
    names = []
    (folder / "een-map.toml").mkdir()
    names.append("een-map.toml")
    os.mkfifo(folder / "een-fifo.toml")
    names.append("een-fifo.toml")
    (folder / "koppeling-fifo.toml").symlink_to(folder / "een-fifo.toml")
    names.append("koppeling-fifo.toml")
    if Path("/dev/zero").exists():
        (folder / "koppeling-apparaat.toml").symlink_to("/dev/zero")
        names.append("koppeling-apparaat.toml")
    (folder / "koppeling-weg.toml").symlink_to(folder / "bestaat-niet")
    names.append("koppeling-weg.toml")
    (folder / "kring.toml").symlink_to(folder / "kring.toml")
    names.append("kring.toml")
    with open(folder / "te-groot.toml", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    names.append("te-groot.toml")
    return names


def test_damage_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "normensets"
    folder.mkdir()
    variants = corpus()
    assert len(variants) >= 300
    files: dict[Path, Variant] = {}
    for index, variant in enumerate(variants):
        path = folder / f"v{index:04d}-{variant.name}.toml"
        path.write_bytes(variant.content)
        files[path] = variant
    specials = [folder / name for name in special_entries(folder)]

    with deadline(120):
        registry = NormSetRegistry(folder)
        loaded = {normset.path: normset for normset in registry.all() if not normset.builtin}
    assert {"concept-2016", "sterk-sociaal-werk-2019", "wijkteams-2019"} <= set(registry.ids())
    problems = list(registry.problems)

    def problem_for(path: Path) -> list[str]:
        return [p for p in problems if p.startswith(f"Normenset '{path}'")]

    outcomes = {"geladen": 0, "geweigerd": 0}
    for path in [*files, *specials]:
        variant = files.get(path)
        own = problem_for(path)
        if str(path) in loaded:
            assert not own, own
            normset = loaded[str(path)]
            assert isinstance(normset, NormSet) and normset.norms
            assert registry.get(normset.id) is normset
            outcomes["geladen"] += 1
            assert variant is not None and not variant.must_refuse, f"{path.name} had geweigerd moeten worden"
        else:
            assert len(own) == 1, f"{path.name}: {own or 'geen melding en niet geladen'}"
            assert_dutch(own[0], path)
            outcomes["geweigerd"] += 1
            assert variant is None or not variant.must_load, f"{path.name} had moeten laden: {own[0]}"
    assert outcomes["geweigerd"] + outcomes["geladen"] == len(files) + len(specials)
    assert len(problems) == outcomes["geweigerd"], "elke melding hoort bij één bestand"
    assert outcomes["geladen"] > 20 and outcomes["geweigerd"] > 200, outcomes

    with pytest.raises(NormSetError) as unknown:
        registry.get("schade-onbekend")
    assert unknown.value.args[0].startswith("Onbekende normenset 'schade-onbekend'")

    # The copy of a set inside an audit file goes through parse_text: the same outcome, never another exception.
    with deadline(120):
        for path, variant in files.items():
            try:
                text = variant.content.decode("utf-8")
            except UnicodeDecodeError:
                continue
            label = f"'{path.name}' (kopie in het auditbestand)"
            try:
                parse_text(text, label)
            except NormSetError as error:
                assert_dutch(str(error), path.name)
                assert str(path) not in loaded, f"{path.name}: laadt als bestand, maar niet als kopie: {error}"
            else:
                assert not variant.must_refuse, f"{path.name} had als kopie geweigerd moeten worden"


# --- the named cases, table-driven ----------------------------------------------------------------------------


def _valid(set_id: str = "eigen-set") -> str:
    return with_id(source_text(), set_id)


Make = Callable[[Path], Path]


def _file(content: bytes | str) -> Make:
    def make(folder: Path) -> Path:
        path = folder / "geval.toml"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return make


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "geval.toml")
    return folder / "geval.toml"


def _link_to_fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pijp")
    (folder / "geval.toml").symlink_to(folder / "pijp")
    return folder / "geval.toml"


def _link_to_device(folder: Path) -> Path:
    (folder / "geval.toml").symlink_to("/dev/zero")
    return folder / "geval.toml"


def _directory(folder: Path) -> Path:
    (folder / "geval.toml").mkdir()
    return folder / "geval.toml"


def _too_big(folder: Path) -> Path:
    path = folder / "geval.toml"
    with open(path, "wb") as handle:
        handle.write(b"# opvulling\n")
        handle.truncate(5 * 1024 * 1024)
    return path


def _v1(pattern: str, new: str) -> str:
    """The valid text with `pattern` replaced once inside norm V1's own block."""
    text = _valid()
    start = text.index('id = "V1"')
    end = text.index("[[norm]]", start)
    block = re.sub(pattern, new, text[start:end], count=1)
    assert block != text[start:end], pattern
    return text[:start] + block + text[end:]


def _replace(old: str, new: str) -> str:
    text = _valid()
    assert old in text
    return text.replace(old, new, 1)


NAMED: list[tuple[str, Make, list[str] | None]] = [
    ("geldig", _file(_valid()), None),
    ("bom", _file(b"\xef\xbb\xbf" + _valid().encode("utf-8")), None),
    ("crlf", _file(_valid().replace("\n", "\r\n")), None),
    ("diep-genest", _file("a = " + "[" * DEEP + "]" * DEEP + "\n"), ["te diep", "genest"]),
    ("diep-genest-tabel", _file("a = " + "{b = " * DEEP + "1" + "}" * DEEP + "\n"), ["te diep", "genest"]),
    ("fifo", _fifo, ["geen gewoon bestand", "named pipe (FIFO)"]),
    ("koppeling-naar-fifo", _link_to_fifo, ["geen gewoon bestand", "FIFO", "symbolische koppeling"]),
    ("koppeling-naar-apparaat", _link_to_device, ["geen gewoon bestand", "apparaat"]),
    ("map", _directory, ["geen gewoon bestand", "een map"]),
    ("te-groot", _too_big, ["te groot", "5 MB", "hoogstens 2 MB"]),
    ("leeg", _file(b""), ["'id'", "ontbreekt"]),
    ("geen-utf8", _file(_valid().encode("utf-8").replace(b"Vakmanschap", b"Vakm\xe1nschap", 1)), ["geen UTF-8", "regel"]),
    ("utf16", _file(_valid().encode("utf-16")), ["geen UTF-8", "UTF-16"]),
    ("toml-fout", _file(_replace('titel = "Normen', 'titel = Normen')), ["geen geldige TOML", "regel", "kolom", "ongeldige waarde"]),
    ("lange-int", _file(_replace("min_bronnen = 3", "min_bronnen = " + "9" * 5000)), ["getal"]),
    ("rollen-tekst", _file(_v1(r"rollen = \[.*\]", 'rollen = "P"')), ["norm V1", "'rollen'", "lijst"]),
    ("rollen-geen-tekst", _file(_v1(r"rollen = \[.*\]", "rollen = [1, 2]")), ["norm V1", "'rollen'"]),
    ("normtekst-getal", _file(_v1(r'tekst = ".*"', "tekst = 42")), ["norm V1", "'tekst'", "een getal"]),
    ("vragen-lijst", _file(_v1(r'\[norm\.vragen\]\n"?P"? = \[', "vragen = [")),
     ["norm V1", "'vragen'", "tabel", "een lijst"]),
    ("vraag-getal", _file(_v1(r'(\[norm\.vragen\]\n"?P"? = \[)', r"\1 12, ")),
     ["norm V1", "'vragen.P'", "vraag 1", "een getal"]),
    ("oordeel-getal", _file(_replace('"+" = "voldoet"', '"+" = 1')), ["[oordelen]", "'+'", "een getal"]),
    ("rubriek-tekst", _file(_replace("min_praktijkbronnen = 1", 'min_praktijkbronnen = 1\nrubriek = "vakmanschap"')
                            .replace("[[rubriek]]", "[[rubriekje]]")), ["'rubriek'", "lijst van tabellen", "een tekst"]),
    ("norm-tekst-stuurteken", _file(_replace('titel = "Normen', 'titel = "\\u001b]0;weg\\u0007Normen')),
     ["'titel'", "stuurteken", "U+001B"]),
    ("min-praktijkbronnen-te-groot", _file(_replace("min_praktijkbronnen = 1", "min_praktijkbronnen = 4")),
     ["'min_praktijkbronnen'", "0 tot en met min_bronnen (3)"]),
]


@pytest.mark.parametrize(("make", "expected"), [case[1:] for case in NAMED], ids=[case[0] for case in NAMED])
def test_named_case(tmp_path: Path, make: Make, expected: list[str] | None) -> None:
    folder = tmp_path / "normensets"
    folder.mkdir()
    path = make(folder)
    with deadline(30):
        registry = NormSetRegistry(folder)
        ids = registry.ids()
        if expected is None:
            assert "eigen-set" in ids and not registry.problems
            assert registry.get("eigen-set").path == str(path)
            return
        assert ids == ["concept-2016", "sterk-sociaal-werk-2019", "wijkteams-2019"], "de andere sets laden gewoon"
        assert len(registry.problems) == 1
        message = registry.problems[0]
        with pytest.raises(NormSetError) as direct:
            load_file(path)
    assert str(direct.value) == message
    assert message.startswith(f"Normenset '{path}'")
    for fragment in expected:
        assert fragment in message, f"{fragment!r} ontbreekt in: {message}"
    assert_dutch(message, path)
    with pytest.raises(NormSetError, match="Niet geladen: Normenset"):
        registry.get("eigen-set")


def test_copy_in_audit_file_damaged_or_nested() -> None:
    label = "'eigen-set' (kopie in het auditbestand)"
    for text, fragment in [
        ("a = " + "[" * DEEP + "]" * DEEP, "te diep"),
        ("\ufeff" + _valid(), None),
        ("", "'id'"),
        ("id = \"x\ud800\"", "Unicode"),
        ("x" * (MAX_BYTES + 1), "te groot"),
        (_valid()[: len(_valid()) // 2], None),
    ]:
        with deadline(30):
            try:
                normset = parse_text(text, label)
            except NormSetError as error:
                message = str(error)
                assert message.startswith(f"Normenset {label}")
                assert fragment is None or fragment in message, message
                assert_dutch(message)
            else:
                assert fragment is None and normset.id == "eigen-set"
                assert not normset.source_toml.startswith("\ufeff")


@pytest.mark.parametrize(
    ("code", "dutch"),
    [(errno.EACCES, "geen toestemming"), (errno.EIO, "leesfout"), (errno.ELOOP, "symbolische koppelingen"),
     (errno.ENAMETOOLONG, "te lang"), (errno.EMFILE, "te veel open bestanden")],
    ids=["geen-toegang", "io", "lus", "naam-te-lang", "te-veel-bestanden"],
)
def test_os_errors_are_dutch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, dutch: str) -> None:
    """The system's English ("Permission denied") never reaches the user; root ignores chmod, so patch open."""
    folder = tmp_path / "normensets"
    folder.mkdir()
    path = folder / "geval.toml"
    path.write_text(_valid(), encoding="utf-8")
    real_open = os.open

    def refusing_open(target: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(target) == path:
            raise OSError(code, os.strerror(code), str(target))
        return real_open(target, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    registry = NormSetRegistry(folder)
    assert "sterk-sociaal-werk-2019" in registry.ids()
    assert len(registry.problems) == 1
    message = registry.problems[0]
    assert dutch in message and os.strerror(code) not in message
    assert_dutch(message, path)


def test_unreadable_folder_is_a_problem_not_silence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "normensets"
    folder.mkdir()

    real_scandir = os.scandir

    def refusing_scandir(target: Any) -> Any:
        if Path(target) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_scandir(target)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    registry = NormSetRegistry(folder)
    assert registry.ids() == ["concept-2016", "sterk-sociaal-werk-2019", "wijkteams-2019"]
    assert len(registry.problems) == 1 and "geen toestemming" in registry.problems[0]
    assert_dutch(registry.problems[0], folder)
    monkeypatch.undo()
    not_a_folder = tmp_path / "bestand"
    not_a_folder.write_text("x", encoding="utf-8")
    registry = NormSetRegistry(not_a_folder)
    assert len(registry.ids()) == 3 and "geen map" in registry.problems[0]
    missing = NormSetRegistry(tmp_path / "bestaat-niet")
    assert len(missing.ids()) == 3 and missing.problems == [], "een map die er (nog) niet is, is geen probleem"


@pytest.mark.parametrize(
    "broken",
    ["a = ", "a = b", 'a = "x', "[a", "[[a]", "a = [1", "a = {b = 1", "[a]\n[a]", "a = 1\na = 2", 'a = "\\q"',
     'a = "\\uZZZZ"', 'a = "\\uD800"', "a = 1979-13-01", "a = 1 b", "= 1", 'a = "\x01"', "a.b = 1\na = 2",
     "a = {b = 1, b = 2}", "a = [1]\n[[a]]", "a = {b = 1}\na.c = 2", "a = 1\n[a.b]"],
)
def test_toml_syntax_errors_in_dutch(broken: str) -> None:
    with pytest.raises(NormSetError) as caught:
        parse_text(broken, "'geval.toml'")
    message = str(caught.value)
    assert "geen geldige TOML" in message and ("regel" in message or "eind van het bestand" in message)
    assert "de TOML-opbouw klopt hier niet" not in message, f"geen vertaling voor: {message}"
    assert_dutch(message)
