"""The interview (gesprek): a guided chat over the norms, rendered from the dialogue engine.

Every line the auditor sends goes to `Conversation.handle` in a thread worker, one at a time and in the
order typed (a queue, so Enter never waits for the disk); the reply comes back as a message and becomes
one assistant turn. A reply with an error means nothing was stored: the line goes back into the input.
The screen is installed once per open audit, so the chat survives going to the board and back.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Input, Static

from assistant.widgets.key_bar import KeyBar
from assistant.drafts import CHAT_KEY
from assistant.messages import AuditChanged
from assistant.widgets.chat import FAILED, SAVED, AuditorTurn, Chat
from assistant.widgets.interview_form import InterviewForm
from assistant.widgets.norm_panel import NormPanel, PanelState
from assistant.widgets.prompt_input import CommandSuggester, PromptInput
from flows.safe_text import visible_lines

if TYPE_CHECKING:
    from assistant.session import AuditSession
    from flows.messages import Message

HELP = """\
## Gesprek

Het gesprek: kies de rol(len) van uw gesprekspartners, een omschrijving (alleen functies) en de datum.
Daarna toont de assistent per norm de tekst, eerdere bevindingen en voorgestelde vragen. Wat u typt is een
bevinding bij de huidige norm; een regel die met / begint is een opdracht (/help toont ze allemaal).
Tab of → neemt een voorgestelde aanvulling over; zonder aanvulling gaat Tab naar het gesprek zelf, dat u
dan met ↑ ↓, PgUp PgDn en Home End leest (een letter typen brengt u terug naar de invoer, Esc ook).
Vanuit de invoer scrollen PgUp en PgDn het gesprek, Ctrl+Home en Ctrl+End gaan naar het begin en het
nieuwste. Hebt u teruggescrold, dan blijft het gesprek staan als er een antwoord komt; een regel onderaan
zegt dat er meer is. Het paneel rechts telt de bronnen van de huidige norm tegen het minimum en toont de
normen die nog komen. F6 en F7 zijn de vorige en de volgende norm, net als in de regelmodus.

Een gesprek zet u voort (ook een andere dag) met F3 in het gesprek: kies het uit de lijst, of begin een
nieuw. De rondgang gaat verder bij de norm waar hij was. Escape in het formulier gaat terug.
"""

EngineCall = Callable[["AuditSession"], "list[Message]"]


@dataclass
class Request:
    """One request to the engine, waiting or running."""

    call: EngineCall
    """What to ask the engine (run in the worker)."""
    turn: AuditorTurn
    """The auditor's turn that shows it in the chat."""
    text: str = ""
    """The typed line, given back to the input when nothing was stored ('' for keys and the form)."""
    starts_interview: bool = False
    """True for the start of a gesprek (a failure goes back to the form)."""


def _run_line(line: str) -> EngineCall:
    return lambda session: session.conversation.handle(line)


