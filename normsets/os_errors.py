"""Operating-system errors in Dutch, for messages about norm-set files.

`OSError.strerror` is the C library's English ("Permission denied", "Is a directory"), and everything a
user reads is Dutch. The application has its own translation for the audit files, but this package sits
below the application and may not import it, so it keeps this small table for the errors a read of a
norm-set file or folder can actually give.
"""

from __future__ import annotations

import errno

_DUTCH: dict[int, str] = {
    errno.EACCES: "geen toestemming om het te lezen",
    errno.EPERM: "geen toestemming om het te lezen",
    errno.ENOENT: "het bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "het is een map, geen bestand",
    errno.ELOOP: "te veel symbolische koppelingen achter elkaar (of een koppeling die naar zichzelf wijst)",
    errno.ENAMETOOLONG: "de naam is te lang",
    errno.EIO: "leesfout van de schijf of het apparaat",
    errno.ENXIO: "het apparaat of de socket is niet bereikbaar",
    errno.ENODEV: "het apparaat bestaat niet",
    errno.EMFILE: "te veel open bestanden",
    errno.ENFILE: "te veel open bestanden op deze computer",
    errno.ENOMEM: "te weinig geheugen",
    errno.EAGAIN: "het is op dit moment niet beschikbaar",
    errno.EBUSY: "het is in gebruik door een ander programma",
    errno.EOVERFLOW: "het is te groot om te lezen",
    errno.EFBIG: "het is te groot om te lezen",
    errno.EINVAL: "het kan niet op deze manier worden gelezen",
    errno.ETXTBSY: "het is in gebruik door een ander programma",
    errno.EROFS: "het bestandssysteem is alleen-lezen",
    errno.ENOSPC: "de schijf is vol",
}
for _name, _text in (("ESTALE", "de netwerkverbinding naar het bestand is verlopen"),
                     ("ETIMEDOUT", "de verbinding is verlopen"),
                     ("EWOULDBLOCK", "het is op dit moment niet beschikbaar"),
                     ("EDQUOT", "het schijfquotum is op")):
    if hasattr(errno, _name):
        _DUTCH.setdefault(getattr(errno, _name), _text)


def describe_os_error(error: OSError) -> str:
    """A short Dutch phrase for `error` ("geen toestemming om het te lezen"), never the system's English."""
    if error.errno in _DUTCH:
        return _DUTCH[error.errno]
    name = errno.errorcode.get(error.errno or 0)
    if name:
        return f"systeemfout {name}"
    return "onbekende systeemfout"
