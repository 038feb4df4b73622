"""Let go of screens that are gone: two places in Textual keep closed widgets alive.

1. A widget that watches one of the app's reactives (Textual's `Header` watches `title` and `sub_title`,
   `TextArea` watches `theme`) is entered in a list on the app, and Textual only drops a closed widget
   from that list when the watched value changes. The title and the theme hardly ever change, so every
   screen the auditor ever opened stayed in memory with all its widgets.
2. `StylesCache.get_inner_outer` is an `lru_cache` on a method, so its key holds the widget's styles
   cache (with every line the widget painted) for up to 1,024 calls after the widget is gone.

After a morning of switching screens Python's full garbage collections took a quarter of a second each,
several times a minute (measured on 29 Nov with `F4 F5 F2` twelve times over: 50,000 tracked objects at
the start, 346,000 at the end, pauses growing from 50 to 240 ms). The app calls `release_closed_screens`
whenever the screen changes. Point 1 reads Textual's private `__watchers` attribute (Textual 8.x,
`textual/reactive.py`); tests/functional/test_app_memory.py fails if either stops working.
"""

from __future__ import annotations

from typing import Any

from textual._styles_cache import StylesCache

#: Where Textual keeps the watchers of an object's reactives: {attribute: [(watching node, callback)]}.
WATCHERS_ATTRIBUTE = "__watchers"


def _gone(node: Any) -> bool:
    return bool(getattr(node, "_closing", False) or getattr(node, "_closed", False))


def release_closed_watchers(obj: object) -> int:
    """Drop the watchers on `obj` whose widget is closing or closed; returns how many were dropped."""
    watchers = getattr(obj, WATCHERS_ATTRIBUTE, None)
    if not isinstance(watchers, dict):
        return 0
    dropped = 0
    for entries in watchers.values():
        if not isinstance(entries, list):
            continue
        kept = [entry for entry in entries if not _gone(entry[0])]
        dropped += len(entries) - len(kept)
        entries[:] = kept
    return dropped


def release_closed_screens(app: object) -> None:
    """Let the widgets of closed screens be collected (see the module's docstring)."""
    release_closed_watchers(app)
    # Two colours in, two styles out: refilled at once by the widgets still on screen.
    StylesCache.get_inner_outer.cache_clear()
