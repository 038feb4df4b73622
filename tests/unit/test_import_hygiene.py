"""The layering of shared/STYLE.md: nothing below `assistant/`'s front ends imports a UI toolkit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

UI_MODULES = ("textual", "prompt_toolkit", "rich")
UI_FREE = ["normsets", "flows", "exports", "assistant/store"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("folder", UI_FREE)
def test_lower_layers_import_no_ui(folder: str) -> None:
    files = sorted((REPO / folder).rglob("*.py"))
    assert files, f"geen Python-bestanden in {folder}"
    offenders = [
        f"{path.relative_to(REPO)}: {name}"
        for path in files
        for name in imported_modules(path)
        if name.split(".")[0] in UI_MODULES
    ]
    assert offenders == []


def test_ui_free_packages_load_without_ui_modules() -> None:
    """At run time too: importing the lower layers pulls in no UI toolkit (a transitive import would)."""
    code = (
        "import sys\n"
        "import normsets, flows.rules, assistant.store, assistant.session, assistant.cli\n"
        "import importlib.util\n"
        "for extra in ('exports', 'flows.engine'):\n"
        "    if importlib.util.find_spec(extra.split('.')[0]) and importlib.util.find_spec(extra):\n"
        "        __import__(extra)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'prompt_toolkit', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_app_reaches_its_first_frame_without_the_engine_or_the_store() -> None:
    """The start screen is up before an audit is opened: the dialogue engine, the store and the Word
    export are imported when they are needed, not before the first frame (startup target: 1.5 times a
    minimal Textual app, see bench/startup.py)."""
    code = (
        "import sys\n"
        "import assistant.app, assistant.screens.start\n"
        "heavy = ('flows.engine', 'assistant.store', 'exports', 'docxtpl', 'docx', 'lxml', 'tinydb')\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
