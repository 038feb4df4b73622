"""The real console script in a pseudo-terminal, typed at machine speed across screen changes.

One write holds a whole stretch of work: start a gesprek, a note, to the board, open a norm, next norm,
report text with letters that are judgement keys elsewhere, back to the gesprek, another note, quit. The
file must hold every note and the text, whole, and no judgement may have changed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from assistant.store import AuditFile, Judgement

pexpect = pytest.importorskip("pexpect", reason="pexpect is nodig om de app in een pseudo-terminal te starten")

SCRIPT = Path(sys.executable).parent / "toetsassistent"
F2, F3 = "\x1bOQ", "\x1bOR"
CTRL_Q = "\x11"

pytestmark = pytest.mark.skipif(not SCRIPT.exists() and shutil.which("toetsassistent") is None,
                                reason="het script toetsassistent is niet geïnstalleerd (pip install -e .)")


def _drain(child, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            child.read_nonblocking(65536, timeout=0.05)
        except pexpect.TIMEOUT:
            continue
        except pexpect.EOF:
            return


def _snapshot(path: Path):
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.snapshot()


def test_a_burst_of_typing_across_screens_lands_where_it_was_meant(make_audit, private_data_dir):
    path = make_audit("Welzijn Snel")
    with AuditFile.open(path) as audit_file:
        audit_file.put_judgement(Judgement.new("V1", "+", "Voldoet."))
        audit_file.put_judgement(Judgement.new("V3", "-", ""))
    script = str(SCRIPT) if SCRIPT.exists() else shutil.which("toetsassistent")
    env = dict(os.environ, TOETSASSISTENT_DATA=str(private_data_dir), TERM="xterm-256color",
               COLUMNS="80", LINES="24")
    child = pexpect.spawn(script, ["open", str(path)], env=env, dimensions=(24, 80), encoding="utf-8",
                          codec_errors="replace")
    burst = "".join([
        F3, " ", "\t", "twee werkers", "\r",            # the form: tick P, describe, start
        "Eerste notitie, nvx.", "\r",                   # a note in the chat
        F2, "\r", ".", "e", "Tekst voor V2: n-v+x bnv,.",  # board, open V1, next norm, write its text
        F3, "Tweede notitie.", "\r",                    # back to the gesprek (the text is saved on leaving)
        CTRL_Q,
    ])
    try:
        child.expect("Toetsingen|Normenbord", timeout=20)  # the first frame is out
        child.send(burst)  # one write, as fast as a terminal delivers it
        child.expect(pexpect.EOF, timeout=60)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, child.before
    audit = _snapshot(path)
    assert [source.roles for source in audit.sources] == [("P",)]
    assert [note.text for note in audit.notes] == ["Eerste notitie, nvx.", "Tweede notitie."]
    assert audit.judgements["V2"].report_text == "Tekst voor V2: n-v+x bnv,."
    assert {norm_id: record.value for norm_id, record in audit.judgements.items()} == {
        "V1": "+", "V2": None, "V3": "-"}
