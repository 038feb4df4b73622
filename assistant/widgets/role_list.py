"""The roles of the people in a gesprek, ticked as text: `[x] P    professional`, `[ ] Mng  directeur…`.

Textual's SelectionList marks a ticked role by colour only, and kept the cursor where it was the previous
time, so Space could tick Mng for a professional without anyone noticing. Here every line says `[x]` or
`[ ]`, and `reset()` clears the ticks and puts the cursor on the first role. Space (or Enter) ticks or
unticks the role under the cursor; the list posts `RoleList.Changed` with the roles ticked now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from normsets.model import ROLES


def role_line(code: str, ticked: bool) -> str:
    """'[x] P    professional (ook stagiaire en invalkracht)'."""
    return f"[{'x' if ticked else ' '}] {code:<4} {ROLES[code]}"


class RoleList(OptionList):
    """Role codes with their legend, each ticked `[x]` or not `[ ]`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Aan/uit", id="roles.toggle", tooltip="Deze rol aan- of uitvinken"),
    ]

    @dataclass
    class Changed(Message):
        """The ticked roles changed."""

        role_list: "RoleList"
        """The list whose ticks changed."""
        roles: tuple[str, ...]
        """The ticked role codes, in the order of the form's legend."""

        @property
        def control(self) -> "RoleList":
            return self.role_list

    def __init__(self, *, id: str | None = None) -> None:
        self._codes = tuple(ROLES)
        self._ticked: set[str] = set()
        super().__init__(*(Option(role_line(code, False), id=code) for code in self._codes), id=id, markup=False)

    @property
    def selected(self) -> tuple[str, ...]:
        """The ticked roles, in the legend's order."""
        return tuple(code for code in self._codes if code in self._ticked)

    def _show(self, code: str) -> None:
        self.replace_option_prompt_at_index(self._codes.index(code), role_line(code, code in self._ticked))

    def select(self, code: str) -> None:
        """Tick `code`."""
        self._ticked.add(code)
        self._show(code)
        self.post_message(self.Changed(self, self.selected))

    def deselect(self, code: str) -> None:
        """Untick `code`."""
        self._ticked.discard(code)
        self._show(code)
        self.post_message(self.Changed(self, self.selected))

    def reset(self) -> None:
        """Nothing ticked, the cursor on the first role."""
        for code in list(self._ticked):
            self._ticked.discard(code)
            self._show(code)
        self.highlighted = 0
        self.scroll_home(animate=False)

    def action_toggle(self) -> None:
        index = self.highlighted
        if index is None:
            return
        code = self._codes[index]
        if code in self._ticked:
            self.deselect(code)
        else:
            self.select(code)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()
