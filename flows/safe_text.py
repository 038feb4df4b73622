"""User text made safe to show: control characters visible, never acted upon.

Everything an auditor types, and everything read from an audit file, a notes file or a template, is
untrusted text. Printed raw, an escape sequence in a note can retitle the terminal window, clear the
screen or hide a line; a right-to-left override can make a line read differently from what it holds.
So every terminal output (the line mode, the CLI, the app) passes user text through `visible`, and the
exports pass it through `for_export`: the text is kept, letter for letter, but a control character is
shown as a visible sign instead of being sent to the terminal or the document.

- C0 controls become their Unicode control pictures (ESC as "␛", BEL as "␇", CR as "␍"); DEL becomes "␡".
- C1 controls (U+0080-U+009F; U+009B is a one-byte CSI on some terminals) become ``<U+009B>``.
- Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the invisible direction marks
  (U+200E, U+200F, U+061C) become ``<U+202E>``: visible, so no line can pretend to say something else.
- Lone surrogates (from bytes that were not UTF-8) become U+FFFD.

Line feeds stay line feeds where the context allows more than one line (`keep_newlines`), tabs stay tabs.

Two variants for places where the text itself must stay as it is: `visible_in_place` for a text being
edited (every character keeps its place, so the cursor stays where it belongs), and `escape_json` for a
JSON text (the characters become ``\\u`` escapes, so the JSON holds the same value).
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control character shown as a visible sign (see the module docstring).

    With `keep_newlines`, a line feed stays a line feed (for multi-line texts); otherwise it is shown as
    "␊" so that one record stays on one line of output.
    """
    pattern = _UNSAFE_KEEPING_LINES if keep_newlines else _UNSAFE
    if not pattern.search(text):
        return text
    if keep_newlines:
        text = text.replace("\r\n", "\n")
    return pattern.sub(_picture, text)


def visible_lines(text: str) -> str:
    """A multi-line text for a terminal: line feeds kept (CR LF as one line feed), all else visible."""
    return visible(text, keep_newlines=True)


def for_export(text: str) -> str:
    """Text for an export (Markdown, Word): as typed, line feeds and tabs kept, no raw control characters.

    Carriage returns are line ends in an export (CR LF and a lone CR become a line feed), so a text
    pasted from another program keeps its lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return visible(text, keep_newlines=True)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds anything `visible` would change (apart from line feeds)."""
    return bool(_UNSAFE_KEEPING_LINES.search(text))


def visible_in_place(text: str) -> str:
    """`text` for an editor's display: every unsafe character (line feed included) becomes one visible one.

    The result has exactly as many characters as `text`, so a cursor or selection given as an index into
    the text stays on the same character. C0 controls show as their control pictures (as in `visible`);
    DEL as "␡"; a C1 control, a direction mark or override, or a lone surrogate as U+FFFD, because a
    readable ``<U+202E>`` would not fit in one place. Tabs stay tabs.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_one_picture, text)


def _one_picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def escape_json(json_text: str) -> str:
    """A JSON text with every character `visible` would change written as a ``\\uXXXX`` escape.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls itself but writes DEL, C1 controls,
    direction overrides and lone surrogates as they are. Outside strings a JSON text holds only
    structure and whitespace, so each such character is inside a string, where the escape stands for the
    same character: the value is unchanged and the text is safe on a terminal. Line feeds and tabs (the
    indentation) stay.
    """
    if not _UNSAFE_KEEPING_LINES.search(json_text):
        return json_text
    return _UNSAFE_KEEPING_LINES.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)
