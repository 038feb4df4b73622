"""The norm board: norms by rubriek with sources and judgements, filter and sort, and judging from it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from assistant.screens.board import BoardScreen
from assistant.screens.norm import NormScreen
from assistant.session import AuditSession
from assistant.widgets.totals_bar import TotalsBar
from tests.functional.review_harness import ReviewApp, audit_path_fixture, session_fixture, settle, snapshot_of  # noqa: F401


def row_keys(table: DataTable) -> list[str]:
    return [row.key.value for row in table.ordered_rows]


def cell(table: DataTable, row_key: str, column_key: str) -> str:
    return str(table.get_cell(row_key, column_key))


async def test_board_shows_every_norm_by_rubriek(session: AuditSession) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        keys = row_keys(table)
        assert [key for key in keys if key.startswith("rubriek:")] == [
            "rubriek:vakmanschap", "rubriek:dienstverlening", "rubriek:organisatie"]
        assert [key for key in keys if not key.startswith("rubriek:")] == list(session.normset.norm_ids)
        assert keys.index("rubriek:dienstverlening") < keys.index("D1") < keys.index("rubriek:organisatie")
        assert cell(table, "V1", "bronnen") == "3/3"
        assert cell(table, "V2", "bronnen") == "1/3 !"  # flagged: under the minimum
        assert cell(table, "V2", "notities") == "2"
        assert cell(table, "V1", "oordeel") == "voldoet"
        assert cell(table, "D1", "oordeel") == "verbeterpunt"
        totals_text = str(app.screen.query_one(TotalsBar).render())
        assert "voldoet 1" in totals_text and "verbeterpunt 1" in totals_text and "zonder oordeel 46" in totals_text
        assert "Indicatie: Positief na goedkeuring van 1 plan van aanpak (voorlopig)" in totals_text


async def test_filter_open_and_sort_by_sources(session: AuditSession) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("o")
        keys = row_keys(table)
        assert "V1" not in keys and "O2" not in keys  # judged with enough sources; nvt needs none
        assert "V2" in keys and "D1" in keys  # D1 is judged but has only 2 sources
        await pilot.press("s")
        vakmanschap = [key for key in row_keys(table) if key.startswith("V")]
        # Fewest sources first, ties by number: V4-V15 have none, V2 and V3 one each (V3's is a citaat).
        assert vakmanschap[0] == "V4" and vakmanschap[-2:] == ["V2", "V3"]
        counts = [int(cell(table, key, "bronnen").split("/")[0]) for key in vakmanschap]
        assert counts == sorted(counts)
        await pilot.press("o")
        assert "V1" in row_keys(table)


async def test_judging_from_the_board(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=row_keys(table).index("V2"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert ("show_norm", "V2") in app.calls
        assert isinstance(app.screen, NormScreen) and app.screen.norm_id == "V2"

        await pilot.press("o", "minus")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V2"].value == "-"

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        table = app.screen.query_one(DataTable)
        assert cell(table, "V2", "oordeel") == "voldoet niet"  # refreshed on return
        assert app.screen.current_norm_id() == "V2"


async def test_clicking_a_row_opens_the_norm(session: AuditSession) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        row = row_keys(table).index("V3")
        offset = (2, row + 1 - int(table.scroll_y))  # +1: the header line
        await pilot.click(DataTable, offset=offset)  # first click highlights,
        await pilot.click(DataTable, offset=offset)  # the second opens
        await settle(app, pilot)
        assert ("show_norm", "V3") in app.calls


async def test_rubriek_heading_does_not_open_anything(session: AuditSession) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.calls == []
        assert isinstance(app.screen, BoardScreen)
