"""`toetsassistent export` and `importeer` through the real entry point (`python -m assistant`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.store import SCHEMA_VERSION, AuditFile, Kerngegevens, Note
from exports import render_report
from normsets import NormSet
from tests.conftest import REPO
from tests.audit_builders import COMPLETE, KERN, MIXED, MIXED_SOURCES, fill_audit, make_ready, table_after


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=os.environ.copy(), timeout=60)


def make_audit(path: Path, ns: NormSet, judged: dict, source_counts: dict | None = None) -> Path:
    audit_file = AuditFile.create(path, ns.id, ns.content_hash(), ns.text_hashes(), KERN)
    fill_audit(audit_file, ns, judged, source_counts).close()
    return path


@pytest.fixture
def complete(tmp_path: Path, normset: NormSet) -> Path:
    return make_audit(tmp_path / "compleet.toets", normset, COMPLETE)


@pytest.fixture
def ready(tmp_path: Path, normset: NormSet) -> Path:
    """Complete, and with everything else a definitive report needs."""
    path = tmp_path / "klaar.toets"
    audit_file = AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes(), KERN)
    make_ready(fill_audit(audit_file, normset, COMPLETE), normset).close()
    return path


@pytest.fixture
def incomplete(tmp_path: Path, normset: NormSet) -> Path:
    return make_audit(tmp_path / "onvolledig.toets", normset, MIXED, MIXED_SOURCES)


def assert_one_dutch_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("toetsassistent: ")
    for fragment in fragments:
        assert fragment in result.stderr


# -- export ------------------------------------------------------------------------------------


def test_report_to_standard_output(complete: Path, normset: NormSet) -> None:
    result = run("export", complete)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    overall = table_after(result.stdout, "Overall resultaat toetsing")
    assert overall.rows[-1] == ["Resultaat totaal", "40 van de 49", "7 van de 49", "2 van de 49", "0 van de 49",
                                "0 van de 49"]
    with AuditFile.open(complete, read_only=True) as audit_file:
        assert result.stdout == render_report(audit_file.snapshot(), normset)


@pytest.mark.parametrize(("formaat", "start"), [("rapport", "# Resultaat toetsing"),
                                                ("werkdocument", "# Werkdocument toetsing"),
                                                ("json", "{")])
def test_each_format_to_a_private_file(complete: Path, tmp_path: Path, formaat: str, start: str) -> None:
    target = tmp_path / f"uitvoer-{formaat}.txt"
    result = run("export", complete, "--formaat", formaat, "-o", target)
    assert result.returncode == 0, result.stderr
    assert f"geschreven naar {target}" in result.stdout
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8").startswith(start)
    assert target.read_text(encoding="utf-8") == run("export", complete, "--formaat", formaat).stdout


def test_an_incomplete_report_is_exported_as_concept_with_a_warning(incomplete: Path) -> None:
    result = run("export", incomplete)
    assert result.returncode == 0
    assert "Let op: de toetsing is nog niet volledig (2 normen open)" in result.stderr
    assert "**Let op: de toetsing is nog niet volledig.**" in result.stdout


def test_definitief_refuses_an_incomplete_audit_with_the_list(incomplete: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("het vorige rapport", encoding="utf-8")
    result = run("export", incomplete, "--definitief", "-o", target)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("toetsassistent: geen definitief rapport: er ontbreekt nog iets")
    listed = [line for line in lines if line.startswith("  - ")]
    assert [line.split(":")[0] for line in listed[:2]] == ["  - V9", "  - O23"]  # V15 and O20 are nb: final
    assert listed[0].startswith("  - V9: nog geen oordeel; 2 van de minimaal 3 bronnen")
    assert any(line.startswith("  - Advies: de CI heeft nog geen keuze gemaakt") for line in listed)
    assert "Traceback" not in result.stderr
    assert target.read_text(encoding="utf-8") == "het vorige rapport"


def test_definitief_exports_a_complete_audit(ready: Path) -> None:
    result = run("export", ready, "--definitief")
    assert result.returncode == 0, result.stderr
    assert "Let op" not in result.stdout


def test_export_works_while_the_audit_is_open_elsewhere(complete: Path) -> None:
    """The app holds the lock and has a change in the journal only; export reads both, changes nothing."""
    holder = AuditFile.open(complete)
    try:
        holder.put_note(Note.new("V1", None, "bevinding", "net opgeslagen, nog alleen in het journaal"))
        before = sorted(p.name for p in complete.parent.iterdir())
        result = run("export", complete, "--formaat", "werkdocument")
        assert result.returncode == 0, result.stderr
        assert "net opgeslagen, nog alleen in het journaal" in result.stdout
        assert sorted(p.name for p in complete.parent.iterdir()) == before
    finally:
        holder.close()


def test_export_refuses_to_overwrite_the_audit_itself(complete: Path) -> None:
    before = complete.read_bytes()
    assert_one_dutch_line(run("export", complete, "-o", complete), "een export schrijft daar niet overheen")
    assert complete.read_bytes() == before


@pytest.mark.parametrize(
    ("setup", "fragments"),
    [
        ("missing", ("bestaat niet",)),
        ("corrupt", ("kan niet worden geopend",)),
        ("unknown-normset", ("normenset 'eigen-set' van deze toetsing is niet gevonden", "geen kopie")),
        ("no-folder", ("De map", "bestaat niet")),
    ],
)
def test_export_errors_are_one_dutch_line(tmp_path: Path, normset: NormSet, setup: str,
                                          fragments: tuple[str, ...]) -> None:
    path = tmp_path / "audit.toets"
    extra: list[str | Path] = []
    if setup == "corrupt":
        path.write_text("{dit is geen audit", encoding="utf-8")
    elif setup == "unknown-normset":
        AuditFile.create(path, "eigen-set", "", {}, Kerngegevens(organisatie="X")).close()
    elif setup == "no-folder":
        make_audit(path, normset, COMPLETE)
        extra = ["-o", tmp_path / "bestaat-niet" / "rapport.md"]
    assert_one_dutch_line(run("export", path, *extra), *fragments)


def test_export_uses_the_audit_s_copy_of_a_missing_normset(tmp_path: Path, normset: NormSet) -> None:
    from normsets import parse_text

    own = parse_text(normset.source_toml.replace('id = "sterk-sociaal-werk-2019"', 'id = "eigen-set"', 1), "eigen")
    path = tmp_path / "eigen.toets"
    AuditFile.create_for(path, own, Kerngegevens(organisatie="X")).close()
    result = run("export", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Resultaat toetsing")
    assert "normenset 'eigen-set' is op deze computer niet gevonden" in result.stderr


# -- importeer -----------------------------------------------------------------------------------


def test_importeer_round_trip(complete: Path, tmp_path: Path) -> None:
    exported = tmp_path / "reservekopie.json"
    assert run("export", complete, "--formaat", "json", "-o", exported).returncode == 0
    result = run("importeer", exported)
    assert result.returncode == 0, result.stderr
    created = tmp_path / "reservekopie.toets"
    assert f"Auditbestand gemaakt: {created} (3 bronnen, 147 notities, 49 oordelen)." in result.stdout
    assert created.stat().st_mode & 0o777 == 0o600
    with AuditFile.open(complete, read_only=True) as original, AuditFile.open(created, read_only=True) as copy:
        assert copy.snapshot() == original.snapshot()


def test_importeer_never_overwrites(complete: Path, tmp_path: Path) -> None:
    exported = tmp_path / "reservekopie.json"
    run("export", complete, "--formaat", "json", "-o", exported)
    assert_one_dutch_line(run("importeer", exported, "-o", complete), "bestaat al", "overschrijft geen")
    other = tmp_path / "tweede.toets"
    assert run("importeer", exported, "-o", other).returncode == 0
    assert other.is_file()


def _document(complete: Path) -> dict:
    return json.loads(run("export", complete, "--formaat", "json").stdout)


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("invalid", ("kan niet worden geïmporteerd", "Dit is geen geldige JSON (regel 1, kolom 1")),
        ("truncated", ("De JSON-export is afgebroken",)),
        ("newer", (f"nieuwere versie van toetsassistent (schema {SCHEMA_VERSION + 1}",)),
        ("other-json", ("Dit is geen export van toetsassistent",)),
        ("audit-file", ("Dit is een auditbestand van toetsassistent, geen JSON-export",)),
        ("not-utf8", ("geen tekstbestand in UTF-8",)),
        ("missing", ("bestaat niet",)),
    ],
)
def test_importeer_refuses_what_is_not_a_valid_export(complete: Path, tmp_path: Path, content: str,
                                                      fragments: tuple[str, ...]) -> None:
    source = tmp_path / "invoer.json"
    text = run("export", complete, "--formaat", "json").stdout
    if content == "invalid":
        source.write_text("Dit is geen JSON", encoding="utf-8")
    elif content == "truncated":
        source.write_text(text[: len(text) // 2], encoding="utf-8")
    elif content == "newer":
        document = json.loads(text)
        document["schema_version"] = SCHEMA_VERSION + 1
        source.write_text(json.dumps(document), encoding="utf-8")
    elif content == "other-json":
        source.write_text('{"rapport": "nee"}', encoding="utf-8")
    elif content == "audit-file":
        source.write_bytes(complete.read_bytes())
    elif content == "not-utf8":
        source.write_bytes(b"\xff\xfe\x00 binair")
    assert_one_dutch_line(run("importeer", source), *fragments)
    assert not source.with_suffix(".toets").exists()
