"""Exports of an audit full of markup and escape sequences: the text is kept, nothing raw, nothing live.

Issue 9, point 4: a report or working document may be shown in a terminal (`export` to standard
output, `cat`, `less -r`) or opened in an editor, so no control character may reach it; the auditor's
text must still be there, with each control character as a visible sign. Markdown syntax in the text
must stay text (no link, no HTML), checked by parsing with markdown-it-py.
"""

from __future__ import annotations

import json

import pytest

from exports import import_json, render_json, render_report, render_workdoc
from tests.audit_builders import new_audit
from tests.hostile_text import SHOWN, fill_hostile, hostile, raw_controls
from tests.markdown_checks import parse

MARKDOWN_PAYLOADS = ("[klik](https://example.org)", "<img src=x onerror=alert(1)>", "<https://example.org>")


def shown_text(markdown: str) -> str:
    """Everything a Markdown reader shows as text, one inline block per line; fails on any link or HTML
    other than the `<br>` of a table cell."""
    lines = []
    for token in parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            assert child.type not in ("link_open", "image", "html_block"), (child.type, child.content)
            if child.type == "html_inline":
                assert child.content == "<br>", child.content
                parts.append("\n")
            elif child.type in ("text", "code_inline"):
                parts.append(child.content)
        lines.append("".join(parts))
    return "\n".join(lines)


@pytest.fixture
def audit(normset):
    audit_file = fill_hostile(new_audit(normset))
    from assistant.store import Note

    source = audit_file.snapshot().sources[0]
    audit_file.put_note(Note.new("V3", source.id, "bevinding", " ".join(MARKDOWN_PAYLOADS)))
    return audit_file.snapshot()


@pytest.mark.parametrize("render", [render_report, render_workdoc], ids=["rapport", "werkdocument"])
def test_markdown_exports_keep_the_text_with_controls_visible(render, audit, normset) -> None:
    markdown = render(audit, normset)
    assert raw_controls(markdown) == []
    for token in parse(markdown):
        assert token.type != "html_block", token.content
    shown = shown_text(markdown)
    for visible_form in SHOWN:
        assert visible_form in shown
    assert f"organisatie: {' '.join(SHOWN)}" in shown  # the heading and the kerngegevens, whole
    if render is render_workdoc:
        for payload in MARKDOWN_PAYLOADS:
            assert payload in shown
        assert f"bevinding V1: {' '.join(SHOWN)}" in shown
        assert f"gesprek: {' '.join(SHOWN)}" in shown
    else:
        assert f"verslag V1: {' '.join(SHOWN)}" in shown
        assert f"compliment: {' '.join(SHOWN)}" in shown


def test_json_export_escapes_controls_and_keeps_the_values(audit) -> None:
    text = render_json(audit)
    assert raw_controls(text) == []
    document = json.loads(text)
    kern = document["tables"]["kern"]["1"]
    assert kern["organisatie"] == hostile("organisatie")
    tables = import_json(text)
    assert tables["kern"]["1"]["organisatie"] == hostile("organisatie")
    assert any(note["text"] == hostile("bevinding V1") for note in tables["notities"].values())
