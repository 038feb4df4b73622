"""The line mode and its CLI end to end: batch through the console script, interactive through a pipe input."""

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
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant.cli import main
from assistant.line_mode import ConversationCompleter, build_session, run_batch, run_interactive
from assistant.store import AuditFile, Kerngegevens
from flows.engine import Conversation
from flows.messages import ERROR, NORM, Message

BATCH = """\
# Eerste gesprek: professionals
/gesprek P twee ambulant werkers
Inwerken gaat met een vaste buddy.
/bewijs Inwerkchecklist van twee nieuwe collega's ingezien.
/norm V5
Casuïstiek wordt maandelijks besproken.

/gesprek Mng teamleider
/norm v5
Intervisie staat in de jaarplanning.
/document jaarplanning 2025
/bewijs Intervisie elke maand ingepland.
/oordeel + De professionals reflecteren structureel.
/norm O11
/oordeel nvt Geen vrijwilligers in de scope.
/kern scope maatschappelijk werk
/compliment Betrokken team.
/status
"""


def toetsassistent(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script (or `python -m assistant` when it is not installed)."""
    script = Path(sys.executable).with_name("toetsassistent")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
    return subprocess.run([*command, *args], input=stdin, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=60, check=False)


@pytest.fixture()
def audit_path(tmp_path: Path) -> Path:
    path = tmp_path / "welzijn.toets"
    assert main(["nieuw", str(path), "--organisatie", "Welzijn Voorbeeld"]) == 0
    return path


# -- batch, through the console script -----------------------------------------------------------


def test_a_piped_file_of_commands_builds_an_audit_that_status_reports(tmp_path: Path, normset):
    path = tmp_path / "audit.toets"
    created = toetsassistent("nieuw", str(path), "--normenset", normset.id, "--organisatie", "Welzijn Voorbeeld")
    assert created.returncode == 0, created.stderr
    assert "Toetsing aangemaakt" in created.stdout

    run = toetsassistent("lijn", str(path), stdin=BATCH)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert "opgeslagen — V5: 2 van 3 bronnen" in run.stdout
    assert "opgeslagen als bewijs — V5: 3 van 3 bronnen" in run.stdout
    assert "oordeel V5: voldoet (+) opgeslagen" in run.stdout
    assert "Sessie beëindigd" in run.stdout

    status = toetsassistent("status", str(path), "--json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["normenset"] == normset.id
    norms = {norm["id"]: norm for norm in report["normen"]}
    assert set(norms) == set(normset.norm_ids)
    assert norms["V5"] == {**norms["V5"], "bronnen": 3, "notities": 3, "oordeel": "+", "open": False}
    assert norms["V1"]["bronnen"] == 1 and norms["V1"]["notities"] == 2 and norms["V1"]["open"] is True
    assert norms["O11"]["oordeel"] == "nvt" and norms["O11"]["open"] is False
    assert norms["O3"]["oordeel"] is None
    assert report["totalen"] == {"voldoet": 1, "verbeterpunt": 0, "voldoet_niet": 0, "nvt": 1,
                                 "niet_beoordeeld": 0, "zonder_oordeel": len(normset.norms) - 2,
                                 "totaal": len(normset.norms)}
    assert report["advies"]["positief_mogelijk"] is True
    assert report["advies"]["redenen"]
    assert report["bronnen"] == 3

    with AuditFile.open(path, read_only=True) as audit_file:
        audit = audit_file.snapshot()
    assert [source.kind for source in audit.sources] == ["gesprek", "gesprek", "document"]
    assert audit.kern.scope == "maatschappelijk werk" and audit.summary.complimenten == ("Betrokken team.",)


def test_a_refused_line_is_reported_with_its_number_and_the_rest_still_runs(audit_path: Path):
    run = toetsassistent("lijn", str(audit_path), stdin="/norm V5\nzonder bron\n/document map\nmet bron\n/vlgende\n")
    assert run.returncode == 1
    errors = run.stderr.splitlines()
    assert errors[0].startswith("Fout in regel 2: Er is geen huidige bron")
    assert errors[1].startswith("Fout in regel 5: Onbekende opdracht '/vlgende'")
    assert "opgeslagen — V5: 1 van 3 bronnen" in run.stdout
    with AuditFile.open(audit_path, read_only=True) as audit_file:
        assert [note.text for note in audit_file.snapshot().notes] == ["met bron"]


def test_status_as_text_shows_open_norms_totals_and_advice(audit_path: Path, capsys):
    assert main(["status", str(audit_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Toetsing Welzijn Voorbeeld — Normen Kwaliteitslabel Sociaal Werk")
    assert "Open normen: 49 van 49" in out
    assert "Stand van de toetsing" in out
    assert "Advies: Positief (voorlopig: 49 normen nog zonder oordeel)" in out


def test_lijn_in_process_reads_standard_input(audit_path: Path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("/document map\n/norm V1\nchecklist\n/stop\nnooit gelezen\n"))
    assert main(["lijn", str(audit_path)]) == 0
    assert "opgeslagen — V1: 1 van 3 bronnen" in capsys.readouterr().out
    with AuditFile.open(audit_path, read_only=True) as audit_file:
        assert [note.text for note in audit_file.snapshot().notes] == ["checklist"]


# -- nieuw ---------------------------------------------------------------------------------------


def test_nieuw_refuses_to_overwrite(audit_path: Path, capsys):
    before = audit_path.read_bytes()
    assert main(["nieuw", str(audit_path), "--organisatie", "Ander"]) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert audit_path.read_bytes() == before


def test_nieuw_adds_the_suffix_and_stores_the_organisation(tmp_path: Path, capsys):
    assert main(["nieuw", str(tmp_path / "zonder"), "--organisatie", "Welzijn Noord"]) == 0
    with AuditFile.open(tmp_path / "zonder.toets", read_only=True) as audit_file:
        assert audit_file.snapshot().kern == Kerngegevens(organisatie="Welzijn Noord")
        assert audit_file.normset_toml.startswith("# Normenset"), "de toetsing bewaart een kopie van haar normenset"
    assert "zonder.toets" in capsys.readouterr().out


def test_nieuw_with_an_unknown_normset_lists_the_ids(tmp_path: Path, capsys):
    assert main(["nieuw", str(tmp_path / "a.toets"), "--normenset", "onbekend", "--organisatie", "X"]) == 1
    err = capsys.readouterr().err
    assert "Onbekende normenset 'onbekend'. Beschikbaar: concept-2016, sterk-sociaal-werk-2019, wijkteams-2019" in err
    assert not (tmp_path / "a.toets").exists()


def test_nieuw_in_a_missing_folder(tmp_path: Path, capsys):
    assert main(["nieuw", str(tmp_path / "nergens" / "a.toets"), "--organisatie", "X"]) == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_nieuw_needs_an_organisation_name(tmp_path: Path, capsys):
    assert main(["nieuw", str(tmp_path / "a.toets"), "--organisatie", "  "]) == 1
    assert "--organisatie NAAM" in capsys.readouterr().err


# -- store errors become one line ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["status", "lijn"])
def test_a_missing_audit_is_one_line_and_exit_1(tmp_path: Path, command):
    run = toetsassistent(command, str(tmp_path / "weg.toets"), stdin="")
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0 and "bestaat niet" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_corrupt_audit_is_one_line_and_exit_1(tmp_path: Path):
    path = tmp_path / "kapot.toets"
    path.write_text("dit is geen json", encoding="utf-8")
    run = toetsassistent("status", str(path))
    assert run.returncode == 1
    assert "kan niet worden geopend" in run.stderr and "Traceback" not in run.stderr


def test_a_locked_audit_offers_read_only(audit_path: Path, capsys):
    holder = AuditFile.open(audit_path)
    try:
        run = toetsassistent("lijn", str(audit_path), stdin="/document map\n")
        assert run.returncode == 1
        assert "alleen-lezen" in run.stderr and "lijn --alleen-lezen" in run.stderr
        assert "Traceback" not in run.stderr
        read_only = toetsassistent("--alleen-lezen", "lijn", str(audit_path), stdin="/norm V5\n/document map\n")
        assert read_only.returncode == 1
        assert "Fout in regel 2" in read_only.stderr and "alleen-lezen" in read_only.stderr
        assert toetsassistent("status", str(audit_path)).returncode == 0
    finally:
        holder.close()


def test_a_changed_normset_is_warned_about_and_the_audit_still_opens(tmp_path: Path, normset, capsys):
    hashes = normset.text_hashes()
    hashes["V5"] = "0" * 16
    path = tmp_path / "oud.toets"
    AuditFile.create(path, normset.id, "ouderehash", hashes, Kerngegevens(organisatie="X")).close()
    assert main(["status", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "Let op: De normenset 'sterk-sociaal-werk-2019' is gewijzigd" in captured.err
    assert "Andere normtekst: V5" in captured.err
    assert json.loads(captured.out)["normenset"] == normset.id


def test_an_audit_for_an_unknown_normset_is_refused(tmp_path: Path, capsys):
    path = tmp_path / "vreemd.toets"
    AuditFile.create(path, "bestaat-niet", "x", {}).close()
    assert main(["status", str(path)]) == 1
    assert "normenset 'bestaat-niet' van deze toetsing is niet gevonden" in capsys.readouterr().err


# -- interactive, through prompt_toolkit's pipe input ---------------------------------------------


@pytest.fixture()
def conversation(normset) -> Conversation:
    return Conversation(AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes()), normset)


def interact(conversation: Conversation, keys: str) -> list[Message]:
    """Run the interactive loop on `keys` with a dummy output; return every message it showed."""
    shown: list[Message] = []
    with create_pipe_input() as pipe:
        session = build_session(conversation, shown.extend, input=pipe, output=DummyOutput())
        pipe.send_text(keys)
        assert run_interactive(conversation, session, shown.extend) == 0
    return shown


def test_tab_completes_commands_and_norm_ids_in_the_session(conversation):
    shown = interact(conversation, "/gesp\tP twee werkers\r/norm o2\t3\rdeze regel wordt gewist\x03/docu\tmap\r\x04")
    sources = conversation.audit_file.snapshot().sources
    assert [(source.kind, source.label) for source in sources] == [("gesprek", "twee werkers"), ("document", "map")]
    assert sources[0].roles == ("P",)
    assert conversation.current_norm.id == "O23"
    assert conversation.audit_file.snapshot().notes == ()
    assert not [message for message in shown if message.kind == ERROR]
    assert shown[-1].text == "Sessie beëindigd; alles is opgeslagen."
    assert conversation.finished


def test_end_of_input_is_stop(conversation):
    shown = interact(conversation, "\x04")
    assert conversation.finished
    assert shown[0].text.startswith("Toetsing")


def complete(conversation: Conversation, text: str) -> list[str]:
    completer = ConversationCompleter(conversation)
    return [completion.text for completion in
            completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/vo", ["/volgende", "/vorige", "/volgorde "]),
        ("/gesp", ["/gesprek "]),
        ("/ne", ["/next", "/nee"]),
        ("/norm v1", ["V1", "V10", "V11", "V12", "V13", "V14", "V15"]),
        ("/norm O2", ["O2", "O20", "O21", "O22", "O23"]),
        ("/gesprek p", ["P", "P&O"]),
        ("/gesprek P,m", ["Mng"]),
        ("/gesprek v", ["verder "]),
        ("/plan v", []),
        ("/plan P+b", ["BV", "BKC"]),
        ("/oordeel ", ["+", "+/-", "-", "nvt", "nb"]),
        ("/kern datum_verb", ["datum_verbeterplan"]),
        ("/help oo", ["oordeel"]),
        ("/volgorde n", ["normenset"]),
        ("/norm V1 ", []),
        ("/bewijs ", []),
        ("gewone tekst", []),
        ("/onbekend x", []),
    ],
)
def test_completion(conversation, text, expected):
    assert complete(conversation, text) == expected


def test_completion_of_source_numbers(conversation):
    conversation.handle("/document jaarverslag")
    conversation.handle("/gesprek CB cliënt")
    assert complete(conversation, "/bron ") == ["1", "2"]


class _RecordingOutput(Vt100_Output):
    """A vt100 output into a string that knows the rows below the cursor, as a terminal answering CPR does."""

    def get_rows_below_cursor_position(self) -> int:
        return self.get_size().rows


def _visible(buffer: io.StringIO) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buffer.getvalue())


def test_the_toolbar_shows_source_norm_and_count_and_function_keys_run_commands(conversation):
    shown: list[Message] = []
    screen = io.StringIO()
    output = _RecordingOutput(screen, lambda: Size(rows=30, columns=160), term="xterm")

    def wait_until(condition) -> bool:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.01)
        return False

    def on_screen(text: str) -> bool:
        return wait_until(lambda: text in _visible(screen))

    with create_pipe_input() as pipe:
        session = build_session(conversation, shown.extend, input=pipe, output=output)
        loop = threading.Thread(target=run_interactive, args=(conversation, session, shown.extend))
        loop.start()
        try:
            assert on_screen("geen bron | geen norm")
            pipe.send_text("/gesprek P twee werkers\r")
            assert on_screen("bron 1: gesprek P — twee werkers")
            first = conversation.current_norm.id
            assert on_screen(f"norm {first}: 0 van 3 bronnen")
            pipe.send_text("Inwerken met een buddy.\r")
            assert on_screen(f"norm {first}: 1 van 3 bronnen")
            pipe.send_text("half getypt\x1b[18~")  # F7 runs /volgende; the typed text stays in the line
            assert wait_until(lambda: conversation.current_norm.id != first)
            second = conversation.current_norm.id
            assert on_screen(f"norm {second}: 0 van 3 bronnen")
            pipe.send_text(" af\r")
            assert on_screen(f"norm {second}: 1 van 3 bronnen")
        finally:
            pipe.send_text("\x04")
            loop.join(10)
    assert not loop.is_alive() and conversation.finished
    notes = conversation.audit_file.snapshot().notes
    assert [(note.norm_id, note.text) for note in notes] == [(first, "Inwerken met een buddy."),
                                                             (second, "half getypt af")]
    assert any(message.kind == NORM and message.norm_id == second for message in shown)


def test_a_piped_script_starts_without_the_interview_of_last_time(tmp_path: Path, normset):
    """Interactive sessions go on with the last interview; a script must not depend on what ran last."""
    path = tmp_path / "script.toets"
    AuditFile.create_for(path, normset).close()
    with AuditFile.open(path) as audit_file:
        Conversation(audit_file, normset).handle("/gesprek P twee werkers")
    with AuditFile.open(path) as audit_file:
        conversation = Conversation(audit_file, normset)
        assert conversation.current_source is not None, "resumed"
        out, err = io.StringIO(), io.StringIO()
        assert run_batch(conversation, ["losse regel\n"], out, err) == 1
        assert "geen norm en geen bron" in err.getvalue()
        assert audit_file.snapshot().notes == ()
