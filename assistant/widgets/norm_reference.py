"""What the norm screen shows besides the auditor's own notes: the previous audit and the self-evaluation.

At a re-certification the previous judgement and report text are read-only reference ("Vorige toetsing
(2024-03): +/- — ..."); for a norm that was verbeterpunt or did not meet the norm, the auditor records
whether the organisation followed it up (opgevolgd, deels, niet, with a sentence) in `FollowUpModal`. The
organisation's own account of the norm (its self-evaluation) stands beneath, so the notes can be read
against the claim. The widget hides itself when there is nothing to show.

The follow-up is saved by an app-owned worker (`review_saving.start_save`), like the judgement; the check
of what may be recorded is `flows.recert.follow_up_refusal`, the same as `/opvolging` in the chat. Beside it
lives `practice_confirmation`, the norm screen's question before a "+" that no gesprek or observatie shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from assistant.messages import AuditChanged
from assistant.store import StoreError
from assistant.store.model import FOLLOW_UP_STATES, FollowUp
from assistant.widgets.review_saving import error_notice, start_save
from flows import recert
from flows import text as fmt
from flows.safe_text import visible_lines

if TYPE_CHECKING:
    from assistant.session import AuditSession

#: What the norm screen's help adds about practice, the previous audit and the self-evaluation.
REFERENCE_HELP = """
**Voldoet zonder praktijk**: geeft u **+** aan een norm zonder bron uit een gesprek of observatie, dan
vraagt de assistent eerst of dat echt zo is.

