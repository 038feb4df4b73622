"""The audit file: the one repository through which the dialogue, the app and the exports read and write.

It opens one TinyDB per file over the crash-safe `JournalStorage` (or TinyDB's `MemoryStorage` for fast
tests), keeps the audit's records in memory for reading, and writes every change through TinyDB before it
changes its own state: when a `put_*` or `delete_*` returns, the change is on disk; when it raises
`SaveFailed`, nothing changed, in memory or on disk. All access is serialised by a lock, because TinyDB
is not thread-safe and the app saves from a worker thread.
"""

from __future__ import annotations

import errno
import shutil
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from assistant.store import convert as cv
from assistant.store.errors import (
    AuditCorrupt,
    AuditExists,
    AuditLocked,
    AuditNotFound,
    AuditTooNew,
    ReadOnly,
    SaveFailed,
    StoreError,
)
from assistant.store.journal import (
    FILE_MODE,
    JOURNAL_SUFFIX,
    JournalError,
    JournalStorage,
    JournalWriteError,
    create_base,
)
from assistant.store.lock import AuditLock, LockedError
from assistant.store.migrations import migrate
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
    if error.errno == errno.ENOSPC:
        reason = "de schijf is vol"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "de map is alleen-lezen of u hebt geen schrijfrechten"
    elif error.errno == errno.EDQUOT:
        reason = "uw schijfquotum is op"
    else:
        reason = error.strerror or str(error)
    return SaveFailed(
        f"Opslaan mislukt: {reason}. Er is niets opgeslagen en niets verloren: uw tekst blijft staan; "
        "maak ruimte of los het op en sla opnieuw op."
    )


