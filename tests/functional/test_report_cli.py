"""The report on the command line (`python -m assistant`): Word from the default or an own template, part A
and part B apart, the template check before anything is written, `kern` for scripts, `sjabloon`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from assistant.store import AuditFile
from normsets import NormSet
from tests.audit_builders import COMPLETE, KERN, fill_audit, make_ready
from tests.conftest import REPO
from tests.unit.test_docx import PART_A_OWN, PART_B_OWN, make_template


def run(*args: str | Path, data: Path | None = None) -> subprocess.CompletedProcess:
    env = os.environ.copy()
    if data is not None:
        env["TOETSASSISTENT_DATA"] = str(data)
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=60)


@pytest.fixture
def ready(tmp_path: Path, normset: NormSet) -> Path:
    path = tmp_path / "klaar.toets"
    audit_file = AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes(), KERN)
    make_ready(fill_audit(audit_file, normset, COMPLETE), normset).close()
    return path


def tables(path: Path) -> list[list[str]]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return [[cell.text for cell in table.rows[0].cells] for table in document.tables]


def test_word_report_of_both_parts_to_a_private_file(ready: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.docx"
    result = run("export", ready, "--formaat", "docx", "-o", target, "--definitief")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Word-rapport geschreven naar {target}.\n"
    assert target.stat().st_mode & 0o777 == 0o600
    headers = tables(target)
    assert headers[0] == ["Kerngegeven", "Gegevens"] and headers.count(["Norm", "Bevindingen en verbeterpunten",
                                                                          "Oordeel +; +/-; -"]) == 3


@pytest.mark.parametrize("part, first, count", [("A", ["Kerngegeven", "Gegevens"], 4),
                                                ("b", ["Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"], 3)])
def test_one_part_in_word(ready: Path, tmp_path: Path, part: str, first: list[str], count: int) -> None:
    target = tmp_path / f"deel-{part}.docx"
    result = run("export", ready, "--formaat", "docx", "--deel", part, "-o", target)
    assert result.returncode == 0, result.stderr
    assert f"(deel {part.upper()})" in result.stdout
    assert tables(target)[0] == first and len(tables(target)) == count


def test_one_part_in_markdown(ready: Path) -> None:
    result = run("export", ready, "--deel", "B")
    assert result.returncode == 0, result.stderr
    assert "## B. Bevindingen toetsing" in result.stdout and "## A. Samenvatting" not in result.stdout


@pytest.mark.parametrize("args, fragment", [
    (("--formaat", "docx"), "Een Word-rapport is een binair bestand en gaat niet naar het scherm"),
    (("--formaat", "werkdocument", "--deel", "A"), "--deel hoort bij het rapport"),
    (("--sjabloon", "eigen"), "--sjabloon hoort bij het Word-rapport"),
])
def test_refusals_are_one_dutch_line(ready: Path, args: tuple[str, ...], fragment: str) -> None:
    result = run("export", ready, *args)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("toetsassistent: ") and fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("paragraphs, expected", [
    (("Naam: {{ kern.organsatie }}", *PART_A_OWN, *PART_B_OWN),
     "Onbekende variabele 'kern.organsatie' in het sjabloon in de hoofdtekst (bij: «Naam: {{ kern.organsatie }}»); "
     "bedoelt u 'kern.organisatie'?"),
    (PART_A_OWN, "Het sjabloon mist voor deel B de variabelen 'rubrieken[].titel'"),
])
def test_an_own_template_with_a_problem_writes_nothing(ready: Path, tmp_path: Path, paragraphs, expected: str) -> None:
    template = tmp_path / "eigen.docx"
    template.write_bytes(make_template(*paragraphs))
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"het vorige rapport")
    result = run("export", ready, "--formaat", "docx", "--sjabloon", template, "-o", target)
    assert result.returncode == 1
    assert result.stderr.startswith(f"toetsassistent: Het sjabloon '{template}' kan niet worden gebruikt; er is niets "
                                    "geschreven:")
    assert f"  - {expected}" in result.stderr.splitlines()[1]
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"het vorige rapport"


def test_an_own_template_from_the_templates_folder_by_name(ready: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "sjablonen").mkdir(parents=True)
    (data / "sjablonen" / "huisstijl.docx").write_bytes(make_template("Eigen rapport", *PART_A_OWN, *PART_B_OWN))
    target = tmp_path / "rapport.docx"
    result = run("export", ready, "--formaat", "docx", "--sjabloon", "huisstijl", "-o", target, data=data)
    assert result.returncode == 0, result.stderr
    lines = [p.text for p in docx.Document(io.BytesIO(target.read_bytes())).paragraphs]
    assert lines[0] == "Eigen rapport" and "Advies: Positief zodra de plannen van aanpak zijn goedgekeurd" in lines
    missing = run("export", ready, "--formaat", "docx", "--sjabloon", "onbekend", "-o", tmp_path / "x.docx", data=data)
    assert missing.returncode == 1 and "Sjabloon 'onbekend' niet gevonden" in missing.stderr
    assert "staan: huisstijl" in missing.stderr and not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo"])
def test_a_template_that_cannot_be_read_is_the_only_message(tmp_path: Path, normset: NormSet, kind: str) -> None:
    """An unfinished audit warns that it is incomplete, but not before refusing a template it cannot use."""
    audit = tmp_path / "half.toets"
    AuditFile.create(audit, normset.id, normset.content_hash(), normset.text_hashes(), KERN).close()
    template = tmp_path / "sjabloon.docx"
    if kind == "folder":
        template.mkdir()
    elif kind == "fifo":
        os.mkfifo(template)
    before = audit.read_bytes()
    result = run("export", audit, "--formaat", "docx", "--sjabloon", template, "-o", tmp_path / "x.docx")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("toetsassistent: "), result.stderr
    assert {"missing": "niet gevonden", "folder": "een map", "fifo": "named pipe"}[kind] in result.stderr
    assert "Let op" not in result.stderr and not (tmp_path / "x.docx").exists()
    assert audit.read_bytes() == before


def test_sjabloon_hands_out_a_copy_and_checks_it(tmp_path: Path) -> None:
    copy = tmp_path / "mijn-sjabloon.docx"
    result = run("sjabloon", copy)
    assert result.returncode == 0, result.stderr
    assert copy.stat().st_mode & 0o777 == 0o600
    from exports.docx import default_template

    assert copy.read_bytes() == default_template()
    again = run("sjabloon", copy)
    assert again.returncode == 1 and "bestaat al" in again.stderr and copy.read_bytes() == default_template()
    assert run("sjabloon", "--controleer", copy).stdout.startswith(f"Het sjabloon '{copy}' is in orde voor deel A en B")
    broken = tmp_path / "kapot.docx"
    broken.write_bytes(make_template("{{ onbekend }}", *PART_B_OWN))
    checked = run("sjabloon", "--controleer", broken, "--deel", "B")
    assert checked.returncode == 1 and "Onbekende variabele 'onbekend'" in checked.stderr


def test_kern_for_scripts(ready: Path) -> None:
    assert run("kern", ready, "scope", "Team Noord\\nTeam Zuid").returncode == 0
    assert run("kern", ready, "scope", "+ Jongerenwerk").returncode == 0
    shown = run("kern", ready, "scope")
    assert shown.stdout == "Team Noord\nTeam Zuid\nJongerenwerk\n"
    done = run("kern", ready, "datum_zelfevaluatie", "nvt", "hercertificering")
    assert done.returncode == 0 and "n.v.t. — hercertificering" in done.stdout
    before = ready.read_bytes(), sorted(p.name for p in ready.parent.iterdir())
    bad = run("kern", ready, "omvang_medewerkers", "veel")
    assert bad.returncode == 1 and bad.stderr.startswith("toetsassistent: Schrijf bij 'Omvang: aantal medewerkers")
    unknown = run("kern", ready, "telefoon", "010")
    assert unknown.returncode == 1 and "Onbekend kerngegeven 'telefoon'" in unknown.stderr
    listing = run("kern", ready)
    assert "datum_zelfevaluatie: n.v.t. — hercertificering" in listing.stdout.splitlines()
    assert "scope: Team Noord / Team Zuid / Jongerenwerk" in listing.stdout.splitlines()
    with AuditFile.open(ready, read_only=True) as audit_file:
        assert audit_file.snapshot().kern.omvang_medewerkers == ""
    assert before[1] == sorted(p.name for p in ready.parent.iterdir())


def test_kern_gesprekspartners_proposal_for_scripts(ready: Path) -> None:
    proposal = run("kern", ready, "gesprekspartners", "voorstel")
    assert proposal.returncode == 0 and proposal.stdout == "twee ambulant werkers\n"
    assert run("kern", ready, "gesprekspartners", "overnemen").returncode == 0
    with AuditFile.open(ready, read_only=True) as audit_file:
        assert audit_file.snapshot().kern.gesprekspartners == "twee ambulant werkers"
