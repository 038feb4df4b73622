"""The conflict table of a merge: one row per conflict with A, B, the base and the choice, like CSET's merge.

The merge screen (`assistant/screens/merge.py`) hands down the conflicts and the choices made so far; the
table lays them out, fits the value columns to its width, and names the conflict on the highlighted row.
`detail_text` gives that row in full for the pane below, since a cell holds only the start of a value.

Every value is user text (a report text, a kerngegeven): a cell is a `rich.text.Text` built from
`flows.safe_text.visible`, never markup, so "[/]" is shown as typed and an escape sequence as "␛".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import DataTable

from exports.merge_log import shown
from flows.safe_text import visible

if TYPE_CHECKING:
    from assistant.store.merge import Conflict

#: The columns: key and heading.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("norm", "Norm"),
    ("veld", "Veld"),
    ("a", "A (deze)"),
    ("b", "B (kopie)"),
    ("basis", "Basis"),
    ("keuze", "Keuze"),
)
UNDECIDED = "–"


def cell(value: Any, width: int) -> Text:
    """A value as one table cell: plain text, one line, control characters visible, at most `width`
    characters (cut anywhere: in a narrow column a few more letters say more than a whole word)."""
    text = " ".join(visible(shown(value).replace("\r\n", " ").replace("\n", " ")).split())
    width = max(4, width)
    return Text(text if len(text) <= width else text[: width - 1] + "…", no_wrap=True)


def where(conflict: "Conflict") -> str:
    """The first column: the norm, "kern" for a kerngegeven, else "–"."""
    from assistant.store import convert as cv

    if conflict.norm_id:
        return conflict.norm_id
    return "kern" if conflict.table == cv.TABLE_KERN else "–"


def field_name(conflict: "Conflict") -> str:
    """The field as the table names it (a kerngegeven without the word: the first column says "kern")."""
    return conflict.label.removeprefix("kerngegeven ") if where(conflict) == "kern" else conflict.label


def choice_name(choice: Any) -> str:
    """'A', 'B', 'eigen tekst' or '–' (not decided yet)."""
    if choice in ("a", "b"):
        return choice.upper()
    return "eigen tekst" if isinstance(choice, dict) else UNDECIDED


def detail_text(conflict: "Conflict", choice: Any) -> str:
    """One conflict in full, for the pane below the table (plain text; pass it through `visible_lines`)."""
    lines = [f"{conflict.norm_id + ' — ' if conflict.norm_id else ''}{conflict.label}"
             + (" (eigen tekst mogelijk: t)" if conflict.takes_text else ""),
             f"A (deze toetsing): {shown(conflict.a)}",
             f"B (de kopie): {shown(conflict.b)}",
             f"Basis: {shown(conflict.base) if conflict.base_known else '(onbekend)'}"]
    if isinstance(choice, dict):
        lines.append(f"Keuze: eigen tekst: {choice['tekst']}")
    else:
        lines.append(f"Keuze: {choice_name(choice) if choice else 'nog niet gekozen'}")
    return "\n".join(lines)


class ConflictTable(DataTable):
    """One row per conflict (row key: the conflict id); the value columns share the width left over."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.conflicts: list["Conflict"] = []
        self.choices: dict[str, Any] = {}
        """Per conflict id: "a", "b" or {"tekst": ...} (the merge screen's own dict)."""
        self._shown_widths: dict[str, int] = {}

    def show(self, conflicts: list["Conflict"], choices: dict[str, Any]) -> None:
        """Show these conflicts with these choices (the cursor stays on its row number where it can)."""
        self.conflicts, self.choices = list(conflicts), choices
        self._fill()

    def on_resize(self) -> None:
        if self._widths() != self._shown_widths:
            self._fill()

    def _widths(self) -> dict[str, int]:
        width = self.size.width or self.app.size.width
        fixed = {"norm": 5, "veld": 24 if width >= 110 else 15, "keuze": 11}
        available = max(30, width - 2 - 2 * len(COLUMNS) - sum(fixed.values()))
        share = available // 3
        return {**fixed, "a": share, "b": share, "basis": available - 2 * share}

    def _fill(self) -> None:
        row = self.cursor_row
        widths = self._shown_widths = self._widths()
        self.clear(columns=True)
        for key, label in COLUMNS:
            self.add_column(label, key=key, width=widths[key])
        for conflict in self.conflicts:
            self.add_row(
                Text(visible(where(conflict))),
                cell(field_name(conflict), widths["veld"]),
                cell(conflict.a, widths["a"]),
                cell(conflict.b, widths["b"]),
                cell(conflict.base, widths["basis"]) if conflict.base_known else Text("(onbekend)"),
                self._choice_cell(conflict),
                key=conflict.id,
            )
        if self.row_count:
            self.move_cursor(row=min(row or 0, self.row_count - 1))

    def _choice_cell(self, conflict: "Conflict") -> Text:
        name = choice_name(self.choices.get(conflict.id))
        return Text(name, style="bold" if name != UNDECIDED else "dim")

    def current(self) -> "Conflict | None":
        """The conflict on the highlighted row."""
        if self.cursor_row is None or not 0 <= self.cursor_row < len(self.conflicts):
            return None
        return self.conflicts[self.cursor_row]

    def mark(self, conflict: "Conflict") -> None:
        """Show the choice now made for `conflict`, and move on to the next row without one."""
        self.update_cell(conflict.id, "keuze", self._choice_cell(conflict))
        index = next((i for i, c in enumerate(self.conflicts) if c.id == conflict.id), 0)
        following = [i for i in (*range(index + 1, len(self.conflicts)), *range(index))
                     if self.conflicts[i].id not in self.choices]
        if following:
            self.move_cursor(row=following[0])
