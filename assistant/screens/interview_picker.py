"""Choosing which interview to hold: continue one (on any day, where its walk was) or start a new one.

An interview is a source; holding the same conversation twice as two sources would count one person
twice. So F3 on the interview screen (and after reopening an audit whose interviews have no walk to go
on with) offers the existing interviews, with roles, description, date, notes and where the walk stands,
beside "Nieuw gesprek". The same question the engine asks for a new interview that looks like an
existing one is `SamePersonModal`: Escape there answers neither.

Both are modal screens that only return the choice; the interview screen asks the engine to act on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from assistant.widgets import confirm
from assistant.widgets.confirm import ConfirmModal
from flows.safe_text import visible

if TYPE_CHECKING:
    from flows.walk import InterviewInfo

#: What the picker returns for "start a new interview".
NEW = "nieuw"


class InterviewPicker(ModalScreen[str | None]):
    """The interviews of the audit and "Nieuw gesprek"; dismisses with a source id, `NEW`, or None (Escape)."""

    DEFAULT_CSS = """
    InterviewPicker {
        align: center middle;
        background: $background 60%;
    }
    InterviewPicker #picker {
        width: 90;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    InterviewPicker #picker-title {
        text-style: bold;
        margin: 1 0 0 0;
    }
    InterviewPicker #picker-hint {
        color: $text-muted;
        margin-bottom: 1;
    }
    InterviewPicker OptionList {
        height: auto;
        max-height: 20;
        margin-bottom: 1;
    }
    """
    HELP = ("Kies met ↑ en ↓ een gesprek en druk Enter om het voort te zetten, bij de norm waar het was; "
            "'Nieuw gesprek' begint een ander. Escape sluit zonder iets te kiezen.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Terug", id="picker.cancel", tooltip="Sluit zonder een gesprek te kiezen"),
        Binding("n", "new", "Nieuw gesprek", id="picker.new", tooltip="Een nieuw gesprek beginnen"),
    ]

    def __init__(self, interviews: "tuple[InterviewInfo, ...]", current: str | None) -> None:
        super().__init__()
        self._interviews = interviews
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Welk gesprek?", id="picker-title")
            yield Static("Eén persoon is één bron: zet een bestaand gesprek voort in plaats van het opnieuw te "
                         "beginnen. Enter kiest, N begint een nieuw gesprek, Escape gaat terug.",
                         id="picker-hint", markup=False)
            options = [Option(Content.assemble(("Nieuw gesprek beginnen", "bold")), id=NEW)]
            for info in self._interviews:
                mark = " (huidig gesprek)" if info.source.id == self._current else ""
                options.append(Option(Content(visible(info.line()) + mark), id=info.source.id))
            yield OptionList(*options, id="picker-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [NEW, *(info.source.id for info in self._interviews)]
        options.highlighted = ids.index(self._current) if self._current in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_new(self) -> None:
        self.dismiss(NEW)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SamePersonModal(ConfirmModal):
    """"Is dit hetzelfde gesprek?": True continues the existing interview, False makes a new source,
    None (Escape) does neither."""

    #: The dialog's stylesheet lies beside `ConfirmModal` (a relative path would be read beside this file).
    CSS_PATH = str(Path(confirm.__file__).with_name("confirm.tcss"))

    def __init__(self, question: str) -> None:
        super().__init__("Hetzelfde gesprek?", question, yes="Ja, voortzetten", no="Nee, nieuw gesprek")

    def action_cancel(self) -> None:
        self.dismiss(None)  # type: ignore[arg-type]
