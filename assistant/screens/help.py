"""F1: every key of every screen and every command of the chat, gathered from where they are defined.

The keys come from each screen's `BINDINGS` (so a remapped or added key shows up here by itself), the
explanations from each screen's `HELP`, and the chat commands from the engine's command table.
"""

from __future__ import annotations

import importlib
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from assistant.widgets.key_bar import KeyBar

HELP = """\
## Hulp

Dit overzicht. Escape of F1 sluit het; ↑ ↓ en PgUp PgDn scrollen.
"""

#: The screens whose keys are listed, in the order a user meets them: (module, class).
SCREENS: tuple[tuple[str, str], ...] = (
    ("assistant.screens.start", "StartScreen"),
    ("assistant.screens.new_audit", "NewAuditScreen"),
    ("assistant.screens.interview", "InterviewScreen"),
    ("assistant.screens.board", "BoardScreen"),
    ("assistant.screens.norm", "NormScreen"),
    ("assistant.screens.summary", "SummaryScreen"),
    ("assistant.screens.export", "ExportScreen"),
)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _bindings(owner: type, key_display) -> list[str]:
    rows = []
    for binding in getattr(owner, "BINDINGS", ()):
        if not isinstance(binding, Binding) or binding.system or not binding.description:
            continue
        if binding.action in ("quit",) and binding.description == "Quit":
            continue
        keys = ", ".join(key_display(Binding(key.strip(), binding.action, binding.description))
                         for key in binding.key.split(","))
        explanation = binding.tooltip or binding.description
        rows.append(f"| {_escape(keys)} | {_escape(binding.description)} | {_escape(explanation)} |")
    return rows


def _section(owner: type, key_display) -> str:
    text = getattr(owner, "HELP", "") or ""
    text = text.strip() or f"## {owner.__name__}"
    rows = _bindings(owner, key_display)
    if rows:
        text += "\n\n| Toets | Actie | Uitleg |\n| --- | --- | --- |\n" + "\n".join(rows)
    return text


def commands_markdown() -> str:
    """The chat's command language, from the engine's own table."""
    from flows.commands import COMMANDS, GROUPS

    parts = ["## Opdrachten in het gesprek",
             "Tekst zonder / is een bevinding bij de huidige norm, uit de huidige bron. "
             "`/help OPDRACHT` in het gesprek geeft uitleg en een voorbeeld."]
    for group in GROUPS:
        rows = [f"| `{_escape(command.synopsis)}` | {_escape(command.summary)} |"
                for command in COMMANDS if command.group == group]
        if rows:
            parts.append(f"### {group}\n\n| Opdracht | Wat |\n| --- | --- |\n" + "\n".join(rows))
    return "\n\n".join(parts)


def help_markdown(app_class: type, key_display) -> str:
    """The whole help text: the app's keys, each screen's, then the chat commands."""
    sections = ["# Toetsassistent — hulp", _section(app_class, key_display)]
    for module_name, class_name in SCREENS:
        try:
            screen_class = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError):
            continue
        sections.append(_section(screen_class, key_display))
    sections.append(commands_markdown())
    return "\n\n".join(sections) + "\n"


class HelpScreen(ModalScreen[None]):
    """The help panel."""

    CSS_PATH = "help.tcss"
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "close", "Sluiten", id="help.close", tooltip="Sluit de hulp"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Markdown(help_markdown(type(self.app), self.app.get_key_display), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-scroll"))

    def action_close(self) -> None:
        self.dismiss(None)
