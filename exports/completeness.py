"""Whether an audit is ready for a definitive report, and if not, what is missing.

A norm is still open when it has no judgement, fewer sources than the norm set's minimum, or too few of
them from practice (a norm judged 'niet van toepassing' or 'niet beoordeeld' needs none). That rule is
`flows.rules`' (`NormStatus.is_open`); this module words the open norms for the places that show them:
the short block at the top of a concept report or working document (one line per kind of gap), and, with
everything else a report sent out cannot do without, the list that `export --definitief` refuses with
(`definitive_items`: open norms, follow-ups of a previous audit not recorded, a judged norm without
findings, an empty advice choice, an empty required kerngegeven, a missing plan of approach; one Dutch
line each).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store.model import KERN_LABELS, KERN_REQUIRED, NOT_APPLICABLE, Audit
from exports.markdown import count_phrase, escape_inline
from flows.recert import open_follow_ups
from flows.rules import NormStatus, norm_statuses, plan_needs
from normsets.model import JUDGEMENTS, NormSet

#: Judgements that need no findings text in the report: a norm not assessed has nothing to report.
NO_FINDINGS_NEEDED = ("nb",)


@dataclass(frozen=True)
class Gaps:
    """The open norms of an audit, in the norm set's order."""

    unjudged: tuple[NormStatus, ...]
    under_minimum: tuple[NormStatus, ...]
    min_sources: int
    paper_only: tuple[NormStatus, ...] = ()
    """Norms with enough sources but too few from practice ("alleen papier")."""

    @property
    def complete(self) -> bool:
        return not self.unjudged and not self.under_minimum and not self.paper_only


def find_gaps(audit: Audit, ns: NormSet, statuses: dict[str, NormStatus] | None = None) -> Gaps:
    """The open norms; pass `statuses` when the caller already has them (one pass over the notes)."""
    statuses = statuses if statuses is not None else norm_statuses(audit, ns)
    open_norms = [status for status in statuses.values() if status.is_open]
    return Gaps(
        unjudged=tuple(status for status in open_norms if status.judgement is None),
        under_minimum=tuple(status for status in open_norms if status.under_minimum),
        min_sources=ns.min_sources,
        paper_only=tuple(status for status in open_norms if status.paper_only and not status.under_minimum),
    )


def incomplete_items(audit: Audit, ns: NormSet) -> list[str]:
    """One Dutch line per open norm, in the set's order; an empty list means the audit is complete.

    For example ``"V4: nog geen oordeel; 1 van de minimaal 3 bronnen (Professionals versterken eigen…)"``.
    """
    items = []
    for status in norm_statuses(audit, ns).values():
        if not status.is_open:
            continue
        problems = []
        if status.judgement is None:
            problems.append("nog geen oordeel")
        if status.under_minimum:
            problems.append(f"{status.source_count} van de minimaal {status.min_sources} bronnen")
        if status.paper_only:
            problems.append(f"alleen papier ({status.practice_count} van de minimaal {status.min_practice} "
                            "uit een gesprek of observatie)")
        norm = ns.norm(status.norm_id)
        short = f" ({norm.short_text(50)})" if norm is not None else ""
        items.append(f"{status.norm_id}: {'; '.join(problems)}{short}")
    items += follow_up_items(audit, ns)
    return items


def summary_lines(gaps: Gaps) -> list[str]:
    """At most two plain-text lines for the block at the top of an export, e.g.

    ``"Nog geen oordeel (2 normen): V4, O17."`` and
    ``"Minder dan 3 bronnen (3 normen): V1 (2), D5 (1), O3 (0)."``
    """
    lines = []
    if gaps.unjudged:
        ids = ", ".join(status.norm_id for status in gaps.unjudged)
        lines.append(f"Nog geen oordeel ({count_phrase(len(gaps.unjudged), 'norm', 'normen')}): {ids}.")
    if gaps.under_minimum:
        counted = ", ".join(f"{status.norm_id} ({status.source_count})" for status in gaps.under_minimum)
        lines.append(
            f"Minder dan {gaps.min_sources} bronnen "
            f"({count_phrase(len(gaps.under_minimum), 'norm', 'normen')}): {counted}."
        )
    if gaps.paper_only:
        ids = ", ".join(status.norm_id for status in gaps.paper_only)
        lines.append(f"Alleen op papier getoetst, geen gesprek of observatie "
                     f"({count_phrase(len(gaps.paper_only), 'norm', 'normen')}): {ids}.")
    return lines


