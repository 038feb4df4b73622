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
#: The kinds of source that show practice (what is done), as against paper (what is written down).
PRACTICE_KINDS = ("gesprek", "observatie")
#: Kinds of note: a finding, evidence, a knelpunt or improvement suggestion, a literal quote.
NOTE_KINDS = ("bevinding", "bewijs", "suggestie", "citaat")
#: The kinds that make a source count for a norm (the method wants findings grounded in evidence; a
#: quote is evidence from its conversation, a suggestion is not).
COUNTING_KINDS = ("bevinding", "bewijs", "citaat")

SCHEMA_VERSION = 4

#: The lists of short texts an audit keeps, each item a record of its own (so two auditors' lists merge).
LIST_NAMES = ("complimenten", "zorgpunten", "gesprekspartners")

#: The states of a plan of approach (plan van aanpak) for a norm judged +/- or -.
PLAN_STATES = {
    "niet_ontvangen": "nog niet ontvangen",
    "ontvangen": "ontvangen",
    "goedgekeurd": "goedgekeurd",
}
#: Whether a previous verbeterpunt was carried out (re-certification follow-up).
FOLLOW_UP_STATES = {"opgevolgd": "opgevolgd", "deels": "deels opgevolgd", "niet": "niet opgevolgd"}
#: Part A's "Gekozen vorm van het onderzoek".
RESEARCH_FORMS = {
    "intercollegiaal": "Intercollegiale adviesmeting",
    "combi_ict_ci": "Combi ICT met CI",
    "ci_label": "Alleen CI op het label",
    "combi_iso_hkz": "Combi label en ISO/HKZ door CI",
}
#: Part A's "Advies (alleen in te vullen door CI)".
ADVICE_CHOICES = {
    "positief": "Positief",
    "positief_na_pva": "Positief zodra de plannen van aanpak zijn goedgekeurd",
    "negatief": "Negatief",
}
#: What "Zelfevaluatie ingeleverd op" holds when there is none (a re-certification): "nvt" and a reason.
NOT_APPLICABLE = "nvt"


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
    author: str = ""
    """Initials of the auditor who wrote the record last ('' when not known)."""

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
    author: str = ""
    """Initials of the auditor who wrote the note ('' when not known)."""

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
    author: str = ""
    """Initials of the auditor who changed the judgement last ('' when not known)."""

    @classmethod
    def new(cls, norm_id: str, value: str | None = None, report_text: str = "") -> "Judgement":
        return cls(id=new_id(), norm_id=norm_id, value=value, report_text=report_text, updated=now_iso())


#: Kerngegevens: field name -> the label of part A's table (the form's own wording), in the form's order.
KERN_LABELS: dict[str, str] = {
    "organisatie": "Naam lid organisatie",
    "adres": "Adres",
    "website": "Website",
    "contactpersoon": "Naam contactpersoon",
    "contact_mail": "Mailadres contactpersoon",
    "contact_telefoon": "Telefoon contactpersoon",
    "scope": "Scope (werkprocessen / organisatieonderdelen die getoetst zijn; één per regel)",
    "omvang_medewerkers": "Omvang: aantal medewerkers in de scope",
    "omvang_fte": "Omvang: aantal fte in de scope",
    "omvang_locaties": "Omvang: aantal locaties in de scope",
    "omvang": "Omvang organisatie (toelichting)",
    "vorm_onderzoek": "Gekozen vorm van het onderzoek",
    "vorm_toelichting": "Vorm van het onderzoek (toelichting, bijvoorbeeld hercertificering)",
    "datum_zelfevaluatie": "Zelfevaluatie ingeleverd op",
    "zelfevaluatie_toelichting": "Zelfevaluatie: reden als die niet van toepassing is",
    "onderzoek_ter_plaatse": "Onderzoek ter plaatse uitgevoerd op (data en locaties)",
    "toetsers": "Intercollegiale toetsers (naam en organisatie; één per regel)",
    "verantwoordelijke_ci": "Verantwoordelijke CI",
    "teamleider": "Verantwoordelijke teamleider",
    "gesprekspartners": "Gesprekspartners (alleen functies; één per regel)",
    "datum_verslag_team": "Verslag team (na interne controle) naar lid-organisatie",
    "datum_verbeterplan": "Ontvangst verbeterplan met akkoord",
    "datum_definitief": "Verslag definitief met akkoord lid-organisatie",
    "datum_inzending": "Inzending samenvatting naar Sociaal Werk Nederland",
    "datum_ondertekening": "Datum ondertekening verantwoordelijke teamleider",
}

#: Kerngegevens that hold a date (ISO yyyy-mm-dd, validated where the user types them); the zelfevaluatie
#: date may also be "nvt" (with a reason in zelfevaluatie_toelichting).
KERN_DATE_FIELDS = ("datum_zelfevaluatie", "datum_verslag_team", "datum_verbeterplan", "datum_definitief",
                    "datum_inzending", "datum_ondertekening")
#: Kerngegevens that hold a whole number (validated where the user types them); fte may have a decimal.
KERN_NUMBER_FIELDS = ("omvang_medewerkers", "omvang_fte", "omvang_locaties")
#: Kerngegevens that hold one item per line.
KERN_LIST_FIELDS = ("scope", "toetsers", "gesprekspartners")
#: Kerngegevens a definitive report cannot do without.
KERN_REQUIRED = ("organisatie", "scope", "vorm_onderzoek", "datum_zelfevaluatie", "onderzoek_ter_plaatse",
                 "toetsers", "verantwoordelijke_ci", "teamleider", "gesprekspartners")


