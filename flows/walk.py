"""An interview's walk over the norms: the route, what was asked, what was skipped, what comes next.

The walk is what makes an interview guided: the norms the interviewee's roles can speak to, one after the
other, with the questions for that role. It used to live in the conversation's memory and was gone after a
restart; now it is the model's `Walk` record, which the engine stores in the audit file whenever it changes,
so an interview can be continued on another day, after a crash, or after another interview in between.
This module is the logic over that record: pure functions that take a walk and give a new one (the record
is frozen), plus the overview of an audit's interviews that `/gesprek verder` and the app's picker show.

The rules, in the words the auditor sees:

- **route**: the norms where one of the roles stands in the form's Wie column come first, then the norms
  where a role is only an addition (aanvulling); within each part the fewest sources first (or the order
  of the norm set). Norms that already have a judgement stay out unless asked for (``--alle``).
- **asked**: every norm shown while this interview was the speaking source, in the walk or as a detour
  (``/norm X``), in the order first shown. ``/volgende`` goes to the first norm of the route that was
  neither asked nor skipped, so a detour never makes the walk jump; "nog te doen" counts those norms.
- **skipped**: norms passed over with ``/overslaan``. They are not asked and not to do; the end of the walk
  lists them. Showing one again (``/norm X``) makes it asked.
- **current**: the norm the interview is on; None before the first norm and once the end of the walk was
  announced (``/vorige`` then goes back to the last norm shown).
- ``/vorige`` goes to the norm shown before the current one in this interview.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from assistant.store.model import Audit, Source, Walk
from flows.commands import ORDER_SOURCES
from normsets.model import NormSet


# -- the route -------------------------------------------------------------------------------------


def order_norms(normset: NormSet, roles: Iterable[str], norm_ids: Iterable[str], source_counts: Mapping[str, int],
                order: str) -> tuple[str, ...]:
    """`norm_ids` as a route: Wie-column norms of `roles` first, then additions; each part in `order`.

    `source_counts` gives each norm's current number of sources (read for the order "bronnen"); ties and
    the order "normenset" follow the norm set.
    """
    role_set = set(roles)
    position = {norm_id: index for index, norm_id in enumerate(normset.norm_ids)}

    def key(norm_id: str) -> tuple[int, int, int]:
        norm = normset.norm(norm_id)
        part = 0 if norm is not None and role_set & set(norm.roles) else 1
        count = source_counts.get(norm_id, 0) if order == ORDER_SOURCES else 0
        return part, count, position.get(norm_id, len(position))

    return tuple(sorted(dict.fromkeys(norm_ids), key=key))


def candidates(normset: NormSet, roles: Iterable[str]) -> tuple[str, ...]:
    """Every norm one of `roles` can speak to: in the Wie column or as an addition, in the set's order."""
    role_set = set(roles)
    return tuple(norm.id for norm in normset.norms if role_set & set(norm.all_roles))


def plan_route(normset: NormSet, roles: Iterable[str], source_counts: Mapping[str, int], order: str,
               leave_out: Iterable[str] = ()) -> tuple[str, ...]:
    """The route of a new walk for `roles`, without the norms in `leave_out` (those already judged)."""
    roles = tuple(roles)
    excluded = set(leave_out)
    return order_norms(normset, roles, [norm_id for norm_id in candidates(normset, roles)
                                        if norm_id not in excluded], source_counts, order)


def begin(source_id: str, roles: Iterable[str], route: Iterable[str]) -> Walk:
    """A walk that has not shown a norm yet."""
    return Walk(source_id=source_id, roles=tuple(roles), route=tuple(route))


def rebuild(source: Source, route: Iterable[str], noted: Iterable[str]) -> Walk:
    """A walk for an interview that has none stored (made before walks were kept, or cut off by a crash).

    The norms it already has notes for count as asked, so continuing it goes on with the rest.
    """
    route = tuple(route)
    heard = set(noted)
    return Walk(source_id=source.id, roles=source.roles, route=route,
                asked=tuple(norm_id for norm_id in route if norm_id in heard))


def reorder(walk: Walk, normset: NormSet, source_counts: Mapping[str, int], order: str) -> Walk:
    """The norms still to do put in `order` (asked and skipped norms keep their place before them)."""
    done = tuple(norm_id for norm_id in walk.route if norm_id not in to_do(walk))
    return replace(walk, route=done + order_norms(normset, walk.roles, to_do(walk), source_counts, order))


# -- where the walk stands -------------------------------------------------------------------------


def to_do(walk: Walk) -> tuple[str, ...]:
    """The norms of the route neither asked nor skipped, in route order ("nog te doen")."""
    seen = set(walk.asked) | set(walk.skipped)
    return tuple(norm_id for norm_id in walk.route if norm_id not in seen)


