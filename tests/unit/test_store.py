"""The audit file: round trips, privacy, backups, and every bad input or fault with its message."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.locations import ensure_private_dir
from assistant.store import (
    AuditCorrupt,
    AuditExists,
    AuditFile,
    AuditLocked,
    AuditNotFound,
    AuditTooNew,
    Judgement,
    Kerngegevens,
    Note,
    SCHEMA_VERSION,
    ReadOnly,
    SaveFailed,
    Source,
    Summary,
    backup_paths,
)
from assistant.store import journal as journal_module
from normsets import NormSet
from tests.audit_files import read_tables, write_tables
from tests.conftest import REPO


def new_audit(folder: Path, normset: NormSet, name: str = "audit.toets") -> AuditFile:
    return AuditFile.create(folder / name, normset.id, normset.content_hash(), normset.text_hashes(),
                            Kerngegevens(organisatie="Welzijn Voorbeeld"))


def fill(audit: AuditFile) -> Source:
    source = audit.put_source(Source.new("gesprek", "twee ambulant werkers", ("P", "Mng"), "2026-11-20"))
    audit.put_note(Note.new("V1", source.id, "bevinding", "Competenties zijn besproken in het teamoverleg."))
    audit.put_note(Note.new("V1", source.id, "bewijs", "Competentieprofiel ingezien | versie 2025\nmet `code`"))
    audit.put_judgement(Judgement.new("V1", "+/-", "Nog geen vaste cyclus."))
    audit.put_summary(Summary(toelichting="Open gesprekken.", complimenten=("Betrokken team",), zorgpunten=("Dossiers",)))
    audit.set_draft("chat", "half getypte zin")
    return source


def test_round_trip_and_privacy(tmp_path: Path, normset: NormSet) -> None:
    audit = new_audit(tmp_path, normset)
    fill(audit)
    before = audit.snapshot()
    audit.close()
    assert os.stat(tmp_path / "audit.toets").st_mode & 0o777 == 0o600
    for backup in backup_paths(tmp_path / "audit.toets"):
        assert os.stat(backup).st_mode & 0o777 == 0o600
    reopened = AuditFile.open(tmp_path / "audit.toets")
    assert reopened.snapshot() == before
    assert reopened.drafts() == {"chat": "half getypte zin"}
    reopened.close()
    # The file is ordinary TinyDB JSON once closed: no journal left behind.
    assert not (tmp_path / "audit.toets.journaal").exists()
    assert json.loads((tmp_path / "audit.toets").read_text())["meta"]


def test_private_folder_mode(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "b")
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_create_refuses_overwrite_and_missing_folder(tmp_path: Path, normset: NormSet) -> None:
    new_audit(tmp_path, normset).close()
    original = (tmp_path / "audit.toets").read_bytes()
    with pytest.raises(AuditExists, match="bestaat al"):
        new_audit(tmp_path, normset)
    assert (tmp_path / "audit.toets").read_bytes() == original
    with pytest.raises(AuditNotFound, match="De map .* bestaat niet"):
        new_audit(tmp_path / "nergens", normset)
    with pytest.raises(AuditNotFound, match="bestaat niet"):
        AuditFile.open(tmp_path / "weg.toets")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{niet af", "geen geldige JSON"),
        (b"", "leeg"),
        (b'{"_default": {"1": {"x": 1}}}', "geen auditbestand van toetsassistent"),
        (b"[1, 2, 3]", "niet de vorm van een TinyDB-database"),
        (b"\xff\xfe\x00", "geen geldige UTF-8"),
    ],
    ids=["afgebroken-json", "leeg", "andere-tinydb", "geen-tabellen", "binair"],
)
def test_unreadable_file_is_refused_untouched(tmp_path: Path, normset: NormSet, content: bytes, expected: str) -> None:
    new_audit(tmp_path, normset).close()
    AuditFile.open(tmp_path / "audit.toets").close()  # a backup exists now
    path = tmp_path / "audit.toets"
    path.write_bytes(content)
    with pytest.raises(AuditCorrupt) as caught:
        AuditFile.open(path)
    message = str(caught.value)
    assert expected in message and "niet gewijzigd" in message
    assert "reservekopie" in message and str(backup_paths(path)[0]) in message
    assert caught.value.backup == backup_paths(path)[0]
    assert path.read_bytes() == content
    assert not (tmp_path / "audit.toets.slot").exists(), "een geweigerd bestand houdt geen slot vast"


def test_damaged_journal_is_refused(tmp_path: Path, normset: NormSet) -> None:
    audit = new_audit(tmp_path, normset)
    fill(audit)
    journal = tmp_path / "audit.toets.journaal"
    content = journal.read_bytes()
    audit._db.storage.close()  # simulate a crash: no compaction, lock released by process end below
    audit._lock.release()
    journal.write_bytes(b"kapot\n" + content)
    with pytest.raises(AuditCorrupt, match="journaal .* beschadigd op regel 1"):
        AuditFile.open(tmp_path / "audit.toets")
    assert journal.read_bytes() == b"kapot\n" + content


def test_torn_last_journal_line_is_dropped(tmp_path: Path, normset: NormSet) -> None:
    audit = new_audit(tmp_path, normset)
    source = fill(audit)
    expected = audit.snapshot()
    audit._db.storage.close()
    audit._lock.release()
    torn = journal_module.encode_journal_line([["notities", "99", {"id": "half", "text": "afgebroken"}]])
    with open(tmp_path / "audit.toets.journaal", "ab") as journal:
        journal.write(torn[:40])  # a kill in the middle of an append
    reopened = AuditFile.open(tmp_path / "audit.toets")
    assert reopened.snapshot() == expected
    reopened.put_note(Note.new("V2", source.id, "bevinding", "na het herstel"))
    reopened.close()
    assert len(AuditFile.open(tmp_path / "audit.toets", read_only=True).snapshot().notes) == 3


def test_newer_schema_is_refused_untouched(tmp_path: Path, normset: NormSet) -> None:
    new_audit(tmp_path, normset).close()
    path = tmp_path / "audit.toets"
    data = read_tables(path)
    data["meta"]["1"]["schema_version"] = 99
    write_tables(path, data)
    before = path.read_bytes()
    with pytest.raises(AuditTooNew, match="nieuwere versie van toetsassistent .*schema 99"):
        AuditFile.open(path)
    assert path.read_bytes() == before


def test_migration_from_schema_1(tmp_path: Path, normset: NormSet) -> None:
    new_audit(tmp_path, normset).close()
    path = tmp_path / "audit.toets"
    data = read_tables(path)
    data["meta"]["1"]["schema_version"] = 1
    data["samenvatting"]["1"].update(complimenten="Betrokken team\n\nGoede dossiers\n", zorgpunten="")
    write_tables(path, data, checksum=False)  # as the first version wrote it
    audit = AuditFile.open(path)
    assert audit.migrated_from == 1
    assert audit.snapshot().summary.complimenten == ("Betrokken team", "Goede dossiers")
    assert audit.snapshot().meta.schema_version == SCHEMA_VERSION
    audit.close()
    assert read_tables(path)["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_disk_full_keeps_everything(tmp_path: Path, normset: NormSet, monkeypatch: pytest.MonkeyPatch) -> None:
    audit = new_audit(tmp_path, normset)
    source = fill(audit)
    before = audit.snapshot()
    journal = tmp_path / "audit.toets.journaal"
    on_disk = journal.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data)[:7])  # a partial write, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module.os, "write", full_disk)
    with pytest.raises(SaveFailed) as caught:
        audit.put_note(Note.new("V3", source.id, "bevinding", "deze past niet meer"))
    assert "de schijf is vol" in str(caught.value) and "niets verloren" in str(caught.value)
    assert audit.snapshot() == before
    assert journal.read_bytes() == on_disk, "geen half geschreven regel achtergebleven"
    monkeypatch.setattr(journal_module.os, "write", real_write)
    audit.put_note(Note.new("V3", source.id, "bevinding", "nu wel"))  # the retry works
    audit.close()
    texts = [n.text for n in AuditFile.open(tmp_path / "audit.toets", read_only=True).snapshot().notes]
    assert texts[-1] == "nu wel" and "deze past niet meer" not in texts


def test_read_only_folder_while_saving(tmp_path: Path, normset: NormSet, monkeypatch: pytest.MonkeyPatch) -> None:
    audit = new_audit(tmp_path, normset)
    source = fill(audit)
    audit._db.storage.close()  # the next append must reopen the journal
    real_open = os.open

    def read_only_fs(path, flags, mode=0o777, *args, **kwargs):
        if str(path).endswith(".journaal") and flags & os.O_WRONLY:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, mode, *args, **kwargs)

    monkeypatch.setattr(journal_module.os, "open", read_only_fs)
    with pytest.raises(SaveFailed, match="alleen-lezen"):
        audit.put_note(Note.new("V3", source.id, "bevinding", "tekst"))
    monkeypatch.setattr(journal_module.os, "open", real_open)
    audit.close()


def test_read_only_open_changes_nothing(tmp_path: Path, normset: NormSet) -> None:
    audit = new_audit(tmp_path, normset)
    fill(audit)
    viewer = AuditFile.open(tmp_path / "audit.toets", read_only=True)  # while the writer holds the lock
    assert len(viewer.snapshot().notes) == 2
    with pytest.raises(ReadOnly, match="alleen-lezen"):
        viewer.put_note(Note.new("V1", None, "bevinding", "x"))
    viewer.close()
    audit.close()


def test_backups_rotate(tmp_path: Path, normset: NormSet) -> None:
    path = tmp_path / "audit.toets"
    audit = new_audit(tmp_path, normset)
    source = audit.put_source(Source.new("document", "Jaarplan"))
    audit.close()
    for round_number in range(8):
        audit = AuditFile.open(path)
        audit.put_note(Note.new("V1", source.id, "bevinding", f"ronde {round_number}"))
        audit.close()
    backups = backup_paths(path)
    assert [b.name for b in backups] == [f"audit.toets.reservekopie-{n}" for n in range(1, 6)]
    newest = AuditFile.open(backups[0], read_only=True).snapshot()
    assert [n.text for n in newest.notes][-1] == "ronde 6", "de nieuwste kopie is het bestand zoals het werd geopend"
    AuditFile.open(path).close()
    assert len(backup_paths(path)) == 5, "zelfde inhoud: geen extra kopie"


def test_stale_temp_files_removed_on_open(tmp_path: Path, normset: NormSet) -> None:
    new_audit(tmp_path, normset).close()
    litter = tmp_path / ".tmp-audit.toets.abc123"
    litter.write_text("half")
    AuditFile.open(tmp_path / "audit.toets").close()
    assert not litter.exists()


def test_second_process_gets_the_lock_message(tmp_path: Path, normset: NormSet) -> None:
    new_audit(tmp_path, normset).close()
    path = tmp_path / "audit.toets"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from assistant.store import AuditFile; a = AuditFile.open(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(path)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(AuditLocked) as caught:
            AuditFile.open(path)
        assert f"proces {holder.pid}" in str(caught.value) and "alleen-lezen" in str(caught.value)
        AuditFile.open(path, read_only=True).close()  # viewing is still possible
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The holder died without cleaning up: its lock is taken over.
    assert (tmp_path / "audit.toets.slot").exists()
    deadline = time.monotonic() + 10
    while True:
        try:
            AuditFile.open(path).close()
            break
        except AuditLocked:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_normset_change_is_named_when_opening(tmp_path: Path, normset: NormSet) -> None:
    from assistant.session import AuditSession

    new_audit(tmp_path, normset).close()
    path = tmp_path / "audit.toets"
    session = AuditSession.open(path)
    assert session.warnings == []
    session.close()
    data = read_tables(path)
    data["meta"]["1"]["normset_hash"] = "anders"
    data["meta"]["1"]["norm_hashes"]["V5"] = "0" * 16
    write_tables(path, data)
    session = AuditSession.open(path)
    assert len(session.warnings) == 1 and "gewijzigd" in session.warnings[0]
    assert "Andere normtekst: V5" in session.warnings[0]
    assert len(session.normset.norms) == 49, "de toetsing opent gewoon, met de huidige tekst"
    session.close()


def test_missing_normset_falls_back_to_the_copy_in_the_audit(tmp_path: Path, normset: NormSet) -> None:
    from assistant.session import AuditSession
    from normsets import NormSetError, NormSetRegistry, load_file

    own = tmp_path / "sets"
    own.mkdir()
    text = (REPO / "normsets" / "data" / "concept-2016.toml").read_text(encoding="utf-8")
    (own / "eigen.toml").write_text(text.replace('id = "concept-2016"', 'id = "eigen-set"', 1), encoding="utf-8")
    custom = load_file(own / "eigen.toml")
    AuditFile.create_for(tmp_path / "eigen.toets", custom, Kerngegevens(organisatie="X")).close()
    AuditFile.create(tmp_path / "zonder-kopie.toets", "eigen-set", "", {}).close()
    session = AuditSession.open(tmp_path / "eigen.toets", registry=NormSetRegistry(own))
    assert session.normset.id == "eigen-set" and not session.warnings
    session.close()
    (own / "eigen.toml").unlink()
    session = AuditSession.open(tmp_path / "eigen.toets", registry=NormSetRegistry(own))
    assert len(session.normset.norms) == 52
    assert any("niet gevonden" in warning and "kopie" in warning for warning in session.warnings)
    session.close()
    with pytest.raises(NormSetError, match="niet gevonden en het auditbestand bevat er geen kopie"):
        AuditSession.open(tmp_path / "zonder-kopie.toets", registry=NormSetRegistry(own))
    AuditFile.open(tmp_path / "zonder-kopie.toets").close()  # the refusal left no lock behind
