"""The method's rules, computed: source counting, practice before paper, open norms, totals, the label
advice and planning.

Pure functions of an `Audit` snapshot and its `NormSet`; the dialogue, both front ends and the exports
all read their numbers here, so a count can never differ between the screen and the report.

Practice before paper: a norm is met only when it is shown in practice. Of the sources that count for a
norm, at least `NormSet.min_practice_sources` must be practice (a gesprek or an observatie,
`PRACTICE_KINDS`); until then the norm stays open, however many documents, registrations or figures
speak to it, and a norm with sources but too few from practice is flagged "alleen papier".
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store.model import COUNTING_KINDS, PRACTICE_KINDS, Audit
from normsets.model import JUDGEMENTS, NormSet

#: Besides practice, the kinds of paper evidence triangulation asks for: key, the source kinds that give
#: it, and how the gap hint names it when it is missing ("nog geen document").
PAPER_EVIDENCE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("document", ("document",), "document"),
    ("registratie", ("registratie", "gegevens"), "registratie of gegevens"),
)

_ORDINALS = {2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde"}


def or_list(items: tuple[str, ...] | list[str]) -> str:
    """``("P", "Mng", "BKC")`` -> ``"P, Mng of BKC"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]


def none_list(items: list[str] | tuple[str, ...]) -> str:
    """``["P", "document"]`` -> ``"nog geen P en geen document"``; '' for no items. Each item named once."""
    if not items:
        return ""
    if len(items) == 1:
        return f"nog geen {items[0]}"
    return "nog geen " + ", geen ".join(items[:-1]) + " en geen " + items[-1]


@dataclass(frozen=True)
class NormStatus:
    """Where one norm stands."""

    norm_id: str
    source_ids: tuple[str, ...]
    """The distinct sources that gave this norm at least one bevinding or bewijs, in order of first note."""
    note_count: int
    judgement: str | None
    is_open: bool
    missing_roles: tuple[str, ...]
    """Roles of the norm's Wie column that no counting interview has covered yet."""
    missing_kinds: tuple[str, ...]
    """Paper evidence (keys of `PAPER_EVIDENCE`: document, registratie) no counting source has given yet;
    a gegevens source counts as registratie."""
    min_sources: int
    practice_count: int = 0
    """How many of `source_ids` are practice: a gesprek or an observatie (`PRACTICE_KINDS`)."""
    min_practice: int = 0
    """How many practice sources the norm set asks for (`NormSet.min_practice_sources`)."""

    @property
    def source_count(self) -> int:
        return len(self.source_ids)

    @property
    def under_minimum(self) -> bool:
        return self.judgement != "nvt" and self.source_count < self.min_sources

    @property
    def practice_short(self) -> bool:
        """Fewer practice sources than the norm set asks for (never for a norm judged nvt)."""
        return self.judgement != "nvt" and self.practice_count < self.min_practice

    @property
    def paper_only(self) -> bool:
        """The "alleen papier" flag: the norm has sources, but too few from practice (built-in sets: none).

        A norm without any source is not flagged: it is under the minimum, which says more.
        """
        return self.practice_short and self.source_count > 0

    @property
    def has_gap(self) -> bool:
        """Still short of sources or of practice: the gap hint has something to say."""
        return self.under_minimum or self.practice_short

    def gap_items(self) -> tuple[str, ...]:
        """What would close the gap, each thing once: the conversations (roles of the Wie column) or an
        observation while practice is short, else each role not yet heard; then the missing paper."""
        items: list[str] = []
        if self.practice_short and self.missing_roles:
            items.append(f"gesprek ({or_list(self.missing_roles)}) of observatie")
        elif self.practice_short:
            ordinal = _ORDINALS.get(self.practice_count + 1, f"{self.practice_count + 1}e")
            items.append("gesprek of observatie" if self.practice_count == 0 else f"{ordinal} gesprek of observatie")
        else:
            items.extend(self.missing_roles)
        names = {key: name for key, _kinds, name in PAPER_EVIDENCE}
        items.extend(names[key] for key in self.missing_kinds)
        return tuple(items)

    def gap_text(self) -> str:
        """'nog geen Mng en geen document' — what triangulation still lacks, or ''."""
        return none_list(self.gap_items())


def is_open(judgement: str | None, source_count: int, min_sources: int,
            practice_count: int | None = None, min_practice: int = 0) -> bool:
    """Open: no judgement yet, fewer sources than the minimum, or fewer of them from practice than the
    norm set asks (nvt needs no sources). Without `practice_count` practice is not checked."""
    if judgement is None:
        return True
    if judgement == "nvt":
        return False
    if source_count < min_sources:
        return True
    return practice_count is not None and practice_count < min_practice


