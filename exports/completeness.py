"""Whether an audit is ready for a definitive report, and if not, what is missing.

A norm is still open when it has no judgement, fewer sources than the norm set's minimum, or too few of
them from practice (a norm judged 'niet van toepassing' needs none). That rule is `flows.rules`'
(`NormStatus.is_open`); this
module only words the open norms for the two places that show them: the list that `export --definitief`
refuses with (one line per norm), and the short block at the top of a concept report or working
document (one line per kind of gap).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store.model import Audit
from exports.markdown import count_phrase, escape_inline
from flows.recert import open_follow_ups
from flows.rules import NormStatus, norm_statuses
from normsets.model import JUDGEMENTS, NormSet


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
