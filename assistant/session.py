"""An open audit together with its norm set: what the front ends work on.

Opening checks that the norm set the audit was made with is still there and still reads the same; a
changed norm set is a warning that names the norms whose text differs, never a reason to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.locations import normsets_dir
from assistant.store import Audit, AuditFile, AuditMeta, StoreError
from flows.text import normset_drift
from normsets import NormSet, NormSetError, NormSetRegistry, parse_text

if TYPE_CHECKING:
    from flows.engine import Conversation


def normset_changes(meta: AuditMeta, normset: NormSet) -> list[str]:
    """Dutch warnings when the norm set differs from the one the audit was made with; [] if the same."""
    drift = normset_drift(meta, normset)
    if drift is None:
        return []
    return ["\n".join([drift.text, *drift.lines])]


def resolve_normset(audit: Audit | AuditFile, registry: NormSetRegistry, warnings: list[str]) -> NormSet:
    """The audit's norm set: the installed one, else the copy kept in the audit (with a warning).

    `audit` is an open file or a snapshot: both carry the meta and the copy of the norm-set file.
    """
    set_id = audit.meta.normset_id
    installed = registry.find(set_id)
    if installed is not None:
        return installed
    if audit.normset_toml:
        copy = parse_text(audit.normset_toml, f"'{set_id}' (kopie in het auditbestand)")
        warnings.append(
            f"Let op: normenset '{set_id}' is op deze computer niet gevonden; de kopie die bij het maken van "
            f"de toetsing in het auditbestand is bewaard wordt gebruikt. Zet het normensetbestand in "
            f"'{normsets_dir()}' om het weer zelf te beheren."
        )
        return copy
    raise NormSetError(
        f"De normenset '{set_id}' van deze toetsing is niet gevonden en het auditbestand bevat er geen kopie van. "
        f"Zet het normensetbestand in '{normsets_dir()}' en open de toetsing opnieuw; het auditbestand is niet gewijzigd."
    )


@dataclass
class AuditSession:
    """One open audit file, its norm set and (created on first use) the dialogue over it."""

    audit_file: AuditFile
    normset: NormSet
    warnings: list[str] = field(default_factory=list)
    _conversation: "Conversation | None" = None

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, registry: NormSetRegistry | None = None) -> "AuditSession":
        """Open `path`; raises `StoreError` or `NormSetError`, each with a Dutch message."""
        from assistant.identity import auditor_initials

        audit_file = AuditFile.open(path, read_only=read_only, author=auditor_initials())
        if not audit_file.author:
            audit_file.author = audit_file.meta.auditor  # the copy's intended auditor (toetsassistent kopie)
        warnings = list(audit_file.warnings)
        try:
            normset = resolve_normset(audit_file, registry or NormSetRegistry(normsets_dir()), warnings)
        except BaseException:
            audit_file.close()
            raise
        warnings += normset_changes(audit_file.meta, normset)
        if audit_file.migrated_from is not None:
            if audit_file.read_only:
                warnings.append(f"Het bestand heeft een oudere schemaversie ({audit_file.migrated_from}); het wordt "
                                "bijgewerkt zodra u het opent om te schrijven. Nu is er niets gewijzigd.")
            else:
                warnings.append(f"Het bestand is bijgewerkt van schemaversie {audit_file.migrated_from} naar de "
                                "huidige (met controlegetallen tegen beschadiging).")
        return cls(audit_file, normset, warnings)

    @property
    def path(self) -> Path | None:
        return self.audit_file.path

    @property
    def read_only(self) -> bool:
        return self.audit_file.read_only

    def snapshot(self) -> Audit:
        return self.audit_file.snapshot()

    @property
    def conversation(self) -> "Conversation":
        if self._conversation is None:
            from flows.engine import Conversation

            self._conversation = Conversation(self.audit_file, self.normset)
        return self._conversation

    def close(self) -> None:
        self.audit_file.close()


__all__ = ["AuditSession", "StoreError", "normset_changes", "resolve_normset"]