def notice(gaps: Gaps, document: str) -> str:
    """The Markdown block at the top of an incomplete export ("" when complete); `document` names it."""
    if gaps.complete:
        return ""
    lines = [f"> **Let op: de toetsing is nog niet volledig.** {escape_inline(document)}", ">"]
    lines += [f"> - {escape_inline(line)}" for line in summary_lines(gaps)]
    return "\n".join(lines)


def follow_up_items(audit: Audit, ns: NormSet) -> list[str]:
    """One Dutch line per previous verbeterpunt (a re-certification) whose follow-up is not recorded yet.

    For example ``"V3: opvolging van het vorige oordeel verbeterpunt (+/-) nog niet vastgelegd"``.
    """
    items = []
    for norm_id in open_follow_ups(audit, ns):
        record = audit.previous.judgements[norm_id] if audit.previous is not None else None
        was = f" {JUDGEMENTS.get(record.value, record.value)} ({record.value})" if record and record.value else ""
        items.append(f"{norm_id}: opvolging van het vorige oordeel{was} nog niet vastgelegd "
                     "(/opvolging opgevolgd|deels|niet TEKST)")
    return items


def definitive_items(audit: Audit, ns: NormSet) -> list[str]:
    """Everything a definitive report still lacks, one Dutch line each; an empty list means it is ready.

    In this order: the open norms (`incomplete_items`); each judged norm without findings text (a norm
    'niet beoordeeld' needs none); the advice choice; each required kerngegeven (`KERN_REQUIRED`; "n.v.t."
    for the zelfevaluatie needs its reason); each norm judged +/- or - whose plan of approach has not been
    received.
    """
    items = incomplete_items(audit, ns)
    for norm in ns.norms:
        record = audit.judgements.get(norm.id)
        if record is None or record.value is None or record.value in NO_FINDINGS_NEEDED:
            continue
        if not record.report_text.strip():
            label = JUDGEMENTS.get(record.value, record.value)
            items.append(f"{norm.id}: oordeel {label} ({record.value}), maar nog geen bevindingen voor het rapport "
                         f"(/norm {norm.id} en /verslag TEKST)")
    if not audit.summary.advies_keuze:
        items.append("Advies: de CI heeft nog geen keuze gemaakt (positief, positief zodra de plannen van aanpak "
                     "zijn goedgekeurd, of negatief; /advies KEUZE)")
    kern = audit.kern
    for name in KERN_REQUIRED:
        if not getattr(kern, name).strip():
            items.append(f"Kerngegeven '{KERN_LABELS[name]}' is nog leeg (/kern {name} WAARDE)")
        elif name == "datum_zelfevaluatie" and kern.datum_zelfevaluatie.strip() == NOT_APPLICABLE \
                and not kern.zelfevaluatie_toelichting.strip():
            items.append("Kerngegeven 'Zelfevaluatie ingeleverd op' is n.v.t. zonder reden "
                         "(/kern datum_zelfevaluatie nvt REDEN)")
    for need in plan_needs(audit, ns):
        if not need.received:
            label = JUDGEMENTS.get(need.judgement, need.judgement)
            items.append(f"{need.norm_id}: plan van aanpak nog niet ontvangen ({label}, {need.judgement}; "
                         f"/norm {need.norm_id} en /plan-van-aanpak ontvangen DATUM)")
    return items
