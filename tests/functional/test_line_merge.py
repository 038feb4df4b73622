"""`/samenvoegen PAD` in the line mode, and the one-time question for the auditor's initials (issue 13).

Interactive (prompt_toolkit's pipe input): the conflicts are walked one by one (a, b, t for an own text),
one question before writing, then the merge, and the conversation goes on with the merged audit. Ctrl-C
during the walk writes nothing. From a pipe (batch) a merge with conflicts is refused and points to
`toetsassistent samenvoegen ... --keuzes`; one without conflicts is merged at once. And once in a real
pseudo-terminal, through `toetsassistent lijn`.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.data_structures import Size
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant.line_mode import build_session, run_batch, run_interactive
from assistant.merging import make_copy
from assistant.store import AuditFile, Kerngegevens, Note
from flows.engine import Conversation
from flows.messages import ERROR, Message
from flows.text import plain_lines
from tests.merge_pairs import HOSTILE_A, HOSTILE_B, make_pair


def audit_state(path: Path) -> tuple[dict, list[str]]:
    """What a merge would change: the audit's records, and the merge's backup and log beside it.

    (Opening for the line mode folds the journal and rotates the opening backups; that is not the merge.)
    """
    traces = sorted(p.name for p in path.parent.iterdir() if ".voor-samenvoegen" in p.name or ".samenvoegen-" in p.name)
    return snapshot_of(path).tables, traces


def snapshot_of(path: Path):
    with AuditFile.open(path, read_only=True) as audit:
        return audit.snapshot()


class _Screen(Vt100_Output):
    """A vt100 output into a string (what a terminal would receive), answering size questions itself."""

    def __init__(self) -> None:
        self.received = io.StringIO()
        super().__init__(self.received, lambda: Size(rows=30, columns=200), term="xterm")

    def get_rows_below_cursor_position(self) -> int:
        return 30


def interact(path: Path, normset, keys: str, *, author: str = "AJ", output=None) -> list[Message]:
    """The interactive line mode on `path` fed with `keys`; every message it showed."""
    shown: list[Message] = []
    audit = AuditFile.open(path, author=author)
    try:
        conversation = Conversation(audit, normset)
        codes: list[int] = []
        with create_pipe_input() as pipe:
            session = build_session(conversation, shown.extend, input=pipe, output=output or DummyOutput())
            pipe.send_text(keys)
            loop = threading.Thread(target=lambda: codes.append(run_interactive(conversation, session, shown.extend)))
            loop.start()
            loop.join(30)
            if loop.is_alive():  # waiting for input the keys never gave: end it, then fail
                pipe.send_text("\x03\x15\x04" * 20)
                loop.join(10)
                pytest.fail("the line mode still waited for input:\n" + text_of(shown))
        assert codes == [0]
    finally:
        audit.close()
    return shown


def text_of(messages: list[Message]) -> str:
    return "\n".join(line for message in messages for line in plain_lines(message))


def test_the_walk_decides_two_conflicts_then_merges_and_the_conversation_goes_on(tmp_path, normset):
    a_path, b_path = make_pair(tmp_path, normset)
    keys = (f"/samenvoegen {b_path}\r"
            "x\r"                              # not an answer: asked again
            "t\r\x15Verbeterpunt, zie A en B.\r"  # conflict 1, the report text: an own text (Ctrl-U clears)
            "t\r"                              # conflict 2, the judgement: no own text possible
            "b\r"
            "j\r"                              # merge with these choices
            "/document verslag\r/norm V2\rNog een bevinding na het samenvoegen.\r\x04")
    shown = interact(a_path, normset, keys)
    output = text_of(shown)
    assert "Nieuw uit 'b.toets': 1 bron, 1 notitie." in output
    assert "Conflict 1 van 2: V5 — rapporttekst" in output and "Conflict 2 van 2: V5 — oordeel" in output
    assert "A (deze toetsing): Volgens A" in output and "B (de kopie):      Volgens B" in output
    assert "basis:             Voldoet." in output
    assert "Typ a, b of t (eigen tekst)" in output and "kiest u a of b; een eigen tekst kan hier niet" in output
    assert "Samengevoegd: 1 bron, 1 notitie; 2 conflict(en) beslist." in output
    assert "Reservekopie van voor het samenvoegen:" in output and "Logboek:" in output
    assert not [message for message in shown if message.kind == ERROR]
    merged = snapshot_of(a_path)
    assert merged.judgements["V5"].value == "+/-"
    assert merged.judgements["V5"].report_text == "Verbeterpunt, zie A en B."
    assert {note.text for note in merged.notes} == {"Casus besproken in intervisie", "Inwerkplan gezien (AJ)",
                                                    "Inwerkplan gezien (BB)", "Nog een bevinding na het samenvoegen."}
    assert a_path.with_name("a.toets.voor-samenvoegen").exists()
    assert len(list(tmp_path.glob("a.samenvoegen-*.md"))) == 1
    after = next(note for note in merged.notes if note.text.startswith("Nog een"))
    assert after.author == "AJ"


def test_ctrl_c_or_no_at_the_end_writes_nothing(tmp_path, normset):
    a_path, b_path = make_pair(tmp_path, normset)
    before = audit_state(a_path)
    shown = interact(a_path, normset, f"/samenvoegen {b_path}\ra\r\x03\x04")
    assert "Samenvoegen afgebroken; er is niets gewijzigd." in text_of(shown)
    shown = interact(a_path, normset, f"/samenvoegen '{b_path}'\ra\rb\rn\r\x04")
    assert "Niet samengevoegd; er is niets gewijzigd." in text_of(shown)
    assert audit_state(a_path) == before and before[1] == []


def test_a_refused_merge_comes_back_in_the_prompt(tmp_path, normset):
    a_path, _b_path = make_pair(tmp_path, normset)
    other = tmp_path / "ander.toets"
    AuditFile.create_for(other, normset, Kerngegevens(organisatie="Ander")).close()
    before = audit_state(a_path)
    shown = interact(a_path, normset, f"/samenvoegen {other}\r\r\x15\x04")  # Enter again: the same line
    errors = [message.text for message in shown if message.kind == ERROR]
    assert len(errors) == 2 and all("andere toetsing" in error for error in errors)
    assert audit_state(a_path) == before


def test_hostile_values_are_shown_visible(tmp_path, normset):
    a_path, b_path = make_pair(tmp_path, normset, texts=(HOSTILE_A, HOSTILE_B))
    shown = interact(a_path, normset, f"/samenvoegen {b_path}\rb\ra\rj\r\x04")
    output = text_of(shown)
    assert "[bold red]A-tekst[/bold red] ␛]0;gekaapt␇ einde" in output
    assert "<U+202E>esrever<U+202C> <U+009B>31m" in output
    assert not any(char in output for char in "\x1b\x07\x9b\u202e")
    assert snapshot_of(a_path).judgements["V5"].report_text == HOSTILE_B


def test_an_own_text_starts_from_both_versions_drawn_with_visible_controls(tmp_path, normset):
    a_path, b_path = make_pair(tmp_path, normset, texts=(HOSTILE_A, HOSTILE_B))
    screen = _Screen()
    interact(a_path, normset, f"/samenvoegen {b_path}\rt\r\x05 (samen)\ra\rj\r\x04", output=screen)
    received = screen.received.getvalue()
    assert "\u202e" not in received and "\x9b" not in received and "\x1b]0;gekaapt" not in received
    assert "␛]0;gekaapt␇" in received, "the editable default shows the escape as a sign"
    kept = snapshot_of(a_path).judgements["V5"].report_text
    assert kept == f"{' '.join(HOSTILE_A.split())} {' '.join(HOSTILE_B.split())} (samen)", "the text itself is kept"


def batch(path: Path, normset, lines: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    audit = AuditFile.open(path, author="AJ")
    try:
        code = run_batch(Conversation(audit, normset), [line.encode("utf-8") for line in lines], out, err)
    finally:
        audit.close()
    return code, out.getvalue(), err.getvalue()


def test_batch_refuses_a_merge_with_conflicts_and_points_to_the_choice_file(tmp_path, normset):
    a_path, b_path = make_pair(tmp_path, normset)
    before = audit_state(a_path)
    code, _out, err = batch(a_path, normset, [f"/samenvoegen {b_path}"])
    assert code == 1
    assert "Fout in regel 1: /samenvoegen vraagt bij 2 conflict(en) uw keuze" in err
    assert "--keuzes KEUZES.json" in err
    assert audit_state(a_path) == before


def test_batch_merges_at_once_without_conflicts(tmp_path, normset):
    a_path, b_path = tmp_path / "a.toets", tmp_path / "b.toets"
    audit = AuditFile.create_for(a_path, normset, Kerngegevens(organisatie="X"))
    make_copy(audit, b_path, "BB")
    audit.close()
    with AuditFile.open(b_path, author="BB") as copy:
        copy.put_note(Note.new("V1", None, "bevinding", "van B"))
    code, out, err = batch(a_path, normset, [f"/samenvoegen {b_path}", "/document notulen", "/norm V1", "en van A"])
    assert code == 0, err
    assert "Samengevoegd: 1 notitie; 0 conflict(en) beslist." in out
    assert {note.text for note in snapshot_of(a_path).notes} == {"van B", "en van A"}
    code, out, err = batch(a_path, normset, [f"/samenvoegen {b_path}"])
    assert code == 0 and "Niets nieuws" in out


# -- the auditor's initials -----------------------------------------------------------------------------


def test_the_initials_are_asked_once_interactively(tmp_path, normset, private_data_dir, monkeypatch):
    monkeypatch.delenv("TOETSASSISTENT_TOETSER")
    path = tmp_path / "a.toets"
    AuditFile.create_for(path, normset).close()
    shown = interact(path, normset, "a1\raj\r/document notulen\r/norm V1\rbevinding\r\x04", author="")
    output = text_of(shown)
    assert "Wat zijn uw initialen?" in output and "'a1' zijn geen initialen" in output and "Bewaard: AJ." in output
    assert json.loads((private_data_dir / "toetser.json").read_text(encoding="utf-8")) == {"initialen": "AJ"}
    assert [note.author for note in snapshot_of(path).notes] == ["AJ"]
    shown = interact(path, normset, "\x04", author="AJ")
    assert "Wat zijn uw initialen?" not in text_of(shown), "asked once"


def test_later_leaves_the_initials_unset_and_batch_never_asks(tmp_path, normset, private_data_dir, monkeypatch):
    monkeypatch.delenv("TOETSASSISTENT_TOETSER")
    path = tmp_path / "a.toets"
    AuditFile.create_for(path, normset).close()
    shown = interact(path, normset, "\r\x04", author="")
    assert "Later dan" in text_of(shown)
    assert not (private_data_dir / "toetser.json").exists()
    code, out, _err = batch(path, normset, ["/document notulen", "/norm V1", "bevinding"])
    assert code == 0 and "initialen" not in out


def test_help_lists_samenvoegen_and_the_app_chat_explains_where_it_is(normset):
    conversation = Conversation(AuditFile.in_memory(normset.id), normset)
    assert "/samenvoegen PAD" in text_of(conversation.handle("/help"))
    reply = conversation.handle("/samenvoegen b.toets")
    assert reply[0].kind == ERROR and "opdrachtenpalet" in text_of(reply)


# -- in a real terminal -----------------------------------------------------------------------------------


def test_the_walk_in_a_pseudo_terminal(tmp_path, normset):
    pexpect = pytest.importorskip("pexpect")
    a_path, b_path = make_pair(tmp_path, normset)
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "assistant", "lijn", str(a_path)], dimensions=(30, 120),
                          encoding="utf-8", timeout=20, env=env)
    try:
        child.expect("Ctrl-D stopt")
        child.send(f"/samenvoegen {b_path}\r")
        child.expect("Conflict 1 van 2")
        child.expect("Kies a, b of t")
        child.send("a\r")
        child.expect("Conflict 2 van 2")
        child.expect("Kies a of b")
        child.send("b\r")
        child.expect(r"\(j/n\)")
        child.send("j\r")
        child.expect("Samengevoegd: 1 bron, 1 notitie; 2 conflict")
        child.expect("gaat verder")
        # The prompt is drawn again (ending with "show cursor"): a key typed between two prompts would be lost.
        child.expect_exact("\x1b[?25h")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    merged = snapshot_of(a_path)
    assert (merged.judgements["V5"].value, merged.judgements["V5"].report_text) == ("+/-", "Volgens A")
