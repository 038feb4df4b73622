"""The merge log: what merging another auditor's copy brought, and every conflict with its decision.

Written in Markdown beside the audit after each merge, so the two auditors can see afterwards what came
from where and what was set aside (the losing values are also kept in the audit's history). A pure function
of what the merge did; `assistant.merging` writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exports.markdown import escape_inline, heading, paragraphs, table


@dataclass(frozen=True)
class LoggedConflict:
    label: str
    norm_id: str | None
    a: Any
    b: Any
    base: Any
    base_known: bool
    choice: str
    """"A", "B" or "eigen tekst"."""
    kept: Any


@dataclass(frozen=True)
class MergeLog:
    ours: str
    theirs: str
    date: str
    author: str
    base_known: bool
    new: dict[str, int]
    changed: dict[str, int]
    new_sources: tuple[str, ...]
    conflicts: tuple[LoggedConflict, ...]
    backup: str


def shown(value: Any) -> str:
    """A field's value as the log shows it."""
    if value is None:
        return "(leeg)"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(leeg)"
    return str(value) if str(value) != "" else "(leeg)"


def render_merge_log(log: MergeLog) -> str:
    blocks = [
        heading(1, f"Samenvoegen: {log.theirs} in {log.ours}"),
        f"Datum: {escape_inline(log.date)}. Toetser: {escape_inline(log.author or 'onbekend')}.",
        ("Gemeenschappelijke basis: bekend (de vorige kopie of samenvoeging); alleen wat aan beide kanten anders "
         "werd is een conflict." if log.base_known else
         "Gemeenschappelijke basis: niet bekend (een kopie die nooit werd samengevoegd); elk verschil is een "
         "conflict."),
        f"Reservekopie van het bestand van voor het samenvoegen: {escape_inline(log.backup)}.",
        heading(2, "Wat uit de andere kopie kwam"),
    ]
    rows = [(kind, str(log.new.get(kind, 0)), str(log.changed.get(kind, 0)))
            for kind in log.new if log.new.get(kind) or log.changed.get(kind)]
    blocks.append(table(("Soort", "Nieuw", "Bijgewerkt"), rows) if rows else "Niets nieuws.")
    if log.new_sources:
        blocks.append("Nieuwe bronnen:")
        blocks.append("\n".join(f"- {escape_inline(label)}" for label in log.new_sources))
    blocks.append(heading(2, "Conflicten en keuzes"))
    if not log.conflicts:
        blocks.append("Geen conflicten.")
    else:
        conflict_rows = [
            (conflict.norm_id or "", conflict.label, shown(conflict.a), shown(conflict.b),
             shown(conflict.base) if conflict.base_known else "(onbekend)", conflict.choice, shown(conflict.kept))
            for conflict in log.conflicts
        ]
        blocks.append(table(("Norm", "Veld", "A (hier)", "B (andere kopie)", "Basis", "Keuze", "Bewaard"),
                            conflict_rows))
        blocks.append(paragraphs("De waarde die niet gekozen werd staat in de tabel hierboven en in de "
                                 "geschiedenis van de toetsing; er is niets weggegooid."))
    return "\n\n".join(blocks) + "\n"
