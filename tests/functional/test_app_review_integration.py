"""Through the real ToetsApp: open the demo, go to the norm board, open a norm, judge it, export."""

from __future__ import annotations

import stat

from textual.widgets import DataTable

from assistant.screens.board import BoardScreen
from assistant.screens.export import ExportScreen
from assistant.screens.norm import NormScreen
from assistant.screens.summary import SummaryScreen
from tests.functional.review_harness import snapshot_of


async def test_demo_board_norm_judgement_and_export(make_app, settle):
    app = make_app(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.session is not None
        path = app.session.path
        await pilot.press("f2")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)

        open_norm = next(status for status in app.screen.statuses().values() if status.judgement is None)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=[row.key.value for row in table.ordered_rows].index(open_norm.norm_id))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen) and app.screen.norm_id == open_norm.norm_id

        await pilot.press("o", "v")
        await settle(app, pilot)
        assert snapshot_of(path).judgements[open_norm.norm_id].value == "+/-"

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        assert str(app.screen.query_one(DataTable).get_cell(open_norm.norm_id, "oordeel")) == "verbeterpunt"

        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)

        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        report = path.with_name(path.stem + "-rapport.md")
        assert report.is_file() and stat.S_IMODE(report.stat().st_mode) == 0o600


async def test_closing_the_audit_on_a_norm_keeps_the_typed_text(make_app, settle):
    app = make_app(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        path = app.session.path
        app.show_norm("V3")
        await settle(app, pilot)
        await pilot.press("e", *"Nog uitzoeken")
        app.close_session()  # straight away: the draft is not yet due
        await settle(app, pilot)
        assert app.session is None
        assert snapshot_of(path).drafts["verslag:V3"] == "Nog uitzoeken"
