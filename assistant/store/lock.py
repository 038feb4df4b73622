"""One writer per audit file: an advisory lock that names its holder and dies with it.

`fcntl.flock` is released by the kernel when the holding process ends, however it ends, so a lock left
by a crashed or killed `toetsassistent` is simply free again: no stale-lock guessing. The lock file holds
the holder's process id and host so the refusal can say who has the audit open.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK_SUFFIX = ".slot"


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    host: str
    since: str

    def describe(self) -> str:
        where = f" op {self.host}" if self.host and self.host != socket.gethostname() else ""
        pid = f"proces {self.pid}" if self.pid else "een ander proces"
        since = f", sinds {self.since}" if self.since else ""
        return f"{pid}{where}{since}"


class LockedError(Exception):
    def __init__(self, holder: LockHolder) -> None:
        super().__init__(holder.describe())
        self.holder = holder


class LockRefused(Exception):
    """The lock file is not a plain file of ours (a symbolic link, a folder, a pipe); `str()` is Dutch."""


class AuditLock:
    """An exclusive lock on `<audit>.slot`; `acquire` raises `LockedError` naming the holder."""

    def __init__(self, audit_path: Path) -> None:
        self.path = audit_path.with_name(audit_path.name + LOCK_SUFFIX)
        self._fd: int | None = None

    def _open(self) -> int:
        """Open (or create, 0600) the lock file without following a symbolic link and without blocking."""
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise LockRefused(f"het slotbestand '{self.path.name}' is een symbolische koppeling; "
                                  "toetsassistent schrijft daar niet doorheen (verwijder de koppeling)") from None
            if error.errno == errno.EISDIR:
                raise LockRefused(f"'{self.path.name}' is een map in plaats van een slotbestand") from None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise LockRefused(f"'{self.path.name}' is geen gewoon bestand; toetsassistent gebruikt het niet als slot")
        return fd

    def acquire(self) -> None:
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._read_holder(fd)
                os.close(fd)
                raise LockedError(holder) from None
            # The holder before us may have removed the file between our open and our flock: then we
            # hold a lock on a file nobody else will look at, so start again.
            try:
                same = os.fstat(fd).st_ino == os.lstat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        record = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().strftime("%Y-%m-%d %H:%M")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode("utf-8"), 0)
        self._fd = fd

    @staticmethod
    def _read_holder(fd: int) -> LockHolder:
        try:
            raw = os.pread(fd, 4096, 0)
            record = json.loads(raw.decode("utf-8"))
            return LockHolder(int(record.get("pid")), str(record.get("host", "")), str(record.get("since", "")))
        except (OSError, ValueError, TypeError, AttributeError, OverflowError, RecursionError):
            return LockHolder(None, "", "")

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
