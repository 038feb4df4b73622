"""The chat of an interview: one widget per turn in an anchored scroll, the newest at the bottom.

The auditor's turns show what was typed and whether it is saved yet; the assistant's turns render the
engine's `Message`s, each styled by its kind, in one widget per turn: a widget per message made every new
turn re-lay out a few hundred widgets, and a long interview slowed down note by note. Nothing here decides
anything: the screen hands in text and messages, and the chat only shows them. Text from the engine is
shown as plain text with control characters made visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message as TextualMessage
from textual.widgets import Static

from flows.messages import Message
from flows.safe_text import visible, visible_lines

#: How many turns the chat keeps on screen; older ones are in the audit file anyway.
MAX_TURNS = 100

#: The style of each kind of message (theme variables: light and dark).
KIND_STYLES = {
    "norm": "bold",
    "list": "$text-muted",
    "help": "$text-muted",
    "question": "$text-accent",
    "confirmation": "$text-success",
    "warning": "$text-warning",
    "error": "bold $text-error",
}

_MARKS = {
    "confirmation": "✓ ",
    "warning": "! ",
    "error": "✗ ",
    "question": "? ",
    "confirm": "?! ",
}

SAVING, SAVED, FAILED = "saving", "saved", "failed"


def message_content(message: Message) -> Content:
    """One engine message as styled text: the main line (bold for a norm and a list), then its further lines."""
    style = KIND_STYLES.get(message.kind, "")
    head_style = f"bold {style}".strip() if message.kind in ("list", "help") else style
    parts: list[Content | tuple[str, str] | str] = [(_MARKS.get(message.kind, "") + visible_lines(message.text), head_style)]
    for line in message.lines:
        parts.append("\n")
        parts.append((visible_lines(line), style if message.kind != "norm" else ""))
    return Content.assemble(*parts)


def turn_content(messages: Iterable[Message]) -> Content:
    """A whole reply: its messages one under the other, with a blank line after the norm."""
    out: list[Content | str] = []
    previous: Message | None = None
    for message in messages:
        if previous is not None:
            out.append("\n\n" if previous.kind == "norm" else "\n")
        out.append(message_content(message))
        previous = message
    return Content.assemble(*out)


class AssistantTurn(Static):
    """What the assistant said in reply to one line (its messages in `messages`)."""

    def __init__(self, messages: Iterable[Message]) -> None:
        self.messages = tuple(messages)
        super().__init__(turn_content(self.messages), classes="turn assistant", markup=False)

    @property
    def plain(self) -> str:
        """The reply as plain text."""
        return turn_content(self.messages).plain


class AuditorTurn(Static):
    """One line the auditor typed, with its state: being saved, saved, or not saved."""

    _STATE_TEXT = {SAVING: "wordt opgeslagen…", SAVED: "", FAILED: "niet opgeslagen"}

    def __init__(self, text: str) -> None:
        super().__init__(classes="turn auditor -saving", markup=False)
        self.text = text
        self.state = SAVING
        self._render_state()

    def mark(self, state: str) -> None:
        self.state = state
        for name in (SAVING, SAVED, FAILED):
            self.set_class(name == state, f"-{name}")
        self._render_state()

    def _render_state(self) -> None:
        note = self._STATE_TEXT[self.state]
        tail: list[tuple[str, str] | str] = [("  " + note, "italic dim")] if note else []
        self.update(Content.assemble(("› ", "bold"), visible(self.text), *tail))


class Chat(VerticalScroll, can_focus=True):
    """The conversation so far; stays at the bottom unless the auditor scrolls up.

    It can take focus (Tab from the input) to be read with the arrows, PgUp/PgDn and Home/End. Scrolled
    up, new replies do not pull it down; a line at its bottom says there is more below. A letter typed
    while it has focus is not lost: the chat asks (`Chat.TypedAway`) for it to go to the input.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Naar invoer", id="chat.leave", tooltip="Terug naar de invoerregel"),
    ]

    DEFAULT_CSS = """
    Chat {
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    Chat:focus {
        background-tint: $foreground 4%;
    }
    Chat > #more-below {
        dock: bottom;
        height: 1;
        width: 100%;
        display: none;
        background: $accent;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    Chat.-more-below > #more-below {
        display: block;
    }
    """

    @dataclass
    class TypedAway(TextualMessage):
        """A key meant as text was typed while the chat had focus."""

        key: str
        """The key's name."""
        character: str | None
        """The character it types."""

    @dataclass
    class Leave(TextualMessage):
        """The auditor wants to type again (Escape in the chat)."""

    def compose(self) -> ComposeResult:
        yield Static("▼ Meer hieronder: End (of Ctrl+End in de invoer) gaat naar het nieuwste", id="more-below",
                     markup=False)

    def on_mount(self) -> None:
        self.anchor()

    @property
    def turns(self) -> list:
        """The turns shown, oldest first."""
        return [child for child in self.children if child.has_class("turn")]

    def add_auditor(self, text: str) -> AuditorTurn:
        turn = AuditorTurn(text)
        self._add(turn)
        return turn

    def add_reply(self, messages: Iterable[Message]) -> AssistantTurn | None:
        messages = tuple(messages)
        if not messages:
            return None
        turn = AssistantTurn(messages)
        self._add(turn)
        return turn

    @property
    def scrolled_up(self) -> bool:
        """The auditor has scrolled away from the newest turn (new ones do not pull the chat down).

        Textual releases the anchor when the auditor scrolls (keys, mouse) and sets it again at the bottom;
        the scroll position alone cannot tell, since it lags behind new content until the next refresh.
        """
        return bool(getattr(self, "_anchor_released", False)) and self.scroll_y < self.max_scroll_y

    def _add(self, turn: Static) -> None:
        away = self.scrolled_up
        self.mount(turn, before=self.query_one("#more-below"))
        turns = self.turns
        surplus = len(turns) - MAX_TURNS
        if surplus > 0:
            for old in turns[:surplus]:
                old.remove()
        if away:
            self.add_class("-more-below")

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y:
            self.remove_class("-more-below")

    def to_newest(self) -> None:
        """Scroll to the newest turn and keep following new ones."""
        self.anchor()
        self.remove_class("-more-below")

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAway(event.key, event.character))
