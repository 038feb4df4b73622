"""The app's merge screen (issue 13): choose the copy, decide every conflict, merge; nothing written before.

From the start screen (S) into an audit that is not open, and from the palette into the open audit;
rows decided with the keys a, b and t (an own text, edited from both versions); "Samenvoegen" disabled
until every row is decided; afterwards the notes of both copies, the chosen values, the log and the backup.
Refusals (another audit, a missing file) write nothing, and Escape with decisions made asks first.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, DataTable, Static

from assistant.messages import AuditChanged
from assistant.screens.merge import MergeScreen
from assistant.screens.start import StartScreen
from assistant.store import AuditFile, Kerngegevens
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.initials import InitialsModal
from assistant.widgets.own_text import OwnTextModal
from assistant.widgets.safe_fields import SafeInput, SafeTextArea
from normsets import NormSetRegistry
from tests.merge_pairs import HOSTILE_A, HOSTILE_B, make_pair

NORMSET = NormSetRegistry(None).get("sterk-sociaal-werk-2019")


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, except the lock (`.slot`): holding the lock is not writing the audit."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.endswith(".slot")}


def snapshot_of(path: Path):
    with AuditFile.open(path, read_only=True) as audit:
        return audit.snapshot()


def status(app) -> str:
    return str(app.screen.query_one("#merge-status", Static).render())


def choice_cells(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]


def merge_button(app) -> Button:
    return app.screen.query_one("#merge-run", Button)


async def open_merge_from_start(app, pilot, settle, target: Path) -> None:
    """On the start screen: put the cursor on `target` and press S."""
    await settle(app, pilot)
    start = app.screen
    assert isinstance(start, StartScreen)
    row = next(index for index, entry in enumerate(start.entries) if entry.path == target)
    start.query_one(DataTable).move_cursor(row=row)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, MergeScreen)


async def read_copy(app, pilot, settle, typed: str) -> None:
    field = app.screen.query_one("#merge-path", SafeInput)
    field.focus()
    field.value = typed
    await pilot.press("enter")
    await settle(app, pilot)


async def test_decide_every_row_with_keys_then_merge_into_a_closed_audit(make_app, audits_folder, settle):
    a_path, b_path = make_pair(audits_folder, NORMSET)
    b_before = b_path.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_merge_from_start(app, pilot, settle, a_path)
        before = folder_state(audits_folder)
        await pilot.press(*"b.toets", "enter")  # typed without a folder: the copy beside the audit
        await settle(app, pilot)
        screen = app.screen
        assert "Nieuw uit 'b.toets': 1 bron, 1 notitie" in status(app) and "2 conflicten" in status(app)
        assert [conflict.id for conflict in screen.prepared.conflicts] == ["oordelen/V5/report_text",
                                                                            "oordelen/V5/value"]
        assert choice_cells(app) == ["–", "–"] and merge_button(app).disabled
        assert folder_state(audits_folder) == before, "reading the copy writes nothing"

        # An own text for the report text: the editor starts with both versions.
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, OwnTextModal)
        editor = app.screen.query_one(SafeTextArea)
        assert editor.text == "Volgens A\n\nVolgens B"
        editor.text = "Verbeterpunt, zie A en B."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and choice_cells(app) == ["eigen tekst", "–"]
        assert merge_button(app).disabled, "one row is still open"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.outcome is None and folder_state(audits_folder) == before

        # The cursor moved on to the open row; "t" is not possible for a judgement, "b" is.
        await pilot.press("t")
        await settle(app, pilot)
        assert app.screen is screen and choice_cells(app) == ["eigen tekst", "–"]
        await pilot.press("b")
        await settle(app, pilot)
        assert choice_cells(app) == ["eigen tekst", "B"] and not merge_button(app).disabled
        assert folder_state(audits_folder) == before, "deciding writes nothing"

        await pilot.press("ctrl+s")
        await settle(app, pilot)
        outcome = screen.outcome
        assert outcome is not None and outcome.changed
        assert "Samengevoegd: 1 bron, 1 notitie; 2 conflict(en) beslist." in status(app)
        assert outcome.log_path is not None and outcome.log_path.exists()
        assert outcome.backup_path == a_path.with_name("a.toets.voor-samenvoegen") and outcome.backup_path.exists()
        assert str(outcome.log_path) in status(app) and str(outcome.backup_path) in status(app)
        assert merge_button(app).disabled, "a merge is done once"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen), "nothing to discard after the merge: no question"

    merged = snapshot_of(a_path)
    assert sorted(note.text for note in merged.notes) == ["Casus besproken in intervisie",
                                                        "Inwerkplan gezien (AJ)", "Inwerkplan gezien (BB)"]
    assert merged.judgements["V5"].value == "+/-"
    assert merged.judgements["V5"].report_text == "Verbeterpunt, zie A en B."
    kept = {(entry.field, entry.value) for entry in merged.history}
    assert {("value", "-"), ("report_text", "Volgens A"), ("report_text", "Volgens B")} <= kept
    assert snapshot_of(outcome.backup_path).judgements["V5"].value == "-"
    log = outcome.log_path.read_text(encoding="utf-8")
    assert "eigen tekst" in log and "Volgens B" in log
    assert b_path.read_bytes() == b_before, "the copy is read, never written"
    # The screen opened A itself and closed it: it can be opened for writing again.
    AuditFile.open(a_path).close()


async def test_merge_into_the_open_audit_from_the_palette(make_app, audits_folder, settle):
    a_path, _b_path = make_pair(audits_folder, NORMSET)
    changed: list[AuditChanged] = []
    app = make_app(a_path)

    def hook(message) -> None:
        if isinstance(message, AuditChanged):
            changed.append(message)

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await settle(app, pilot)
        session = app.session
        assert session is not None and session.path == a_path
        app.show_norm("V5")
        await settle(app, pilot)
        norm_screen = app.screen
        app.show_merge()
        await settle(app, pilot)
        assert isinstance(app.screen, MergeScreen) and app.screen.target == a_path
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is norm_screen, "leaving without a merge goes back where the auditor was"
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"samenvoegen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MergeScreen)
        await read_copy(app, pilot, settle, "b.toets")
        await pilot.press("a", "a")
        await settle(app, pilot)
        assert choice_cells(app) == ["A", "A"]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.outcome is not None
        # Merged into the session's own file: the app sees B's note at once, and was told.
        notes = {note.text for note in session.snapshot().notes}
        assert "Inwerkplan gezien (BB)" in notes and "Inwerkplan gezien (AJ)" in notes
        assert session.snapshot().judgements["V5"].value == "-"
        assert any(message.what == "samenvoegen" for message in changed)
        await pilot.press("escape")
        await settle(app, pilot)
        from assistant.screens.board import BoardScreen

        assert isinstance(app.screen, BoardScreen) and app.session is session
    assert {note.text for note in snapshot_of(a_path).notes} >= {"Inwerkplan gezien (BB)"}


async def test_another_audit_or_a_missing_file_is_refused_and_nothing_written(make_app, audits_folder, settle):
    a_path, _b_path = make_pair(audits_folder, NORMSET)
    other = audits_folder / "ander.toets"
    AuditFile.create_for(other, NORMSET, Kerngegevens(organisatie="Ander")).close()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_merge_from_start(app, pilot, settle, a_path)
        before = folder_state(audits_folder)
        await read_copy(app, pilot, settle, "b.toets")
        assert app.screen.prepared is not None
        await read_copy(app, pilot, settle, "ander.toets")
        assert "andere toetsing" in status(app) and app.screen.has_class("-failed")
        assert app.screen.prepared is None and merge_button(app).disabled, "the earlier copy's plan is gone"
        assert app.screen.query_one(DataTable).row_count == 0
        await read_copy(app, pilot, settle, str(audits_folder / "bestaat-niet.toets"))
        assert "bestaat niet" in status(app)
        (audits_folder / "kapot.toets").write_text('{"meta": [/]', encoding="utf-8")
        before["kapot.toets"] = (audits_folder / "kapot.toets").read_bytes()
        await read_copy(app, pilot, settle, "kapot.toets")
        assert "Het andere bestand kan niet worden gelezen" in status(app)
        await read_copy(app, pilot, settle, "a.toets")
        assert "dit auditbestand zelf" in status(app)
        assert folder_state(audits_folder) == before
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    AuditFile.open(a_path).close()  # the lock was given back


async def test_escape_with_decisions_asks_before_discarding_them(make_app, audits_folder, settle):
    a_path, _b_path = make_pair(audits_folder, NORMSET)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_merge_from_start(app, pilot, settle, a_path)
        before = folder_state(audits_folder)
        await read_copy(app, pilot, settle, "b.toets")
        screen = app.screen
        await pilot.press("b")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#no")
        await settle(app, pilot)
        assert app.screen is screen and screen.choices == {"oordelen/V5/report_text": "b"}
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    assert folder_state(audits_folder) == before


async def test_hostile_values_reach_the_table_as_plain_visible_text(make_app, audits_folder, settle):
    a_path, _b_path = make_pair(audits_folder, NORMSET, texts=(HOSTILE_A, HOSTILE_B))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_merge_from_start(app, pilot, settle, a_path)
        await read_copy(app, pilot, settle, "b.toets")
        table = app.screen.query_one(DataTable)
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[2].startswith("[/] [bold") and row[3].startswith("[link=file")
        assert not any(char in "".join(row) for char in "\x1b\x07\x9b\u202e")
        detail = str(app.screen.query_one("#merge-detail", Static).render())
        assert "[bold red]A-tekst[/bold red]" in detail and "␛]0;gekaapt␇" in detail
        assert "<U+202E>" in detail and "<U+009B>" in detail
        await pilot.press("t")
        await settle(app, pilot)
        assert app.screen.query_one(SafeTextArea).text == f"{HOSTILE_A}\n\n{HOSTILE_B}", "kept as typed"
        await pilot.press("ctrl+s")
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.outcome is not None
    assert snapshot_of(a_path).judgements["V5"].report_text == f"{HOSTILE_A}\n\n{HOSTILE_B}"


# -- the auditor's initials ---------------------------------------------------------------------------------


async def test_initials_are_asked_once_and_kept(make_app, make_audit, private_data_dir, monkeypatch, settle):
    monkeypatch.delenv("TOETSASSISTENT_TOETSER")
    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, InitialsModal)
        await pilot.press(*"a1")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InitialsModal), "not initials: the dialog says so and stays"
        assert "geen initialen" in str(app.screen.query_one("#initials-error", Static).render())
        app.screen.query_one(SafeInput).value = "aj"
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, InitialsModal)
        assert app.session.audit_file.author == "AJ", "the audit opened before the answer writes with them"
        assert json.loads((private_data_dir / "toetser.json").read_text(encoding="utf-8")) == {"initialen": "AJ"}
        assert oct((private_data_dir / "toetser.json").stat().st_mode & 0o777) == "0o600"


async def test_initials_can_wait_until_later(make_app, make_audit, private_data_dir, monkeypatch, settle):
    monkeypatch.delenv("TOETSASSISTENT_TOETSER")
    first, second = make_audit("Eerste"), make_audit("Tweede")
    app = make_app(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, InitialsModal)
        await pilot.click("#later")
        await settle(app, pilot)
        assert not isinstance(app.screen, InitialsModal)
        app.open_audit(second)
        await settle(app, pilot)
        assert app.session.path == second and not isinstance(app.screen, InitialsModal), "asked once per run"
    assert not (private_data_dir / "toetser.json").exists()


# -- authors beside notes ---------------------------------------------------------------------------------


async def test_the_norm_screen_shows_who_wrote_each_note(make_app, make_audit, settle):
    from assistant.screens.norm import NormScreen
    from assistant.store import Note, Source
    from assistant.widgets.norm_notes import NormNotes

    path = make_audit()
    with AuditFile.open(path, author="BB") as audit:
        source = audit.put_source(Source.new("document", "jaarplan"))
        audit.put_note(Note.new("V5", source.id, "bewijs", "Inwerkplan gezien"))
        audit.author = ""
        audit.put_note(Note.new("V5", source.id, "bevinding", "Zonder toetser"))
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.show_norm("V5")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        text = app.screen.query_one(NormNotes).plain_text
        assert "bewijs: Inwerkplan gezien (BB)" in text
        assert "bevinding: Zonder toetser\n" in text + "\n" and "Zonder toetser (" not in text
