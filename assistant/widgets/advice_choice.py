"""Part A's "Advies (alleen in te vullen door CI)": the CI's choice, as a Select beside the advice text.

The choice is what the report sent out says; the computed indication (`flows.rules.advice`) stays beside it
in the totals, so the CI can compare. The summary screen composes it and saves what is chosen.
"""

from __future__ import annotations

from textual.widgets import Select

from assistant.store.model import ADVICE_CHOICES

#: The prompt while nothing is chosen.
NOT_CHOSEN = "Advies van de CI: nog geen keuze"


def advice_select(choice: str, *, id: str = "advies-keuze", disabled: bool = False) -> Select[str]:
    """A Select of `ADVICE_CHOICES` (label shown, key as value) with `choice` selected ('' for none)."""
    return Select([(f"Advies: {label}", key) for key, label in ADVICE_CHOICES.items()], id=id, compact=True,
                  prompt=NOT_CHOSEN, value=choice if choice in ADVICE_CHOICES else Select.NULL, disabled=disabled,
                  tooltip="Het advies in het rapport (alleen in te vullen door de CI); de berekende indicatie "
                          "staat bij de totalen")


def chosen(value: object) -> str:
    """The key of `ADVICE_CHOICES` a Select value stands for ('' for the blank)."""
    return value if isinstance(value, str) and value in ADVICE_CHOICES else ""
