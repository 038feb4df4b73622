"""A process never outlives its terminal: how the front ends end after SIGHUP, SIGTERM or a lost terminal.

A closed terminal sends SIGHUP (and SIGCONT) to the program; a system going down sends SIGTERM. Either
way the app and the line mode must end within two seconds, with the text typed but not yet sent kept as
a draft and the audit saved, whatever they were doing: starting, opening an audit, showing a dialog,
already quitting. Three things make that hold:

* `Watchdog`: the entry points (`run_app`, the interactive line mode) block SIGHUP and SIGTERM in the
  main thread before any other thread exists, so every thread inherits the block and the signals wait
  for one thread that takes them with `sigtimedwait`. No Python signal handler runs in the middle of a
  write: the watchdog only asks the front end to stop (thread-safe), saves the drafts in a helper thread
  (the audit file serialises writes), and if the process is still alive `GRACE_SECONDS` later it ends
  it with `os._exit`. That is safe: every acknowledged change is already fsynced in the journal
  (`assistant/store/journal.py`), and the lock is an `flock` that dies with the process.
  Between two signals it looks every `CHECK_SECONDS` whether the terminal is still there, and treats a
  terminal that went away without a signal like a hangup.
* `hangup_safe_driver`: Textual's terminal driver restarts itself on every SIGCONT (meant for resuming
  after Ctrl+Z). The kernel sends SIGCONT with the SIGHUP of a closed terminal, so a hangup during quit
  started a fresh input thread after the app had stopped its own: that thread spun on `read() = 0` and
  kept the process alive forever. The guarded driver starts only once at a time, never while the app is
  leaving and never on a terminal that is gone.
* The front ends (the app's `request_exit`, the line mode's `LineDraftKeeper.terminate`) turn the
  watchdog's request into an ordinary exit on their own event loop.

Pilot tests and in-process runs never install any of this: it belongs to the process, not to the app.
"""

from __future__ import annotations

import os
import signal
import sys
import termios
import threading
import time
from typing import Callable

#: The signals that end a front end (the terminal closed, or the system asks the program to stop).
TERMINATION_SIGNALS = frozenset({signal.SIGHUP, signal.SIGTERM})
#: After a termination signal the process is ended by force if it still runs this many seconds later.
GRACE_SECONDS = 1.5
#: How often the watchdog looks whether the terminal is still there (it costs one ioctl).
CHECK_SECONDS = 0.5
#: How long a forced exit waits for its last words to the terminal.
LAST_WORDS_SECONDS = 0.2
#: What Textual writes when it leaves application mode (keyboard protocol, mouse, paste, focus reports,
#: line wrap, cursor, alternate screen): a forced exit writes it too, so a live terminal is usable again.
TEXTUAL_TERMINAL_RESET = (
    "\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l\x1b[?7h\x1b[?25h\x1b[?1049l"
)
#: The same for the line mode, which draws in the normal screen: show the cursor, start a fresh line.
LINE_TERMINAL_RESET = "\x1b[?2004l\x1b[?25h\r\n"


def terminal_alive(fd: int) -> bool:
    """True while `fd` is a working terminal; False once it was hung up, closed or is no terminal."""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        return False
    return True


