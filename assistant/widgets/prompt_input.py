"""The chat input: plain text is a note, a line starting with / is a command of the engine.

It completes command names and their first argument (norm ids, role codes, judgements, ...) from the
engine's own command table, shown inline as a suggestion that Tab or → accepts. On Enter it posts
`PromptInput.Sent` and clears itself; when the screen reports that a save failed, `restore` puts the text
back so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterable

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.suggester import Suggester

from assistant.widgets.safe_fields import SafeInput


class CommandSuggester(Suggester):
    """Completes `/comm` to `/commando` and `/norm v1` to `/norm V12`, from the given vocabularies."""

    def __init__(self, commands: dict[str, str | None], arguments: dict[str, Iterable[str]]) -> None:
        """`commands`: command name or alias -> what its argument completes (a key of `arguments`) or None."""
        super().__init__(use_cache=False, case_sensitive=True)
        self.commands = commands
        self.arguments = {kind: tuple(values) for kind, values in arguments.items()}
        self._names = sorted(commands, key=lambda name: (len(name), name))

    async def get_suggestion(self, value: str) -> str | None:
        return self.suggest(value)

    def suggest(self, value: str) -> str | None:
        if not value.startswith("/") or value.endswith("  "):
            return None
        word, space, rest = value[1:].partition(" ")
        if not space:
            folded = word.casefold()
            if not folded or folded in self.commands:
                return None
            for name in self._names:
                if name.casefold().startswith(folded):
                    return "/" + name
            return None
        kind = self.commands.get(word.casefold())
        if kind is None or " " in rest:
            return None
        last = rest.rsplit(",", 1)[-1] if kind == "rollen" else rest
        if not last:
            return None
        folded = last.casefold()
        candidates = self.arguments.get(kind, ())
        if any(candidate.casefold() == folded for candidate in candidates):
            return None  # already complete: "o1" is O1, not the start of O10
        for candidate in candidates:
            if candidate.casefold().startswith(folded):
                return value[: len(value) - len(last)] + candidate
        return None


class PromptInput(SafeInput):
    """One line for notes and commands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Aanvullen", id="prompt.complete", show=False,
                tooltip="Neem de voorgestelde aanvulling over"),
    ]

    submit_ready: reactive[bool] = reactive(True)
    """False while sending is not possible: Enter then does nothing (the text stays)."""

    @dataclass
    class Sent(Message):
        """The auditor pressed Enter on a non-empty line."""

        text: str
        """The line as typed (not stripped of inner spaces)."""
        prompt_input: "PromptInput"
        """The input it came from, to give the text back if saving fails."""

        @property
        def control(self) -> "PromptInput":
            return self.prompt_input

    def __init__(self, suggester: Suggester | None = None, **kwargs) -> None:
        kwargs.setdefault("placeholder", "Typ een bevinding, of /help voor de opdrachten")
        super().__init__(suggester=suggester, select_on_focus=False, **kwargs)

    async def action_submit(self) -> None:
        text = self.value
        if not text.strip() or not self.submit_ready:
            return
        self.value = ""
        self.post_message(self.Sent(text, self))

    def action_complete(self) -> None:
        if self._suggestion and self.cursor_at_end:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()

    def restore(self, text: str) -> None:
        """Give back a line that was not saved: before whatever was typed since."""
        current = self.value
        self.value = text if not current.strip() else f"{text} {current}"
        self.cursor_position = len(self.value)
