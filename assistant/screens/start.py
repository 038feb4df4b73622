"""The start screen: the audits in the data folder, and the way into one (open, new, demo) or out (delete).

It is the first thing painted, so it stays light: a table and a row of buttons. The audits are read in a
thread worker (each file opened read-only, so a file another toetsassistent holds still shows), and the
table fills when they are in. Each file is read on its own: a damaged one becomes a row that says so
(with the newest backup) and the others still open. Organisations and file names are shown as plain
text with control characters visible (`flows.safe_text`), never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Static

from assistant.widgets.key_bar import KeyBar
from assistant.locations import audits_dir, normsets_dir
from flows.safe_text import visible

if TYPE_CHECKING:
    from normsets import NormSetRegistry

HELP = """\
## Startscherm

Het startscherm toont de toetsingen in uw gegevensmap. Kies er een met de pijltjes en Enter.
N maakt een nieuwe toetsing, Delete verwijdert de gekozen toetsing met al haar reservekopieën
(na bevestiging), D opent een verse kopie van de demotoetsing.
S voegt de kopie van een andere toetser (`toetsassistent kopie`) samen met de gekozen toetsing.
"""


#: The table's columns: key and heading.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("organisatie", "Organisatie"),
    ("normenset", "Normenset"),
    ("gewijzigd", "Gewijzigd"),
    ("oordelen", "Oordeel"),
    ("open", "Open"),
)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class AuditEntry:
    """One audit file as the start screen lists it."""

    path: Path
    organisation: str
    normset: str
    changed: datetime | None
    judged: int
    total: int
    open_norms: int
    error: str | None = None
    """Why it cannot be opened (the whole message, shown on Enter), or None."""
    problem: str = ""
    """What its row says about that, e.g. 'beschadigd — reservekopie: a.toets.reservekopie-1'."""


def last_change(path: Path) -> datetime | None:
    """When the audit last changed on disk (the file or its journal, whichever is newer)."""
    times = []
    for candidate in (path, path.with_name(path.name + ".journal")):
        try:
            times.append(candidate.stat().st_mtime)
        except OSError:
            continue
    try:
        return datetime.fromtimestamp(max(times)) if times else None
    except (OverflowError, OSError, ValueError):  # a time stamp no calendar has
        return None


def list_audits(folder: Path) -> list[AuditEntry]:
    """Read every audit in `folder` (read-only); newest change first. Runs in a worker thread.

    Each file is read on its own (`read_entry`), so one damaged file never hides the others.
    """
    from assistant.store import AUDIT_SUFFIX
    from normsets import NormSetRegistry

    if not folder.is_dir():
        return []
    registry = NormSetRegistry(normsets_dir())
    entries = [read_entry(path, registry) for path in sorted(folder.glob(f"*{AUDIT_SUFFIX}"))]
    entries.sort(key=lambda entry: entry.changed or datetime.min, reverse=True)
    return entries


def read_entry(path: Path, registry: "NormSetRegistry") -> AuditEntry:
    """One audit as the list shows it. Whatever goes wrong reading it (a damaged file, a missing norm
    set, or a bug) becomes this entry's `problem` and `error`, never an exception."""
    from assistant.session import resolve_normset
    from assistant.store import AuditFile, AuditTooNew
    from flows.rules import norm_statuses
    from normsets import NormSetError

    changed = last_change(path)
    try:
        with AuditFile.open(path, read_only=True) as audit_file:
            audit = audit_file.snapshot()
            try:
                normset = resolve_normset(audit_file, registry, [])
            except NormSetError:
                normset = None
        organisation = audit.kern.organisatie or path.stem
        if normset is None:
            return AuditEntry(path, organisation, audit.meta.normset_id, changed, 0, 0, 0,
                              f"De normenset '{audit.meta.normset_id}' is niet gevonden.", "normenset ontbreekt")
        statuses = norm_statuses(audit, normset)
        judged = sum(1 for status in statuses.values() if status.judgement is not None)
        open_norms = sum(1 for status in statuses.values() if status.is_open)
        return AuditEntry(path, organisation, normset.id, changed, judged, len(statuses), open_norms)
    except AuditTooNew as error:
        return AuditEntry(path, path.stem, "?", changed, 0, 0, 0, str(error), "gemaakt met een nieuwere versie")
    except Exception as error:  # one damaged file must never stop the list (or kill its worker)
        return AuditEntry(path, path.stem, "?", changed, 0, 0, 0, _damage_message(path, error),
                          f"beschadigd — {_backup_phrase(path, error)}")


