"""The summary: part A of the report — kerngegevens, toelichting, complimenten, zorgpunten and advies.

The computed totals and advice indication (flows.rules) stay beside the texts, so the advice the auditor
writes can be checked against the numbers. Every change is saved by itself: list changes at once, typed
text and kerngegevens once typing pauses (well within a second), and whatever is pending when the
screen is left. Saving runs in thread workers owned by the app (see widgets/review_saving.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.lazy import Lazy
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Select, Static, TabbedContent, TabPane, Tabs, TextArea

from assistant.drafts import kern_draft_key
from assistant.messages import AuditChanged
from assistant.screens.audit_screen import AuditScreen
from assistant.store import KERN_LABELS, Kerngegevens, StoreError, Summary
from assistant.widgets.advice_choice import advice_select, chosen
from assistant.widgets.kern_form import KernForm
from assistant.widgets.key_bar import KeyBar
from assistant.widgets.list_editor import ListEditor
from assistant.widgets.review_saving import LATEST, error_notice, start_save
from assistant.widgets.safe_fields import SafeTextArea
from assistant.widgets.totals_bar import TotalsBar
from flows.partners import proposal
from flows.rules import advice, totals
from flows.safe_text import visible

HELP = """\
## Samenvatting

Deel A van het rapport. Kies een tab met de muis, of ga met **Tab** naar de tabs en wissel met **← →**.

- **Kerngegevens**: data als jjjj-mm-dd (of dd-mm-jjjj; de zelfevaluatie ook *nvt*, met de reden eronder),
  aantallen als getal, het e-mailadres als naam@organisatie.nl; de naam van de organisatie is verplicht.
  Scope, toetsers en gesprekspartners: één per regel. De knop onder de gesprekspartners zet het voorstel uit
  de gevoerde gesprekken in het veld. Een veld dat niet klopt, krijgt een melding en wordt pas opgeslagen
  als het klopt; de getypte tekst blijft staan (ook als concept, als u het scherm verlaat). Een datum wordt
  opgeslagen als u het veld verlaat.
- **Toelichting**: vrije tekst. **Advies**: de keuze van de CI (positief, positief zodra de plannen van
  aanpak zijn goedgekeurd, negatief) en de toelichting.
- **Complimenten** en **Zorgpunten**: typ een punt in de regel bovenaan en druk op **Enter**. Kies een punt
  in de lijst en druk op
  **Enter** om het te bewerken (**Esc** annuleert), **Delete** verwijdert het (**Ctrl+Z** zet het terug),
  **Shift+↑ / Shift+↓** verplaatst het.

