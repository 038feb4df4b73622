"""The kerngegevens as a form: one line per field, checked as the auditor types.

Dates must read yyyy-mm-dd, the contact's e-mail must look like an address, and the organisation may not
be empty. A field that does not pass keeps its message under it and is not passed on; every valid change
is posted as `KernForm.Changed` with the whole record, and the parent saves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Input, Label, Static

from assistant.store import KERN_DATE_FIELDS, KERN_LABELS, Kerngegevens
from assistant.widgets.safe_fields import SafeInput

EMAIL_FIELDS = ("contact_mail",)
REQUIRED_FIELDS = ("organisatie",)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def is_date(text: str) -> bool:
    """Empty (not known yet) or a real calendar date written yyyy-mm-dd."""
    if not text:
        return True
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_email(text: str) -> bool:
    """Empty, or something@domain.tld without spaces."""
    return not text or bool(_EMAIL.fullmatch(text))


def validators_for(field: str) -> list[Validator]:
    """The checks of one kerngegevens field, each with its Dutch message."""
    checks: list[Validator] = []
    if field in REQUIRED_FIELDS:
        checks.append(Function(lambda text: bool(text.strip()), "Vul de naam van de organisatie in; die is verplicht."))
    if field in KERN_DATE_FIELDS:
        checks.append(Function(is_date, "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2026-03-14."))
    if field in EMAIL_FIELDS:
        checks.append(Function(is_email, "Dit is geen geldig e-mailadres (zoals naam@organisatie.nl)."))
    return checks


class KernForm(VerticalScroll):
    """All kerngegevens fields (labels as in the report), validated while typing."""

    DEFAULT_CSS = """
    KernForm > Label {
        color: $text-muted;
    }
    KernForm > Input {
        width: 1fr;
    }
    KernForm > .kern-error {
        display: none;
        color: $text-error;
        text-style: bold;
    }
    KernForm > .kern-error.-shown {
        display: block;
    }
    """

    @dataclass
    class Changed(Message):
        """A field changed to a valid value."""

        kern: Kerngegevens
        """The whole record with the change (invalid fields keep their last valid value)."""

    def __init__(self, kern: Kerngegevens, *, id: str | None = None, disabled: bool = False) -> None:
        super().__init__(id=id, disabled=disabled)
        self.kern = kern

    def compose(self) -> ComposeResult:
        for field, label in KERN_LABELS.items():
            hint = " (jjjj-mm-dd)" if field in KERN_DATE_FIELDS else ""
            yield Label(label + hint, markup=False)
            yield SafeInput(getattr(self.kern, field), id=f"kern-{field}", name=field, compact=True,
                        validators=validators_for(field), validate_on=["changed", "submitted"])
            yield Static("", id=f"kern-{field}-fout", classes="kern-error", markup=False)

    def errors(self) -> dict[str, str]:
        """The fields that do not pass now, with their messages."""
        found = {}
        for field in KERN_LABELS:
            entry = self.query_one(f"#kern-{field}", Input)
            result = entry.validate(entry.value)
            if result is not None and not result.is_valid:
                found[field] = " ".join(result.failure_descriptions)
        return found

    def _show(self, field: str, result: ValidationResult | None) -> None:
        message = "" if result is None or result.is_valid else " ".join(result.failure_descriptions)
        error = self.query_one(f"#kern-{field}-fout", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.name
        if field not in KERN_LABELS:
            return
        self._show(field, event.validation_result)
        if event.validation_result is not None and not event.validation_result.is_valid:
            return
        value = event.value.strip()
        if getattr(self.kern, field) == value:
            return
        self.kern = self.kern.with_field(field, value)
        self.post_message(self.Changed(self.kern))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.name in KERN_LABELS:
            self._show(event.input.name, event.validation_result)
            if event.validation_result is None or event.validation_result.is_valid:
                self.screen.focus_next()
