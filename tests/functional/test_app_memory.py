"""Screens the auditor has left are freed: a day of switching screens must not grow the app.

Measured before the fix (assistant/memory.py): every board, every Header and every text area ever shown
stayed in memory, and the tracked objects grew by about 17,000 per F4-F5-F2 round, so Python's full
garbage collections grew from 50 to 240 ms pauses within a few minutes.
"""

from __future__ import annotations

import gc

from textual._styles_cache import StylesCache
from textual.widget import Widget

from assistant.memory import release_closed_watchers
from assistant.screens.board import BoardScreen
from assistant.screens.norm import NormScreen

ROUNDS = 4


def closed_widgets() -> list[Widget]:
    """Widgets that have been removed from the app but are still in memory."""
    gc.collect()
    return [obj for obj in gc.get_objects() if isinstance(obj, Widget) and (obj._closed or obj._closing)]


def orphan_styles_caches() -> int:
    """Styles caches (each with the lines its widget painted) whose widget is no longer alive."""
    gc.collect()
    alive = {id(obj._styles_cache) for obj in gc.get_objects() if isinstance(obj, Widget)}
    return sum(1 for obj in gc.get_objects() if type(obj) is StylesCache and id(obj) not in alive)


async def switch_round(app, pilot, settle) -> None:
    """The review screens in the order an auditor uses them: summary, export, board, a norm and back."""
    for key in ("f4", "f5", "f2"):
        await pilot.press(key)
        await settle(app, pilot)
    assert isinstance(app.screen, BoardScreen)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, NormScreen)
    await pilot.press("escape")
    await settle(app, pilot)
    assert isinstance(app.screen, BoardScreen)


async def test_switching_screens_leaves_nothing_behind(make_app, settle):
    app = make_app(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.session is not None
        await switch_round(app, pilot, settle)
        gc.collect()
        widgets_after_one = sum(1 for obj in gc.get_objects() if isinstance(obj, Widget))
        objects_after_one = len(gc.get_objects())
        for _ in range(ROUNDS):
            await switch_round(app, pilot, settle)
        # The screen left last may still be closing; one more switch lets it go.
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)

        assert closed_widgets() == []
        assert orphan_styles_caches() == 0
        widgets_now = sum(1 for obj in gc.get_objects() if isinstance(obj, Widget))
        assert widgets_now <= widgets_after_one
        # Before the fix: about 17,000 more per round, so 70,000 more after four rounds.
        assert len(gc.get_objects()) < objects_after_one + 10_000


class Watching:
    """Stands in for a widget: only the two flags `release_closed_watchers` reads."""

    def __init__(self, closing: bool = False, closed: bool = False) -> None:
        self._closing = closing
        self._closed = closed


def test_only_the_watchers_of_closed_widgets_are_dropped():
    owner = type("Owner", (), {})()
    alive, closing, closed = Watching(), Watching(closing=True), Watching(closed=True)
    setattr(owner, "__watchers", {"title": [(alive, print), (closing, print)], "theme": [(closed, print)]})
    assert release_closed_watchers(owner) == 2
    assert getattr(owner, "__watchers") == {"title": [(alive, print)], "theme": []}
    assert release_closed_watchers(object()) == 0  # nothing watched: nothing to do
