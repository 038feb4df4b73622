"""The line mode: the guided conversation one line at a time, for slow SSH links, screen readers and scripts.

Interactive, it is one prompt_toolkit `PromptSession` (built in `build_session`) with completion of
commands, norm ids and role codes, a bottom toolbar with the current source and norm, and a few function
keys. Completion is readline-like (Tab inserts the unique completion or lists the candidates above the
prompt) rather than a floating menu: it reads well in a screen reader and redraws little over SSH.

When standard input is not a terminal, `run_batch` reads commands line by line without prompt_toolkit
and prints the engine's messages as plain text; empty lines and lines starting with ``#`` are skipped, so
a command file can carry comments. The input is read as bytes and decoded line by line: a line that is
not UTF-8 is refused on its own and the others still run. The exit code is 1 when any line was refused,
else 0.

Everything shown comes from the audit file or from what was typed, so every line printed, the prompt and
the toolbar pass through `flows.safe_text.visible`: a control character shows as a sign, never acts.

The line mode only renders what `flows.engine.Conversation` returns; it never touches the audit itself.
The one exception is `/samenvoegen`, which reads another auditor's copy and asks a decision per conflict:
it is caught before the engine and handled by `assistant.line_duo` (as is the one-time question for the
auditor's initials).
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import Callable, Iterable, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import CompleteStyle, print_formatted_text
from prompt_toolkit.styles import Style

from assistant.line_duo import (
    ask_initials_once,
    is_merge,
    merge_batch,
    merge_interactive,
    path_completions,
    question_asker,
)
from assistant.lifecycle import LINE_TERMINAL_RESET, Watchdog
from assistant.store import KERN_LABELS, Kerngegevens
from assistant.store.model import ADVICE_CHOICES, PLAN_STATES
from flows import commands, plans
from flows.commands import COMMANDS
from flows.engine import Conversation
from flows.messages import ERROR, HELP, WARNING, Message, has_error
from flows.safe_text import visible, visible_in_place
from flows.text import plain_lines
from normsets.model import JUDGEMENTS, ROLES

#: Interactive colours per message kind; the words ("Fout:", "Let op:", "Vraag:") carry the meaning too.
STYLE = Style.from_dict(
    {
        "norm": "bold",
        "question": "ansicyan",
        "confirmation": "ansigreen",
        "warning": "ansiyellow",
        "confirm": "ansimagenta bold",
        "error": "ansired bold",
        "list": "",
        "help": "",
        "prompt": "bold",
        "bottom-toolbar": "noreverse bg:ansiblue fg:ansiwhite",
    }
)

Show = Callable[[list[Message]], None]


# -- rendering ------------------------------------------------------------------------------------


def print_plain(messages: Iterable[Message], out: TextIO) -> None:
    """Write messages as plain text (batch mode), control characters visible (`plain_lines`)."""
    for message in messages:
        for line in plain_lines(message):
            out.write(line + "\n")
    out.flush()


def terminal_printer(output: Output | None = None) -> Show:
    """A `Show` that prints messages in colour through prompt_toolkit (above the prompt when one is active),
    control characters visible (`plain_lines`)."""

    def show(messages: list[Message]) -> None:
        for message in messages:
            fragments = [(f"class:{message.kind}", line + "\n") for line in plain_lines(message)]
            print_formatted_text(FormattedText(fragments), style=STYLE, output=output, end="")

    return show


# -- completion -----------------------------------------------------------------------------------


class ConversationCompleter(Completer):
    """Completes command names, and per command its argument: norm ids, role codes, oordelen, fields."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        if not text.startswith(commands.PREFIX):
            return
        word, space, argument = text[len(commands.PREFIX):].partition(" ")
        if not space:
            yield from self._commands(word)
            return
        command = commands.find(word)
        if command is None or command.completes is None or " " in argument.lstrip():
            return
        typed = argument.lstrip()
        if command.name == "gesprek" and typed and "verder".startswith(typed.casefold()):
            yield Completion("verder ", -len(typed), display_meta="een gesprek voortzetten (/gesprek verder N)")
        yield from self._arguments(command.completes, typed)

    @staticmethod
    def _commands(word: str) -> Iterable[Completion]:
        typed = word.casefold()
        start = -(len(word) + len(commands.PREFIX))
        for command in COMMANDS:
            suffix = " " if command.argument != commands.NO_ARGUMENT else ""
            if command.name.casefold().startswith(typed):
                yield Completion(commands.PREFIX + command.name + suffix, start, display_meta=command.summary)
                continue
            for alias in command.aliases:
                if typed and alias.casefold().startswith(typed):
                    yield Completion(commands.PREFIX + alias + suffix, start,
                                     display_meta=f"= {commands.PREFIX}{command.name}")

    def _arguments(self, kind: str, argument: str) -> Iterable[Completion]:
        if kind == commands.COMPLETE_PATH:
            yield from path_completions(argument)
            return
        if kind == commands.COMPLETE_ROLES:
            segment = argument.replace("+", ",").rsplit(",", 1)[-1]
            options = [(code, legend) for code, legend in ROLES.items()]
        else:
            segment = argument
            options = self._options(kind)
        typed = segment.casefold()
        for value, meta in options:
            if value.casefold().startswith(typed):
                yield Completion(value, -len(segment), display=visible(value), display_meta=visible(meta))

    def _options(self, kind: str) -> list[tuple[str, str]]:
        if kind == commands.COMPLETE_NORM:
            return [(norm.id, norm.short_text(50)) for norm in self.conversation.normset.norms]
        if kind == commands.COMPLETE_JUDGEMENT:
            return list(JUDGEMENTS.items())
        if kind == commands.COMPLETE_KERN:
            return [(name, KERN_LABELS[name]) for name in Kerngegevens.field_names()]
        if kind == commands.COMPLETE_COMMAND:
            return [(command.name, command.summary) for command in COMMANDS]
        if kind == commands.COMPLETE_ORDER:
            return [(commands.ORDER_SOURCES, "minste bronnen eerst"), (commands.ORDER_NORMSET, "als in de normenset")]
        if kind == commands.COMPLETE_SOURCE:
            return [(str(number), source.describe())
                    for number, source in enumerate(self.conversation.sources, start=1)]
        if kind == commands.COMPLETE_ADVICE:
            return [(word, ADVICE_CHOICES[commands.ADVICE_WORDS[word]]) for word in commands.ADVICE_OFFERED]
        if kind == commands.COMPLETE_PLAN:
            return [(word, PLAN_STATES[plans.STATE_WORDS[word]]) for word in plans.STATE_CHOICES]
        return []


