"""Damaged audits through the real commands: `status`, `export` and `lijn` refuse in one Dutch line, exit 1,
and leave every file as it was; `importeer` of a damaged export writes nothing.

The full corpus (1,000 variants) runs in-process in tests/unit/test_damage_corpus.py through the same
`AuditSession.open` these commands use; this is the end-to-end sample.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from normsets import NormSet
from tests.conftest import REPO
from tests.damage_corpus import NAME, build_source_audit, fingerprint, lay_out, variants

SAMPLE = (
    "journaalregel notitie zonder tekst (einde)",
    "schema 0 checksum=True",
    "schema 99 checksum=True",
    "schema 3 checksum=False",
    "structuur notitie id 01",
    "diep genest met controlegetal",
    "journaal is een pijp",
    "veld kern.organisatie=null",
    "veld notities.text={}",
    "veld bronnen.roles=[[]]",
)


def run(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], input=stdin, capture_output=True,
                          cwd=REPO, env=os.environ.copy(), timeout=60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, normset: NormSet):
    folder = tmp_path_factory.mktemp("corpus")
    chosen = {variant.name: variant for variant in variants(normset, folder / "bron", seed=1, count=0)}
    good, _journal = build_source_audit(folder / "reserve", normset)
    return chosen, good


@pytest.mark.parametrize("name", SAMPLE)
def test_commands_refuse_damage_in_dutch_and_change_nothing(corpus, tmp_path: Path, name: str) -> None:
    chosen, good = corpus
    folder = tmp_path / "toetsing"
    path = lay_out(chosen[name], folder, good)
    before = fingerprint(folder)
    for args in (("status", path), ("status", path, "--json"), ("export", path), ("lijn", path)):
        result = run(*args)
        stderr = result.stderr.decode("utf-8")
        assert result.returncode == 1, (args, stderr)
        assert "Traceback" not in stderr and "Error" not in stderr, stderr
        assert stderr.startswith("toetsassistent: ") and ("niet" in stderr or "nieuwere" in stderr), stderr
        assert result.stdout == b"", "no half report on standard output"
        after = fingerprint(folder)
        after.pop(NAME + ".slot", None)
        assert after == before, f"{args[0]} changed a file of a refused audit"
