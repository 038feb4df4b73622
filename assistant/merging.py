"""Merging another auditor's copy into this audit, and making that copy: what the CLI, the line mode and the
app's merge screen all call.

`prepare` reads the other copy (read-only, through the one door `AuditFile.open`), checks it is the same
audit, finds the common base and plans the merge (`assistant.store.merge`); nothing is written. `carry_out`
checks the choices (one per conflict), writes a backup of this audit (`.voor-samenvoegen`), then replaces
the audit in one atomic step, and writes a merge log in Markdown beside it. Merging the same copy again
finds nothing new and writes nothing. `make_copy` makes the second auditor's copy with the base recorded
in both files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.store import AUDIT_SUFFIX, AuditFile, StoreError
from assistant.store import convert as cv
from assistant.store import merge as mg
from assistant.store.errors import os_reason
from assistant.store.journal import JOURNAL_SUFFIX, JournalError, atomic_write, encode_base, read_regular
from assistant.store.model import new_id, now_iso
from exports.merge_log import LoggedConflict, MergeLog, render_merge_log

BACKUP_SUFFIX = ".voor-samenvoegen"
LOG_MARK = ".samenvoegen-"


@dataclass
class Prepared:
    """A planned merge of `theirs_path` into `ours`; nothing written yet."""

    ours: AuditFile
    theirs_path: Path
    theirs_instance: str
    plan: mg.MergePlan
    new_sources: tuple[str, ...] = ()
    """Descriptions of the sources the other copy has and this one has not, for the log."""

    @property
    def conflicts(self) -> list[mg.Conflict]:
        return self.plan.conflicts


@dataclass(frozen=True)
class Outcome:
    """What a merge did."""

    changed: bool
    decisions: tuple[mg.Decision, ...] = ()
    new: dict[str, int] = field(default_factory=dict)
    log_path: Path | None = None
    backup_path: Path | None = None


def prepare(ours: AuditFile, theirs_path: Path) -> Prepared:
    """Plan merging the copy at `theirs_path` into the open, writable `ours`; `MergeRefused` in Dutch."""
    theirs_path = Path(theirs_path)
    if ours.read_only:
        raise mg.MergeRefused("Deze toetsing is alleen-lezen geopend; samenvoegen schrijft erin. Open haar om te "
                              "schrijven.")
    if ours.path is not None and theirs_path.exists() and theirs_path.resolve() == Path(ours.path).resolve():
        raise mg.MergeRefused("Dat is dit auditbestand zelf; kies het bestand van de andere toetser.")
    try:
        other = AuditFile.open(theirs_path, read_only=True)
    except StoreError as error:
        raise mg.MergeRefused(f"Het andere bestand kan niet worden gelezen: {error}") from None
    try:
        theirs = other.snapshot()
    finally:
        other.close()
    mine = ours.snapshot()
    if theirs.meta.id != mine.meta.id:
        raise mg.MergeRefused(
            f"'{theirs_path.name}' is een andere toetsing (ander audit-id); alleen kopieën van dezelfde toetsing "
            "kunnen worden samengevoegd. Er is niets gewijzigd."
        )
    if theirs.meta.normset_id != mine.meta.normset_id:
        raise mg.MergeRefused(
            f"'{theirs_path.name}' gebruikt normenset '{theirs.meta.normset_id}', deze toetsing "
            f"'{mine.meta.normset_id}'. Er is niets gewijzigd."
        )
    base = mg.bases_of(mine.tables, theirs.meta.instance) or mg.bases_of(theirs.tables, mine.meta.instance)
    plan = mg.plan_merge(mine.tables, theirs.tables, base)
    known = mine.tables.get(cv.TABLE_SOURCES, {})
    new_sources = tuple(source.describe() for source in theirs.sources if source.id not in known)
    return Prepared(ours, theirs_path, theirs.meta.instance, plan, new_sources)


def carry_out(prepared: Prepared, choices: Any, *, author: str = "") -> Outcome:
    """Merge with one choice per conflict; backup first, then one atomic change, then the log.

    Raises `MergeRefused` (bad choices; nothing written) or `StoreError` (writing failed; the audit is as it
    was, the backup may be there).
    """
    plan = prepared.plan
    if not plan.changes_anything:
        return Outcome(False)
    checked = mg.check_choices(plan, choices if choices is not None else {})
    ours = prepared.ours
    now = now_iso()
    reason = f"samenvoegen met {prepared.theirs_path.name} op {now[:16].replace('T', ' ')}"
    merged, decisions = mg.decide(plan, checked, reason=reason, date=now, author=author)
    merged = mg.with_base(merged, prepared.theirs_instance, plan.theirs)
    tables = mg.numbered(merged)
    try:
        cv.check_tables(tables)
    except cv.DocumentError as error:
        raise mg.MergeRefused(f"Een gekozen waarde past niet: {error}. Er is niets samengevoegd.") from None
    path = Path(ours.path) if ours.path is not None else None
    backup = None
    if path is not None:
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        try:
            journal = path.with_name(path.name + JOURNAL_SUFFIX)
            # Without a journal the base file is the whole audit: copy its bytes instead of encoding again.
            payload = read_regular(path) if not journal.exists() else encode_base(ours.tables())
            atomic_write(backup, payload)
        except (OSError, JournalError) as error:
            reason = os_reason(error) if isinstance(error, OSError) else str(error)
            raise StoreError(f"De reservekopie van voor het samenvoegen kon niet worden geschreven "
                             f"({reason}); er is niets samengevoegd.") from None
    ours.replace_tables(tables, checked=True)
    log_path = None
    if path is not None:
        log_path = _write_log(path, prepared, decisions, backup, author, now)
    return Outcome(True, tuple(decisions), dict(plan.new), log_path, backup)


def _write_log(path: Path, prepared: Prepared, decisions: list[mg.Decision], backup: Path | None,
               author: str, now: str) -> Path | None:
    plan = prepared.plan
    log = MergeLog(
        ours=path.name, theirs=prepared.theirs_path.name, date=now[:16].replace("T", " "), author=author,
        base_known=plan.base_known, new=dict(plan.new), changed=dict(plan.changed),
        new_sources=prepared.new_sources,
        conflicts=tuple(LoggedConflict(d.conflict.label, d.conflict.norm_id, d.conflict.a, d.conflict.b,
                                       d.conflict.base, d.conflict.base_known, _choice_name(d.choice), d.value)
                        for d in decisions),
        backup=backup.name if backup is not None else "",
    )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = path.name.removesuffix(AUDIT_SUFFIX)
    target = path.with_name(f"{stem}{LOG_MARK}{stamp}.md")
    try:
        atomic_write(target, render_merge_log(log).encode("utf-8"))
    except OSError:
        return None  # the merge itself is done; the history in the audit holds every set-aside value
    return target


def _choice_name(choice: Any) -> str:
    return {"a": "A", "b": "B"}.get(choice, "eigen tekst") if isinstance(choice, str) else "eigen tekst"


def make_copy(source: AuditFile, target: Path, initials: str) -> Path:
    """Write the second auditor's copy of `source` to `target`: same audit, a new instance id, and the
    common base recorded in both files (so their first merge is three-way). Never overwrites."""
    target = Path(target)
    if target.suffix != AUDIT_SUFFIX:
        raise StoreError(f"Een auditbestand eindigt op {AUDIT_SUFFIX}; kies een naam als "
                         f"'{target.with_suffix(AUDIT_SUFFIX)}'.")
    if source.read_only:
        raise StoreError("De toetsing is alleen-lezen geopend; voor een kopie moet de basis in beide bestanden "
                         "worden vastgelegd. Open haar om te schrijven.")
    mine = source.snapshot()
    copy_instance = new_id()
    copy_tables = mg.with_base(dict(mine.tables), mine.meta.instance, mine.tables)
    meta = dict(copy_tables[cv.TABLE_META][cv.SINGLE_ID], instance=copy_instance, auditor=initials)
    copy_tables[cv.TABLE_META] = {cv.SINGLE_ID: meta}
    copy_tables[cv.TABLE_DRAFTS] = {}  # drafts are this auditor's own
    AuditFile.write_new(target, mg.numbered(copy_tables))
    own = mg.with_base(dict(mine.tables), copy_instance, mine.tables)
    source.replace_tables(mg.numbered(own))
    return target
