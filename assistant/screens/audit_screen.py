"""The base of the review screens: a screen bound to the audit that was open when it was made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from assistant.session import AuditSession


class AuditScreen(Screen[None]):
    """A screen that keeps working on its own audit, even after the app has moved on to another one
    (a save started as the user leaves must still reach the right file)."""

    def __init__(self) -> None:
        super().__init__()
        self._session: "AuditSession | None" = None

    @property
    def session(self) -> "AuditSession":
        """The audit this screen was opened on."""
        if self._session is None:
            self._session = self.app.session  # type: ignore[attr-defined]
        return self._session
