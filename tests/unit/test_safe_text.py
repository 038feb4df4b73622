"""Control characters in user text are shown, never sent to a terminal or an export (table-driven)."""

from __future__ import annotations

import pytest

import json

from flows.safe_text import escape_json, for_export, has_unsafe, visible, visible_in_place, visible_lines

CASES = [
    ("plain text", "plain text", "plain text"),
    ("titel \x1b]0;pwned\x07", "titel ␛]0;pwned␇", "titel ␛]0;pwned␇"),
    ("\x1b[2Jweg", "␛[2Jweg", "␛[2Jweg"),
    ("a\u202eb", "a<U+202E>b", "a<U+202E>b"),
    ("a\u2066b\u2069", "a<U+2066>b<U+2069>", "a<U+2066>b<U+2069>"),
    ("csi\x9b31m", "csi<U+009B>31m", "csi<U+009B>31m"),
    ("del\x7f", "del␡", "del␡"),
    ("nul\x00", "nul␀", "nul␀"),
    ("bytes \udcff", "bytes \ufffd", "bytes \ufffd"),
    ("two\nlines", "two␊lines", "two\nlines"),
    ("tab\there", "tab\there", "tab\there"),
    ("crlf\r\nline", "crlf␍␊line", "crlf\nline"),
    ("[/] kapot [link=x]y[/link]", "[/] kapot [link=x]y[/link]", "[/] kapot [link=x]y[/link]"),
    ("P&O <b> | é ü ✓", "P&O <b> | é ü ✓", "P&O <b> | é ü ✓"),
]


@pytest.mark.parametrize(("raw", "one_line", "multi_line"), CASES)
def test_visible(raw: str, one_line: str, multi_line: str) -> None:
    assert visible(raw) == one_line
    assert visible_lines(raw) == multi_line


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\r\nb\rc", "a\nb\nc"),
    ("esc \x1b[31m rood", "esc ␛[31m rood"),
    ("gewoon", "gewoon"),
])
def test_for_export_keeps_lines_and_shows_controls(raw: str, expected: str) -> None:
    assert for_export(raw) == expected


def test_nothing_unsafe_survives() -> None:
    every_char = "".join(chr(code) for code in range(0x0, 0x3000))
    for shown in (visible(every_char), visible_lines(every_char), for_export(every_char)):
        assert not has_unsafe(shown)
    assert "\n" not in visible(every_char)


def test_has_unsafe() -> None:
    assert has_unsafe("a\x1bb")
    assert not has_unsafe("regel\nregel")


@pytest.mark.parametrize(("raw", "shown"), [
    ("plain", "plain"),
    ("esc\x1b[2J", "esc␛[2J"),
    ("bel\x07 del\x7f", "bel␇ del␡"),
    ("a\u202eb c\x9bd", "a\ufffdb c\ufffdd"),
    ("line\nfeed\ttab", "line␊feed\ttab"),
    ("surrogate \udcff", "surrogate \ufffd"),
])
def test_visible_in_place_keeps_every_character_in_its_place(raw: str, shown: str) -> None:
    assert visible_in_place(raw) == shown
    assert len(visible_in_place(raw)) == len(raw)


def test_visible_in_place_leaves_nothing_unsafe() -> None:
    every_char = "".join(chr(code) for code in range(0x0, 0x3000))
    shown = visible_in_place(every_char)
    assert len(shown) == len(every_char)
    assert not has_unsafe(shown) and "\n" not in shown


@pytest.mark.parametrize("value", [
    {"organisatie": "a\u202eb", "c1": "x\x9b31m", "del": "\x7f", "esc": "\x1b]0;pwned\x07"},
    ["gewoon", "P&O <b>", "regel\nregel", "tab\tje"],
    {"lone": "bytes \udcff"},
])
def test_escape_json_keeps_the_value_and_shows_nothing_raw(value: object) -> None:
    for indent in (None, 2):
        text = escape_json(json.dumps(value, ensure_ascii=False, indent=indent))
        assert json.loads(text) == value
        assert not has_unsafe(text)


def test_escape_json_leaves_clean_json_alone() -> None:
    text = json.dumps({"a": ["b", 1, None]}, ensure_ascii=False, indent=2)
    assert escape_json(text) == text
