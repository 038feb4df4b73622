"""The key bar at the bottom of every screen: the keys that work here, wrapped so that all of them show.

Textual's Footer puts every key on one line and cuts what does not fit: at 80 columns F4 and F5 were
never seen, and rebuilding a dozen small widgets on every focus change made switching screens slow. This
bar is one widget that draws the active bindings itself as short "key label" pairs: first the keys of
what has focus and of the screen, then the keys that work everywhere (F1-F5, Ctrl+P, Ctrl+Q), on as many
lines as needed (at 80 columns two, three on the interview with its many keys; never more than
`MAX_LINES`). A click on a pair runs its action, as in the Footer.
"""

from __future__ import annotations

import re

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Size
from textual.widget import Widget

MAX_LINES = 3
#: Between two pairs: two spaces, or one where two would need another line.
GAPS = (2, 1)

_KEY_NAMES = {"escape": "Esc", "esc": "Esc", "enter": "Enter", "delete": "Del", "del": "Del",
              "tab": "Tab", "space": "Spatie", "up": "↑", "down": "↓", "left": "←", "right": "→",
              "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End"}


def key_text(app: App, binding: Binding) -> str:
    """How a key is shown: 'F2', '^Q', 'Esc', 'e', '.'."""
    if binding.key_display:
        return binding.key_display
    shown = app.get_key_display(binding)
    if re.fullmatch(r"f\d+", shown):
        return shown.upper()
    if shown.startswith("^") and len(shown) == 2:
        return shown.upper()
    return _KEY_NAMES.get(shown.lower(), shown)


class KeyBar(Widget):
    """The keys of the screen and of the app, wrapped over at most two lines."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hits: list[tuple[int, int, int, DOMNode, str]] = []
        self._lines: list[list[tuple[str, str, DOMNode, str, bool]]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen) -> None:
        self.refresh(layout=True)

    def items(self) -> list[tuple[str, str, DOMNode, str, bool]]:
        """(key, label, node, action, enabled) of every shown binding: local ones first, then the app's."""
        local, everywhere = [], []
        seen_actions: set[tuple[int, str]] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not binding.description:
                continue
            if (id(node), binding.action) in seen_actions:
                continue  # one action under two keys: show the first
            seen_actions.add((id(node), binding.action))
            entry = (key_text(self.app, binding), binding.description, node, binding.action, enabled)
            (everywhere if node is self.app else local).append(entry)
        everywhere.sort(key=lambda entry: (not entry[0].startswith("F"), len(entry[0]), entry[0]))
        return local + everywhere

    def _pack(self, width: int) -> tuple[int, list[list[tuple[str, str, DOMNode, str, bool]]]]:
        """The gap and the lines for `width`: the widest gap that needs no more lines than the narrowest."""
        items = self.items()
        packed = [(gap, self._pack_with(items, width, gap)) for gap in GAPS]
        fewest = min(len(lines) for _gap, lines in packed)
        return next((gap, lines) for gap, lines in packed if len(lines) <= max(fewest, 1))

    @staticmethod
    def _pack_with(items, width: int, gap: int) -> list[list[tuple[str, str, DOMNode, str, bool]]]:
        lines: list[list[tuple[str, str, DOMNode, str, bool]]] = [[]]
        used = 0
        for item in items:
            size = len(item[0]) + 1 + len(item[1])
            needed = size + (gap if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0, size
            lines[-1].append(item)
            used += needed
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, min(MAX_LINES, len(self._pack(max(1, width))[1])))

    def render(self) -> Content:
        width = max(1, self.content_region.width or self.size.width)
        gap, lines = self._pack(width)
        self._lines = lines[:MAX_LINES]
        self._hits = []
        rows: list[Content] = []
        for row, line in enumerate(self._lines):
            parts: list[Content | str] = []
            x = 0
            for index, (key, label, node, action, enabled) in enumerate(line):
                if index:
                    parts.append(" " * gap)
                    x += gap
                key_style = "bold $footer-key-foreground" if enabled else "dim"
                parts.append(Content.styled(key, key_style))
                parts.append(Content.styled(" " + label, "" if enabled else "dim"))
                size = len(key) + 1 + len(label)
                self._hits.append((row, x, x + size, node, action))
                x += size
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)

    def shown_text(self) -> str:
        """The bar as plain text, one line per row (for tests)."""
        return self.render().plain

    async def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for row, start, end, node, action in self._hits:
            if row == event.y and start <= x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
