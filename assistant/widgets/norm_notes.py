"""One norm with everything noted about it: the text, the application note, and every note per source.

The norm screen hands down the norm, its status (from `flows.rules`) and the audit snapshot; this widget
only lays them out. Notes are grouped by source in the order the sources were added, each with its kind
in a column of its own (so a long note wraps under its text, not under the kind) and, when known, the
initials of the auditor who wrote it ("(AJ)", for a duo audit), so the auditor sees at a glance which
source said what. Every text is plain (never markup), control characters visible
(`flows.safe_text`): notes and labels come from the audit file, norm texts possibly from a user's own set.
"""

from __future__ import annotations

import asyncio

from textual.await_complete import AwaitComplete
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from assistant.store import Audit, Note, Source
from flows.rules import NormStatus
from flows.safe_text import visible, visible_lines
from normsets.model import Norm

#: How each kind of note is marked.
KIND_STYLES: dict[str, str] = {
    "bevinding": "bold $text-primary",
    "bewijs": "bold $text-success",
    "suggestie": "bold $text-warning",
    "citaat": "bold $text-secondary",
}


def notes_by_source(audit: Audit, norm_id: str) -> list[tuple[Source | None, list[Note]]]:
    """The norm's notes grouped by source: sources in creation order, notes without a source last."""
    groups: dict[str | None, list[Note]] = {}
    for note in audit.notes_for(norm_id):
        key = note.source_id if audit.source(note.source_id) is not None else None
        groups.setdefault(key, []).append(note)
    ordered: list[tuple[Source | None, list[Note]]] = [
        (source, groups[source.id]) for source in audit.sources if source.id in groups
    ]
    if None in groups:
        ordered.append((None, groups[None]))
    return ordered


def status_line(status: NormStatus, norm: Norm) -> Content:
    """'2 van 3 bronnen — nog geen Mng, nog geen document · 4 notities · wie: P, Mng'."""
    count_style = "bold $text-error" if status.under_minimum else "bold $text-success"
    parts: list[Content | str] = [Content.styled(f"{status.source_count} van {status.min_sources} bronnen", count_style)]
    if status.gap_text():
        parts.append(f" — {visible(status.gap_text())}")
    parts.append(f" · {status.note_count} {'notitie' if status.note_count == 1 else 'notities'}")
    if norm.roles:
        parts.append(f" · wie: {', '.join(norm.roles)}")
    return Content.assemble(*parts)


class NormNotes(VerticalGroup):
    """The norm text and its notes, grouped by source (inside a scrolling container)."""

    DEFAULT_CSS = """
    NormNotes {
        padding: 0 1;
    }
    NormNotes > .norm-text {
        text-style: bold;
    }
    NormNotes > .norm-application {
        margin-top: 1;
        text-style: italic;
    }
    NormNotes > .norm-status {
        margin: 1 0;
    }
    NormNotes > .source-title {
        margin-top: 1;
        color: $text-accent;
        text-style: bold;
    }
    NormNotes > .no-notes {
        color: $text-muted;
        text-style: italic;
    }
    NormNotes .note-kind {
        width: 12;
        padding-left: 2;
    }
    NormNotes .note-text {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lock = asyncio.Lock()
        self._shown: tuple = ()
        self.plain_text = ""
        """What is shown, as plain text (for tests and for copying)."""

    def show(self, norm: Norm, status: NormStatus, audit: Audit) -> AwaitComplete:
        """Show `norm` with `status` (flows.rules.norm_statuses) and the notes in `audit`."""
        return AwaitComplete(self._show(norm, status, audit))

    async def _show(self, norm: Norm, status: NormStatus, audit: Audit) -> None:
        groups = notes_by_source(audit, norm.id)
        shown = (norm.id, tuple((source, tuple(notes)) for source, notes in groups))
        if shown == self._shown and self.children:
            # Same notes (a judgement was given): only the status line changes, and the reader keeps
            # the place they scrolled to.
            self.query_one(".norm-status", Static).update(status_line(status, norm))
            return
        self._shown = shown
        norm_text = visible_lines(norm.text)
        widgets: list[Widget] = [Static(norm_text, classes="norm-text", markup=False)]
        lines = [norm_text]
        if norm.application_note:
            application = Content.assemble(Content.styled("Toepassing: ", "$text-accent"),
                                           visible_lines(norm.application_note))
            widgets.append(Static(application, classes="norm-application"))
            lines.append(application.plain)
        status_content = status_line(status, norm)
        widgets.append(Static(status_content, classes="norm-status"))
        lines.append(status_content.plain)
        if not groups:
            widgets.append(Static("Nog geen notities bij deze norm.", classes="no-notes", markup=False))
            lines.append("Nog geen notities bij deze norm.")
        for source, notes in groups:
            title = visible(source.describe()) if source is not None else "zonder bron"
            widgets.append(Static(title, classes="source-title", markup=False))
            lines.append(title)
            for note in notes:
                text = visible_lines(f"“{note.text}”" if note.kind == "citaat" else note.text)
                kind = visible(note.kind)
                author = f" ({visible(note.author)})" if note.author else ""
                widgets.append(HorizontalGroup(
                    Static(Content.styled(kind, KIND_STYLES.get(note.kind, "bold")), classes="note-kind"),
                    Static(Content.assemble(text, Content.styled(author, "$text-muted")), classes="note-text"),
                    classes="note",
                ))
                lines.append(f"  {kind}: {text}{author}")
        async with self._lock:
            with self.app.batch_update():
                await self.remove_children()
                await self.mount_all(widgets)
            self.plain_text = "\n".join(lines)
