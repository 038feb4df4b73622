"""What can go wrong with an audit file, each as one Dutch message for the user."""

from __future__ import annotations

import errno
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


#: What went wrong, in Dutch, per errno; the system's own English wording never reaches the user.
_OS_REASONS = {
    errno.ENOENT: "het bestand of de map bestaat niet",
    errno.EACCES: "u hebt daar geen toestemming voor (bestandsrechten)",
    errno.EPERM: "u hebt daar geen toestemming voor (bestandsrechten)",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "uw schijfquotum is op",
    errno.EROFS: "de schijf of map is alleen-lezen",
    errno.ELOOP: "er staat een symbolische koppeling in de weg",
    errno.EEXIST: "het bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "de schijf gaf een lees- of schrijffout",
    errno.EMFILE: "er zijn te veel bestanden tegelijk open",
    errno.ENFILE: "er zijn te veel bestanden tegelijk open",
    errno.EBUSY: "het bestand is in gebruik",
    errno.ETXTBSY: "het bestand is in gebruik",
    errno.EFBIG: "het bestand wordt te groot",
    errno.ENXIO: "het apparaat of de pijp heeft geen andere kant",
    errno.EAGAIN: "het bestand is nu niet beschikbaar",
    errno.EXDEV: "het pad ligt op een andere schijf",
    errno.ENOTEMPTY: "de map is niet leeg",
}


def os_reason(error: OSError) -> str:
    """The Dutch reason for an OS error ("de schijf is vol"), never the system's English text."""
    reason = _OS_REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    name = errno.errorcode.get(error.errno or 0)
    return f"systeemfout {name}" if name else "onbekende systeemfout"
