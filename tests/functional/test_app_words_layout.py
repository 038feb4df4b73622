"""Words and layout on screen: counts, quotes, a judgement column that fits, names that fit, keys that show.

And the same next/previous keys in the app and the line mode.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from assistant.line_mode import FUNCTION_KEYS
from assistant.screens.board import BoardScreen
from assistant.screens.interview import InterviewScreen
from assistant.screens.norm import NormScreen
from assistant.session import AuditSession
from assistant.store import AuditFile, Judgement, Note
from assistant.screens.interview_picker import InterviewPicker
from assistant.widgets.key_bar import KeyBar
from assistant.widgets.norm_notes import NormNotes
from tests.functional.review_harness import ReviewApp, audit_path_fixture, session_fixture, settle  # noqa: F401


async def test_a_citaat_is_quoted_once(audit_path: Path) -> None:
    with AuditFile.open(audit_path) as audit_file:
        source_id = audit_file.snapshot().sources[0].id
        audit_file.put_note(Note.new("V4", source_id, "citaat", "'Ik mocht pas na vier weken alleen.'"))
        audit_file.put_note(Note.new("V4", source_id, "citaat", "Zonder aanhalingstekens."))
    opened = AuditSession.open(audit_path)
    try:
        app = ReviewApp(opened, NormScreen("V4"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            text = app.screen.query_one(NormNotes).plain_text
            assert "citaat: “Ik mocht pas na vier weken alleen.”" in text
            assert "citaat: “Zonder aanhalingstekens.”" in text
            assert "“'" not in text
    finally:
        opened.close()


async def test_more_sources_than_the_minimum_is_not_more_of_fewer(audit_path: Path) -> None:
    with AuditFile.open(audit_path) as audit_file:
        sources = audit_file.snapshot().sources
        for source in sources:
            audit_file.put_note(Note.new("V4", source.id, "bevinding", f"van {source.label}"))
    opened = AuditSession.open(audit_path)
    try:
        app = ReviewApp(opened, NormScreen("V4"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert app.screen.query_one(NormNotes).status_plain.startswith("4 bronnen (minimaal 3)")
            assert "4 van 3" not in app.screen.query_one(NormNotes).plain_text
    finally:
        opened.close()


async def test_the_judgement_column_is_never_cut(audit_path: Path) -> None:
    with AuditFile.open(audit_path) as audit_file:
        audit_file.put_judgement(Judgement.new("V5", "nb"))
    opened = AuditSession.open(audit_path)
    try:
        for size, nvt, nb in (((80, 24), "nvt", "nb"), ((120, 40), "niet van toepassing", "niet beoordeeld")):
            app = ReviewApp(opened, BoardScreen())
            async with app.run_test(size=size) as pilot:
                await settle(app, pilot)
                table = app.screen.query_one(DataTable)
                assert str(table.get_cell("O2", "oordeel")) == nvt
                assert str(table.get_cell("V5", "oordeel")) == nb
                width = table.columns["oordeel"].width  # type: ignore[index]
                assert all(len(str(table.get_cell(key, "oordeel"))) <= width
                           for key in ("V1", "D1", "O2", "V5"))
    finally:
        opened.close()


async def test_the_keys_of_each_screen_show_at_80_columns(make_app, settle):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        expected = {
            "BoardScreen": ["Open norm", "F3 Gesprek", "F4 Samenvatting", "F5 Export", "^Q Stop"],
            "NormScreen": ["o Oordeel", "e Tekst", "F6/, Vorige", "F7/. Volgende", "F2 Normen", "F5 Export"],
            "InterviewScreen": ["Spatie Aan/uit", "F2 Normen", "F4 Samenvatting", "F5 Export", "^P Opdrachten"],
            "SummaryScreen": ["Esc Terug", "F2 Normen", "F3 Gesprek", "F5 Export", "^Q Stop"],
            "ExportScreen": ["^S Schrijven", "F2 Normen", "F4 Samenvatting", "^Q Stop"],
        }
        for key in ("", "enter", "f3", "f4", "f5"):
            if key:
                await pilot.press(key)
                await settle(app, pilot)
            if isinstance(app.screen, InterviewPicker):  # the demo has interviews: N starts a new one
                await pilot.press("n")
                await settle(app, pilot)
            name = type(app.screen).__name__
            bar = app.screen.query_one(KeyBar)
            shown = bar.shown_text()
            assert bar.size.height == len(shown.splitlines()) <= 3
            for item in expected[name]:
                assert item in shown, (name, item, shown)


async def test_organisation_names_get_the_room_there_is(make_app, make_audit, settle):
    make_audit("Stichting Welzijn De Brug Noord", name="brug")  # 31 characters: it got 20 columns at 80
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "Stichting Welzijn De Brug Noord"
        assert str(table.get_row_at(0)[1]).startswith("sterk-soci")  # the norm set id gives way
        assert "1 toetsing." in str(app.screen.query_one("#empty", Static).render())


def test_next_and_previous_norm_are_the_same_keys_in_both_front_ends():
    line_mode = {command: key for key, command, _what in FUNCTION_KEYS}
    assert (line_mode["/vorige"], line_mode["/volgende"]) == ("f6", "f7")
    for screen in (InterviewScreen, NormScreen):
        keys = {binding.key: binding.action for binding in screen.BINDINGS}
        assert keys["f6"] in ("previous", "neighbour(-1)") and keys["f7"] in ("next", "neighbour(1)")