@dataclass(frozen=True)
class Kerngegevens:
    """The audit's core data, as in part A of the report. All text; empty means not filled in.

    `gesprekspartners` is one function per line; it is stored as list items (see `LIST_NAMES`), so two
    auditors' lists merge item by item.
    """

    organisatie: str = ""
    adres: str = ""
    website: str = ""
    contactpersoon: str = ""
    contact_mail: str = ""
    contact_telefoon: str = ""
    scope: str = ""
    omvang_medewerkers: str = ""
    omvang_fte: str = ""
    omvang_locaties: str = ""
    omvang: str = ""
    vorm_onderzoek: str = ""
    vorm_toelichting: str = ""
    datum_zelfevaluatie: str = ""
    zelfevaluatie_toelichting: str = ""
    onderzoek_ter_plaatse: str = ""
    toetsers: str = ""
    verantwoordelijke_ci: str = ""
    teamleider: str = ""
    gesprekspartners: str = ""
    datum_verslag_team: str = ""
    datum_verbeterplan: str = ""
    datum_definitief: str = ""
    datum_inzending: str = ""
    datum_ondertekening: str = ""

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def with_field(self, name: str, value: str) -> "Kerngegevens":
        return replace(self, **{name: value})

    def lines(self, name: str) -> tuple[str, ...]:
        """A list field's items: its non-empty lines, stripped."""
        return tuple(line.strip() for line in getattr(self, name).splitlines() if line.strip())


@dataclass(frozen=True)
class Summary:
    """Part A's own texts: toelichting, complimenten, zorgpunten, and the advice (choice and text)."""

    toelichting: str = ""
    complimenten: tuple[str, ...] = ()
    zorgpunten: tuple[str, ...] = ()
    advies: str = ""
    advies_keuze: str = ""
    """One of `ADVICE_CHOICES`, or '' while the CI has not chosen."""


@dataclass(frozen=True)
class Plan:
    """The plan of approach (plan van aanpak) for one norm judged +/- or -."""

    norm_id: str
    status: str = "niet_ontvangen"
    """One of `PLAN_STATES`."""
    received: str = ""
    """Date received (yyyy-mm-dd) or ''."""
    approved: str = ""
    """Date approved by the CI (yyyy-mm-dd) or ''."""
    note: str = ""
    author: str = ""


@dataclass(frozen=True)
class FollowUp:
    """Whether a norm that was +/- or - at the previous audit was improved, and how."""

    norm_id: str
    status: str = ""
    """One of `FOLLOW_UP_STATES`, or '' while not recorded."""
    text: str = ""
    author: str = ""


@dataclass(frozen=True)
class PreviousJudgement:
    """One norm's judgement and report text at the previous audit (read-only reference)."""

    norm_id: str
    value: str | None
    report_text: str = ""
    previous_norm_id: str = ""
    """The norm's id in the previous audit's set, when the sets differ (a 2016 audit re-certified on 2019)."""


@dataclass(frozen=True)
class PreviousAudit:
    """What a re-certification keeps of the previous audit: its date, set, and each norm's judgement."""

    date: str
    normset_id: str
    organisation: str = ""
    source: str = ""
    """The file the previous audit was read from (its name only)."""
    unmatched: tuple[str, ...] = ()
    """Norms of the previous set that match no norm of this one (by number and text)."""
    judgements: dict[str, PreviousJudgement] = field(default_factory=dict)


@dataclass(frozen=True)
class Walk:
    """Where an interview's walk over its norms stands: stored, so an interview can be continued any day."""

    source_id: str
    roles: tuple[str, ...]
    route: tuple[str, ...]
    """The norms of the walk in the order they come."""
    asked: tuple[str, ...] = ()
    """Norms shown in this interview so far (in the walk or as a detour)."""
    skipped: tuple[str, ...] = ()
    current: str | None = None
    """The norm the interview was on."""


@dataclass(frozen=True)
class HistoryEntry:
    """A value that lost: kept so nothing typed is ever gone (a merge conflict's other side)."""

    id: str
    table: str
    key: str
    field: str
    value: object
    reason: str
    """Why it was set aside, in Dutch ("samenvoegen met b.toets: keuze A")."""
    date: str
    author: str = ""


@dataclass(frozen=True)
class AuditMeta:
    """What the file says about itself: schema, norm set and when it was made.

    `id` is the audit's id: the same in both auditors' copies (a merge refuses another audit's file).
    `instance` is this copy's own id: `toetsassistent kopie` gives the second auditor's file a new one.
    """

    id: str
    normset_id: str
    normset_hash: str
    norm_hashes: dict[str, str] = field(default_factory=dict)
    created: str = ""
    schema_version: int = SCHEMA_VERSION
    instance: str = ""
    auditor: str = ""
    """Initials of the auditor this copy was made for (`toetsassistent kopie --toetser`), '' if none: the
    author of its records when the data folder holds no initials."""


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
    plans: dict[str, Plan] = field(default_factory=dict)
    follow_ups: dict[str, FollowUp] = field(default_factory=dict)
    previous: PreviousAudit | None = None
    self_evaluation: dict[str, str] = field(default_factory=dict)
    walks: dict[str, Walk] = field(default_factory=dict)
    history: tuple[HistoryEntry, ...] = ()
    tables: dict[str, dict[str, dict]] = field(default_factory=dict, repr=False)
    """Every stored record as its document, by table and key (tombstones included): what the JSON export
    and a merge read. The documents are never changed in place, so a snapshot can share them."""

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def notes_for(self, norm_id: str) -> tuple[Note, ...]:
        return tuple(note for note in self.notes if note.norm_id == norm_id)
