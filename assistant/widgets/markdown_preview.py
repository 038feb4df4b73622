"""A long Markdown document, shown formatted at once however long it is (the export preview).

Textual's Markdown widget builds a widget per block on the event loop, about 5 ms a line: the report took
seconds to appear and a working document of 2,000 notes could not be shown whole. Here Rich formats the
Markdown into lines: the beginning at once (a few milliseconds, so the report's start is on screen with
the next frame), the whole document in a thread worker; the widget only paints the lines that are in
view. A new width formats again, in the worker. The scrollbar's room is kept free from the start, so
the lines need not be formatted again when it appears.

The text is the export as it will be written; Rich shows it as text (no Rich markup is read from it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.console import Console
from rich.markdown import Markdown
from textual import work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: The beginning that is formatted first: about this many source lines, up to the next blank line.
HEAD_LINES = 40


def beginning(text: str, lines: int = HEAD_LINES) -> str:
    """The first `lines` lines of `text` and on to the end of the block they are in ('' if that is all)."""
    parts = text.splitlines(keepends=True)
    if len(parts) <= lines:
        return ""
    for index in range(lines, len(parts)):
        if not parts[index].strip():
            return "".join(parts[:index])
    return ""


def format_lines(text: str, width: int) -> list[Strip]:
    """`text` as Markdown formatted by Rich for `width` columns, one Strip per line (pure; any thread)."""
    console = Console(width=width, file=io.StringIO(), color_system="truecolor", force_terminal=True,
                      legacy_windows=False, highlight=False, emoji=False, markup=False)
    options = console.options.update_width(width)
    rendered = console.render_lines(Markdown(text, hyperlinks=False), options, pad=False, new_lines=False)
    return [Strip(line) for line in rendered]


class MarkdownPreview(ScrollView, can_focus=True):
    """Formatted Markdown; scroll with the arrows, PgUp/PgDn, Home/End."""

    DEFAULT_CSS = """
    MarkdownPreview {
        height: 1fr;
        padding: 0 1;
        scrollbar-gutter: stable;
    }
    MarkdownPreview:focus {
        background-tint: $foreground 5%;
    }
    """

    @dataclass
    class Formatted(Message):
        """Lines formatted by the worker (internal)."""

        token: int
        """Which `show` they belong to (older ones are dropped)."""
        width: int
        """The width they were formatted for."""
        lines: list[Strip]
        """The formatted lines."""
        complete: bool
        """False for the beginning only."""

    @dataclass
    class Shown(Message):
        """New lines are on screen."""

        preview: "MarkdownPreview"
        """The preview that shows them."""
        complete: bool
        """True once the whole document is shown, False while only its beginning is."""

        @property
        def control(self) -> "MarkdownPreview":
            return self.preview

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = ""
        """The Markdown text shown (exactly what the export writes)."""
        self.complete = False
        """Whether the whole text is formatted and shown (False while only its beginning is)."""
        self._lines: list[Strip] = []
        self._token = 0
        self._width = 0
        self._rest: tuple[int, str, int] | None = None
        """(token, text, width) still to be formatted whole once the beginning is painted."""

    def show(self, text: str) -> None:
        """Show `text`: its beginning at once, all of it as soon as the worker has formatted it."""
        self.source = text
        self.complete = False
        self._token += 1
        self.scroll_home(animate=False)
        if not self.size.width:
            self._lines = []
            self._width = 0
            return  # not laid out yet: formatted on the first resize, for the real width
        self._width = self._text_width()
        head = beginning(text)
        if head:
            self._take(self.Formatted(self._token, self._width, format_lines(head, self._width), False))
            # The rest once the beginning has been painted (see `render_line`): a worker formatting the
            # whole text shares the interpreter with the loop and would hold that frame back (F5 took
            # 230 instead of 100 ms to show the report's first lines).
            self._rest = (self._token, text, self._width)
        else:
            self._lines = []
            self.virtual_size = Size(0, 0)
            self._format_worker(self._token, text, self._width)

    def _text_width(self) -> int:
        return max(20, self.scrollable_content_region.width or self.size.width or 80)

    def _format(self) -> None:
        self._width = self._text_width()
        self._format_worker(self._token, self.source, self._width)

    @work(thread=True, group="voorbeeld-opmaak", exit_on_error=False)
    def _format_worker(self, token: int, text: str, width: int) -> None:
        if token != self._token or width != self._width:
            return  # another text or width came meanwhile: its own worker formats it
        self.post_message(self.Formatted(token, width, format_lines(text, width), True))

    def on_markdown_preview_formatted(self, message: Formatted) -> None:
        message.stop()
        self._take(message)

    def _take(self, message: Formatted) -> None:
        if message.token != self._token or message.width != self._width:
            return
        if self.complete and not message.complete:
            return  # the whole text already shows (a late beginning after a new width)
        self._lines = message.lines
        self.complete = message.complete
        self.virtual_size = Size(message.width, len(message.lines))
        self.refresh()
        self.post_message(self.Shown(self, message.complete))

    def on_resize(self) -> None:
        if self.source and not self._width:
            self.show(self.source)
        elif self.source and self._text_width() != self._width:
            self._format()

    def render_line(self, y: int) -> Strip:
        if self._rest is not None:
            # The beginning is being painted now; the frame is written before the loop runs this.
            rest, self._rest = self._rest, None
            self.call_later(self._format_worker, *rest)
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)

    def plain_lines(self) -> list[str]:
        """The lines as shown, as plain text (for tests)."""
        return [line.text for line in self._lines]
