"""The audit file: the one repository through which the dialogue, the app and the exports read and write.

It opens one TinyDB per file over the crash-safe `JournalStorage` (or TinyDB's `MemoryStorage` for fast
tests), keeps the audit's records in memory for reading, and writes every change through TinyDB before it
changes its own state: when a `put_*` or `delete_*` returns, the change is on disk; when it raises
`SaveFailed`, nothing changed, in memory or on disk. All access is serialised by a lock, because TinyDB
is not thread-safe and the app saves from a worker thread.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from assistant.store import convert as cv
from assistant.store import opening
from assistant.store.errors import (
    AuditExists,
    AuditLocked,
    AuditNotFound,
    ReadOnly,
    SaveFailed,
    StoreError,
    os_reason,
)
from assistant.store.journal import (
    JOURNAL_SUFFIX,
    JournalError,
    JournalStorage,
    JournalWriteError,
    create_base,
    fsync_folder,
    read_regular,
    remove_stale_temp_files,
    write_temp,
)
from assistant.store.lock import AuditLock, LockedError, LockRefused
from assistant.store.model import (
    SCHEMA_VERSION,
    Audit,
    AuditMeta,
    Judgement,
    Kerngegevens,
    Note,
    Source,
    Summary,
    new_id,
    now_iso,
)

if TYPE_CHECKING:
    from normsets.model import NormSet

AUDIT_SUFFIX = ".toets"
BACKUP_MARK = ".reservekopie-"
DEFAULT_BACKUPS = 5
_SINGLE = 1  # the document id of the one document in the meta, kern and samenvatting tables


def backup_paths(path: Path) -> list[Path]:
    """The existing backups of `path`, newest first."""
    found = []
    for candidate in path.parent.glob(f"{path.name}{BACKUP_MARK}*"):
        suffix = candidate.name.rsplit("-", 1)[-1]
        if suffix.isdigit():
            found.append((int(suffix), candidate))
    return [candidate for _, candidate in sorted(found)]


def related_files(path: Path) -> list[Path]:
    """Every file that belongs to an audit: the file, its journal, lock and backups (for deleting)."""
    extra = [path.with_name(path.name + JOURNAL_SUFFIX), path.with_name(path.name + ".slot")]
    return [p for p in [path, *extra, *backup_paths(path)] if p.exists()]


def _save_error(error: OSError) -> SaveFailed:
    return SaveFailed(
        f"Opslaan mislukt: {os_reason(error)}. Er is niets opgeslagen en niets verloren: uw tekst blijft staan; "
        "maak ruimte of los het op en sla opnieuw op."
    )


def _resolve(path: Path) -> Path:
    """The audit file itself: a symbolic link is followed, so the link stays a link and the target is written.

    Journal, lock and backups then lie beside the target, where every other path to it finds them too.
    """
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _check_is_file(path: Path) -> None:
    """Refuse, in Dutch, a path that is missing, in a missing folder, a folder, or not a regular file."""
    if not path.parent.is_dir():
        raise AuditNotFound(f"De map '{path.parent}' bestaat niet.")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise AuditNotFound(f"Het auditbestand '{path}' bestaat niet.") from None
    except OSError as error:
        raise StoreError(f"Kan '{path}' niet openen: {os_reason(error)}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise AuditNotFound(f"'{path}' is een map, geen auditbestand.")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"'{path}' is geen gewoon bestand (maar een pijp, apparaat of socket); "
                         "toetsassistent opent het niet. Er is niets gewijzigd.")


def _write_protected(path: Path) -> str | None:
    """Why `path` should not be written even though a writable open was asked, or None.

    The owner's write bit is what the user set (root ignores it, so `os.access` would not tell).
    """
    try:
        if not path.stat().st_mode & stat.S_IWUSR:
            return "het bestand is alleen-lezen (bestandsrechten)"
    except OSError:
        return None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "u kunt in de map van het bestand niet schrijven"
    return None


class AuditFile:
    """One open audit. Create with `create`, `open` or `in_memory`; close with `close`."""

    def __init__(self, db: TinyDB, path: Path | None, *, read_only: bool, lock: AuditLock | None,
                 tables: dict[str, dict[str, Any]] | None = None) -> None:
        self._db = db
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._mutex = threading.RLock()
        self.warnings: list[str] = []
        self.migrated_from: int | None = None
        self._doc_ids: dict[tuple[str, str], int] = {}
        self._sources: dict[str, Source] = {}
        self._notes: dict[str, Note] = {}
        self._judgements: dict[str, Judgement] = {}
        self._drafts: dict[str, str] = {}
        self._build(tables if tables is not None else (db.storage.read() or {}))

    # -- opening and creating ----------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, normset_id: str, normset_hash: str, norm_hashes: dict[str, str],
               kern: Kerngegevens | None = None, normset_toml: str = "") -> "AuditFile":
        """Create a new audit file (mode 0600); refuses to overwrite an existing file.

        `normset_toml`, the text of the norm-set file, is kept in the audit so that it can still be
        opened on a machine that lacks that norm set.
        """
        path = Path(path)
        if not path.parent.is_dir():
            raise AuditNotFound(f"De map '{path.parent}' bestaat niet. Maak hem eerst aan of kies een andere plek.")
        if os.path.lexists(path):
            raise AuditExists(f"Het bestand '{path}' bestaat al; toetsassistent overschrijft geen bestaand bestand.")
        try:
            create_base(path, initial_tables(normset_id, normset_hash, norm_hashes, kern or Kerngegevens(), normset_toml))
        except FileExistsError:
            raise AuditExists(f"Het bestand '{path}' bestaat al; toetsassistent overschrijft geen bestaand bestand.") from None
        except OSError as error:
            raise StoreError(f"Kan '{path}' niet aanmaken: {os_reason(error)}. Er is niets aangemaakt.") from None
        return cls.open(path)

    @classmethod
    def create_for(cls, path: Path, normset: "NormSet", kern: Kerngegevens | None = None) -> "AuditFile":
        """Create a new audit for `normset`, keeping its hashes and a copy of its file in the audit."""
        return cls.create(path, normset.id, normset.content_hash(), normset.text_hashes(), kern, normset.source_toml)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, backups: int = DEFAULT_BACKUPS) -> "AuditFile":
        """Open an existing audit: read and check everything first (`opening.load`), write only after.

        A writable open takes the lock, folds the journal into the base file (adding the checksums to an
        older file) and makes a backup. A file the user made read-only, or in a folder that cannot be
        written, opens read-only with a warning. A refusal leaves every file as it was.
        """
        path = _resolve(path)
        _check_is_file(path)
        warnings: list[str] = []
        if not read_only:
            protected = _write_protected(path)
            if protected is not None:
                read_only = True
                warnings.append(f"'{path.name}' is alleen-lezen geopend: {protected}. Er wordt niets gewijzigd.")
        lock = None
        if not read_only:
            lock = AuditLock(path)
            try:
                lock.acquire()
            except LockedError as error:
                raise AuditLocked(
                    f"Dit auditbestand is al geopend door een andere toetsassistent ({error.holder.describe()}). "
                    "Sluit het daar, of open het hier alleen-lezen.",
                    path,
                ) from None
            except LockRefused as error:
                raise StoreError(f"Kan '{path}' niet openen om te schrijven: {error}. Open het alleen-lezen.") from None
            except OSError as error:
                raise StoreError(f"Kan '{path}' niet openen om te schrijven: {os_reason(error)}. "
                                 "Open het alleen-lezen.") from None
        try:
            try:
                loaded = opening.load(path)
            except FileNotFoundError:
                raise AuditNotFound(f"Het auditbestand '{path}' bestaat niet.") from None
            db = TinyDB(path, storage=JournalStorage, state=loaded.tables, read_only=read_only)
            audit = cls(db, path, read_only=read_only, lock=lock, tables=loaded.tables)
            audit.warnings.extend(warnings)
            audit.migrated_from = loaded.migrated_from
            if not read_only:
                remove_stale_temp_files(path, all_of_them=True)  # we hold the lock: nobody else writes it
                if loaded.needs_rewrite:
                    audit._fold_on_open(loaded)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if not audit.read_only:
            audit._rotate_backups(backups)
        return audit

    def _fold_on_open(self, loaded: "opening.Loaded") -> None:
        """Write the checked state as the new base file (journal folded, migrated, checksummed).

        When that fails (a full disk), a file that only needed its journal folded stays usable: the journal
        keeps every change, and the next open folds it. A migrated file is not written in two schemas at
        once: it is opened read-only instead.
        """
        storage = self._db.storage
        try:
            storage.compact()
        except OSError as error:
            if loaded.migrated_from is not None or not loaded.checksummed:
                self.read_only = True
                storage.read_only = True
                self._release_lock()
                self.warnings.append(
                    f"Het bestand kon niet worden bijgewerkt ({os_reason(error)}); het is alleen-lezen geopend "
                    "en niet gewijzigd."
                )
            else:
                self.warnings.append(
                    f"Het journaal kon niet in het bestand worden verwerkt ({os_reason(error)}); uw wijzigingen "
                    "worden in het journaal bewaard en de volgende keer verwerkt."
                )

    @classmethod
    def in_memory(cls, normset_id: str = "sterk-sociaal-werk-2019", normset_hash: str = "",
                  norm_hashes: dict[str, str] | None = None, kern: Kerngegevens | None = None,
                  normset_toml: str = "") -> "AuditFile":
        """An audit that lives only in memory (TinyDB's `MemoryStorage`), for tests, previews and filling
        a new file in one write (`tables`, then `write_new`)."""
        db = TinyDB(storage=MemoryStorage)
        db.storage.write(initial_tables(normset_id, normset_hash, norm_hashes or {}, kern or Kerngegevens(),
                                        normset_toml))
        return cls(db, None, read_only=False, lock=None)

    @staticmethod
    def write_new(path: Path, tables: dict[str, dict[str, Any]]) -> None:
        """Write checked `tables` as a new audit file (0600) in one atomic write; never overwrites.

        Raises `AuditExists`, `AuditNotFound` (no such folder) or `StoreError` (with the Dutch reason);
        a failure leaves no file behind.
        """
        path = Path(path)
        try:
            cv.check_tables(tables)
        except cv.DocumentError as error:
            raise StoreError(f"De gegevens hebben niet de vorm van een audit: {error}. Er is niets aangemaakt.") from None
        if not path.parent.is_dir():
            raise AuditNotFound(f"De map '{path.parent}' bestaat niet. Maak hem eerst aan of kies een andere plek.")
        try:
            create_base(path, tables)
        except FileExistsError:
            raise AuditExists(f"Het bestand '{path}' bestaat al; toetsassistent overschrijft geen bestaand bestand.") from None
        except OSError as error:
            raise StoreError(f"Kan '{path}' niet aanmaken: {os_reason(error)}. Er is niets aangemaakt.") from None

    def tables(self) -> dict[str, dict[str, Any]]:
        """The audit's raw tables as they are stored (a copy), for `write_new` and the JSON export."""
        with self._mutex:
            return self._db.storage.read() or {}

    @classmethod
    def from_tables(cls, tables: dict[str, dict[str, Any]]) -> "AuditFile":
        """An in-memory audit from raw tables in the current schema; `StoreError` if they do not fit it."""
        try:
            cv.check_tables(tables)
        except cv.DocumentError as error:
            raise StoreError(f"De gegevens hebben niet de vorm van een audit: {error}.") from None
        db = TinyDB(storage=MemoryStorage)
        db.storage.write(tables)
        return cls(db, None, read_only=False, lock=None)

    def _build(self, raw: dict[str, dict[str, Any]]) -> None:
        """The records of checked tables (`convert.check_tables` has passed, so nothing here can fail)."""
        self._meta = cv.meta_from_doc(raw[cv.TABLE_META][cv.SINGLE_ID])
        self._kern = cv.kern_from_doc(raw.get(cv.TABLE_KERN, {}).get(cv.SINGLE_ID))
        self._summary = cv.summary_from_doc(raw.get(cv.TABLE_SUMMARY, {}).get(cv.SINGLE_ID))
        for table_name, target, build, key in (
            (cv.TABLE_SOURCES, self._sources, cv.source_from_doc, "id"),
            (cv.TABLE_NOTES, self._notes, cv.note_from_doc, "id"),
            (cv.TABLE_JUDGEMENTS, self._judgements, cv.judgement_from_doc, "norm_id"),
        ):
            for doc_id, doc in sorted(raw.get(table_name, {}).items(), key=lambda item: int(item[0])):
                record = build(doc)
                target[getattr(record, key)] = record
                self._doc_ids[(table_name, getattr(record, key))] = int(doc_id)
        self._normset_toml = str(raw.get(cv.TABLE_NORMSET, {}).get(cv.SINGLE_ID, {}).get("toml", ""))
        for doc_id, doc in raw.get(cv.TABLE_DRAFTS, {}).items():
            self._drafts[doc["key"]] = doc["text"]
            self._doc_ids[(cv.TABLE_DRAFTS, doc["key"])] = int(doc_id)

    def _rotate_backups(self, keep: int) -> None:
        """Keep a copy of the file as it is now, as `.reservekopie-1`; older copies move up, at most `keep`.

        The new copy is written completely (temp file, 0600, fsync) before any older copy moves, so a full
        disk leaves every backup complete or absent, never a truncated newest one.
        """
        if self.path is None or keep <= 0:
            return
        temp = None
        try:
            current = read_regular(self.path)
            existing = backup_paths(self.path)
            if existing:
                try:
                    if read_regular(existing[0]) == current:
                        return
                except (OSError, JournalError):
                    pass
            temp = write_temp(self.path.parent, self.path.name + BACKUP_MARK, current)
            for old in reversed(existing):
                number = int(old.name.rsplit("-", 1)[-1])
                if number >= keep:
                    old.unlink()
                else:
                    old.rename(old.with_name(f"{self.path.name}{BACKUP_MARK}{number + 1}"))
            os.replace(temp, self.path.with_name(f"{self.path.name}{BACKUP_MARK}1"))
            temp = None
            fsync_folder(self.path.parent)
        except (OSError, JournalError) as error:
            reason = os_reason(error) if isinstance(error, OSError) else str(error)
            self.warnings.append(f"Er kon geen reservekopie worden gemaakt: {reason}.")
        finally:
            if temp is not None:
                try:
                    temp.unlink()
                except OSError:
                    pass

    # -- reading -------------------------------------------------------------------------------

    def snapshot(self) -> Audit:
        """The whole audit as immutable records (cheap: no disk access)."""
        with self._mutex:
            return Audit(
                meta=self._meta,
                kern=self._kern,
                summary=self._summary,
                sources=tuple(self._sources.values()),
                notes=tuple(self._notes.values()),
                judgements=dict(self._judgements),
                drafts=dict(self._drafts),
                normset_toml=self._normset_toml,
            )

    @property
    def meta(self) -> AuditMeta:
        return self._meta

    @property
    def normset_toml(self) -> str:
        """The copy of the norm-set file made when the audit was created ('' for audits without one)."""
        return self._normset_toml

    @property
    def note_count(self) -> int:
        return len(self._notes)

    def note(self, note_id: str) -> Note | None:
        return self._notes.get(note_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def judgement(self, norm_id: str) -> Judgement | None:
        return self._judgements.get(norm_id)

    # -- writing -------------------------------------------------------------------------------

    def _table(self, name: str) -> Table:
        return self._db.table(name, cache_size=0)

    def _write(self, action: Callable[[], Any]) -> Any:
        if self.read_only:
            raise ReadOnly("Dit auditbestand is alleen-lezen geopend; er kan niets worden gewijzigd.")
        try:
            return action()
        except JournalWriteError as error:
            raise _save_error(error) from None
        except OSError as error:
            raise _save_error(error) from None

    def _put(self, table_name: str, key: str, doc: dict[str, Any]) -> None:
        table = self._table(table_name)
        doc_id = self._doc_ids.get((table_name, key))
        if doc_id is None:
            new_doc_id = self._write(lambda: table.insert(doc))
            self._doc_ids[(table_name, key)] = new_doc_id
        else:
            self._write(lambda: table.update(doc, doc_ids=[doc_id]))

    def _delete(self, table_name: str, key: str) -> bool:
        doc_id = self._doc_ids.get((table_name, key))
        if doc_id is None:
            return False
        self._write(lambda: self._table(table_name).remove(doc_ids=[doc_id]))
        del self._doc_ids[(table_name, key)]
        return True

    def put_source(self, source: Source) -> Source:
        with self._mutex:
            self._put(cv.TABLE_SOURCES, source.id, cv.source_to_doc(source))
            self._sources[source.id] = source
            return source

    def put_note(self, note: Note) -> Note:
        with self._mutex:
            self._put(cv.TABLE_NOTES, note.id, cv.note_to_doc(note))
            self._notes[note.id] = note
            return note

    def delete_note(self, note_id: str) -> Note | None:
        with self._mutex:
            note = self._notes.get(note_id)
            if note is not None and self._delete(cv.TABLE_NOTES, note_id):
                del self._notes[note_id]
            return note

    def delete_source(self, source_id: str) -> Source | None:
        """Remove a source that has no notes (a source with notes keeps them attributable)."""
        with self._mutex:
            if any(note.source_id == source_id for note in self._notes.values()):
                raise StoreError("Deze bron heeft nog notities; verwijder die eerst.")
            source = self._sources.get(source_id)
            if source is not None and self._delete(cv.TABLE_SOURCES, source_id):
                del self._sources[source_id]
            return source

    def put_judgement(self, judgement: Judgement) -> Judgement:
        with self._mutex:
            judgement = replace(judgement, updated=now_iso())
            self._put(cv.TABLE_JUDGEMENTS, judgement.norm_id, cv.judgement_to_doc(judgement))
            self._judgements[judgement.norm_id] = judgement
            return judgement

    def delete_judgement(self, norm_id: str) -> Judgement | None:
        with self._mutex:
            judgement = self._judgements.get(norm_id)
            if judgement is not None and self._delete(cv.TABLE_JUDGEMENTS, norm_id):
                del self._judgements[norm_id]
            return judgement

    def put_kern(self, kern: Kerngegevens) -> Kerngegevens:
        with self._mutex:
            self._write(lambda: self._table(cv.TABLE_KERN).update(cv.kern_to_doc(kern), doc_ids=[_SINGLE]))
            self._kern = kern
            return kern

    def put_summary(self, summary: Summary) -> Summary:
        with self._mutex:
            self._write(lambda: self._table(cv.TABLE_SUMMARY).update(cv.summary_to_doc(summary), doc_ids=[_SINGLE]))
            self._summary = summary
            return summary

    def set_draft(self, key: str, text: str) -> None:
        """Keep text that was typed but not yet submitted; empty text removes the draft."""
        with self._mutex:
            if self._drafts.get(key, "") == text:
                return
            if not text:
                if self._delete(cv.TABLE_DRAFTS, key):
                    self._drafts.pop(key, None)
                return
            self._put(cv.TABLE_DRAFTS, key, {"key": key, "text": text, "updated": now_iso()})
            self._drafts[key] = text

    def drafts(self) -> dict[str, str]:
        with self._mutex:
            return dict(self._drafts)

    def close(self) -> None:
        """Fold the journal into the file and release the lock. Safe to call twice."""
        with self._mutex:
            storage = self._db.storage
            try:
                if isinstance(storage, JournalStorage) and not self.read_only and storage.journal_size:
                    try:
                        storage.compact()
                    except OSError:
                        pass  # the journal stays and is folded in on the next open: nothing is lost
                self._db.close()
            finally:
                self._release_lock()

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "AuditFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def initial_tables(normset_id: str, normset_hash: str, norm_hashes: dict[str, str],
                   kern: Kerngegevens, normset_toml: str = "") -> dict[str, dict[str, Any]]:
    meta = AuditMeta(id=new_id(), normset_id=normset_id, normset_hash=normset_hash,
                     norm_hashes=dict(norm_hashes), created=now_iso(), schema_version=SCHEMA_VERSION)
    return {
        cv.TABLE_META: {str(_SINGLE): cv.meta_to_doc(meta)},
        cv.TABLE_KERN: {str(_SINGLE): cv.kern_to_doc(kern)},
        cv.TABLE_SUMMARY: {str(_SINGLE): cv.summary_to_doc(Summary())},
        cv.TABLE_SOURCES: {},
        cv.TABLE_NOTES: {},
        cv.TABLE_JUDGEMENTS: {},
        cv.TABLE_DRAFTS: {},
        cv.TABLE_NORMSET: {str(_SINGLE): {"toml": normset_toml}} if normset_toml else {},
    }

