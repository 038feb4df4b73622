"""Closing the terminal on a running toetsassistent: a pseudo-terminal driver and the hangup scenarios.

Shared by `tests/functional/test_hangup_pty.py` (which asserts: gone within 2 s, draft kept, no lock
left) and `bench/hangup.py` (which reports how long the exit takes). The child runs on its own
pseudo-terminal, as its controlling terminal like in a real terminal window (closing the master side
then makes the kernel send SIGHUP and SIGCONT), or optionally without one (closing the master only
makes its input end: no signal at all).
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from assistant.drafts import CHAT_KEY
from assistant.store import AuditFile, Kerngegevens
from normsets import NormSetRegistry

SIZE = (30, 100)  # rows, columns
#: A process must be gone this long after its terminal closed or it was asked to stop (issue 9).
EXIT_BOUND = 2.0
NORMSET_ID = "sterk-sociaal-werk-2019"
F3 = "\x1bOR"
CTRL_Q = "\x11"

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78MDEc]")


def script() -> str:
    """The installed console script next to this Python (what a user starts)."""
    candidate = Path(sys.executable).parent / "toetsassistent"
    return str(candidate) if candidate.exists() else "toetsassistent"


_CURSOR_FORWARD = re.compile(r"\x1b\[(\d*)C")


def visible(raw: bytes) -> str:
    """The text a terminal would show, without escape sequences (enough to find what was drawn).

    prompt_toolkit draws a typed space as "cursor forward": that becomes a space again.
    """
    text = _CURSOR_FORWARD.sub(lambda match: " " * int(match.group(1) or 1), raw.decode("utf-8", "replace"))
    return _ESCAPES.sub("", text)


class PtyChild:
    """A child process on a fresh pseudo-terminal; `hang_up` closes the terminal under it."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], *, controlling: bool = True,
                 size: tuple[int, int] = SIZE) -> None:
        environment = dict(os.environ, TERM="xterm-256color", COLUMNS=str(size[1]), LINES=str(size[0]))
        environment.update(env)
        self.output = bytearray()
        self.hung_up_at: float | None = None
        self.status: int | None = None
        if controlling:
            pid, master = pty.fork()
            if pid == 0:  # the child: the pty is its controlling terminal (setsid + TIOCSCTTY)
                try:
                    os.execve(argv[0], list(argv), environment)
                finally:
                    os._exit(127)
            self.pid = pid
            self.master = master
            self._popen = None
        else:  # a new session without a controlling terminal: closing the master sends no signal
            master, slave = os.openpty()
            self._popen = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=environment,
                                           start_new_session=True, close_fds=True)
            os.close(slave)
            self.pid = self._popen.pid
            self.master = master
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))

    # -- talking to it ------------------------------------------------------------------------------

    def read(self, timeout: float) -> None:
        if self.master < 0:
            time.sleep(timeout)
            return
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                self.output.extend(os.read(self.master, 65536))
            except OSError:  # the child has gone and closed its side
                time.sleep(timeout)

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read(min(0.02, max(0.0, end - time.monotonic())))

    def mark(self) -> int:
        """An offset into the output: `shows(text, since=mark)` looks only at what came after it."""
        return len(self.output)

    def shows(self, text: str, since: int = 0) -> bool:
        return text in visible(bytes(self.output[since:]))

    def wait_for(self, text: str, since: int = 0, timeout: float = 20.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.shows(text, since):
                return True
            self.read(0.02)
        return self.shows(text, since)

    def wait_until(self, condition, timeout: float = 20.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if condition():
                return True
            self.read(0.02)
        return bool(condition())

    def send(self, data: str) -> None:
        os.write(self.master, data.encode("utf-8"))

    def type(self, text: str, pause: float = 0.01) -> None:
        """Send `text` key by key, reading output meanwhile so the terminal never fills up."""
        for char in text:
            self.send(char)
            self.drain(pause)

    # -- ending it ------------------------------------------------------------------------------------

    def alive(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.status = status
        return False

    def hang_up(self) -> None:
        """Close the terminal: the master side goes away (SIGHUP if it is the controlling terminal)."""
        self.hung_up_at = time.monotonic()
        os.close(self.master)
        self.master = -1

    def signal(self, signum: int) -> None:
        self.hung_up_at = time.monotonic()
        os.kill(self.pid, signum)

    def seconds_to_exit(self, limit: float = 10.0) -> float | None:
        """Seconds from `hang_up`/`signal` until the process was gone; None if it still ran after `limit`."""
        assert self.hung_up_at is not None
        while time.monotonic() - self.hung_up_at < limit:
            if not self.alive():
                return time.monotonic() - self.hung_up_at
            self.read(0.005)
        return None if self.alive() else time.monotonic() - self.hung_up_at

    @property
    def exit_code(self) -> int | None:
        """The exit code, or -signal for a process ended by a signal; None while it runs."""
        if self.status is None:
            return None
        return os.waitstatus_to_exitcode(self.status)

    def close(self) -> None:
        """Make sure the child is gone (SIGKILL if needed) and the terminal closed."""
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = 0
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


# -- audits --------------------------------------------------------------------------------------------


def make_audit(folder: Path, name: str = "ophangen", organisation: str = "Welzijn Ophangen") -> Path:
    """A closed, empty audit in `folder`."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    normset = NormSetRegistry(None).get(NORMSET_ID)
    path = folder / f"{name}.toets"
    AuditFile.create_for(path, normset, Kerngegevens(organisatie=organisation)).close()
    return path


def drafts(path: Path) -> dict[str, str]:
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.drafts()


def opens_writable(path: Path) -> bool:
    """True when no lock is left behind: a writable open succeeds (and is closed again at once)."""
    try:
        AuditFile.open(path).close()
    except Exception:
        return False
    return True


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".slot")


# -- the scenarios ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one hangup left behind."""

    seconds: float | None
    """From closing the terminal (or the signal) to the process being gone; None if it outlived the bound."""
    exit_code: int | None
    seen: str = ""
    """The unsent text that was visible on the screen before the hangup."""
    sent: str = ""
    """Everything typed (a hangup while typing may cut it off after `seen`)."""
    draft: str | None = None
    """The chat draft in the audit file afterwards."""
    unlocked: bool = True


def start_app(path: Path, data_dir: Path, *, controlling: bool = True) -> PtyChild:
    return PtyChild([script(), "open", str(path)], {"TOETSASSISTENT_DATA": str(data_dir)}, controlling=controlling)


def open_chat(child: PtyChild, path: Path, organisation: str = "Welzijn Ophangen") -> None:
    """From the start of the app to the interview chat with one gesprek begun (event-driven, no fixed waits)."""
    if not child.wait_for(organisation):
        raise AssertionError("de app heeft de toetsing niet geopend")
    mark = child.mark()
    child.send(F3)
    if not child.wait_for("Wie spreekt u?", since=mark):
        raise AssertionError("het formulier voor een nieuw gesprek verscheen niet")
    child.drain(0.1)
    # The first role (P) in the list, the description, and "Gesprek beginnen": keys arrive in order.
    child.send(" \ttwee ambulant werkers\r")

    def started() -> bool:
        with AuditFile.open(path, read_only=True) as audit_file:
            return len(audit_file.snapshot().sources) == 1

    if not child.wait_until(started):
        raise AssertionError("het gesprek is niet begonnen")


def type_visibly(child: PtyChild, text: str) -> None:
    """Type `text` and wait until the app shows it (so it has the text, not only the terminal)."""
    mark = child.mark()
    child.type(text)
    if not child.wait_for(text, since=mark, timeout=10):
        raise AssertionError(f"de getypte tekst {text!r} verscheen niet op het scherm")


def finish(child: PtyChild, path: Path, outcome: Outcome) -> Outcome:
    outcome.seconds = child.seconds_to_exit()
    outcome.exit_code = child.exit_code
    child.close()
    outcome.draft = drafts(path).get(CHAT_KEY)
    outcome.unlocked = opens_writable(path)
    return outcome


def app_quit_then_hang_up(folder: Path, rng: random.Random, *, controlling: bool = True) -> Outcome:
    """Type into the chat without sending, press Ctrl+Q, close the terminal 0.1-0.3 s later."""
    path = make_audit(folder / "toetsingen")
    child = start_app(path, folder, controlling=controlling)
    try:
        open_chat(child, path)
        text = "nog niet verstuurd"
        type_visibly(child, text)
        child.send(CTRL_Q)
        child.drain(rng.uniform(0.1, 0.3))
        child.hang_up()
        return finish(child, path, Outcome(None, None, seen=text, sent=text))
    finally:
        child.close()


def app_hang_up_while_typing(folder: Path, rng: random.Random, *, controlling: bool = True) -> Outcome:
    """Type into the chat, and close the terminal in the middle of typing."""
    path = make_audit(folder / "toetsingen")
    child = start_app(path, folder, controlling=controlling)
    try:
        open_chat(child, path)
        seen = "De teamleider "
        type_visibly(child, seen)
        rest = "bespreekt casussen in het teamoverleg"
        cut = rng.randint(3, len(rest) - 3)
        child.type(rest[:cut], pause=0.015)
        child.hang_up()
        return finish(child, path, Outcome(None, None, seen=seen, sent=seen + rest[:cut]))
    finally:
        child.close()


def start_line_mode(path: Path, data_dir: Path, *, controlling: bool = True) -> PtyChild:
    # A pty is no terminal emulator: it never answers prompt_toolkit's cursor-position request.
    env = {"TOETSASSISTENT_DATA": str(data_dir), "PROMPT_TOOLKIT_NO_CPR": "1"}
    return PtyChild([script(), "lijn", str(path)], env, controlling=controlling)


def line_hang_up_while_typing(folder: Path, rng: random.Random, *, controlling: bool = True) -> Outcome:
    """`toetsassistent lijn`: begin a gesprek, type without Enter, close the terminal while typing."""
    path = make_audit(folder / "toetsingen")
    child = start_line_mode(path, folder, controlling=controlling)
    try:
        if not child.wait_for("Ctrl-D stopt"):
            raise AssertionError("de regelmodus is niet gestart")
        mark = child.mark()
        child.send("/gesprek P twee ambulant werkers\r")
        if not child.wait_for("huidige bron", since=mark):
            raise AssertionError("het gesprek is niet begonnen")
        child.drain(0.1)
        seen = "De teamleider "
        type_visibly(child, seen)
        rest = "bespreekt casussen"
        cut = rng.randint(2, len(rest) - 2)
        child.type(rest[:cut], pause=0.015)
        child.hang_up()
        return finish(child, path, Outcome(None, None, seen=seen, sent=seen + rest[:cut]))
    finally:
        child.close()


SLOW_OPEN = Path(__file__).resolve().parent / "slow_open"


def app_terminated_while_starting(folder: Path, rng: random.Random) -> Outcome:
    """SIGTERM 0-0.3 s after the start: before or while Textual sets up, before the audit is open."""
    path = make_audit(folder / "toetsingen")
    child = start_app(path, folder)
    try:
        child.drain(rng.uniform(0.0, 0.3))
        child.signal(signal.SIGTERM)
        return finish(child, path, Outcome(None, None))
    finally:
        child.close()


def app_terminated_while_opening(folder: Path, rng: random.Random, open_seconds: float = 1.0) -> Outcome:
    """SIGTERM while the app's opening worker holds the audit, on a disk that takes `open_seconds`.

    With 1 s the opening finishes within the grace period and the audit is closed cleanly; with more
    the worker is still busy when the grace period ends and the watchdog ends the process.
    """
    path = make_audit(folder / "toetsingen")
    env = {"TOETSASSISTENT_DATA": str(folder), "TOETSASSISTENT_TEST_SLOW_OPEN": str(open_seconds),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(SLOW_OPEN), os.environ.get("PYTHONPATH", "")]))}
    child = PtyChild([script(), "open", str(path)], env)
    try:
        if not child.wait_until(lock_path(path).exists):  # opened, and now waiting on the "disk"
            raise AssertionError("de app begon niet aan het openen")
        child.drain(rng.uniform(0.0, 0.2))
        child.signal(signal.SIGTERM)
        return finish(child, path, Outcome(None, None))
    finally:
        child.close()


def app_terminated_in_modal(folder: Path, rng: random.Random, signum: int = signal.SIGTERM) -> Outcome:
    """SIGTERM (or SIGHUP) while a modal dialog is open: 'Toetsing is in gebruik' for a locked audit."""
    path = make_audit(folder / "toetsingen")
    holder = AuditFile.open(path)  # another process has it open: the app asks what to do, in a modal
    try:
        child = start_app(path, folder)
        try:
            if not child.wait_for("Alleen-lezen openen"):
                raise AssertionError("de vraag over de vergrendelde toetsing verscheen niet")
            child.drain(rng.uniform(0.05, 0.2))
            child.signal(signum)
            outcome = Outcome(child.seconds_to_exit(), None)
            outcome.exit_code = child.exit_code
        finally:
            child.close()
    finally:
        holder.close()
    outcome.draft = drafts(path).get(CHAT_KEY)
    outcome.unlocked = opens_writable(path)
    return outcome
