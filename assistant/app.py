"""The full-screen app: holds the open audit, moves between screens, and makes sure nothing typed is lost.

It stays thin on purpose. Screens live in `assistant/screens/`, widgets in `assistant/widgets/`; the app
opens audits in a thread worker, keeps the drafts (`DraftKeeper`), and saves them before it goes down,
whether it quits, crashes or gets SIGTERM/SIGHUP.

What the app shows of an audit (the organisation in the header, messages that quote a file or a text)
is plain text with control characters visible (`flows.safe_text`), never markup; see also
`assistant/widgets/safe_fields.py` for the text fields.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from assistant.drafts import DraftKeeper, describe_drafts
from assistant.messages import AuditChanged, AuditOpened, AuditOpenFailed, DraftSaveFailed
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
de lijst van toetsingen.
Wat u typt wordt binnen een seconde bewaard, ook als u nog niet op Enter hebt gedrukt.
"""


def _audit_commands():
    """The palette provider, imported when the palette first opens (keeps startup light)."""
    from assistant.commands import AuditCommands

    return AuditCommands


class ToetsApp(App[int]):
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
        Binding("f1", "show_help", "Hulp", id="app.help", tooltip="Alle toetsen en opdrachten"),
        Binding("f2", "show_board", "Normen", id="app.board", tooltip="Het normenbord: alle normen en oordelen"),
        Binding("f3", "show_interview", "Gesprek", id="app.interview", tooltip="Het gesprek (chat) voortzetten"),
        Binding("f4", "show_summary", "Samenvatting", id="app.summary", show=False,
                tooltip="Kerngegevens, complimenten, zorgpunten en advies"),
        Binding("f5", "show_export", "Export", id="app.export", show=False,
                tooltip="Rapport, werkdocument of JSON exporteren"),
        Binding("ctrl+o", "close_audit", "Toetsingen", id="app.close", show=False,
                tooltip="Sluit de toetsing en ga terug naar de lijst van toetsingen"),
        Binding("ctrl+t", "toggle_theme", "Thema", id="app.theme", show=False,
                tooltip="Wissel tussen licht en donker"),
        Binding("ctrl+q", "quit", "Stoppen", id="app.quit", priority=True,
                tooltip="Bewaar alles en stop toetsassistent"),
        Binding("ctrl+p", "command_palette", "Opdrachten", id="app.palette", priority=True, show=False,
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
        self._initials_asked = False
        """Whether the auditor's initials were asked for (or found) in this run."""

    # -- life cycle -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The start screen is the bottom of the stack, so the first frame is already the real one."""
        from assistant.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self._install_signal_handlers()
        # Open what was asked for once the first frame is out, so the opening does not delay it.
        self.call_after_refresh(self._open_initial)

    def _open_initial(self) -> None:
        if self._initial_demo:
            self.open_demo()
        elif self._initial_path is not None:
            self.open_audit(self._initial_path, read_only=self._initial_read_only)

    def _install_signal_handlers(self) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_terminate_signal)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not the main thread (tests) or no signal support: quitting still saves

    def _on_terminate_signal(self) -> None:
        """SIGTERM / SIGHUP: keep the drafts and leave cleanly."""
        self.drafts.flush()
        self.exit(0)

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception ends the app: save the drafts first, then let Textual report it."""
        try:
            self.drafts.flush()
        except BaseException:  # the crash report matters more than a second failure
            pass
        super()._handle_exception(error)

    async def action_quit(self) -> None:
        self.drafts.flush()
        self.exit(0)

    def shutdown(self) -> None:
        """After the event loop has ended: write what is pending and close the audit (folds the journal)."""
        self.drafts.flush()
        if self.session is not None:
            try:
                self.session.close()
            except Exception:
                pass
            self.session = None

    # -- opening audits ---------------------------------------------------------------------------

    def open_audit(self, path: Path, read_only: bool = False) -> None:
        """Open `path` in a worker; the result comes back as AuditOpened / AuditOpenFailed."""
        self._open_worker(Path(path), read_only)

    def open_demo(self) -> None:
        """Make a fresh copy of the demo audit in the audits folder and open it."""
        self._demo_worker()

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
            self.post_message(AuditOpenFailed(path, f"Kan '{path}' niet openen: {error.strerror or error}."))
        else:
            self.post_message(AuditOpened(session))

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
            self.post_message(AuditOpened(session, created=True))

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
        self.opening_initial = False
        self.adopt_session(message.session, created=message.created)

    def on_audit_open_failed(self, message: AuditOpenFailed) -> None:
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
            self.switch_screen(NormScreen(norm_id))
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
        """Continue the interview (the form when none has started)."""
        if self.session is None:
            self.notify("Open eerst een toetsing.", severity="warning")
            return
        screen = self._interview_screen()
        if self.screen is screen:
            return
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
        if action in ("show_board", "show_interview", "show_summary", "show_export", "close_audit"):
            return self.session is not None
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
    """Run the full-screen app; returns the exit code for the shell."""
    app = ToetsApp(path, demo=demo, read_only=read_only)
    try:
        result = app.run()
    finally:
        app.shutdown()
    if app.return_code:
        return app.return_code
    return int(result or 0)
