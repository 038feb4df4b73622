"""What the dialogue engine says back: small frozen events that any front end can render.

The engine never prints. Each reply to a line is a list of `Message`s; the line mode prints them as
text, the Textual chat turns each into a widget. Keeping the vocabulary this small is what lets the two
front ends stay thin and behave the same.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A norm being shown (id and text, sources so far, what earlier sources said).
NORM = "norm"
#: One suggested question for the interviewee's role.
QUESTION = "question"
#: Something was stored, or the conversation moved on as asked.
CONFIRMATION = "confirmation"
#: Worth knowing, but nothing went wrong (a norm judged with too few sources, the end of a walk).
WARNING = "warning"
#: An overview: sources, open norms, status, planning, kerngegevens.
LIST = "list"
#: The input was not accepted: nothing was stored, and the text says what to type instead.
ERROR = "error"
#: Help on the command language.
HELP = "help"
#: The engine asks the auditor to confirm before it acts (/ja carries it out, /nee or any other line drops it).
CONFIRM = "confirm"

KINDS = (NORM, QUESTION, CONFIRMATION, WARNING, LIST, ERROR, HELP, CONFIRM)


@dataclass(frozen=True)
class Message:
    """One event of the engine's reply."""

    kind: str
    """One of `KINDS`."""
    text: str
    """The main line, in Dutch, complete without `lines`."""
    lines: tuple[str, ...] = ()
    """Further lines (list items, details), each readable on its own."""
    norm_id: str | None = None
    """The norm this message is about, if any, so a front end can link or highlight it."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown message kind {self.kind!r}")
        object.__setattr__(self, "lines", tuple(self.lines))

    @property
    def is_error(self) -> bool:
        return self.kind == ERROR


def asks_confirmation(messages: list[Message]) -> bool:
    """True when the reply waits for /ja or /nee (nothing was stored yet)."""
    return any(message.kind == CONFIRM for message in messages)


def has_error(messages: list[Message]) -> bool:
    """True when a reply refused its input (so nothing was stored and the UI keeps the text)."""
    return any(message.kind == ERROR for message in messages)
