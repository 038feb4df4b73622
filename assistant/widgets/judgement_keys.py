"""The judgement scale as a row of buttons, each labelled with its key.

The keys themselves are bindings of the norm screen (it owns the action); this row shows them, marks the
current judgement and lets the mouse choose too. A click only posts `JudgementKeys.Chosen`; the screen
decides what to save.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Label

from assistant.widgets.totals_bar import SHORT_LABELS
from normsets.model import JUDGEMENTS


@dataclass(frozen=True)
class JudgementKey:
    """One judgement with the key that sets it."""

    value: str
    """The judgement code ('+', '+/-', '-', 'nvt', 'nb')."""
    keys: str
    """Textual key names for the binding, comma-separated."""
    shown: str
    """How the key is shown to the user."""

    @property
    def label(self) -> str:
        return JUDGEMENTS[self.value]

    @property
    def button_id(self) -> str:
        return "oordeel-" + {"+": "voldoet", "+/-": "verbeterpunt", "-": "voldoet-niet"}.get(self.value, self.value)


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


class JudgementKeys(Horizontal):
    """'Oordeel: [+ voldoet] [v verbeterpunt] [- voldoet niet] [n nvt] [b nb]' with the current one marked."""

    DEFAULT_CSS = """
    JudgementKeys {
        height: 1;
        width: 1fr;
    }
    JudgementKeys > Label {
        padding: 0 1 0 0;
    }
    JudgementKeys > Button {
        margin: 0 1 0 0;
        min-width: 0;
    }
    """

    value: reactive[str | None] = reactive(None, init=False)
    """The judgement on file, marked in the row."""

    @dataclass
    class Chosen(Message):
        """The user clicked a judgement."""

        value: str
        """The judgement code that was clicked."""

    def compose(self) -> ComposeResult:
        yield Label("Oordeel:")
        for key in JUDGEMENT_KEYS:
            label = Content.assemble(Content.styled(key.shown, "bold"), " ", SHORT_LABELS.get(key.value, key.label))
            yield Button(label, id=key.button_id, compact=True, tooltip=f"Toets {key.shown}: {key.label}")

    def on_mount(self) -> None:
        self.watch_value(self.value)

    def watch_value(self, value: str | None) -> None:
        for key in JUDGEMENT_KEYS:
            button = self.query_one(f"#{key.button_id}", Button)
            button.variant = "primary" if key.value == value else "default"
            button.set_class(key.value == value, "-current")

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        for key in JUDGEMENT_KEYS:
            if event.button.id == key.button_id:
                self.post_message(self.Chosen(key.value))
