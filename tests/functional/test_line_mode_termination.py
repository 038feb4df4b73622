"""The line mode's side of hangup and termination: the watchdog's request ends the prompt, the text stays.

The real watchdog blocks signals for the whole process (`run_line_mode` starts it), so here a stand-in
hands its `request_exit` and `save` to the test, which calls them from its own thread, as the watchdog
thread would.
"""

from __future__ import annotations

import threading
import time

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.line_mode import build_session, run_interactive
from assistant.store import AuditFile
from flows.engine import DRAFT_KEY, Conversation
from flows.messages import Message


class StandInWatchdog:
    """Takes the callbacks `run_interactive` gives a watchdog; optionally asks to stop at once."""

    def __init__(self, at_start: bool = False) -> None:
        self.at_start = at_start
        self.started = threading.Event()
        self.request_exit = None
        self.save = None

    def start(self, request_exit, save) -> "StandInWatchdog":
        self.request_exit, self.save = request_exit, save
        self.started.set()
        if self.at_start:  # the signal came before the first prompt was up
            request_exit()
        return self

    def terminal_gone(self) -> bool:
        return False


@pytest.fixture()
def conversation(normset) -> Conversation:
    return Conversation(AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes()), normset)


def _wait(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _run(conversation: Conversation, watchdog: StandInWatchdog, pipe):
    shown: list[Message] = []
    session = build_session(conversation, shown.extend, input=pipe, output=DummyOutput())
    result: list[int] = []
    loop = threading.Thread(target=lambda: result.append(run_interactive(conversation, session, shown.extend,
                                                                         watchdog)), daemon=True)
    loop.start()
    return session, loop, shown, result


def test_a_request_ends_the_prompt_and_keeps_the_unsent_text(conversation):
    watchdog = StandInWatchdog()
    with create_pipe_input() as pipe:
        session, loop, shown, result = _run(conversation, watchdog, pipe)
        assert watchdog.started.wait(10)
        pipe.send_text("/gesprek P twee werkers\r")
        assert _wait(lambda: conversation.current_source is not None)
        pipe.send_text("half getypt")
        assert _wait(lambda: session.default_buffer.text == "half getypt")
        watchdog.request_exit()  # from this thread, as the watchdog thread does
        loop.join(10)
    assert not loop.is_alive() and result == [0]
    assert conversation.audit_file.drafts()[DRAFT_KEY] == "half getypt"
    assert shown[-1].text == "Sessie beëindigd; alles is opgeslagen."


def test_a_request_before_the_first_prompt_still_ends_the_session(conversation):
    watchdog = StandInWatchdog(at_start=True)
    with create_pipe_input() as pipe:
        _session, loop, shown, result = _run(conversation, watchdog, pipe)
        loop.join(10)
    assert not loop.is_alive() and result == [0]
    assert conversation.finished


def test_the_watchdogs_save_keeps_the_prompt_text_without_the_main_loop(conversation):
    """`save` runs in the watchdog's helper thread when the prompt's own loop may be stuck."""
    watchdog = StandInWatchdog()
    with create_pipe_input() as pipe:
        session, loop, _shown, _result = _run(conversation, watchdog, pipe)
        assert watchdog.started.wait(10)
        pipe.send_text("nog niet bewaard")
        assert _wait(lambda: session.default_buffer.text == "nog niet bewaard")
        watchdog.save()
        assert conversation.audit_file.drafts()[DRAFT_KEY] == "nog niet bewaard"
        pipe.send_text("\x15\x04")  # clear the line, leave
        loop.join(10)
    assert not loop.is_alive()
