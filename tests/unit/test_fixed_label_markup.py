"""Fixed texts of the app that contain square brackets are shown as written, not read as Rich markup.

Textual reads the text of `Label`, `Static` and `Button` as markup unless `markup=False`: the role list's
hint "spatie zet [x] aan of uit" showed as "spatie zet  aan of uit", the `[x]` taken for a style. User
text goes through `Content` (tests/functional/test_markup_payloads.py); this covers the texts we write.
"""

from __future__ import annotations

import ast
import re
from tests.conftest import REPO

WIDGETS = {"Label", "Static", "Button"}
#: What Rich would take for a tag: brackets around something without spaces ("[x]", "[b]", "[/]").
TAG = re.compile(r"\[[^\]\s]*\]")


def _calls_with_tag_text(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        first = node.args[0]
        if name in WIDGETS and isinstance(first, ast.Constant) and isinstance(first.value, str):
            if TAG.search(first.value) and not any(keyword.arg == "markup" for keyword in node.keywords):
                found.append((node.lineno, first.value))
    return found


def test_the_scan_finds_a_bracketed_text_without_markup_false() -> None:
    assert _calls_with_tag_text('Label("spatie zet [x] aan of uit")') == [(1, "spatie zet [x] aan of uit")]
    assert _calls_with_tag_text('Label("spatie zet [x] aan of uit", markup=False)') == []
    assert _calls_with_tag_text('Static("Zonder haken")') == []


def test_no_fixed_text_in_the_app_is_read_as_markup() -> None:
    offenders = []
    for path in sorted((REPO / "assistant").rglob("*.py")):
        for line, text in _calls_with_tag_text(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {text!r}")
    assert offenders == [], "give these markup=False (or escape the brackets):\n" + "\n".join(offenders)

