"""Shared fixtures: every test runs against its own temporary data folder, never the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from normsets import NormSet, NormSetRegistry

REPO = Path(__file__).resolve().parent.parent
BRONNEN = REPO.parent / "shared" / "bronnen"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the application's data folder at a fresh temporary folder for every test."""
    data = tmp_path / "data"
    monkeypatch.setenv("TOETSASSISTENT_DATA", str(data))
    return data


@pytest.fixture(autouse=True)
def known_auditor(monkeypatch: pytest.MonkeyPatch) -> str:
    """The auditor's initials are known, as after the first use: no test meets the one-time question for
    them (app and line mode) unless it removes this (`monkeypatch.delenv("TOETSASSISTENT_TOETSER")`)."""
    monkeypatch.setenv("TOETSASSISTENT_TOETSER", "TT")
    return "TT"


@pytest.fixture(scope="session")
def registry() -> NormSetRegistry:
    return NormSetRegistry(None)


@pytest.fixture(scope="session")
def normset(registry: NormSetRegistry) -> NormSet:
    """The 2019 norm set (49 norms), the one most audits use."""
    return registry.get("sterk-sociaal-werk-2019")
