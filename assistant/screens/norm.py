"""One norm: read what every source said about it, give the judgement, write the text for the report.

Judging happens in the judgement bar (`o` or Tab goes there, then one key per judgement), so letters typed
anywhere else can never change a judgement; every change is announced, with a warning when the evidence is
thin, and `u` takes it back. The report text is an ordinary TextArea. What is typed is kept as a draft
(`verslag:<norm>`, through the app's DraftKeeper, within a second) until it is saved: with Ctrl+S, with a
judgement, or on leaving the norm. Saving runs in a thread worker; a failed save keeps the text in the
field and in the draft, and says so unmissably.

The keys that move focus or change the norm are priority bindings that act at once when the app reads
them, so the keys typed right behind them (`e` and a sentence) already go where they were meant to.
Next and previous norm refill this screen in place instead of building a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static, TextArea

from assistant.drafts import report_draft_key
from assistant.messages import AuditChanged
from assistant.screens.audit_screen import AuditScreen
from assistant.store import Judgement, StoreError
from assistant.store.model import Plan
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.judgement_keys import CLEAR_KEY, JUDGEMENT_KEYS, JudgementKeys
from assistant.widgets.key_bar import KeyBar
from assistant.widgets.norm_notes import NormNotes
from assistant.widgets.norm_reference import REFERENCE_HELP, NormReference, practice_confirmation
from assistant.widgets.plan_panel import PLAN_KEY, PlanModal, PlanPanel
from assistant.widgets.review_saving import LATEST, error_notice, start_save
from assistant.widgets.safe_fields import SafeTextArea
from assistant.widgets.totals_bar import judgement_label
from flows import rules
from flows.drafting import findings_draft
from flows.rules import NEEDS_PLAN, norm_statuses
from flows.safe_text import visible
from flows.text import sources_phrase

HELP = """\
## Een norm

Bovenaan de normtekst (met de toepassing voor wijkteams als die er is), daaronder elke notitie van
elke bron, per bron, met haar soort (bevinding, bewijs, suggestie, citaat).

**Oordeel**: **o** (of Tab) gaat naar de oordeelbalk; daar geeft één toets het oordeel (ook met de muis):

- **+** voldoet
- **v** (of **~**) verbeterpunt
- **-** voldoet niet
- **n** niet van toepassing
- **b** niet beoordeeld
- **x** oordeel wissen

Buiten de oordeelbalk doen deze toetsen niets, zodat getypte tekst nooit een oordeel wordt. Elke
wijziging wordt gemeld (met een waarschuwing bij te weinig bronnen of zonder rapporttekst); **u** zet
het vorige oordeel van deze norm terug.

**Tekst voor het rapport**: **e** gaat naar het tekstvak, **Esc** verlaat het weer. Wat u typt wordt
binnen een seconde als concept bewaard; **Ctrl+S**, een oordeel of het verlaten van de norm slaat
de tekst op. Een niet-opgeslagen concept wordt de volgende keer teruggezet; **Ctrl+R** zet dan de
opgeslagen tekst terug.

**F6** of **,** vorige norm, **F7** of **.** volgende norm, **Esc** terug naar het normenbord.

