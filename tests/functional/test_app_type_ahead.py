"""Typed text never becomes judgement keys, at any speed, and every judgement change is seen and undone.

The keys are put into the app's queue all at once (`type_ahead`), as a terminal delivers fast typing, right
behind the key that opens the text field or changes the norm: the text must arrive whole, in order, in the
field, and no judgement may change.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from assistant.screens.board import BoardScreen
from assistant.screens.norm import NormScreen
from assistant.session import AuditSession
from assistant.widgets.judgement_keys import JudgementKeys
from tests.functional.review_harness import (  # noqa: F401
    ReviewApp,
    audit_path_fixture,
    session_fixture,
    settle,
    snapshot_of,
    type_ahead,
)

TEXT = "nv.,x hallo-+ bnv"


def judgements(path: Path) -> dict[str, str]:
    """The judgements on disk (norms with only a report text and no judgement left out)."""
    return {norm_id: record.value for norm_id, record in snapshot_of(path).judgements.items()
            if record.value is not None}


async def test_keys_typed_behind_next_norm_and_e_go_into_the_text(session: AuditSession, audit_path: Path) -> None:
    before = judgements(audit_path)
    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        type_ahead(app, "full_stop", "e", *TEXT)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, NormScreen) and screen.norm_id == "V3"
        assert screen.query_one(TextArea).text == TEXT
        assert app.focused is screen.query_one(TextArea)
        await pilot.press("escape")  # leaving the field saves the text
        await settle(app, pilot)
    assert judgements(audit_path) == before
    assert snapshot_of(audit_path).judgements["V3"].report_text == TEXT


async def test_keys_typed_behind_enter_on_the_board_reach_the_norm(session: AuditSession, audit_path: Path) -> None:
    before = judgements(audit_path)
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.current_norm_id() == "V1"
        type_ahead(app, "down", "down", "enter", "e", *TEXT)  # V3: the cursor moves before Enter opens
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, NormScreen) and screen.norm_id == "V3"
        assert screen.query_one(TextArea).text == TEXT
    assert judgements(audit_path) == before


async def test_many_norms_at_machine_speed_change_no_judgement(session: AuditSession, audit_path: Path) -> None:
    before = judgements(audit_path)
    app = ReviewApp(session, NormScreen("V1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for number in range(4):  # next norm, write, leave the field, next norm, ...
            type_ahead(app, "full_stop", "e", *f"tekst {number} n-v+x", "escape")
        await settle(app, pilot)
        assert app.screen.norm_id == "V5"
        await app.workers.wait_for_complete()  # the last text is saved by a worker (Esc left the field)
    on_disk = snapshot_of(audit_path)
    assert judgements(audit_path) == before
    assert [on_disk.judgements[norm_id].report_text for norm_id in ("V2", "V3", "V4", "V5")] == [
        f"tekst {number} n-v+x" for number in range(4)]
    assert all(on_disk.judgements[norm_id].value is None for norm_id in ("V2", "V3", "V4", "V5"))


async def test_judgement_keys_outside_the_bar_only_say_where_to_judge(session: AuditSession,
                                                                     audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V3"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "v", "minus", "plus", "b", "x")
        await settle(app, pilot)
        assert "V3" not in snapshot_of(audit_path).judgements
        assert app.screen.query_one(JudgementKeys).value is None
        hints = [n for n in app._notifications if n.title == "Oordelen"]
        assert len(hints) == 1 and "druk eerst o" in hints[0].message


async def test_a_judgement_change_is_announced_and_undone_with_u(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "minus")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V1"].value == "-"
        announced = [n for n in app._notifications if n.title == "Oordeel V1: voldoet niet"]
        assert announced and "Was: voldoet." in announced[-1].message
        assert "voldoet niet" in str(app.screen.query_one("#norm-title").render())
        await pilot.press("u")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V1"].value == "+"
        assert app.screen.query_one(JudgementKeys).value == "+"
        await pilot.press("u")  # nothing left to undo on this norm: nothing changes
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V1"].value == "+"


async def test_judging_on_thin_evidence_warns_without_blocking(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V2"))  # one counted source (the other gave a suggestie), no report text
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "plus")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V2"].value == "+"  # saved all the same
        warning = next(n for n in app._notifications if n.title == "Oordeel V2: voldoet")
        assert warning.severity == "warning"
        assert "V2 heeft 1 van 3 bronnen; de norm blijft open tot er 3 zijn." in warning.message
        assert "Nog nodig:" in warning.message
        assert "Nog geen rapporttekst" in warning.message


async def test_enough_sources_and_a_text_give_no_warning(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V1"))  # three sources and a report text
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "v")
        await settle(app, pilot)
        notice = next(n for n in app._notifications if n.title == "Oordeel V1: verbeterpunt")
        assert notice.severity == "information"
