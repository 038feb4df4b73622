"""The one door into an audit file: read everything, check everything, and only then let anything write.

Every front end and command opens an audit through `AuditFile.open`, and `AuditFile.open` decides here
whether the file is valid, migratable or refused, before it folds the journal, migrates or makes a
backup. `load` reads the base file and the journal into memory (`assistant.store.journal.read_state`
checks their checksums), checks the schema version, migrates in memory and checks every table and field
(`assistant.store.convert.check_tables`). It never writes, so a refused file, its journal and its backups
stay byte-identical. The same check names, on a refusal, the newest backup that would itself open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.store import convert as cv
from assistant.store.errors import AuditCorrupt, AuditTooNew, StoreError, os_reason
from assistant.store.journal import JournalError, Tables, read_state
from assistant.store.migrations import FIRST_VERSION, migrate
from assistant.store.model import SCHEMA_VERSION

#: The first schema whose files carry checksums; a file claiming it without one is damaged.
CHECKSUM_SINCE = 3


class Refused(Exception):
    """Why a file is not an audit this version can open (`reason`, Dutch), before the path is put to it."""

    def __init__(self, reason: str, *, too_new: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_new = too_new


@dataclass(frozen=True)
class Loaded:
    """An audit file's content, read and checked, in the current schema."""

    tables: Tables
    checksummed: bool
    """Whether the base file carried its checksum (files of schema 2 and older do not)."""
    had_journal: bool
    """Whether a journal was found beside the base file (it is folded in on a writable open)."""
    migrated_from: int | None
    """The schema the file was in, when that was older than the current one."""

    @property
    def needs_rewrite(self) -> bool:
        """Whether a writable open should write the base file now (fold, migrate, add the checksum)."""
        return self.had_journal or self.migrated_from is not None or not self.checksummed


def check_and_migrate(tables: Any, checksummed: bool) -> tuple[Tables, int | None]:
    """`tables` checked and brought to the current schema, with the version it was in if older.

    Raises `Refused` with the reason; used for audit files and, with `checksummed=True`, for the tables
    of a JSON export (which carry no file checksum of their own).
    """
    try:
        cv.check_shape(tables)
    except cv.DocumentError as error:
        raise Refused(str(error)) from None
    if not tables.get(cv.TABLE_META):
        raise Refused("het is geen auditbestand van toetsassistent (de tabel 'meta' ontbreekt)")
    version = cv.schema_version_of(tables)
    if version is None:
        raise Refused("het is geen auditbestand van toetsassistent (geen schemaversie)")
    if not cv.is_int(version):
        raise Refused("de schemaversie is geen geheel getal")
    if version > SCHEMA_VERSION:
        raise Refused(f"nieuwere schemaversie {version}", too_new=version)
    if version < FIRST_VERSION:
        raise Refused(f"onbekende schemaversie {version}")
    if version >= CHECKSUM_SINCE and not checksummed:
        raise Refused("het controlegetal van het bestand ontbreekt (het is beschadigd of buiten toetsassistent "
                      "gewijzigd)")
    migrated_from = None
    if version < SCHEMA_VERSION:
        try:
            tables, migrated_from = migrate(tables)
        except ValueError as error:
            raise Refused(str(error)) from None
    try:
        cv.check_tables(tables)
    except cv.DocumentError as error:
        raise Refused(str(error)) from None
    return tables, migrated_from


def load(path: Path) -> Loaded:
    """Read and check the audit at `path` (base file and journal), writing nothing.

    Raises `AuditCorrupt` (naming the newest backup that opens), `AuditTooNew`, or `StoreError` when the
    file cannot be read at all; `FileNotFoundError` when it is not there.
    """
    try:
        return _load(path)
    except Refused as refusal:
        if refusal.too_new is not None:
            raise AuditTooNew(
                f"'{path}' is gemaakt met een nieuwere versie van toetsassistent (schema {refusal.too_new}; "
                f"deze versie kent tot en met {SCHEMA_VERSION}). Werk toetsassistent bij; het bestand is niet gewijzigd."
            ) from None
        raise corrupt(path, refusal.reason) from None


def _load(path: Path) -> Loaded:
    try:
        tables, checksummed, had_journal = read_state(path)
    except JournalError as error:
        raise Refused(str(error)) from None
    except FileNotFoundError:
        raise
    except OSError as error:
        raise StoreError(f"Kan '{path}' niet lezen: {os_reason(error)}. Het bestand is niet gewijzigd.") from None
    tables, migrated_from = check_and_migrate(tables, checksummed)
    return Loaded(tables, checksummed, had_journal, migrated_from)


def opens(path: Path) -> bool:
    """Whether `path` would open as an audit (read and checked, nothing written)."""
    try:
        _load(path)
    except (Refused, StoreError, OSError):
        return False
    return True


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of `path` that opens itself, or None."""
    from assistant.store.audit_file import backup_paths

    return next((backup for backup in backup_paths(path) if opens(backup)), None)


def corrupt(path: Path | None, reason: str) -> AuditCorrupt:
    """The refusal of a damaged file: the reason, the promise that nothing changed, the backup to use."""
    newest = newest_good_backup(path) if path is not None else None
    if newest is not None:
        hint = f" De nieuwste reservekopie die wel opent is '{newest}'; kopieer die naar een nieuwe naam en open die kopie."
    elif path is not None:
        hint = " Er is geen bruikbare reservekopie gevonden."
    else:
        hint = ""
    return AuditCorrupt(f"'{path}' kan niet worden geopend: {reason}. Het bestand is niet gewijzigd.{hint}", newest)