def _damage_message(path: Path, error: Exception) -> str:
    """The whole story for the notice shown on Enter."""
    from assistant.store import StoreError
    from normsets import NormSetError

    if isinstance(error, (StoreError, NormSetError)):
        return str(error)
    if isinstance(error, OSError):
        return f"Kan '{path}' niet lezen: {error.strerror or error}."
    return f"'{path}' kan niet worden gelezen ({type(error).__name__}: {error}); {_backup_phrase(path, error)}."


def _backup_phrase(path: Path, error: Exception) -> str:
    """'reservekopie: a.toets.reservekopie-1' or 'geen reservekopie'.

    A refusal by the store names the newest backup itself (`AuditCorrupt.backup`); for any other error
    the newest backup on disk is named.
    """
    from assistant.store import AuditCorrupt, backup_paths

    if isinstance(error, AuditCorrupt):
        backup = error.backup
    else:
        try:
            backups = backup_paths(path)
        except OSError:
            backups = []
        backup = backups[0] if backups else None
    return f"reservekopie: {backup.name}" if backup is not None else "geen reservekopie"


def delete_audit(path: Path) -> str | None:
    """Remove an audit file with its journal and backups; the Dutch reason when it cannot be done."""
    from assistant.store import related_files
    from assistant.store.lock import AuditLock, LockedError

    lock = AuditLock(path)
    try:
        lock.acquire()
    except LockedError as error:
        return f"Deze toetsing is geopend door een andere toetsassistent ({error}); sluit haar daar eerst."
    except OSError as error:
        return f"Kan '{path.name}' niet verwijderen: {error.strerror}."
    try:
        for related in related_files(path):
            if related != lock.path:
                related.unlink()
    except OSError as error:
        return f"Kan '{path.name}' niet (helemaal) verwijderen: {error.strerror}."
    finally:
        lock.release()
    return None


