"""The kerngegevens as a form, field by field as part A of the report has them, checked as the auditor types.

Every field is checked by `flows.kern.value`, the same rules as `/kern` and `toetsassistent kern`: dates
yyyy-mm-dd or dd-mm-yyyy (written back as yyyy-mm-dd; the zelfevaluatie date may be "nvt", with its reason in
the next field), numbers for the size of the organisation, a valid e-mail address, a non-empty organisation.
The research form is a choice; the three lists (scope, toetsers, gesprekspartners) are multi-line fields,
one item per line. A field that does not pass keeps its text and its Dutch message under it and is not
passed on, but is posted as `KernForm.Invalid`, so the parent can keep the typed text as a draft; every
valid change is posted as `KernForm.Changed` with the whole record, and the parent saves it. A date is
passed on only when the auditor leaves the field (or presses Enter), so the half-typed date on the way
from one date to another is never saved.

Tabbing into a field puts the cursor at its end and selects nothing: one key never overwrites a value.

The gesprekspartners can be filled from the interviews held: the parent hands the proposal down
(`offer_partners`), and the auditor takes it over with the button; a filled list is only replaced after a
yes in a dialog.

The first fields are built with the form, the rest right after the first frame, and a field's message
line only once it has something to say: the summary screen appears at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from assistant.store.model import (
    KERN_DATE_FIELDS,
    KERN_LABELS,
    KERN_LIST_FIELDS,
    KERN_NUMBER_FIELDS,
    RESEARCH_FORMS,
    Kerngegevens,
)
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.safe_fields import SafeInput, SafeTextArea
from flows import kern as kern_fields
from flows.commands import CommandError
from flows.safe_text import visible, visible_lines

#: Built with the form; the others follow right after the first frame.
FIRST_FIELDS = 6
#: The fields typed into an Input (the research form is a Select, the lists are TextAreas).
INPUT_FIELDS = tuple(name for name in KERN_LABELS if name not in KERN_LIST_FIELDS and name != "vorm_onderzoek")
_HINTS = {name: " (jjjj-mm-dd)" for name in KERN_DATE_FIELDS}
_HINTS[kern_fields.SELF_EVALUATION] = " (jjjj-mm-dd, of nvt met de reden hieronder)"
_HINTS.update({name: " (een getal)" for name in KERN_NUMBER_FIELDS})
NO_CHOICE = Select.NULL


def problem(field: str, text: str) -> str:
    """Why `text` cannot be stored in `field` (Dutch), or '' when it can."""
    try:
        kern_fields.value(field, text)
    except CommandError as error:
        return str(error)
    return ""


class FieldCheck(Validator):
    """A kerngegeven checked by `flows.kern.value`, with its Dutch message."""

    def __init__(self, field: str) -> None:
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        message = problem(self.field, value)
        return self.failure(message) if message else self.success()


def validators_for(field: str) -> list[Validator]:
    """The check of one kerngegevens field."""
    return [FieldCheck(field)]


def _message(result: ValidationResult | None) -> str:
    return "" if result is None or result.is_valid else " ".join(result.failure_descriptions)


class KernForm(VerticalScroll):
    """All kerngegevens fields (labels as in the report), validated while typing."""

    DEFAULT_CSS = """
    KernForm > Label {
        width: 1fr;
        color: $text-muted;
    }
    KernForm > Input, KernForm > Select {
        width: 1fr;
    }
    KernForm > Input:focus, KernForm > TextArea:focus {
        background: $accent 25%;
    }
    KernForm > TextArea {
        width: 1fr;
        height: 4;
    }
    KernForm > .kern-error {
        display: none;
        color: $text-error;
        text-style: bold;
    }
    KernForm > .kern-error.-shown {
        display: block;
    }
    KernForm > #kern-voorstel {
        color: $text-muted;
    }
    KernForm > #kern-voorstel-overnemen {
        margin-bottom: 1;
    }
    """

    @dataclass
    class Changed(Message):
        """A field changed to a valid value."""

        kern: Kerngegevens
        """The whole record with the change (invalid fields keep their last valid value)."""
        field: str = ""
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
        self.partner_proposal: tuple[str, ...] = ()
        self._typed = dict(typed or {})

    # -- building ---------------------------------------------------------------------------------------

    def _field(self, field: str) -> list[Widget]:
        value = self._typed.get(field, getattr(self.kern, field))
        widgets: list[Widget] = [Label(KERN_LABELS[field] + _HINTS.get(field, ""), markup=False)]
        if field == "vorm_onderzoek":
            widgets.append(Select([(text, key) for key, text in RESEARCH_FORMS.items()], id=f"kern-{field}",
                                  name=field, prompt="Kies de vorm van het onderzoek", compact=True,
                                  value=value if value in RESEARCH_FORMS else NO_CHOICE))
        elif field in KERN_LIST_FIELDS:
            widgets.append(SafeTextArea(value, id=f"kern-{field}", name=field, soft_wrap=True, tab_behavior="focus",
                                        compact=True, placeholder="Eén per regel"))
        else:
            widgets.append(SafeInput(value, id=f"kern-{field}", name=field, compact=True, select_on_focus=False,
                                     validators=validators_for(field),
                                     validate_on=["changed", "submitted", "blur"]))
        if field == "gesprekspartners":
            widgets.append(Static("", id="kern-voorstel", markup=False))
            widgets.append(Button("Voorstel uit de gesprekken overnemen", id="kern-voorstel-overnemen", compact=True,
                                  tooltip="Zet de gesprekspartners volgens de gevoerde gesprekken in het veld"))
        return widgets

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
        self._show_proposal()
        self._check_self_evaluation()

    @property
    def complete(self) -> bool:
        """Whether every field has been built (the later ones come right after the first frame)."""
        return bool(self.query("#kern-voorstel"))

    def _show_typed(self, fields: list[str]) -> None:
        """Fields filled with earlier typed text that did not pass get their message again."""
        for field in fields:
            if field in self._typed and field in INPUT_FIELDS:
                self._show(field, problem(field, self._typed[field]))

    # -- what the parent hands down ---------------------------------------------------------------

    def offer_partners(self, proposal: tuple[str, ...]) -> None:
        """The gesprekspartners according to the interviews held (shown under the field, never filled in by
        itself)."""
        self.partner_proposal = tuple(proposal)
        if self.is_mounted and self.complete:
            self._show_proposal()

    def _show_proposal(self) -> None:
        text = ("Voorstel uit de gesprekken: " + " / ".join(self.partner_proposal) if self.partner_proposal
                else "Nog geen gesprekken gevoerd: er is nog geen voorstel.")
        self.query_one("#kern-voorstel", Static).update(visible(text))
        self.query_one("#kern-voorstel-overnemen", Button).disabled = not self.partner_proposal

    @on(Button.Pressed, "#kern-voorstel-overnemen")
    def _take_proposal(self, event: Button.Pressed) -> None:
        event.stop()
        proposal = "\n".join(self.partner_proposal)
        if not proposal:
            return
        current = self.query_one("#kern-gesprekspartners", TextArea)
        if kern_fields.list_items(current.text) == self.partner_proposal:
            self.notify("De gesprekspartners zijn al gelijk aan het voorstel.")
            return
        if not current.text.strip():
            current.load_text(proposal)
            self._list_changed("gesprekspartners", proposal)
            return

        def answer(replace: bool | None) -> None:
            if replace:
                current.load_text(proposal)
                self._list_changed("gesprekspartners", proposal)

        now, proposed = len(kern_fields.list_items(current.text)), len(self.partner_proposal)
        self.app.push_screen(ConfirmModal("Gesprekspartners vervangen?",
                                          f"Het veld is al ingevuld ({now} {'regel' if now == 1 else 'regels'}). "
                                          "Wilt u het vervangen door het voorstel uit de gesprekken "
                                          f"({proposed} {'regel' if proposed == 1 else 'regels'}, onder het veld)?",
                                          yes="Vervangen", no="Laten staan"), answer)

    # -- checking and passing on -------------------------------------------------------------------

    def errors(self) -> dict[str, str]:
        """The fields that do not pass now, with their messages."""
        found = {}
        for entry in self.query(Input):
            field = entry.name or ""
            if field in INPUT_FIELDS:
                message = problem(field, entry.value)
                if message:
                    found[field] = message
        return found

    def _show(self, field: str, message: str) -> None:
        found = self.query(f"#kern-{field}-fout")
        if found:
            error = found.first(Static)
        elif message:
            error = Static("", id=f"kern-{field}-fout", classes="kern-error", markup=False)
            anchor = self.query_one(f"#kern-{field}")
            self.mount(error, after=anchor)
        else:
            return
        error.update(visible_lines(message))  # the message may quote what was typed
        error.set_class(bool(message), "-shown")

    def _store(self, field: str, value: str) -> None:
        if getattr(self.kern, field) == value:
            return
        self.kern = self.kern.with_field(field, value)
        self.post_message(self.Changed(self.kern, field))

    def _take(self, field: str, text: str) -> bool:
        """Pass a field's value on if it is valid; else say so and post `Invalid`. True when valid."""
        message = problem(field, text)
        self._show(field, message)
        if message:
            self.post_message(self.Invalid(field, text, message))
            return False
        self._store(field, kern_fields.value(field, text))
        if field in (kern_fields.SELF_EVALUATION, kern_fields.SELF_EVALUATION_REASON):
            self._check_self_evaluation()
        return True

    def _check_self_evaluation(self) -> None:
        """'nvt' without a reason is stored (nothing typed is lost) but said under the field."""
        field = kern_fields.SELF_EVALUATION
        entries = self.query(f"#kern-{field}")
        reasons = self.query(f"#kern-{kern_fields.SELF_EVALUATION_REASON}")
        if not entries or not reasons:
            return
        entry = entries.first(Input)
        if problem(field, entry.value):
            return
        missing = kern_fields.is_not_applicable(entry.value) and not reasons.first(Input).value.strip()
        self._show(field, "Bij n.v.t. hoort een reden: vul het veld hieronder in (bijvoorbeeld hercertificering)."
                   if missing else "")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.name or ""
        if field not in INPUT_FIELDS:
            return
        if field in KERN_DATE_FIELDS and not (field == kern_fields.SELF_EVALUATION
                                              and kern_fields.is_not_applicable(event.value)):
            # Checked and passed on when the field is left: the way from one date to another is not an
            # error, and not saved. A date that is right again loses its message at once. ("nvt" for the
            # zelfevaluatie is complete as typed: it is taken at once, and asks for its reason.)
            if not problem(field, event.value):
                self._show(field, "")
            return
        self._take(field, event.value)

    def _leave_date(self, entry: Input) -> bool:
        """A date field is left or submitted: pass it on, written as yyyy-mm-dd."""
        field = entry.name or ""
        if not self._take(field, entry.value):
            return False
        stored = getattr(self.kern, field)
        if entry.value.strip() and entry.value != stored:
            with entry.prevent(Input.Changed):
                entry.value = stored
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
        field = event.input.name or ""
        if field not in INPUT_FIELDS:
            return
        valid = self._leave_date(event.input) if field in KERN_DATE_FIELDS else not problem(field, event.value)
        if valid:
            self.screen.focus_next()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        field = event.select.name or ""
        if field == "vorm_onderzoek":
            value = event.value if isinstance(event.value, str) and event.value in RESEARCH_FORMS else ""
            self._store(field, value)

    @on(TextArea.Changed)
    def _list_edited(self, event: TextArea.Changed) -> None:
        event.stop()
        field = event.text_area.name or ""
        if field in KERN_LIST_FIELDS:
            self._list_changed(field, event.text_area.text)

    def _list_changed(self, field: str, text: str) -> None:
        self._store(field, kern_fields.value(field, text))