class InterviewScreen(Screen):
    """Form first, then the chat with the side panel."""

    CSS_PATH = "interview.tcss"
    HELP = HELP
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "previous", "Vorige", id="interview.previous", tooltip="De vorige norm (/vorige)"),
        Binding("f7", "next", "Volgende", id="interview.next", tooltip="De volgende norm (/volgende)"),
        Binding("f8", "skip", "Overslaan", id="interview.skip", tooltip="Deze norm nu overslaan (/overslaan)"),
        Binding("f9", "mark('bewijs')", "Bewijs", id="interview.evidence",
                tooltip="Maak van de laatste notitie bewijs"),
        Binding("f10", "mark('suggestie')", "Suggestie", id="interview.suggestion",
                tooltip="Maak van de laatste notitie een suggestie (knelpunt of verbetersuggestie)"),
        Binding("ctrl+n", "new_interview", "Nieuw gesprek", id="interview.new",
                tooltip="Een nieuw gesprek beginnen (andere rollen)"),
        Binding("escape", "leave_form", "Terug", id="interview.leave_form", show=False,
                tooltip="Terug naar het gesprek (of het normenbord) zonder een nieuw gesprek te beginnen"),
        Binding("pageup", "chat_page(-1)", "Lezen", key_display="PgUp/Dn", id="interview.page-up", priority=True,
                tooltip="Het gesprek een scherm terug scrollen (ook tijdens het typen)"),
        Binding("pagedown", "chat_page(1)", "Lezen", show=False, id="interview.page-down", priority=True,
                tooltip="Het gesprek een scherm verder scrollen (ook tijdens het typen)"),
        Binding("ctrl+home", "chat_edge(0)", "Begin", show=False, id="interview.chat-home", priority=True,
                tooltip="Naar het begin van het gesprek (ook tijdens het typen)"),
        Binding("ctrl+end", "chat_edge(1)", "Nieuwste", show=False, id="interview.chat-end", priority=True,
                tooltip="Naar het nieuwste in het gesprek, dat daarna weer wordt gevolgd"),
    ]

    @dataclass
    class Replied(TextualMessage):
        """The engine answered one request (posted by the worker)."""

        text: str
        """What was shown as the auditor's turn ('' for the start of a gesprek)."""
        messages: "list[Message]"
        """The engine's reply."""
        panel: PanelState
        """The side panel's new state."""
        failed: bool
        """True when nothing was stored (an error message in the reply)."""

    def __init__(self) -> None:
        super().__init__()
        self._queue: deque[Request] = deque()
        self._busy = False
        self._engine_lock = threading.Lock()
        self.form_first = False
        """Show the form on mount even when a gesprek is going on (set by `ToetsApp.new_interview`)."""
        self.pick_first = False
        """Offer the list of interviews on mount (set by `ToetsApp.pick_interview`)."""
        self.picker_due = False
        """The list of interviews is about to be shown: keys typed meanwhile wait for it (`N` right behind
        F3 starts a new interview instead of reaching the form below)."""

    @property
    def session(self) -> "AuditSession":
        return self.app.session  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            with ContentSwitcher(initial="form", id="switcher"):
                yield InterviewForm(id="form")
                with Vertical(id="talk"):
                    yield Chat(id="chat")
                    yield Static("", id="status", markup=False)
                    yield PromptInput(self._suggester(), id="prompt")
            yield NormPanel(id="panel")
        yield KeyBar()

    def _suggester(self) -> CommandSuggester:
        from flows.commands import ADVICE_OFFERED, COMMANDS, ORDERS
        from flows.plans import STATE_CHOICES
        from normsets.model import JUDGEMENTS, ROLES

        commands = {name: command.completes for command in COMMANDS for name in command.names}
        normset = self.session.normset if self.app.session is not None else None  # type: ignore[attr-defined]
        arguments = {
            "norm": normset.norm_ids if normset is not None else (),
            "rollen": tuple(ROLES),
            "oordeel": tuple(JUDGEMENTS),
            "opdracht": tuple(command.name for command in COMMANDS),
            "volgorde": ORDERS,
            "kern": self._kern_fields(),
            "advies": ADVICE_OFFERED,
            "pva": STATE_CHOICES,
        }
        return CommandSuggester(commands, arguments)

    @staticmethod
    def _kern_fields() -> tuple[str, ...]:
        from assistant.store import Kerngegevens

        return Kerngegevens.field_names()

    def on_mount(self) -> None:
        prompt = self.query_one(PromptInput)
        prompt.value = self.app.drafts.stored(CHAT_KEY)  # type: ignore[attr-defined]
        conversation = self.session.conversation
        if self.session.read_only:
            # Nothing can be stored, but /open, /status, /norm and /help still show the audit.
            prompt.placeholder = "Alleen-lezen: /open, /status, /norm ID en /help werken; opslaan niet"
            self._show_talk()
        elif conversation.current_source is not None and not self.form_first:
            self._show_talk()
        else:
            self.query_one(InterviewForm).reset()
        self._refresh_panel(opening=True)
        if self.pick_first or (conversation.current_source is None and not self.form_first
                               and not self.session.read_only and conversation.interviews()):
            # Reopened without an interview to go on with, but there are some: offer them first.
            self.pick_first = False
            self.offer_interviews_after_refresh()

    def on_screen_suspend(self) -> None:
        self.app.drafts.flush_in_background()  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self._refresh_panel()

    # -- switching between form and chat -----------------------------------------------------------

    def show_form(self) -> None:
        self.query_one(ContentSwitcher).current = "form"
        self.query_one(InterviewForm).reset()

    def _show_talk(self) -> None:
        self.query_one(ContentSwitcher).current = "talk"
        self.set_focus(self.query_one(PromptInput))

    def on_interview_form_started(self, message: InterviewForm.Started) -> None:
        if self.session.read_only:
            self.query_one(InterviewForm).show_error("Deze toetsing is alleen-lezen geopend.")
            return
        roles, label, when = message.roles, message.label, message.date
        shown = f"gesprek {', '.join(roles)}" + (f" — {label}" if label else "") + f" ({when})"
        self._show_talk()
        self._enqueue(shown, lambda session: session.conversation.start_interview(roles, label, when),
                      restore=False, starts_interview=True)

    def action_new_interview(self) -> None:
        self.show_form()

    # -- sending lines ------------------------------------------------------------------------------

    @on(PromptInput.Sent)
    def _line_sent(self, message: PromptInput.Sent) -> None:
        self.query_one(Chat).to_newest()  # the auditor's own line: show it and what comes back
        self._enqueue(message.text, _run_line(message.text))

    # -- reading the chat by keyboard -----------------------------------------------------------------

    def action_chat_page(self, direction: int) -> None:
        chat = self.query_one(Chat)
        if direction < 0:
            chat.scroll_page_up(animate=False)
        else:
            chat.scroll_page_down(animate=False)

    def action_chat_edge(self, end: int) -> None:
        chat = self.query_one(Chat)
        if end:
            chat.to_newest()
        else:
            chat.scroll_home(animate=False)

    @on(Chat.TypedAway)
    def _typed_in_chat(self, message: Chat.TypedAway) -> None:
        """A letter typed while reading the chat goes into the input, after what is there."""
        from textual import events

        prompt = self.query_one(PromptInput)
        self.set_focus(prompt)
        prompt.cursor_position = len(prompt.value)
        prompt._forward_event(events.Key(message.key, message.character))  # as if typed there

    @on(Chat.Leave)
    def _leave_chat(self) -> None:
        self.set_focus(self.query_one(PromptInput))

    @on(Input.Changed, "#prompt")
    def _prompt_changed(self, event: Input.Changed) -> None:
        self.app.drafts.update(CHAT_KEY, event.value)  # type: ignore[attr-defined]

    def action_next(self) -> None:
        self._command("/volgende")

    def action_previous(self) -> None:
        self._command("/vorige")

    def action_skip(self) -> None:
        self._command("/overslaan")

    def action_mark(self, kind: str) -> None:
        self._enqueue(f"(laatste notitie wordt {kind})", lambda session: session.conversation.mark_last(kind),
                      restore=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "previous", "skip", "mark", "chat_page", "chat_edge"):
            return self.is_mounted and self.query_one(ContentSwitcher).current == "talk"
        if action == "leave_form":
            return self.is_mounted and self.query_one(ContentSwitcher).current == "form"
        return True

    def _command(self, line: str) -> None:
        self._show_talk()
        self._enqueue(line, _run_line(line), restore=False)

    def _enqueue(self, text: str, call: EngineCall, *, restore: bool = True, starts_interview: bool = False) -> None:
        turn = self.query_one(Chat).add_auditor(text)
        if not restore:
            turn.add_class("-command")
        self._queue.append(Request(call, turn, text if restore else "", starts_interview))
        self._next_request()

    async def finish_sent_lines(self, timeout: float) -> list[str]:
        """Let the lines already sent be handled (quitting right after Enter must not lose the line).

        Waits at most `timeout` seconds; returns the typed lines that are still waiting, for the caller to
        keep as the chat's draft (so a line is at worst offered back, never gone).
        """
        import asyncio

        deadline = asyncio.get_running_loop().time() + timeout
        while self._queue and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return [request.text for request in self._queue if request.text]

    def _next_request(self) -> None:
        if self._busy or not self._queue:
            return
        self._busy = True
        request = self._queue[0]
        self._handle(self.session, request.text, request.call)

    @work(thread=True, exit_on_error=False, group="opslaan", exclusive=False)
    def _handle(self, session: "AuditSession", text: str, call: EngineCall) -> None:
        from assistant.store import StoreError
        from flows.messages import ERROR, Message, has_error

        try:
            with self._engine_lock:
                messages = list(call(session))
        except StoreError as error:
            messages = [Message(ERROR, str(error))]
        except Exception as error:  # an engine bug must not lose the line: report it and give it back
            messages = [Message(ERROR, f"Er ging iets mis ({type(error).__name__}: {error}). "
                                       "Er is niets opgeslagen; uw tekst staat weer in de invoer.")]
        try:
            with self._engine_lock:
                panel = PanelState.build(session)
        except Exception:
            panel = PanelState()
        self.post_message(self.Replied(text, messages, panel, has_error(messages)))

    def on_interview_screen_replied(self, message: Replied) -> None:
        self._busy = False
        request = self._queue.popleft() if self._queue else None
        self.query_one(Chat).add_reply(message.messages)
        if message.failed:
            if request is not None:
                request.turn.mark(FAILED)
            if message.text:
                # Nothing was stored: give back this line and every line still waiting behind it.
                waiting = [queued.text for queued in self._queue if queued.text]
                for queued in self._queue:
                    queued.turn.mark(FAILED)
                self._queue.clear()
                self.query_one(PromptInput).restore(" ".join([message.text, *waiting]))
            if request is not None and request.starts_interview:
                self.query_one(ContentSwitcher).current = "form"
                errors = [m.text for m in message.messages if m.kind == "error"]
                self.query_one(InterviewForm).show_error(" ".join(errors))
            save_errors = [m.text for m in message.messages if m.kind == "error" and "pslaan mislukt" in m.text]
            if save_errors:
                self.notify(visible_lines(save_errors[0]), title="Niet opgeslagen", severity="error", timeout=30,
                            markup=False)
        else:
            if request is not None:
                request.turn.mark(SAVED)
            self.app.post_message(AuditChanged("gesprek", message.panel.norm_id))
        self._apply_panel(message.panel)
        self._next_request()
        if request is not None and request.starts_interview and not message.failed:
            self._ask_same_person(message.messages)
        if self.session.conversation.finished:
            # /stop ends the session over this audit, as in the line mode: back to the start screen.
            said = message.messages[-1].text if message.messages else "Sessie beëindigd."
            self.notify(said, title="Gesprek klaar", markup=False)
            self.app.close_session()  # type: ignore[attr-defined]

    # -- continuing an interview (issue 10: one person is one source) -------------------------------

    def offer_interviews_after_refresh(self) -> None:
        """Offer the interviews once this screen has been painted; keys typed until then wait for the list."""
        self.picker_due = True
        self.call_after_refresh(self.pick_interview)

    def pick_interview(self) -> None:
        """Offer the audit's interviews to continue, or a new one (F3 on this screen, the palette)."""
        from assistant.screens.interview_picker import InterviewPicker

        self.picker_due = False
        conversation = self.session.conversation
        found = conversation.interviews()
        if not found:
            if not self.session.read_only:
                self.show_form()
            return
        current = conversation.current_source
        self.app.push_screen(InterviewPicker(found, current.id if current is not None else None), self._picked)

    def _picked(self, choice: str | None) -> None:
        from assistant.screens.interview_picker import NEW

        if choice is None:
            return
        if choice == NEW:
            if self.session.read_only:
                self.notify("Deze toetsing is alleen-lezen geopend; er kan geen gesprek beginnen.", severity="warning")
                return
            self.show_form()
            return
        self._show_talk()
        self._enqueue("(gesprek voortzetten)", lambda session: session.conversation.continue_interview(choice),
                      restore=False)

    def action_leave_form(self) -> None:
        """Escape on the form: back to the interview going on, or to the board when there is none."""
        if self.session.conversation.current_source is not None:
            self._show_talk()
        else:
            self.app.show_board()  # type: ignore[attr-defined]

    def _ask_same_person(self, messages: "list[Message]") -> None:
        """The engine asks whether a new interview is one that exists: answer in a dialog, not by typing."""
        from assistant.screens.interview_picker import SamePersonModal

        question = next((message for message in messages if message.kind == "confirm"), None)
        if question is None:
            return
        body = "\n\n".join([question.text, *question.lines[:-1]])
        self.app.push_screen(SamePersonModal(body), self._same_person_answered)

    def _same_person_answered(self, same: bool | None) -> None:
        if same is None:  # Escape: neither; back to the form as it was filled in
            self.session.conversation.forget_pending()
            self.query_one(ContentSwitcher).current = "form"
            self.query_one("#label").focus()
            return
        self._command("/ja" if same else "/nee")

    # -- side panel ---------------------------------------------------------------------------------

    def _apply_panel(self, panel: PanelState) -> None:
        self.query_one(NormPanel).state = panel
        self.query_one("#status", Static).update(panel.status_line)

    @work(thread=True, exit_on_error=False, group="paneel", exclusive=True)
    def _refresh_panel(self, opening: bool = False) -> None:
        try:
            with self._engine_lock:
                panel = PanelState.build(self.session)
                messages = self.session.conversation.opening() if opening else []
        except Exception:
            return
        self.app.call_from_thread(self._show_opening, messages, panel)

    def _show_opening(self, messages: "list[Message]", panel: PanelState) -> None:
        if messages:
            self.query_one(Chat).add_reply(messages)
        self._apply_panel(panel)
