"""Damaged JSON exports: `import_json` refuses each with one Dutch message or returns tables that open.

A generated, seeded corpus (every field of each wrong type, truncations, byte flips, document ids that
collide, a norm-set copy nested too deep), plus the reported cases: note ids "1" and "01" silently lost a
note, and a deeply nested norm-set copy left a broken audit file behind. `importeer` writes nothing
until the whole document is valid.
"""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.store import AuditFile, Kerngegevens, Note, Source
from assistant.store import convert as cv
from exports import ImportError_, import_json, render_json
from normsets import NormSet
from tests.conftest import REPO

WRONG_VALUES: list[Any] = [None, True, 0, 2.5, "", "tekst", [], ["a"], [[]], {}, {"a": {}}]


@pytest.fixture(scope="module")
def export_text(normset: NormSet) -> str:
    audit = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes(),
                                Kerngegevens(organisatie="Welzijn Voorbeeld"), normset.source_toml)
    source = audit.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-11-20"))
    for number in range(3):
        audit.put_note(Note.new("V1", source.id, "bevinding", f"notitie {number}"))
    audit.set_draft("gesprek", "half")
    return render_json(audit.snapshot())


def _variants(text: str, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    document = json.loads(text)
    found: list[tuple[str, str]] = []
    for table_name, spec in cv.FIELDS.items():
        table = document["tables"].get(table_name) or {}
        if not table:
            continue
        doc_id = next(iter(table))
        for field_name, (check, _expected, _required) in spec.items():
            for value in WRONG_VALUES:
                if check(value):
                    continue
                damaged = copy.deepcopy(document)
                damaged["tables"][table_name][doc_id][field_name] = value
                found.append((f"{table_name}.{field_name}={json.dumps(value)}", json.dumps(damaged)))
    for number in range(150):
        cut = rng.randrange(len(text))
        found.append((f"afgebroken {number}", text[:cut]))
        position = rng.randrange(len(text))
        found.append((f"teken {number}", text[:position] + chr(rng.randrange(32, 0x3000)) + text[position + 1:]))
    return found


def test_import_corpus(export_text: str) -> None:
    corpus = _variants(export_text, seed=9)
    assert len(corpus) >= 500
    refused = opened = 0
    for name, text in corpus:
        try:
            tables = import_json(text)
        except ImportError_ as error:
            assert str(error) and "Traceback" not in str(error) and "Error" not in str(error), (name, str(error))
            refused += 1
            continue
        AuditFile.from_tables(tables).close()
        opened += 1
    assert refused > len(corpus) // 2 and opened > 0


def test_note_ids_1_and_01_are_refused_instead_of_losing_a_note(export_text: str) -> None:
    document = json.loads(export_text)
    notes = document["tables"]["notities"]
    notes["01"] = dict(notes["1"], id="een-andere-notitie")
    with pytest.raises(ImportError_, match="'01', geen gewoon nummer"):
        import_json(json.dumps(document))


def test_a_deeply_nested_norm_set_copy_is_refused_and_nothing_is_written(export_text: str, tmp_path: Path) -> None:
    document = json.loads(export_text)
    document["tables"]["normenset"]["1"]["toml"] = "a = " + "[" * 50000 + "]" * 50000 + "\n"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "assistant", "importeer", str(source)], capture_output=True,
                            text=True, cwd=REPO, env=os.environ.copy(), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "normenset" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"], "no broken .toets left behind"


def test_importeer_reads_no_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "export.json"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "assistant", "importeer", str(pipe)], capture_output=True,
                            text=True, cwd=REPO, env=os.environ.copy(), timeout=30)
    assert result.returncode == 1 and "pijp" in result.stderr
