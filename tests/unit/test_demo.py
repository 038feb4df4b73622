"""The built-in demo audit: a readable file, plausible content, the promised state, nothing real."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from assistant.demo import create_demo, demo_data
from assistant.store import NOTE_KINDS, SOURCE_KINDS, Audit, AuditFile
from flows.rules import advice, norm_statuses
from normsets import NormSet
from normsets.model import JUDGEMENTS, ROLES

#: Two capitalised words in a row ("Jan Jansen"), or a capital, a tussenvoegsel and a capital ("Els de Vries").
NAME_LIKE = re.compile(r"\b[A-Z][a-z]+\s+(?:(?:van|de|der|den|ter|ten|het|la|le)\s+)*[A-Z][a-z]+\b")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Audit]:
    folder = tmp_path_factory.mktemp("demo")
    path = create_demo(folder)
    audit_file = AuditFile.open(path, read_only=True)
    try:
        return path, audit_file.snapshot()
    finally:
        audit_file.close()


def test_writes_a_readable_audit_file(demo: tuple[Path, Audit], normset: NormSet) -> None:
    path, audit = demo
    assert path.name == "demo-welzijn-de-brug.toets"
    assert audit.meta.normset_id == normset.id
    assert audit.meta.normset_hash == normset.content_hash()
    assert audit.kern.organisatie == "Stichting Welzijn De Brug"
    assert ".example" in audit.kern.website and audit.kern.contact_mail.endswith(".example")
    assert audit.kern.omvang and audit.kern.scope and audit.kern.gesprekspartners


def test_file_is_private_and_alone(demo: tuple[Path, Audit]) -> None:
    path, _ = demo
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no journal, lock or empty backup left


def test_about_eight_interviews_across_roles(demo: tuple[Path, Audit]) -> None:
    _, audit = demo
    interviews = [source for source in audit.sources if source.kind == "gesprek"]
    assert 7 <= len(interviews) <= 10
    assert all(source.roles and set(source.roles) <= set(ROLES) for source in interviews)
    roles = {role for source in interviews for role in source.roles}
    assert {"P", "Mng", "P&O", "BKC", "CB", "BV", "S"} <= roles
    assert sum(1 for source in interviews if "P" in source.roles) >= 2
    kinds = {source.kind for source in audit.sources}
    assert {"document", "registratie", "observatie"} <= kinds <= set(SOURCE_KINDS)


def test_every_note_comes_from_a_fitting_source(demo: tuple[Path, Audit], normset: NormSet) -> None:
    _, audit = demo
    assert 150 <= len(audit.notes) <= 220
    for note in audit.notes:
        norm = normset.norm(note.norm_id)
        assert norm is not None, note.norm_id
        assert note.kind in NOTE_KINDS
        assert note.text.strip()
        source = audit.source(note.source_id)
        assert source is not None, note
        if source.kind == "gesprek":
            assert set(source.roles) & set(norm.all_roles), (note.norm_id, source.label, source.roles)


def test_the_state_is_as_promised(demo: tuple[Path, Audit], normset: NormSet) -> None:
    _, audit = demo
    statuses = norm_statuses(audit, normset)
    counts = {norm_id: status.source_count for norm_id, status in statuses.items()}
    judged = {norm_id for norm_id, status in statuses.items() if status.judgement is not None}
    without_notes = [norm_id for norm_id, status in statuses.items() if status.note_count == 0]
    under = [norm_id for norm_id, status in statuses.items() if status.under_minimum and status.note_count]

    assert 2 <= len(without_notes) <= 4
    assert 8 <= len(under) <= 10
    assert any(counts[norm_id] == 1 for norm_id in under)
    assert any(counts[norm_id] == 2 for norm_id in under)
    assert sum(1 for count in counts.values() if count >= 3) >= 30

    assert 15 <= len(judged) <= 20
    values = [statuses[norm_id].judgement for norm_id in judged]
    assert set(values) <= set(JUDGEMENTS)
    assert values.count("+") > len(values) / 2
    assert 2 <= values.count("+/-") <= 4
    assert values.count("-") == 1
    assert values.count("nvt") == 1
    for norm_id in judged:
        status = statuses[norm_id]
        if status.judgement != "nvt":
            assert status.source_count >= normset.min_sources, norm_id  # judged on enough sources
        assert len(re.findall(r"[.!?](?:\s|$)", audit.judgements[norm_id].report_text)) >= 2, norm_id
    for norm_id in judged:
        if statuses[norm_id].judgement in ("+/-", "-"):
            assert "plan van aanpak" in audit.judgements[norm_id].report_text or \
                "Verbeterpunt" in audit.judgements[norm_id].report_text, norm_id
    unjudged_with_enough = [n for n, s in statuses.items() if s.judgement is None and s.source_count >= 3]
    assert unjudged_with_enough

    result = advice(audit, normset)
    assert result.positive_possible and result.provisional


def test_summary_is_filled(demo: tuple[Path, Audit]) -> None:
    _, audit = demo
    assert audit.summary.toelichting
    assert len(audit.summary.complimenten) == 3
    assert len(audit.summary.zorgpunten) == 3


def test_no_personal_names_in_sources(demo: tuple[Path, Audit]) -> None:
    _, audit = demo
    assert NAME_LIKE.search("gesprek met Jan Jansen") and NAME_LIKE.search("Els de Vries")  # the check works
    for source in audit.sources:
        assert not NAME_LIKE.search(source.label), source.label
    gesprekspartners = audit.kern.gesprekspartners
    assert not NAME_LIKE.search(gesprekspartners)
    assert not NAME_LIKE.search(audit.kern.contactpersoon) and not NAME_LIKE.search(audit.kern.toetsers)


def test_data_uses_only_known_sources_and_norms(normset: NormSet) -> None:
    data = demo_data()
    keys = [item["key"] for item in data["sources"]]
    assert len(keys) == len(set(keys))
    norm_ids = {norm.id for norm in normset.norms}
    assert set(data["notes"]) <= norm_ids
    assert set(data["judgements"]) <= norm_ids
    assert all(item["source"] in keys for items in data["notes"].values() for item in items)


def test_never_overwrites(tmp_path: Path) -> None:
    first = create_demo(tmp_path)
    before = first.read_bytes()
    second = create_demo(tmp_path)
    third = create_demo(tmp_path)
    assert len({first, second, third}) == 3
    assert second.name == "demo-welzijn-de-brug-2.toets"
    assert first.read_bytes() == before
    for path in (first, second, third):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with AuditFile.open(path, read_only=True) as audit_file:
            assert audit_file.snapshot().notes


def test_skips_a_name_whose_journal_is_left_over(tmp_path: Path) -> None:
    (tmp_path / "demo-welzijn-de-brug.toets.journaal").write_text("")
    path = create_demo(tmp_path)
    assert path.name == "demo-welzijn-de-brug-2.toets"


def test_creates_a_missing_folder(tmp_path: Path) -> None:
    path = create_demo(tmp_path / "nieuw" / "toetsingen")
    assert path.is_file()


def test_is_written_in_one_go(tmp_path: Path) -> None:
    """The demo is filled in memory and written once: no journal, no backup, nothing but the file.

    (How fast it opens is measured in bench/startup.py, not timed here.)
    """
    path = create_demo(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert AuditFile.open(path, read_only=True).snapshot().notes
