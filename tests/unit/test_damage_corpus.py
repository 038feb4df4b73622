"""Every damaged audit file is refused with one Dutch message and left byte-identical, or opens intact.

The corpus and the contract are in tests/damage_corpus.py. `make test` runs a seeded corpus of 1,000
variants; `make soak` runs 10,000 more with other seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normsets import NormSet
from tests.damage_corpus import Outcome, build_source_audit, check_variant, variants


def _run(normset: NormSet, tmp_path: Path, seed: int, count: int) -> Outcome:
    corpus = variants(normset, tmp_path / "bron", seed, count)
    good_backup, _journal = build_source_audit(tmp_path / "reserve", normset)
    outcome = Outcome()
    for number, variant in enumerate(corpus):
        check_variant(variant, tmp_path / f"v{number}", good_backup, outcome)
    assert outcome.opened + outcome.refused == 2 * len(corpus)
    return outcome


def test_damage_corpus(normset: NormSet, tmp_path: Path) -> None:
    outcome = _run(normset, tmp_path, seed=20261129, count=1000)
    # The structured variants that must be refused are refused, and an intact file opens.
    assert outcome.opened >= 2 and outcome.refused >= 1000
    for name in ("schema 0 checksum=True", "schema -1 checksum=True", "schema 2.0 checksum=True",
                 "schema 3 checksum=False", "journaalregel notitie zonder tekst (einde)",
                 "journaalregel meta weg (einde)", "structuur notitie id 01", "diep genest met controlegetal",
                 "pijp", "journaal is een pijp", "journaal regeleinde vervangen"):
        assert name in outcome.messages, f"'{name}' werd niet geweigerd"
    assert "nieuwere versie" in outcome.messages["schema 99 checksum=True"]
    print(f"\nschadecorpus: {outcome.opened + outcome.refused} openingen, {outcome.opened} geopend, "
          f"{outcome.refused} geweigerd, 0 tracebacks")


@pytest.mark.soak
@pytest.mark.parametrize("seed", range(10))
def test_damage_corpus_soak(normset: NormSet, tmp_path: Path, seed: int) -> None:
    _run(normset, tmp_path, seed=seed, count=1000)
