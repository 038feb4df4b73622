"""One norm with everything noted about it: the text, the application note, and every note per source.

The norm screen hands down the norm, its status (from `flows.rules`) and the audit snapshot; this widget
only lays them out. Notes are grouped by source in the order the sources were added, each with its kind
in a column of its own (so a long note wraps under its text, not under the kind) and, when known, the
initials of the auditor who wrote it ("(AJ)", for a duo audit), so the auditor sees at a glance which
source said what.

It is one widget that wraps its lines itself, once per width, however many notes there are: a widget per
note made a norm with forty notes take half a second to show, and a Rich table drawn for every layout pass
took a tenth; the norm screen must switch norms within 100 ms. Every text from the audit is shown as
plain text (Rich `Text`, never markup) with its control characters made visible.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

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
#: The kind column: two spaces, the kind, padded to this width (the note's text starts after it).
KIND_WIDTH = 12
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
    """'2 van 3 bronnen — nog geen Mng en geen document · 4 notities · wie: P, Mng' (with "alleen papier"
    before the gap when the norm has sources but too few from practice)."""
    text = sources_phrase(status.source_count, status.min_sources)
    if status.paper_only:
        text += " — alleen papier"
    if status.gap_text():
        text += f"{':' if status.paper_only else ' —'} {visible(status.gap_text())}"
    text += f" · {status.note_count} {'notitie' if status.note_count == 1 else 'notities'}"
    if norm.roles:
        text += f" · wie: {', '.join(norm.roles)}"
    return text


class NormNotes(Widget):
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
        self._blocks: list[tuple[Text, Text | None]] = []
        self._lines: dict[int, list[Strip]] = {}

    def show(self, norm: Norm, status: NormStatus, audit: Audit) -> None:
        """Show `norm` with `status` (flows.rules.norm_statuses) and the notes in `audit`."""
        colours = self.app.theme_variables

        def style(bold: str, variable: str) -> str:
            colour = colours.get(variable, "")
            return f"{bold} {colour}".strip()

        # Each block: a Text over the whole width, or (kind, text) with the text wrapped beside the kind.
        blank = (Text(""), None)
        blocks: list[tuple[Text, Text | None]] = [(Text(visible_lines(norm.text), style="bold"), None)]
        lines = [visible_lines(norm.text)]
        if norm.application_note:
            application = Text.assemble(("Toepassing: ", style("italic", "text-accent")),
                                        (visible_lines(norm.application_note), "italic"))
            blocks += [blank, (application, None)]
            lines.append(application.plain)
        self.status_plain = status_text(status, norm)
        phrase = sources_phrase(status.source_count, status.min_sources)
        count_style = style("bold", "text-error" if status.has_gap else "text-success")
        blocks += [blank, (Text.assemble((phrase, count_style), self.status_plain[len(phrase):]), None)]
        lines.append(self.status_plain)
        groups = notes_by_source(audit, norm.id)
        if not groups:
            blocks += [blank, (Text("Nog geen notities bij deze norm.", style="italic dim"), None)]
            lines.append("Nog geen notities bij deze norm.")
        for source, notes in groups:
            title = visible(source.describe()) if source is not None else "zonder bron"
            blocks += [blank, (Text(title, style=style("bold", "text-accent")), None)]
            lines.append(title)
            for note in notes:
                text = visible_lines(note_text(note))
                author = f" ({visible(note.author)})" if note.author else ""
                kind = Text(("  " + note.kind).ljust(KIND_WIDTH), style=style(*KIND_STYLES.get(note.kind, ("bold", ""))))
                blocks.append((kind, Text.assemble(text, (author, "dim"))))
                lines.append(f"  {note.kind}: {text}{author}")
        self.plain_text = "\n".join(lines)
        self._blocks = blocks
        self._lines = {}
        self.refresh(layout=True)

    def _wrapped(self, width: int) -> list[Strip]:
        """The lines for `width` columns, wrapped once and kept until the next `show`."""
        if width in self._lines:
            return self._lines[width]
        asked, width = width, max(width, KIND_WIDTH + 8)
        console = Console(width=width, file=io.StringIO(), color_system="truecolor", force_terminal=True,
                          legacy_windows=False, highlight=False, emoji=False, markup=False)
        strips: list[Strip] = []
        for first, text in self._blocks:
            if text is None:
                for line in first.wrap(console, width) or [Text("")]:
                    strips.append(Strip(list(line.render(console))))
                continue
            indent = [Segment(" " * KIND_WIDTH)]
            for number, line in enumerate(text.wrap(console, width - KIND_WIDTH) or [Text("")]):
                head = list(first.render(console)) if number == 0 else indent
                strips.append(Strip(head + list(line.render(console))))
        self._lines = {asked: strips}
        return strips

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrapped(width))

    def render_line(self, y: int) -> Strip:
        strips = self._wrapped(self.size.width)
        return strips[y] if y < len(strips) else Strip.blank(self.size.width)
