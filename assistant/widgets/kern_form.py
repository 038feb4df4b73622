"""The kerngegevens as a form, field by field as part A of the report has them, checked as the auditor types.

Every field is checked by `flows.kern.value`, the same rules as `/kern` and `toetsassistent kern`: dates
yyyy-mm-dd (the zelfevaluatie date may be "nvt", with its reason in the next field), numbers for the size of
the organisation, a valid e-mail address, a non-empty organisation. The research form is a choice; the three
lists (scope, toetsers, gesprekspartners) are multi-line fields, one item per line. A field that does not
pass keeps its message under it and is not passed on; every valid change is posted as `KernForm.Changed`
with the whole record, and the parent saves it.

The gesprekspartners can be filled from the interviews held: the parent hands the proposal down
(`offer_partners`), and the auditor takes it over with the button; a filled list is only replaced after a
yes in a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.validation import ValidationResult, Validator
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

EMAIL_FIELDS = ("contact_mail",)
REQUIRED_FIELDS = ("organisatie",)
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

    def __init__(self, kern: Kerngegevens, *, id: str | None = None, disabled: bool = False) -> None:
        super().__init__(id=id, disabled=disabled)
        self.kern = kern
        self.partner_proposal: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        for field, label in KERN_LABELS.items():
            yield Label(label + _HINTS.get(field, ""), markup=False)
            value = getattr(self.kern, field)
            if field == "vorm_onderzoek":
                yield Select([(text, key) for key, text in RESEARCH_FORMS.items()], id=f"kern-{field}",
                             name=field, prompt="Kies de vorm van het onderzoek", compact=True,
                             value=value if value in RESEARCH_FORMS else NO_CHOICE)
            elif field in KERN_LIST_FIELDS:
                yield SafeTextArea(value, id=f"kern-{field}", name=field, soft_wrap=True, tab_behavior="focus",
                               compact=True, placeholder="Eén per regel")
            else:
                yield SafeInput(value, id=f"kern-{field}", name=field, compact=True,
                            validators=validators_for(field), validate_on=["changed", "submitted"])
            yield Static("", id=f"kern-{field}-fout", classes="kern-error", markup=False)
            if field == "gesprekspartners":
                yield Static("", id="kern-voorstel", markup=False)
                yield Button("Voorstel uit de gesprekken overnemen", id="kern-voorstel-overnemen", compact=True,
                             tooltip="Zet de gesprekspartners volgens de gevoerde gesprekken in het veld")

    def on_mount(self) -> None:
        self._show_proposal()
        self._check_self_evaluation()

    # -- what the parent hands down ---------------------------------------------------------------

    def offer_partners(self, proposal: tuple[str, ...]) -> None:
        """The gesprekspartners according to the interviews held (shown under the field, never filled in by
        itself)."""
        self.partner_proposal = tuple(proposal)
        if self.is_mounted:
            self._show_proposal()

    def _show_proposal(self) -> None:
        text = ("Voorstel uit de gesprekken: " + " / ".join(self.partner_proposal) if self.partner_proposal
                else "Nog geen gesprekken gevoerd: er is nog geen voorstel.")
        self.query_one("#kern-voorstel", Static).update(text)
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
        for field in INPUT_FIELDS:
            entry = self.query_one(f"#kern-{field}", Input)
            message = problem(field, entry.value)
            if message:
                found[field] = message
        return found

    def _show(self, field: str, message: str) -> None:
        error = self.query_one(f"#kern-{field}-fout", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

    def _store(self, field: str, value: str) -> None:
        if getattr(self.kern, field) == value:
            return
        self.kern = self.kern.with_field(field, value)
        self.post_message(self.Changed(self.kern))

    def _check_self_evaluation(self) -> None:
        """'nvt' without a reason is stored (nothing typed is lost) but said under the field."""
        field = kern_fields.SELF_EVALUATION
        entry = self.query_one(f"#kern-{field}", Input)
        if problem(field, entry.value):
            return
        missing = (kern_fields.is_not_applicable(entry.value)
                   and not self.query_one(f"#kern-{kern_fields.SELF_EVALUATION_REASON}", Input).value.strip())
        self._show(field, "Bij n.v.t. hoort een reden: vul het veld hieronder in (bijvoorbeeld hercertificering)."
                   if missing else "")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input.name or ""
        if field not in INPUT_FIELDS:
            return
        message = problem(field, event.value)
        self._show(field, message)
        if not message:
            self._store(field, kern_fields.value(field, event.value))
        if field in (kern_fields.SELF_EVALUATION, kern_fields.SELF_EVALUATION_REASON):
            self._check_self_evaluation()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input.name or ""
        if field in INPUT_FIELDS and not problem(field, event.value):
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