Alles wordt vanzelf opgeslagen. De totalen per oordeel en de adviesindicatie staan ernaast (of erboven).
**Ctrl+S** slaat meteen op, **Esc** gaat terug naar het normenbord.
"""

#: Typed text and kerngegevens are saved once typing pauses this long (seconds).
SAVE_DELAY = 0.5


class SummaryScreen(AuditScreen):
    """Kerngegevens, toelichting, complimenten, zorgpunten and advies, with totals and advice beside them."""

    CSS_PATH = "summary.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_now", "Bewaar", id="summary.save", tooltip="Sla alles op dat nog wacht"),
        Binding("escape", "back", "Terug", id="summary.back",
                tooltip="Uit het tekstveld naar de tabs; daar terug naar het normenbord"),
    ]

    @dataclass
    class Saved(Message):
        """A save of the summary or the kerngegevens finished."""

        what: str
        """'samenvatting' or 'kerngegevens'."""

    @dataclass
    class SaveError(Message):
        """A save failed; the text is still in its field."""

        what: str
        """'samenvatting' or 'kerngegevens'."""
        message: str
        """The store's Dutch message."""

    def __init__(self) -> None:
        super().__init__()
        self._summary = Summary()
        self._kern = Kerngegevens()
        self._save_timers: dict[str, Timer] = {}
        self._pending: set[str] = set()
        self._failed: set[str] = set()
        self._invalid: dict[str, str] = {}
        """Kerngegevens that hold text that does not pass: field -> Dutch message."""
        self._left = False

    def compose(self) -> ComposeResult:
        audit = self.session.snapshot()
        self._summary, self._kern = audit.summary, audit.kern
        read_only = self.session.read_only
        yield Header()
        yield TotalsBar(id="summary-top")
        with Horizontal(id="summary-main"):
            with TabbedContent(id="summary-tabs"):
                with TabPane("Kerngegevens", id="tab-kern"):
                    yield KernForm(self._kern, id="kern-form", disabled=read_only, typed=self._typed_kern())
                # The hidden tabs are built right after the first frame (Lazy), so the screen shows at once.
                with TabPane("Toelichting", id="tab-toelichting"):
                    yield Lazy(SafeTextArea(self._summary.toelichting, id="toelichting", soft_wrap=True,
                                        tab_behavior="focus", read_only=read_only,
                                        placeholder="Toelichting bij de toetsing…"))
                with TabPane("Complimenten", id="tab-complimenten"):
                    yield Lazy(ListEditor(self._summary.complimenten, noun="compliment", id="complimenten",
                                          disabled=read_only))
                with TabPane("Zorgpunten", id="tab-zorgpunten"):
                    yield Lazy(ListEditor(self._summary.zorgpunten, noun="zorgpunt", id="zorgpunten",
                                          disabled=read_only))
                with TabPane("Advies", id="tab-advies"):
                    yield advice_select(self._summary.advies_keuze, disabled=read_only)
                    yield Lazy(SafeTextArea(self._summary.advies, id="advies", soft_wrap=True, tab_behavior="focus",
                                        read_only=read_only,
                                        placeholder="Het advies van de toetsers aan Sociaal Werk Nederland…"))
            yield TotalsBar(detailed=True, id="summary-side")
        yield Static(id="summary-status", markup=False)
        yield KeyBar()

    def _typed_kern(self) -> dict[str, str]:
        """Kerngegevens typed earlier that did not pass, kept as drafts: shown again instead of the value."""
        drafts = self.app.drafts  # type: ignore[attr-defined]
        typed = {field: drafts.stored(kern_draft_key(field)) for field in KERN_LABELS}
        return {field: text for field, text in typed.items() if text}

    def on_mount(self) -> None:
        organisation = self._kern.organisatie
        self.sub_title = f"Samenvatting — {visible(organisation)}" if organisation else "Samenvatting"
        self._show_totals()
        self._show_status()

    def on_screen_resume(self) -> None:
        self._show_totals()

    def on_audit_changed(self, message: AuditChanged) -> None:
        if message.what not in ("samenvatting", "kerngegevens"):
            self._show_totals()

    def _show_totals(self) -> None:
        audit = self.session.snapshot()
        normset = self.session.normset
        counted, indication = totals(audit, normset), advice(audit, normset)
        for bar in self.query(TotalsBar):
            bar.show(counted, indication)
        self.query_one(KernForm).offer_partners(proposal(audit))

    def _show_status(self, failure: str = "") -> None:
        status = self.query_one("#summary-status", Static)
        if self.session.read_only:
            text = "Alleen-lezen: wijzigingen worden niet opgeslagen."
        elif failure or self._failed:
            text = f"NIET OPGESLAGEN: {failure or 'probeer opnieuw met Ctrl+S'} (de tekst staat nog hier)"
        elif self._invalid:
            field, problem = next(iter(self._invalid.items()))
            text = f"Niet opgeslagen: {KERN_LABELS[field]} — {problem} Uw tekst staat nog in het veld."
        elif self._pending:
            text = "Wijzigingen worden opgeslagen…"
        else:
            text = "Alles is opgeslagen."
        status.update(visible(text))
        self.set_class(bool(failure or self._failed or self._invalid), "-failed")

    # -- collecting changes -----------------------------------------------------------------------

    @on(KernForm.Changed)
    def _kern_changed(self, event: KernForm.Changed) -> None:
        self._kern = event.kern
        self._forget_invalid(event.field)
        self._schedule("kerngegevens", SAVE_DELAY)

    @on(KernForm.Invalid)
    def _kern_invalid(self, event: KernForm.Invalid) -> None:
        """Not saved, but not lost either: the text stays in the field and is kept as a draft."""
        self._invalid[event.field] = event.problem
        self.app.drafts.update(kern_draft_key(event.field), event.text)  # type: ignore[attr-defined]
        self._show_status()

    def _forget_invalid(self, field: str) -> None:
        if self._invalid.pop(field, None) is not None or self.app.drafts.stored(kern_draft_key(field)):  # type: ignore[attr-defined]
            self.app.drafts.update(kern_draft_key(field), "")  # type: ignore[attr-defined]
        self._show_status()

    @on(TextArea.Changed, "#toelichting")
    def _toelichting_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.text != self._summary.toelichting:
            self._summary = replace(self._summary, toelichting=event.text_area.text)
            self._schedule("samenvatting", SAVE_DELAY)

    @on(TextArea.Changed, "#advies")
    def _advies_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.text != self._summary.advies:
            self._summary = replace(self._summary, advies=event.text_area.text)
            self._schedule("samenvatting", SAVE_DELAY)

    @on(Select.Changed, "#advies-keuze")
    def _advies_keuze_changed(self, event: Select.Changed) -> None:
        choice = chosen(event.value)
        if choice != self._summary.advies_keuze:
            self._summary = replace(self._summary, advies_keuze=choice)
            self._schedule("samenvatting", 0)

    @on(ListEditor.Changed, "#complimenten")
    def _complimenten_changed(self, event: ListEditor.Changed) -> None:
        self._summary = replace(self._summary, complimenten=event.items)
        self._schedule("samenvatting", 0)

    @on(ListEditor.Changed, "#zorgpunten")
    def _zorgpunten_changed(self, event: ListEditor.Changed) -> None:
        self._summary = replace(self._summary, zorgpunten=event.items)
        self._schedule("samenvatting", 0)

    def _schedule(self, what: str, delay: float) -> None:
        """Save `what` after `delay` seconds without further changes (0: now)."""
        if self.session.read_only:
            return
        self._pending.add(what)
        timer = self._save_timers.pop(what, None)
        if timer is not None:
            timer.stop()
        if delay:
            self._save_timers[what] = self.set_timer(delay, lambda: self._save(what), name=f"{what} opslaan")
        else:
            self._save(what)
        self._show_status()

    # -- saving -------------------------------------------------------------------------------------

    def _save(self, what: str) -> None:
        """Save the current summary or kerngegevens in a worker owned by the app."""
        self._save_timers.pop(what, None)
        audit_file = self.session.audit_file
        if what == "kerngegevens":
            kern = self._kern
            write: Callable[[], object] = lambda: audit_file.put_kern(kern)
        else:
            summary = self._summary
            write = lambda: audit_file.put_summary(summary)
        ticket = LATEST.ticket()
        name = f"{what}:{audit_file.meta.id}"
        app, screen = self.app, self

        def save_record() -> None:
            try:
                written = LATEST.apply(name, ticket, write)
            except StoreError as error:
                error_notice(app, f"{what.capitalize()}: {error}")
                screen.post_message(screen.SaveError(what, str(error)))
                return
            if written:
                screen.post_message(screen.Saved(what))
                app.post_message(AuditChanged(what))

        start_save(app, save_record, f"{what} opslaan")

    def on_summary_screen_saved(self, message: Saved) -> None:
        if message.what not in self._save_timers:
            self._pending.discard(message.what)
        self._failed.discard(message.what)
        self._show_status()

    def on_summary_screen_save_error(self, message: SaveError) -> None:
        self._failed.add(message.what)
        self._pending.add(message.what)
        self._show_status(message.message)

    def flush(self) -> None:
        """Save at once whatever is still waiting for its timer (or failed before)."""
        for what in list(self._pending | self._failed):
            timer = self._save_timers.pop(what, None)
            if timer is not None:
                timer.stop()
            self._save(what)

    def _leaving(self) -> None:
        """The screen is left: a date being typed is taken, what is pending saved, what does not pass said."""
        try:
            self.query_one(KernForm).flush_dates()
        except Exception:  # not mounted (any more)
            pass
        if self._invalid:
            names = ", ".join(KERN_LABELS[field] for field in self._invalid)
            self.notify(f"Niet opgeslagen omdat het niet klopt: {names}. Wat u typte is bewaard en staat er weer "
                        "als u de samenvatting opent (F4).", title="Kerngegevens", severity="warning", timeout=10)
        self.flush()

    def on_screen_suspend(self) -> None:
        if self.app.session is self.session and not self._left:  # type: ignore[attr-defined]
            self._leaving()  # (not after the audit was closed, nor twice when Esc left already)

    def on_unmount(self) -> None:
        if self._save_timers and self.app.session is self.session:  # type: ignore[attr-defined]
            self.flush()

    # -- actions ------------------------------------------------------------------------------------

    def action_save_now(self) -> None:
        if self.session.read_only:
            self.notify("Deze toetsing is alleen-lezen geopend; er wordt niets opgeslagen.", severity="warning")
            return
        self.query_one(KernForm).flush_dates()
        self.flush()
        self._show_status()

    def action_back(self) -> None:
        """Out of a text field to the tabs first; from there back to the norm board."""
        if isinstance(self.focused, (TextArea, Input)):
            self.set_focus(self.query_one(Tabs))
            return
        self._leaving()
        self._left = True
        self.app.show_board()  # type: ignore[attr-defined]
