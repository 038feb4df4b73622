"""Export: the report (Markdown or Word), the working document or a JSON backup, previewed before writing.

The text is rendered by `exports/` (the same renderers as `toetsassistent export`) in a thread worker and
shown as it will be written: Markdown formatted by `MarkdownPreview` (its beginning at once, the rest as it
is formatted in a worker, so even a long working document shows whole), JSON as plain text. The Word report is
previewed as the Markdown report (the same content) and written as two files, part A and part B, each with
its own button, from the default template or one from the `sjablonen/` folder (checked before writing).
Writing happens in a thread worker too, atomically and private (0600, `write_export`), never over the audit
file itself, and never over an existing file without the auditor's confirmation. Afterwards the path stays
in view.
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
    Select,
    Static,
    TextArea,
)

from assistant.screens.audit_screen import AuditScreen
from assistant.store import Audit
from assistant.store.errors import os_reason
from assistant.store.export_target import refusal, write_export
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.key_bar import KeyBar
from assistant.widgets.markdown_preview import MarkdownPreview
from assistant.widgets.safe_fields import SafeInput, SafeTextArea
from assistant.word_report import WordRefused, part_path
from flows.safe_text import visible, visible_lines

if TYPE_CHECKING:
    from normsets import NormSet

HELP = """\
## Exporteren

Kies wat u wilt maken — **rapport** (het toetsingsrapport in Markdown), **Word** (het rapport als
Word-document, deel A en deel B apart), **werkdocument** (alle notities per norm) of **JSON** (een volledige
reservekopie, terug te lezen met `toetsassistent importeer`) — en waar het bestand moet komen. Standaard
komt het naast het auditbestand.

Bij **Word** kiest u het sjabloon (het standaardsjabloon, of een eigen `.docx` uit de map `sjablonen` in de
gegevensmap) en schrijft u met **Deel A schrijven** (samenvatting, naar Sociaal Werk Nederland) en **Deel B
schrijven** (bevindingen, naar de organisatie) twee bestanden: de naam in het veld met `-deel-A` of
`-deel-B` erachter. Een eigen sjabloon wordt eerst gecontroleerd.

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
        """Previewed as Markdown (the Word report is previewed as the Markdown report: the same content)."""
        return self.ending.endswith((".md", ".docx"))

    @property
    def is_word(self) -> bool:
        return self.ending.endswith(".docx")


KINDS: dict[str, ExportKind] = {
    kind.id: kind
    for kind in (
        ExportKind("rapport", "Rapport", "-rapport.md"),
        ExportKind("word", "Word", "-rapport.docx"),
        ExportKind("werkdocument", "Werkdocument", "-werkdocument.md"),
        ExportKind("json", "JSON", ".json"),
    )
}
#: The template choice for the default template.
DEFAULT_TEMPLATE = ""


