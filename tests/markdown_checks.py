"""Checking exported Markdown the way mdformat does (`_util.is_md_equal`): parse it with markdown-it-py
(CommonMark with GFM tables) and compare what a reader would see, not the strings.

Shared by the escaping, report, working-document, JSON and CLI tests; also the Hypothesis strategy of
texts full of characters that Markdown would read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from flows.safe_text import for_export

MD = MarkdownIt("commonmark").enable("table")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


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
    """Line endings unified, every other control character shown visibly, outer whitespace dropped.

    The visible forms are `flows.safe_text`'s (ESC as "␛", NUL as "␀", U+202E as "<U+202E>"): an
    export keeps the text but never a raw control character, so that is what the reader sees.
    """
    return for_export(text).strip()


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
