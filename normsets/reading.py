"""Reading a norm-set file from disk without trusting whatever sits at its path.

Every command scans the user's norm-set folder, so anything lying there is read by every command: a
FIFO named `x.toml` would block each of them forever, a symlink to a device could feed endless bytes, a
directory or a file of gigabytes would give an English traceback or exhaust memory. Here a file is read
only when it is a regular file (checked before opening, and again on the opened descriptor, which is
opened non-blocking so even a FIFO that slips in between cannot block), up to a size limit, and every
refusal is one Dutch sentence.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from normsets.os_errors import describe_os_error

#: The largest norm-set file that is read: 25 times the largest built-in set (83 kB), and small enough
#: that even a pathological file of this size parses in a few seconds.
MAX_BYTES = 2 * 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 64 * 1024


class Unreadable(Exception):
    """The file is not read; `str(error)` is a Dutch sentence that completes "Normenset 'path': "."""


def megabytes(size: int) -> str:
    """`size` in bytes as Dutch text ("2 MB", "12,5 MB")."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} MB"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    if stat.S_ISSOCK(mode):
        return "een socket"
    return "iets anders dan een bestand"


def _require_regular(mode: int, path: Path, kind: str) -> None:
    if stat.S_ISREG(mode):
        return
    via = " (via een symbolische koppeling)" if os.path.islink(path) else ""
    raise Unreadable(
        f"dit is geen gewoon bestand maar {_kind(mode)}{via}; alleen gewone bestanden worden als {kind} gelezen."
    )


def _too_big(size_text: str, limit: int, kind: str) -> Unreadable:
    return Unreadable(f"het bestand is te groot ({size_text}); {kind} mag hoogstens {megabytes(limit)} zijn.")


def _cannot_read(error: OSError) -> Unreadable:
    return Unreadable(f"het bestand kan niet worden gelezen: {describe_os_error(error)}.")


def read_regular_file(path: Path, limit: int = MAX_BYTES, kind: str = "normenset") -> bytes:
    """The bytes of `path` if it is a regular file (symlinks followed) of at most `limit` bytes.

    Never blocks on a FIFO or a device, never reads more than `limit` + 1 bytes; raises `Unreadable`.
    `kind` names what the file should be, in Dutch ("normenset", "sjabloon"), for the messages. Every
    small input file the program reads (norm sets, Word templates, self-evaluations) comes through here.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable("dit is een symbolische koppeling naar een bestand dat niet bestaat.") from None
        raise Unreadable("het bestand bestaat niet.") from None
    except OSError as error:
        raise _cannot_read(error) from None
    _require_regular(info.st_mode, path, kind)
    if info.st_size > limit:
        raise _too_big(megabytes(info.st_size), limit, f"een {kind}")
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise Unreadable("het bestand bestaat niet (meer).") from None
    except OSError as error:
        raise _cannot_read(error) from None
    try:
        opened = os.fstat(descriptor)
        _require_regular(opened.st_mode, path, kind)
        if opened.st_size > limit:
            raise _too_big(megabytes(opened.st_size), limit, f"een {kind}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_big(f"meer dan {megabytes(limit)}", limit, f"een {kind}")
        return b"".join(chunks)
    except OSError as error:
        raise _cannot_read(error) from None
    finally:
        os.close(descriptor)


def decode_text(raw: bytes) -> str:
    """`raw` as UTF-8 text (a byte-order mark is allowed and dropped); raises `Unreadable` otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("het bestand is geen UTF-8-tekst maar UTF-16; sla het op als UTF-8.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise Unreadable(
            f"het bestand is geen UTF-8-tekst (ongeldige byte op regel {line}); sla het op als UTF-8."
        ) from None
    return text.removeprefix("\ufeff")