**Plan van aanpak** (bij verbeterpunt en voldoet niet): **p** zet de stand (niet ontvangen, ontvangen,
goedgekeurd), met datum en notitie. **c** zet een concept uit de notities van de norm in het tekstvak (nog
niet opgeslagen: pas het aan en sla op met **Ctrl+S**).
"""


class NormScreen(AuditScreen):
    """A norm with its notes grouped by source, the judgement bar and the report text."""

    CSS_PATH = "norm.tcss"
    HELP = HELP + REFERENCE_HELP
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    AUTO_FOCUS = "#norm-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "focus_judgement", "Oordeel", id="norm.to-judgement", priority=True,
                tooltip="Naar de oordeelbalk: daar geeft één toets het oordeel"),
        Binding("e", "edit_text", "Tekst", id="norm.edit-text", priority=True,
                tooltip="Naar het tekstvak voor het rapport"),
        Binding("u", "undo_judgement", "Ongedaan", id="norm.undo", priority=True,
                tooltip="Zet het vorige oordeel van deze norm terug"),
        Binding("ctrl+s", "save_text", "Bewaar", id="norm.save-text", tooltip="Sla de rapporttekst nu op"),
        Binding("ctrl+r", "revert_text", "Opgeslagen tekst", id="norm.revert-text",
                tooltip="Gooi het concept weg en zet de opgeslagen rapporttekst terug"),
        Binding("f6", "neighbour(-1)", "Vorige", key_display="F6/,", id="norm.previous", priority=True,
                tooltip="Vorige norm (de tekst wordt eerst opgeslagen)"),
        Binding("f7", "neighbour(1)", "Volgende", key_display="F7/.", id="norm.next", priority=True,
                tooltip="Volgende norm (de tekst wordt eerst opgeslagen)"),
        Binding("comma", "neighbour_key(-1)", "Vorige", show=False, id="norm.previous-comma", priority=True,
                tooltip="Vorige norm (buiten het tekstvak)"),
        Binding("full_stop", "neighbour_key(1)", "Volgende", show=False, id="norm.next-full-stop", priority=True,
                tooltip="Volgende norm (buiten het tekstvak)"),
        Binding("escape", "back", "Terug", id="norm.back", priority=True,
                tooltip="Uit het tekstvak; daarbuiten terug naar het normenbord"),
        Binding("h", "follow_up", "Opvolging", show=False, id="norm.follow-up",
                tooltip="Hercertificering: leg vast wat er van het vorige verbeterpunt is geworden"),
        Binding(PLAN_KEY, "plan", "Plan van aanpak", id="norm.plan",
                tooltip="Stand van het plan van aanpak (bij verbeterpunt of voldoet niet)"),
        Binding("c", "draft", "Concept", id="norm.draft",
                tooltip="Zet een concept uit de notities in het tekstvak (nog niet opgeslagen)"),
        # A judgement key outside the judgement bar only says where judging happens.
        *(Binding(key.keys, "judgement_hint", show=False, id=f"norm.hint-{key.binding_id}")
          for key in (*JUDGEMENT_KEYS, CLEAR_KEY)),
    ]

    @dataclass
    class Saved(Message):
        """A save of a norm's judgement record finished."""

        norm_id: str
        """The norm that was saved (the screen may show another one by now)."""
        value: str | None
        """The judgement now on file."""
        report_text: str
        """The report text now on file."""

    @dataclass
    class SaveError(Message):
        """A save of a norm's judgement record failed; nothing changed on disk."""

        norm_id: str
        """The norm whose save failed."""
        message: str
        """The store's Dutch message."""

    def __init__(self, norm_id: str) -> None:
        super().__init__()
        self.norm_id = norm_id
        self._value: str | None = None
        self._text = ""
        self._requested_text = ""
        self._record_id: str | None = None
        self._has_notes = False
        self._history: dict[str, list[str | None]] = {}
        self._hinted = False

    # -- building ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        norm = self.session.normset.norm(self.norm_id)
        if norm is not None:
            self.norm_id = norm.id
        yield Header()
        yield Static(id="norm-title", markup=False)
        yield JudgementKeys(id="norm-judgement")
        yield PlanPanel(id="norm-plan")
        with Vertical(id="norm-main"):
            with VerticalScroll(id="norm-body", can_focus=True):
                yield NormReference(self.norm_id, id="norm-reference")
                yield NormNotes(id="norm-notes")
            with Vertical(id="norm-report"):
                yield Static(id="report-label", markup=False)
                yield SafeTextArea(id="report-text", soft_wrap=True, tab_behavior="focus",
                               read_only=self.session.read_only,
                               placeholder="Tekst voor het rapport bij deze norm… (e om te beginnen)")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        """Fill the screen for `self.norm_id`: the record on file, a draft offered back, the notes."""
        audit_file = self.session.audit_file
        record = audit_file.judgement(self.norm_id)
        self._record_id = record.id if record else None
        self._value = record.value if record else None
        saved = record.report_text if record else ""
        self._requested_text = saved
        draft = self.app.drafts.stored(report_draft_key(self.norm_id))  # type: ignore[attr-defined]
        offered = bool(draft.strip()) and draft != saved
        self._text = draft if offered else saved
        self.query_one(TextArea).load_text(self._text)
        if draft and not offered:
            self.app.drafts.update(report_draft_key(self.norm_id), "")  # type: ignore[attr-defined]
        self.sub_title = f"Norm {visible(self.norm_id)}"
        self.query_one(JudgementKeys).value = self._value
        self.set_class(False, "-failed")
        self._show_norm()
        self._show_text_state("draft" if offered else "saved")
        if offered:
            self.notify("De tekst van de vorige keer was nog niet opgeslagen en is teruggezet. "
                        "Ctrl+S slaat haar op, Ctrl+R zet de opgeslagen tekst terug.",
                        title="Concept teruggezet", severity="warning", timeout=10)

    def go_to(self, norm_id: str) -> None:
        """Show another norm on this screen; unsaved text of the current one is saved first."""
        if self.session.normset.norm(norm_id) is None or norm_id == self.norm_id:
            return
        self._save_if_dirty()
        self.norm_id = norm_id
        self._load()
        self.query_one("#norm-body", VerticalScroll).scroll_home(animate=False)

    def _show_norm(self) -> None:
        """Title line and notes from a fresh snapshot (in memory)."""
        normset = self.session.normset
        norm = normset.norm(self.norm_id)
        if norm is None:
            self.query_one("#norm-title", Static).update(
                f"Norm {visible(self.norm_id)} bestaat niet in deze normenset.")
            return
        audit = self.session.snapshot()
        status = rules.norm_statuses(audit, normset)[norm.id]
        ids = normset.norm_ids
        rubriek = normset.rubriek(norm.rubriek).title
        title = f"{norm.id} · {rubriek} · norm {ids.index(norm.id) + 1} van {len(ids)} · {judgement_label(self._value)}"
        self.query_one("#norm-title", Static).update(visible(title))
        self.query_one(NormNotes).show(norm, status, audit)
        self.query_one(PlanPanel).show(self._value, audit.plans.get(norm.id))
        reference = self.query_one(NormReference)
        if reference.is_mounted:
            reference.norm_id = norm.id  # the screen shows another norm in place (next, previous, go_to)
            reference.show()
        self._has_notes = bool(status.note_count)
        self.refresh_bindings()

    def _show_text_state(self, state: str) -> None:
        """'saved', 'dirty', 'draft' (offered back) or 'failed': the line above the text field."""
        texts = {
            "saved": "Tekst voor het rapport — opgeslagen",
            "dirty": "Tekst voor het rapport — concept (Ctrl+S slaat op)",
            "draft": "Tekst voor het rapport — concept van de vorige keer teruggezet, nog niet opgeslagen",
            "failed": "Tekst voor het rapport — NIET OPGESLAGEN, de tekst staat nog hier",
        }
        if state == "saved" and not self._text:
            texts["saved"] = "Tekst voor het rapport — nog leeg (e om te schrijven" + (
                "; c: concept uit de notities)" if self._has_notes else ")")
        if self.session.read_only:
            texts["saved"] = texts["dirty"] = "Tekst voor het rapport — alleen-lezen"
        self.query_one("#report-label", Static).update(texts[state])
        for name in ("dirty", "draft", "failed"):
            self.set_class(state == name, f"-{name}")
        self.refresh_bindings()

    # -- typing -----------------------------------------------------------------------------------

    @on(TextArea.Changed, "#report-text")
    def _text_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text == self._text:
            return
        self._text = text
        dirty = text != self._requested_text
        self.app.drafts.update(report_draft_key(self.norm_id), text if dirty else "")  # type: ignore[attr-defined]
        if not self.has_class("-failed"):
            self._show_text_state("dirty" if dirty else "saved")

    @property
    def dirty(self) -> bool:
        """The text in the field differs from what was last saved (or is being saved)."""
        return self._text != self._requested_text

    @property
    def editing(self) -> bool:
        """The report text field has focus (letters are text there)."""
        return self.focused is self.query_one(TextArea)

    # -- saving -------------------------------------------------------------------------------------

    def save(self) -> None:
        """Save the judgement and the report text as they are now, in a worker owned by the app."""
        if self.session.read_only:
            self.notify("Deze toetsing is alleen-lezen geopend; er wordt niets opgeslagen.", severity="warning")
            return
        if self.session.normset.norm(self.norm_id) is None:
            return
        if self._record_id is None:
            if self._value is None and not self._text:
                return
            self._record_id = Judgement.new(self.norm_id).id
        record = Judgement(self._record_id, self.norm_id, self._value, self._text)
        self._requested_text = self._text
        ticket = LATEST.ticket()
        audit_file = self.session.audit_file
        app, screen = self.app, self
        name = f"oordeel:{audit_file.meta.id}:{self.norm_id}"

        def save_record() -> None:
            try:
                written = LATEST.apply(name, ticket, lambda: audit_file.put_judgement(record))
            except StoreError as error:
                error_notice(app, f"Norm {record.norm_id}: {error}")
                screen.post_message(screen.SaveError(record.norm_id, str(error)))
                return
            if written:
                screen.post_message(screen.Saved(record.norm_id, record.value, record.report_text))
                app.post_message(AuditChanged("oordeel", record.norm_id))

        start_save(app, save_record, f"oordeel {self.norm_id} opslaan")

    def on_norm_screen_saved(self, message: Saved) -> None:
        key = report_draft_key(message.norm_id)
        if message.norm_id != self.norm_id:  # saved on leaving that norm
            if self.app.drafts.stored(key) == message.report_text:  # type: ignore[attr-defined]
                self.app.drafts.update(key, "")  # type: ignore[attr-defined]
            return
        if self._text == message.report_text:
            self.app.drafts.update(key, "")  # type: ignore[attr-defined]
            self._show_text_state("saved")
        else:  # typed on while it was being saved
            self._show_text_state("dirty")
        self._show_norm()

    def on_norm_screen_save_error(self, message: SaveError) -> None:
        if message.norm_id != self.norm_id:
            return  # the app has said so; that norm's text is still in its draft
        record = self.session.audit_file.judgement(self.norm_id)
        self._value = record.value if record else None
        self._requested_text = record.report_text if record else ""
        self.query_one(JudgementKeys).value = self._value
        if self.dirty:
            self.app.drafts.update(report_draft_key(self.norm_id), self._text)  # type: ignore[attr-defined]
        self._show_text_state("failed")
        self._show_norm()

    def _save_if_dirty(self) -> None:
        """On leaving: save unsaved text, unless the app has closed this audit meanwhile (its drafts were
        flushed then, so the text is kept as a draft)."""
        if self.dirty and not self.session.read_only and self.app.session is self.session:  # type: ignore[attr-defined]
            self.save()

    def on_screen_suspend(self) -> None:
        self._save_if_dirty()

    def on_unmount(self) -> None:
        self._save_if_dirty()

    def on_audit_changed(self, message: AuditChanged) -> None:
        self._show_norm()

    # -- judging ------------------------------------------------------------------------------------

    def action_judge(self, value: str, confirmed: bool = False) -> None:
        """Give (or with '' remove) the judgement of the norm on screen, announce it and save it.

        'voldoet' without enough practice asks first (practice before paper); `confirmed` is the yes.
        """
        if self.session.read_only:
            self.notify("Deze toetsing is alleen-lezen geopend; het oordeel kan niet worden gewijzigd.",
                        severity="warning")
            return
        new = value or None
        if new == self._value:
            return
        question = None if confirmed else practice_confirmation(self.session, self.norm_id, value)
        if question is not None:  # practice before paper: '+' without a gesprek or observatie asks first
            self.app.push_screen(question, lambda yes: self.action_judge(value, True) if yes else None)
            return
        self._history.setdefault(self.norm_id, []).append(self._value)
        self._set_judgement(new, announce=True)

    def action_undo_judgement(self) -> None:
        history = self._history.get(self.norm_id)
        if not history:
            self.notify(f"Geen oordeel van {self.norm_id} om terug te zetten.")
            return
        previous = history.pop()
        self._set_judgement(previous, announce=False)
        self.notify(f"Teruggezet naar: {judgement_label(previous)}.", title=f"Oordeel {self.norm_id}")

    def _set_judgement(self, value: str | None, *, announce: bool) -> None:
        before = self._value
        self._value = value
        self.query_one(JudgementKeys).value = value
        self.set_class(False, "-failed")
        self.save()
        self._show_norm()
        self.refresh_bindings()
        if announce:
            self._announce(before, value)

    def _announce(self, before: str | None, value: str | None) -> None:
        """Say what changed, and warn (without blocking) when the evidence is thin, as the line mode does."""
        normset = self.session.normset
        audit = self.session.snapshot()
        status = rules.norm_statuses(audit, normset)[self.norm_id]
        lines = [f"Was: {judgement_label(before)}. u zet het terug."]
        warn = False
        if value is not None and status.under_minimum and value not in ("nb", "nvt"):
            warn = True
            lines.append(f"{self.norm_id} heeft {sources_phrase(status.source_count, normset.min_sources)}; "
                         f"de norm blijft open tot er {normset.min_sources} zijn.")
            if status.gap_text():
                lines.append(f"Nog nodig: {status.gap_text()}.")
        if value is not None and value != "nb" and not self._text.strip():
            warn = True
            lines.append("Nog geen rapporttekst: e opent het tekstvak.")
        judgements = dict(audit.judgements)
        old = judgements.get(self.norm_id)
        judgements[self.norm_id] = replace(old, value=value) if old else Judgement.new(self.norm_id, value)
        before_advice = rules.advice(audit, normset)
        after_advice = rules.advice(replace(audit, judgements=judgements), normset)
        if before_advice.positive_possible and not after_advice.positive_possible:
            warn = True
            lines.append("Hiermee is een positief advies niet meer mogelijk.")
        self.notify("\n".join(lines), title=f"Oordeel {self.norm_id}: {judgement_label(value)}",
                    severity="warning" if warn else "information", timeout=8 if warn else 4, markup=False)

    @on(JudgementKeys.Chosen)
    def _judgement_chosen(self, event: JudgementKeys.Chosen) -> None:
        event.stop()
        self.action_judge(event.value)

    def action_follow_up(self) -> None:
        self.query_one(NormReference).record_follow_up()

    def action_judgement_hint(self) -> None:
        if not self._hinted:
            self._hinted = True
            self.notify("Een oordeel geeft u in de oordeelbalk: druk eerst o (of Tab), dan +, v, -, n, b of x.",
                        title="Oordelen")

    def action_focus_judgement(self) -> None:
        self.set_focus(self.query_one(JudgementKeys))

    # -- other actions --------------------------------------------------------------------------------

    def action_edit_text(self) -> None:
        """Into the report text, at its end: what is typed next is added to it."""
        area = self.query_one(TextArea)
        self.set_focus(area)
        area.move_cursor(area.document.end)

    def action_save_text(self) -> None:
        self.set_class(False, "-failed")
        self.save()

    def action_revert_text(self) -> None:
        record = self.session.audit_file.judgement(self.norm_id)
        saved = record.report_text if record else ""
        self.query_one(TextArea).load_text(saved)
        self._text = self._requested_text = saved
        self.app.drafts.update(report_draft_key(self.norm_id), "")  # type: ignore[attr-defined]
        self._show_text_state("saved")

    def action_neighbour(self, step: int) -> None:
        ids = self.session.normset.norm_ids
        index = ids.index(self.norm_id) + step if self.norm_id in ids else 0
        if not 0 <= index < len(ids):
            self.notify("Dit is de eerste norm." if step < 0 else "Dit is de laatste norm.")
            return
        self.go_to(ids[index])

    def action_neighbour_key(self, step: int) -> None:
        self.action_neighbour(step)

    def action_back(self) -> None:
        if self.editing:
            self._save_if_dirty()
            self.set_focus(self.query_one("#norm-body"))
            return
        self._save_if_dirty()
        from assistant.screens.board import BoardScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-1] is self and isinstance(stack[-2], BoardScreen):
            self.dismiss()
        else:
            self.app.show_board()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return action in ("neighbour", "back")
        if action in ("edit_text", "focus_judgement", "neighbour_key", "undo_judgement") and self.editing:
            return False  # letters and punctuation are text in the field
        if action == "undo_judgement":
            return bool(self._history.get(self.norm_id))
        if action == "focus_judgement":
            return self.focused is not self.query_one(JudgementKeys)  # there already
        if action == "revert_text":
            return self.dirty or self.has_class("-draft")
        if action == "plan":
            return self._value in NEEDS_PLAN and not self.session.read_only
        if action == "draft":
            return self._has_notes and not self.session.read_only
        return True

    # -- the plan of approach and the draft from the notes (issue 11) ---------------------------------

    def action_plan(self) -> None:
        if self._value not in NEEDS_PLAN or self.session.read_only:
            return
        from datetime import date

        plan = self.session.snapshot().plans.get(self.norm_id)
        self.app.push_screen(PlanModal(self.norm_id, plan, date.today()), self._save_plan)

    def _save_plan(self, plan: Plan | None) -> None:
        """Write the plan the dialog returned in a worker owned by the app (None: cancelled)."""
        if plan is None:
            return
        audit_file, app, screen, norm_id = self.session.audit_file, self.app, self, self.norm_id

        def save_plan() -> None:
            try:
                audit_file.put_plan(plan)
            except StoreError as error:
                error_notice(app, f"Plan van aanpak {norm_id}: {error}")
                return
            screen.post_message(AuditChanged("plan", norm_id))
            app.post_message(AuditChanged("plan", norm_id))

        start_save(app, save_plan, f"plan van aanpak {norm_id} opslaan")

    def action_draft(self) -> None:
        if self.session.read_only:
            return
        draft = findings_draft(self.session.snapshot(), self.norm_id)
        if not draft:
            self.notify("Deze norm heeft nog geen notities om een concept uit te maken.")
            return
        field = self.query_one(TextArea)

        def put(replace: bool | None = True) -> None:
            if replace:
                field.load_text(draft)
                field.focus()
                self.notify("Concept uit de notities in het tekstvak gezet; pas het aan en sla op met Ctrl+S.",
                            title="Concept, nog niet opgeslagen")

        if not field.text.strip():
            put()
        elif field.text != draft:
            self.app.push_screen(ConfirmModal("Tekst vervangen?", "In het tekstvak staat al tekst. Wilt u die "
                                              "vervangen door het concept uit de notities? De opgeslagen tekst "
                                              "blijft tot u opslaat (Ctrl+R zet haar terug).",
                                              yes="Vervangen", no="Laten staan"), put)
