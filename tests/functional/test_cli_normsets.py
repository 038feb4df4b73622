"""`toetsassistent normensets`, `--version` and `--help`, through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, env=env or os.environ.copy(), timeout=60)


def test_lists_the_sets() -> None:
    result = run("normensets")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert any(line.startswith("sterk-sociaal-werk-2019") and " 49 normen" in line and "[ingebouwd]" in line for line in lines)
    assert any(line.startswith("concept-2016") and " 52 normen" in line for line in lines)


def test_one_set_as_json() -> None:
    result = run("normensets", "sterk-sociaal-werk-2019", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "sterk-sociaal-werk-2019" and data["versie"] == "29 mei 2019" and data["min_bronnen"] == 3
    assert len(data["normen"]) == 49
    for norm in data["normen"]:
        assert norm["rollen"] and all(norm["vragen"][role] for role in norm["rollen"])
        assert norm["toepassing"] is None
    assert data["min_praktijkbronnen"] == 1
    wijk = json.loads(run("normensets", "wijkteams-2019", "--json").stdout)
    assert all(norm["toepassing"] for norm in wijk["normen"])
    assert wijk["min_praktijkbronnen"] == 1
    assert json.loads(run("normensets", "concept-2016", "--json").stdout)["min_praktijkbronnen"] == 1


def test_user_set_is_listed_and_unknown_set_is_one_message(private_data_dir: Path) -> None:
    folder = private_data_dir / "normensets"
    folder.mkdir(parents=True)
    source = (REPO / "normsets" / "data" / "concept-2016.toml").read_text(encoding="utf-8")
    (folder / "eigen.toml").write_text(source.replace('id = "concept-2016"', 'id = "eigen-2026"', 1), encoding="utf-8")
    listed = run("normensets")
    assert any(line.startswith("eigen-2026") and "eigen (" in line for line in listed.stdout.splitlines())
    unknown = run("normensets", "bestaat-niet")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().startswith("toetsassistent: Onbekende normenset 'bestaat-niet'")
    assert "Traceback" not in unknown.stderr


def test_version_and_dutch_help() -> None:
    assert run("--version").stdout.startswith("toetsassistent ")
    help_text = run("--help").stdout
    assert "Gebruik:" in help_text and "opdrachten" in help_text and "toon deze hulptekst" in help_text
    wrong = run("onzin")
    assert wrong.returncode == 2 and "ongeldige keuze" in wrong.stderr and "Traceback" not in wrong.stderr
