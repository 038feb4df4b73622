"""Nothing typed is lost: text that was typed but not yet submitted is kept in the audit file.

A field reports every change with `update(key, text)`; that only records the text in memory (cheap, so
typing stays fast). A timer saves what changed once typing pauses, and at the latest a second after
the last keystroke, through `AuditFile.set_draft` in a thread worker. `flush()` writes everything still
pending at once, from any thread: on quit, on screen switches, from the crash hook and on SIGTERM/SIGHUP.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from assistant.messages import DraftSaveFailed
from flows.draft_slots import DRAFT_KEY

if TYPE_CHECKING:
    from textual.app import App

    from assistant.store import AuditFile

#: Draft key of the chat input of the interview (shared with the line mode's prompt).
CHAT_KEY = DRAFT_KEY
#: Draft keys of a norm's report text start with this, followed by the norm id.
REPORT_PREFIX = "verslag:"
#: Draft keys of a kerngegeven that did not pass its check start with this, followed by the field name.
KERN_PREFIX = "kern:"


def report_draft_key(norm_id: str) -> str:
    """The draft key of a norm's report text."""
    return f"{REPORT_PREFIX}{norm_id}"


def kern_draft_key(field: str) -> str:
    """The draft key of a kerngegeven typed but not saved (it did not pass its check)."""
    return f"{KERN_PREFIX}{field}"


def describe_drafts(keys: list[str]) -> str:
    """Where the drafts offered back are, in Dutch: "in het gesprek (F3) en bij de rapporttekst van V5"."""
    places = []
    if CHAT_KEY in keys:
        places.append("in het gesprek (F3)")
    norms = [key.removeprefix(REPORT_PREFIX) for key in keys if key.startswith(REPORT_PREFIX)]
    if norms:
        places.append(f"bij de rapporttekst van {', '.join(sorted(norms))}")
    if any(key.startswith(KERN_PREFIX) for key in keys):
        places.append("bij de kerngegevens (F4)")
    others = [key for key in keys if key != CHAT_KEY and not key.startswith((REPORT_PREFIX, KERN_PREFIX))]
    if others and not places:
        places.append("in de velden waar u typte")
    return " en ".join(places)

#: Save once typing has paused this long (seconds) ...
IDLE_DELAY = 0.3
#: ... or once a change has waited this long, even while typing goes on.
MAX_DELAY = 0.8
#: How often the keeper looks whether something is due.
TICK = 0.1


def _saved(audit_file: "AuditFile", key: str, text: str) -> bool:
    """A report-text draft that equals the saved report text (quit right after saving): nothing to offer."""
    if not key.startswith(REPORT_PREFIX):
        return False
    judgement = audit_file.judgement(key.removeprefix(REPORT_PREFIX))
    return judgement is not None and judgement.report_text == text


class DraftKeeper:
    """Debounced, durable drafts for one open audit file."""

    def __init__(self, app: "App") -> None:
        self._app = app
        self._audit_file: AuditFile | None = None
        self._pending: dict[str, str] = {}
        self._first_change = 0.0
        self._last_change = 0.0
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._saving = False
        self._timer = None
        self._reported: str | None = None

    # -- binding to an audit ----------------------------------------------------------------------

    def attach(self, audit_file: "AuditFile | None") -> dict[str, str]:
        """Work on `audit_file` from now on; returns the drafts it holds (to offer back)."""
        self.flush()
        self._audit_file = audit_file
        if self._timer is None:
            self._timer = self._app.set_interval(TICK, self._tick, name="drafts")
        if audit_file is None or audit_file.read_only:
            return {}
        return {key: text for key, text in audit_file.drafts().items() if text.strip() and not _saved(audit_file, key, text)}

    @property
    def active(self) -> bool:
        return self._audit_file is not None and not self._audit_file.read_only

    def stored(self, key: str) -> str:
        """The draft for `key`: pending text if any, else what the file holds."""
        with self._lock:
            if key in self._pending:
                return self._pending[key]
        if self._audit_file is None:
            return ""
        return self._audit_file.drafts().get(key, "")

    # -- recording ----------------------------------------------------------------------------------

    def update(self, key: str, text: str) -> None:
        """Record the current text of a field (event loop; no I/O)."""
        if not self.active:
            return
        now = time.monotonic()
        with self._lock:
            if not self._pending:
                self._first_change = now
            self._pending[key] = text
            self._last_change = now

    def _tick(self) -> None:
        if self._saving or not self._pending:
            return
        now = time.monotonic()
        if now - self._last_change >= IDLE_DELAY or now - self._first_change >= MAX_DELAY:
            self._saving = True
            self._app.run_worker(self._save_pending, thread=True, group="concepten", exclusive=False,
                                 exit_on_error=False, name="concepten opslaan")

    def _save_pending(self) -> None:
        try:
            error = self.flush()
        finally:
            self._saving = False
        if error is not None and error != self._reported:
            self._reported = error
            self._app.post_message(DraftSaveFailed(error))
        elif error is None:
            self._reported = None

    # -- writing ------------------------------------------------------------------------------------

    def flush(self) -> str | None:
        """Write every pending draft now (any thread). Returns the Dutch error, or None when all is saved."""
        from assistant.store import StoreError

        audit_file = self._audit_file
        with self._write_lock:
            with self._lock:
                batch = dict(self._pending)
                self._pending.clear()
            if audit_file is None or audit_file.read_only or not batch:
                return None
            error = None
            for key, text in batch.items():
                try:
                    audit_file.set_draft(key, text)
                except StoreError as failure:
                    error = str(failure)
                    with self._lock:
                        self._pending.setdefault(key, text)
                except Exception as failure:  # a closed file during shutdown: keep the text pending
                    error = f"Concept niet opgeslagen: {failure}"
                    with self._lock:
                        self._pending.setdefault(key, text)
            return error

    def flush_in_background(self) -> None:
        """Save pending drafts in a worker (screen switches)."""
        if self._pending and self.active:
            self._app.run_worker(self._save_pending, thread=True, group="concepten", exclusive=False,
                                 exit_on_error=False, name="concepten opslaan")
