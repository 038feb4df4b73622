"""Writing the auditor's own text into Markdown so that it shows exactly as typed.

Everything an auditor types (notes, report texts, kerngegevens, the advice) can contain characters that
Markdown would read as markup: a `|` that splits a table cell, a `*` that starts emphasis, a `<b>` that a
renderer passes on as HTML, a line starting with `1.` or `#` that becomes a list or a heading. The
helpers here turn such text into Markdown that renders to the same text, in three contexts:

- `cell`: one table cell. Pipes and Markdown specials are backslash-escaped, line breaks become
  `<br>` (the only line break a GFM table cell can hold). `<` and `>` are backslash-escaped so that no
  tag from the text reaches the reader's renderer, and so is an `&` that would start an entity
  ("&amp;", "&#60;"); a plain "P&O" stays as typed, readable in the Markdown source. An empty text
  gives an empty cell.
- `paragraphs` / `list_item`: free text outside tables. Blank lines separate paragraphs, other line
  breaks are hard breaks (backslash at the end of the line), and each line's start is escaped so it
  can never begin a heading, list, quote, code block or table.
- `heading`: a one-line text in an ATX heading.

No control character reaches the document: every text first goes through `flows.safe_text.for_export`,
which keeps line feeds and tabs and shows every other control character (an escape sequence, a
right-to-left override, a NUL) as a visible sign, so a report opened in a terminal or an editor can
neither be steered nor misread.

What the reader sees is the text after `normalise` (line endings unified, control characters visible,
outer whitespace dropped; outside tables also each line's own leading and trailing whitespace).
tests/unit/test_markdown_escape.py checks this property with Hypothesis against markdown-it-py
(CommonMark with tables).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Sequence

from flows.safe_text import for_export

#: What an empty free-text section shows, so an unfilled part of the report is visible as such.
EMPTY_TEXT = "*(nog niet ingevuld)*"

# Backslash-escape every inline special, `<` and `>` (raw HTML, autolinks) and an `&` that starts an
# entity reference. `_` is left alone between two letters or digits, where it can never open or close
# emphasis (CommonMark's flanking rules), so e-mail addresses and file names stay readable in the source.
_INLINE_SPECIALS = re.compile(r"[\\`*\[\]~|<>]|&(?=#?[0-9A-Za-z]+;)|(?<![^\W_])_|_(?![^\W_])")
_ORDERED_MARKER = re.compile(r"\d{1,9}[.)]")
_BLOCK_STARTERS = ("#", "=", "+", "-")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def normalise(text: str) -> str:
    """The text as the reader will see it: CR and CRLF become LF, other control characters are shown
    visibly (`for_export`: ESC as "␛", NUL as "␀", U+202E as "<U+202E>"), outer whitespace goes.

    Markdown unifies line endings itself; doing it here keeps the escaping and its tests on one footing.
    """
    return for_export(text).strip()


def escape_inline(text: str) -> str:
    """One line of text as inline Markdown that renders to exactly that text (control characters visible).

    A line break in `text` becomes a space: inline text has no place for one, and a line break followed
    by `#` or `-` would start a block.
    """
    return _INLINE_SPECIALS.sub(r"\\\g<0>", " ".join(for_export(text).split("\n")))


def cell(text: str) -> str:
    """`text` as the content of one GFM table cell (see the module docstring); "" for an empty text."""
    return "<br>".join(escape_inline(line) for line in normalise(text).split("\n"))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; every header and value goes through `cell`, so no value can break the table's shape."""
    width = len(headers)
    lines = [_row(headers), "| " + " | ".join("---" for _ in headers) + " |"]
    for values in rows:
        if len(values) != width:
            raise ValueError(f"row has {len(values)} values, the table has {width} columns")
        lines.append(_row(values))
    return "\n".join(lines)


def _row(values: Sequence[str]) -> str:
    return "| " + " | ".join(cell(value) for value in values) + " |"


def _escape_line_start(line: str) -> str:
    """Keep a line from starting a block: heading, setext underline, bullet or ordered list item.

    Quotes, fences, HTML and tables cannot start because `>`, `` ` ``, `~`, `<` and `|` are already escaped
    by `escape_inline`; indented code cannot because lines are stripped.
    """
    if line.startswith(_BLOCK_STARTERS):
        return "\\" + line
    marker = _ORDERED_MARKER.match(line)
    if marker:
        cut = marker.end() - 1
        return line[:cut] + "\\" + line[cut:]
    return line


def paragraph_lines(text: str) -> list[str]:
    """The Markdown lines of `text` as paragraphs: "" between paragraphs, hard breaks within one.

    Each line is stripped of its own leading and trailing whitespace; a line that is empty after that
    separates paragraphs. An empty text gives no lines at all.
    """
    paragraphs: list[list[str]] = [[]]
    for raw_line in normalise(text).split("\n"):
        line = raw_line.strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(_escape_line_start(escape_inline(line)))
    lines: list[str] = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if lines:
            lines.append("")
        lines.extend(line + "\\" for line in paragraph[:-1])
        lines.append(paragraph[-1])
    return lines


def paragraphs(text: str, placeholder: str = EMPTY_TEXT) -> str:
    """`text` as one or more Markdown paragraphs, or `placeholder` (Markdown, not escaped) when empty."""
    lines = paragraph_lines(text)
    return "\n".join(lines) if lines else placeholder


def list_item(text: str, prefix: str = "", depth: int = 0) -> str:
    """A bullet list item holding `text`, after `prefix` (Markdown, not escaped), nested `depth` levels deep.

    Continuation lines and further paragraphs are indented to the item's content, so a multi-line text
    stays inside its item.
    """
    outer = "  " * depth
    inner = outer + "  "
    lines = paragraph_lines(text) or [""]
    first = f"{outer}- {prefix}{lines[0]}".rstrip()
    rest = [inner + line if line else "" for line in lines[1:]]
    return "\n".join([first, *rest])


def heading(level: int, text: str) -> str:
    """An ATX heading of `level` whose text is `text` on one line (line breaks become spaces)."""
    one_line = " ".join(normalise(text).split("\n"))
    return "#" * level + " " + escape_inline(one_line).replace("#", "\\#")


def dutch_date(text: str) -> str:
    """An ISO date (2026-11-20) as the report writes it (20 november 2026); any other text unchanged."""
    if not _ISO_DATE.fullmatch(text.strip()):
        return text
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return text
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def count_phrase(count: int, singular: str, plural: str) -> str:
    """'1 norm', '3 normen'."""
    return f"{count} {singular if count == 1 else plural}"
