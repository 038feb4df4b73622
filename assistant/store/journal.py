"""A crash-safe, self-checking TinyDB storage: an fsynced journal beside an atomically replaced base file.

TinyDB's own `JSONStorage` rewrites the whole file in place and truncates it after its fsync, so a kill at
the wrong moment leaves a file TinyDB will not open; rewriting the whole file on every note is also too slow
for a large audit. Here every `write` appends only the documents that changed, as one JSON line, and fsyncs
it before returning: a change is on disk when the call returns, at a cost that hardly grows with the file.
The base file is rewritten (temp file, fsync, `os.replace`, fsync of the folder) only when the journal is
folded into it: on open and on close.

Both files check themselves, because a JSON file with one flipped bit is usually still valid JSON with
another content:

- The base file starts with a line holding the SHA-256 of everything after that line, then one table per
  block and one document per line, keys sorted (so two versions of an audit diff cleanly in git)::

      {"sha256":"<64 hex>",
      "bronnen":{
      "1":{"created":"...","id":"...",...},
      "2":{...}
      },
      "concepten":{},
      ...
      }

- Each journal line carries the CRC32 of its changes: ``{"crc":"<8 hex>","c":[[table, key, doc|null], ...]}``.

Files written before these checks (schema 2 and older) have neither; they are read as they are, and the
next writable open rewrites them with the checks. Reading never writes: `read_state` reads the base and
the journal into memory and raises `JournalError` when either is damaged, and only a writable
`JournalStorage` ever changes a file.

Replaying a journal line sets or deletes whole documents, so replaying it twice is harmless: a kill between
replacing the base file and emptying the journal loses nothing. A torn last line (a kill during the append)
was never acknowledged and is dropped; a bad line anywhere else means the journal is damaged.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

JOURNAL_SUFFIX = ".journaal"
TEMP_PREFIX = ".tmp-"
FILE_MODE = 0o600
CHECKSUM_KEY = "sha256"
#: The largest base file or journal read (a real audit of 20,000 notes is about 7 MB).
MAX_FILE_BYTES = 512 * 1024 * 1024

Tables = dict[str, dict[str, Any]]

_HEAD = re.compile(rb'\{"sha256":"([0-9a-f]{64})",\n')
_HEAD_START = b'{"sha256":"'
_LINE_START = b'{"crc":"'
_LINE = re.compile(rb'\{"crc":"([0-9a-f]{8})","c":(.*)\}')
_DOC_ID = re.compile(r"[1-9][0-9]{0,17}")


class JournalError(Exception):
    """The base file or the journal cannot be read as an audit's data (nothing was changed)."""


class JournalWriteError(OSError):
    """A change could not be made durable; the files on disk are as they were before the call."""


# -- reading --------------------------------------------------------------------------------------


def read_regular(path: Path, what: str = "het bestand") -> bytes:
    """The bytes of `path` if it is a regular file; `JournalError` for a folder, a pipe or a device.

    Opened without blocking, so a pipe (FIFO) given as an audit or journal never hangs the program.
    `FileNotFoundError` and other `OSError`s are passed on for the caller to word.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise JournalError(f"{what} is een map, geen bestand")
        if not stat.S_ISREG(info.st_mode):
            raise JournalError(f"{what} is geen gewoon bestand (maar een pijp, apparaat of socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise JournalError(f"{what} is te groot ({info.st_size // (1024 * 1024)} MB) voor een auditbestand")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _loads(raw: bytes | str) -> Any:
    """`json.loads` whose every failure is a `ValueError` (deep nesting and bad UTF-8 included)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text)
    except RecursionError:
        raise ValueError("te diep genest") from None
    except UnicodeDecodeError:
        raise ValueError("geen geldige UTF-8-tekst") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"geen geldige JSON: regel {error.lineno}, kolom {error.colno}") from None


def parse_base(raw: bytes) -> tuple[Tables, bool]:
    """The tables of a base file and whether it carried a checksum; `JournalError` if damaged."""
    if not raw.strip():
        raise JournalError("het bestand is leeg")
    checked = False
    if raw.startswith(_HEAD_START):
        end = raw.find(b"\n")
        head = _HEAD.fullmatch(raw[: end + 1]) if end >= 0 else None
        if head is None:
            raise JournalError("het controlegetal bovenaan het bestand is beschadigd")
        if hashlib.sha256(raw[end + 1:]).hexdigest().encode("ascii") != head.group(1):
            raise JournalError("de inhoud klopt niet met het controlegetal: het bestand is beschadigd of afgebroken")
        checked = True
    try:
        data = _loads(raw)
    except ValueError as error:
        raise JournalError(f"het bestand is {error}") from None
    if not isinstance(data, dict):
        raise JournalError("het bestand heeft niet de vorm van een TinyDB-database")
    stored = data.pop(CHECKSUM_KEY, None)
    if not all(isinstance(table, dict) for table in data.values()):
        raise JournalError("het bestand heeft niet de vorm van een TinyDB-database")
    if stored is not None and not checked:
        # Reformatted by another program: check the content itself against the stored sum.
        if not isinstance(stored, str) or _body_digest(data) != stored:
            raise JournalError("de inhoud klopt niet met het controlegetal: het bestand is beschadigd of buiten "
                               "toetsassistent gewijzigd")
        checked = True
    return data, checked


