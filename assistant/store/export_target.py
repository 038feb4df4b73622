"""Where an export may be written: never over an audit file or one of its companions, only as a plain file.

The CLI (`export -o`) and the app's export screen both ask `refusal` before they write and then write with
`write_export`, so the two cannot differ. An export is written like the audit's base file (temp file, 0600,
fsync, rename), so an interrupted export leaves the old file or the new one; a temp file left by an export
that was killed is cleaned up by the next export to the same name.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from assistant.store.audit_file import AUDIT_SUFFIX, related_files
from assistant.store.errors import os_reason
from assistant.store.journal import atomic_write, read_regular, remove_stale_temp_files

#: File names of an audit's companions: journal, lock, backups, the copy before a merge.
_COMPANION = re.compile(re.escape(AUDIT_SUFFIX) + r"\.(journaal|slot|reservekopie-\d+|voor-samenvoegen)$")
#: How an audit file starts: with its checksum (schema 3 and later) or, older, with its meta table.
_AUDIT_STARTS = (b'{"sha256":"', b'{"meta":')


def _looks_like_audit(path: Path) -> bool:
    try:
        head = read_regular(path)[:65536]
    except Exception:  # unreadable: the write itself will say why
        return False
    return head.lstrip().startswith(_AUDIT_STARTS) and b'"schema_version"' in head


def refusal(target: Path, audit_path: Path | None = None) -> str | None:
    """Why `target` may not receive an export (one Dutch sentence), or None. Touches the disk."""
    target = Path(target)
    name = target.name
    if target.suffix == AUDIT_SUFFIX or _COMPANION.search(name):
        return (f"'{target}' is (of lijkt op) een auditbestand of een bestand dat bij een toetsing hoort; "
                "een export schrijft daar niet overheen. Kies een andere naam.")
    if audit_path is not None:
        protected = {p.resolve() for p in related_files(Path(audit_path))}
        protected.add(Path(audit_path).resolve())
        if target.resolve() in protected:
            return f"'{target}' hoort bij het auditbestand; kies een andere naam."
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        return f"Kan '{target}' niet gebruiken: {os_reason(error)}."
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            return (f"'{target}' is een symbolische koppeling; een export schrijft daar niet doorheen. "
                    "Geef het pad van het bestand zelf, of een nieuwe naam.")
        if stat.S_ISDIR(info.st_mode):
            return f"'{target}' is een map; geef een bestandsnaam op, bijvoorbeeld '{target / 'rapport.md'}'."
        if not stat.S_ISREG(info.st_mode):
            return f"'{target}' is geen gewoon bestand (maar een pijp, apparaat of socket); kies een gewone bestandsnaam."
        if _looks_like_audit(target):
            return f"'{target}' is een auditbestand van toetsassistent; een export schrijft daar niet overheen."
    if not target.parent.is_dir():
        return f"De map '{target.parent}' bestaat niet. Maak hem eerst aan of kies een andere plek."
    return None


def write_export(target: Path, payload: bytes) -> None:
    """Write `payload` to `target` atomically, private (0600); cleans up temp files of killed exports.

    Raises `OSError`; the caller words it with `os_reason`.
    """
    target = Path(target)
    remove_stale_temp_files(target)
    atomic_write(target, payload)
