"""The norm board: every norm of the audit in one table, by rubriek, to find what still needs work.

Per norm the sources counted against the minimum (flagged when under it), how many of them are practice
(flagged "alleen papier" when too few), the number of notes and the judgement, and at a re-certification
the previous judgement; the totals and the advice indication stay in view above the table. All numbers come from
`flows.rules`; this screen only reads a snapshot (in memory, no disk access) and never writes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Static

from assistant.messages import AuditChanged
from assistant.screens.audit_screen import AuditScreen
from assistant.store.model import Audit
from assistant.widgets.key_bar import KeyBar
from assistant.widgets.totals_bar import SHORT_LABELS, TotalsBar, judgement_label
from flows import recert
from flows.rules import NormStatus, advice, norm_statuses, totals
from flows.safe_text import visible
from normsets.model import JUDGEMENTS, NormSet

HELP = """\
## Normenbord

Alle normen per rubriek: hoeveel bronnen iets over de norm zeiden (rood als het er minder zijn dan
het minimum), in de kolom **Prakt.** hoeveel daarvan uit de praktijk komen (een gesprek of observatie;
rood met **!** als de norm alleen op papier is getoetst), het aantal notities en het oordeel. Bij een
hercertificering staat in de kolom **Vorig** het oordeel van de vorige toetsing, met **?** zolang de
opvolging van een verbeterpunt niet is vastgelegd en **✓** als dat wel zo is. Bovenaan staan de totalen
per oordeel en of een positief advies nog mogelijk is.

- **Enter** of twee keer klikken: de norm openen (notities lezen, oordeel geven, rapporttekst schrijven)
- **o**: alleen open normen tonen (nog zonder oordeel, of te weinig bronnen) of weer alle normen
- **s**: sorteren op aantal bronnen (minste eerst, per rubriek) of weer op normnummer
- **↑ ↓**, **PgUp PgDn**: door de tabel bewegen
"""

#: Columns: key, header, width (None: the norm text takes what is left; the judgement's width is set by
#: `judgement_width`).
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("norm", "Norm", 4),
    ("tekst", "Tekst (verkort)", None),
    ("bronnen", "Bronnen", 7),
    ("praktijk", "Prakt.", 6),
    ("notities", "Notities", 8),
    ("oordeel", "Oordeel", 12),
)
#: The column of the previous judgement, shown only at a re-certification.
PREVIOUS_COLUMN: tuple[str, str, int | None] = ("vorig", "Vorig", 5)
#: From this width on the judgements are written out ("niet van toepassing"); below it the two long ones
#: are abbreviated as on the forms (nvt, nb), so that no judgement is cut off.
WIDE = 100
LONGEST_JUDGEMENT = max(len(label) for label in JUDGEMENTS.values())
#: Cell padding and scrollbar per column, and the margin around the table.
PADDING, MARGIN = 2, 3
MIN_TEXT_WIDTH = 16
RUBRIEK_KEY = "rubriek:"


class NormTable(DataTable):
    """The board's table (Enter, bound on the screen, opens the norm under the cursor)."""


