"""Whatever the auditor types shows as typed in the exported Markdown, and never breaks a table.

Checked the way mdformat checks its output (`_util.is_md_equal`): by parsing with markdown-it-py
(CommonMark with GFM tables) and comparing what comes out, not by matching strings. The parse helpers
here are shared by the report and working-document tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

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

MD = MarkdownIt("commonmark").enable("table")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


# -- parsing helpers (shared) ----------------------------------------------------------------


def parse(source: str) -> list[Token]:
    return MD.parse(source)


def inline_text(token: Token, allow_emphasis: bool = False) -> str:
    """The text an inline token shows; fails on any markup the renderers did not put there themselves.

    Line breaks (`<br>` in cells, hard breaks in paragraphs) count as "\\n". With `allow_emphasis`, the
    renderers' own `*label*` is allowed and its markers dropped.
    """
    assert token.type == "inline", token.type
    parts = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif allow_emphasis and child.type in ("em_open", "em_close", "strong_open", "strong_close"):
            continue
        else:
            raise AssertionError(f"unexpected markup {child.type} {child.content!r} in {token.content!r}")
    return "".join(parts)


@dataclass
class ParsedTable:
    header: list[str]
    rows: list[list[str]]


def tables_of(source: str, tokens: list[Token] | None = None) -> list[ParsedTable]:
    """Every table in `source`, its cells as shown; asserts that every row line has the header's cell count."""
    tokens = tokens if tokens is not None else parse(source)
    lines = source.split("\n")
    found: list[ParsedTable] = []
    current: ParsedTable | None = None
    row: list[str] | None = None
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            current = ParsedTable([], [])
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
            # The row as written: its unescaped pipes delimit exactly the header's number of cells.
            line = lines[token.map[0]]
            assert line.startswith("| ") and line.endswith(" |"), line
            row_pipes = len(_UNESCAPED_PIPE.findall(line))
            if current is not None and current.header:
                assert row_pipes == len(current.header) + 1, f"row changed its shape: {line!r}"
        elif token.type in ("th_open", "td_open"):
            row.append(inline_text(tokens[index + 1]))
        elif token.type == "tr_close":
            if in_head:
                current.header = row
            else:
                assert len(row) == len(current.header)
                current.rows.append(row)
        elif token.type == "table_close":
            found.append(current)
            current = None
    return found


def blocks_between(tokens: list[Token], start_heading: str, level: int) -> list[Token]:
    """The tokens after the heading whose text is `start_heading`, up to the next heading of `level` or higher."""
    result: list[Token] = []
    inside = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            depth = int(token.tag[1])
            text = inline_text(tokens[index + 1])
            if inside and depth <= level:
                break
            if text == start_heading:
                inside = True
                continue
        if inside:
            result.append(token)
    assert inside, f"heading {start_heading!r} not found"
    return result[2:]  # drop the heading's own inline and closing tokens


def headings(tokens: list[Token]) -> list[tuple[int, str]]:
    return [
        (int(token.tag[1]), inline_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


# -- the oracle: what a reader should see -------------------------------------------------------


def shown_in_cell(text: str) -> str:
    """Line endings unified, NUL replaced (as Markdown itself does), outer whitespace dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd").strip()


def shown_as_paragraphs(text: str) -> list[str]:
    """Per paragraph its lines, each stripped; blank lines separate paragraphs."""
    result: list[list[str]] = [[]]
    for line in shown_in_cell(text).split("\n"):
        if line.strip():
            result[-1].append(line.strip())
        elif result[-1]:
            result.append([])
    return ["\n".join(lines) for lines in result if lines]


# -- strategies -------------------------------------------------------------------------------

TRICKY = [
    "|", "\\", "`", "```", "*", "**", "_", "__", "[", "]", "](x)", "~", "~~", "<", ">", "&", "&amp;", "&#124;",
    "<b>", "</td>", "<br>", "<!-- x -->", "<https://example.org>", "#", "# ", "=", "===", "-", "- ", "---",
    "+ ", "1. ", "2) ", "> ", "    ", "\t", "\n", "\n\n", "\r\n", "\r", " ", "\u00a0", "\u2028", "\x0c",
    "\x00", '"', "'", "‘", "’", "“", "”", "„", "«", "»", "!", "![", "\\|", "e_mail", "a_b_c", "RI&E", "P&O",
]
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=4)), max_size=24).map("".join)


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
    assert normalise(" a\r\nb\rc\0 ") == "a\nb\nc\ufffd"


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
