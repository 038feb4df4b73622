"""A list of short texts the auditor can add to, edit, delete and reorder (complimenten, zorgpunten).

The items are held here; every change is posted as `ListEditor.Changed` with the whole new list, and the
parent decides what to save. Keys act on the highlighted item; the buttons do the same for the mouse.

The input line is on top, labelled and bordered, so it is where typing looks to go; the list under it
takes only the room its items need. A letter typed while the list has focus goes into the input line
(it used to be lost in what looked like a text area).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.widgets.safe_fields import SafeInput
from flows.safe_text import visible


class ListEditor(Vertical):
    """Items in an OptionList, an input line to add or edit one, and buttons for the mouse."""

    DEFAULT_CSS = """
    ListEditor {
        height: 1fr;
    }
    ListEditor > .list-label {
        color: $text-muted;
        margin-top: 1;
    }
    ListEditor > Input {
        width: 1fr;
    }
    ListEditor > OptionList {
        height: auto;
        max-height: 1fr;
        margin-top: 1;
    }
    ListEditor > .list-empty {
        color: $text-muted;
        text-style: italic;
        margin-top: 1;
    }
    ListEditor.-has-items > .list-empty, ListEditor.-no-items > OptionList {
        display: none;
    }
    ListEditor > .list-buttons {
        height: 1;
        margin: 1 0 0 0;
    }
    ListEditor > .list-buttons > Button {
        margin-right: 1;
        min-width: 0;
    }
    ListEditor > .list-hint {
        height: 1;
        color: $text-muted;
    }
    ListEditor.-editing > .list-hint {
        color: $text-warning;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "delete_item", "Verwijder", id="list.delete", tooltip="Verwijder het gekozen punt"),
        Binding("shift+up,ctrl+up", "move(-1)", "Omhoog", key_display="⇧↑", id="list.move-up",
                tooltip="Zet het gekozen punt een plaats hoger"),
        Binding("shift+down,ctrl+down", "move(1)", "Omlaag", key_display="⇧↓", id="list.move-down",
                tooltip="Zet het gekozen punt een plaats lager"),
        Binding("escape", "cancel_edit", "Annuleer", id="list.cancel-edit",
                tooltip="Stop met bewerken; het punt blijft zoals het was"),
        Binding("ctrl+z", "undo_delete", "Terugzetten", id="list.undo-delete",
                tooltip="Zet het laatst verwijderde punt terug"),
    ]

    @dataclass
    class Changed(Message):
        """The list changed (added, edited, deleted or moved an item)."""

        list_editor: "ListEditor"
        """The editor whose list changed."""
        items: tuple[str, ...]
        """The whole list as it is now."""

        @property
        def control(self) -> "ListEditor":
            return self.list_editor

    def __init__(self, items: tuple[str, ...] = (), *, noun: str, id: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(id=id, disabled=disabled)
        self.items: list[str] = list(items)
        self.noun = noun
        self.editing: int | None = None
        self._deleted: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"Nieuw {self.noun}:", classes="list-label", markup=False)
        yield SafeInput(placeholder=f"Typ een {self.noun} en druk op Enter", select_on_focus=False)
        yield Static(self._hint(), classes="list-hint", markup=False)
        yield OptionList(*self._options(), markup=False)
        yield Static(f"Nog geen {self._plural()}.", classes="list-empty", markup=False)
        with Horizontal(classes="list-buttons"):
            yield Button("Bewerken", id="list-edit", compact=True, tooltip="Het gekozen punt bewerken (Enter)")
            yield Button("Verwijderen", id="list-delete", compact=True, tooltip="Het gekozen punt verwijderen (Delete)")
            yield Button("Omhoog", id="list-up", compact=True, tooltip="Een plaats hoger (Shift+↑)")
            yield Button("Omlaag", id="list-down", compact=True, tooltip="Een plaats lager (Shift+↓)")

    def _plural(self) -> str:
        return {"compliment": "complimenten", "zorgpunt": "zorgpunten"}.get(self.noun, self.noun + "en")

    def on_mount(self) -> None:
        self._show_count()

    def _show_count(self) -> None:
        self.set_class(bool(self.items), "-has-items")
        self.set_class(not self.items, "-no-items")

    def _options(self) -> list[Option]:
        return [Option(f"{number}. {visible(item)}") for number, item in enumerate(self.items, start=1)]

    def _hint(self) -> str:
        if self.editing is not None:
            return f"Punt {self.editing + 1} bewerken: Enter bewaart, Esc annuleert"
        if self.items:
            return "In de lijst: Enter bewerkt, Delete verwijdert, Shift+↑/↓ verplaatst"
        return ""

    @property
    def highlighted(self) -> int | None:
        return self.query_one(OptionList).highlighted

    def _refresh(self, highlight: int | None) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(self._options())
        if self.items and highlight is not None:
            option_list.highlighted = max(0, min(highlight, len(self.items) - 1))
        self.query_one(".list-hint", Static).update(self._hint())
        self.set_class(self.editing is not None, "-editing")
        self._show_count()
        self.refresh_bindings()

    def _changed(self, highlight: int | None) -> None:
        self._refresh(highlight)
        self.post_message(self.Changed(self, tuple(self.items)))

    # -- editing ------------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            return
        if self.editing is not None and self.editing < len(self.items):
            index = self.editing
            self.items[index] = text
        else:
            self.items.append(text)
            index = len(self.items) - 1
        self.editing = None
        event.input.value = ""
        self._changed(index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.edit(event.option_index)

    def edit(self, index: int) -> None:
        """Put item `index` into the input line to change it."""
        if not 0 <= index < len(self.items):
            return
        self.editing = index
        entry = self.query_one(Input)
        entry.value = self.items[index]
        self.screen.set_focus(entry)
        self._refresh(index)

    def action_cancel_edit(self) -> None:
        self.editing = None
        self.query_one(Input).value = ""
        self._refresh(self.highlighted)
        self.screen.set_focus(self.query_one(OptionList))

    def action_delete_item(self) -> None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.items):
            return
        self._deleted = (index, self.items.pop(index))
        self.notify(f"Verwijderd: {visible(self._deleted[1])} (Ctrl+Z zet het terug)", timeout=6, markup=False)
        if self.editing is not None:
            self.editing = None
            self.query_one(Input).value = ""
        self._changed(index)

    def action_undo_delete(self) -> None:
        if self._deleted is None:
            return
        index, text = self._deleted
        self._deleted = None
        index = min(index, len(self.items))
        self.items.insert(index, text)
        self._changed(index)

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= index < len(self.items) or not 0 <= target < len(self.items):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        if self.editing in (index, target):
            self.editing = target if self.editing == index else index
        self._changed(target)

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the list (or a button) has focus goes into the input line, not lost."""
        entry = self.query_one(Input)
        if event.is_printable and event.character and self.screen.focused is not entry:
            event.stop()
            event.prevent_default()
            self.screen.set_focus(entry)
            entry.cursor_position = len(entry.value)
            entry.insert_text_at_cursor(event.character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_edit":
            return self.editing is not None
        if action == "undo_delete":
            return self._deleted is not None and not isinstance(self.app.focused, Input)
        if action == "delete_item" and isinstance(self.app.focused, Input):
            return False  # Delete in the input line deletes a character
        return True

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        index = self.highlighted
        if event.button.id == "list-edit" and index is not None:
            self.edit(index)
        elif event.button.id == "list-delete":
            self.action_delete_item()
        elif event.button.id == "list-up":
            self.action_move(-1)
        elif event.button.id == "list-down":
            self.action_move(1)
