"""Plans of approach (plan van aanpak) as the auditor types and reads them.

Every norm judged +/- or - asks the organisation for a plan of approach, which the CI approves before a
positive advice (`flows.rules.advice` counts them). This module holds the words: how a state is typed
(`/plan-van-aanpak ontvangen 2026-03-03 via de kwaliteitsmedewerker`), how a new state follows from the old
one (`updated`), and how a plan reads in one line ("ontvangen op 2026-03-03 — via …"). The dialogue and the
norm screen both use it, so they cannot differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.store.model import PLAN_STATES, Plan
from flows.commands import CommandError
from flows.kern import check_date

NOT_RECEIVED, RECEIVED, APPROVED = tuple(PLAN_STATES)

#: How each state may be typed (Dutch first; any case; '-' and '_' alike).
STATE_WORDS: dict[str, str] = {
    "niet-ontvangen": NOT_RECEIVED,
    "niet_ontvangen": NOT_RECEIVED,
    "nietontvangen": NOT_RECEIVED,
    "nog-niet": NOT_RECEIVED,
    "ontbreekt": NOT_RECEIVED,
    "ontvangen": RECEIVED,
    "binnen": RECEIVED,
    "goedgekeurd": APPROVED,
    "akkoord": APPROVED,
    "goed": APPROVED,
}
#: The words offered in completion and help, one per state.
STATE_CHOICES = ("niet-ontvangen", "ontvangen", "goedgekeurd")

_DATE_LIKE = re.compile(r"\d{1,4}-\d{1,2}-\d{1,4}")


@dataclass(frozen=True)
class PlanArguments:
    """What `/plan-van-aanpak STAND [DATUM] [NOTITIE]` asks for."""

    status: str
    date: str
    """yyyy-mm-dd, or '' when none was typed."""
    note: str


def state(text: str) -> str:
    """The state for a typed word, or a CommandError naming the three."""
    key = text.strip().casefold().replace("_", "-")
    found = STATE_WORDS.get(key) or STATE_WORDS.get(key.replace("-", "_"))
    if found is None:
        raise CommandError(f"Onbekende stand '{text.strip()}' van het plan van aanpak. Kies uit: "
                           f"{', '.join(STATE_CHOICES)}; bijvoorbeeld /plan-van-aanpak ontvangen 2026-03-03.")
    return found


def parse(argument: str) -> PlanArguments:
    """``"goedgekeurd 2026-03-15 na aanvulling"`` -> the state, the date and the note (each may be absent)."""
    words = argument.split()
    if not words:
        raise CommandError("Geef de stand van het plan van aanpak: /plan-van-aanpak niet-ontvangen | ontvangen "
                           "[DATUM] | goedgekeurd [DATUM] [NOTITIE].")
    status = state(words[0])
    rest = argument.strip()[len(words[0]):].strip()
    day = ""
    if words[1:] and _DATE_LIKE.fullmatch(words[1]):
        day = check_date(words[1])
        rest = rest[len(words[1]):].strip()
    return PlanArguments(status, day, rest)


def updated(existing: Plan | None, norm_id: str, arguments: PlanArguments, today: date, *,
            keep_note: bool = True) -> Plan:
    """The plan after the auditor's line: a received plan gets its date (today if none was typed), an
    approved one its approval date (and keeps or gets a received date); 'niet ontvangen' clears both dates.
    With `keep_note` (a command line) the earlier note stays unless a new one is typed; without it (a form
    that shows the note) the typed note is the note, empty or not."""
    base = existing or Plan(norm_id)
    day = arguments.date or today.isoformat()
    note = (arguments.note or base.note) if keep_note else arguments.note
    if arguments.status == NOT_RECEIVED:
        return Plan(norm_id, NOT_RECEIVED, "", "", note, base.author)
    if arguments.status == RECEIVED:
        return Plan(norm_id, RECEIVED, day, "", note, base.author)
    received = base.received if base.received and base.received <= day else day
    return Plan(norm_id, APPROVED, received, day, note, base.author)


def describe(plan: Plan | None) -> str:
    """'nog niet ontvangen', 'ontvangen op 2026-03-03', 'goedgekeurd op 2026-03-15 (ontvangen op …)', with
    the note after a dash."""
    if plan is None or plan.status == NOT_RECEIVED:
        text = PLAN_STATES[NOT_RECEIVED]
    elif plan.status == RECEIVED:
        text = "ontvangen" + (f" op {plan.received}" if plan.received else "")
    else:
        text = "goedgekeurd" + (f" op {plan.approved}" if plan.approved else "")
        if plan.received and plan.received != plan.approved:
            text += f" (ontvangen op {plan.received})"
    if plan is not None and plan.note.strip():
        text += f" — {' '.join(plan.note.split())}"
    return text
