"""Issue 9's cases, each as it was reported: a refusal rewrites nothing, checksums catch bit flips, backups
are complete or absent, links and pipes are never followed or waited on, and English never reaches the user.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from assistant.store import AuditCorrupt, AuditFile, AuditTooNew, Kerngegevens, Note, Source, StoreError, backup_paths
from assistant.store import journal as journal_module
from assistant.store.errors import os_reason
from assistant.store.export_target import refusal, write_export
from assistant.store.journal import encode_journal_line
from normsets import NormSet
from tests.audit_files import read_tables, write_tables


def make(folder: Path, normset: NormSet, notes: int = 3) -> Path:
    path = folder / "a.toets"
    audit = AuditFile.create_for(path, normset, Kerngegevens(organisatie="Welzijn Voorbeeld"))
    source = audit.put_source(Source.new("gesprek", "teamleider", ("Mng",)))
    for number in range(notes):
        audit.put_note(Note.new("V1", source.id, "bevinding", f"notitie {number}"))
    audit.close()
    return path


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".slot")}


@pytest.mark.parametrize("journal_line", [
    encode_journal_line([["notities", "9", {"x": 1}]]),       # the reported case: a note that is no note
    encode_journal_line([["meta", "1", None]]),                # the meta record removed
    encode_journal_line([["kern", "1", {"organisatie": None}]]),
])
def test_a_refused_open_rewrites_nothing(tmp_path: Path, normset: NormSet, journal_line: bytes) -> None:
    path = make(tmp_path, normset)
    AuditFile.open(path).close()  # a backup exists
    (tmp_path / "a.toets.journaal").write_bytes(journal_line)
    before = files_of(tmp_path)
    for read_only in (False, True):
        with pytest.raises(AuditCorrupt, match="niet gewijzigd"):
            AuditFile.open(path, read_only=read_only)
        assert files_of(tmp_path) == before
    assert not (tmp_path / "a.toets.slot").exists()


@pytest.mark.parametrize("version", [0, -1, 2.0, "3", None, True])
def test_bad_schema_versions_are_refused_untouched(tmp_path: Path, normset: NormSet, version: object) -> None:
    path = make(tmp_path, normset)
    tables = read_tables(path)
    if version is None:
        del tables["meta"]["1"]["schema_version"]
    else:
        tables["meta"]["1"]["schema_version"] = version
    write_tables(path, tables)
    (tmp_path / "a.toets.journaal").write_bytes(encode_journal_line([["notities", "50", None]]))
    before = files_of(tmp_path)
    with pytest.raises(AuditCorrupt):
        AuditFile.open(path)
    assert files_of(tmp_path) == before


def test_a_newer_file_with_a_journal_is_not_rewritten(tmp_path: Path, normset: NormSet) -> None:
    path = make(tmp_path, normset)
    tables = read_tables(path)
    tables["meta"]["1"]["schema_version"] = 99
    write_tables(path, tables)
    (tmp_path / "a.toets.journaal").write_bytes(encode_journal_line([["notities", "50", None]]))
    before = files_of(tmp_path)
    with pytest.raises(AuditTooNew, match="nieuwere versie"):
        AuditFile.open(path)
    assert files_of(tmp_path) == before


def test_every_single_bit_flip_in_the_base_file_is_caught(tmp_path: Path, normset: NormSet) -> None:
    """Before the checksum, 50 of 80 bit flips kept the JSON valid and opened with other content."""
    path = make(tmp_path, normset, notes=2)
    original = path.read_bytes()
    expected = AuditFile.open(path, read_only=True).snapshot()
    step = max(1, len(original) // 400)
    for position in range(0, len(original), step):
        for bit in (0, 5):
            damaged = bytearray(original)
            damaged[position] ^= 1 << bit
            path.write_bytes(bytes(damaged))
            try:
                opened = AuditFile.open(path, read_only=True)
            except (AuditCorrupt, AuditTooNew):
                continue
            assert opened.snapshot() == expected, f"bit {bit} of byte {position} changed the audit unnoticed"


def test_every_single_bit_flip_in_the_journal_is_caught(tmp_path: Path, normset: NormSet) -> None:
    path = make(tmp_path, normset, notes=0)
    audit = AuditFile.open(path)
    source = audit.put_source(Source.new("document", "jaarplan"))
    audit.put_note(Note.new("V2", source.id, "bewijs", "paragraaf 3"))
    expected = audit.snapshot()
    audit._db.storage.close()
    audit._release_lock()
    journal = tmp_path / "a.toets.journaal"
    original = journal.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 1 << (position % 8)
        journal.write_bytes(bytes(damaged))
        try:
            opened = AuditFile.open(path, read_only=True)
        except AuditCorrupt:
            continue
        # Only a flip in a torn tail can be dropped; it may never change what is read.
        assert opened.snapshot() in (expected,), f"flip in byte {position} changed the audit unnoticed"


def test_backup_on_a_full_disk_leaves_every_backup_complete(tmp_path: Path, normset: NormSet,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = make(tmp_path, normset)
    for round_number in range(3):  # three backups of three different states
        audit = AuditFile.open(path)
        audit.put_note(Note.new("V2", None, "bevinding", f"ronde {round_number}"))
        audit.close()
    before = {p.name: p.read_bytes() for p in backup_paths(path)}
    real_write = os.write

    def full(fd: int, data) -> int:
        if "reservekopie" in os.readlink(f"/proc/self/fd/{fd}"):
            real_write(fd, bytes(data)[:100])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(journal_module.os, "write", full)
    audit = AuditFile.open(path)
    monkeypatch.setattr(journal_module.os, "write", real_write)
    assert any("reservekopie" in warning and "de schijf is vol" in warning for warning in audit.warnings)
    audit.close()
    after = {p.name: p.read_bytes() for p in backup_paths(path)}
    assert after == before, "no backup moved or was cut short"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")], "no temp file left"
    for backup in backup_paths(path):
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        AuditFile.open(backup, read_only=True).close()


def test_a_refusal_names_only_a_backup_that_opens(tmp_path: Path, normset: NormSet) -> None:
    path = make(tmp_path, normset)
    AuditFile.open(path).close()
    audit = AuditFile.open(path)
    audit.put_note(Note.new("V3", None, "bevinding", "nieuw"))
    audit.close()
    AuditFile.open(path).close()
    newest, older = backup_paths(path)[:2]
    newest.write_bytes(newest.read_bytes()[:200])  # truncated, as a full disk left it before the fix
    path.write_bytes(b"{kapot")
    with pytest.raises(AuditCorrupt) as caught:
        AuditFile.open(path)
    assert caught.value.backup == older
    assert str(older) in str(caught.value) and f"'{newest}'" not in str(caught.value)


def test_a_symlinked_lock_file_is_not_written_through(tmp_path: Path, normset: NormSet) -> None:
    path = make(tmp_path, normset)
    victim = tmp_path / "elders.txt"
    victim.write_text("blijft")
    (tmp_path / "a.toets.slot").symlink_to(victim)
    with pytest.raises(StoreError, match="symbolische koppeling"):
        AuditFile.open(path)
    assert victim.read_text() == "blijft"
    AuditFile.open(path, read_only=True).close()


def test_a_symlinked_audit_stays_a_link_and_its_target_is_written(tmp_path: Path, normset: NormSet) -> None:
    real = make(tmp_path, normset)
    link = tmp_path / "koppeling.toets"
    link.symlink_to(real)
    audit = AuditFile.open(link)
    audit.put_note(Note.new("V4", None, "bevinding", "via de koppeling"))
    audit.close()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "via de koppeling" in [n.text for n in AuditFile.open(real, read_only=True).snapshot().notes]


@pytest.mark.parametrize("kind", ["fifo", "dir"])
def test_a_pipe_or_folder_is_never_read_as_audit_or_journal(tmp_path: Path, normset: NormSet, kind: str) -> None:
    path = make(tmp_path, normset)
    journal = tmp_path / "a.toets.journaal"
    os.mkfifo(journal) if kind == "fifo" else journal.mkdir()
    with pytest.raises(AuditCorrupt, match="journaal"):
        AuditFile.open(path, read_only=True)  # returns at once instead of waiting on the pipe
    other = tmp_path / "b.toets"
    os.mkfifo(other) if kind == "fifo" else other.mkdir()
    with pytest.raises(StoreError) as caught:
        AuditFile.open(other)
    assert "bestaat niet" not in str(caught.value)
    assert ("map" if kind == "dir" else "pijp") in str(caught.value)


def test_a_read_only_file_opens_read_only_and_stays_as_it_is(tmp_path: Path, normset: NormSet) -> None:
    path = make(tmp_path, normset)
    audit = AuditFile.open(path)
    audit.put_note(Note.new("V5", None, "bevinding", "in het journaal"))
    audit._db.storage.close()
    audit._release_lock()
    path.chmod(0o400)
    before = files_of(tmp_path)
    opened = AuditFile.open(path)
    assert opened.read_only
    assert any("alleen-lezen" in warning for warning in opened.warnings)
    assert "in het journaal" in [n.text for n in opened.snapshot().notes]
    opened.close()
    assert files_of(tmp_path) == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o400


@pytest.mark.parametrize("name", ["b.toets.journaal", "b.toets.slot", "b.toets.reservekopie-2", "b.toets",
                                  "b.toets.voor-samenvoegen"])
def test_export_refuses_the_files_of_an_audit(tmp_path: Path, name: str) -> None:
    assert "auditbestand" in refusal(tmp_path / name, None)


def test_export_refuses_a_device_a_link_and_an_audit_under_another_name(tmp_path: Path, normset: NormSet) -> None:
    assert "geen gewoon bestand" in refusal(Path("/dev/null"), None)
    audit = make(tmp_path, normset)
    renamed = tmp_path / "rapport.md"
    renamed.write_bytes(audit.read_bytes())
    assert "auditbestand" in refusal(renamed, None)
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elders.md")
    assert "symbolische koppeling" in refusal(link, None)
    assert refusal(tmp_path / "nieuw.md", audit) is None


def test_a_killed_export_leaves_no_temp_file_for_good(tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    dead = tmp_path / ".tmp-rapport.md.999999999.abcd"  # a pid that does not run
    dead.write_text("half")
    alive = tmp_path / f".tmp-rapport.md.{os.getpid()}.efgh"  # a running export's own temp file
    alive.write_text("bezig")
    write_export(target, b"# Rapport\n")
    assert target.read_bytes() == b"# Rapport\n" and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not dead.exists() and alive.exists()


@pytest.mark.parametrize(("code", "dutch"), [
    (errno.EACCES, "geen toestemming"), (errno.EISDIR, "een map"), (errno.ENOSPC, "de schijf is vol"),
    (errno.EROFS, "alleen-lezen"), (errno.ENOENT, "bestaat niet"), (errno.EPROTO, "systeemfout EPROTO"),
])
def test_os_errors_are_said_in_dutch(code: int, dutch: str) -> None:
    reason = os_reason(OSError(code, os.strerror(code)))
    assert dutch in reason and os.strerror(code) not in reason


def test_a_full_disk_is_a_write_failure_not_a_read_failure(tmp_path: Path, normset: NormSet,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nieuw.toets"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal_module, "atomic_write", full)
    with pytest.raises(StoreError) as caught:
        AuditFile.create_for(path, normset)
    assert "aanmaken" in str(caught.value) and "de schijf is vol" in str(caught.value)
    assert "lezen" not in str(caught.value) and not path.exists()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 1 MiB tmpfs when this machine lets the test mount one (root with CAP_SYS_ADMIN), else a skip:
    the patched-write test above covers the same case everywhere."""
    import subprocess

    mount_point = tmp_path / "klein"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("kan hier geen tmpfs koppelen (geen root of geen CAP_SYS_ADMIN); de test met een "
                    "nagebootste volle schijf dekt hetzelfde")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def test_backup_rotation_on_a_real_full_disk(small_disk: Path, normset: NormSet) -> None:
    path = small_disk / "a.toets"
    audit = AuditFile.create_for(path, normset, Kerngegevens(organisatie="Welzijn Voorbeeld"))
    source = audit.put_source(Source.new("document", "jaarplan"))
    audit.close()
    for round_number in range(3):  # three different states, so three backups
        audit = AuditFile.open(path)
        for number in range(40):
            audit.put_note(Note.new("V1", source.id, "bevinding", f"ronde {round_number}, notitie {number} " * 4))
        audit.close()
    before = {p.name: p.read_bytes() for p in backup_paths(path)}
    assert len(before) == 4  # the empty state at creation, then three rounds
    filler = small_disk / "vulling"
    with open(filler, "wb") as handle:  # fill the disk until less than the audit's size is free
        try:
            while os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize > path.stat().st_size // 2:
                handle.write(b"\0" * 4096)
                handle.flush()
        except OSError:
            pass
    audit = AuditFile.open(path)
    assert any("de schijf is vol" in warning for warning in audit.warnings), audit.warnings
    audit.close()
    assert {p.name: p.read_bytes() for p in backup_paths(path)} == before, "every backup complete, none moved"
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".tmp-")]
    for backup in backup_paths(path):
        AuditFile.open(backup, read_only=True).close()
