"""Text fields that show control characters instead of sending them to the terminal.

Textual's `Input` and `TextArea` draw their text as it is: an escape sequence in a kerngegeven, a chat
draft or a report text read from an audit file would reach the terminal raw (retitle the window, clear
the screen, reverse a line). The value itself must stay exactly as the auditor typed it, so only the
drawing changes: every unsafe character is drawn as one visible sign (`flows.safe_text.visible_in_place`),
one for one, so the cursor and the selection stay on the right character.

Use `SafeInput` and `SafeTextArea` wherever a field can hold text from an audit file or a paste.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input, TextArea

from flows.safe_text import visible_in_place


class VisibleControls(Highlighter):
    """A Rich highlighter that replaces each unsafe character of the text by one visible sign."""

    def highlight(self, text: Text) -> None:
        shown = visible_in_place(text.plain)
        if shown != text.plain:
            text.plain = shown  # same length: the spans (cursor, selection) stay where they were


class SafeInput(Input):
    """An `Input` whose text is drawn with control characters visible; its value is untouched.

    (Rich's `Text` drops BEL, backspace, vertical tab, form feed and carriage return from what is drawn;
    those never reach the terminal either.)
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("highlighter", VisibleControls())
        super().__init__(*args, **kwargs)


class SafeTextArea(TextArea):
    """A `TextArea` whose lines are drawn with control characters visible; its text is untouched."""

    def get_line(self, line_index: int) -> Text:
        return Text(visible_in_place(self.document.get_line(line_index)), end="", no_wrap=True)
