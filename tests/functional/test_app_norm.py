"""A norm: notes per source, judgement keys, the report text saved, kept as a draft and never lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from assistant.drafts import report_draft_key as draft_key
from assistant.screens.norm import NormScreen
from assistant.session import AuditSession
from assistant.store import AuditFile, SaveFailed
from assistant.widgets.judgement_keys import JudgementKeys
from assistant.widgets.norm_notes import NormNotes
from tests.functional.review_harness import (  # noqa: F401
    ReviewApp,
    audit_path_fixture,
    session_fixture,
    settle,
    snapshot_of,
    type_ahead,
)

REPORT = "Inwerken gaat goed."


def report_area(app: ReviewApp) -> TextArea:
    return app.screen.query_one("#report-text", TextArea)


def notes_text(app: ReviewApp) -> str:
    return app.screen.query_one(NormNotes).plain_text


async def test_notes_are_grouped_by_source_with_their_kind(session: AuditSession) -> None:
    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = notes_text(app)
        assert text.startswith("Professionals in een nieuwe rol of functie")
        assert "1 van 3 bronnen" in text
        first, second = text.index("gesprek P — twee ambulant werkers"), text.index("gesprek Mng — teamleider wijkteam")
        assert first < text.index("bevinding: Nieuwe collega's lopen twee weken mee.") < second
        assert second < text.index("suggestie: Leg het inwerkprogramma vast.")


async def test_judging_keeps_the_reading_position(session: AuditSession) -> None:
    app = ReviewApp(session, NormScreen("V1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        body = app.screen.query_one("#norm-body")
        body.scroll_end(animate=False)
        await pilot.pause()
        position = body.scroll_y
        assert position > 0
        await pilot.press("o", "n")  # nvt: the status line changes, the notes stay where they are
        await settle(app, pilot)
        assert body.scroll_y == position
        assert app.screen.query_one(NormNotes).status_plain.startswith("3 van 3 bronnen")


@pytest.mark.parametrize(("key", "value"), [("plus", "+"), ("v", "+/-"), ("minus", "-"), ("n", "nvt"), ("b", "nb")])
async def test_one_key_per_judgement(session: AuditSession, audit_path: Path, key: str, value: str) -> None:
    app = ReviewApp(session, NormScreen("V3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", key)
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V3"].value == value
        assert app.screen.query_one(JudgementKeys).value == value
        await pilot.press("x")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V3"].value is None


async def test_clicking_a_judgement_saves_it(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(JudgementKeys)
        start = next(start for start, _end, value in bar._spans if value == "+/-")
        await pilot.click("#norm-judgement", offset=(start + 2, 0))
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V3"].value == "+/-"


async def test_report_text_is_saved_with_ctrl_s_and_the_draft_cleared(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert app.focused is report_area(app)
        await pilot.press(*REPORT)
        await pilot.pause(0.6)  # the draft is kept within a second
        await settle(app, pilot)
        assert snapshot_of(audit_path).drafts[draft_key("V2")] == REPORT
        await pilot.press("ctrl+s")
        await pilot.pause(0.6)
        await settle(app, pilot)
        on_disk = snapshot_of(audit_path)
        assert on_disk.judgements["V2"].report_text == REPORT
        assert on_disk.judgements["V2"].value is None
        assert draft_key("V2") not in on_disk.drafts


async def test_leaving_the_norm_saves_the_text(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")  # into the text, at its end
        await pilot.press(*" Aanvulling.", "escape")  # leave the field ...
        await pilot.press("full_stop")  # ... and go to the next norm
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen) and app.screen.norm_id == "V2"
        saved = snapshot_of(audit_path).judgements["V1"]
        assert saved.report_text.endswith("toegepast. Aanvulling.")
        assert saved.value == "+"  # the judgement is kept
        await pilot.press("comma")
        await settle(app, pilot)
        assert app.screen.norm_id == "V1"
        assert report_area(app).text == saved.report_text


async def test_draft_is_offered_back_when_reopening(audit_path: Path) -> None:
    with AuditFile.open(audit_path) as audit_file:
        audit_file.set_draft(draft_key("V1"), "Tekst die nog niet was opgeslagen.")
    opened = AuditSession.open(audit_path)
    try:
        app = ReviewApp(opened, NormScreen("V1"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert report_area(app).text == "Tekst die nog niet was opgeslagen."
            assert app.screen.has_class("-draft")
            assert any(n.title == "Concept teruggezet" for n in app._notifications)
            await pilot.press("ctrl+r")  # back to the saved text; the draft goes
            await pilot.pause(0.6)
            await settle(app, pilot)
            assert report_area(app).text == "Voldoet: het profiel is bekend en wordt toegepast."
            assert draft_key("V1") not in snapshot_of(audit_path).drafts
    finally:
        opened.close()


async def test_failed_save_keeps_the_text_and_says_so(session: AuditSession, audit_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(judgement):
        raise SaveFailed("De schijf is vol; maak ruimte of los het op en sla opnieuw op.")

    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(session.audit_file, "put_judgement", disk_full)
        await pilot.press("e", *REPORT, "ctrl+s")
        await settle(app, pilot)
        assert report_area(app).text == REPORT
        assert app.screen.has_class("-failed")
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "De schijf is vol" in errors[-1].message
        assert app.drafts.stored(draft_key("V2")) == REPORT  # and the text is kept as a draft
        await pilot.press("escape", "o", "plus")  # a judgement fails too, and is not shown as given
        await settle(app, pilot)
        assert app.screen.query_one(JudgementKeys).value is None
        assert "V2" not in snapshot_of(audit_path).judgements
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # once the disk is fine again, the text is saved
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V2"].report_text == REPORT
        assert not app.screen.has_class("-failed")


async def test_read_only_audit_changes_nothing(audit_path: Path) -> None:
    opened = AuditSession.open(audit_path, read_only=True)
    try:
        app = ReviewApp(opened, NormScreen("V3"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("o", "plus")
            await settle(app, pilot)
            assert "V3" not in snapshot_of(audit_path).judgements
            assert report_area(app).read_only
            assert any(n.severity == "warning" for n in app._notifications)
    finally:
        opened.close()
