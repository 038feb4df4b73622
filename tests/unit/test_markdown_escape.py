"""Whatever the auditor types shows as typed in the exported Markdown, and never breaks a table.

Checked the way mdformat checks its output (`_util.is_md_equal`): by parsing with markdown-it-py
(CommonMark with GFM tables) and comparing what comes out, not by matching strings (helpers in
tests/markdown_checks.py).

"As typed" means after `normalise`: line endings unified, outer whitespace dropped, and control
characters shown as visible signs (`flows.safe_text.for_export`: ESC as "␛", NUL as "␀", U+202E as
"<U+202E>"), because an export keeps the text but never a raw control character. The oracle
`shown_in_cell` states the same; the properties below are otherwise unchanged.
"""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.markdown import (
    EMPTY_TEXT,
    cell,
    dutch_date,
    heading,
    list_item,
    normalise,
    paragraphs,
    table,
)
from tests.markdown_checks import (
    parse,
    inline_text,
    tables_of,
    blocks_between,
    shown_in_cell,
    shown_as_paragraphs,
    texts,
)

# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(header=st.lists(texts, min_size=1, max_size=4), data=st.data())
def test_table_cells_show_the_text_as_typed(header: list[str], data: st.DataObject) -> None:
    rows = data.draw(st.lists(st.lists(texts, min_size=len(header), max_size=len(header)), max_size=4))
    source = "Voor de tabel.\n\n" + table(header, rows) + "\n\nNa de tabel.\n"
    tokens = parse(source)
    parsed = tables_of(source, tokens)
    assert len(parsed) == 1
    assert parsed[0].header == [shown_in_cell(text) for text in header]
    assert parsed[0].rows == [[shown_in_cell(text) for text in row] for row in rows]
    paragraphs_around = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"]
    assert paragraphs_around == ["Voor de tabel.", "Na de tabel."]


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_free_text_stays_paragraphs_showing_the_text(text: str) -> None:
    rendered = paragraphs(text)
    expected = shown_as_paragraphs(text)
    if not expected:
        assert rendered == EMPTY_TEXT
        return
    tokens = parse("## Toelichting\n\n" + rendered + "\n\n## Volgende\n")
    body = blocks_between(tokens, "Toelichting", 2)
    assert [t.type for t in body] == ["paragraph_open", "inline", "paragraph_close"] * len(expected)
    assert [inline_text(t) for t in body if t.type == "inline"] == expected


@settings(max_examples=300, deadline=None)
@given(source_label=texts, notes=st.lists(texts, min_size=1, max_size=4))
def test_notes_stay_inside_their_list_items(source_label: str, notes: list[str]) -> None:
    lines = [list_item(source_label)] + [list_item(note, prefix="*bevinding*: ", depth=1) for note in notes]
    tokens = parse("\n".join(lines) + "\n\nDaarna.\n")
    outer_items = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    inner_items = [t for t in tokens if t.type == "list_item_open" and t.level == 3]
    assert len(outer_items) == 1 and len(inner_items) == len(notes)
    texts_per_item: list[list[str]] = []
    collecting = False
    for token in tokens:
        if token.type == "list_item_open":
            texts_per_item.append([])
            collecting = True
        elif token.type in ("list_item_close", "bullet_list_open"):
            collecting = False
        elif token.type == "inline" and collecting:
            texts_per_item[-1].append(inline_text(token, allow_emphasis=True))
    assert texts_per_item[0] == (shown_as_paragraphs(source_label) or [])
    for note, shown in zip(notes, texts_per_item[1:]):
        expected = shown_as_paragraphs(note) or [""]
        expected[0] = "bevinding: " + expected[0] if expected[0] else "bevinding:"
        assert shown == expected
    assert inline_text([t for t in tokens if t.type == "inline"][-1]) == "Daarna."


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_headings_show_the_text_on_one_line(text: str) -> None:
    tokens = parse(heading(1, f"Werkdocument — {text}") + "\n")
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    expected = " ".join(shown_in_cell(f"Werkdocument — {text}").split("\n"))
    assert inline_text(tokens[1]) == expected


# -- examples -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("", ""),
        ("   ", ""),
        ("gewoon", "gewoon"),
        ("a | b", r"a \| b"),
        ("regel 1\nregel 2", "regel 1<br>regel 2"),
        ("regel 1\r\nregel 2", "regel 1<br>regel 2"),
        ("<b>vet</b>", "\\<b\\>vet\\</b\\>"),
        ("RI&E", "RI&E"),
        ("&amp; en &#124;", "\\&amp; en \\&#124;"),
        ("*nadruk* en `code`", r"\*nadruk\* en \`code\`"),
        ("[link](x)", r"\[link\](x)"),
        ("info_wijk@voorbeeld.nl", "info_wijk@voorbeeld.nl"),
        ("_nadruk_", r"\_nadruk\_"),
        ("c:\\map", "c:\\\\map"),
        ('"citaat" en ‘enkel’', '"citaat" en ‘enkel’'),
    ],
)
def test_cell_examples(text: str, markdown: str) -> None:
    assert cell(text) == markdown


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("# geen kop", r"\# geen kop"),
        ("1. geen lijst", r"1\. geen lijst"),
        ("- geen opsomming", r"\- geen opsomming"),
        ("> geen citaat", "\\> geen citaat"),
        ("===", r"\==="),
        ("eerste\ntweede", "eerste\\\ntweede"),
        ("alinea 1\n\n\nalinea 2", "alinea 1\n\nalinea 2"),
        ("    ingesprongen", "ingesprongen"),
        ("", EMPTY_TEXT),
    ],
)
def test_paragraph_examples(text: str, markdown: str) -> None:
    assert paragraphs(text) == markdown


def test_table_refuses_a_row_of_the_wrong_width() -> None:
    with pytest.raises(ValueError):
        table(("a", "b"), [("alleen één",)])


def test_normalise() -> None:
    assert normalise(" a\r\nb\rc\0 ") == "a\nb\nc␀"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("titel \x1b]0;pwned\x07", "titel ␛\\]0;pwned␇"),
        ("a\u202eb", "a\\<U+202E\\>b"),
        ("csi\x9b31m nul\x00", "csi\\<U+009B\\>31m nul␀"),
    ],
)
def test_control_characters_are_shown_not_written(text: str, markdown: str) -> None:
    assert cell(text) == markdown
    assert heading(2, text) == "## " + markdown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2026-11-20", "20 november 2026"),
        ("2026-03-01", "1 maart 2026"),
        (" 2026-12-31 ", "31 december 2026"),
        ("2026-02-30", "2026-02-30"),
        ("20261120", "20261120"),
        ("20 en 21 november", "20 en 21 november"),
        ("", ""),
    ],
)
def test_dutch_date(text: str, shown: str) -> None:
    assert dutch_date(text) == shown
