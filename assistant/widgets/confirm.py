"""Modal questions and notices: a yes/no choice, and an unmissable message that must be acknowledged.

Their texts often quote a file name, an organisation or a store message about a damaged file, so both
are shown as plain text with control characters visible (`flows.safe_text`), never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from flows.safe_text import visible, visible_lines


class ConfirmModal(ModalScreen[bool]):
    """Ask one question; dismisses with True (yes) or False (no / Escape)."""

    CSS_PATH = "confirm.tcss"
    HELP = "Een vraag: kies met Tab en Enter, of Escape om te annuleren."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="confirm.cancel", tooltip="Sluit zonder iets te doen"),
        Binding("left", "app.focus_previous", "Vorige knop", id="confirm.left", show=False,
                tooltip="Naar de knop links"),
        Binding("right", "app.focus_next", "Volgende knop", id="confirm.right", show=False,
                tooltip="Naar de knop rechts"),
    ]

    def __init__(self, title: str, body: str, *, yes: str = "Ja", no: str = "Annuleren",
                 danger: bool = False) -> None:
        super().__init__(classes="-danger" if danger else "")
        self._title = visible(title)
        self._body = visible_lines(body)
        self._yes = yes
        self._no = no
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self._title, id="title", markup=False)
            yield Static(self._body, id="body", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self._yes, id="yes", variant="error" if self._danger else "primary")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#no" if self._danger else "#yes", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class NoticeModal(ModalScreen[None]):
    """An error the user cannot overlook: stays until acknowledged."""

    CSS_PATH = "confirm.tcss"
    HELP = "Een melding: Enter of Escape sluit haar."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Sluiten", id="notice.close", tooltip="Sluit de melding"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__(classes="-danger")
        self._title = visible(title)
        self._body = visible_lines(body)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self._title, id="title", markup=False)
            yield Static(self._body, id="body", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Begrepen", id="ok", variant="error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#ok", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