def render_word(audit: Audit, normset: "NormSet", part: str, template_path: str) -> bytes:
    """Part `part` of the Word report from the default template ('') or the file at `template_path` (read and
    checked here, in the worker). Raises `WordRefused` with the Dutch reason."""
    from assistant import templates
    from assistant.word_report import render as render_docx_report

    template = None
    if template_path:
        try:
            template = templates.read(Path(template_path))
        except templates.TemplateNotFound as error:
            raise WordRefused(str(error)) from None
    return render_docx_report(audit, normset, (part,), template, Path(template_path).name if template_path else "")


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
    renderer = render_report if kind.id in ("rapport", "word") else render_workdoc
    return renderer(audit, normset), incomplete_items(audit, normset)


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
        payload: bytes
        """The bytes that would replace it."""

    @dataclass
    class TemplatesFound(Message):
        """The Word templates in the templates folder (looked up in a worker)."""

        paths: list[Path]
        """The .docx files found, by name."""

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
            yield SafeInput(id="export-path", compact=True)
            yield Button("Schrijven", id="export-write", variant="primary", compact=True,
                         tooltip="Schrijf het bestand (Ctrl+S)")
        with Horizontal(id="export-word"):
            yield Label("Sjabloon:", classes="export-label")
            yield Select([("Standaardsjabloon", DEFAULT_TEMPLATE)], value=DEFAULT_TEMPLATE, allow_blank=False,
                         id="export-template", compact=True,
                         tooltip="Het standaardsjabloon, of een eigen .docx uit de map sjablonen in de gegevensmap")
            yield Button("Deel A schrijven", id="export-deel-a", variant="primary", compact=True,
                         tooltip="Deel A (samenvatting, naar Sociaal Werk Nederland): …-deel-A.docx")
            yield Button("Deel B schrijven", id="export-deel-b", variant="primary", compact=True,
                         tooltip="Deel B (bevindingen per norm, naar de organisatie): …-deel-B.docx")
        yield Static("Voorbeeld wordt gemaakt…", id="export-status", markup=False)
        with ContentSwitcher(initial="preview-markdown", id="export-preview"):
            yield MarkdownPreview(id="preview-markdown")
            # The JSON view (a TextArea) is only built when JSON is chosen.
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Exporteren"
        self._set_default_path()
        self._show_kind()
        self.refresh_preview()
        self._find_templates()

    def _show_kind(self) -> None:
        """The Word row (template and the two part buttons) only for Word, the one write button otherwise."""
        self.query_one("#export-word").display = self.kind.is_word
        self.query_one("#export-write").display = not self.kind.is_word

    @work(thread=True, exit_on_error=False, group="export-sjablonen", exclusive=True)
    def _find_templates(self) -> None:
        from assistant import templates

        self.post_message(self.TemplatesFound(templates.available()))

    def on_export_screen_templates_found(self, message: TemplatesFound) -> None:
        select = self.query_one("#export-template", Select)
        select.set_options([("Standaardsjabloon", DEFAULT_TEMPLATE),
                            *((f"{path.stem} (eigen sjabloon)", str(path)) for path in message.paths)])
        select.value = DEFAULT_TEMPLATE

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
            self._show_kind()
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
        if self.kind.id in ("rapport", "word"):
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
                viewer = SafeTextArea(id="preview-text", read_only=True, soft_wrap=True, show_cursor=False)
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
        if self.kind.is_word:
            base = self.target()
            status = (f"Voorbeeld in Markdown; het Word-rapport heeft dezelfde inhoud. De knoppen schrijven "
                      f"{visible(part_path(base, 'A').name)} en …-deel-B{visible(base.suffix) or '.docx'}.")
        else:
            status = f"Voorbeeld van het {self.kind.label.lower()}: dit wordt geschreven."
        if not complete:
            status += " Het begin staat er; de rest wordt opgemaakt…"
        if self._open_items:
            count = len(self._open_items)
            status += f" Let op: {count} {'norm' if count == 1 else 'normen'} nog open (bovenaan in het document)."
        self._status(status, "")

    def _status(self, text: str, state: str) -> None:
        self.query_one("#export-status", Static).update(visible_lines(text))
        self.set_class(state == "written", "-written")
        self.set_class(state == "failed", "-failed")

    # -- writing ------------------------------------------------------------------------------------

    def action_write(self) -> None:
        if self.kind.is_word:
            self.notify("Kies 'Deel A schrijven' of 'Deel B schrijven': het Word-rapport bestaat uit twee bestanden.")
            return
        if self._text is None:
            self.notify("Het voorbeeld wordt nog gemaakt; probeer het zo opnieuw.", severity="warning")
            return
        if not self.query_one("#export-path", Input).value.strip():
            self._status("Geef een bestandsnaam op.", "failed")
            return
        self._write_worker(self.target(), self._text.encode("utf-8"), self.session.path, overwrite=False)

    def write_part(self, part: str) -> None:
        """Write part `part` ("A" or "B") of the Word report next to the path in the field."""
        if not self.query_one("#export-path", Input).value.strip():
            self._status("Geef een bestandsnaam op.", "failed")
            return
        template = self.query_one("#export-template", Select).value
        template_path = template if isinstance(template, str) else DEFAULT_TEMPLATE
        self._status(f"Deel {part} van het Word-rapport wordt gemaakt…", "")
        self._word_worker(part_path(self.target(), part), self.session.snapshot(), self.session.normset, part,
                          template_path, self.session.path)

    @on(Button.Pressed, "#export-deel-a")
    def _part_a_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.write_part("A")

    @on(Button.Pressed, "#export-deel-b")
    def _part_b_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.write_part("B")

    @work(thread=True, exit_on_error=False, group="export-schrijven", exclusive=True)
    def _word_worker(self, target: Path, audit: Audit, normset: "NormSet", part: str, template_path: str,
                     audit_path: Path | None) -> None:
        try:
            payload = render_word(audit, normset, part, template_path)
        except WordRefused as refused:
            self.post_message(self.WriteRefused(str(refused)))
            return
        except Exception as error:  # a renderer bug must not take the app down: say so, write nothing
            self.post_message(self.WriteRefused(f"Het Word-rapport kon niet worden gemaakt: {error}"))
            return
        self._write(target, payload, audit_path, overwrite=False)

    @on(Button.Pressed, "#export-write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_write()

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    @work(thread=True, exit_on_error=False, group="export-schrijven", exclusive=True)
    def _write_worker(self, target: Path, payload: bytes, audit_path: Path | None, overwrite: bool) -> None:
        self._write(target, payload, audit_path, overwrite)

    def _write(self, target: Path, payload: bytes, audit_path: Path | None, overwrite: bool) -> None:
        """Write `payload` (in a worker thread): refuse a bad target, ask before overwriting, report back."""
        try:
            reason = refusal(target, audit_path)
            if reason is not None:
                self.post_message(self.WriteRefused(reason))
                return
            if target.exists() and not overwrite:
                self.post_message(self.ExistsAlready(target, payload))
                return
            write_export(target, payload)
        except OSError as error:
            self.post_message(self.WriteRefused(
                f"Kan '{target}' niet schrijven: {os_reason(error)}. Er is niets geschreven."))
            return
        self.post_message(self.Written(target))

    def on_export_screen_exists_already(self, message: ExistsAlready) -> None:
        def answer(overwrite: bool | None) -> None:
            if overwrite:
                self._write_worker(message.path, message.payload, self.session.path, overwrite=True)
            else:
                self._status(f"Niet geschreven: '{message.path}' bestaat al. Kies een andere naam.", "")

        self.app.push_screen(
            ConfirmModal("Bestand bestaat al", f"'{message.path}' bestaat al. Wilt u het overschrijven?",
                         yes="Overschrijven", no="Annuleren", danger=True),
            answer,
        )

    def on_export_screen_written(self, message: Written) -> None:
        self._status(f"Geschreven: {message.path}", "written")
        title = "Word-rapport" if self.kind.is_word else self.kind.label
        self.notify(visible(str(message.path)), title=f"{title} geschreven", markup=False)

    def on_export_screen_write_refused(self, message: WriteRefused) -> None:
        self._status(message.message, "failed")
        self.notify(visible_lines(message.message), title="Niet geschreven", severity="error", timeout=15,
                    markup=False)

    def action_back(self) -> None:
        self.app.show_board()  # type: ignore[attr-defined]