def norm_statuses(audit: Audit, normset: NormSet) -> dict[str, NormStatus]:
    """Every norm's status in one pass over the notes, keyed by norm id in the set's order."""
    sources = {source.id: source for source in audit.sources}
    counting: dict[str, dict[str, None]] = {norm.id: {} for norm in normset.norms}
    note_counts: dict[str, int] = {norm.id: 0 for norm in normset.norms}
    for note in audit.notes:
        if note.norm_id not in note_counts:
            continue
        note_counts[note.norm_id] += 1
        if note.kind in COUNTING_KINDS and note.source_id in sources:
            counting[note.norm_id].setdefault(note.source_id, None)
    result: dict[str, NormStatus] = {}
    for norm in normset.norms:
        source_ids = tuple(counting[norm.id])
        heard_roles: set[str] = set()
        heard_kinds: set[str] = set()
        for source_id in source_ids:
            source = sources[source_id]
            heard_kinds.add(source.kind)
            if source.kind == "gesprek":
                heard_roles.update(source.roles)
        practice = sum(1 for source_id in source_ids if sources[source_id].kind in PRACTICE_KINDS)
        judgement_record = audit.judgements.get(norm.id)
        judgement = judgement_record.value if judgement_record else None
        result[norm.id] = NormStatus(
            norm_id=norm.id,
            source_ids=source_ids,
            note_count=note_counts[norm.id],
            judgement=judgement,
            is_open=is_open(judgement, len(source_ids), normset.min_sources, practice,
                            normset.min_practice_sources),
            missing_roles=tuple(role for role in norm.roles if role not in heard_roles),
            missing_kinds=tuple(key for key, kinds, _name in PAPER_EVIDENCE if heard_kinds.isdisjoint(kinds)),
            min_sources=normset.min_sources,
            practice_count=practice,
            min_practice=normset.min_practice_sources,
        )
    return result


@dataclass(frozen=True)
class Totals:
    """Norm ids per judgement, in the set's order; `unjudged` has no judgement at all."""

    by_judgement: dict[str, tuple[str, ...]]
    unjudged: tuple[str, ...]
    total: int

    def count(self, judgement: str) -> int:
        return len(self.by_judgement.get(judgement, ()))


def totals(audit: Audit, normset: NormSet, rubriek: str | None = None) -> Totals:
    norms = normset.norms_in(rubriek) if rubriek else normset.norms
    by_judgement: dict[str, list[str]] = {code: [] for code in JUDGEMENTS}
    unjudged: list[str] = []
    for norm in norms:
        record = audit.judgements.get(norm.id)
        if record is None or record.value is None:
            unjudged.append(norm.id)
        else:
            by_judgement.setdefault(record.value, []).append(norm.id)
    return Totals({k: tuple(v) for k, v in by_judgement.items()}, tuple(unjudged), len(norms))


@dataclass(frozen=True)
class Advice:
    """The computed indication for the label decision."""

    positive_possible: bool
    fails: int
    improvements: int
    not_applicable: int
    not_assessed: int
    unjudged: int
    max_fails: int
    max_improvements: int
    reasons: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        return self.unjudged > 0

    def headline(self) -> str:
        verdict = "positief advies mogelijk" if self.positive_possible else "positief advies niet mogelijk"
        if self.provisional:
            verdict += f" (voorlopig: {self.unjudged} normen nog zonder oordeel)"
        return verdict[0].upper() + verdict[1:]


def advice(audit: Audit, normset: NormSet) -> Advice:
    """Positive possible when at most max_fails 'voldoet niet' and at most max_improvements 'verbeterpunt'."""
    counted = totals(audit, normset)
    rule = normset.decision
    fails, improvements = counted.count("-"), counted.count("+/-")
    reasons = []
    if fails > rule.max_fails:
        reasons.append(f"{fails} normen 'voldoet niet' (ten hoogste {rule.max_fails} toegestaan)")
    else:
        reasons.append(f"{fails} van ten hoogste {rule.max_fails} normen 'voldoet niet'")
    if improvements > rule.max_improvements:
        reasons.append(f"{improvements} normen 'verbeterpunt' (ten hoogste {rule.max_improvements} toegestaan)")
    else:
        reasons.append(f"{improvements} van ten hoogste {rule.max_improvements} normen 'verbeterpunt'")
    if fails or improvements:
        reasons.append("elk verbeterpunt en elke norm die niet voldoet vraagt een goedgekeurd plan van aanpak")
    return Advice(
        positive_possible=fails <= rule.max_fails and improvements <= rule.max_improvements,
        fails=fails,
        improvements=improvements,
        not_applicable=counted.count("nvt"),
        not_assessed=counted.count("nb"),
        unjudged=len(counted.unjudged),
        max_fails=rule.max_fails,
        max_improvements=rule.max_improvements,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class PlanItem:
    """A norm that will still lack sources after the planned interviews, and who would cover it."""

    norm_id: str
    sources_now: int
    sources_expected: int
    suggested_roles: tuple[str, ...]


def plan(audit: Audit, normset: NormSet, planned_roles: list[tuple[str, ...]]) -> list[PlanItem]:
    """Forecast: each planned interview adds one source to every norm one of its roles can speak to."""
    statuses = norm_statuses(audit, normset)
    items = []
    for norm in normset.norms:
        status = statuses[norm.id]
        if status.judgement == "nvt":
            continue
        expected = status.source_count + sum(
            1 for roles in planned_roles if any(role in norm.all_roles for role in roles)
        )
        if expected >= normset.min_sources:
            continue
        planned = {role for roles in planned_roles for role in roles}
        suggested = tuple(role for role in norm.all_roles if role not in planned) or norm.all_roles
        items.append(PlanItem(norm.id, status.source_count, expected, suggested))
    return items
