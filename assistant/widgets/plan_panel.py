"""The plan of approach (plan van aanpak) on the norm screen: one line with its state, and a dialog to set it.

Shown only for a norm judged +/- or -: every such norm asks the organisation for a plan that the CI
approves before a positive advice. The line reads like the dialogue's ("ontvangen op 2026-03-03 — notitie");
the dialog (`PlanModal`) offers the three states, the date (today when left empty) and a note, checked with
the same rules as `/plan-van-aanpak` (`flows.plans`). Neither saves anything: the dialog returns the new
`Plan` and the norm screen writes it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from assistant.store.model import PLAN_STATES, Plan
from flows import plans
from flows.commands import CommandError
from flows.kern import check_date
from flows.rules import NEEDS_PLAN

#: The key of the norm screen that opens the dialog (shown in the panel's line).
PLAN_KEY = "p"


class PlanPanel(Static):
    """'Plan van aanpak: ontvangen op 2026-03-03 — per mail  (p: wijzigen)', only while one is needed."""

    DEFAULT_CSS = """
    PlanPanel {
        height: auto;
        padding: 0 1;
        display: none;
    }
    PlanPanel.-needed {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.needed = False

    def show(self, judgement: str | None, plan: Plan | None) -> None:
        """Show the plan for a norm with this judgement (hidden unless +/- or -)."""
        self.needed = judgement in NEEDS_PLAN
        self.set_class(self.needed, "-needed")
        if not self.needed:
            self.update("")
            return
        approved = plan is not None and plan.status == plans.APPROVED
        style = "$text-success" if approved else "$text-warning"
        self.update(Content.assemble(Content.styled("Plan van aanpak: ", "bold"),
                                     Content.styled(plans.describe(plan), style),
                                     Content.styled(f"  ({PLAN_KEY}: wijzigen)", "$text-muted")))


class PlanModal(ModalScreen[Plan | None]):
    """Set the state, date and note of one norm's plan of approach; dismisses with the new Plan or None."""

    DEFAULT_CSS = """
    PlanModal {
        align: center middle;
    }
    PlanModal > #plan-dialog {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $accent;
        background: $surface;
    }
    PlanModal #plan-states {
        width: 1fr;
    }
    PlanModal Input {
        width: 1fr;
    }
    PlanModal #plan-fout {
        color: $text-error;
        text-style: bold;
        height: auto;
    }
    PlanModal #plan-buttons {
        height: auto;
        align-horizontal: right;
    }
    PlanModal #plan-buttons Button {
        margin-left: 1;
    }
    """
    HELP = ("Het plan van aanpak van deze norm: kies de stand, vul eventueel de datum (jjjj-mm-dd; leeg is "
            "vandaag) en een notitie in. Ctrl+S of Opslaan bewaart, Esc annuleert.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="plan.cancel", tooltip="Sluit zonder iets op te slaan"),
        Binding("ctrl+s", "save", "Opslaan", id="plan.save", tooltip="Sla de stand van het plan van aanpak op"),
    ]

    def __init__(self, norm_id: str, plan: Plan | None, today: date) -> None:
        super().__init__()
        self.norm_id = norm_id
        self.plan = plan
        self.today = today

    def compose(self) -> ComposeResult:
        current = self.plan.status if self.plan is not None else plans.NOT_RECEIVED
        with Vertical(id="plan-dialog"):
            yield Label(f"Plan van aanpak — norm {self.norm_id}", markup=False)
            yield RadioSet(*(RadioButton(label.capitalize(), value=key == current, id=f"plan-{key}")
                             for key, label in PLAN_STATES.items()), id="plan-states", compact=True)
            yield Label("Datum (jjjj-mm-dd; leeg: vandaag)", markup=False)
            yield Input(self._date_of(current), id="plan-datum", compact=True, placeholder=self.today.isoformat())
            yield Label("Notitie", markup=False)
            yield Input(self.plan.note if self.plan is not None else "", id="plan-notitie", compact=True)
            yield Static("", id="plan-fout", markup=False)
            with Horizontal(id="plan-buttons"):
                yield Button("Opslaan", id="plan-opslaan", variant="primary", compact=True)
                yield Button("Annuleren", id="plan-annuleren", compact=True)

    def on_mount(self) -> None:
        self.query_one("#plan-datum", Input).disabled = self._status() == plans.NOT_RECEIVED
        self.query_one(RadioSet).focus()

    def _date_of(self, status: str) -> str:
        if self.plan is None:
            return ""
        return {plans.RECEIVED: self.plan.received, plans.APPROVED: self.plan.approved}.get(status, "")

    def _status(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        key = (pressed.id or "").removeprefix("plan-") if pressed is not None else ""
        return key if key in PLAN_STATES else plans.NOT_RECEIVED

    @on(RadioSet.Changed, "#plan-states")
    def _state_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        status = self._status()
        self.query_one("#plan-datum", Input).value = self._date_of(status)
        self.query_one("#plan-datum", Input).disabled = status == plans.NOT_RECEIVED

    @on(Button.Pressed, "#plan-opslaan")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#plan-annuleren")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        status = self._status()
        typed = self.query_one("#plan-datum", Input).value.strip()
        try:
            day = check_date(typed) if typed and status != plans.NOT_RECEIVED else ""
        except CommandError as error:
            self.query_one("#plan-fout", Static).update(str(error))
            return
        note = self.query_one("#plan-notitie", Input).value.strip()
        self.dismiss(plans.updated(self.plan, self.norm_id, plans.PlanArguments(status, day, note), self.today,
                                   keep_note=False))

    def action_cancel(self) -> None:
        self.dismiss(None)
