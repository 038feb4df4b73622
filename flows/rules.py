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

from assistant.store.model import ADVICE_CHOICES, COUNTING_KINDS, PRACTICE_KINDS, Audit, Plan
from normsets.model import JUDGEMENTS, NormSet

#: Besides practice, the kinds of paper evidence triangulation asks for: key, the source kinds that give
#: it, and how the gap hint names it when it is missing ("nog geen document").
PAPER_EVIDENCE: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("document", ("document",), "document"),
    ("registratie", ("registratie", "gegevens"), "registratie of gegevens"),
)

_ORDINALS = {2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde"}


def paper_key(kind: str) -> str | None:
    """The `PAPER_EVIDENCE` key a source of `kind` gives ("gegevens" -> "registratie"), or None (practice)."""
    return next((key for key, kinds, _name in PAPER_EVIDENCE if kind in kinds), None)


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

#: Judgements that are a final state without sources: not applicable, and not assessed ("niet beoordeeld").
FINAL_WITHOUT_SOURCES = ("nvt", "nb")
#: Judgements that ask for a plan of approach (plan van aanpak).
NEEDS_PLAN = ("+/-", "-")


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
        return self.judgement not in FINAL_WITHOUT_SOURCES and self.source_count < self.min_sources

    @property
    def practice_short(self) -> bool:
        """Fewer practice sources than the norm set asks for (never for a norm judged nvt or nb)."""
        return self.judgement not in FINAL_WITHOUT_SOURCES and self.practice_count < self.min_practice

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
    norm set asks. Without `practice_count` practice is not checked.

    'niet van toepassing' and 'niet beoordeeld' are final states that need no sources: a norm that could
    not be assessed appears as such in the report's column, it does not keep the audit from being complete.
    """
    if judgement is None:
        return True
    if judgement in FINAL_WITHOUT_SOURCES:
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
class PlanNeed:
    """A norm judged +/- or -, which asks for a plan of approach, and the plan as far as it is known."""

    norm_id: str
    judgement: str
    plan: Plan | None

    @property
    def approved(self) -> bool:
        return self.plan is not None and self.plan.status == "goedgekeurd"

    @property
    def received(self) -> bool:
        """Received or approved: the organisation has handed in a plan."""
        return self.plan is not None and self.plan.status in ("ontvangen", "goedgekeurd")


def plan_needs(audit: Audit, normset: NormSet) -> list[PlanNeed]:
    """Every norm judged +/- or -, in the set's order, with its plan of approach (None: nothing recorded)."""
    needs = []
    for norm in normset.norms:
        record = audit.judgements.get(norm.id)
        if record is not None and record.value in NEEDS_PLAN:
            needs.append(PlanNeed(norm.id, record.value, audit.plans.get(norm.id)))
    return needs


def last_plan_approval(audit: Audit, normset: NormSet) -> str:
    """Part A's "ontvangst verbeterplan met akkoord": the last approval date (yyyy-mm-dd) once every plan
    of approach the audit asks for is approved; '' while one is outstanding or none is needed."""
    needs = plan_needs(audit, normset)
    if not needs or not all(need.approved for need in needs):
        return ""
    dates = [need.plan.approved for need in needs if need.plan is not None and need.plan.approved]
    return max(dates) if dates else ""


#: The computed indication's outcomes: keys of `ADVICE_CHOICES`, the same words the CI chooses from.
POSITIVE, POSITIVE_AFTER_PLANS, NEGATIVE = tuple(ADVICE_CHOICES)


def _count(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@dataclass(frozen=True)
class Advice:
    """The computed indication for the label decision (the app and the werkdocument show it; the report
    sent out holds the CI's own choice instead)."""

    outcome: str
    """`POSITIVE`, `POSITIVE_AFTER_PLANS` or `NEGATIVE`."""
    fails: int
    improvements: int
    not_applicable: int
    not_assessed: int
    unjudged: int
    max_fails: int
    max_improvements: int
    plans_needed: int
    """Norms judged +/- or -: each asks for a plan of approach."""
    plans_outstanding: tuple[str, ...]
    """Norms whose plan of approach is not approved yet, in the set's order."""
    not_assessed_ids: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def positive_possible(self) -> bool:
        """Within the limits: positive now or once the plans of approach are approved."""
        return self.outcome != NEGATIVE

    @property
    def provisional(self) -> bool:
        return self.unjudged > 0

    def headline(self, short: bool = False) -> str:
        """'Positief', 'Positief na goedkeuring van 2 plannen van aanpak' or 'Negatief', with how many norms
        were not assessed and, while norms lack a judgement, that it is provisional. `short` leaves the counts
        out (for a line beside the totals, which show them): '… (voorlopig)'."""
        if self.outcome == POSITIVE:
            verdict = "Positief"
        elif self.outcome == POSITIVE_AFTER_PLANS:
            verdict = (f"Positief na goedkeuring van "
                       f"{_count(len(self.plans_outstanding), 'plan', 'plannen')} van aanpak")
        else:
            verdict = "Negatief"
        if short:
            return verdict + (" (voorlopig)" if self.provisional else "")
        notes = []
        if self.not_assessed:
            notes.append(f"{_count(self.not_assessed, 'norm', 'normen')} niet beoordeeld")
        if self.provisional:
            notes.append(f"voorlopig: {_count(self.unjudged, 'norm', 'normen')} nog zonder oordeel")
        return verdict + (f" ({'; '.join(notes)})" if notes else "")


def advice(audit: Audit, normset: NormSet) -> Advice:
    """The indication: negative beyond the limits (more than max_fails 'voldoet niet' or more than
    max_improvements 'verbeterpunt'); within them positive once every plan of approach is approved, and
    until then 'positive after approval of N plans'."""
    counted = totals(audit, normset)
    rule = normset.decision
    fails, improvements = counted.count("-"), counted.count("+/-")
    needs = plan_needs(audit, normset)
    outstanding = tuple(need.norm_id for need in needs if not need.approved)
    reasons = []
    if fails > rule.max_fails:
        reasons.append(f"{fails} normen 'voldoet niet' (ten hoogste {rule.max_fails} toegestaan)")
    else:
        reasons.append(f"{fails} van ten hoogste {rule.max_fails} normen 'voldoet niet'")
    if improvements > rule.max_improvements:
        reasons.append(f"{improvements} normen 'verbeterpunt' (ten hoogste {rule.max_improvements} toegestaan)")
    else:
        reasons.append(f"{improvements} van ten hoogste {rule.max_improvements} normen 'verbeterpunt'")
    if needs:
        approved = len(needs) - len(outstanding)
        line = (f"plannen van aanpak: {approved} van de {len(needs)} goedgekeurd "
                "(elk verbeterpunt en elke norm die niet voldoet vraagt een goedgekeurd plan van aanpak)")
        if outstanding:
            line += f"; nog niet goedgekeurd: {', '.join(outstanding)}"
        reasons.append(line)
    not_assessed = counted.by_judgement.get("nb", ())
    if not_assessed:
        reasons.append(f"{_count(len(not_assessed), 'norm', 'normen')} niet beoordeeld: {', '.join(not_assessed)}")
    if fails > rule.max_fails or improvements > rule.max_improvements:
        outcome = NEGATIVE
    elif outstanding:
        outcome = POSITIVE_AFTER_PLANS
    else:
        outcome = POSITIVE
    return Advice(
        outcome=outcome,
        fails=fails,
        improvements=improvements,
        not_applicable=counted.count("nvt"),
        not_assessed=len(not_assessed),
        unjudged=len(counted.unjudged),
        max_fails=rule.max_fails,
        max_improvements=rule.max_improvements,
        plans_needed=len(needs),
        plans_outstanding=outstanding,
        not_assessed_ids=tuple(not_assessed),
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
        if status.judgement in FINAL_WITHOUT_SOURCES:
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
