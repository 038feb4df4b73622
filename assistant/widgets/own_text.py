"""The auditor's own text for a merge conflict in a free-text field: both versions, edited into one.

A merge never joins two texts by itself (issue 13: "free texts are never concatenated without the
auditor's choice"). When both auditors rewrote the same report text, the auditor may write the text that
should stand: this dialog opens with both versions in the editor, one under the other, to be edited into
one. Both versions are also shown above the editor, read-only, so nothing has to be remembered.

Everything shown is user text: plain, with control characters visible (`flows.safe_text`); the editor is
a `SafeTextArea`, so a control character in a value is drawn as a sign but kept as it is.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from assistant.store.merge import Conflict
from assistant.widgets.safe_fields import SafeTextArea
from exports.merge_log import shown
from flows.safe_text import visible, visible_lines

#: Fields whose versions are whole paragraphs: combined with a blank line between them.
PARAGRAPH_FIELDS = frozenset({"text", "report_text", "toelichting", "note", "advies"})


def combined_text(conflict: Conflict) -> str:
    """Both versions in one text, A first, to start editing from (an empty version is left out)."""
    versions: list[str] = []
    for value in (conflict.a, conflict.b):
        if isinstance(value, list):
            value = "\n".join(map(str, value))
        if value is None or value is True or value is False or value == "":
            continue
        versions.append(str(value))
    separator = "\n\n" if conflict.field in PARAGRAPH_FIELDS else "\n"
    return separator.join(versions)


class OwnTextModal(ModalScreen[str | None]):
    """Edit the text that should stand; dismisses with the text (Ctrl+S, "Gebruiken") or None (Escape)."""

    HELP = ("Eigen tekst bij een conflict: bewerk de twee versies tot de tekst die moet blijven staan. "
            "Ctrl+S gebruikt de tekst, Escape gaat terug zonder keuze.")
    DEFAULT_CSS = """
    OwnTextModal {
        align: center middle;
        background: $background 60%;
    }
    OwnTextModal #own-dialog {
        width: 90%;
        max-width: 110;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    OwnTextModal #own-title {
        text-style: bold;
        width: 100%;
    }
    OwnTextModal #own-versions {
        height: auto;
        max-height: 40%;
        margin-bottom: 1;
    }
    OwnTextModal .own-version {
        color: $text-muted;
    }
    OwnTextModal #own-editor {
        height: 1fr;
    }
    OwnTextModal #own-buttons {
        height: auto;
        align-horizontal: right;
    }
    OwnTextModal #own-buttons Button {
        margin-left: 2;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "use", "Gebruiken", id="own-text.use", tooltip="Gebruik deze tekst bij dit conflict"),
        Binding("escape", "cancel", "Terug", id="own-text.cancel", tooltip="Terug zonder eigen tekst"),
    ]

    def __init__(self, conflict: Conflict, text: str | None = None) -> None:
        super().__init__()
        self.conflict = conflict
        self._start = combined_text(conflict) if text is None else text

    def compose(self) -> ComposeResult:
        where = f"{self.conflict.norm_id} — " if self.conflict.norm_id else ""
        with Vertical(id="own-dialog"):
            yield Label(visible(f"Eigen tekst: {where}{self.conflict.label}"), id="own-title", markup=False)
            with VerticalScroll(id="own-versions", can_focus=False):
                yield Static(Content.assemble(("A (deze toetsing): ", "bold"), visible_lines(shown(self.conflict.a))),
                             classes="own-version")
                yield Static(Content.assemble(("B (de kopie): ", "bold"), visible_lines(shown(self.conflict.b))),
                             classes="own-version")
            yield SafeTextArea(self._start, id="own-editor", soft_wrap=True)
            with Horizontal(id="own-buttons"):
                yield Button("Gebruiken (Ctrl+S)", id="own-use", variant="primary", compact=True)
                yield Button("Terug (Esc)", id="own-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(SafeTextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "own-use":
            self.action_use()
        else:
            self.action_cancel()

    def action_use(self) -> None:
        self.dismiss(self.query_one(SafeTextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