def parse_journal(raw: bytes, name: str, *, checked: bool) -> list[list[Any]]:
    """The changes in a journal's bytes; a torn last line is left out, any other damage is `JournalError`.

    With `checked` (the base file carries a checksum), every line must carry its CRC32.
    """
    changes: list[list[Any]] = []
    lines = raw.split(b"\n")
    for number, line in enumerate(lines[:-1], start=1):
        batch = _journal_line(line, checked)
        if batch is None:
            raise JournalError(f"het journaal {name} is beschadigd op regel {number}")
        changes.extend(batch)
    tail = lines[-1]
    if tail and (_journal_line(tail[:-1], checked) is not None or not _torn_start(tail, checked)):
        # A complete line whose line end is gone, or bytes that no append ever wrote: damage, not an
        # interrupted append (which leaves the start of a line).
        raise JournalError(f"het journaal {name} is beschadigd op regel {len(lines)}")
    return changes


def _torn_start(tail: bytes, checked: bool) -> bool:
    """Whether `tail` can be the start of a line that an interrupted append left behind."""
    starts = (_LINE_START,) if checked else (_LINE_START, b'{"c":')
    return any(tail.startswith(start) or start.startswith(tail) for start in starts)


def _journal_line(line: bytes, checked: bool) -> list[list[Any]] | None:
    """The changes of one journal line, or None when the line is damaged."""
    if line.startswith(_LINE_START):
        match = _LINE.fullmatch(line)
        if match is None or f"{zlib.crc32(match.group(2)):08x}".encode("ascii") != match.group(1):
            return None
        try:
            batch = _loads(match.group(2))
        except ValueError:
            return None
    else:
        if checked:
            return None
        try:
            entry = _loads(line)
        except ValueError:
            return None
        if not isinstance(entry, dict) or set(entry) != {"c"}:
            return None
        batch = entry["c"]
    if not isinstance(batch, list):
        return None
    for change in batch:
        if not (isinstance(change, list) and len(change) == 3 and isinstance(change[0], str)
                and isinstance(change[1], str) and _DOC_ID.fullmatch(change[1])
                and (change[2] is None or isinstance(change[2], dict))):
            return None
    return batch


def apply_changes(state: Tables, changes: list[list[Any]]) -> None:
    for table, key, document in changes:
        if document is None:
            state.get(table, {}).pop(key, None)
        else:
            state.setdefault(table, {})[key] = document


def read_state(path: Path) -> tuple[Tables, bool, bool]:
    """Base file plus journal, in memory: (tables, whether checksummed, whether a journal exists).

    Writes nothing. Raises `JournalError` for damage and `OSError` when a file cannot be read.
    """
    tables, checked = parse_base(read_regular(path))
    journal_path = journal_of(path)
    try:
        raw = read_regular(journal_path, "het journaal")
    except FileNotFoundError:
        return tables, checked, False
    except JournalError as error:
        raise JournalError(f"{error} ({journal_path.name})") from None
    apply_changes(tables, parse_journal(raw, journal_path.name, checked=checked))
    return tables, checked, True


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + JOURNAL_SUFFIX)


# -- writing --------------------------------------------------------------------------------------


def _dump(value: Any, sort_keys: bool = True) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it as a \u escape, which reads back the same
        text = json.dumps(value, ensure_ascii=True, sort_keys=sort_keys, separators=(",", ":"))
    return text


def _doc_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), doc_id) if doc_id.isdigit() else (1 << 64, doc_id)


