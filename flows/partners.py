"""Part A's "Gesprekspartners" proposed from the interviews held: functions only, grouped and counted.

The auditor describes every interview by the function of who was spoken to ("teamcoach", "twee ambulant
werkers"), never by name. The form asks for exactly that list, so the tool proposes it: interviews with
the same description and roles become one line, counted by interviews ("teamcoach (2 gesprekken)"), since
the tool knows how many conversations there were, not how many people were in them. Dutch plurals are not
guessed. The proposal is only ever shown; it reaches the audit when the auditor takes it over.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.store.model import Audit, Source
from normsets.model import ROLES


@dataclass
class _Group:
    description: str
    roles: tuple[str, ...]
    count: int = 0


def _description(source: Source) -> str:
    label = " ".join(source.label.split())
    if label:
        return label
    return " en ".join(ROLES.get(role, role) for role in source.roles) or "gesprek zonder omschrijving"


def proposal(audit: Audit) -> tuple[str, ...]:
    """One line per group of interviews (same description, ignoring case and spacing, and same roles), in the
    order of the first interview of each group. Descriptions shared by different roles get their roles."""
    groups: dict[tuple[str, tuple[str, ...]], _Group] = {}
    for source in audit.sources:
        if source.kind != "gesprek":
            continue
        description = _description(source)
        key = (description.casefold(), tuple(source.roles))
        group = groups.setdefault(key, _Group(description, tuple(source.roles)))
        group.count += 1
    shared: dict[str, int] = {}
    for description, _roles in groups:
        shared[description] = shared.get(description, 0) + 1
    lines = []
    for (folded, roles), group in groups.items():
        line = group.description
        if shared[folded] > 1 and roles:
            line += f" ({', '.join(roles)})"
        if group.count > 1:
            line += f" ({group.count} gesprekken)"
        lines.append(line)
    return tuple(lines)
