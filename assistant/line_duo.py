"""The duo audit in the line mode: `/samenvoegen PAD`, and the auditor's initials, asked once.

`/samenvoegen` reads another auditor's copy and needs a decision per conflict. The dialogue engine
(`flows/`) answers one line with messages and knows no files besides its own audit, so the line mode
catches this command before the engine (`is_merge`) and handles it here with `assistant.merging`, the
same functions the CLI and the app's merge screen call. The engine's command table still lists it, so
`/help` and completion know it.

Interactive (`merge_interactive`), the conflicts are walked one by one: the norm, the field, A, B and the
base, then a, b or t (an own text, for free-text fields), and one last question before anything is
written. In batch (`merge_batch`) nobody can answer: with conflicts it refuses and points to
`toetsassistent samenvoegen ... --keuzes`; without conflicts it merges at once. Either way the merge
writes into the conversation's own `AuditFile` (writable, holding the lock), so the conversation simply
goes on with the merged audit.

`ask_initials_once` asks for the auditor's initials on first use (interactive only) and keeps them in the
data folder (`assistant.identity`).

Everything shown goes out as `Message`s, which the line mode prints through `flows.safe_text.visible`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completion, PathCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory

from assistant.identity import InitialsError, auditor_initials, clean_initials, save_initials
from assistant.store import AUDIT_SUFFIX, StoreError
from assistant.store import merge as mg
from exports.merge_log import shown
from flows import commands
from flows.engine import Conversation
from flows.messages import CONFIRMATION, ERROR, LIST, NORM, QUESTION, WARNING, Message

Ask = Callable[..., str]
"""`ask(prompt, default="") -> answer`; raises KeyboardInterrupt (Ctrl-C) or EOFError (Ctrl-D)."""
Show = Callable[[list[Message]], None]

MERGE = "samenvoegen"
PROGRAM = "toetsassistent"


def question_asker(session: PromptSession) -> Ask:
    """Questions on the same terminal as `session`, without its completion, toolbar or draft keeping, but with
    its input processors (an own text starts from both versions, which may hold control characters)."""
    questions: PromptSession = PromptSession(input=session.input, output=session.output, history=InMemoryHistory(),
                                             input_processors=session.input_processors)

    def ask(prompt: str, default: str = "") -> str:
        return questions.prompt(prompt, default=default)

    return ask


def is_merge(line: str) -> bool:
    """Whether `line` is `/samenvoegen PAD` (a bad command line is left to the engine to explain)."""
    try:
        parsed = commands.parse(line)
    except commands.CommandError:
        return False
    return parsed.command is not None and parsed.command.name == MERGE


def other_path(line: str) -> Path:
    """The path after /samenvoegen: quotes around it dropped, ~ expanded, relative to the working folder."""
    argument = commands.parse(line).argument.strip()
    if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "'\"":
        argument = argument[1:-1]
    return Path(argument).expanduser()


def path_completions(argument: str) -> Iterable[Completion]:
    """Folders and audit files for the path after /samenvoegen."""
    completer = PathCompleter(expanduser=True,
                              file_filter=lambda name: os.path.isdir(name) or name.endswith(AUDIT_SUFFIX))
    yield from completer.get_completions(Document(argument), CompleteEvent(completion_requested=True))


# -- merging ----------------------------------------------------------------------------------------


def _prepare(conversation: Conversation, line: str):
    """The planned merge, or the messages that refuse it."""
    from assistant.merging import prepare

    try:
        return prepare(conversation.audit_file, other_path(line))
    except (mg.MergeRefused, StoreError) as error:
        return [Message(ERROR, str(error))]
    except OSError as error:
        return [Message(ERROR, f"De kopie kan niet worden gelezen: {error.strerror or error}. Er is niets gewijzigd.")]


def _dropped(conversation: Conversation) -> list[Message]:
    """A question waiting for /ja is dropped by any other command, this one too."""
    if conversation.awaiting_confirmation is None:
        return []
    return [message for message in conversation.handle("/nee") if message.kind != ERROR]


def _news(prepared) -> Message:
    plan = prepared.plan
    lines = [f"Bijgewerkt: {mg.counts_text(plan.changed)}."] if mg.counts_text(plan.changed) else []
    if plan.conflicts:
        lines.append(f"{len(plan.conflicts)} conflict(en): aan beide kanten anders gewijzigd"
                     + ("." if plan.base_known else " (geen gemeenschappelijke basis bekend: elk verschil telt)."))
    return Message(LIST, f"Nieuw uit '{prepared.theirs_path.name}': {mg.counts_text(plan.new) or 'niets'}.",
                   tuple(lines))


def _carry_out(conversation: Conversation, prepared, choices: dict) -> list[Message]:
    from assistant.merging import carry_out

    try:
        outcome = carry_out(prepared, choices, author=conversation.audit_file.author)
    except (mg.MergeRefused, StoreError) as error:
        return [Message(ERROR, str(error))]
    conversation.forget_undo()  # an undo from before the merge would silently overwrite what it decided
    lines = []
    if outcome.backup_path is not None:
        lines.append(f"Reservekopie van voor het samenvoegen: {outcome.backup_path}")
    if outcome.log_path is not None:
        lines.append(f"Logboek: {outcome.log_path}")
    lines.append("Het gesprek gaat verder met de samengevoegde toetsing.")
    return [Message(CONFIRMATION, f"Samengevoegd: {mg.counts_text(outcome.new) or 'geen nieuwe records'}; "
                                  f"{len(outcome.decisions)} conflict(en) beslist.", tuple(lines))]


def _nothing_new(prepared) -> Message:
    return Message(CONFIRMATION, f"Niets nieuws: alles uit '{prepared.theirs_path.name}' staat al in deze toetsing. "
                                 "Er is niets gewijzigd.")


def merge_batch(conversation: Conversation, line: str) -> list[Message]:
    """/samenvoegen from a pipe: merged at once without conflicts, refused with them (nothing written)."""
    messages = _dropped(conversation)
    prepared = _prepare(conversation, line)
    if isinstance(prepared, list):
        return messages + prepared
    if not prepared.plan.changes_anything:
        return messages + [_nothing_new(prepared)]
    if prepared.conflicts:
        ours = conversation.audit_file.path
        return messages + [Message(ERROR, (
            f"/samenvoegen vraagt bij {len(prepared.conflicts)} conflict(en) uw keuze en kan dat alleen in een "
            "terminal. Er is niets gewijzigd."), (
            f"Zonder terminal: {PROGRAM} samenvoegen '{ours}' '{prepared.theirs_path}' toont de conflicten,",
            f"{PROGRAM} samenvoegen '{ours}' '{prepared.theirs_path}' --keuzes KEUZES.json voert ze uit "
            "(per conflict-id \"a\", \"b\" of {\"tekst\": \"...\"}).",
        ))]
    return messages + [_news(prepared)] + _carry_out(conversation, prepared, {})


def _value_lines(name: str, value: object) -> list[str]:
    text_lines = shown(value).replace("\r\n", "\n").split("\n")
    return [f"{name}{text_lines[0]}", *(" " * len(name) + more for more in text_lines[1:])]


def conflict_message(conflict: mg.Conflict, number: int, total: int) -> Message:
    """One conflict as the walk shows it: the norm and the field, then A, B and the base."""
    where = conflict.norm_id or "algemeen"
    base = conflict.base if conflict.base_known else "(onbekend)"
    width = len("A (deze toetsing): ")
    lines = [*_value_lines("A (deze toetsing): ", conflict.a), *_value_lines("B (de kopie):".ljust(width), conflict.b),
             *_value_lines("basis:".ljust(width), base)]
    return Message(NORM, f"Conflict {number} van {total}: {where} — {conflict.label}", tuple(lines),
                   norm_id=conflict.norm_id)


def _combined(conflict: mg.Conflict) -> str:
    versions = [" ".join(shown(value).split()) for value in (conflict.a, conflict.b)
                if value not in (None, "") and not isinstance(value, bool)]
    return " ".join(versions)


def _decide(conflict: mg.Conflict, ask: Ask, show: Show):
    """Ask until the auditor chose: "a", "b" or {"tekst": ...}."""
    options = "a, b of t (eigen tekst)" if conflict.takes_text else "a of b"
    while True:
        answer = ask(f"Kies {options}: ").strip().casefold()
        if answer in ("a", "b"):
            return answer
        if answer == "t" and conflict.takes_text:
            show([Message(QUESTION, "Typ de tekst die moet blijven staan (beide versies staan al klaar; één regel). "
                                    "Leeg: terug naar de keuze.")])
            text = ask("Eigen tekst: ", default=_combined(conflict))
            if text.strip():
                return {"tekst": text}
            continue
        if answer == "t":
            show([Message(WARNING, f"Bij '{conflict.label}' kiest u a of b; een eigen tekst kan hier niet.")])
        else:
            show([Message(WARNING, f"Typ {options}. Ctrl-C breekt het samenvoegen af; er is dan niets gewijzigd.")])


def merge_interactive(conversation: Conversation, line: str, ask: Ask, show: Show) -> bool:
    """/samenvoegen at the terminal: walk the conflicts, ask before writing, merge. True when refused
    (the line then comes back in the prompt)."""
    show(_dropped(conversation))
    prepared = _prepare(conversation, line)
    if isinstance(prepared, list):
        show(prepared)
        return True
    if not prepared.plan.changes_anything:
        show([_nothing_new(prepared)])
        return False
    show([_news(prepared)])
    choices: dict = {}
    try:
        total = len(prepared.conflicts)
        for number, conflict in enumerate(prepared.conflicts, start=1):
            show([conflict_message(conflict, number, total)])
            choices[conflict.id] = _decide(conflict, ask, show)
        question = (f"Samenvoegen met deze {total} keuze(s)? (j/n): " if total else "Samenvoegen? (j/n): ")
        answer = ask(question).strip().casefold()
    except (KeyboardInterrupt, EOFError):
        show([Message(WARNING, "Samenvoegen afgebroken; er is niets gewijzigd.")])
        return False
    if answer not in ("j", "ja", "y", "yes"):
        show([Message(CONFIRMATION, "Niet samengevoegd; er is niets gewijzigd.")])
        return False
    messages = _carry_out(conversation, prepared, choices)
    show(messages)
    return any(message.kind == ERROR for message in messages)


# -- the auditor's initials -------------------------------------------------------------------------


def ask_initials_once(conversation: Conversation, ask: Ask, show: Show) -> None:
    """When no initials are known yet: ask for them (Enter: later) and keep them for every next time."""
    audit_file = conversation.audit_file
    if audit_file.read_only or auditor_initials():
        return
    show([Message(QUESTION, "Wat zijn uw initialen? Ze komen bij alles wat u noteert, zodat na het samenvoegen met "
                            "de kopie van een andere toetser te zien is wie wat schreef.",
                  ("Twee tot vijf letters, bijvoorbeeld AJ. Enter zonder tekst: later.",))])
    suggestion = audit_file.meta.auditor or ""
    while True:
        try:
            answer = ask("Initialen: ", default=suggestion)
        except (KeyboardInterrupt, EOFError):
            answer = ""
        if not answer.strip():
            show([Message(CONFIRMATION, "Later dan; de volgende keer wordt het weer gevraagd.")])
            return
        try:
            initials = clean_initials(answer)
        except InitialsError as error:
            show([Message(ERROR, str(error))])
            suggestion = ""
            continue
        try:
            save_initials(initials)
        except OSError as error:
            show([Message(WARNING, f"Uw initialen konden niet worden bewaard ({error.strerror or error}); ze gelden nu "
                                   "alleen voor deze sessie.")])
        else:
            show([Message(CONFIRMATION, f"Bewaard: {initials}. Overal waar u werkt staan ze voortaan bij uw notities.")])
        audit_file.author = initials
        return
