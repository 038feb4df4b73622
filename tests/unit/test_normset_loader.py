"""A user's own norm-set file: every kind of bad input gives one Dutch message naming file, norm and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from normsets import NormSetError, NormSetRegistry, load_file

VALID = '''
id = "mijn-set"
titel = "Eigen normen"
versie = "2026"
bron = "Eigen werk"
min_bronnen = 3

[besluitregel]
max_voldoet_niet = 3
max_verbeterpunt = 8
tekst = "Regel."

[[rubriek]]
id = "vakmanschap"
titel = "Vakmanschap"
prefix = "V"

[[rubriek]]
id = "organisatie"
titel = "Organisatie"
prefix = "O"

[[norm]]
id = "V1"
rubriek = "vakmanschap"
nummer = 1
tekst = "Professionals doen het goed."
rollen = ["P"]
[norm.vragen]
P = ["Kun je een voorbeeld geven?"]

[[norm]]
id = "O1"
rubriek = "organisatie"
nummer = 1
tekst = "De organisatie doet het goed."
rollen = ["Mng"]
[norm.vragen]
Mng = ["Waar blijkt dat uit?"]
'''


def write(tmp_path: Path, text: str, name: str = "mijn-set.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def message_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(NormSetError) as caught:
        load_file(path)
    message = str(caught.value)
    assert str(path) in message, "de melding noemt het bestand"
    return message


def test_valid_file_loads(tmp_path: Path) -> None:
    normset = load_file(write(tmp_path, VALID))
    assert normset.id == "mijn-set" and [n.id for n in normset.norms] == ["V1", "O1"]
    assert not normset.builtin


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (VALID.replace('tekst = "Professionals doen het goed."\n', ""), ["norm V1", "'tekst'", "ontbreekt"]),
        (VALID.replace('titel = "Eigen normen"\n', ""), ["'titel'", "ontbreekt"]),
        (VALID.replace('id = "O1"', 'id = "V1"'), ["norm V1", "twee keer", "'id'"]),
        (VALID.replace('rollen = ["Mng"]', 'rollen = ["Manager"]'), ["norm O1", "onbekende rolcode 'Manager'", "'rollen'"]),
        (VALID.replace('rubriek = "organisatie"\nnummer', 'rubriek = "vakmanschap"\nnummer'), ["rubriek organisatie", "geen normen"]),
        (VALID.replace('rubriek = "organisatie"\nnummer', 'rubriek = "bestuur"\nnummer'), ["norm O1", "'rubriek'", "bestuur"]),
        (VALID.replace('Mng = ["Waar blijkt dat uit?"]', 'Mng = []'), ["norm O1", "vragen.Mng"]),
        (VALID.replace('[norm.vragen]\nMng = ["Waar blijkt dat uit?"]', ''), ["norm O1", "'vragen'", "ontbreekt"]),
        (VALID.replace("min_bronnen = 3", 'min_bronnen = "drie"'), ["'min_bronnen'", "geheel getal"]),
    ],
    ids=["veld-ontbreekt", "titel-ontbreekt", "dubbele-id", "onbekende-rol", "lege-rubriek", "onbekende-rubriek",
         "lege-vragenlijst", "vragen-ontbreken", "verkeerd-type"],
)
def test_bad_input_message(tmp_path: Path, broken: str, expected: list[str]) -> None:
    message = message_for(tmp_path, broken)
    for fragment in expected:
        assert fragment in message, f"{fragment!r} ontbreekt in: {message}"
    assert "Traceback" not in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    broken = VALID.replace('nummer = 1\ntekst = "Professionals', 'nummer = 1\ntekst = Professionals', 1)
    message = message_for(tmp_path, broken)
    line = broken.splitlines().index('tekst = Professionals doen het goed."') + 1
    assert f"regel {line}" in message and "geen geldige TOML" in message


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "kapot.toml"
    path.write_bytes(b"\xff\xfe\x00titel")
    with pytest.raises(NormSetError, match="geen UTF-8"):
        load_file(path)
    with pytest.raises(NormSetError, match="bestaat niet"):
        load_file(tmp_path / "weg.toml")


def test_user_sets_beside_builtin_ones(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    write(tmp_path, VALID.replace('id = "mijn-set"', 'id = "sterk-sociaal-werk-2019"'), "kopie.toml")
    write(tmp_path, "dit is = = geen toml", "kapot.toml")
    registry = NormSetRegistry(tmp_path)
    ids = registry.ids()
    assert ids[:3] == ["concept-2016", "sterk-sociaal-werk-2019", "wijkteams-2019"]
    assert "mijn-set" in ids
    assert registry.get("sterk-sociaal-werk-2019").builtin, "een eigen set neemt nooit de plaats van een ingebouwde in"
    problems = " ".join(registry.problems)
    assert "kopie.toml" in problems and "ingebouwde" in problems
    assert "kapot.toml" in problems and "regel 1" in problems


def test_unknown_set_lists_the_known_ones() -> None:
    with pytest.raises(NormSetError) as caught:
        NormSetRegistry(None).get("hkz")
    assert "Onbekende normenset 'hkz'" in str(caught.value) and "sterk-sociaal-werk-2019" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", 1),
        ("min_praktijkbronnen = 0", 0),
        ("min_praktijkbronnen = 1", 1),
        ("min_praktijkbronnen = 3", 3),
    ],
    ids=["ontbreekt-wordt-1", "nul", "een", "gelijk-aan-min-bronnen"],
)
def test_min_practice_sources(tmp_path: Path, line: str, expected: int) -> None:
    normset = load_file(write(tmp_path, VALID.replace("min_bronnen = 3", f"min_bronnen = 3\n{line}")))
    assert normset.min_practice_sources == expected
    assert normset.to_json_dict()["min_praktijkbronnen"] == expected


@pytest.mark.parametrize(
    "value", ["4", "-1", '"1"', "true", "1.0", "[1]", "{ n = 1 }"],
    ids=["meer-dan-min-bronnen", "negatief", "tekst", "boolean", "kommagetal", "lijst", "tabel"],
)
def test_min_practice_sources_refused(tmp_path: Path, value: str) -> None:
    message = message_for(tmp_path, VALID.replace("min_bronnen = 3", f"min_bronnen = 3\nmin_praktijkbronnen = {value}"))
    assert "'min_praktijkbronnen'" in message and "0 tot en met min_bronnen (3)" in message


def test_builtin_sets_state_min_practice_sources() -> None:
    registry = NormSetRegistry(None)
    for normset in registry.all():
        assert "\nmin_praktijkbronnen = 1\n" in normset.source_toml, f"{normset.id} noemt het veld zelf"
        assert normset.min_practice_sources == 1
