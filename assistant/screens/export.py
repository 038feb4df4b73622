"""Export: the report, the working document or a JSON backup, previewed before anything is written.

The text is rendered by `exports/` (the same renderers as `toetsassistent export`) in a thread worker and
shown as it will be written: Markdown formatted by `MarkdownPreview` (its beginning at once, the rest as it
is formatted in a worker, so even a long working document shows whole), JSON as plain text. Writing happens
in a thread worker too, atomically and private (0600, `atomic_write`), never over the audit file itself,
and never over an existing file without the auditor's confirmation. Afterwards the path stays in view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import (
    Button,
    ContentSwitcher,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
    TextArea,
)

from assistant.widgets.key_bar import KeyBar
from assistant.screens.audit_screen import AuditScreen
from assistant.store import AUDIT_SUFFIX, Audit, related_files
from assistant.store.journal import JOURNAL_SUFFIX, atomic_write
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.markdown_preview import MarkdownPreview

if TYPE_CHECKING:
    from normsets import NormSet

HELP = """\
## Exporteren

Kies wat u wilt maken — **rapport** (het toetsingsrapport), **werkdocument** (alle notities per norm)
of **JSON** (een volledige reservekopie, terug te lezen met `toetsassistent importeer`) — en waar het
bestand moet komen. Standaard komt het naast het auditbestand.

