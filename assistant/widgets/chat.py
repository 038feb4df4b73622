"""The chat of an interview: one widget per turn in an anchored scroll, the newest at the bottom.

The auditor's turns show what was typed and whether it is saved yet; the assistant's turns render the
engine's `Message`s, one small widget per message, styled by kind. Nothing here decides anything: the
screen hands in text and messages, and the chat only shows them, as plain text (never markup) with
control characters visible (`flows.safe_text`).
"""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from flows.messages import Message
from flows.safe_text import visible, visible_lines

#: How many turns the chat keeps on screen; older ones are in the audit file anyway.
MAX_TURNS = 400

_MARKS = {
    "confirmation": "✓ ",
    "warning": "! ",
    "error": "✗ ",
    "question": "? ",
    "confirm": "?! ",
}

SAVING, SAVED, FAILED = "saving", "saved", "failed"


def message_content(message: Message) -> Content:
    """One engine message as styled text: the main line (bold for a norm), then its further lines."""
    head_style = "bold" if message.kind in ("norm", "list", "help") else ""
    parts: list[Content | tuple[str, str] | str] = [(_MARKS.get(message.kind, "") + visible_lines(message.text),
                                                      head_style)]
    for line in message.lines:
        parts.append("\n")
        parts.append(visible_lines(line))
    return Content.assemble(*parts)


class MessageView(Static):
    """One message of the assistant, styled by its kind (class `-norm`, `-error`, ...)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message_content(message), classes=f"message -{message.kind}", markup=False)
        self.message = message


class AssistantTurn(Vertical):
    """What the assistant said in reply to one line."""

    def __init__(self, messages: Iterable[Message]) -> None:
        super().__init__(classes="turn assistant")
        self.messages = tuple(messages)

    def compose(self) -> ComposeResult:
        for message in self.messages:
            yield MessageView(message)


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


class Chat(VerticalScroll):
    """The conversation so far; stays at the bottom unless the auditor scrolls up."""

    can_focus = False

    def on_mount(self) -> None:
        self.anchor()

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

    def _add(self, turn: Static | Vertical) -> None:
        self.mount(turn)
        surplus = len(self.children) - MAX_TURNS
        if surplus > 0:
            for old in list(self.children)[:surplus]:
                old.remove()
