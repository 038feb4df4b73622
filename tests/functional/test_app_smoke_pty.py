"""The real console script in a pseudo-terminal: type a note, quit, and find the note in the file.

Also the signals: text typed but not sent is kept as a draft when the terminal sends SIGTERM or SIGHUP.
Runs `.venv/bin/toetsassistent` (the installed entry point), so it checks what a user starts.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from assistant.drafts import CHAT_KEY
from assistant.store import AuditFile

pexpect = pytest.importorskip("pexpect", reason="pexpect is nodig om de app in een pseudo-terminal te starten")

SCRIPT = Path(sys.executable).parent / "toetsassistent"
F3 = "\x1bOR"
CTRL_Q = "\x11"

pytestmark = pytest.mark.skipif(not SCRIPT.exists() and shutil.which("toetsassistent") is None,
                                reason="het script toetsassistent is niet geïnstalleerd (pip install -e .)")


def _script() -> str:
    return str(SCRIPT) if SCRIPT.exists() else shutil.which("toetsassistent")


def _drain(child, seconds: float) -> None:
    """Read (and drop) the app's output for a while, so the pty never fills up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            child.read_nonblocking(65536, timeout=0.05)
        except pexpect.TIMEOUT:
            continue
        except pexpect.EOF:
            return


def _wait_for(child, condition, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        _drain(child, 0.1)
    return condition()


def _snapshot(path: Path):
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.snapshot()


def _spawn(path: Path, data_dir: Path):
    env = dict(os.environ, TOETSASSISTENT_DATA=str(data_dir), TERM="xterm-256color", COLUMNS="100", LINES="30")
    return pexpect.spawn(_script(), ["open", str(path)], env=env, dimensions=(30, 100), encoding="utf-8",
                         codec_errors="replace")


def _start_gesprek(child, path: Path) -> None:
    lock = path.with_name(path.name + ".slot")
    assert _wait_for(child, lock.exists), "de app heeft de toetsing niet geopend"
    _drain(child, 1.0)
    child.send(F3)
    _drain(child, 1.0)
    child.send(" ")  # the first role (P) in the list
    _drain(child, 0.2)
    child.send("\t")
    _drain(child, 0.2)
    child.send("twee ambulant werkers")
    _drain(child, 0.2)
    child.send("\r")
    assert _wait_for(child, lambda: len(_snapshot(path).sources) == 1), "het gesprek is niet begonnen"
    _drain(child, 0.5)


def test_type_a_note_quit_and_find_it(make_audit, private_data_dir):
    path = make_audit("Welzijn Pty")
    child = _spawn(path, private_data_dir)
    try:
        _start_gesprek(child, path)
        child.send("Inwerken gaat met een vaste buddy.")
        _drain(child, 0.3)
        child.send("\r")
        assert _wait_for(child, lambda: any(n.text == "Inwerken gaat met een vaste buddy." for n in _snapshot(path).notes))
        child.send(CTRL_Q)
        child.expect(pexpect.EOF, timeout=15)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    with AuditFile.open(path) as audit_file:  # writable: the lock was released
        audit = audit_file.snapshot()
    assert [note.text for note in audit.notes] == ["Inwerken gaat met een vaste buddy."]
    assert audit.sources[0].roles == ("P",)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_keeps_unsent_text_as_draft(make_audit, private_data_dir, signum):
    path = make_audit("Welzijn Signaal")
    child = _spawn(path, private_data_dir)
    try:
        _start_gesprek(child, path)
        child.send("nog niet verstuurd")
        # On screen means the app has it; a fixed short wait lost the text on a busy machine.
        child.expect_exact("nog niet verstuurd", timeout=10)
        child.kill(signum)
        child.expect(pexpect.EOF, timeout=15)
    finally:
        child.close(force=True)
    with AuditFile.open(path) as audit_file:
        assert audit_file.drafts().get(CHAT_KEY) == "nog niet verstuurd"
    assert not path.with_name(path.name + ".slot").exists()
