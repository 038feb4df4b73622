"""The README's method section says what the code does: its self-evaluation examples import, and its table
of gap hints is what the rules say."""

from __future__ import annotations

import re

import pytest

from assistant.store import AuditFile, Note, Source
from flows import rules
from flows.self_evaluation import parse
from flows.text import gap_phrase
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("### Zelfevaluatie van de organisatie"):README.index("## Normensets")]


def code_blocks(text: str) -> list[str]:
    return [match.group(1) for match in re.finditer(r"```[a-z]*\n(.*?)```", text, re.S)]


@pytest.mark.parametrize("name, index", [("voorbeeld.csv", 1), ("voorbeeld.toml", 2)])
def test_the_readme_examples_import(normset, name, index):
    texts = parse(code_blocks(SECTION)[index].encode("utf-8"), name, normset)
    assert list(texts) == ["V1", "D2"]
    assert texts["D2"] == "Wij inventariseren de vraag met de klant.\nRisico's staan in het dossier."


def gap_table() -> list[tuple[str, str]]:
    start = README.index("| bronnen bij V5 (Wie: P, Mng) |")
    rows = []
    for line in README[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((cells[0], cells[1]))
    return rows


@pytest.mark.parametrize("sources, expected", gap_table())
def test_the_readme_gap_table_is_what_the_rules_say(normset, sources, expected):
    audit_file = AuditFile.in_memory(normset.id)
    for described in ([] if sources == "geen" else sources.split(", ")):
        kind, *roles = described.split(" ")
        source = audit_file.put_source(Source.new(kind, described, roles=tuple(roles)))
        audit_file.put_note(Note.new("V5", source.id, "bevinding", "tekst"))
    assert gap_phrase(rules.norm_statuses(audit_file.snapshot(), normset)["V5"]) == expected
