"""Markup and escape sequences through the line mode and the CLI, and piped bytes that are not UTF-8.

Issue 9, point 4: the batch line mode, `status` and `export` to standard output printed escape
sequences from notes, source labels and the organisation raw. Here the real command runs in a
subprocess and its output is checked byte by byte: no byte below 0x20 but a line feed, no DEL, and
after decoding no C1 control, direction override or lone surrogate; the payloads must show in their
visible forms. Point 2: a piped line that is not UTF-8 is refused by itself and the other lines run,
whatever the encoding of the output.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant.line_mode import NOT_UTF8, build_session, run_batch, run_interactive, terminal_printer
from assistant.store import AuditFile, Kerngegevens
from flows.engine import Conversation
from normsets import NormSet
from tests.conftest import REPO
from tests.hostile_text import (
    HOSTILE,
    SHOWN,
    fill_hostile,
    hostile,
    MARKUP,
    hostile_normset_toml,
    raw_control_bytes,
    raw_controls,
)

ALL_SHOWN = " ".join(SHOWN)


def run(*args: str | Path, stdin: bytes | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m assistant ARGS` with bytes in and bytes out."""
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], input=stdin, capture_output=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=60, check=False)


def assert_terminal_safe(data: bytes) -> str:
    """`data` holds nothing that acts on a terminal; returns it decoded."""
    assert raw_control_bytes(data) == []
    text = data.decode("utf-8")
    assert raw_controls(text) == []
    assert "Traceback" not in text
    return text


@pytest.fixture
def audit_path(tmp_path: Path, normset: NormSet) -> Path:
    path = tmp_path / "vijandig.toets"
    AuditFile.create_for(path, normset, Kerngegevens(organisatie="Welzijn Voorbeeld")).close()
    return path


def test_batch_line_mode_shows_hostile_text_visibly(audit_path: Path) -> None:
    lines = [
        f"/gesprek P {hostile('omschrijving')}",
        hostile("notitie"),
        f"/document {HOSTILE}",  # no "naam: tekst" (that stores the text as bewijs for the document)
        f"/kern organisatie {hostile('organisatie')}",
        f"/compliment {hostile('compliment')}",
        "/bronnen",
        "/status",
    ]
    result = run("lijn", audit_path, stdin=("\n".join(lines) + "\n").encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)
    for field in ("omschrijving", "organisatie"):
        assert f"{field}: {ALL_SHOWN}" in out
    assert f"document — {ALL_SHOWN}" in out
    audit = AuditFile.open(audit_path, read_only=True)
    try:
        snapshot = audit.snapshot()
    finally:
        audit.close()
    assert snapshot.kern.organisatie == hostile("organisatie")  # kept as typed, only shown safely
    assert [note.text for note in snapshot.notes] == [hostile("notitie")]


def test_status_and_export_show_hostile_text_visibly(tmp_path: Path, normset: NormSet) -> None:
    path = tmp_path / "vijandig.toets"
    fill_hostile(AuditFile.create_for(path, normset, Kerngegevens())).close()

    status = run("status", path)
    assert status.returncode == 0
    text = assert_terminal_safe(status.stdout)
    assert f"Toetsing organisatie: {ALL_SHOWN} — " in text

    as_json = run("status", path, "--json")
    assert as_json.returncode == 0
    assert json.loads(assert_terminal_safe(as_json.stdout))["organisatie"] == hostile("organisatie")

    for kind in ("rapport", "werkdocument", "json"):
        export = run("export", path, "--formaat", kind)
        assert export.returncode == 0, export.stderr.decode("utf-8", "replace")
        document = assert_terminal_safe(export.stdout)
        assert_terminal_safe(export.stderr)
        if kind == "json":
            assert json.loads(document)["tables"]["kern"]["1"]["organisatie"] == hostile("organisatie")
        else:
            assert "␛\\]0;pwned␇" in document and "a\\<U+202E\\>b" in document


