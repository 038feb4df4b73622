"""The app's side of hangup and termination: `request_exit` from another thread, in any state.

The watchdog that calls `request_exit` belongs to the process (`run_app`), so here a plain thread plays
its part. A request ends the app whatever screen is on top, also before the app has mounted, and an
audit that an opening worker finishes while the app is going down is closed, not left locked.
"""

from __future__ import annotations

import asyncio
import threading

from assistant.drafts import CHAT_KEY
from assistant.session import AuditSession
from assistant.store import AuditFile
from assistant.widgets.confirm import ConfirmModal


def _from_another_thread(function) -> None:
    thread = threading.Thread(target=function)
    thread.start()
    thread.join()


async def _until_exited(app, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if app.return_code is not None and not app.is_running:
            return True
        await asyncio.sleep(0.02)
    return False


async def test_a_request_before_the_app_runs_ends_it_once_mounted(make_app):
    app = make_app()
    _from_another_thread(app.request_exit)
    async with app.run_test(size=(80, 24)):
        assert await _until_exited(app)
    assert app.return_code == 0


async def test_a_request_with_a_modal_open_ends_the_app_and_keeps_the_draft(make_app, make_audit, settle):
    path = make_audit("Welzijn Modaal")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.drafts.update(CHAT_KEY, "half getypt")  # what the chat input reports while typing
        app.push_screen(ConfirmModal("Zeker?", "Een vraag die openstaat."))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        _from_another_thread(app.request_exit)
        assert await _until_exited(app)
    app.shutdown()  # what run_app does after the loop
    with AuditFile.open(path) as audit_file:  # writable: the lock was released
        assert audit_file.drafts()[CHAT_KEY] == "half getypt"


async def test_an_audit_opened_while_the_app_leaves_is_closed(make_app, make_audit, settle):
    path = make_audit("Welzijn Laat")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        _from_another_thread(app.request_exit)
        assert await _until_exited(app)
    session = AuditSession.open(path)  # the opening worker finishes only now ...
    app._hand_over_session(session)  # ... and hands its result to an app that is gone
    app.shutdown()
    assert app.session is None
    AuditFile.open(path).close()  # not locked any more


def test_shutdown_closes_an_audit_handed_over_but_never_adopted(make_app, make_audit):
    """A worker's AuditOpened that was queued but not handled before the loop ended."""
    path = make_audit("Welzijn Net Op Tijd")
    app = make_app()
    app._handed_over.append(AuditSession.open(path))  # what `_hand_over_session` records before posting
    app.shutdown()
    AuditFile.open(path).close()  # not locked any more


async def test_a_request_just_after_an_audit_opened_leaves_without_an_error(make_app, make_audit, settle):
    """The board is still being mounted when the request comes: the app waits for it, then leaves."""
    path = make_audit("Welzijn Net Open")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app._hand_over_session(AuditSession.open(path))
        _from_another_thread(app.request_exit)
        assert await _until_exited(app)
    assert app.return_code == 0  # 1 would mean an exception ended the app
    app.shutdown()
    AuditFile.open(path).close()