def _encode_body(state: Tables) -> bytes:
    names = sorted(state)
    lines: list[str] = []
    for index, name in enumerate(names):
        table = state[name]
        comma = "," if index < len(names) - 1 else ""
        if not table:
            lines.append(f"{_dump(name)}:{{}}{comma}")
            continue
        lines.append(f"{_dump(name)}:{{")
        doc_ids = sorted(table, key=_doc_order)
        for position, doc_id in enumerate(doc_ids):
            tail = "," if position < len(doc_ids) - 1 else ""
            lines.append(f"{_dump(doc_id)}:{_dump(table[doc_id])}{tail}")
        lines.append(f"}}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _body_digest(state: Tables) -> str:
    return hashlib.sha256(_encode_body(state)).hexdigest()


def encode_base(state: Tables) -> bytes:
    """The base file's bytes: the checksum line, then the tables, one document per line (see above)."""
    if not state:
        raise ValueError("an audit file has at least one table")
    body = _encode_body(state)
    return b'{"sha256":"' + hashlib.sha256(body).hexdigest().encode("ascii") + b'",\n' + body


def encode_journal_line(changes: list[list[Any]]) -> bytes:
    payload = _dump(changes, sort_keys=True).encode("utf-8")
    return b'{"crc":"' + f"{zlib.crc32(payload):08x}".encode("ascii") + b'","c":' + payload + b"}\n"


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


def write_temp(folder: Path, name: str, payload: bytes) -> Path:
    """A new private (0600) temp file in `folder` holding `payload`, fsynced; removed again on failure.

    Its name (``.tmp-NAME.PID.xxxx``) carries this process's id, so `remove_stale_temp_files` can tell
    litter of a dead process from a temp file another running process is still writing.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}.{os.getpid()}.", dir=folder)
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
    return Path(temp_name)


def atomic_write(path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old or the new file, never a mix."""
    folder = path.parent
    temp = write_temp(folder, path.name, payload)
    try:
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    fsync_folder(folder)


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


#: A temp file without a process id (written by an older version) is litter after this many seconds.
_OLD_TEMP_SECONDS = 600


def remove_stale_temp_files(path: Path, *, all_of_them: bool = False) -> list[Path]:
    """Delete temp files that an interrupted `atomic_write` for `path` left behind.

    With `all_of_them` (the caller holds the audit's lock, so nobody else writes it) every one goes;
    otherwise (an export target) only those of processes that no longer run, or old ones without a pid.
    """
    removed = []
    prefix = f"{TEMP_PREFIX}{path.name}."
    try:
        candidates = list(path.parent.glob(f"{TEMP_PREFIX}{glob_escape(path.name)}.*"))
    except OSError:
        return removed
    for candidate in candidates:
        if not all_of_them:
            pid_text = candidate.name[len(prefix):].split(".", 1)[0]
            if pid_text.isdigit():
                if _pid_alive(int(pid_text)):
                    continue
            else:
                try:
                    if time.time() - candidate.lstat().st_mtime < _OLD_TEMP_SECONDS:
                        continue
                except OSError:
                    continue
        try:
            if not stat.S_ISREG(candidate.lstat().st_mode):
                continue
        except OSError:
            continue
        _unlink_quietly(candidate)
        removed.append(candidate)
    return removed


def glob_escape(name: str) -> str:
    """`name` with glob's special characters made literal."""
    return re.sub(r"([*?\[])", r"[\1]", name)


class JournalStorage(Storage):
    """TinyDB storage over a base file plus journal; see the module docstring.

    The state is read and checked before the storage is made (`read_state`, and the validation in
    `assistant.store.opening`), and handed in as `state`: making the storage reads and writes nothing.
    With `read_only`, `write` refuses.
    """

    def __init__(self, path: str | os.PathLike[str], state: Tables, read_only: bool = False) -> None:
        self.path = Path(path)
        self.journal_path = journal_of(self.path)
        self.read_only = read_only
        self._state = state
        self._journal_fd: int | None = None
        self._journal_size = 0
        self._torn_tail = False

    # -- TinyDB's Storage interface -------------------------------------------------------------

    def read(self) -> Tables:
        # Shallow copies of the documents: TinyDB updates documents in place, and `write` finds what
        # changed by comparing against the state it holds.
        return {name: {key: dict(doc) for key, doc in table.items()} for name, table in self._state.items()}

    def write(self, data: Tables) -> None:
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

    def _diff(self, data: Tables) -> list[list[Any]]:
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
        line = encode_journal_line(changes)
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
            existed = os.path.lexists(self.journal_path)
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(self.journal_path, flags, FILE_MODE)
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                os.close(fd)
                raise OSError(errno.EINVAL, "het journaal is geen gewoon bestand")
            self._journal_fd = fd
            self._journal_size = info.st_size
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

    def replace(self, state: Tables) -> None:
        """Make `state` the whole content in one atomic step (a merge writes its result this way).

        A journal is folded into the base first, so that no journal of the old content is left to be
        replayed over the new base; then the new base replaces the old one in one rename. A crash at any
        moment leaves the old content or the new, never a mix.
        """
        if self.journal_size or os.path.lexists(self.journal_path):
            self.compact()
        atomic_write(self.path, encode_base(state))
        self._state = state

    def compact(self) -> None:
        """Fold the journal into the base file (atomically), then empty the journal."""
        atomic_write(self.path, encode_base(self._state))
        self.close()
        if os.path.lexists(self.journal_path):
            self.journal_path.unlink()
            fsync_folder(self.path.parent)
        self._journal_size = 0

    @property
    def journal_size(self) -> int:
        return self._journal_size


def create_base(path: Path, state: Tables) -> None:
    """Create a new base file with `state`, mode 0600, refusing to overwrite an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    os.close(fd)
    try:
        atomic_write(path, encode_base(state))
    except BaseException:
        _unlink_quietly(path)
        raise
