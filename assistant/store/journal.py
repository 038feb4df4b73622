"""A crash-safe TinyDB storage: an fsynced append-only journal beside an atomically replaced base file.

TinyDB's own `JSONStorage` rewrites the whole file in place and truncates it after its fsync, so a kill at
the wrong moment leaves a file TinyDB will not open; rewriting the whole file on every note is also too slow
for a large audit. Here every `write` appends only the documents that changed, as one JSON line, and fsyncs
it before returning: a change is on disk when the call returns, at a cost that hardly grows with the file.
The base file is the ordinary TinyDB JSON document; it is rewritten (temp file, fsync, `os.replace`, fsync
of the folder) only when the journal is folded into it: on open and on close.

Replaying a journal line sets or deletes whole documents, so replaying it twice is harmless: a kill between
replacing the base file and emptying the journal loses nothing. A torn last line (a kill during the append)
was never acknowledged and is dropped; a bad line anywhere else means the journal is damaged.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

JOURNAL_SUFFIX = ".journaal"
TEMP_PREFIX = ".tmp-"
FILE_MODE = 0o600


class JournalError(Exception):
    """The base file or the journal cannot be read as an audit's data (the file is not changed)."""


class JournalWriteError(OSError):
    """A change could not be made durable; the files on disk are as they were before the call."""


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old or the new file, never a mix."""
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=folder)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(Path(temp_name))
        raise
    os.close(fd)
    try:
        os.replace(temp_name, path)
    except BaseException:
        _unlink_quietly(Path(temp_name))
        raise
    fsync_folder(folder)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temp files that an interrupted `atomic_write` for `path` left behind."""
    removed = []
    for candidate in path.parent.glob(f"{TEMP_PREFIX}{path.name}.*"):
        _unlink_quietly(candidate)
        removed.append(candidate)
    return removed


def encode_base(state: dict[str, dict[str, Any]]) -> bytes:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_base(path: Path) -> dict[str, dict[str, Any]]:
    """The tables of a base file; `JournalError` if it is not a TinyDB JSON document."""
    raw = path.read_bytes()
    if not raw.strip():
        raise JournalError("het bestand is leeg")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise JournalError(f"het bestand is geen geldige JSON ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise JournalError("het bestand heeft niet de vorm van een TinyDB-database")
    return data


def read_journal(path: Path) -> tuple[list[list[Any]], int]:
    """The changes in a journal and the length of its intact part (a torn last line is left out)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0
    changes: list[list[Any]] = []
    intact = 0
    lines = raw.split(b"\n")
    for number, line in enumerate(lines[:-1], start=1):
        try:
            entry = json.loads(line.decode("utf-8"))
            batch = entry["c"]
            if not isinstance(batch, list):
                raise ValueError
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise JournalError(f"het journaal {path.name} is beschadigd op regel {number}") from None
        changes.extend(batch)
        intact += len(line) + 1
    return changes, intact


def apply_changes(state: dict[str, dict[str, Any]], changes: list[list[Any]]) -> None:
    for table, key, document in changes:
        if document is None:
            state.get(table, {}).pop(key, None)
        else:
            state.setdefault(table, {})[key] = document


class JournalStorage(Storage):
    """TinyDB storage over a base file plus journal; see the module docstring.

    `path` must exist (create it with `create_base`). With `read_only`, nothing on disk is changed and
    `write` refuses.
    """

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + JOURNAL_SUFFIX)
        self.read_only = read_only
        self._state = read_base(self.path)
        changes, _intact = read_journal(self.journal_path)
        apply_changes(self._state, changes)
        self._journal_fd: int | None = None
        self._journal_size = 0
        self._torn_tail = False
        self.replayed = len(changes)
        if not read_only:
            remove_stale_temp_files(self.path)
            if self.journal_path.exists():
                self.compact()

    # -- TinyDB's Storage interface -------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        # Shallow copies of the documents: TinyDB updates documents in place, and `write` finds what
        # changed by comparing against the state it holds.
        return {name: {key: dict(doc) for key, doc in table.items()} for name, table in self._state.items()}

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise JournalWriteError(errno.EROFS, "alleen-lezen geopend")
        changes = self._diff(data)
        if not changes:
            return
        self.append(changes)

    def close(self) -> None:
        if self._journal_fd is not None:
            os.close(self._journal_fd)
            self._journal_fd = None

    # -- the journal --------------------------------------------------------------------------

    def _diff(self, data: dict[str, dict[str, Any]]) -> list[list[Any]]:
        changes: list[list[Any]] = []
        for name, table in data.items():
            old = self._state.get(name, {})
            for key, doc in table.items():
                if old.get(key) != doc:
                    changes.append([name, key, dict(doc)])
            for key in old.keys() - table.keys():
                changes.append([name, key, None])
        return changes

    def append(self, changes: list[list[Any]]) -> None:
        """Append one batch of changes durably, then apply it; on any failure undo the append."""
        line = json.dumps({"c": changes}, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        try:
            fd = self._open_journal()
            if self._torn_tail:
                os.ftruncate(fd, self._journal_size)
                self._torn_tail = False
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError as error:
            self._rollback()
            raise JournalWriteError(error.errno, error.strerror or str(error)) from error
        self._journal_size += len(line)
        apply_changes(self._state, changes)

    def _open_journal(self) -> int:
        if self._journal_fd is None:
            existed = self.journal_path.exists()
            self._journal_fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
            self._journal_size = os.fstat(self._journal_fd).st_size
            if not existed:
                fsync_folder(self.path.parent)
        return self._journal_fd

    def _rollback(self) -> None:
        """Cut a partly written line off the journal, so the next append starts on a clean line."""
        try:
            if self._journal_fd is not None:
                os.ftruncate(self._journal_fd, self._journal_size)
                os.fsync(self._journal_fd)
        except OSError:
            # Still there: cut it off before the next append (and a reopen drops it as a torn line).
            self._torn_tail = True

    def compact(self) -> None:
        """Fold the journal into the base file (atomically), then empty the journal."""
        atomic_write(self.path, encode_base(self._state))
        self.close()
        if self.journal_path.exists():
            self.journal_path.unlink()
            fsync_folder(self.path.parent)
        self._journal_size = 0

    @property
    def journal_size(self) -> int:
        return self._journal_size


def create_base(path: Path, state: dict[str, dict[str, Any]]) -> None:
    """Create a new base file with `state`, mode 0600, refusing to overwrite an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    try:
        atomic_write(path, encode_base(state))
    except BaseException:
        _unlink_quietly(path)
        raise