**Hercertificering**: bovenaan staan het vorige oordeel en de rapporttekst van toen (naslag); was de norm
toen verbeterpunt of voldeed hij niet, dan legt u met **h** vast of de organisatie het verbeterpunt
opvolgde. De **zelfevaluatie** van de organisatie staat daar ook, als die is ingelezen.
"""


def practice_confirmation(session: "AuditSession", norm_id: str, value: str) -> "ConfirmModal | None":
    """The question before a '+' on a norm short of practice (the same as the chat's /oordeel), or None."""
    from assistant.widgets.confirm import ConfirmModal
    from flows.rules import norm_statuses

    if value != "+":
        return None
    status = norm_statuses(session.snapshot(), session.normset).get(norm_id)
    if status is None or not status.practice_short:
        return None
    question, lines = fmt.practice_question(status)
    return ConfirmModal("Voldoet, zonder praktijk?", "\n\n".join([question, *lines]),
                        yes="Toch voldoet", no="Annuleren", danger=True)


class FollowUpModal(ModalScreen["tuple[str, str] | None"]):
    """Record what became of a previous verbeterpunt: a state and a sentence; Escape cancels."""

    DEFAULT_CSS = """
    FollowUpModal {
        align: center middle;
    }
    FollowUpModal > #follow-up-dialog {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }
    FollowUpModal #follow-up-title {
        text-style: bold;
    }
    FollowUpModal #follow-up-previous {
        color: $text-muted;
    }
    FollowUpModal #follow-up-error {
        color: $text-error;
        text-style: bold;
        display: none;
    }
    FollowUpModal #follow-up-error.-shown {
        display: block;
    }
    FollowUpModal #follow-up-buttons {
        height: auto;
        align-horizontal: right;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="follow-up.cancel", tooltip="Sluit zonder iets op te slaan"),
    ]
    HELP = "Opvolging: kies de stand (pijltjes, spatie), schrijf een zin en kies Opslaan; Escape annuleert."

    def __init__(self, norm_id: str, previous: str, current: FollowUp | None) -> None:
        super().__init__()
        self._norm_id = norm_id
        self._previous = previous
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up-dialog"):
            yield Label(f"Opvolging van {self._norm_id}", id="follow-up-title", markup=False)
            yield Static(self._previous, id="follow-up-previous", markup=False)
            with RadioSet(id="follow-up-state"):
                for key, label in FOLLOW_UP_STATES.items():
                    yield RadioButton(label, value=self._current is not None and self._current.status == key,
                                      name=key)
            yield Input(self._current.text if self._current else "", id="follow-up-text",
                        placeholder="Wat deed de organisatie met het verbeterpunt? (één zin)")
            yield Static("", id="follow-up-error", markup=False)
            with Horizontal(id="follow-up-buttons"):
                yield Button("Opslaan", id="follow-up-save", variant="primary")
                yield Button("Annuleren", id="follow-up-cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def _chosen(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return (pressed.name or "") if pressed is not None else ""

    def _submit(self) -> None:
        state, text = self._chosen(), self.query_one(Input).value.strip()
        problem = ("Kies opgevolgd, deels opgevolgd of niet opgevolgd." if not state else
                   "Schrijf er een zin bij: wat deed de organisatie met het verbeterpunt?" if not text else "")
        error = self.query_one("#follow-up-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")
        if not problem:
            self.dismiss((state, text))

    @on(Input.Submitted, "#follow-up-text")
    def _text_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "follow-up-save":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NormReference(VerticalGroup):
    """Previous judgement, follow-up and self-evaluation of one norm (read-only, but for the follow-up)."""

    DEFAULT_CSS = """
    NormReference {
        padding: 0 1;
        margin-bottom: 1;
        border-left: outer $secondary;
        color: $text-muted;
    }
    NormReference.-empty {
        display: none;
    }
    NormReference > #reference-follow-up.-open {
        color: $text-warning;
        text-style: bold;
    }
    NormReference > Button {
        margin-top: 0;
    }
    """

    @dataclass
    class Saved(Message):
        """The follow-up of this norm was saved (posted by the save worker)."""

        norm_id: str
        """The norm whose follow-up was saved."""

    def __init__(self, norm_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.norm_id = norm_id
        self.plain_text = ""
        """What is shown, as plain text (for tests)."""

    @property
    def session(self) -> "AuditSession":
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(id="reference-previous", markup=False)
        yield Static(id="reference-follow-up", markup=False)
        yield Static(id="reference-self-evaluation", markup=False)
        yield Button("Opvolging vastleggen (h)", id="reference-record", compact=True,
                     tooltip="Leg vast wat er van het vorige verbeterpunt is geworden")

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """Read the reference from a fresh snapshot (in memory) and show it."""
        audit = self.session.snapshot()
        normset = self.session.normset
        previous = fmt.previous_line(audit, self.norm_id, width=100_000)
        follow_up = fmt.follow_up_line(audit, normset, self.norm_id)
        if follow_up.startswith("Opvolging: nog niet vastgelegd"):
            follow_up = "Opvolging: nog niet vastgelegd (toets h)"
        elif follow_up:
            record = audit.follow_ups[self.norm_id]
            follow_up = f"Opvolging: {FOLLOW_UP_STATES[record.status]} — {record.text}"
        own = visible_lines(audit.self_evaluation.get(self.norm_id, ""))
        own_text = f"Zelfevaluatie: {own}" if own else ""
        previous, follow_up = visible_lines(previous), visible_lines(follow_up)
        self.query_one("#reference-previous", Static).update(
            Content.assemble(("Vorige toetsing", "bold"), previous.removeprefix("Vorige toetsing")) if previous else "")
        self.query_one("#reference-follow-up", Static).update(follow_up)
        self.query_one("#reference-follow-up").set_class(self.norm_id in recert.open_follow_ups(audit, normset), "-open")
        self.query_one("#reference-self-evaluation", Static).update(
            Content.assemble(("Zelfevaluatie: ", "bold"), own) if own else "")
        for widget_id, text in (("reference-previous", previous), ("reference-follow-up", follow_up),
                                ("reference-self-evaluation", own_text)):
            self.query_one(f"#{widget_id}").display = bool(text)
        self.query_one(Button).display = bool(follow_up) and not self.session.read_only
        self.set_class(not (previous or follow_up or own_text), "-empty")
        self.plain_text = "\n".join(text for text in (previous, follow_up, own_text) if text)

    @on(Button.Pressed, "#reference-record")
    def _record_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.record_follow_up()

    def record_follow_up(self) -> None:
        """Open the follow-up dialog (when this norm is a previous verbeterpunt)."""
        audit = self.session.snapshot()
        if self.norm_id not in recert.follow_up_norms(audit, self.session.normset):
            self.notify("Deze norm was bij de vorige toetsing geen verbeterpunt; er is niets op te volgen.",
                        severity="warning", markup=False)
            return
        if self.session.read_only:
            self.notify("Deze toetsing is alleen-lezen geopend; de opvolging kan niet worden vastgelegd.",
                        severity="warning", markup=False)
            return
        previous = fmt.previous_line(audit, self.norm_id, width=300)
        self.app.push_screen(FollowUpModal(self.norm_id, previous, audit.follow_ups.get(self.norm_id)),
                             self._chosen)

    def _chosen(self, result: "tuple[str, str] | None") -> None:
        if result is None:
            return
        state, text = result
        session, app, widget, norm_id = self.session, self.app, self, self.norm_id

        def save() -> None:
            refusal = recert.follow_up_refusal(session.snapshot(), session.normset, norm_id, state, text)
            if refusal is not None:
                error_notice(app, refusal, title="Opvolging niet opgeslagen")
                return
            try:
                session.audit_file.put_follow_up(FollowUp(norm_id, state, text))
            except StoreError as error:
                error_notice(app, f"Opvolging {norm_id}: {error}")
                return
            widget.post_message(widget.Saved(norm_id))
            app.post_message(AuditChanged("opvolging", norm_id))

        start_save(self.app, save, f"opvolging {norm_id} opslaan")

    def on_norm_reference_saved(self, message: Saved) -> None:
        message.stop()
        self.show()
        self.notify(f"Opvolging van {message.norm_id} opgeslagen.", markup=False)
