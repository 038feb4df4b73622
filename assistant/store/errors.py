"""What can go wrong with an audit file, each as one Dutch message for the user."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: `str(error)` is the message to show."""


class AuditNotFound(StoreError):
    pass


class AuditExists(StoreError):
    pass


class AuditLocked(StoreError):
    """Another running toetsassistent holds the file; it can still be opened read-only."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class AuditCorrupt(StoreError):
    """The file cannot be read as an audit; it was not changed. `backup` is the newest backup, if any."""

    def __init__(self, message: str, backup: Path | None) -> None:
        super().__init__(message)
        self.backup = backup


class AuditTooNew(StoreError):
    pass


class SaveFailed(StoreError):
    """A change was not saved; the file is as it was before and the caller keeps the unsaved text."""


class ReadOnly(StoreError):
    pass