# -- the interactive session ----------------------------------------------------------------------


class ShowControls(Processor):
    """Draws every unsafe character of the input line as one visible sign (`visible_in_place`).

    prompt_toolkit itself shows C0 and C1 controls as ``^[`` and ``<9b>``, but writes a direction
    override as it is; a draft offered back from the audit file can hold one. One sign per character,
    so cursor positions need no translation; the text in the buffer is untouched.
    """

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        return Transformation([(fragment[0], visible_in_place(fragment[1]), *fragment[2:])
                               for fragment in transformation_input.fragments])


#: The line mode's function keys: the same keys as in the app where there is an equivalent (F6/F7 vorige
#: and volgende norm, F8 overslaan), and for F2 and F4 the overview closest to the app's board and summary.
FUNCTION_KEYS: tuple[tuple[str, str, str], ...] = (
    ("f1", "/help", "hulp"),
    ("f2", "/open", "open normen"),
    ("f4", "/status", "status en advies"),
    ("f6", "/vorige", "vorige norm"),
    ("f7", "/volgende", "volgende norm"),
    ("f8", "/overslaan", "overslaan"),
)


def keys_help() -> str:
    """The help line about the keys, shown when the line mode starts."""
    keys = ", ".join(f"{key.upper()} {what}" for key, _command, what in FUNCTION_KEYS)
    return f"Tab vult aan; {keys}; Ctrl-C wist de regel, Ctrl-D stopt."


