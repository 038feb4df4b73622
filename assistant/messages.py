"""App-wide messages: what workers and screens tell the app, so nothing reaches into anything else.

Workers run in threads and never touch widgets; they post one of these to the app (posting is
thread-safe) and the app, on its own event loop, decides what changes on screen. Messages that only
concern one widget are nested in that widget's class instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from assistant.session import AuditSession


@dataclass
class AuditOpened(Message):
    """An audit file was opened (or created); the app now works on it."""

    session: "AuditSession"
    """The open audit with its norm set."""
    created: bool = False
    """True when the file was made just now (new audit or fresh demo copy)."""


@dataclass
class AuditOpenFailed(Message):
    """An audit could not be opened; nothing was changed on disk."""

    path: Path | None
    """The file that was asked for (None when a demo copy could not even be made)."""
    message: str
    """The Dutch explanation to show."""
    locked: bool = False
    """True when another toetsassistent holds the file, so read-only opening can be offered."""


@dataclass
class AuditChanged(Message):
    """Something in the open audit was saved; screens that show it may refresh."""

    what: str
    """A short tag of what changed: "notitie", "bron", "oordeel", "kerngegevens", "samenvatting"."""
    norm_id: str | None = None
    """The norm concerned, if any."""


@dataclass
class DraftSaveFailed(Message):
    """Typed text could not be kept as a draft (the text itself is still in its field)."""

    message: str
    """The store's Dutch message."""

