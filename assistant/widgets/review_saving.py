"""Saving from the review screens: in thread workers, newest request wins, and never lost on leaving.

Two things make a plain `@work` on the screen not enough here:

* Two quick judgements ('+' then '-') start two threads, and threads finish in any order. Each request
  therefore takes a ticket on the event loop; the write happens under a lock and is skipped when a newer
  ticket for the same record has already been written (`LATEST.apply`).
* A save started as the screen is left (the auditor presses F2 mid-sentence) must still finish after
  the screen is removed, and Textual cancels a node's workers when it unmounts. So the save worker
  belongs to the app (`start_save`); it reports back with messages, and a failure also goes straight to
  the app's notifications, so it is seen even when the screen is gone.
"""

from __future__ import annotations

import itertools
import threading
from typing import TYPE_CHECKING, Callable

from flows.safe_text import visible_lines

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

#: The worker group of every save started by a review screen.
SAVE_GROUP = "beoordeling-opslaan"


class LatestWins:
    """Orders writes of the same record made from several threads: an older request never overwrites a newer one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets = itertools.count(1)
        self._written: dict[str, int] = {}

    def ticket(self) -> int:
        """A number for a new request; take it on the event loop, in the order the user acted."""
        return next(self._tickets)

    def apply(self, record: str, ticket: int, write: Callable[[], object]) -> bool:
        """Run `write` (in a worker thread) unless a newer request for `record` was written already.

        Returns False when skipped. Exceptions from `write` propagate and leave the record's state as it was.
        """
        with self._lock:
            if ticket < self._written.get(record, 0):
                return False
            write()
            self._written[record] = ticket
            return True


#: One orderer for the whole process: records are named per audit ('oordeel:V5', 'samenvatting', ...).
LATEST = LatestWins()


def start_save(app: "App", job: Callable[[], None], description: str) -> "Worker[None]":
    """Run `job` in a thread worker owned by the app, so it finishes even if the screen is left."""
    return app.run_worker(job, name=description, group=SAVE_GROUP, thread=True, exit_on_error=False)


def error_notice(app: "App", message: str, title: str = "Niet opgeslagen") -> None:
    """Show a failed save unmissably; callable from a worker thread.

    `call_later` posts a message (thread-safe, never blocks), so a worker that fails while the app is
    closing cannot hang on it the way `call_from_thread` would.
    """
    try:
        app.call_later(app.notify, visible_lines(message), title=title, severity="error", timeout=30, markup=False)
    except RuntimeError:  # the event loop is gone: the app is closing and the text stays in its draft
        pass
