"""The line mode: the guided conversation one line at a time, for slow SSH links, screen readers and scripts.

Interactive, it is one prompt_toolkit `PromptSession` (built in `build_session`) with completion of
commands, norm ids and role codes, a bottom toolbar with the current source and norm, and a few function
keys. Completion is readline-like (Tab inserts the unique completion or lists the candidates above the
prompt) rather than a floating menu: it reads well in a screen reader and redraws little over SSH.

When standard input is not a terminal, `run_batch` reads commands line by line without prompt_toolkit
and prints the engine's messages as plain text; empty lines and lines starting with ``#`` are skipped, so
a command file can carry comments. The exit code is 1 when any line was refused, else 0.

The line mode only renders what `flows.engine.Conversation` returns; it never touches the audit itself.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Callable, Iterable, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import run_in_terminal
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import CompleteStyle, print_formatted_text
from prompt_toolkit.styles import Style

from assistant.store import KERN_LABELS, Kerngegevens
from flows import commands
from flows.commands import COMMANDS
from flows.engine import Conversation
from flows.messages import ERROR, HELP, WARNING, Message, has_error
from flows.text import plain_lines
from normsets.model import JUDGEMENTS, ROLES

#: Interactive colours per message kind; the words ("Fout:", "Let op:", "Vraag:") carry the meaning too.
STYLE = Style.from_dict(
    {
        "norm": "bold",
        "question": "ansicyan",
        "confirmation": "ansigreen",
        "warning": "ansiyellow",
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
    """Write messages as plain text (batch mode, `toetsassistent status`)."""
    for message in messages:
        for line in plain_lines(message):
            out.write(line + "\n")
    out.flush()


def terminal_printer(output: Output | None = None) -> Show:
    """A `Show` that prints messages in colour through prompt_toolkit (above the prompt when one is active)."""

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
        yield from self._arguments(command.completes, argument.lstrip())

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
        if kind == commands.COMPLETE_ROLES:
            segment = argument.replace("+", ",").rsplit(",", 1)[-1]
            options = [(code, legend) for code, legend in ROLES.items()]
        else:
            segment = argument
            options = self._options(kind)
        typed = segment.casefold()
        for value, meta in options:
            if value.casefold().startswith(typed):
                yield Completion(value, -len(segment), display_meta=meta)

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
        return []


# -- the interactive session ----------------------------------------------------------------------


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
        return FormattedText([("class:prompt", f"{norm.id}> " if norm else "> ")])

    return PromptSession(
        message=prompt_message,
        completer=ConversationCompleter(conversation),
        complete_style=CompleteStyle.READLINE_LIKE,
        complete_while_typing=False,
        history=InMemoryHistory(),
        bottom_toolbar=conversation.status_line,
        key_bindings=line_mode_bindings(conversation, show),
        style=STYLE,
        input=input,
        output=output,
    )


class _Terminated(Exception):
    """SIGTERM or SIGHUP arrived while the prompt was waiting."""


class LineDraftKeeper:
    """Keeps what is typed at the prompt but not yet submitted, like the app's chat input.

    The text is saved through the conversation (`keep_draft`) once typing pauses, and at the latest
    `MAX_DELAY` seconds after a change, on the prompt's own event loop. SIGTERM and SIGHUP (a closed
    terminal) end the prompt through the loop, so the text is saved between two writes, never in the
    middle of one, and the session stops cleanly.
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
        self._previous_handlers: dict[int, object] = {}

    def __enter__(self) -> "LineDraftKeeper":
        self._session.default_buffer.on_text_changed += self._changed
        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:
                self._previous_handlers[signum] = signal.signal(signum, self._on_signal)
            except ValueError:  # not the main thread (tests): the default handling stays
                pass
        return self

    def __exit__(self, *exc: object) -> None:
        self._session.default_buffer.on_text_changed -= self._changed
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: object) -> None:
        # Only ask the prompt to end; saving happens after it returned, outside any other write.
        self.terminated = True
        app = self._session.app
        if app.is_running and app.loop is not None:
            app.loop.call_soon_threadsafe(lambda: app.exit(exception=_Terminated()) if app.is_running else None)

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
        """Save `text` as the draft now, if it differs from what is saved."""
        if text == self._saved:
            return
        self.error = self._conversation.keep_draft(text)
        if self.error is None:
            self._saved = text


def run_interactive(conversation: Conversation, session: PromptSession, show: Show) -> int:
    """Prompt until /stop or end of input (Ctrl-D); Ctrl-C clears the line. Returns the exit code.

    A line that was refused or could not be saved comes back in the prompt, so nothing typed is lost;
    text left at the prompt is kept as a draft and offered back next time.
    """
    show(conversation.opening())
    show([Message(HELP, keys_help())])
    pending = conversation.pending_draft()
    if pending:
        show([Message(WARNING, "Niet-verstuurde tekst van de vorige keer staat weer in de invoerregel.")])
    with LineDraftKeeper(conversation, session) as keeper:
        while not conversation.finished and not keeper.terminated:
            try:
                line = session.prompt(default=pending)
            except KeyboardInterrupt:
                pending = ""
                keeper.keep("")
                continue
            except EOFError:
                keeper.keep(session.default_buffer.text)
                show(conversation.handle("/stop"))
                break
            except _Terminated:
                break
            messages = conversation.handle(line)
            show(messages)
            pending = line if has_error(messages) else ""
            keeper.keep(pending)
        if keeper.terminated:
            keeper.keep(session.default_buffer.text)
            show(conversation.handle("/stop"))
        if keeper.error is not None:
            show([Message(ERROR, keeper.error)])
    return 0


# -- batch -------------------------------------------------------------------------------------


def run_batch(conversation: Conversation, lines: Iterable[str], out: TextIO, err: TextIO) -> int:
    """Carry out piped lines as plain text; refused lines go to `err` with their line number.

    Returns 1 when any line was refused, else 0. End of input does what /stop does.
    """
    failed = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        messages = conversation.handle(line)
        if has_error(messages):
            failed = True
        for message in messages:
            if message.kind == ERROR:
                err.write(f"Fout in regel {number}: {message.text}\n")
                err.writelines(f"  {line}\n" for line in message.lines)
                err.flush()
            else:
                print_plain([message], out)
        if conversation.finished:
            break
    if not conversation.finished:
        print_plain(conversation.handle("/stop"), out)
    return 1 if failed else 0


def run_line_mode(conversation: Conversation, stdin: TextIO | None = None, stdout: TextIO | None = None,
                  stderr: TextIO | None = None) -> int:
    """The `lijn` command: interactive on a terminal, batch when standard input is a pipe or file."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not stdin.isatty():
        return run_batch(conversation, stdin, stdout, stderr)
    show = terminal_printer()
    return run_interactive(conversation, build_session(conversation, show), show)