class StartScreen(Screen):
    """The audits in the data folder."""

    CSS_PATH = "start.tcss"
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_audit", "Nieuw", id="start.new", tooltip="Een nieuwe toetsing maken"),
        Binding("delete", "delete_audit", "Verwijderen", id="start.delete",
                tooltip="De gekozen toetsing met haar reservekopieën verwijderen"),
        Binding("d", "open_demo", "Demo", id="start.demo", tooltip="Een verse kopie van de demotoetsing openen"),
        Binding("s", "merge", "Samenvoegen", id="start.merge",
                tooltip="Voeg de kopie van een andere toetser samen met de gekozen toetsing"),
        Binding("r", "reload", "Vernieuwen", id="start.reload", show=False, tooltip="De lijst opnieuw inlezen"),
    ]

    @dataclass
    class Listed(Message):
        """The audits were read."""

        entries: list[AuditEntry]
        """The audits found, newest change first."""
        failure: str = ""
        """Why the folder itself could not be read ('' when it could)."""

    @dataclass
    class Deleted(Message):
        """Deleting an audit finished."""

        path: Path
        """The audit that was to be deleted."""
        error: str | None
        """The Dutch reason it was not deleted, or None when it is gone."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AuditEntry] = []
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static("Toetsingen", id="heading")
            yield DataTable(id="audits", cursor_type="row", zebra_stripes=True)
            yield Static("", id="empty", markup=False)
            with Horizontal(id="actions"):
                yield Button("Openen", id="open", variant="primary")
                yield Button("Nieuw", id="new")
                yield Button("Verwijderen", id="delete", variant="error")
                yield Button("Demo openen", id="demo")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(DataTable))
        self.on_screen_resume()  # as the app's default screen it gets no ScreenResume at startup

    def on_resize(self) -> None:
        if self._column_widths() != self._widths:
            self._fill_table()

    def _column_widths(self) -> tuple[int, ...]:
        """Fixed columns for date and progress; of the rest, the organisation gets what its longest name
        needs where there is room, the norm set id what remains (at least 10, at most 23); 2 cells padding
        each."""
        wide = self.size.width >= 100
        fixed = {"gewijzigd": 16 if wide else 10, "oordelen": 7, "open": 4}
        available = max(40, self.size.width - 6 - 2 * len(COLUMNS))
        flexible = available - sum(fixed.values())
        longest_name = max((len(self._organisation_text(entry)) for entry in self.entries), default=12)
        longest_set = max((len(entry.normset) for entry in self.entries), default=23)
        organisation = max(12, min(longest_name, flexible - 10))
        normset = max(10, min(23, longest_set, flexible - organisation))
        organisation = max(organisation, flexible - normset)
        widths = {"organisatie": organisation, "normenset": normset, **fixed}
        return tuple(widths[key] for key, _ in COLUMNS)

    @staticmethod
    def _organisation_text(entry: AuditEntry) -> str:
        """The organisation, or for a file that does not open what is wrong with it ("beschadigd — …")."""
        return entry.organisation + (f": {entry.problem or 'onleesbaar'}" if entry.error else "")

    def on_screen_resume(self) -> None:
        if getattr(self.app, "opening_initial", False):
            return  # an audit is being opened over this screen: read the list when we come back
        # After the first frame: reading the audits must not hold up the first paint.
        self.call_after_refresh(self.action_reload)

    # -- loading ----------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self.query_one(DataTable).loading = True
        self._load()

    @work(thread=True, exit_on_error=False, group="lijst", exclusive=True)
    def _load(self) -> None:
        folder = audits_dir()
        try:
            entries = list_audits(folder)
        except Exception as error:  # the folder itself: say so instead of spinning forever
            self.post_message(self.Listed([], f"De map '{folder}' kan niet worden gelezen: {error}"))
            return
        self.post_message(self.Listed(entries))

    def on_start_screen_listed(self, message: Listed) -> None:
        self.entries = message.entries
        self.query_one(DataTable).loading = False
        self._fill_table()
        empty = self.query_one("#empty", Static)
        if message.failure:
            empty.update(visible(message.failure))
        elif self.entries:
            count = len(self.entries)
            empty.update(f"{count} {'toetsing' if count == 1 else 'toetsingen'}. Enter opent, Delete verwijdert.")
        else:
            empty.update("Nog geen toetsingen. Kies 'Nieuw' (N) voor een nieuwe toetsing, "
                         "of 'Demo openen' (D) om alles met voorbeeldinhoud te zien.")
        self.set_class(not self.entries, "-empty")
        self.query_one("#open", Button).disabled = not self.entries
        self.query_one("#delete", Button).disabled = not self.entries

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._widths = self._column_widths()
        table.clear(columns=True)
        for (key, label), width in zip(COLUMNS, self._widths):
            table.add_column(label, key=key, width=width)
        date_format = "%d-%m-%Y %H:%M" if self._widths[2] >= 16 else "%d-%m-%Y"
        for entry in self.entries:
            changed = entry.changed.strftime(date_format) if entry.changed else "?"
            organisation = self._organisation_text(entry)
            progress = ("–", "–") if entry.error else (f"{entry.judged}/{entry.total}", str(entry.open_norms))
            # Rich Text, not str: the DataTable reads a str cell as markup ("[/] kapot" would crash it).
            table.add_row(Text(_fit(visible(organisation), self._widths[0])),
                          Text(_fit(visible(entry.normset), self._widths[1])), changed,
                          *progress, key=str(entry.path))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))

    def selected(self) -> AuditEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row is None or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    # -- actions ----------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_audit()

    @on(Button.Pressed, "#open")
    def action_open_audit(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.error:
            from assistant.widgets.confirm import NoticeModal

            self.app.push_screen(NoticeModal("Openen mislukt", entry.error))
            return
        self.app.open_audit(entry.path)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#new")
    def action_new_audit(self) -> None:
        self.app.new_audit()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#demo")
    def action_open_demo(self) -> None:
        self.app.open_demo()  # type: ignore[attr-defined]

    def action_merge(self) -> None:
        """Merge another auditor's copy into the chosen audit (the merge screen)."""
        entry = self.selected()
        if entry is None:
            return
        if entry.error:
            from assistant.widgets.confirm import NoticeModal

            self.app.push_screen(NoticeModal("Samenvoegen kan niet", entry.error))
            return
        self.app.show_merge(entry.path)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#delete")
    def action_delete_audit(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        session = getattr(self.app, "session", None)
        if session is not None and session.path == entry.path:
            self.notify("Deze toetsing is nu geopend; sluit haar eerst.", severity="warning")
            return
        from assistant.widgets.confirm import ConfirmModal

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self._delete(entry.path)

        self.app.push_screen(
            ConfirmModal(
                "Toetsing verwijderen?",
                f"'{entry.organisation}' ({entry.path.name}) wordt verwijderd, met alle reservekopieën. "
                "Dit kan niet ongedaan worden gemaakt.",
                yes="Verwijderen", no="Annuleren", danger=True,
            ),
            answer,
        )

    @work(thread=True, exit_on_error=False, group="verwijderen")
    def _delete(self, path: Path) -> None:
        self.post_message(self.Deleted(path, delete_audit(path)))

    def on_start_screen_deleted(self, message: Deleted) -> None:
        if message.error:
            from assistant.widgets.confirm import NoticeModal

            self.app.push_screen(NoticeModal("Verwijderen mislukt", message.error))
        else:
            self.notify(f"'{visible(message.path.name)}' en de reservekopieën zijn verwijderd.", title="Verwijderd",
                        markup=False)
        self.action_reload()