class BoardScreen(AuditScreen):
    """All norms by rubriek, with totals and advice; Enter opens a norm."""

    CSS_PATH = "board.tcss"
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the norm opens when Enter is read, so keys typed right after it reach the norm screen.
        Binding("enter", "open_norm", "Open norm", id="board.open-norm", priority=True,
                tooltip="Open de gekozen norm: notities, oordeel en rapporttekst"),
        Binding("o", "toggle_open", "Alleen open", id="board.filter-open",
                tooltip="Toon alleen normen zonder oordeel of met te weinig bronnen (nogmaals: alle normen)"),
        Binding("s", "toggle_sort", "Sorteer op bronnen", id="board.sort-sources",
                tooltip="Sorteer per rubriek op aantal bronnen, minste eerst (nogmaals: op nummer)"),
    ]

    only_open: reactive[bool] = reactive(False, init=False)
    """Show only open norms (no judgement yet, or under the minimum of sources)."""
    by_sources: reactive[bool] = reactive(False, init=False)
    """Sort each rubriek by source count, fewest first."""

    def __init__(self) -> None:
        super().__init__()
        self._text_width = 0
        self._layout: tuple = ()
        self._cells: dict[str, tuple] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield TotalsBar(id="board-totals")
        yield Static(id="board-mode", markup=False)
        yield NormTable(id="board-table", cursor_type="row", cursor_foreground_priority="renderable")
        yield Static("Geen open normen: elke norm heeft een oordeel en genoeg bronnen. Toets o toont alle normen.",
                     id="board-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        organisation = self.session.snapshot().kern.organisatie
        self.sub_title = f"Normenbord — {visible(organisation)}" if organisation else "Normenbord"
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_board())
        self.refresh_board()
        self.set_focus(self.query_one(DataTable))

    def on_unmount(self) -> None:
        # The signal keeps its subscribers in a weak-keyed dict whose values (the callback) hold the screen:
        # without this every board ever shown stayed in memory, and Python's full garbage collections grew
        # to 240 ms pauses after twenty screen switches.
        self.app.theme_changed_signal.unsubscribe(self)

    def on_screen_resume(self) -> None:
        self.refresh_board()

    def on_resize(self) -> None:
        if self._wanted_text_width() != self._text_width:
            self.refresh_board()

    @property
    def wide(self) -> bool:
        return self.size.width >= WIDE

    def judgement_width(self) -> int:
        """Room for the longest judgement as it is shown at this width."""
        return LONGEST_JUDGEMENT if self.wide else 12

    def on_audit_changed(self, message: AuditChanged) -> None:
        self.refresh_board()

    def watch_only_open(self) -> None:
        self.refresh_board()

    def watch_by_sources(self) -> None:
        self.refresh_board()

    # -- building the table ---------------------------------------------------------------------

    def _columns(self) -> tuple[tuple[str, str, int | None], ...]:
        """The columns: with the previous judgement's column at a re-certification."""
        previous = self.session is not None and self.session.snapshot().previous is not None
        return (*COLUMNS, PREVIOUS_COLUMN) if previous else COLUMNS

    def _widths(self) -> dict[str, int]:
        widths = {key: width or 0 for key, _label, width in self._columns()}
        widths["oordeel"] = self.judgement_width()
        return widths

    def _wanted_text_width(self) -> int:
        chrome = PADDING * len(self._columns()) + MARGIN
        return max(MIN_TEXT_WIDTH, self.size.width - sum(self._widths().values()) - chrome)

    def statuses(self) -> dict[str, NormStatus]:
        """Every norm's status now (flows.rules), in the set's order."""
        return norm_statuses(self.session.snapshot(), self.session.normset)

    def refresh_board(self) -> None:
        """Show totals and table from a fresh snapshot, keeping the cursor on the same norm.

        When the same rows are shown in the same order and width (the usual case: back from a norm, or a
        change saved elsewhere), only the cells that changed are updated; otherwise the table is rebuilt.
        """
        if self.session is None:
            return
        audit = self.session.snapshot()
        normset = self.session.normset
        statuses = norm_statuses(audit, normset)
        self.query_one(TotalsBar).show(totals(audit, normset), advice(audit, normset))

        table = self.query_one(DataTable)
        current = self.current_norm_id()
        self._text_width = self._wanted_text_width()
        rows = self._rows(audit, statuses)
        widths = self._widths()
        columns = self._columns()
        layout = (self._text_width, widths["oordeel"], self.app.theme, tuple(key for key, _cells in rows),
                  len(columns))
        if layout == self._layout:
            for key, cells in rows:
                old = self._cells.get(key, ())
                for (column, _label, _width), value, before in zip(columns, cells, old):
                    if value != before:
                        table.update_cell(key, column, value)
        else:
            table.clear(columns=True)
            for key, label, width in columns:
                table.add_column(label, key=key, width=widths[key] if width is not None else self._text_width)
            for key, cells in rows:
                table.add_row(*cells, key=key)
            self._restore_cursor(table, current)
        self._layout = layout
        self._cells = dict(rows)
        shown = sum(1 for key, _cells in rows if not key.startswith(RUBRIEK_KEY))
        open_count = sum(1 for status in statuses.values() if status.is_open)
        self.query_one("#board-mode", Static).update(self._mode_text(shown, len(statuses), open_count))
        self.set_class(shown == 0, "-empty")

    def _rows(self, audit: Audit, statuses: dict[str, NormStatus]) -> list[tuple[str, tuple]]:
        """(row key, cells) of every row to show: per rubriek a heading, then its norms."""
        normset = self.session.normset
        colours = self.app.theme_variables
        previous = previous_cells(audit, normset) if audit.previous is not None else None
        extra = ("",) if previous is not None else ()
        rows: list[tuple[str, tuple]] = []
        for rubriek in normset.rubrieken:
            norm_rows = [statuses[norm.id] for norm in normset.norms_in(rubriek.id)]
            if self.only_open:
                norm_rows = [status for status in norm_rows if status.is_open]
            if self.by_sources:
                norm_rows.sort(key=lambda status: status.source_count)  # stable: ties keep the norm order
            if not norm_rows:
                continue
            counted = totals(audit, normset, rubriek.id)
            judged = counted.total - len(counted.unjudged)
            heading = ("", Text(visible(rubriek.title), style=f"bold {colours.get('text-accent', '')}"), "", "", "",
                       Text(f"{judged}/{counted.total} klaar", style="dim"), *extra)
            rows.append((RUBRIEK_KEY + rubriek.id, heading))
            for status in norm_rows:
                norm = normset.norm(status.norm_id)
                cells = self._norm_cells(norm.id, norm.short_text(self._text_width), status, colours, self.wide)
                if previous is not None:
                    cells = (*cells, previous.get(norm.id, Text("")))
                rows.append((norm.id, cells))
        return rows

    @staticmethod
    def _norm_cells(norm_id: str, short_text: str, status: NormStatus, colours: dict[str, str],
                    wide: bool = True) -> tuple:
        sources = f"{status.source_count}/{status.min_sources}"
        if status.under_minimum:
            sources_cell = Text(f"{sources} !", style=f"bold {colours.get('text-error', 'red')}")
        else:
            sources_cell = Text(sources, style=colours.get("text-success", "green"))
        judgement_style = {
            "+": colours.get("text-success", "green"),
            "+/-": colours.get("text-warning", "yellow"),
            "-": f"bold {colours.get('text-error', 'red')}",
        }.get(status.judgement or "", "dim")
        if not status.judgement:
            judgement = "—"
        elif wide:
            judgement = judgement_label(status.judgement)
        else:
            judgement = SHORT_LABELS.get(status.judgement, judgement_label(status.judgement))
        return (
            Text(visible(norm_id), style="bold"),
            Text(visible(short_text)),
            sources_cell,
            practice_cell(status, colours),
            Text(str(status.note_count)),
            Text(judgement, style=judgement_style),
        )

    def _mode_text(self, shown: int, total: int, open_count: int) -> str:
        if self.only_open:
            head = f"Alleen open normen: {shown} van {total}"
        else:
            head = f"Alle {total} normen, {open_count} open"
        order = "gesorteerd op bronnen (minste eerst)" if self.by_sources else "op nummer"
        return f"{head} · {order} · minimum {self.session.normset.min_sources} bronnen"

    @staticmethod
    def _restore_cursor(table: DataTable, norm_id: str | None) -> None:
        if not table.row_count:
            return
        keys = [row.key.value for row in table.ordered_rows]
        if norm_id in keys:
            index = keys.index(norm_id)
        else:
            index = next((i for i, key in enumerate(keys) if not str(key).startswith(RUBRIEK_KEY)), 0)
        table.move_cursor(row=index, animate=False, scroll=True)

    def current_norm_id(self) -> str | None:
        """The norm under the cursor, or None (no rows, or a rubriek heading)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        if key is None or key.startswith(RUBRIEK_KEY):
            return None
        return key

    # -- actions ----------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#board-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key and not key.startswith(RUBRIEK_KEY):
            self.app.show_norm(key)  # type: ignore[attr-defined]

    def action_open_norm(self) -> None:
        norm_id = self.current_norm_id()
        if norm_id is not None:
            self.app.show_norm(norm_id)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_norm":
            return self.is_mounted and self.focused is self.query_one(DataTable)
        return True

    def action_toggle_open(self) -> None:
        self.only_open = not self.only_open

    def action_toggle_sort(self) -> None:
        self.by_sources = not self.by_sources


# -- practice before paper and re-certification (issue 12) ------------------------------------------


def practice_cell(status: NormStatus, colours: dict[str, str]) -> Text:
    """'0/1 !' in red for a norm shown on paper only, '1/1' in green when practice suffices, dim before any source."""
    shown = f"{status.practice_count}/{status.min_practice}"
    if status.paper_only:
        return Text(f"{shown} !", style=f"bold {colours.get('text-error', 'red')}")
    if status.source_count == 0 or status.judgement in ("nvt", "nb"):
        return Text(shown, style="dim")
    return Text(shown, style=colours.get("text-success", "green"))


def previous_cells(audit: Audit, normset: NormSet) -> dict[str, Text]:
    """Per norm the previous judgement, with '?' while a verbeterpunt's follow-up is not recorded, '✓' after."""
    if audit.previous is None:
        return {}
    follow_ups = set(recert.follow_up_norms(audit, normset))
    waiting = set(recert.open_follow_ups(audit, normset))
    cells = {}
    for norm_id, record in audit.previous.judgements.items():
        mark = (" ?" if norm_id in waiting else " ✓") if norm_id in follow_ups else ""
        cells[norm_id] = Text((record.value or "") + mark, style="bold" if norm_id in waiting else "dim")
    return cells
