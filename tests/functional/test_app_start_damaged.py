"""The start screen with damaged audits beside a good one (issue 9, point 7).

A file with `schema_version: 0` used to kill the list worker silently, so the list spun forever. Each
audit is now read on its own: a damaged one becomes a row 'beschadigd — reservekopie: …' (or 'geen
reservekopie'), the good one still opens, and nothing on disk changes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable

from assistant.screens.start import StartScreen, list_audits
from assistant.store import backup_paths
from assistant.widgets.confirm import NoticeModal


@pytest.fixture
def folder_with_damage(make_audit, audits_folder: Path) -> dict[str, Path]:
    good = make_audit("Welzijn Goed", name="goed")
    schema_zero = make_audit("Schema Nul", name="schema-nul")
    document = json.loads(schema_zero.read_text(encoding="utf-8"))
    document["meta"]["1"]["schema_version"] = 0
    schema_zero.write_text(json.dumps(document), encoding="utf-8")
    for backup in backup_paths(schema_zero):
        backup.unlink()
    not_json = audits_folder / "geen-json.toets"
    not_json.write_text("dit is geen json", encoding="utf-8")
    shutil.copyfile(good, audits_folder / "geen-json.toets.reservekopie-1")
    return {"goed": good, "schema-nul": schema_zero, "geen-json": not_json}


def _contents(paths: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in paths.items()}


def test_list_audits_reads_each_file_on_its_own(folder_with_damage, audits_folder: Path) -> None:
    before = _contents(folder_with_damage)
    entries = {entry.path.stem: entry for entry in list_audits(audits_folder)}
    assert set(entries) == {"goed", "schema-nul", "geen-json"}
    assert entries["goed"].error is None and entries["goed"].total == 49
    assert entries["schema-nul"].problem == "beschadigd — geen reservekopie"
    assert entries["geen-json"].problem == "beschadigd — reservekopie: geen-json.toets.reservekopie-1"
    assert entries["geen-json"].error and "geen-json.toets" in entries["geen-json"].error
    assert _contents(folder_with_damage) == before


def test_an_unexpected_error_in_one_file_is_that_file_s_row(folder_with_damage, audits_folder: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.store import AuditFile

    real_open = AuditFile.open

    def open_failing_once(path, **kwargs):
        if Path(path).stem == "goed":
            raise RecursionError("maximum recursion depth exceeded")
        return real_open(path, **kwargs)

    monkeypatch.setattr(AuditFile, "open", open_failing_once)
    entries = {entry.path.stem: entry for entry in list_audits(audits_folder)}
    assert entries["goed"].problem == "beschadigd — reservekopie: goed.toets.reservekopie-1"
    assert "RecursionError" in entries["goed"].error
    assert set(entries) == {"goed", "schema-nul", "geen-json"}


async def test_start_screen_shows_damaged_rows_and_opens_the_good_one(make_app, folder_with_damage, settle):
    before = _contents(folder_with_damage)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        table = app.screen.query_one(DataTable)
        assert not table.loading  # the worker finished: the list is in
        rows = {str(table.get_row_at(index)[0]): index for index in range(table.row_count)}
        assert set(rows) == {
            "Welzijn Goed",
            "schema-nul: beschadigd — geen reservekopie",
            "geen-json: beschadigd — reservekopie: geen-json.toets.reservekopie-1",
        }
        table.move_cursor(row=rows["schema-nul: beschadigd — geen reservekopie"])
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoticeModal) and app.session is None
        await pilot.press("escape")
        await settle(app, pilot)
        table.move_cursor(row=rows["Welzijn Goed"])
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session is not None and app.session.path == folder_with_damage["goed"]
        app.shutdown()
    assert _contents({k: v for k, v in folder_with_damage.items() if k != "goed"}) == {
        k: v for k, v in before.items() if k != "goed"}
