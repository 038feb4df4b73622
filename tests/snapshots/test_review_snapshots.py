"""Snapshots of the review screens (norm board, a norm, summary, export) with the demo audit.

Each at 80x24 (the smallest terminal the app supports) and 120x40 (where the norm screen and the summary
put their panels side by side). Nothing in the frame depends on the day or the machine: the demo's content
is fixed, and the export path is set to a relative name. Regenerate with `--snapshot-update` and look at
the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from assistant.demo import create_demo
from assistant.screens.board import BoardScreen
from assistant.screens.export import ExportScreen
from assistant.screens.norm import NormScreen
from assistant.screens.summary import SummaryScreen
from assistant.session import AuditSession
from tests.functional.review_harness import ReviewApp, keys_handled

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
#: A judged norm with notes from several sources and a report text in the demo.
DEMO_NORM = "V4"


@pytest.fixture
def demo_session(tmp_path: Path) -> Iterator[AuditSession]:
    session = AuditSession.open(create_demo(tmp_path))
    yield session
    session.close()


async def settle(pilot: Pilot) -> None:
    await keys_handled(pilot.app, pilot)
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@SIZES
def test_board(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(demo_session, BoardScreen()), terminal_size=size, run_before=settle)


@SIZES
def test_norm(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(demo_session, NormScreen(DEMO_NORM)), terminal_size=size, run_before=settle)


@SIZES
def test_summary(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    assert snap_compare(ReviewApp(demo_session, SummaryScreen()), terminal_size=size, run_before=settle)


@SIZES
def test_export(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    async def fixed_path(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#export-path", Input).value = "demo-rapport.md"
        await settle(pilot)

    assert snap_compare(ReviewApp(demo_session, ExportScreen()), terminal_size=size, run_before=fixed_path)


@SIZES
def test_norm_judging(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    """The judgement bar has focus (o): its keys act, and it looks so."""

    async def judging(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(ReviewApp(demo_session, NormScreen("V3")), terminal_size=size, run_before=judging)


@SIZES
def test_summary_complimenten(snap_compare, demo_session: AuditSession, size: tuple[int, int]) -> None:
    """The list editor: the input on top where typing goes, the items below."""

    async def complimenten(pilot: Pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(TabbedContent).active = "tab-complimenten"
        await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    assert snap_compare(ReviewApp(demo_session, SummaryScreen()), terminal_size=size, run_before=complimenten)