class AuditFile:
    """One open audit. Create with `create`, `open` or `in_memory`; close with `close`."""

    def __init__(self, db: TinyDB, path: Path | None, *, read_only: bool, lock: AuditLock | None) -> None:
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
        self._load()

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
        if path.exists():
            raise AuditExists(f"Het bestand '{path}' bestaat al; toetsassistent overschrijft geen bestaand bestand.")
        try:
            create_base(path, initial_tables(normset_id, normset_hash, norm_hashes, kern or Kerngegevens(), normset_toml))
        except FileExistsError:
            raise AuditExists(f"Het bestand '{path}' bestaat al; toetsassistent overschrijft geen bestaand bestand.") from None
        except OSError as error:
            raise StoreError(f"Kan '{path}' niet aanmaken: {_save_error(error)}") from None
        return cls.open(path)

    @classmethod
    def create_for(cls, path: Path, normset: "NormSet", kern: Kerngegevens | None = None) -> "AuditFile":
        """Create a new audit for `normset`, keeping its hashes and a copy of its file in the audit."""
        return cls.create(path, normset.id, normset.content_hash(), normset.text_hashes(), kern, normset.source_toml)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, backups: int = DEFAULT_BACKUPS) -> "AuditFile":
        """Open an existing audit; writable opens take the lock and rotate the backups."""
        path = Path(path)
        if not path.parent.is_dir():
            raise AuditNotFound(f"De map '{path.parent}' bestaat niet.")
        if not path.is_file():
            raise AuditNotFound(f"Het auditbestand '{path}' bestaat niet.")
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
            except OSError as error:
                raise StoreError(f"Kan '{path}' niet openen om te schrijven: {error.strerror}. Open het alleen-lezen.") from None
        try:
            storage_error: Exception | None = None
            try:
                db = TinyDB(path, storage=JournalStorage, read_only=read_only)
            except JournalError as error:
                storage_error = error
            except OSError as error:
                raise StoreError(f"Kan '{path}' niet lezen: {error.strerror}.") from None
            if storage_error is not None:
                raise _corrupt(path, str(storage_error))
            audit = cls(db, path, read_only=read_only, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if not read_only:
            audit._rotate_backups(backups)
        return audit

    @classmethod
    def in_memory(cls, normset_id: str = "sterk-sociaal-werk-2019", normset_hash: str = "",
                  norm_hashes: dict[str, str] | None = None, kern: Kerngegevens | None = None) -> "AuditFile":
        """An audit that lives only in memory (TinyDB's `MemoryStorage`), for tests and previews."""
        db = TinyDB(storage=MemoryStorage)
        db.storage.write(initial_tables(normset_id, normset_hash, norm_hashes or {}, kern or Kerngegevens()))
        return cls(db, None, read_only=False, lock=None)

    @classmethod
    def from_tables(cls, tables: dict[str, dict[str, Any]]) -> "AuditFile":
        """An in-memory audit from raw tables (used by the JSON import before it writes a file)."""
        db = TinyDB(storage=MemoryStorage)
        db.storage.write(tables)
        return cls(db, None, read_only=False, lock=None)

    def _load(self) -> None:
        raw = self._db.storage.read() or {}
        if cv.TABLE_META not in raw or not raw[cv.TABLE_META]:
            raise _corrupt(self.path, "het is geen auditbestand van toetsassistent (de tabel 'meta' ontbreekt)")
        try:
            version = next(iter(raw[cv.TABLE_META].values())).get("schema_version")
        except AttributeError:
            version = None
        if not isinstance(version, int):
            raise _corrupt(self.path, "het is geen auditbestand van toetsassistent (geen schemaversie)")
        if version > SCHEMA_VERSION:
            raise AuditTooNew(
                f"'{self.path}' is gemaakt met een nieuwere versie van toetsassistent (schema {version}; "
                f"deze versie kent tot en met {SCHEMA_VERSION}). Werk toetsassistent bij; het bestand is niet gewijzigd."
            )
        if version < SCHEMA_VERSION:
            migrated, start = migrate(raw)
            self.migrated_from = start
            if not self.read_only:
                self._write_raw(migrated)
            raw = migrated
        try:
            self._meta = cv.meta_from_doc(next(iter(raw[cv.TABLE_META].values())))
            self._kern = cv.kern_from_doc(next(iter(raw.get(cv.TABLE_KERN, {}).values()), None))
            self._summary = cv.summary_from_doc(next(iter(raw.get(cv.TABLE_SUMMARY, {}).values()), None))
            for table_name, target, build, key in (
                (cv.TABLE_SOURCES, self._sources, cv.source_from_doc, "id"),
                (cv.TABLE_NOTES, self._notes, cv.note_from_doc, "id"),
                (cv.TABLE_JUDGEMENTS, self._judgements, cv.judgement_from_doc, "norm_id"),
            ):
                for doc_id, doc in sorted(raw.get(table_name, {}).items(), key=lambda item: int(item[0])):
                    record = build(doc)
                    target[getattr(record, key)] = record
                    self._doc_ids[(table_name, getattr(record, key))] = int(doc_id)
            self._normset_toml = str(next(iter(raw.get(cv.TABLE_NORMSET, {}).values()), {}).get("toml", ""))
            for doc_id, doc in raw.get(cv.TABLE_DRAFTS, {}).items():
                self._drafts[doc["key"]] = doc["text"]
                self._doc_ids[(cv.TABLE_DRAFTS, doc["key"])] = int(doc_id)
        except (TypeError, KeyError, ValueError, AttributeError, StopIteration) as error:
            raise _corrupt(self.path, f"de inhoud heeft niet de vorm van een audit ({type(error).__name__}: {error})") from None

    def _write_raw(self, tables: dict[str, dict[str, Any]]) -> None:
        try:
            self._db.storage.write(tables)
        except OSError as error:
            raise _save_error(error) from None

    def _rotate_backups(self, keep: int) -> None:
        if self.path is None or keep <= 0:
            return
        try:
            current = self.path.read_bytes()
            existing = backup_paths(self.path)
            if existing and existing[0].read_bytes() == current:
                return
            for old in reversed(existing):
                number = int(old.name.rsplit("-", 1)[-1])
                if number >= keep:
                    old.unlink()
                else:
                    old.rename(old.with_name(f"{self.path.name}{BACKUP_MARK}{number + 1}"))
            target = self.path.with_name(f"{self.path.name}{BACKUP_MARK}1")
            shutil.copyfile(self.path, target)
            target.chmod(FILE_MODE)
        except OSError as error:
            self.warnings.append(f"Er kon geen reservekopie worden gemaakt: {error.strerror}.")

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


def _corrupt(path: Path | None, reason: str) -> AuditCorrupt:
    backups = backup_paths(path) if path is not None else []
    newest = backups[0] if backups else None
    hint = (
        f" De nieuwste reservekopie is '{newest}'; kopieer die naar een nieuwe naam en open die kopie."
        if newest is not None
        else " Er is geen reservekopie gevonden."
    )
    return AuditCorrupt(f"'{path}' kan niet worden geopend: {reason}. Het bestand is niet gewijzigd.{hint}", newest)
