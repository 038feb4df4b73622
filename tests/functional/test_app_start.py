"""The start screen: zero, one and many audits; opening; deleting with confirmation (file and backups)."""

from __future__ import annotations

import os

from textual.widgets import Button, DataTable, Static

from assistant.screens.start import StartScreen
from assistant.store import AuditFile, Note, related_files
from assistant.widgets.confirm import ConfirmModal, NoticeModal


def _rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_zero_audits_shows_how_to_begin(make_app, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.screen.entries == []
        text = str(app.screen.query_one("#empty", Static).render())
        assert "Nog geen toetsingen" in text and "Demo openen" in text
        assert app.screen.query_one("#open", Button).disabled
        assert app.screen.query_one("#delete", Button).disabled
        assert app.session is None


async def test_one_audit_is_listed_with_progress(make_app, make_audit, settle):
    make_audit("Welzijn Voorbeeld")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = _rows(app)
        assert len(rows) == 1
        organisation, normset, changed, judged, open_norms = rows[0]
        assert organisation == "Welzijn Voorbeeld"
        assert normset == "sterk-sociaal-werk-2019"
        assert judged == "0/49" and open_norms == "49"
        assert not app.screen.query_one("#open", Button).disabled


async def test_many_audits_newest_first_and_unreadable_marked(make_app, make_audit, audits_folder, settle):
    paths = [make_audit(f"Organisatie {number}") for number in range(1, 6)]
    for age, path in enumerate(reversed(paths)):
        stamp = 1_700_000_000 - age * 3600
        os.utime(path, (stamp, stamp))
    broken = audits_folder / "kapot.toets"
    broken.write_text("dit is geen json", encoding="utf-8")
    os.utime(broken, (1_600_000_000, 1_600_000_000))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        rows = _rows(app)
        assert [row[0] for row in rows] == ([f"Organisatie {n}" for n in (5, 4, 3, 2, 1)]
                                            + ["kapot: beschadigd — geen reservekopie"])
        assert broken.read_text(encoding="utf-8") == "dit is geen json"
        # Opening the unreadable one explains why, and changes nothing.
        app.screen.query_one(DataTable).move_cursor(row=5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoticeModal)
        assert app.session is None


async def test_open_audit_from_the_list(make_app, make_audit, settle):
    path = make_audit("Welzijn Voorbeeld")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.session is not None and app.session.path == path
        assert app.sub_title == "Welzijn Voorbeeld"
        assert not isinstance(app.screen, StartScreen)


async def test_delete_asks_first_and_removes_file_and_backups(make_app, make_audit, audits_folder, settle):
    keep = make_audit("Blijft Staan")
    path = make_audit("Weg Ermee")
    for text in ("eerste", "tweede"):  # each writable open makes a backup of the previous state
        with AuditFile.open(path) as audit_file:
            audit_file.put_note(Note.new("V1", None, "bevinding", text))
    with AuditFile.open(path):
        pass
    assert len(related_files(path)) >= 3
    os.utime(keep, (1_600_000_000, 1_600_000_000))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert _rows(app)[0][0] == "Weg Ermee"
        await pilot.press("delete")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # annuleren: nothing happens
        await settle(app, pilot)
        assert path.exists() and isinstance(app.screen, StartScreen)

        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert related_files(path) == []
        assert not any(p.name.startswith("weg-ermee") for p in audits_folder.iterdir())
        assert keep.exists()
        assert [row[0] for row in _rows(app)] == ["Blijft Staan"]


async def test_delete_refused_while_another_process_holds_the_audit(make_app, make_audit, settle):
    path = make_audit("In Gebruik")
    holder = AuditFile.open(path)  # stands in for another toetsassistent
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("delete")
            await settle(app, pilot)
            await pilot.click("#yes")
            await settle(app, pilot)
            assert isinstance(app.screen, NoticeModal)
            assert path.exists()
    finally:
        holder.close()


async def test_locked_audit_offers_read_only(make_app, make_audit, settle):
    path = make_audit("Elders Geopend")
    holder = AuditFile.open(path)
    try:
        app = make_app(path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, ConfirmModal)
            body = str(app.screen.query_one("#body", Static).render())
            assert "al geopend door een andere toetsassistent" in body
            await pilot.click("#yes")  # alleen-lezen openen
            await settle(app, pilot)
            assert app.session is not None and app.session.read_only
            assert "alleen-lezen" in app.sub_title
    finally:
        holder.close()


async def test_corrupt_audit_gives_unmissable_notice_and_is_untouched(make_app, audits_folder, settle):
    path = audits_folder / "kapot.toets"
    path.write_text('{"niet": "een audit"}', encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, NoticeModal)
        assert "kan niet worden geopend" in str(app.screen.query_one("#body", Static).render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    assert path.read_text(encoding="utf-8") == '{"niet": "een audit"}'
    assert app.session is None


async def test_demo_opens_a_fresh_copy(make_app, audits_folder, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert app.session is not None
        assert app.session.path.parent == audits_folder
        assert len(app.session.snapshot().notes) > 50
