"""The audit file: the one repository through which the dialogue, the app and the exports read and write.

It opens one TinyDB per file over the crash-safe `JournalStorage` (or TinyDB's `MemoryStorage` for fast
tests), keeps the audit's records in memory for reading, and writes every change through TinyDB before it
changes its own state: when a `put_*` or `delete_*` returns, the change is on disk; when it raises
`SaveFailed`, nothing changed, in memory or on disk. All access is serialised by a lock, because TinyDB
is not thread-safe and the app saves from a worker thread.
"""

from __future__ import annotations

import difflib
import os
import stat
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

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
    apply_changes,
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
    FollowUp,
    Judgement,
    Kerngegevens,
    Note,
    Plan,
    PreviousAudit,
    Source,
    Summary,
    Walk,
    new_id,
    now_iso,
)

if TYPE_CHECKING:
    from normsets.model import NormSet

AUDIT_SUFFIX = ".toets"
BACKUP_MARK = ".reservekopie-"
DEFAULT_BACKUPS = 5


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
                 tables: dict[str, dict[str, Any]] | None = None, author: str = "") -> None:
        self._db = db
        self.path = path
        self.read_only = read_only
        self.author = author
        """Initials of the auditor writing (stamped on every record written); '' when not known."""
        self._lock = lock
        self._mutex = threading.RLock()
        self.warnings: list[str] = []
        self.migrated_from: int | None = None
        self._docs: dict[str, dict[str, dict[str, Any]]] = {}
        self._doc_ids: dict[tuple[str, str], int] = {}
        self._next_ids: dict[str, int] = {}
        self._sources: dict[str, Source] = {}
        self._notes: dict[str, Note] = {}
        self._judgements: dict[str, Judgement] = {}
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
    def open(cls, path: Path, *, read_only: bool = False, backups: int = DEFAULT_BACKUPS,
             author: str = "", fold: bool = True) -> "AuditFile":
        """Open an existing audit: read and check everything first (`opening.load`), write only after.

        A writable open takes the lock, folds the journal into the base file (adding the checksums to an
        older file) and makes a backup. A file the user made read-only, or in a folder that cannot be
        written, opens read-only with a warning. A refusal leaves every file as it was.

        With `fold=False` and `backups=0` a writable open only takes the lock and writes nothing (a merge
        that may end without a change opens this way, and then writes only with `replace_tables`).
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
            audit = cls(db, path, read_only=read_only, lock=lock, tables=loaded.tables, author=author)
            audit.warnings.extend(warnings)
            audit.migrated_from = loaded.migrated_from
            if not read_only and fold:
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
        for table_name, table in raw.items():
            key_field = cv.KEY_FIELDS.get(table_name)
            docs: dict[str, dict[str, Any]] = {}
            for doc_id, doc in sorted(table.items(), key=lambda item: int(item[0])):
                key = doc[key_field] if key_field else doc_id
                docs[key] = doc
                self._doc_ids[(table_name, key)] = int(doc_id)
            self._docs[table_name] = docs
            self._next_ids[table_name] = max((int(doc_id) for doc_id in table), default=0) + 1
        self._meta = cv.meta_from_doc(self._single(cv.TABLE_META))
        for key, doc in self._live(cv.TABLE_SOURCES):
            self._sources[key] = cv.source_from_doc(doc)
        for key, doc in self._live(cv.TABLE_NOTES):
            self._notes[key] = cv.note_from_doc(doc)
        for key, doc in self._live(cv.TABLE_JUDGEMENTS):
            self._judgements[key] = cv.judgement_from_doc(doc)
        self._rebuild_kern()
        self._rebuild_summary()

    def _single(self, table: str) -> dict[str, Any]:
        return self._docs.get(table, {}).get(cv.SINGLE_ID, {})

    def _live(self, table: str) -> list[tuple[str, dict[str, Any]]]:
        """The records of `table` that are not deleted, in the order they were made."""
        return [(key, doc) for key, doc in self._docs.get(table, {}).items() if not doc.get("deleted")]

    def _rebuild_kern(self) -> None:
        self._kern = cv.kern_from_doc(self._single(cv.TABLE_KERN), self._list_texts("gesprekspartners"))

    def _rebuild_summary(self) -> None:
        lists = {name: self._list_texts(name) for name in ("complimenten", "zorgpunten")}
        self._summary = cv.summary_from_doc(self._single(cv.TABLE_SUMMARY), lists)

    def _list_items(self, name: str) -> list[dict[str, Any]]:
        items = [doc for _key, doc in self._live(cv.TABLE_LISTS) if doc["list"] == name]
        return sorted(items, key=lambda doc: (doc["position"], doc.get("created", ""), doc["id"]))

    def _list_texts(self, name: str) -> tuple[str, ...]:
        return tuple(doc["text"] for doc in self._list_items(name))

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
        """The whole audit as immutable records (cheap: no disk access, documents shared, not copied)."""
        with self._mutex:
            return Audit(
                meta=self._meta,
                kern=self._kern,
                summary=self._summary,
                sources=tuple(self._sources.values()),
                notes=tuple(self._notes.values()),
                judgements=dict(self._judgements),
                drafts={doc["key"]: doc["text"] for doc in self._docs.get(cv.TABLE_DRAFTS, {}).values()},
                normset_toml=self.normset_toml,
                plans={key: cv.plan_from_doc(doc) for key, doc in self._live(cv.TABLE_PLANS)},
                follow_ups={key: cv.follow_up_from_doc(doc) for key, doc in self._live(cv.TABLE_FOLLOW_UPS)},
                previous=self._previous(),
                self_evaluation={key: doc["text"] for key, doc in self._live(cv.TABLE_SELF_EVALUATION)},
                walks={key: cv.walk_from_doc(doc) for key, doc in self._live(cv.TABLE_WALKS)},
                history=tuple(cv.history_from_doc(doc) for doc in self._docs.get(cv.TABLE_HISTORY, {}).values()),
                tables={name: dict(docs) for name, docs in self._docs.items()},
            )

    def _previous(self) -> PreviousAudit | None:
        doc = self._single(cv.TABLE_PREVIOUS_AUDIT)
        if not doc:
            return None
        judgements = {key: cv.previous_from_doc(item) for key, item in self._live(cv.TABLE_PREVIOUS)}
        return PreviousAudit(date=doc["date"], normset_id=doc["normset_id"], organisation=doc.get("organisation", ""),
                             source=doc.get("source", ""), unmatched=tuple(doc.get("unmatched", ())),
                             judgements=judgements)

    @property
    def meta(self) -> AuditMeta:
        return self._meta

    @property
    def normset_toml(self) -> str:
        """The copy of the norm-set file made when the audit was created ('' for audits without one)."""
        return str(self._single(cv.TABLE_NORMSET).get("toml", ""))

    @property
    def note_count(self) -> int:
        return len(self._notes)

    def note(self, note_id: str) -> Note | None:
        return self._notes.get(note_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def judgement(self, norm_id: str) -> Judgement | None:
        return self._judgements.get(norm_id)

    def tables(self) -> dict[str, dict[str, Any]]:
        """The audit's raw tables as stored, under their document numbers (a copy), for `write_new`."""
        with self._mutex:
            return {name: {str(self._doc_ids[(name, key)]): dict(doc) for key, doc in docs.items()}
                    for name, docs in self._docs.items()}

    # -- writing -------------------------------------------------------------------------------

    def _commit(self, changes: list[tuple[str, str, dict[str, Any] | None]]) -> None:
        """Write `changes` (table, key, document or None to remove) as one durable step, then take them in.

        One journal line for the whole batch: after a crash all of it is there or none of it.
        """
        if self.read_only:
            raise ReadOnly("Dit auditbestand is alleen-lezen geopend; er kan niets worden gewijzigd.")
        for table, key, doc in changes:  # never write what opening would refuse (a file that no longer opens)
            if doc is not None and table in cv.FIELDS:
                try:
                    cv.check_document(table, key, doc)
                except cv.DocumentError as error:
                    raise SaveFailed(f"Niet opgeslagen: {error}. Het bestand is niet gewijzigd.") from None
        batch: list[list[Any]] = []
        new_ids: dict[tuple[str, str], int] = {}
        next_ids = dict(self._next_ids)
        for table, key, doc in changes:
            doc_id = self._doc_ids.get((table, key)) or new_ids.get((table, key))
            if doc_id is None:
                if doc is None:
                    continue
                doc_id = next_ids.get(table, 1)
                next_ids[table] = doc_id + 1
                new_ids[(table, key)] = doc_id
            batch.append([table, str(doc_id), doc])
        if not batch:
            return
        storage = self._db.storage
        try:
            if isinstance(storage, JournalStorage):
                storage.append(batch)
            else:
                state = storage.read() or {}
                apply_changes(state, batch)
                storage.write(state)
        except OSError as error:
            raise _save_error(error) from None
        self._next_ids = next_ids
        self._doc_ids.update(new_ids)
        for table, key, doc in changes:
            docs = self._docs.setdefault(table, {})
            if doc is None:
                docs.pop(key, None)
                self._doc_ids.pop((table, key), None)
            else:
                docs[key] = doc

    def _stamped(self, table: str, key: str, doc: dict[str, Any]) -> dict[str, Any]:
        """`doc` with its bookkeeping: author, first and last write, revision (see `convert.ENVELOPE`)."""
        old = self._docs.get(table, {}).get(key) or {}
        now = now_iso()
        doc = {name: value for name, value in doc.items() if name not in ("author", "updated", "revision")}
        if not doc.get("deleted"):
            doc.pop("deleted", None)
        doc["author"] = self.author
        doc["created"] = old.get("created") or doc.get("created") or now
        doc["updated"] = now
        doc["revision"] = int(old.get("revision", 0)) + 1
        return doc

    def _record(self, table: str, key: str, doc: dict[str, Any]) -> dict[str, Any]:
        stamped = self._stamped(table, key, doc)
        self._commit([(table, key, stamped)])
        return stamped

    def _tombstone(self, table: str, key: str) -> dict[str, Any] | None:
        """Mark a record deleted (it stays in the file, so a merge knows it was deleted, not never made)."""
        old = self._docs.get(table, {}).get(key)
        if old is None or old.get("deleted"):
            return None
        return self._record(table, key, dict(old, deleted=True))

    def put_source(self, source: Source, walk: Walk | None = None) -> Source:
        """Store a source; with `walk` (an interview's walk) both go to disk as one step, or neither."""
        with self._mutex:
            if walk is None:
                doc = self._record(cv.TABLE_SOURCES, source.id, cv.source_to_doc(source))
            else:
                doc = self._stamped(cv.TABLE_SOURCES, source.id, cv.source_to_doc(source))
                self._commit([(cv.TABLE_SOURCES, source.id, doc),
                              (cv.TABLE_WALKS, walk.source_id, self._walk_doc(walk))])
            source = cv.source_from_doc(doc)
            self._sources[source.id] = source
            return source

    def put_note(self, note: Note) -> Note:
        with self._mutex:
            doc = self._record(cv.TABLE_NOTES, note.id, cv.note_to_doc(note))
            note = cv.note_from_doc(doc)
            self._notes[note.id] = note
            return note

    def delete_note(self, note_id: str) -> Note | None:
        with self._mutex:
            note = self._notes.get(note_id)
            if note is not None:
                self._tombstone(cv.TABLE_NOTES, note_id)
                del self._notes[note_id]
            return note

    def delete_source(self, source_id: str) -> Source | None:
        """Remove a source that has no notes (a source with notes keeps them attributable)."""
        with self._mutex:
            if any(note.source_id == source_id for note in self._notes.values()):
                raise StoreError("Deze bron heeft nog notities; verwijder die eerst.")
            source = self._sources.get(source_id)
            if source is not None:
                changes = [(cv.TABLE_SOURCES, source_id,
                            self._stamped(cv.TABLE_SOURCES, source_id, dict(self._docs[cv.TABLE_SOURCES][source_id],
                                                                            deleted=True)))]
                walk = self._docs.get(cv.TABLE_WALKS, {}).get(source_id)
                if walk is not None and not walk.get("deleted"):
                    changes.append((cv.TABLE_WALKS, source_id,
                                    self._stamped(cv.TABLE_WALKS, source_id, dict(walk, deleted=True))))
                self._commit(changes)
                del self._sources[source_id]
            return source

    def put_judgement(self, judgement: Judgement) -> Judgement:
        with self._mutex:
            doc = self._record(cv.TABLE_JUDGEMENTS, judgement.norm_id, cv.judgement_to_doc(judgement))
            doc_updated = dict(doc)
            judgement = cv.judgement_from_doc(doc_updated)
            self._judgements[judgement.norm_id] = judgement
            return judgement

    def delete_judgement(self, norm_id: str) -> Judgement | None:
        with self._mutex:
            judgement = self._judgements.get(norm_id)
            if judgement is not None:
                self._tombstone(cv.TABLE_JUDGEMENTS, norm_id)
                del self._judgements[norm_id]
            return judgement

    def put_kern(self, kern: Kerngegevens) -> Kerngegevens:
        """Store the kerngegevens; the gesprekspartners (one per line) as list items, all in one write."""
        with self._mutex:
            changes = [(cv.TABLE_KERN, cv.SINGLE_ID, self._stamped(cv.TABLE_KERN, cv.SINGLE_ID, cv.kern_to_doc(kern)))]
            changes += self._list_changes("gesprekspartners", kern.lines("gesprekspartners"))
            self._commit(changes)
            self._rebuild_kern()
            return self._kern

    def put_summary(self, summary: Summary) -> Summary:
        """Store the summary; complimenten and zorgpunten as list items (edited items keep their id)."""
        with self._mutex:
            changes = [(cv.TABLE_SUMMARY, cv.SINGLE_ID,
                        self._stamped(cv.TABLE_SUMMARY, cv.SINGLE_ID, cv.summary_to_doc(summary)))]
            changes += self._list_changes("complimenten", summary.complimenten)
            changes += self._list_changes("zorgpunten", summary.zorgpunten)
            self._commit(changes)
            self._rebuild_summary()
            return self._summary

    def _list_changes(self, name: str, texts: tuple[str, ...] | list[str]) -> list[tuple[str, str, dict[str, Any]]]:
        """The item records that turn list `name` into `texts`.

        Unchanged items stay as they are; an edited item keeps its id (so a merge sees an edit, not a
        delete and an add); removed items become tombstones; new items get positions between their
        neighbours, so the order is kept without renumbering the others.
        """
        items = self._list_items(name)
        old = [doc["text"] for doc in items]
        new = list(texts)
        if old == new:
            return []
        changes: list[tuple[str, str, dict[str, Any]]] = []
        positions: list[float] = []

        def add(text: str, before: float, after: float | None) -> None:
            position = before + 1.0 if after is None else (before + after) / 2
            positions.append(position)
            doc = {"id": new_id(), "list": name, "text": text, "position": position}
            changes.append((cv.TABLE_LISTS, doc["id"], self._stamped(cv.TABLE_LISTS, doc["id"], doc)))

        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                positions.extend(doc["position"] for doc in items[i1:i2])
                continue
            kept = items[i1:i2]
            paired = min(len(kept), j2 - j1) if tag == "replace" else 0
            for doc, text in zip(kept[:paired], new[j1:j1 + paired]):
                changes.append((cv.TABLE_LISTS, doc["id"],
                                self._stamped(cv.TABLE_LISTS, doc["id"], dict(doc, text=text))))
                positions.append(doc["position"])
            for doc in kept[paired:]:
                changes.append((cv.TABLE_LISTS, doc["id"],
                                self._stamped(cv.TABLE_LISTS, doc["id"], dict(doc, deleted=True))))
            following = items[i2]["position"] if i2 < len(items) else None
            for text in new[j1 + paired:j2]:
                before = positions[-1] if positions else 0.0
                add(text, before, following)
        return changes

    def list_item_ids(self, name: str) -> tuple[str, ...]:
        """The ids of list `name`'s items, in order (a merge and its tests tell items apart by these)."""
        with self._mutex:
            return tuple(doc["id"] for doc in self._list_items(name))

    def put_plan(self, plan: Plan) -> Plan:
        with self._mutex:
            existing = self._docs.get(cv.TABLE_PLANS, {}).get(plan.norm_id) or {}
            doc = dict(cv.plan_to_doc(plan), id=existing.get("id") or new_id())
            return cv.plan_from_doc(self._record(cv.TABLE_PLANS, plan.norm_id, doc))

    def delete_plan(self, norm_id: str) -> None:
        with self._mutex:
            self._tombstone(cv.TABLE_PLANS, norm_id)

    def put_follow_up(self, follow_up: FollowUp) -> FollowUp:
        with self._mutex:
            existing = self._docs.get(cv.TABLE_FOLLOW_UPS, {}).get(follow_up.norm_id) or {}
            doc = dict(cv.follow_up_to_doc(follow_up), id=existing.get("id") or new_id())
            return cv.follow_up_from_doc(self._record(cv.TABLE_FOLLOW_UPS, follow_up.norm_id, doc))

    def set_self_evaluation(self, texts: dict[str, str]) -> None:
        """Store the organisation's own account per norm (one write for all; an empty text removes one)."""
        with self._mutex:
            changes = []
            current = self._docs.get(cv.TABLE_SELF_EVALUATION, {})
            for norm_id, text in texts.items():
                existing = current.get(norm_id)
                if not text:
                    if existing is not None and not existing.get("deleted"):
                        changes.append((cv.TABLE_SELF_EVALUATION, norm_id,
                                        self._stamped(cv.TABLE_SELF_EVALUATION, norm_id, dict(existing, deleted=True))))
                    continue
                doc = {"id": (existing or {}).get("id") or new_id(), "norm_id": norm_id, "text": text}
                changes.append((cv.TABLE_SELF_EVALUATION, norm_id, self._stamped(cv.TABLE_SELF_EVALUATION, norm_id, doc)))
            self._commit(changes)

    def set_previous(self, previous: PreviousAudit) -> None:
        """Keep the previous audit's judgements as read-only reference (a re-certification), in one write."""
        with self._mutex:
            changes: list[tuple[str, str, dict[str, Any] | None]] = [(cv.TABLE_PREVIOUS_AUDIT, cv.SINGLE_ID, {
                "date": previous.date, "normset_id": previous.normset_id, "organisation": previous.organisation,
                "source": previous.source, "unmatched": list(previous.unmatched),
            })]
            for norm_id, judgement in previous.judgements.items():
                doc = dict(cv.previous_to_doc(judgement), id=new_id())
                changes.append((cv.TABLE_PREVIOUS, norm_id, self._stamped(cv.TABLE_PREVIOUS, norm_id, doc)))
            self._commit(changes)

    def put_walk(self, walk: Walk) -> Walk:
        with self._mutex:
            doc = self._walk_doc(walk)
            self._commit([(cv.TABLE_WALKS, walk.source_id, doc)])
            return cv.walk_from_doc(doc)

    def _walk_doc(self, walk: Walk) -> dict[str, Any]:
        """A walk's document, stamped. Its `updated` has microseconds: `last_walk` must tell apart two
        interviews switched within one second (an ISO stamp with a fraction still sorts after one without)."""
        existing = self._docs.get(cv.TABLE_WALKS, {}).get(walk.source_id) or {}
        doc = self._stamped(cv.TABLE_WALKS, walk.source_id,
                            dict(cv.walk_to_doc(walk), id=existing.get("id") or new_id()))
        doc["updated"] = datetime.now(timezone.utc).isoformat()
        return doc

    def walk(self, source_id: str) -> Walk | None:
        """The stored walk of an interview, or None (none stored, or its source was deleted)."""
        with self._mutex:
            doc = self._docs.get(cv.TABLE_WALKS, {}).get(source_id)
            if doc is None or doc.get("deleted") or source_id not in self._sources:
                return None
            return cv.walk_from_doc(doc)

    def last_walk(self) -> Walk | None:
        """The walk written last (the interview that was going on): latest `updated`, ties to the later source."""
        with self._mutex:
            order = {source_id: index for index, source_id in enumerate(self._sources)}
            live = [(doc.get("updated", ""), order[key], key) for key, doc in self._live(cv.TABLE_WALKS)
                    if key in order]
            if not live:
                return None
            return cv.walk_from_doc(self._docs[cv.TABLE_WALKS][max(live)[2]])

    def set_draft(self, key: str, text: str) -> None:
        """Keep text that was typed but not yet submitted; empty text removes the draft.

        Drafts are this auditor's own: no bookkeeping, never merged.
        """
        with self._mutex:
            current = self._docs.get(cv.TABLE_DRAFTS, {}).get(key)
            if (current or {}).get("text", "") == text:
                return
            if not text:
                self._commit([(cv.TABLE_DRAFTS, key, None)])
                return
            self._commit([(cv.TABLE_DRAFTS, key, {"key": key, "text": text, "updated": now_iso()})])

    def drafts(self) -> dict[str, str]:
        with self._mutex:
            return {doc["key"]: doc["text"] for doc in self._docs.get(cv.TABLE_DRAFTS, {}).values()}

    def replace_tables(self, tables: dict[str, dict[str, Any]], *, checked: bool = False) -> None:
        """Make `tables` (checked, current schema) the whole audit in one atomic change (a merge).

        The base file is replaced at once (temp file, fsync, rename) and the journal emptied: a crash
        leaves the audit as it was before or as it is after, never between.
        """
        with self._mutex:
            if self.read_only:
                raise ReadOnly("Dit auditbestand is alleen-lezen geopend; er kan niets worden gewijzigd.")
            if not checked:
                try:
                    cv.check_tables(tables)
                except cv.DocumentError as error:
                    raise StoreError(f"De samengevoegde gegevens hebben niet de vorm van een audit: {error}.") from None
            storage = self._db.storage
            try:
                if isinstance(storage, JournalStorage):
                    storage.replace(tables)
                else:
                    storage.write(tables)
            except OSError as error:
                raise _save_error(error) from None
            author = self.author
            self._docs, self._doc_ids, self._next_ids = {}, {}, {}
            self._sources, self._notes, self._judgements = {}, {}, {}
            self._build(tables)
            self.author = author

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
                     norm_hashes=dict(norm_hashes), created=now_iso(), schema_version=SCHEMA_VERSION,
                     instance=new_id())
    partners = kern.lines("gesprekspartners")
    return {
        cv.TABLE_META: {cv.SINGLE_ID: cv.meta_to_doc(meta)},
        cv.TABLE_KERN: {cv.SINGLE_ID: cv.kern_to_doc(kern)},
        cv.TABLE_SUMMARY: {cv.SINGLE_ID: cv.summary_to_doc(Summary())},
        cv.TABLE_SOURCES: {},
        cv.TABLE_NOTES: {},
        cv.TABLE_JUDGEMENTS: {},
        cv.TABLE_LISTS: {str(number): {"id": new_id(), "list": "gesprekspartners", "text": text,
                                       "position": float(number)}
                         for number, text in enumerate(partners, start=1)},
        cv.TABLE_DRAFTS: {},
        cv.TABLE_NORMSET: {cv.SINGLE_ID: {"toml": normset_toml}} if normset_toml else {},
    }

