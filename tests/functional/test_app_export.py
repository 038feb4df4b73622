"""Export: the preview shows what will be written; writing is private (0600) and never overwrites unasked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from textual.widgets import Input, TextArea

from assistant.screens.export import ExportScreen
from assistant.session import AuditSession
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.markdown_preview import MarkdownPreview, beginning
from exports import render_report, render_workdoc
from tests.functional.review_harness import ReviewApp, audit_path_fixture, session_fixture, settle, snapshot_of  # noqa: F401


def preview_source(app: ReviewApp) -> str:
    return app.screen.query_one(MarkdownPreview).source


async def test_preview_shows_the_report(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert preview_source(app) == render_report(snapshot_of(audit_path), session.normset)
        shown = app.screen.query_one(MarkdownPreview).plain_lines()
        title = " ".join(" ".join(shown[:3]).split())  # the title, wrapped at 80 columns
        assert title.startswith("Resultaat toetsing") and "Stichting Welzijn De Brug" in title
        assert not any(line.startswith("#") for line in shown)  # formatted, not the Markdown source
        assert app.screen.query_one("#export-path", Input).value == str(audit_path.with_name("de-brug-rapport.md"))


async def test_writing_creates_a_private_file(session: AuditSession, audit_path: Path) -> None:
    target = audit_path.with_name("de-brug-rapport.md")
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8") == preview_source(app)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert app.screen.has_class("-written")
        assert str(target) in str(app.screen.query_one("#export-status").render())


async def test_no_overwrite_without_confirmation(session: AuditSession, audit_path: Path) -> None:
    target = audit_path.with_name("de-brug-rapport.md")
    target.write_text("eerdere versie", encoding="utf-8")
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # no
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text(encoding="utf-8") == "eerdere versie"

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.click("#yes")  # "Overschrijven"
        await settle(app, pilot)
        assert target.read_text(encoding="utf-8").startswith("# Resultaat toetsing")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert f"Geschreven: {target}" in str(app.screen.query_one("#export-status").render())


async def test_json_export_is_previewed_as_text(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.click("#soort-json")
        await settle(app, pilot)
        target = app.screen.query_one("#export-path", Input).value
        assert target == str(audit_path.with_name("de-brug.json"))
        preview = app.screen.query_one("#preview-text", TextArea)
        assert preview.display and json.loads(preview.text)  # valid JSON, shown as text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert Path(target).read_text(encoding="utf-8") == preview.text


async def test_refuses_to_write_over_an_audit_file(session: AuditSession, audit_path: Path) -> None:
    before = audit_path.read_bytes()
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#export-path", Input).value = str(audit_path)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.has_class("-failed")
        assert "auditbestand" in str(app.screen.query_one("#export-status").render())
        assert audit_path.read_bytes() == before


async def test_a_typed_path_is_kept_when_switching_kind(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#export-path", Input).value = "eigen-naam.md"
        await pilot.click("#soort-werkdocument")
        await settle(app, pilot)
        assert app.screen.query_one("#export-path", Input).value == "eigen-naam.md"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert (audit_path.parent / "eigen-naam.md").read_text(encoding="utf-8").startswith("# Werkdocument")


async def test_a_long_document_is_previewed_whole_and_written_whole(session: AuditSession,
                                                                   audit_path: Path) -> None:
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.click("#soort-werkdocument")
        await settle(app, pilot)
        full = render_workdoc(snapshot_of(audit_path), session.normset)
        preview = app.screen.query_one(MarkdownPreview)
        assert preview.source == full and preview.complete
        assert any(line.strip().startswith("O23") for line in preview.plain_lines())  # the last norm is there
        assert "dit wordt geschreven" in str(app.screen.query_one("#export-status").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert audit_path.with_name("de-brug-werkdocument.md").read_text(encoding="utf-8") == full


def test_the_beginning_ends_at_a_block() -> None:
    text = "".join(f"## Kop {n}\n\nTekst {n}\nmet een tweede regel.\n\n" for n in range(100))
    head = beginning(text, lines=40)
    assert text.startswith(head) and len(head.splitlines()) >= 40
    assert text[len(head):].startswith("\n")  # cut at a blank line, not inside a paragraph
    assert beginning("kort\n", lines=40) == ""