def line_mode_bindings(conversation: Conversation, show: Show) -> KeyBindings:
    """The line mode's own keys (`FUNCTION_KEYS`): each runs one command and prints its reply above the prompt.

    What was typed so far stays in the input line, so a key can be used in the middle of a note.
    """
    bindings = KeyBindings()

    def run(line: str) -> None:
        messages = conversation.handle(line)
        run_in_terminal(lambda: show(messages))

    for key, command, _what in FUNCTION_KEYS:
        bindings.add(key)(lambda event, command=command: run(command))

    return bindings


def build_session(conversation: Conversation, show: Show, *, input: Input | None = None,
                  output: Output | None = None) -> PromptSession:
    """The one prompt session of the line mode.

    History is kept in memory only: the lines are the auditor's notes about an organisation and its
    people, and a history file would keep a second, unprotected copy of them outside the audit file
    (which is private, backed up and deleted with the audit). Up-arrow still brings back every line of
    this session, including one whose save failed.
    """

    def prompt_message() -> FormattedText:
        norm = conversation.current_norm
        return FormattedText([("class:prompt", f"{visible(norm.id)}> " if norm else "> ")])

    def toolbar() -> str:
        return visible(conversation.status_line())

    return PromptSession(
        message=prompt_message,
        completer=ConversationCompleter(conversation),
        complete_style=CompleteStyle.READLINE_LIKE,
        complete_while_typing=False,
        history=InMemoryHistory(),
        bottom_toolbar=toolbar,
        key_bindings=line_mode_bindings(conversation, show),
        input_processors=[ShowControls()],
        style=STYLE,
        input=input,
        output=output,
    )


class _Terminated(Exception):
    """SIGTERM or SIGHUP arrived, or the terminal went away, while the prompt was waiting."""


