"""The kerngegevens as a form: one line per field, checked as the auditor types.

Dates read yyyy-mm-dd (or dd-mm-yyyy, written back as yyyy-mm-dd), the contact's e-mail must look like an
address, and the organisation may not be empty. A field that does not pass keeps its text and its Dutch
message under it and is not passed on; every valid change is posted as `KernForm.Changed` with the whole
record, and the parent saves it. A date is passed on only when the auditor leaves the field (or presses
Enter), so the empty field on the way from one date to another is never saved. What does not pass is
posted as `KernForm.Invalid`, so the parent can keep the typed text as a draft.

Tabbing into a field puts the cursor at its end and selects nothing: one key never overwrites a value.

The first fields are built with the form, the rest right after the first frame, and a field's message
line only once it has something to say: eighteen fields with three widgets each made the summary screen
take a quarter of a second to appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Input, Label, Static

from assistant.store import KERN_DATE_FIELDS, KERN_LABELS, Kerngegevens

EMAIL_FIELDS = ("contact_mail",)
#: Built with the form; the others follow right after the first frame.
FIRST_FIELDS = 6
REQUIRED_FIELDS = ("organisatie",)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def is_email(text: str) -> bool:
    """Empty, or something@domain.tld without spaces."""
    return not text or bool(_EMAIL.fullmatch(text))


def date_problem(text: str) -> str | None:
    """The Dutch reason `text` is not a date ('' is fine: not known yet), or None."""
    from assistant.screens.new_audit import parse_date

    try:
        parse_date(text)
    except ValueError as error:
        return str(error)
    return None


def normal_date(text: str) -> str:
    """'14-03-2026' -> '2026-03-14' (a valid date as the audit stores it)."""
    from assistant.screens.new_audit import parse_date

    return parse_date(text)


def validators_for(field: str) -> list[Validator]:
    """The checks of one kerngegevens field, each with its Dutch message."""
    checks: list[Validator] = []
    if field in REQUIRED_FIELDS:
        checks.append(Function(lambda text: bool(text.strip()), "Vul de naam van de organisatie in; die is verplicht."))
    if field in KERN_DATE_FIELDS:
        checks.append(Function(lambda text: date_problem(text) is None,
                               "Schrijf de datum als jjjj-mm-dd of dd-mm-jjjj, bijvoorbeeld 2026-03-14."))
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
    KernForm > Input:focus {
        background: $accent 25%;
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
        field: str
        """The field that changed."""

    @dataclass
    class Invalid(Message):
        """A field holds text that does not pass (not saved; the text stays in the field)."""

        field: str
        """The field."""
        text: str
        """What is typed there."""
        problem: str
        """The Dutch message."""

    def __init__(self, kern: Kerngegevens, *, id: str | None = None, disabled: bool = False,
                 typed: dict[str, str] | None = None) -> None:
        """`typed`: text to show instead of the stored value (a draft that did not pass earlier)."""
        super().__init__(id=id, disabled=disabled)
        self.kern = kern
        self._typed = dict(typed or {})

    def _field(self, field: str) -> tuple[Label, Input]:
        hint = " (jjjj-mm-dd)" if field in KERN_DATE_FIELDS else ""
        return (
            Label(KERN_LABELS[field] + hint, markup=False),
            Input(self._typed.get(field, getattr(self.kern, field)), id=f"kern-{field}", name=field,
                  compact=True, select_on_focus=False, validators=validators_for(field),
                  validate_on=["changed", "submitted", "blur"]),
        )

    def compose(self) -> ComposeResult:
        for field in list(KERN_LABELS)[:FIRST_FIELDS]:
            yield from self._field(field)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_rest)
        self._show_typed(list(KERN_LABELS)[:FIRST_FIELDS])

    async def _mount_rest(self) -> None:
        rest = list(KERN_LABELS)[FIRST_FIELDS:]
        await self.mount_all([widget for field in rest for widget in self._field(field)])
        self._show_typed(rest)

    def _show_typed(self, fields: list[str]) -> None:
        """Fields filled with earlier typed text that did not pass get their message again."""
        for field in fields:
            if field in self._typed:
                entry = self.query_one(f"#kern-{field}", Input)
                self._show(field, entry.validate(entry.value))

    def errors(self) -> dict[str, str]:
        """The fields that do not pass now, with their messages."""
        found = {}
        for entry in self.query(Input):
            result = entry.validate(entry.value)
            if entry.name in KERN_LABELS and result is not None and not result.is_valid:
                found[entry.name] = " ".join(result.failure_descriptions)
        return found

    def _show(self, field: str, result: ValidationResult | None) -> None:
        message = "" if result is None or result.is_valid else " ".join(result.failure_descriptions)
        found = self.query(f"#kern-{field}-fout")
        if found:
            error = found.first(Static)
        elif message:
            error = Static("", id=f"kern-{field}-fout", classes="kern-error", markup=False)
            self.mount(error, after=self.query_one(f"#kern-{field}", Input))
        else:
            return
        error.update(message)
        error.set_class(bool(message), "-shown")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.name
        if field not in KERN_LABELS:
            return
        if field in KERN_DATE_FIELDS:
            # Checked and passed on when the field is left: the way from one date to another is not an
            # error, and not saved. A date that is right again loses its message at once.
            if event.validation_result is None or event.validation_result.is_valid:
                self._show(field, event.validation_result)
            return
        self._show(field, event.validation_result)
        self._take(field, event.value, event.validation_result)

    def _take(self, field: str, text: str, result: ValidationResult | None) -> bool:
        """Pass a field's value on if it is valid; else say so. True when valid."""
        if result is not None and not result.is_valid:
            self.post_message(self.Invalid(field, text, " ".join(result.failure_descriptions)))
            return False
        value = text.strip()
        if field in KERN_DATE_FIELDS and value:
            value = normal_date(value)
        if getattr(self.kern, field) != value:
            self.kern = self.kern.with_field(field, value)
            self.post_message(self.Changed(self.kern, field))
        return True

    def _leave_date(self, entry: Input) -> bool:
        """A date field is left or submitted: pass it on, written as yyyy-mm-dd."""
        field = entry.name or ""
        result = entry.validate(entry.value)
        self._show(field, result)
        if not self._take(field, entry.value, result):
            return False
        if entry.value.strip() and entry.value != getattr(self.kern, field):
            with entry.prevent(Input.Changed):
                entry.value = getattr(self.kern, field)
        return True

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if event.input.name in KERN_DATE_FIELDS:
            self._leave_date(event.input)

    def flush_dates(self) -> None:
        """Pass on the date field that has focus now (the screen is being left or saved)."""
        focused = self.screen.focused
        if isinstance(focused, Input) and focused.name in KERN_DATE_FIELDS and focused in self.query(Input):
            self._leave_date(focused)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input.name
        if field not in KERN_LABELS:
            return
        self._show(field, event.validation_result)
        valid = self._leave_date(event.input) if field in KERN_DATE_FIELDS else (
            event.validation_result is None or event.validation_result.is_valid)
        if valid:
            self.screen.focus_next()