def next_norm(walk: Walk) -> str | None:
    """Where `/volgende` goes: the first norm still to do, or None at the end of the walk."""
    remaining = to_do(walk)
    return remaining[0] if remaining else None


def previous_norm(walk: Walk) -> str | None:
    """Where `/vorige` goes: the norm shown before the current one (the last one shown after the end)."""
    if walk.current is None or walk.current not in walk.asked:
        return walk.asked[-1] if walk.asked else None
    index = walk.asked.index(walk.current)
    return walk.asked[index - 1] if index > 0 else None


def started(walk: Walk) -> bool:
    return bool(walk.asked or walk.skipped or walk.current)


def ended(walk: Walk) -> bool:
    """True once the end of the walk was announced (nothing to do, no current norm, and it did start)."""
    return walk.current is None and not to_do(walk) and (started(walk) or not walk.route)


def is_detour(walk: Walk, norm_id: str) -> bool:
    """True for a norm outside the route (a norm another role speaks to, visited with /norm)."""
    return norm_id not in walk.route


def position(walk: Walk, norm_id: str) -> int | None:
    """The norm's place in the route, counted from 1, or None for a detour."""
    return walk.route.index(norm_id) + 1 if norm_id in walk.route else None


# -- moving ----------------------------------------------------------------------------------------


def visit(walk: Walk, norm_id: str) -> Walk:
    """The walk after showing `norm_id` in this interview (in the route or as a detour)."""
    asked = walk.asked if norm_id in walk.asked else (*walk.asked, norm_id)
    skipped = tuple(item for item in walk.skipped if item != norm_id)
    return replace(walk, asked=asked, skipped=skipped, current=norm_id)


def skip(walk: Walk) -> Walk:
    """The walk after `/overslaan` on its current norm: that norm is skipped, no longer asked.

    A detour (a norm outside the route) is not remembered as skipped: the walk simply goes on.
    """
    current = walk.current
    if current is None or is_detour(walk, current):
        return walk
    asked = tuple(item for item in walk.asked if item != current)
    skipped = walk.skipped if current in walk.skipped else (*walk.skipped, current)
    return replace(walk, asked=asked, skipped=skipped)


def end(walk: Walk) -> Walk:
    """The walk once its end was announced: no current norm."""
    return replace(walk, current=None)


def noted(walk: Walk, norm_id: str) -> Walk:
    """The walk after a note at `norm_id`: a skipped norm that got a note after all counts as asked."""
    if norm_id not in walk.skipped:
        return walk
    return replace(walk, skipped=tuple(item for item in walk.skipped if item != norm_id),
                   asked=walk.asked if norm_id in walk.asked else (*walk.asked, norm_id))


# -- the interviews of an audit --------------------------------------------------------------------


@dataclass(frozen=True)
class InterviewInfo:
    """One interview as `/gesprek verder` and the app's picker list it."""

    number: int
    """The source's number, as in /bronnen and /bron N (counted from 1 over all sources)."""
    source: Source
    notes: int
    """How many notes the interview gave (all kinds)."""
    walk: Walk | None
    """Its stored walk, or None for an interview that has none yet."""

    @property
    def where(self) -> str:
        """``"bij V5, nog 28 te doen"``, ``"rondgang klaar"``, ``"nog niet begonnen, 30 te doen"``."""
        walk = self.walk
        if walk is None:
            return "zonder bewaarde rondgang"
        remaining = len(to_do(walk))
        if remaining == 0 and walk.current is None:
            return "rondgang klaar"
        if walk.current is None:
            return f"nog niet begonnen, {remaining} te doen"
        return f"bij {walk.current}, nog {remaining} te doen"

    def line(self) -> str:
        """``"2. gesprek P — twee werkers (2026-11-20) — 14 notities — bij V5, nog 28 te doen"``."""
        count = f"{self.notes} {'notitie' if self.notes == 1 else 'notities'}"
        return f"{self.number}. {self.source.describe()} — {count} — {self.where}"


def interviews(audit: Audit) -> tuple[InterviewInfo, ...]:
    """Every interview of the audit, in the order of the sources, with its notes and walk."""
    counts: dict[str, int] = {}
    for note in audit.notes:
        if note.source_id:
            counts[note.source_id] = counts.get(note.source_id, 0) + 1
    return tuple(InterviewInfo(number, source, counts.get(source.id, 0), audit.walks.get(source.id))
                 for number, source in enumerate(audit.sources, start=1) if source.kind == "gesprek")


def same_person(source: Source, roles: Iterable[str], label: str) -> bool:
    """True when `source` is an interview with the same roles (in any order) and the same description."""
    def words(text: str) -> str:
        return " ".join(text.casefold().split())

    return (source.kind == "gesprek" and set(source.roles) == set(roles)
            and words(source.label) == words(label))
