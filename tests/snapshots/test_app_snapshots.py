"""Snapshots of the start screen and the interview at 80x24 and 120x40, with the demo audit.

Volatile values are fixed: the demo file's modification time (the start screen's "Gewijzigd") and the
date of the new gesprek. Update with `pytest tests/snapshots --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from assistant.app import ToetsApp
from assistant.demo import create_demo
from assistant.locations import audits_dir
from assistant.widgets.role_list import RoleList
from tests.functional.review_harness import keys_handled

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
FIXED_MTIME = 1_767_261_600  # 2026-01-01 10:00 UTC


@pytest.fixture
def demo_audit(private_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setattr("assistant.widgets.interview_form.today", lambda: "2026-03-02")
    path = create_demo(audits_dir())
    os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return path


async def _settle(pilot) -> None:
    await pilot.pause()
    await keys_handled(pilot.app, pilot)
    await pilot.pause(0.05)
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize("size", SIZES)
def test_start_screen(snap_compare, demo_audit, size):
    import time

    time.tzset()
    app = ToetsApp()
    try:
        assert snap_compare(app, terminal_size=size, run_before=_settle)
    finally:
        app.shutdown()


@pytest.mark.parametrize("size", SIZES)
def test_interview_screen(snap_compare, demo_audit, size):
    async def start_gesprek(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        from assistant.screens.interview_picker import InterviewPicker

        assert isinstance(pilot.app.screen, InterviewPicker), "the demo's interviews are offered first"
        await pilot.press("n")  # a new interview
        await _settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#roles", RoleList).select("P")
        label = screen.query_one("#label", Input)
        label.value = "twee ambulant werkers"
        label.focus()
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press(*"Werkers kennen de kostprijs niet.")
        await pilot.press("enter")
        await _settle(pilot)

    app = ToetsApp(demo_audit)
    try:
        assert snap_compare(app, terminal_size=size, run_before=start_gesprek)
    finally:
        app.shutdown()


@pytest.mark.parametrize("size", SIZES)
def test_interview_form(snap_compare, demo_audit, size):
    """The new-gesprek form: roles ticked as text, nothing ticked, the cursor on the first role."""

    async def open_form(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await pilot.press("n")  # the demo's interviews are offered first: N starts a new one
        await _settle(pilot)

    app = ToetsApp(demo_audit)
    try:
        assert snap_compare(app, terminal_size=size, run_before=open_form)
    finally:
        app.shutdown()


@pytest.mark.parametrize("size", SIZES)
def test_chat_scrolled_up(snap_compare, demo_audit, size):
    """Scrolled to the top of a long reply, a new reply leaves the place and says there is more below."""

    async def scroll_up(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f3")
        await _settle(pilot)
        await pilot.press("n")  # a new interview (the demo's interviews are offered first)
        await _settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#roles", RoleList).select("P")
        label = screen.query_one("#label", Input)
        label.value = "twee ambulant werkers"
        screen.set_focus(label)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press(*"/help", "enter")
        await _settle(pilot)
        await pilot.press("ctrl+home", "f7")
        await _settle(pilot)

    app = ToetsApp(demo_audit)
    try:
        assert snap_compare(app, terminal_size=size, run_before=scroll_up)
    finally:
        app.shutdown()
