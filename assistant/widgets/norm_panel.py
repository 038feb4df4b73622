"""The side panel of the interview: the current norm, its sources against the minimum, what is still to come.

`PanelState` is computed off the event loop (in the worker that handled the line, from a snapshot), so the
panel itself only shows a finished value: attributes down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from flows.safe_text import visible
from flows.text import sources_phrase

if TYPE_CHECKING:
    from assistant.session import AuditSession
    from assistant.store import Audit
    from normsets import NormSet


@dataclass(frozen=True)
class PanelState:
    """What the side panel shows."""

    norm_id: str | None = None
    """The current norm, or None before a norm is on the table."""
    norm_text: str = ""
    """The current norm's text, shortened."""
    source_count: int = 0
    """Sources that gave the current norm a bevinding or bewijs."""
    min_sources: int = 3
    """The norm set's minimum of sources per norm."""
    gap: str = ""
    """What triangulation still lacks ('nog geen Mng, nog geen document')."""
    queue: tuple[tuple[str, int], ...] = ()
    """The norms still to come in this interview, each with its current source count."""
    source_label: str = ""
    """The current source, described in one line: where the next plain line goes ("bron 2: gesprek P — ...")."""
    evidence_label: str = ""
    """The source named during the interview that takes the next /bewijs, or ''."""
    status_line: str = ""
    """The engine's one-line status (control characters already visible: it quotes a source label)."""
    practice_count: int = 0
    """Of the counting sources, those from practice (a gesprek or an observatie)."""
    min_practice: int = 1
    """How many practice sources the norm set asks for."""
    paper_only: bool = False
    """The norm has sources but too few from practice: "alleen papier"."""
    previous: str = ""
    """At a re-certification: the norm's previous judgement and, for a verbeterpunt, its follow-up."""

    @classmethod
    def build(cls, session: "AuditSession") -> "PanelState":
        """Compute from the session's conversation and a snapshot (call from a worker thread)."""
        from flows.rules import norm_statuses
        from flows.text import gap_phrase

        conversation = session.conversation
        normset = session.normset
        audit = session.snapshot()
        statuses = norm_statuses(audit, normset)
        norm = conversation.current_norm
        source = conversation.current_source
        evidence = conversation.evidence_source
        status = statuses.get(norm.id) if norm is not None else None
        return cls(
            norm_id=norm.id if norm is not None else None,
            norm_text=norm.short_text(140) if norm is not None else "",
            source_count=status.source_count if status is not None else 0,
            min_sources=normset.min_sources,
            gap=gap_phrase(status, source) if status is not None else "",
            queue=tuple((norm_id, statuses[norm_id].source_count if norm_id in statuses else 0)
                        for norm_id in conversation.queue),
            source_label=(f"bron {conversation.source_number(source.id)}: {source.describe()}"
                          if source is not None else ""),
            evidence_label=(f"bron {conversation.source_number(evidence.id)}: {evidence.describe()}"
                            if evidence is not None else ""),
            status_line=visible(conversation.status_line()),
            practice_count=status.practice_count if status is not None else 0,
            min_practice=normset.min_practice_sources,
            paper_only=status.paper_only if status is not None else False,
            previous=_previous_text(audit, normset, norm.id) if norm is not None else "",
        )


class NormPanel(VerticalScroll):
    """Current norm, source count and the queue."""

    can_focus = False

    state: reactive[PanelState] = reactive(PanelState, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static(id="panel-norm", markup=False)
        yield Static(id="panel-text", markup=False)
        yield Static(id="panel-sources", markup=False)
        yield Static(id="panel-practice", markup=False)
        yield Static(id="panel-gap", markup=False)
        yield Static(id="panel-previous", markup=False)
        yield Static(id="panel-source", markup=False)
        yield Static(id="panel-evidence", markup=False)
        yield Static(id="panel-queue", markup=False)

    def _show(self, widget_id: str, content: Content | str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(content)
        widget.set_class(not content, "-empty")

    def watch_state(self, state: PanelState) -> None:
        if not self.is_mounted:
            return
        if state.norm_id is None:
            self._show("panel-norm", Content.assemble(("Nog geen norm", "bold")))
            self._show("panel-text", "Begin een gesprek of kies een norm met /norm ID.")
            self._show("panel-sources", "")
            self._show("panel-practice", "")
            self._show("panel-gap", "")
            self._show("panel-previous", "")
        else:
            under = state.source_count < state.min_sources
            self._show("panel-norm", Content.assemble((f"Norm {visible(state.norm_id)}", "bold")))
            self._show("panel-text", visible(state.norm_text))
            self._show("panel-sources", Content.assemble(
                (sources_phrase(state.source_count, state.min_sources), "bold"),
                " — te weinig" if under else " ✓"))
            self.query_one("#panel-sources").set_class(under, "-under")
            self._show("panel-practice", Content.assemble(
                ("Praktijk ", "bold"), f"{state.practice_count} van {state.min_practice}",
                " — alleen papier" if state.paper_only else ""))
            self.query_one("#panel-practice").set_class(state.paper_only, "-under")
            self._show("panel-gap", visible(state.gap))
            self._show("panel-previous", visible(state.previous))
        self._show("panel-source",
                   Content.assemble(("Notities naar ", "bold"), visible(state.source_label)) if state.source_label else "")
        self._show("panel-evidence",
                   Content.assemble(("/bewijs naar ", "bold"), visible(state.evidence_label)) if state.evidence_label else "")
        if state.queue:
            lines = [f"{visible(norm_id):<4} {count} bron{'nen' if count != 1 else ''}"
                     for norm_id, count in state.queue]
            self._show("panel-queue",
                       Content.assemble((f"Nog te doen ({len(state.queue)})", "bold"), "\n", "\n".join(lines)))
        else:
            self._show("panel-queue", "")

    def on_mount(self) -> None:
        self.watch_state(self.state)


def _previous_text(audit: "Audit", normset: "NormSet", norm_id: str) -> str:
    """'Vorig (2024-03): +/-' and 'Opvolging: …' for the panel, or '' without a previous judgement."""
    from flows import text as fmt

    follow_up = fmt.follow_up_line(audit, normset, norm_id).split(" — ")[0].split(" (/")[0]
    lines = [fmt.shorten(fmt.previous_line(audit, norm_id, width=30), 60), follow_up]
    return "\n".join(line for line in lines if line)
