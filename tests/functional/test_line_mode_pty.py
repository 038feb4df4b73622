"""The line mode in a real pseudo-terminal: text typed at the prompt but not sent is never lost.

It is kept as a draft within a second, kept when the terminal closes (SIGHUP) or the process is asked
to stop (SIGTERM), and offered back in the prompt the next time.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from assistant.store import AuditFile
from flows.engine import DRAFT_KEY

pexpect = pytest.importorskip("pexpect", reason="pexpect is nodig om de regelmodus in een pseudo-terminal te starten")


def spawn(path: Path):
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor-position request.
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "assistant", "lijn", str(path)], dimensions=(30, 100),
                         encoding="utf-8", timeout=20, env=env)


def drafts(path: Path) -> dict[str, str]:
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.drafts()


def wait_for(condition, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture()
def audit_path(tmp_path: Path, normset) -> Path:
    path = tmp_path / "lijn.toets"
    AuditFile.create_for(path, normset).close()
    return path


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_unsent_text_survives_the_signal_and_comes_back(audit_path: Path, signum: int) -> None:
    child = spawn(audit_path)
    child.expect("Ctrl-D stopt")
    child.send("/gesprek P twee ambulant werkers\r")
    child.expect("opgeslagen|huidige bron")
    child.send("De teamleider bespreekt")
    assert wait_for(lambda: drafts(audit_path).get(DRAFT_KEY) == "De teamleider bespreekt", 5), \
        "binnen een seconde na de laatste toets staat het concept op schijf"
    child.send(" casussen")
    child.expect("casussen")  # on screen, so in the prompt's buffer
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, "netjes afgesloten"
    assert drafts(audit_path)[DRAFT_KEY] == "De teamleider bespreekt casussen"

    again = spawn(audit_path)
    again.expect("Niet-verstuurde tekst van de vorige keer staat weer in de invoerregel")
    again.expect("De teamleider bespreekt casussen")
    again.send(" in het teamoverleg.\r")  # the prompt holds the old text: finish and send it
    again.expect("opgeslagen")  # the interview of last time goes on, so the line is its finding
    again.send("/stop\r")
    again.expect(pexpect.EOF)
    again.close()
    assert DRAFT_KEY not in drafts(audit_path) or drafts(audit_path)[DRAFT_KEY] == ""
    with AuditFile.open(audit_path, read_only=True) as audit_file:
        audit = audit_file.snapshot()
    assert [(note.source_id, note.text) for note in audit.notes] == [
        (audit.sources[0].id, "De teamleider bespreekt casussen in het teamoverleg.")]