class LineDraftKeeper:
    """Keeps what is typed at the prompt but not yet submitted, like the app's chat input.

    The text is saved through the conversation (`keep_draft`) once typing pauses, and at the latest
    `MAX_DELAY` seconds after a change, on the prompt's own event loop. SIGTERM and SIGHUP (a closed
    terminal) reach it as `terminate()` from the watchdog thread (`assistant.lifecycle`): that ends the
    prompt through its loop, and the text is saved after the prompt returned, never in the middle of
    another write, and the session stops cleanly.
    """

    IDLE_DELAY = 0.3
    MAX_DELAY = 0.8

    def __init__(self, conversation: Conversation, session: PromptSession) -> None:
        self._conversation = conversation
        self._session = session
        self._saved = conversation.pending_draft()
        self._scheduled = False
        self._scheduled_on: asyncio.AbstractEventLoop | None = None
        self._first_change = 0.0
        self._last_change = 0.0
        self.terminated = False
        self.error: str | None = None
        self._keep_lock = threading.RLock()
        self._prompting = False
        self._between_prompts = self._saved

    def __enter__(self) -> "LineDraftKeeper":
        self._session.default_buffer.on_text_changed += self._changed
        return self

    def __exit__(self, *exc: object) -> None:
        self._session.default_buffer.on_text_changed -= self._changed

    # -- ending (any thread) ------------------------------------------------------------------------

    def terminate(self) -> None:
        """End the prompt as soon as possible (thread-safe; the watchdog calls it). Returns at once."""
        self.terminated = True
        loop = self._session.app.loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._end_prompt)
            except RuntimeError:
                pass  # that prompt's loop has closed; the next prompt ends in `prompt_started`

    def prompt_started(self) -> None:
        """The prompt's `pre_run`: a prompt that starts after `terminate()` ends at once."""
        self._prompting = True
        if self.terminated:
            self._end_prompt()

    def prompt_ended(self, pending: str) -> None:
        """The prompt returned; `pending` is the text that belongs back in the next prompt."""
        self._prompting = False
        self._between_prompts = pending

    def _end_prompt(self) -> None:
        app = self._session.app
        future = app.future
        if app.is_running and future is not None and not future.done():
            app.exit(exception=_Terminated())

    def unsent_text(self) -> str:
        """What the auditor typed but did not send: the prompt's text, or the line waiting for the next one."""
        return self._session.default_buffer.text if self._prompting else self._between_prompts

    def keep_unsent(self) -> None:
        """Save `unsent_text()` now (the watchdog's helper thread, when the main thread may be stuck)."""
        with self._keep_lock:  # read the text under the lock, so a newer keep from the loop is not undone
            self.keep(self.unsent_text())

    def _changed(self, buffer) -> None:
        if self._conversation.audit_file.read_only:
            return
        loop = asyncio.get_running_loop()
        now = loop.time()
        # Each prompt runs its own event loop: a save scheduled on an earlier prompt's loop never comes.
        if not self._scheduled or self._scheduled_on is not loop:
            self._scheduled = True
            self._scheduled_on = loop
            self._first_change = now
            loop.call_later(self.IDLE_DELAY, self._due)
        self._last_change = now

    def _due(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if now - self._last_change < self.IDLE_DELAY and now - self._first_change < self.MAX_DELAY:
            loop.call_later(min(self.IDLE_DELAY, self.MAX_DELAY - (now - self._first_change)), self._due)
            return
        self._scheduled = False
        self.keep(self._session.default_buffer.text)

    def keep(self, text: str) -> None:
        """Save `text` as the draft now, if it differs from what is saved (any thread)."""
        with self._keep_lock:
            if text == self._saved:
                return
            self.error = self._conversation.keep_draft(text)
            if self.error is None:
                self._saved = text


def run_interactive(conversation: Conversation, session: PromptSession, show: Show,
                    watchdog: Watchdog | None = None) -> int:
    """Prompt until /stop or end of input (Ctrl-D); Ctrl-C clears the line. Returns the exit code.

    A line that was refused or could not be saved comes back in the prompt, so nothing typed is lost;
    text left at the prompt is kept as a draft and offered back next time. With a `watchdog` (the
    `lijn` command; signals already blocked by `watchdog.block()`), SIGHUP, SIGTERM and a terminal
    that went away end the session the same way, within the watchdog's grace period.
    """
    show(conversation.opening())
    show([Message(HELP, keys_help())])
    ask = question_asker(session)
    ask_initials_once(conversation, ask, show)
    pending = conversation.pending_draft()
    if pending:
        show([Message(WARNING, "Niet-verstuurde tekst van de vorige keer staat weer in de invoerregel.")])
    with LineDraftKeeper(conversation, session) as keeper:
        if watchdog is not None:
            watchdog.start(request_exit=keeper.terminate, save=keeper.keep_unsent)
        while not conversation.finished and not keeper.terminated:
            try:
                line = session.prompt(default=pending, pre_run=keeper.prompt_started)
            except KeyboardInterrupt:
                pending = ""
                keeper.prompt_ended(pending)
                keeper.keep("")
                continue
            except EOFError:
                keeper.keep(session.default_buffer.text)
                keeper.prompt_ended(session.default_buffer.text)
                _show_if_possible(show, conversation.handle("/stop"))
                break
            except _Terminated:
                break
            except OSError:
                # The terminal went away under the prompt (its last redraw failed): keep what was typed.
                if not _terminal_lost(keeper, watchdog):
                    raise
                break
            keeper.prompt_ended(line)
            if is_merge(line):  # another file and a decision per conflict: handled here, not by the engine
                pending = line if merge_interactive(conversation, line, ask, show) else ""
                keeper.keep(pending)
                continue
            messages = conversation.handle(line)
            try:
                show(messages)
            except OSError:  # the line is handled and saved; only its answer has nowhere to go
                if not _terminal_lost(keeper, watchdog):
                    raise
            pending = line if has_error(messages) else ""
            keeper.prompt_ended(pending)
            keeper.keep(pending)
        if keeper.terminated:
            keeper.keep(keeper.unsent_text())
            keeper.prompt_ended(keeper.unsent_text())
            _show_if_possible(show, conversation.handle("/stop"))
        if keeper.error is not None:
            _show_if_possible(show, [Message(ERROR, keeper.error)])
    return 0


def _terminal_lost(keeper: LineDraftKeeper, watchdog: Watchdog | None) -> bool:
    """After an error writing to the terminal: is it gone (end the session) or is the error real?"""
    if keeper.terminated or (watchdog is not None and watchdog.terminal_gone()):
        keeper.terminated = True
        return True
    return False


def _show_if_possible(show: Show, messages: list[Message]) -> None:
    """Show the last messages; a terminal that has gone away takes none, and that is no error."""
    try:
        show(messages)
    except OSError:
        pass


# -- batch -------------------------------------------------------------------------------------


#: Said for a piped line that is not UTF-8 (after "Fout in regel N: ").
NOT_UTF8 = "deze regel is geen geldige UTF-8-tekst; er is niets opgeslagen."


def decode_line(raw: bytes | str, number: int) -> str | None:
    """One piped line as text without its line end, or None when it is not valid UTF-8.

    A text line holding lone surrogates (bytes that were not UTF-8, decoded with `surrogateescape`)
    counts as not UTF-8 too. A byte-order mark at the start of the first line is dropped, so a command
    file saved by an editor that writes one still starts with its command.
    """
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    else:
        text = raw
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return None
    if number == 1:
        text = text.removeprefix("\ufeff")
    return text.rstrip("\r\n")


def _refuse(err: TextIO, number: int, text: str, lines: Iterable[str] = ()) -> None:
    err.write(f"Fout in regel {number}: {visible(text)}\n")
    err.writelines(f"  {visible(line)}\n" for line in lines)
    err.flush()


def run_batch(conversation: Conversation, lines: Iterable[bytes | str], out: TextIO, err: TextIO) -> int:
    """Carry out piped lines as plain text; refused lines go to `err` with their line number.

    `lines` are bytes (standard input's binary buffer) or text; a line that is not UTF-8 is refused on
    its own (`NOT_UTF8`) and the next line runs. Returns 1 when any line was refused, else 0. End of
    input does what /stop does. A script starts without a current source, whatever interview ran last:
    it names its interview (/gesprek, /gesprek verder N).
    """
    conversation.forget_resume()
    failed = False
    for number, raw in enumerate(lines, start=1):
        line = decode_line(raw, number)
        if line is None:
            failed = True
            _refuse(err, number, NOT_UTF8)
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _drops_confirmation(conversation, line, number, err):
            failed = True
        messages = merge_batch(conversation, line) if is_merge(line) else conversation.handle(line)
        if has_error(messages):
            failed = True
        for message in messages:
            if message.kind == ERROR:
                _refuse(err, number, message.text, message.lines)
            else:
                print_plain([message], out)
        if conversation.finished:
            break
    if not conversation.finished:
        if _drops_confirmation(conversation, "", None, err):
            failed = True
        print_plain(conversation.handle("/stop"), out)
    return 1 if failed else 0


def _drops_confirmation(conversation: Conversation, line: str, number: int | None, err: TextIO) -> bool:
    """In a script, a question the next line does not answer with /ja or /nee is a failed command: say so."""
    waiting = conversation.awaiting_confirmation
    if waiting is None:
        return False
    word = line.strip().split(" ", 1)[0] if line.strip().startswith("/") else ""
    command = commands.find(word) if word else None
    if command is not None and command.name in ("ja", "nee"):
        return False
    where = f"regel {number}" if number is not None else "het einde van de invoer"
    err.write(f"Fout bij {where}: de vraag hiervoor is niet met /ja beantwoord, dus niet gedaan: {waiting}.\n")
    err.flush()
    return True


def run_line_mode(conversation: Conversation, stdin: TextIO | None = None, stdout: TextIO | None = None,
                  stderr: TextIO | None = None) -> int:
    """The `lijn` command: interactive on a terminal, batch when standard input is a pipe or file."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not stdin.isatty():
        # Bytes, so that one line that is not UTF-8 is refused by itself instead of ending the run.
        return run_batch(conversation, getattr(stdin, "buffer", stdin), stdout, stderr)
    watchdog = Watchdog(terminal_reset=LINE_TERMINAL_RESET)
    watchdog.block()  # before prompt_toolkit starts any thread: they all inherit the blocked signals
    show = terminal_printer()
    return run_interactive(conversation, build_session(conversation, show), show, watchdog)

