"""The full-screen app: holds the open audit, moves between screens, and makes sure nothing typed is lost.

It stays thin on purpose. Screens live in `assistant/screens/`, widgets in `assistant/widgets/`; the app
opens audits in a thread worker, keeps the drafts (`DraftKeeper`), and saves them before it goes down,
whether it quits, crashes or gets SIGTERM/SIGHUP.

What the app shows of an audit (the organisation in the header, messages that quote a file or a text)
is plain text with control characters visible (`flows.safe_text`), never markup; see also
`assistant/widgets/safe_fields.py` for the text fields.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from assistant.drafts import DraftKeeper, describe_drafts
from assistant.lifecycle import TEXTUAL_TERMINAL_RESET, Watchdog, hangup_safe_driver
from assistant.memory import release_closed_screens
from assistant.messages import AuditChanged, AuditOpened, AuditOpenFailed, DraftSaveFailed
from assistant.type_ahead import TypeAheadApp
from flows.safe_text import visible, visible_lines

if TYPE_CHECKING:
    from assistant.session import AuditSession

LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"

HELP = """\
## Overal

Toetsassistent werkt in schermen. F1 toont deze hulp, Ctrl+P het opdrachtenpalet
(ga naar norm, nieuw gesprek, exporteer, ...), Ctrl+T wisselt tussen licht en donker, Ctrl+Q stopt.
Met een geopende toetsing: F2 normenbord, F3 gesprek, F4 samenvatting, F5 exporteren, Ctrl+O terug naar
de lijst van toetsingen. F3 in het gesprek toont alle gesprekken: zet er een voort of begin een nieuw.
F6 en F7 zijn overal de vorige en de volgende norm (ook in de regelmodus). Onderaan elk scherm staan de
toetsen die daar werken.
Wat u typt wordt binnen een seconde bewaard, ook als u nog niet op Enter hebt gedrukt; wat u typt
terwijl een scherm nog opent, komt daarna op zijn plaats terecht.
"""


def _audit_commands():
    """The palette provider, imported when the palette first opens (keeps startup light)."""
    from assistant.commands import AuditCommands

    return AuditCommands


#: The app's own actions that change screens; not while a dialog asks something.
NAVIGATION = ("show_help", "show_board", "show_interview", "show_summary", "show_export", "close_audit")
#: The screen each F-key shows; its key is left out of the key bar on that screen itself.
SCREEN_OF_ACTION = {"show_board": "BoardScreen", "show_interview": "InterviewScreen",
                    "show_summary": "SummaryScreen", "show_export": "ExportScreen"}


class ToetsApp(TypeAheadApp[int]):
    """Toetsassistent: gesprekken per norm, bronnen tellen, oordelen en exporteren."""

    TITLE = "Toetsassistent"
    SUB_TITLE = "Kwaliteitslabel Sociaal Werk"
    HELP = HELP
    COMMANDS = {_audit_commands}
    ENABLE_COMMAND_PALETTE = True
    #: The start screen is the default screen (see `get_default_screen`), whose own CSS_PATH Textual does
    #: not load; its stylesheet is loaded with the app's.
    CSS_PATH = "screens/start.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: a screen switch happens when the key is read, so what is typed behind it waits for
        # the new screen (see assistant/type_ahead.py) instead of going to the old one.
        Binding("f1", "show_help", "Hulp", id="app.help", priority=True, tooltip="Alle toetsen en opdrachten"),
        Binding("f2", "show_board", "Normen", id="app.board", priority=True,
                tooltip="Het normenbord: alle normen en oordelen"),
        Binding("f3", "show_interview", "Gesprek", id="app.interview", priority=True,
                tooltip="Het gesprek (chat) voortzetten"),
        Binding("f4", "show_summary", "Samenvatting", id="app.summary", priority=True,
                tooltip="Kerngegevens, complimenten, zorgpunten en advies"),
        Binding("f5", "show_export", "Export", id="app.export", priority=True,
                tooltip="Rapport, werkdocument of JSON exporteren"),
        Binding("ctrl+o", "close_audit", "Toetsingen", id="app.close", show=False, priority=True,
                tooltip="Sluit de toetsing en ga terug naar de lijst van toetsingen"),
        Binding("ctrl+t", "toggle_theme", "Thema", id="app.theme", show=False,
                tooltip="Wissel tussen licht en donker"),
        Binding("ctrl+q", "quit", "Stop", id="app.quit", priority=True,
                tooltip="Bewaar alles en stop toetsassistent"),
        Binding("ctrl+p", "command_palette", "Opdrachten", id="app.palette", priority=True,
                tooltip="Zoek een opdracht: ga naar norm, nieuw gesprek, exporteer, thema wisselen, ..."),
    ]

    def __init__(self, path: Path | None = None, *, demo: bool = False, read_only: bool = False) -> None:
        super().__init__()
        self.theme = DARK_THEME
        self.session: "AuditSession | None" = None
        self.drafts = DraftKeeper(self)
        self._initial_path = Path(path) if path is not None else None
        self._initial_demo = demo
        self._initial_read_only = read_only
        self.opening_initial = demo or path is not None
        """True until the audit named on the command line has been opened (or failed to open)."""
        self._leaving = False
        self._exit_loop: asyncio.AbstractEventLoop | None = None
        self._exit_requested = False
        self._handover_lock = threading.Lock()
        self._handed_over: list["AuditSession"] = []
        self._openings = 0
        self._initials_asked = False
        """Whether the auditor's initials were asked for (or found) in this run."""

    def keys_may_wait(self) -> bool:
        """Keys typed while an audit is being opened wait for its board (not the start screen's hotkeys), and
        keys typed behind F3 wait for the list of interviews when the interview screen is about to offer it."""
        return self._openings > 0 or self.opening_initial or getattr(self.screen, "picker_due", False)

    # -- life cycle -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The start screen is the bottom of the stack, so the first frame is already the real one."""
        from assistant.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self._accept_exit_requests()
        self.screen_change_signal.subscribe(self, lambda _screen: release_closed_screens(self))
        # Open what was asked for once the first frame is out, so the opening does not delay it.
        self.call_after_refresh(self._open_initial)

    def _open_initial(self) -> None:
        if self._initial_demo:
            self.open_demo()
        elif self._initial_path is not None:
            self.open_audit(self._initial_path, read_only=self._initial_read_only)

    def _accept_exit_requests(self) -> None:
        """Let `request_exit` reach this loop; carry out a request that came before the loop ran.

        The signals themselves are the process's business (`run_app` and `assistant.lifecycle`), so an
        app in a Pilot test never touches them.
        """
        self._exit_loop = asyncio.get_running_loop()
        if self._exit_requested:
            self._on_terminate_signal()

    def request_exit(self) -> None:
        """Ask the app to end, from any thread: the watchdog's request after SIGHUP, SIGTERM or a lost terminal.

        Returns at once. The app leaves on its own loop; `shutdown` then saves the drafts and closes
        the audit.
        """
        self._exit_requested = True
        self._leaving = True
        loop = self._exit_loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._on_terminate_signal)
            except RuntimeError:
                pass  # the loop has closed: the app is already past its exit

    def _on_terminate_signal(self) -> None:
        """SIGTERM / SIGHUP / lost terminal, on the event loop: leave cleanly, in whatever screen or state.

        The exit waits for the messages already in flight: a screen that is being mounted (the board of
        an audit that just opened, the start screen at startup) finds its widgets gone if the app closes
        under its `on_mount`. The drafts are saved by the watchdog's helper thread and by `shutdown`, not
        here, so the loop is free to wind down at once.
        """
        self._leaving = True
        self.call_after_refresh(self._exit_after_signal)

    def _exit_after_signal(self) -> None:
        if self.return_code is None and self.is_running:
            self.exit(0)

    @property
    def leaving(self) -> bool:
        """True once the app has been asked to end (quit, signal, lost terminal)."""
        return self._leaving or self.return_code is not None

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception ends the app: save the drafts first, then let Textual report it."""
        try:
            self.drafts.flush()
        except BaseException:  # the crash report matters more than a second failure
            pass
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        self._leaving = True
        await self._finish_sent_lines()
        self.drafts.flush()
        self.prepare_fast_exit()
        self.exit(0)

    async def _finish_sent_lines(self) -> None:
        """Lines sent in the chat but not yet saved are saved before quitting, or else kept as the draft."""
        if self.session is None or not self.is_screen_installed("gesprek"):
            return
        screen = self.get_screen("gesprek")
        waiting = await screen.finish_sent_lines(timeout=2.0)
        if waiting:
            from assistant.drafts import CHAT_KEY

            typed = self.drafts.stored(CHAT_KEY)
            self.drafts.update(CHAT_KEY, " ".join([*waiting, typed]).strip())

    def prepare_fast_exit(self) -> None:
        """Nothing needs the garbage collector any more: after a long session (hundreds of chat turns) the
        interpreter spent a second or more collecting at exit, while the app looked frozen. Freezing the heap
        leaves that memory to the operating system. Only for a real run: tests keep collecting."""
        if not self.is_headless:
            import gc

            gc.freeze()

    def shutdown(self) -> None:
        """After the event loop has ended: write what is pending and close the audit (folds the journal).

        Also closes an audit that an opening worker finished while the app was going down, so its lock
        is released and its journal folded even when the app never got to show it.
        """
        with self._handover_lock:
            self._leaving = True
            orphans = [session for session in self._handed_over if session is not self.session]
            self._handed_over.clear()
        self.drafts.flush()
        for session in [*orphans, self.session]:
            if session is None:
                continue
            try:
                session.close()  # closing twice is harmless
            except Exception:
                pass
        self.session = None

    def _hand_over_session(self, session: "AuditSession", *, created: bool = False) -> None:
        """From an opening worker: give `session` to the app, or close it when the app is ending."""
        with self._handover_lock:
            if not self._leaving:
                self._handed_over.append(session)
                if self.post_message(AuditOpened(session, created=created)):
                    return
                self._handed_over.remove(session)
        session.close()

    # -- opening audits ---------------------------------------------------------------------------

    def open_audit(self, path: Path, read_only: bool = False) -> None:
        """Open `path` in a worker; the result comes back as AuditOpened / AuditOpenFailed."""
        self._openings += 1
        self._open_worker(Path(path), read_only)

    def open_demo(self) -> None:
        """Make a fresh copy of the demo audit in the audits folder and open it."""
        self._openings += 1
        self._demo_worker()

    def _opening_done(self) -> None:
        self._openings = max(0, self._openings - 1)

    @work(thread=True, exit_on_error=False, group="openen", exclusive=True)
    def _open_worker(self, path: Path, read_only: bool) -> None:
        from assistant.session import AuditSession
        from assistant.store import AuditLocked, StoreError
        from normsets import NormSetError

        try:
            session = AuditSession.open(path, read_only=read_only)
        except AuditLocked as error:
            self.post_message(AuditOpenFailed(path, str(error), locked=True))
        except (StoreError, NormSetError) as error:
            self.post_message(AuditOpenFailed(path, str(error)))
        except OSError as error:
            from assistant.store.errors import os_reason

            self.post_message(AuditOpenFailed(path, f"Kan '{path}' niet openen: {os_reason(error)}."))
        else:
            self._hand_over_session(session)

    @work(thread=True, exit_on_error=False, group="openen", exclusive=True)
    def _demo_worker(self) -> None:
        from assistant.locations import audits_dir, ensure_private_dir
        from assistant.session import AuditSession
        from assistant.store import StoreError
        from normsets import NormSetError

        try:
            from assistant.demo import create_demo

            path = create_demo(ensure_private_dir(audits_dir()))
            session = AuditSession.open(path)
        except (StoreError, NormSetError, OSError, ImportError) as error:
            self.post_message(AuditOpenFailed(None, f"De demotoetsing kon niet worden gemaakt: {error}"))
        else:
            self._hand_over_session(session, created=True)

    def adopt_session(self, session: "AuditSession", *, created: bool = False) -> None:
        """Make `session` the open audit (on the event loop)."""
        old = self.session
        if old is not None and old is not session:
            self.drafts.flush()
            self._close_in_background(old)
        self.session = session
        self._drop_interview_screen()
        offered = self.drafts.attach(session.audit_file)
        name = session.snapshot().kern.organisatie or (session.path.stem if session.path else "toetsing")
        self.sub_title = visible(name) + (" (alleen-lezen)" if session.read_only else "")
        for warning in session.warnings:
            self.notify(visible_lines(warning), title="Let op", severity="warning", timeout=12, markup=False)
        if offered:
            places = visible(describe_drafts(list(offered)))
            self.notify(f"Niet-opgeslagen tekst van de vorige keer staat klaar: {places}.",
                        title="Concept bewaard", timeout=8, markup=False)
        if created and session.path is not None:
            self.notify(f"Bewaard als '{visible(session.path.name)}' in uw gegevensmap. F3 begint een gesprek.",
                        title="Toetsing aangemaakt", timeout=8, markup=False)
        self.show_board()
        self._ask_initials(session)

    @work(thread=True, exit_on_error=False, group="sluiten")
    def _close_in_background(self, session: "AuditSession") -> None:
        session.close()

    def close_session(self) -> None:
        """Back to the start screen without an open audit."""
        if self.session is None:
            return
        self.drafts.flush()
        self.drafts.attach(None)
        self._close_in_background(self.session)
        self.session = None
        self._drop_interview_screen()
        self.sub_title = self.SUB_TITLE
        self._to_base()

    def on_audit_opened(self, message: AuditOpened) -> None:
        self._opening_done()
        self.opening_initial = False
        self.adopt_session(message.session, created=message.created)

    def on_audit_open_failed(self, message: AuditOpenFailed) -> None:
        self._opening_done()
        if self.opening_initial:
            self.opening_initial = False
            from assistant.screens.start import StartScreen

            if isinstance(self.screen, StartScreen):
                self.screen.action_reload()  # it skipped reading its list while the audit was opening
        if message.locked and message.path is not None:
            from assistant.widgets.confirm import ConfirmModal

            path = message.path

            def answer(read_only: bool | None) -> None:
                if read_only:
                    self.open_audit(path, read_only=True)

            self.push_screen(
                ConfirmModal("Toetsing is in gebruik", message.message,
                             yes="Alleen-lezen openen", no="Annuleren"),
                answer,
            )
            return
        from assistant.widgets.confirm import NoticeModal

        self.push_screen(NoticeModal("Openen mislukt", message.message))

    def on_draft_save_failed(self, message: DraftSaveFailed) -> None:
        self.notify(visible_lines(message.message), title="Concept niet opgeslagen", severity="error", timeout=15,
                    markup=False)

    def on_audit_changed(self, message: AuditChanged) -> None:
        """Pass the news on to the screen on top (review screens refresh on it)."""
        if not self.screen_stack:
            return  # shutting down
        screen = self.screen
        if screen is not message._sender:
            screen.post_message(AuditChanged(message.what, message.norm_id))

    # -- navigation -------------------------------------------------------------------------------

    def _base_depth(self) -> int:
        """How many screens stay when going back to the start: up to and including the start screen."""
        from assistant.screens.start import StartScreen

        for depth, screen in enumerate(self.screen_stack):
            if isinstance(screen, StartScreen):
                return depth + 1
        return len(self.screen_stack)

    def _to_base(self) -> None:
        self.drafts.flush_in_background()
        while len(self.screen_stack) > self._base_depth():
            self.pop_screen()

    def _show_main(self, screen: Screen | str) -> None:
        """Replace whatever is above the start screen by `screen`."""
        if self.session is None:
            self.notify("Open eerst een toetsing.", severity="warning")
            return
        self._to_base()
        self.push_screen(screen)

    def show_board(self) -> None:
        from assistant.screens.board import BoardScreen

        self._show_main(BoardScreen())

    def show_norm(self, norm_id: str) -> None:
        if self.session is None:
            return
        from assistant.screens.norm import NormScreen

        if isinstance(self.screen, NormScreen):
            self.screen.go_to(norm_id)
        else:
            self.drafts.flush_in_background()
            self.push_screen(NormScreen(norm_id))

    def show_summary(self) -> None:
        from assistant.screens.summary import SummaryScreen

        self._show_main(SummaryScreen())

    def show_export(self) -> None:
        from assistant.screens.export import ExportScreen

        self._show_main(ExportScreen())

    def _interview_screen(self):
        from assistant.screens.interview import InterviewScreen

        if not self.is_screen_installed("gesprek"):
            self.install_screen(InterviewScreen(), "gesprek")
        return self.get_screen("gesprek")

    def _drop_interview_screen(self) -> None:
        if self.is_screen_installed("gesprek"):
            screen = self.get_screen("gesprek")
            if screen in self.screen_stack:
                self._to_base()
            self.uninstall_screen("gesprek")

    def show_interview(self) -> None:
        """Continue the interview (the form when none has started); on the interview itself: pick another."""
        if self.session is None:
            self.notify("Open eerst een toetsing.", severity="warning")
            return
        screen = self._interview_screen()
        if self.screen is screen:
            screen.pick_interview()
            return
        self._show_main("gesprek")

    def pick_interview(self) -> None:
        """The list of interviews to continue (or a new one), on the interview screen."""
        if self.session is None:
            self.notify("Open eerst een toetsing.", severity="warning")
            return
        screen = self._interview_screen()
        if self.screen is screen:
            screen.pick_interview()
            return
        if screen.is_mounted:
            self._show_main("gesprek")
            screen.offer_interviews_after_refresh()
        else:
            screen.pick_first = True
            self._show_main("gesprek")

    def new_interview(self) -> None:
        """Start a new gesprek: the form for roles, description and date."""
        if self.session is None:
            self.notify("Open eerst een toetsing.", severity="warning")
            return
        screen = self._interview_screen()
        if self.screen is not screen:
            self._show_main("gesprek")
        if screen.is_mounted:
            screen.show_form()
        else:
            screen.form_first = True

    def show_help(self) -> None:
        from assistant.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def new_audit(self) -> None:
        from assistant.screens.new_audit import NewAuditScreen

        self.push_screen(NewAuditScreen())

    # -- duo audit: merging another auditor's copy, and the auditor's initials (issue 13) ----------

    def show_merge(self, target: Path | None = None) -> None:
        """The merge screen for `target`: by default the open audit, else the audit chosen on the start screen."""
        from assistant.screens.merge import MergeScreen
        from assistant.screens.start import StartScreen

        if target is None and self.session is not None:
            target = self.session.path
        if target is None and isinstance(self.screen, StartScreen):
            entry = self.screen.selected()
            target = entry.path if entry is not None and not entry.error else None
        if target is None:
            self.notify("Kies eerst op het startscherm de toetsing waarin u wilt samenvoegen, of open haar.",
                        severity="warning")
            return
        self.drafts.flush_in_background()
        self.push_screen(MergeScreen(target))

    def _ask_initials(self, session: "AuditSession") -> None:
        """On first use: ask for the auditor's initials once per run (a writable audit was just opened)."""
        if self._initials_asked or session.read_only:
            return
        self._initials_asked = True
        self._initials_check(session)

    @work(thread=True, exit_on_error=False, group="initialen")
    def _initials_check(self, session: "AuditSession") -> None:
        from assistant.identity import auditor_initials

        if not auditor_initials():
            self.call_from_thread(self._push_initials_modal, session)

    def _push_initials_modal(self, session: "AuditSession") -> None:
        from assistant.widgets.initials import InitialsModal

        def given(initials: str | None) -> None:
            if initials:
                session.audit_file.author = initials
                self._initials_save(initials)

        self.push_screen(InitialsModal(session.audit_file.meta.auditor), given)

    @work(thread=True, exit_on_error=False, group="initialen")
    def _initials_save(self, initials: str) -> None:
        from assistant.identity import save_initials

        try:
            save_initials(initials)
        except OSError as error:
            self.call_from_thread(self.notify, f"Uw initialen konden niet worden bewaard ({error.strerror or error}); "
                                  "ze gelden nu alleen tot u stopt.", severity="warning", markup=False)

    # -- actions ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NAVIGATION and isinstance(self.screen, ModalScreen):
            return False  # a dialog waits for its answer; F-keys do not pull the screen from under it
        if action in ("show_board", "show_interview", "show_summary", "show_export", "close_audit"):
            if self.session is None:
                return False
            if SCREEN_OF_ACTION.get(action) == type(self.screen).__name__ and action != "show_interview":
                return False  # already there (F3 on the interview lists the interviews to continue)
        return True

    def action_close_audit(self) -> None:
        self.close_session()

    def action_show_help(self) -> None:
        self.show_help()

    def action_show_board(self) -> None:
        self.show_board()

    def action_show_interview(self) -> None:
        self.show_interview()

    def action_show_summary(self) -> None:
        self.show_summary()

    def action_show_export(self) -> None:
        self.show_export()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Zoek een opdracht of norm…", id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C copies in a text field; say how to stop instead."""
        self.notify("Stoppen doet u met Ctrl+Q; alles is dan bewaard.", title="Wilt u stoppen?")

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME


def run_app(path: Path | None, demo: bool, read_only: bool) -> int:
    """Run the full-screen app; returns the exit code for the shell.

    The process, not the app, owns the termination signals: they are blocked here before Textual starts
    its threads, and the watchdog turns them (and a terminal that disappears) into `request_exit`, saves
    the drafts, and ends the process if it has not ended by itself within the grace period.
    """
    app = ToetsApp(path, demo=demo, read_only=read_only)
    watchdog = Watchdog(terminal_reset=TEXTUAL_TERMINAL_RESET)
    watchdog.block()
    watchdog.start(request_exit=app.request_exit, save=app.drafts.flush)
    app.driver_class = hangup_safe_driver(app.driver_class, lambda: app.leaving or watchdog.terminating)
    try:
        result = app.run()
    finally:
        app.shutdown()
    # Everything is saved and closed. The interpreter's last garbage collection would walk the whole of
    # Textual's object graph once more (over a second on a small machine, longer than a closed terminal
    # may wait): freeze it, so the process ends as soon as it has nothing left to do.
    gc.freeze()
    if app.return_code:
        return app.return_code
    return int(result or 0)
