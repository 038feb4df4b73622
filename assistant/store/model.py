"""The audit ("toetsing") as domain records, independent of how and where it is stored.

Every record carries a stable uuid, so that two auditors' files can later be merged. Records are frozen:
a change is a new record with the same id, which is what makes undo and the journal simple.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone

#: Kinds of source ("bron"), in the order the interface offers them.
SOURCE_KINDS = ("gesprek", "document", "registratie", "observatie", "gegevens")
#: Kinds of note: a finding, evidence, a knelpunt or improvement suggestion, a literal quote.
NOTE_KINDS = ("bevinding", "bewijs", "suggestie", "citaat")
#: The kinds that make a source count for a norm (the method wants findings grounded in evidence).
COUNTING_KINDS = ("bevinding", "bewijs")

SCHEMA_VERSION = 3


def new_id() -> str:
    return uuid.uuid4().hex


def now_iso() -> str:
    """The current moment as an ISO 8601 string in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Source:
    """Where a note came from: an interview (by function, never by name) or a document, registration, ..."""

    id: str
    kind: str
    label: str
    roles: tuple[str, ...] = ()
    date: str = ""
    created: str = ""

    @classmethod
    def new(cls, kind: str, label: str, roles: tuple[str, ...] = (), date: str = "") -> "Source":
        return cls(id=new_id(), kind=kind, label=label, roles=tuple(roles), date=date, created=now_iso())

    def describe(self) -> str:
        """One line for lists: "gesprek P, Mng — twee ambulant werkers (2026-11-20)"."""
        head = self.kind + (f" {', '.join(self.roles)}" if self.roles else "")
        tail = f" ({self.date})" if self.date else ""
        return f"{head} — {self.label}{tail}" if self.label else f"{head}{tail}"


@dataclass(frozen=True)
class Note:
    """One thing the auditor wrote down about one norm, from one source."""

    id: str
    norm_id: str
    source_id: str | None
    kind: str
    text: str
    created: str = ""

    @classmethod
    def new(cls, norm_id: str, source_id: str | None, kind: str, text: str) -> "Note":
        return cls(id=new_id(), norm_id=norm_id, source_id=source_id, kind=kind, text=text, created=now_iso())


@dataclass(frozen=True)
class Judgement:
    """The auditor's oordeel on one norm and the text for the report."""

    id: str
    norm_id: str
    value: str | None = None
    report_text: str = ""
    updated: str = ""

    @classmethod
    def new(cls, norm_id: str, value: str | None = None, report_text: str = "") -> "Judgement":
        return cls(id=new_id(), norm_id=norm_id, value=value, report_text=report_text, updated=now_iso())


#: Kerngegevens: field name -> the label of the report's table, in the report's order.
KERN_LABELS: dict[str, str] = {
    "organisatie": "Naam lid organisatie",
    "adres": "Adres",
    "website": "Website",
    "contactpersoon": "Naam contactpersoon",
    "contact_mail": "Mailadres contactpersoon",
    "contact_telefoon": "Telefoon contactpersoon",
    "scope": "Scope (werkprocessen / organisatieonderdelen die getoetst zijn)",
    "omvang": "Omvang organisatie",
    "vorm_onderzoek": "Gekozen vorm van het onderzoek",
    "datum_zelfevaluatie": "Zelfevaluatie ingeleverd op",
    "onderzoek_ter_plaatse": "Onderzoek ter plaatse uitgevoerd op (data en locaties)",
    "toetsers": "Intercollegiale toetsers",
    "verantwoordelijke_ci": "Verantwoordelijke CI en teamleider",
    "gesprekspartners": "Gesprekspartners (alleen functies)",
    "datum_conceptrapport": "Datum conceptrapport",
    "datum_reactie": "Datum reactie organisatie op conceptrapport",
    "datum_definitief": "Datum definitief rapport",
    "datum_advies": "Datum advies aan Sociaal Werk Nederland",
}

#: Kerngegevens that hold a date (ISO yyyy-mm-dd, validated where the user types them).
KERN_DATE_FIELDS = ("datum_zelfevaluatie", "datum_conceptrapport", "datum_reactie", "datum_definitief", "datum_advies")


@dataclass(frozen=True)
class Kerngegevens:
    """The audit's core data, as in part A of the report. All text; empty means not filled in."""

    organisatie: str = ""
    adres: str = ""
    website: str = ""
    contactpersoon: str = ""
    contact_mail: str = ""
    contact_telefoon: str = ""
    scope: str = ""
    omvang: str = ""
    vorm_onderzoek: str = ""
    datum_zelfevaluatie: str = ""
    onderzoek_ter_plaatse: str = ""
    toetsers: str = ""
    verantwoordelijke_ci: str = ""
    gesprekspartners: str = ""
    datum_conceptrapport: str = ""
    datum_reactie: str = ""
    datum_definitief: str = ""
    datum_advies: str = ""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def with_field(self, name: str, value: str) -> "Kerngegevens":
        return replace(self, **{name: value})


@dataclass(frozen=True)
class Summary:
    """Part A's own texts: toelichting, complimenten, zorgpunten and the advice."""

    toelichting: str = ""
    complimenten: tuple[str, ...] = ()
    zorgpunten: tuple[str, ...] = ()
    advies: str = ""


@dataclass(frozen=True)
class AuditMeta:
    """What the file says about itself: schema, norm set and when it was made."""

    id: str
    normset_id: str
    normset_hash: str
    norm_hashes: dict[str, str] = field(default_factory=dict)
    created: str = ""
    schema_version: int = SCHEMA_VERSION


@dataclass(frozen=True)
class Audit:
    """A snapshot of a whole audit: what renderers and rules read."""

    meta: AuditMeta
    kern: Kerngegevens
    summary: Summary
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    judgements: dict[str, Judgement]
    drafts: dict[str, str] = field(default_factory=dict)
    normset_toml: str = field(default="", repr=False)
    """The copy of the norm-set file kept in the audit ('' when the audit has none)."""

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def notes_for(self, norm_id: str) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.norm_id == norm_id)
