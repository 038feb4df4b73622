"""The watchdog and the guarded terminal driver (`assistant.lifecycle`), without a user interface.

The watchdog blocks signals for a whole process, so each watchdog test runs in a child process of its
own. The driver guard is checked on a stand-in driver that counts starts and stops.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import termios
import textwrap
from pathlib import Path

import pytest

from assistant.lifecycle import hangup_safe_driver, terminal_alive

REPO = Path(__file__).resolve().parents[2]

#: A front end in miniature: `request_exit` sets an event (or, with STUCK, is ignored), `save` writes a file.
CHILD = textwrap.dedent(
    """
    import sys, threading, tty
    from pathlib import Path
    from assistant.lifecycle import Watchdog

    marker, stuck = Path(sys.argv[1]), sys.argv[2] in ("STUCK", "RAW")
    asked = threading.Event()
    watchdog = Watchdog(grace=0.5, check_every=0.05, terminal_reset="[terminal hersteld]")
    watchdog.block()
    if sys.argv[2] == "RAW":
        tty.setraw(0)  # as a full-screen front end does
    watchdog.start(request_exit=lambda: None if stuck else asked.set(),
                   save=lambda: marker.write_text("bewaard"))
    print("klaar", flush=True)
    while not asked.wait(0.05):  # a stuck front end never returns from here
        pass
    print("netjes gestopt", flush=True)
    """
)


def _child(marker: Path, mode: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(marker), mode], stdout=subprocess.PIPE, text=True,
                             env=env, **kwargs)
    assert child.stdout.readline().strip() == "klaar"
    return child


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_the_front_end_is_asked_to_stop_and_ends_by_itself(tmp_path: Path, signum: int) -> None:
    child = _child(tmp_path / "concept", "ASKS")
    child.send_signal(signum)
    assert child.wait(timeout=10) == 0
    assert child.stdout.read().strip() == "netjes gestopt"


def test_a_front_end_that_does_not_stop_is_ended_after_saving(tmp_path: Path) -> None:
    marker = tmp_path / "concept"
    child = _child(marker, "STUCK")
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=10) == 128 + signal.SIGTERM  # os._exit: the default action would be -15
    assert child.stdout.read() == ""
    assert marker.read_text() == "bewaard"  # the drafts were saved before the forced exit


def test_a_forced_exit_gives_the_terminal_back(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        child = _child(tmp_path / "concept", "RAW", stdin=slave, start_new_session=True)
        raw = termios.tcgetattr(master)
        assert not raw[3] & termios.ECHO
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=10) == 128 + signal.SIGTERM
        restored = termios.tcgetattr(master)  # the pty keeps its modes while the master is open
        assert restored[3] & termios.ECHO and restored[3] & termios.ICANON
        written = b""
        while select.select([master], [], [], 0.5)[0]:
            written += os.read(master, 4096)
        assert b"[terminal hersteld]" in written
    finally:
        os.close(master)
        os.close(slave)


def test_a_terminal_that_goes_away_without_a_signal_counts_as_a_hangup(tmp_path: Path) -> None:
    marker = tmp_path / "concept"
    master, slave = os.openpty()
    try:  # a new session without a controlling terminal: closing the master sends no SIGHUP
        child = _child(marker, "ASKS", stdin=slave, start_new_session=True)
    finally:
        os.close(slave)
    os.close(master)
    assert child.wait(timeout=10) == 0
    assert child.stdout.read().strip() == "netjes gestopt"


def test_terminal_alive() -> None:
    master, slave = os.openpty()
    assert terminal_alive(slave)
    os.close(master)  # hung up
    assert not terminal_alive(slave)
    os.close(slave)
    assert not terminal_alive(slave)  # closed
    read_end, write_end = os.pipe()
    assert not terminal_alive(read_end)  # no terminal at all
    os.close(read_end)
    os.close(write_end)


class CountingDriver:
    """Stands in for Textual's driver: counts how often application mode started and stopped."""

    def __init__(self) -> None:
        self.starts = 0
        self.stops = 0

    def start_application_mode(self) -> None:
        self.starts += 1

    def stop_application_mode(self) -> None:
        self.stops += 1


@pytest.fixture()
def terminal():
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def test_sigcont_while_running_does_not_start_a_second_input_thread(terminal) -> None:
    driver = hangup_safe_driver(CountingDriver, lambda: False, terminal[1])()
    driver.start_application_mode()
    driver.start_application_mode()  # what Textual's SIGCONT handler does
    assert driver.starts == 1


def test_resume_after_a_suspend_still_works(terminal) -> None:
    driver = hangup_safe_driver(CountingDriver, lambda: False, terminal[1])()
    driver.start_application_mode()
    driver.stop_application_mode()  # Ctrl+Z
    driver.start_application_mode()  # fg
    assert (driver.starts, driver.stops) == (2, 1)


def test_no_restart_once_the_app_is_leaving(terminal) -> None:
    leaving = []
    driver = hangup_safe_driver(CountingDriver, lambda: bool(leaving), terminal[1])()
    driver.start_application_mode()
    leaving.append(True)  # Ctrl+Q
    driver.stop_application_mode()
    driver.start_application_mode()  # the SIGCONT that came with the hangup
    assert driver.starts == 1


def test_no_restart_on_a_terminal_that_is_gone(terminal) -> None:
    master, slave = terminal
    driver = hangup_safe_driver(CountingDriver, lambda: False, slave)()
    driver.start_application_mode()
    driver.stop_application_mode()
    os.close(master)
    driver.start_application_mode()
    assert driver.starts == 1


def test_the_first_start_is_always_textuals_own(terminal) -> None:
    driver = hangup_safe_driver(CountingDriver, lambda: True, terminal[1])()
    driver.start_application_mode()
    assert driver.starts == 1
