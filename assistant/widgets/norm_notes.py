"""One norm with everything noted about it: the text, the application note, and every note per source.

The norm screen hands down the norm, its status (from `flows.rules`) and the audit snapshot; this widget
only lays them out. Notes are grouped by source in the order the sources were added, each with its kind
in a column of its own (so a long note wraps under its text, not under the kind), so the auditor sees at
a glance which source said what.

It is one widget drawing one Rich renderable, however many notes there are: a widget per note made a norm
with forty notes take half a second to show, and the norm screen must switch norms within 100 ms.
Every text from the audit is shown as plain text (Rich `Text`, never markup) with its control characters
made visible.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from assistant.store import Audit, Note, Source
from flows.rules import NormStatus
from flows.safe_text import visible, visible_lines
from flows.text import sources_phrase
from normsets.model import Norm

#: How each kind of note is marked (theme variables, resolved when drawn).
KIND_STYLES: dict[str, tuple[str, str]] = {
    "bevinding": ("bold", "text-primary"),
    "bewijs": ("bold", "text-success"),
    "suggestie": ("bold", "text-warning"),
    "citaat": ("bold", "text-secondary"),
}
#: Quote marks a citaat may already carry; the screen puts its own around it.
_QUOTES = "'\"“”„‘’‚«»"


def notes_by_source(audit: Audit, norm_id: str) -> list[tuple[Source | None, list[Note]]]:
    """The norm's notes grouped by source: sources in creation order, notes without a source last."""
    known = {source.id for source in audit.sources}
    groups: dict[str | None, list[Note]] = {}
    for note in audit.notes_for(norm_id):
        key = note.source_id if note.source_id in known else None
        groups.setdefault(key, []).append(note)
    ordered: list[tuple[Source | None, list[Note]]] = [
        (source, groups[source.id]) for source in audit.sources if source.id in groups
    ]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def quoted(text: str) -> str:
    """A citaat between „ and ”: quote marks the auditor typed around it are not doubled."""
    stripped = text.strip()
    if len(stripped) >= 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
        stripped = stripped[1:-1].strip()
    return f"“{stripped}”"


def note_text(note: Note) -> str:
    """A note as the norm screen shows it (a citaat between quotes)."""
    return quoted(note.text) if note.kind == "citaat" else note.text


def status_text(status: NormStatus, norm: Norm) -> str:
    """'2 van 3 bronnen — nog geen Mng, nog geen document · 4 notities · wie: P, Mng'."""
    text = sources_phrase(status.source_count, status.min_sources)
    if status.gap_text():
        text += f" — {status.gap_text()}"
    text += f" · {status.note_count} {'notitie' if status.note_count == 1 else 'notities'}"
    if norm.roles:
        text += f" · wie: {', '.join(norm.roles)}"
    return text


class NormNotes(Static):
    """The norm text and its notes, grouped by source (inside a scrolling container)."""

    DEFAULT_CSS = """
    NormNotes {
        padding: 0 1;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plain_text = ""
        """What is shown, as plain text (for tests and for copying)."""
        self.status_plain = ""
        """The status line alone, as plain text."""

    def show(self, norm: Norm, status: NormStatus, audit: Audit) -> None:
        """Show `norm` with `status` (flows.rules.norm_statuses) and the notes in `audit`."""
        colours = self.app.theme_variables

        def style(bold: str, variable: str) -> str:
            colour = colours.get(variable, "")
            return f"{bold} {colour}".strip()

        blocks: list[RenderableType] = [Text(visible_lines(norm.text), style="bold")]
        lines = [norm.text]
        if norm.application_note:
            application = Text.assemble(("Toepassing: ", style("italic", "text-accent")),
                                        (visible_lines(norm.application_note), "italic"))
            blocks += [Text(""), application]
            lines.append(application.plain)
        self.status_plain = status_text(status, norm)
        count_style = style("bold", "text-error" if status.under_minimum else "text-success")
        status_line = Text.assemble((sources_phrase(status.source_count, status.min_sources), count_style),
                                    self.status_plain[len(sources_phrase(status.source_count, status.min_sources)):])
        blocks += [Text(""), status_line]
        lines.append(self.status_plain)
        groups = notes_by_source(audit, norm.id)
        if not groups:
            blocks += [Text(""), Text("Nog geen notities bij deze norm.", style="italic dim")]
            lines.append("Nog geen notities bij deze norm.")
        for source, notes in groups:
            title = visible(source.describe()) if source is not None else "zonder bron"
            blocks += [Text(""), Text(title, style=style("bold", "text-accent"))]
            lines.append(title)
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=11, no_wrap=True)
            grid.add_column(ratio=1)
            for note in notes:
                text = visible_lines(note_text(note))
                grid.add_row(Text("  " + note.kind, style=style(*KIND_STYLES.get(note.kind, ("bold", "")))),
                             Text(text))
                lines.append(f"  {note.kind}: {text}")
            blocks.append(grid)
        self.plain_text = "\n".join(lines)
        self.update(Group(*blocks))
