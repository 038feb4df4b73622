"""Keys typed ahead reach the screen they were meant for, in order, however fast they come.

Textual decides where a key goes when the app takes it from the terminal: to the focused widget, or to
the screen when nothing has focus yet. It does not wait for the previous key to have had its effect. So
keys typed right behind a key that changes focus or screens went to the wrong place: `.` `e` and a
sentence on the norm screen sent the letters to the old norm as hotkeys; F3 and the first words of a note
landed on a half-built screen and were dropped.

`TypeAheadApp` hands keys over one at a time:

* a key goes to its widget only when the key before it has been dealt with completely (handled by the
  widget, or passed up to the app and its bindings) and what that set off on the screen has settled. A
  small marker message follows each key along the same path; the next key goes when the marker has
  reached the app and no widget of the screen has a message waiting any more (Enter in a form posts
  "submitted", the form posts "start", the screen moves focus to the chat: only then the next key);
* letters typed into a text field do not wait for each other: a letter in an editable field changes
  neither focus nor screen, so the next letter may follow it into the same queue at once (fast typing
  stays as fast as without all this);
* while the screen on top is still being built (not mounted yet), keys wait in the app until it is, and
  then go to whatever that screen gave focus to in its `on_mount`;
* subclasses can ask keys to wait for other reasons (`keys_may_wait`, e.g. an audit being opened).

Nothing is dropped: a key that has waited `MAX_WAIT` seconds goes on regardless.

Screens therefore give focus in `on_mount` and in key actions with `self.set_focus(widget)` (immediate),
not with `widget.focus()` (which only happens on a later turn of the event loop).

This reads two Textual internals, pinned by `textual>=8,<9`: a widget's `_message_queue` (is it empty?)
and `_forward_event` (a key handed to a widget as if typed there, see the interview's chat).
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual.app import App, ReturnType
from textual.message import Message
from textual.message_pump import MessagePump

#: Keys wait at most this long (seconds) for their turn; then they are handed over anyway.
MAX_WAIT = 3.0
#: How often a waiting key looks whether it may go (seconds).
RETRY = 0.005
#: After the previous key, wait at most this long (seconds) for the screen's widgets to settle.
QUIET_WAIT = 0.5


_TEXT_FIELDS: tuple[type, type] | None = None


def _text_fields() -> tuple[type, type]:
    """Input and TextArea, imported on first use (not at startup: the first frame must be quick)."""
    global _TEXT_FIELDS
    if _TEXT_FIELDS is None:
        from textual.widgets import Input, TextArea

        _TEXT_FIELDS = (Input, TextArea)
    return _TEXT_FIELDS


class KeyDone(Message, bubble=True):
    """Follows a key to its widget and bubbles up to the app: the key has been dealt with."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        """Which handed-over key this marker follows."""


class TypeAheadApp(App[ReturnType]):
    """An App that hands typed keys over one by one, each to the place the previous one left focus."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key] = deque()
        self._held_since = 0.0
        self._release_scheduled = False
        self._in_flight: tuple[int, MessagePump, float] | None = None
        self._in_flight_typing = False
        """The key in flight is a letter going into an editable text field."""
        self._done_at = 0.0
        """When the marker of the last key came back."""
        self._key_number = 0

    def keys_may_wait(self) -> bool:
        """True while keys should wait (subclasses add their own reasons, such as an audit being opened)."""
        return False

    def screen_ready_for_keys(self) -> bool:
        """Whether the screen on top is built and has decided where typing goes."""
        try:
            screen = self.screen
        except Exception:  # no screen yet (starting) or none left (closing)
            return False
        return screen.is_mounted and not self.keys_may_wait()

    @property
    def keys_waiting(self) -> int:
        """How many typed keys are held now."""
        return len(self._held_keys)

    @property
    def keys_pending(self) -> bool:
        """Whether a typed key is still held or still on its way (tests wait for this)."""
        return bool(self._held_keys) or self._in_flight is not None

    def _previous_key_done(self) -> bool:
        """The last key has been dealt with, and what it set off on the screen has settled."""
        if self._in_flight is not None:
            _number, target, since = self._in_flight
            if target.is_attached and time.monotonic() - since <= MAX_WAIT:
                return False
            self._in_flight = None  # its widget went away (or hangs): the marker will not come back
            self._done_at = time.monotonic()
        return self._screen_quiet() or time.monotonic() - self._done_at > QUIET_WAIT

    def _screen_quiet(self) -> bool:
        """No widget of the screen on top has a message waiting (its work from the last key is done)."""
        try:
            nodes = self.screen.walk_children(with_self=True)
        except Exception:
            return True
        return all(node._message_queue.empty() for node in nodes)

    def _typing_into(self, event: events.Key) -> MessagePump | None:
        """The editable text field `event` types a letter into, or None."""
        if not (event.is_printable and event.character):
            return None
        Input, TextArea = _text_fields()
        try:
            focused = self.focused
        except Exception:
            return None
        if isinstance(focused, Input) and not focused.disabled:
            return focused
        if isinstance(focused, TextArea) and not focused.read_only and not focused.disabled:
            return focused
        return None

    def _may_follow_at_once(self, event: events.Key) -> bool:
        """A letter may follow the letter before it into the same text field without waiting."""
        if self._in_flight is None or not self._in_flight_typing:
            return False
        return self._typing_into(event) is self._in_flight[1]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            blocked = not self._previous_key_done() and not self._may_follow_at_once(event)
            if self._held_keys or blocked or not self.screen_ready_for_keys():
                if not self._held_keys:
                    self._held_since = time.monotonic()
                self._held_keys.append(event)
                self._schedule_release()
                return
            await self._hand_over(event)
            return
        await super().on_event(event)

    async def _hand_over(self, event: events.Key) -> None:
        """Let Textual take the key (priority bindings, then the focused widget); follow it with a marker."""
        target: MessagePump | None
        try:
            target = self.focused or self.screen
        except Exception:
            target = None
        typing = self._typing_into(event) is not None
        await super().on_event(event)
        if event.is_forwarded and target is not None:
            self._key_number += 1
            self._in_flight = (self._key_number, target, time.monotonic())
            self._in_flight_typing = typing
            target.post_message(KeyDone(self._key_number))

    async def on_key_done(self, message: KeyDone) -> None:
        message.stop()
        if self._in_flight is not None and self._in_flight[0] == message.number:
            self._in_flight = None
            self._done_at = time.monotonic()
            await self._release_keys()

    def _schedule_release(self) -> None:
        if not self._release_scheduled:
            self._release_scheduled = True
            self.set_timer(RETRY, self._timed_release, name="getypte toetsen")

    async def _timed_release(self) -> None:
        self._release_scheduled = False
        await self._release_keys()

    async def _release_keys(self) -> None:
        """Hand held keys over while they may go; otherwise look again shortly."""
        while self._held_keys:
            waited_too_long = time.monotonic() - self._held_since > MAX_WAIT
            may_go = self._previous_key_done() or self._may_follow_at_once(self._held_keys[0])
            if not waited_too_long and not (may_go and self.screen_ready_for_keys()):
                self._schedule_release()
                return
            event = self._held_keys.popleft()
            self._held_since = time.monotonic()
            await self._hand_over(event)
            if self._in_flight is not None and not (self._held_keys and self._may_follow_at_once(self._held_keys[0])):
                self._schedule_release()  # its marker brings the next key; the timer in case it cannot
                return
