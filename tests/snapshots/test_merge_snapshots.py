"""Snapshots of the merge screen at 80x24 and 120x40: two conflicts with markup and control characters.

The copy is named relatively ("b.toets", beside the audit), so no temporary path is in the frame. One
row is decided (the judgement, B) and the cursor is back on the open row, the report text, whose values
show in full below the table: markup as text, control characters as visible signs. Regenerate with
`--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import ToetsApp
from assistant.locations import audits_dir, ensure_private_dir
from assistant.widgets.safe_fields import SafeInput
from normsets import NormSetRegistry
from tests.merge_pairs import HOSTILE_A, HOSTILE_B, make_pair

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def pair(private_data_dir: Path) -> tuple[Path, Path]:
    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    return make_pair(ensure_private_dir(audits_dir()), normset, texts=(HOSTILE_A, HOSTILE_B))


async def settle(pilot) -> None:
    await pilot.pause()
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)


@SIZES
def test_merge_screen(snap_compare, pair, size) -> None:
    a_path, _b_path = pair

    async def decide_one(pilot) -> None:
        await settle(pilot)
        pilot.app.show_merge(a_path)
        await settle(pilot)
        pilot.app.screen.query_one("#merge-path", SafeInput).value = "b.toets"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "b")  # the judgement: B; the cursor returns to the open report text
        await settle(pilot)

    app = ToetsApp()
    try:
        assert snap_compare(app, terminal_size=size, run_before=decide_one)
    finally:
        app.shutdown()