Het voorbeeld toont precies de tekst die wordt geschreven (een lang werkdocument verschijnt eerst met zijn
begin, de rest volgt vanzelf). **Ctrl+S** (of de knop *Schrijven*) schrijft
het bestand; bestaat het al, dan wordt eerst gevraagd of het mag worden overschreven. Het bestand is
alleen voor u leesbaar (0600). **Esc** gaat terug naar het normenbord.
"""


@dataclass(frozen=True)
class ExportKind:
    """One kind of export: its name, label and default file name ending."""

    id: str
    label: str
    ending: str

    @property
    def is_markdown(self) -> bool:
        return self.ending.endswith(".md")


KINDS: dict[str, ExportKind] = {
    kind.id: kind
    for kind in (
        ExportKind("rapport", "Rapport", "-rapport.md"),
        ExportKind("werkdocument", "Werkdocument", "-werkdocument.md"),
        ExportKind("json", "JSON", ".json"),
    )
}


def default_path(audit_path: Path | None, kind: ExportKind) -> Path:
    """Next to the audit file: 'de-brug.toets' -> 'de-brug-rapport.md', 'de-brug.json'."""
    if audit_path is None:
        return Path.home() / f"toetsing{kind.ending}"
    return audit_path.with_name(audit_path.stem + kind.ending)


def render(kind: ExportKind, audit: Audit, normset: "NormSet") -> tuple[str, list[str]]:
    """The export text and the list of incomplete items (pure; runs in a worker thread)."""
    from exports import incomplete_items, render_json, render_report, render_workdoc

    if kind.id == "json":
        return render_json(audit), []
    renderer = render_report if kind.id == "rapport" else render_workdoc
    return renderer(audit, normset), incomplete_items(audit, normset)


def refusal(target: Path, audit_path: Path | None) -> str | None:
    """Why `target` may not be written (Dutch), or None. Touches the disk: call it in a worker."""
    if target.suffix == AUDIT_SUFFIX:
        return f"'{target}' lijkt op een auditbestand; een export schrijft daar niet overheen. Kies een andere naam."
    if audit_path is not None:
        protected = {p.resolve() for p in related_files(audit_path)}
        protected |= {audit_path.resolve(), audit_path.with_name(audit_path.name + JOURNAL_SUFFIX).resolve()}
        if target.resolve() in protected:
            return f"'{target}' hoort bij het auditbestand; kies een andere naam."
    if target.is_dir():
        return f"'{target}' is een map; geef een bestandsnaam op, bijvoorbeeld '{target / 'rapport.md'}'."
    if not target.parent.is_dir():
        return f"De map '{target.parent}' bestaat niet. Maak hem eerst aan of kies een andere plek."
    return None


class ExportScreen(AuditScreen):
    """Choose rapport / werkdocument / JSON and a path; preview; write."""

    CSS_PATH = "export.tcss"
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "write", "Schrijven", id="export.write",
                tooltip="Schrijf het bestand zoals in het voorbeeld (vraagt eerst bij een bestaand bestand)"),
        Binding("escape", "back", "Terug", id="export.back", tooltip="Terug naar het normenbord"),
    ]

    @dataclass
    class Rendered(Message):
        """The preview text is ready."""

        kind: str
        """Which export it is."""
        text: str
        """Exactly what would be written."""
        open_items: list[str]
        """What is still incomplete (Dutch lines; empty when complete or for JSON)."""

    @dataclass
    class Written(Message):
        """The file was written."""

        path: Path
        """Where it went."""

    @dataclass
    class WriteRefused(Message):
        """Nothing was written."""

        message: str
        """Why, in Dutch."""

    @dataclass
    class ExistsAlready(Message):
        """The target exists; ask before overwriting it."""

        path: Path
        """The existing file."""
        text: str
        """The text that would replace it."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = KINDS["rapport"]
        self._text: str | None = None
        self._shown_default: str = ""
        self._open_items: list[str] = []
        self._rendered_from: Audit | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="export-choice"):
            yield Label("Soort:", classes="export-label")
            yield RadioSet(*(RadioButton(kind.label, value=kind.id == self.kind.id, id=f"soort-{kind.id}")
                             for kind in KINDS.values()), id="export-kind", compact=True)
        with Horizontal(id="export-target"):
            yield Label("Bestand:", classes="export-label")
            yield Input(id="export-path", compact=True)
            yield Button("Schrijven", id="export-write", variant="primary", compact=True,
                         tooltip="Schrijf het bestand (Ctrl+S)")
        yield Static("Voorbeeld wordt gemaakt…", id="export-status", markup=False)
        with ContentSwitcher(initial="preview-markdown", id="export-preview"):
            yield MarkdownPreview(id="preview-markdown")
            # The JSON view (a TextArea) is only built when JSON is chosen.
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Exporteren"
        self._set_default_path()
        self.refresh_preview()  # the preview formats it as soon as it knows its width

    def on_screen_resume(self) -> None:
        """Back from another screen: a new preview only if the audit changed meanwhile (not after a dialog)."""
        if self._rendered_from is not None and self.session.snapshot() != self._rendered_from:
            self.refresh_preview()

    # -- choosing -----------------------------------------------------------------------------------

    def _set_default_path(self) -> None:
        """Put the default path for the chosen kind in the field, unless the auditor typed another one."""
        entry = self.query_one("#export-path", Input)
        if entry.value and entry.value != self._shown_default:
            return
        self._shown_default = str(default_path(self.session.path, self.kind))
        entry.value = self._shown_default

    @on(RadioSet.Changed, "#export-kind")
    def _kind_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        kind_id = (event.pressed.id or "").removeprefix("soort-")
        if kind_id in KINDS and KINDS[kind_id] != self.kind:
            self.kind = KINDS[kind_id]
            self._set_default_path()
            self.refresh_preview()

    def target(self) -> Path:
        """The path in the field; a relative path is taken relative to the audit file's folder."""
        typed = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        if not typed.is_absolute() and self.session.path is not None:
            typed = self.session.path.parent / typed
        return typed

    # -- preview ------------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Render the export again. The report takes a few milliseconds even at 20,000 notes and is rendered
        at once; the working document and the JSON take longer and are rendered in a worker."""
        self._text = None
        self.query_one("#export-status", Static).update(f"Voorbeeld van het {self.kind.label.lower()} wordt gemaakt…")
        self._rendered_from = self.session.snapshot()
        if self.kind.id == "rapport":
            try:
                text, open_items = render(self.kind, self._rendered_from, self.session.normset)
            except Exception as error:  # a renderer bug must not take the app down: say so, write nothing
                self.on_export_screen_write_refused(self.WriteRefused(f"Het voorbeeld kon niet worden gemaakt: {error}"))
                return
            self.on_export_screen_rendered(self.Rendered(self.kind.id, text, open_items))
            return
        self._render_worker(self.kind, self._rendered_from, self.session.normset)

    @work(thread=True, exit_on_error=False, group="export-voorbeeld", exclusive=True)
    def _render_worker(self, kind: ExportKind, audit: Audit, normset: "NormSet") -> None:
        try:
            text, open_items = render(kind, audit, normset)
        except Exception as error:  # a renderer bug must not take the app down: say so, write nothing
            self.post_message(self.WriteRefused(f"Het voorbeeld kon niet worden gemaakt: {error}"))
            return
        self.post_message(self.Rendered(kind.id, text, open_items))

    def on_export_screen_rendered(self, message: Rendered) -> None:
        if message.kind != self.kind.id:
            return  # the auditor chose another kind meanwhile; its own preview is on its way
        self._text, self._open_items = message.text, message.open_items
        switcher = self.query_one(ContentSwitcher)
        if self.kind.is_markdown:
            switcher.current = "preview-markdown"
            self.query_one(MarkdownPreview).show(message.text)
        else:
            found = self.query("#preview-text")
            if found:
                viewer = found.first(TextArea)
            else:
                viewer = TextArea(id="preview-text", read_only=True, soft_wrap=True, show_cursor=False)
                switcher.mount(viewer)
            viewer.load_text(message.text)
            switcher.current = "preview-text"
            self._show_status(complete=True)

    @on(MarkdownPreview.Shown)
    def _preview_shown(self, event: MarkdownPreview.Shown) -> None:
        event.stop()
        if self._text is not None and event.preview.source == self._text:
            self._show_status(complete=event.complete)

    def _show_status(self, complete: bool) -> None:
        """Say what the preview shows, and what is still open in the audit."""
        what = self.kind.label.lower()
        status = f"Voorbeeld van het {what}: dit wordt geschreven."
        if not complete:
            status += " Het begin staat er; de rest wordt opgemaakt…"
        if self._open_items:
            count = len(self._open_items)
            status += f" Let op: {count} {'norm' if count == 1 else 'normen'} nog open (bovenaan in het document)."
        self._status(status, "")

    def _status(self, text: str, state: str) -> None:
        self.query_one("#export-status", Static).update(text)
        self.set_class(state == "written", "-written")
        self.set_class(state == "failed", "-failed")

    # -- writing ------------------------------------------------------------------------------------

    def action_write(self) -> None:
        if self._text is None:
            self.notify("Het voorbeeld wordt nog gemaakt; probeer het zo opnieuw.", severity="warning")
            return
        if not self.query_one("#export-path", Input).value.strip():
            self._status("Geef een bestandsnaam op.", "failed")
            return
        self._write_worker(self.target(), self._text, self.session.path, overwrite=False)

    @on(Button.Pressed, "#export-write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_write()

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    @work(thread=True, exit_on_error=False, group="export-schrijven", exclusive=True)
    def _write_worker(self, target: Path, text: str, audit_path: Path | None, overwrite: bool) -> None:
        try:
            reason = refusal(target, audit_path)
            if reason is not None:
                self.post_message(self.WriteRefused(reason))
                return
            if target.exists() and not overwrite:
                self.post_message(self.ExistsAlready(target, text))
                return
            atomic_write(target, text.encode("utf-8"))
        except OSError as error:
            self.post_message(self.WriteRefused(
                f"Kan '{target}' niet schrijven: {error.strerror or error}. Er is niets geschreven."))
            return
        self.post_message(self.Written(target))

    def on_export_screen_exists_already(self, message: ExistsAlready) -> None:
        def answer(overwrite: bool | None) -> None:
            if overwrite:
                self._write_worker(message.path, message.text, self.session.path, overwrite=True)
            else:
                self._status(f"Niet geschreven: '{message.path}' bestaat al. Kies een andere naam.", "")

        self.app.push_screen(
            ConfirmModal("Bestand bestaat al", f"'{message.path}' bestaat al. Wilt u het overschrijven?",
                         yes="Overschrijven", no="Annuleren", danger=True),
            answer,
        )

    def on_export_screen_written(self, message: Written) -> None:
        self._status(f"Geschreven: {message.path}", "written")
        self.notify(str(message.path), title=f"{self.kind.label} geschreven")

    def on_export_screen_write_refused(self, message: WriteRefused) -> None:
        self._status(message.message, "failed")
        self.notify(message.message, title="Niet geschreven", severity="error", timeout=15)

    def action_back(self) -> None:
        self.app.show_board()  # type: ignore[attr-defined]
