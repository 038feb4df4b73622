"""The one-time question for the auditor's initials, so every note says who wrote it.

After two auditors' copies are merged, the werkdocument and the app show beside each note who wrote it;
that needs the initials of whoever is writing. The app asks once, the first time an audit is opened or
made while none are kept (`assistant.identity`; `TOETSASSISTENT_TOETSER` overrides them, and then nothing
is asked); "Later" skips it for this run. The answer is checked
here (`clean_initials`, a Dutch message in the dialog) and handed back cleaned; the app keeps it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from assistant.identity import InitialsError, clean_initials
from assistant.widgets.safe_fields import SafeInput
from flows.safe_text import visible

EXPLANATION = (
    "Uw initialen komen bij alles wat u noteert, zodat na het samenvoegen met de kopie van een andere toetser "
    "te zien is wie wat schreef. Twee tot vijf letters, bijvoorbeeld AJ of ABdV. Ze worden bewaard in uw "
    "gegevensmap; dit wordt dus maar één keer gevraagd."
)


class InitialsModal(ModalScreen[str | None]):
    """Ask for initials; dismisses with them cleaned ("aj" -> "AJ"), or None ("Later", Escape)."""

    CSS_PATH = "confirm.tcss"
    HELP = "Uw initialen: typ ze en druk op Enter, of kies Later (Escape)."
    DEFAULT_CSS = """
    InitialsModal {
        align: center middle;
        background: $background 60%;
    }
    InitialsModal #initials-error {
        color: $text-error;
        height: auto;
    }
    InitialsModal #initials {
        margin-top: 1;
        width: 20;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", "Later", id="initials.later", tooltip="Nu niet; de volgende keer weer vragen"),
    ]

    def __init__(self, suggestion: str = "") -> None:
        super().__init__()
        self._suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Uw initialen", id="title", markup=False)
            yield Static(EXPLANATION, id="body", markup=False)
            yield SafeInput(self._suggestion, id="initials", placeholder="bijv. AJ", max_length=12)
            yield Static("", id="initials-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Bewaren", id="save", variant="primary")
                yield Button("Later", id="later")

    def on_mount(self) -> None:
        self.query_one("#initials", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        else:
            self.action_later()

    def _save(self) -> None:
        try:
            initials = clean_initials(self.query_one("#initials", Input).value)
        except InitialsError as error:
            self.query_one("#initials-error", Static).update(visible(str(error)))
            self.query_one("#initials", Input).focus()
            return
        self.dismiss(initials)

    def action_later(self) -> None:
        self.dismiss(None)
