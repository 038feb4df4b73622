"""The judgement bar: the judgement scale with its keys, the only place where a key gives a judgement.

A judgement key acts only while this bar has focus (the auditor pressed `o`, tabbed here or clicked it),
so letters typed anywhere else, however fast, never change a judgement. The bar is one widget that draws
its own line (a row of buttons would cost a dozen widgets on every norm): it marks the current judgement,
shows its keys while focused, and posts `JudgementKeys.Chosen` for a key or a click. The norm screen
decides what is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from assistant.widgets.totals_bar import SHORT_LABELS
from normsets.model import JUDGEMENTS


@dataclass(frozen=True)
class JudgementKey:
    """One judgement with the key that sets it."""

    value: str
    """The judgement code ('+', '+/-', '-', 'nvt', 'nb'), or '' to remove the judgement."""
    keys: str
    """Textual key names for the binding, comma-separated."""
    shown: str
    """How the key is shown to the user."""

    @property
    def label(self) -> str:
        return JUDGEMENTS[self.value] if self.value else "wissen"

    @property
    def short_label(self) -> str:
        return SHORT_LABELS.get(self.value, self.label)

    @property
    def binding_id(self) -> str:
        return "oordeel-" + {"+": "voldoet", "+/-": "verbeterpunt", "-": "voldoet-niet", "": "wissen"}.get(
            self.value, self.value)


#: One key per judgement. 'v' (verbeterpunt) is the main key for +/- because '~' is a dead key on the
#: US-International layout many Dutch keyboards use; '~' works as well.
JUDGEMENT_KEYS: tuple[JudgementKey, ...] = (
    JudgementKey("+", "plus,equals_sign", "+"),
    JudgementKey("+/-", "v,tilde", "v"),
    JudgementKey("-", "minus", "-"),
    JudgementKey("nvt", "n", "n"),
    JudgementKey("nb", "b", "b"),
)
#: The key that removes the judgement again.
CLEAR_KEY = JudgementKey("", "x", "x")


class JudgementKeys(Widget, can_focus=True):
    """'Oordeel  + voldoet  v verbeterpunt  - voldoet niet  n nvt  b nb  x wissen' with the current one marked."""

    DEFAULT_CSS = """
    JudgementKeys {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    JudgementKeys:focus {
        background: $accent 30%;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key.keys, f"choose('{key.value}')", key.short_label, key_display=key.shown,
                  id=f"norm.{key.binding_id}", tooltip=f"Oordeel: {key.label}")
          for key in (*JUDGEMENT_KEYS, CLEAR_KEY)),
        Binding("left", "step(-1)", "Vorig oordeel", show=False, id="norm.oordeel-links",
                tooltip="Markeer het oordeel links"),
        Binding("right", "step(1)", "Volgend oordeel", show=False, id="norm.oordeel-rechts",
                tooltip="Markeer het oordeel rechts"),
        Binding("enter,space", "choose_marked", "Kies", show=False, id="norm.oordeel-kies",
                tooltip="Geef het gemarkeerde oordeel"),
    ]

    value: reactive[str | None] = reactive(None)
    """The judgement on file, marked in the bar."""
    marked: reactive[int] = reactive(-1)
    """The item the arrow keys point at (-1: none)."""

    @dataclass
    class Chosen(Message):
        """The auditor chose a judgement (a key in the bar, or a click)."""

        value: str
        """The judgement code; '' removes the judgement."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []

    def render(self) -> Content:
        focused = self.has_focus
        head = "Oordeel:"
        parts: list[Content | str] = [Content.styled(head, "bold")]
        self._spans = []
        position = len(head)
        for index, key in enumerate((*JUDGEMENT_KEYS, CLEAR_KEY)):
            current = bool(key.value) and key.value == self.value
            style = "reverse" if current else ("underline" if focused and index == self.marked else "")
            tail = f" {key.short_label}" + (" ✓" if current else "") + " "
            parts.append(Content.assemble(Content.styled(f" {key.shown}", f"bold {style}".strip()),
                                          Content.styled(tail, style)))
            width = 1 + len(key.shown) + len(tail)
            self._spans.append((position, position + width, key.value))
            position += width
        return Content.assemble(*parts)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.marked = -1
        self.refresh()

    def watch_marked(self) -> None:
        self.refresh()

    def action_choose(self, value: str) -> None:
        self.post_message(self.Chosen(value))

    def action_step(self, step: int) -> None:
        count = len(JUDGEMENT_KEYS) + 1
        start = self.marked if self.marked >= 0 else next(
            (i for i, key in enumerate(JUDGEMENT_KEYS) if key.value == self.value), -1 if step > 0 else 0)
        self.marked = (start + step) % count

    def action_choose_marked(self) -> None:
        items = (*JUDGEMENT_KEYS, CLEAR_KEY)
        if 0 <= self.marked < len(items):
            self.post_message(self.Chosen(items[self.marked].value))

    def value_at(self, x: int) -> str | None:
        """The judgement drawn at column `x` of the bar (content coordinates), or None."""
        for start, end, value in self._spans:
            if start <= x < end:
                return value
        return None

    def on_click(self, event: events.Click) -> None:
        value = self.value_at(event.x - self.styles.padding.left)
        if value is not None:
            event.stop()
            self.post_message(self.Chosen(value))
