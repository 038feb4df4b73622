"""The start of a gesprek: who is interviewed (role codes with the form's legend), a description and the date.

The description names functions, never people (AVG); the form says so where it is typed. On submit it
posts `InterviewForm.Started`; the screen asks the engine to start the interview.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from assistant.widgets.safe_fields import SafeInput
from flows.safe_text import visible_lines
from normsets.model import ROLES
from assistant.widgets.role_list import RoleList


def today() -> str:
    """Today's date as the default for a new gesprek (tests replace this)."""
    return date.today().isoformat()


class InterviewForm(VerticalScroll):
    """Roles, description, date and a start button."""

    @dataclass
    class Started(Message):
        """The auditor asked to start the gesprek."""

        roles: tuple[str, ...]
        """The role codes of the interviewees (at least one)."""
        label: str
        """The description: functions only, never names."""
        date: str
        """The date of the gesprek as yyyy-mm-dd."""

    def compose(self) -> ComposeResult:
        yield Static("Nieuw gesprek", classes="heading")
        yield Label("Wie spreekt u? (een of meer rollen; spatie zet [x] aan of uit)", classes="label", markup=False)
        yield RoleList(id="roles")
        yield Label("Omschrijving", classes="label")
        yield SafeInput(placeholder="bv. twee ambulant werkers", id="label")
        yield Static("Alleen functies, nooit namen.", classes="hint")
        yield Label("Datum", classes="label")
        yield SafeInput(today(), placeholder="jjjj-mm-dd", id="date")
        yield Static("", id="form-error", classes="error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Gesprek beginnen", id="start", variant="primary")

    def reset(self) -> None:
        """A new gesprek: no role ticked, the cursor on the first role, an empty description, today."""
        roles = self.query_one("#roles", RoleList)
        roles.reset()
        self.query_one("#label", Input).value = ""
        self.query_one("#date", Input).value = today()
        self.show_error("")
        self.screen.set_focus(roles)

    def show_error(self, text: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(visible_lines(text))
        error.display = bool(text)

    @on(Button.Pressed, "#start")
    @on(Input.Submitted)
    def submit(self, event: Message) -> None:
        event.stop()
        from assistant.screens.new_audit import parse_date

        roles = self.query_one("#roles", RoleList).selected
        label = self.query_one("#label", Input).value.strip()
        problems = []
        if not roles:
            problems.append("Kies ten minste één rol.")
        try:
            when = parse_date(self.query_one("#date", Input).value) or today()
        except ValueError as error:
            problems.append(str(error))
            when = ""
        if problems:
            self.show_error(" ".join(problems))
            return
        self.show_error("")
        self.post_message(self.Started(roles, label, when))