class Watchdog:
    """Ends the process after SIGHUP, SIGTERM or the loss of its terminal: asks, saves, then insists.

    Use from an entry point, in the main thread: `block()` before any other thread starts (so that every
    thread inherits the blocked signals), then `start(request_exit, save)` once the front end can take
    a request. `request_exit` must be thread-safe and return at once; `save` may block (it runs in a
    helper thread, bounded by the grace period).
    """

    def __init__(self, *, grace: float = GRACE_SECONDS, check_every: float = CHECK_SECONDS,
                 terminal_fd: int | None = 0, terminal_reset: str = "") -> None:
        self.grace = grace
        self.check_every = check_every
        self._terminal_fd = terminal_fd
        self._terminal_reset = terminal_reset
        self._terminal_modes: list | None = None
        self._watch_terminal = False
        self._blocked = False
        self._thread: threading.Thread | None = None
        self._terminating = threading.Event()

    # -- set-up (main thread) -----------------------------------------------------------------------

    def block(self) -> None:
        """Block SIGHUP and SIGTERM in this thread, and so in every thread it starts from now on."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("Watchdog.block() must run in the main thread, before other threads start")
        signal.pthread_sigmask(signal.SIG_BLOCK, TERMINATION_SIGNALS)
        self._blocked = True
        # Only a terminal that is there now can go away; a pipe or file on stdin is not watched.
        self._watch_terminal = self._terminal_fd is not None and terminal_alive(self._terminal_fd)
        if self._watch_terminal:  # the modes before the front end made the terminal raw, for a forced exit
            self._terminal_modes = termios.tcgetattr(self._terminal_fd)

    def start(self, request_exit: Callable[[], None], save: Callable[[], object]) -> "Watchdog":
        """Start watching; a signal that arrived since `block()` is handled now."""
        if not self._blocked:
            self.block()
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, args=(request_exit, save),
                                            name="toetsassistent-watchdog", daemon=True)
            self._thread.start()
        return self

    # -- state --------------------------------------------------------------------------------------

    @property
    def terminating(self) -> bool:
        """True once a termination signal came or the terminal went away."""
        return self._terminating.is_set()

    def terminal_gone(self) -> bool:
        """True when the terminal this process started on is no longer there."""
        return self._watch_terminal and not terminal_alive(self._terminal_fd)  # type: ignore[arg-type]

    # -- the watchdog thread ------------------------------------------------------------------------

    def _watch(self, request_exit: Callable[[], None], save: Callable[[], object]) -> None:
        while True:
            received = signal.sigtimedwait(TERMINATION_SIGNALS, self.check_every)
            if received is not None:
                self._terminate(received.si_signo, request_exit, save)
                return
            if self.terminal_gone():
                self._terminate(signal.SIGHUP, request_exit, save)
                return

    def _terminate(self, signum: int, request_exit: Callable[[], None], save: Callable[[], object]) -> None:
        deadline = time.monotonic() + self.grace
        self._terminating.set()
        _quietly(request_exit)
        saver = threading.Thread(target=_quietly, args=(save,), name="toetsassistent-bewaren", daemon=True)
        saver.start()
        # The front end normally ends well before the deadline, and this daemon thread with it.
        saver.join(max(0.0, deadline - time.monotonic()))
        remaining = deadline - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
        # Last words (terminal modes, pending output) may block on a stopped terminal or a full pipe:
        # they get a moment in a thread of their own, the exit comes regardless.
        last_words = threading.Thread(target=_quietly, args=(self._last_words,), daemon=True)
        last_words.start()
        last_words.join(LAST_WORDS_SECONDS)
        os._exit(128 + signum)

    def _last_words(self) -> None:
        """Before a forced exit: give a live terminal back as it was, and write out buffered output.

        The front end normally does both on its way out; a forced exit skips that. Everything the
        auditor acknowledged is already durable in the journal.
        """
        # A process in the background would be stopped by SIGTTOU for touching the terminal.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTTOU})
        if self._terminal_modes is not None and not self.terminal_gone():
            fd: int = self._terminal_fd  # type: ignore[assignment]
            try:
                termios.tcsetattr(fd, termios.TCSANOW, self._terminal_modes)
                if self._terminal_reset:
                    os.write(_output_to(fd), self._terminal_reset.encode("ascii"))
            except (termios.error, OSError):
                pass
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None and not stream.isatty():
                    stream.flush()  # a pipe or file may still hold the last lines; a terminal has them
            except (OSError, ValueError):
                pass


def _output_to(terminal_fd: int) -> int:
    """The descriptor to write to `terminal_fd`'s terminal: stdout or stderr when they are that terminal."""
    try:
        device = os.fstat(terminal_fd).st_rdev
        for fd in (1, 2):
            if os.isatty(fd) and os.fstat(fd).st_rdev == device:
                return fd
    except OSError:
        pass
    return terminal_fd  # a terminal opened for reading and writing, as a shell passes it on


def _quietly(function: Callable[[], object]) -> None:
    """Run `function`, swallowing what it raises: the watchdog must reach its deadline whatever happens."""
    try:
        function()
    except BaseException:  # noqa: BLE001 - a failed save must not keep the process alive
        pass


def hangup_safe_driver(driver_class: type, leaving: Callable[[], bool], terminal_fd: int = 0) -> type:
    """A subclass of Textual's `driver_class` that restarts application mode only when that makes sense.

    Textual's Linux driver calls `start_application_mode` again on every SIGCONT. That starts a second
    input and output thread while the first ones run, and after a quit it starts them again when nobody
    will stop them. The subclass lets the first start through as Textual does it; a restart only happens
    after a stop (a real suspend), while the app is not leaving (`leaving()`), on a terminal that is
    still there.
    """
    watch_terminal = terminal_alive(terminal_fd)

    class HangupSafeDriver(driver_class):  # type: ignore[misc, valid-type]
        _started = False
        _in_application_mode = False

        def start_application_mode(self) -> None:
            if self._started:  # a restart (SIGCONT): only after a stop, and only to a live terminal
                if self._in_application_mode or leaving():
                    return
                if watch_terminal and not terminal_alive(terminal_fd):
                    return
            self._started = True
            self._in_application_mode = True
            super().start_application_mode()

        def stop_application_mode(self) -> None:
            self._in_application_mode = False
            super().stop_application_mode()

    HangupSafeDriver.__name__ = HangupSafeDriver.__qualname__ = f"HangupSafe{driver_class.__name__}"
    return HangupSafeDriver