def test_normensets_shows_a_hostile_title_of_an_own_set(private_data_dir: Path, normset: NormSet) -> None:
    own = private_data_dir / "normensets"
    own.mkdir(parents=True)
    (own / "eigen.toml").write_text(hostile_normset_toml(normset.source_toml), encoding="utf-8")
    listing = run("normensets")
    assert listing.returncode == 0, listing.stderr.decode("utf-8", "replace")
    assert f"titel: {MARKUP}" in assert_terminal_safe(listing.stdout)
    one = run("normensets", "eigen-vijandig")
    assert f"normtekst: {MARKUP}"[:60] in assert_terminal_safe(one.stdout)
    as_json = run("normensets", "--json")
    titles = [entry["titel"] for entry in json.loads(assert_terminal_safe(as_json.stdout))]
    assert f"titel: {MARKUP}" in titles


@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_a_line_that_is_not_utf8_is_refused_alone(audit_path: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "LC_ALL": "C"} if encoding == "ascii" else {}
    result = run("lijn", audit_path, stdin=b"/gesprek P x\nongeldig \xff\nna\n", env=env)
    assert result.returncode == 1
    errors = result.stderr.decode("ascii" if encoding == "ascii" else "utf-8")
    assert "Traceback" not in errors
    assert errors.splitlines() == [f"Fout in regel 2: {NOT_UTF8}"]
    out = result.stdout.decode(encoding)
    assert "Traceback" not in out
    if encoding == "ascii":
        assert "\\u2014" in out  # the dash the terminal cannot show, written as an escape instead
    audit = AuditFile.open(audit_path, read_only=True)
    try:
        assert [note.text for note in audit.snapshot().notes] == ["na"]
    finally:
        audit.close()


def test_run_batch_refuses_undecodable_text_and_drops_a_byte_order_mark(normset: NormSet) -> None:
    audit_file = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())
    conversation = Conversation(audit_file, normset)
    out, err = io.StringIO(), io.StringIO()
    lines = ["\ufeff/gesprek P x\n", "bytes \udcff als tekst\n", b"goed \xc3\xa9\n", b"kapot \xc3\n", "na\n"]
    assert run_batch(conversation, lines, out, err) == 1
    assert err.getvalue().splitlines() == [f"Fout in regel 2: {NOT_UTF8}", f"Fout in regel 4: {NOT_UTF8}"]
    assert [note.text for note in audit_file.snapshot().notes] == ["goed é", "na"]


class _RecordingOutput(Vt100_Output):
    """A vt100 output into a string that knows the rows below the cursor, as a terminal answering CPR does."""

    def get_rows_below_cursor_position(self) -> int:
        return self.get_size().rows


#: prompt_toolkit's own control sequences (CSI ... final byte, and the two-byte ESC 7 / ESC 8 and friends).
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[78=>]")


def test_interactive_prompt_toolbar_and_draft_show_hostile_text_visibly(normset: NormSet) -> None:
    """The interactive line mode: the toolbar names a source with a hostile label, a draft with hostile
    text comes back into the input line, and the opening and a reply print hostile text."""
    audit_file = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes(),
                                     Kerngegevens(organisatie=hostile("organisatie")))
    conversation = Conversation(audit_file, normset)
    conversation.handle(f"/gesprek P {hostile('omschrijving')}")
    conversation.keep_draft(hostile("concept"))
    shown: list = []
    screen = io.StringIO()
    output = _RecordingOutput(screen, lambda: Size(rows=30, columns=400), term="xterm")

    def on_screen(text: str) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if text in _OWN_SEQUENCES.sub("", screen.getvalue()):
                return True
            time.sleep(0.01)
        return False

    show = terminal_printer(output)
    with create_pipe_input() as pipe:
        session = build_session(conversation, show, input=pipe, output=output)
        loop = threading.Thread(target=run_interactive, args=(conversation, session, show))
        loop.start()
        try:
            assert on_screen(f"omschrijving: {ALL_SHOWN}")  # the toolbar's source
            assert on_screen("concept: [/] kapot")  # the draft, back in the input line
            pipe.send_text("\x15/bronnen\r")  # clear the line, list the sources
            assert on_screen(f"1. gesprek P — omschrijving: {ALL_SHOWN}")
        finally:
            pipe.send_text("\x04")
            loop.join(10)
    assert not loop.is_alive()
    drawn = _OWN_SEQUENCES.sub("", screen.getvalue())
    assert f"Toetsing organisatie: {ALL_SHOWN}" in drawn
    assert raw_controls(drawn.replace("\r", "")) == []
