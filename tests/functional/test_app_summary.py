"""The summary: complimenten and zorgpunten as editable lists, kerngegevens validated, texts saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static, TabbedContent, TextArea

from assistant.screens.summary import SummaryScreen
from assistant.session import AuditSession
from assistant.widgets.list_editor import ListEditor
from assistant.widgets.totals_bar import TotalsBar
from tests.functional.review_harness import SUMMARY, ReviewApp, audit_path_fixture, session_fixture, settle, snapshot_of  # noqa: F401


async def open_tab(app: ReviewApp, pilot, tab: str) -> None:
    app.screen.query_one(TabbedContent).active = tab
    await pilot.pause()


def kern_error(app: ReviewApp, field: str) -> str:
    found = app.screen.query(f"#kern-{field}-fout")
    if not found:
        return ""  # the message line is made when there is a first message
    error = found.first(Static)
    return str(error.render()) if error.has_class("-shown") else ""


async def test_add_edit_reorder_and_delete_complimenten(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_tab(app, pilot, "tab-complimenten")
        editor = app.screen.query_one("#complimenten", ListEditor)
        options = editor.query_one(OptionList)

        editor.query_one(Input).focus()
        await pilot.press(*"Open sfeer", "enter")  # add
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.complimenten == (*SUMMARY.complimenten, "Open sfeer")

        options.focus()
        options.highlighted = 0
        await pilot.press("enter")  # edit the first one
        assert editor.query_one(Input).value == SUMMARY.complimenten[0]
        editor.query_one(Input).value = "Deskundige professionals."
        await pilot.press("enter")
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.complimenten[0] == "Deskundige professionals."

        options.focus()
        options.highlighted = 2
        await pilot.press("shift+up")  # move "Open sfeer" up one place
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.complimenten == (
            "Deskundige professionals.", "Open sfeer", SUMMARY.complimenten[1])
        assert options.highlighted == 1

        await pilot.press("delete")
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.complimenten == ("Deskundige professionals.", SUMMARY.complimenten[1])
        await pilot.press("ctrl+z")  # deleted by mistake: back in its place
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.complimenten[1] == "Open sfeer"
        assert snapshot_of(audit_path).summary.zorgpunten == SUMMARY.zorgpunten  # the other list is untouched


async def test_editing_can_be_cancelled(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_tab(app, pilot, "tab-zorgpunten")
        editor = app.screen.query_one("#zorgpunten", ListEditor)
        editor.query_one(OptionList).focus()
        await pilot.press("enter")
        assert editor.editing == 0
        await pilot.press("x", "escape")
        assert editor.editing is None and editor.query_one(Input).value == ""
        assert isinstance(app.screen, SummaryScreen)  # Escape cancelled the edit, it did not leave
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.zorgpunten == SUMMARY.zorgpunten


async def test_kerngegevens_are_validated(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        date_field = app.screen.query_one("#kern-datum_verslag_team", Input)
        app.screen.set_focus(date_field)
        await pilot.press(*"2026-13-01")
        assert kern_error(app, "datum_verslag_team") == ""  # no message while typing ...
        await pilot.press("tab")
        await settle(app, pilot)
        assert "JJJJ-MM-DD" in kern_error(app, "datum_verslag_team")  # ... but on leaving the field
        assert date_field.value == "2026-13-01"  # the typed text stays
        app.screen.set_focus(date_field)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace", *"03-14")
        assert kern_error(app, "datum_verslag_team") == ""

        mail = app.screen.query_one("#kern-contact_mail", Input)
        mail.value = "geen adres"
        await pilot.pause()
        assert "geen geldig e-mailadres" in kern_error(app, "contact_mail")

        organisation = app.screen.query_one("#kern-organisatie", Input)
        organisation.value = ""
        await pilot.pause()
        assert "verplicht" in kern_error(app, "organisatie")

        await pilot.press("tab")  # leaving the date field saves it
        await pilot.pause(0.7)  # typing has paused: what is valid is saved, what is not is kept back
        await settle(app, pilot)
        kern = snapshot_of(audit_path).kern
        assert kern.datum_verslag_team == "2026-03-14"
        assert kern.contact_mail == "kwaliteit@example.org"
        assert kern.organisatie == "Stichting Welzijn De Brug"


async def test_toelichting_and_advies_are_saved_as_typed(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_tab(app, pilot, "tab-advies")
        advies = app.screen.query_one("#advies", TextArea)
        advies.focus()
        await pilot.press(*"Positief")
        await pilot.pause(0.7)
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.advies == "Positief"
        assert snapshot_of(audit_path).summary.toelichting == SUMMARY.toelichting
        await pilot.press("escape")  # out of the text field first ...
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")  # ... then back to the board
        assert ("show_board",) in app.calls


async def test_totals_and_advice_are_beside_the_texts(session: AuditSession) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        side = app.screen.query_one("#summary-side", TotalsBar)
        assert side.display and not app.screen.query_one("#summary-top", TotalsBar).display
        text = str(side.render())
        assert "Positief na goedkeuring van 1 plan van aanpak" in text
        assert "1 van ten hoogste 8 normen 'verbeterpunt'" in text
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#summary-top", TotalsBar).display
        assert not app.screen.query_one("#summary-side", TotalsBar).display


async def test_text_typed_in_the_list_goes_into_the_input(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await open_tab(app, pilot, "tab-zorgpunten")
        editor = app.screen.query_one("#zorgpunten", ListEditor)
        app.screen.set_focus(editor.query_one(OptionList))
        await pilot.press(*"Registratie van doelen", "enter")
        await settle(app, pilot)
        assert snapshot_of(audit_path).summary.zorgpunten == (*SUMMARY.zorgpunten, "Registratie van doelen")
        assert editor.query_one(Input).has_focus and editor.query_one(Input).value == ""


async def test_an_empty_list_says_so_instead_of_showing_an_empty_box(audit_path: Path) -> None:
    from assistant.store import AuditFile, Summary

    with AuditFile.open(audit_path) as audit_file:
        audit_file.put_summary(Summary())
    opened = AuditSession.open(audit_path)
    try:
        app = ReviewApp(opened, SummaryScreen())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await open_tab(app, pilot, "tab-complimenten")
            editor = app.screen.query_one("#complimenten", ListEditor)
            assert not editor.query_one(OptionList).display
            assert editor.query_one(".list-empty").display
            assert "Nog geen complimenten" in str(editor.query_one(".list-empty").render())
    finally:
        opened.close()


async def test_tabbing_into_a_kerngegeven_keeps_its_value(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.set_focus(app.screen.query_one("#kern-organisatie", Input))
        await pilot.press("tab", *" 2")  # into Adres, and type: added, not replacing
        await pilot.pause(0.7)
        await settle(app, pilot)
        assert snapshot_of(audit_path).kern.adres == "Dorpsstraat 1, Voorbeeldstad 2"


async def test_an_invalid_date_is_kept_and_never_saved_as_empty(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        field = app.screen.query_one("#kern-datum_zelfevaluatie", Input)
        app.screen.set_focus(field)
        field.value = ""  # cleared on the way to a new date ...
        await pilot.pause(0.7)
        await pilot.press(*"1-2-20")  # ... that is not a date
        await pilot.press("tab")
        await pilot.pause(0.7)
        await settle(app, pilot)
        assert snapshot_of(audit_path).kern.datum_zelfevaluatie == "2026-02-01"  # not saved empty
        assert field.value == "1-2-20" and "JJJJ-MM-DD" in kern_error(app, "datum_zelfevaluatie")
        assert "Niet opgeslagen: Zelfevaluatie ingeleverd op" in str(app.screen.query_one("#summary-status").render())
        await pilot.press("escape", "escape")  # to the tabs, and back to the board
        await settle(app, pilot)
        assert any(n.title == "Kerngegevens" for n in app._notifications)
        assert app.drafts.stored("kern:datum_zelfevaluatie") == "1-2-20"
    again = ReviewApp(session, SummaryScreen())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        field = again.screen.query_one("#kern-datum_zelfevaluatie", Input)
        assert field.value == "1-2-20"  # the typed text is back, with its message
        assert "JJJJ-MM-DD" in kern_error(again, "datum_zelfevaluatie")
        again.screen.set_focus(field)
        field.value = ""
        await pilot.press(*"14-03-2026", "tab")  # a Dutch date is fine, and written as yyyy-mm-dd
        await pilot.pause(0.7)
        await settle(again, pilot)
        assert snapshot_of(audit_path).kern.datum_zelfevaluatie == "2026-03-14"
        assert field.value == "2026-03-14"
        assert again.drafts.stored("kern:datum_zelfevaluatie") == ""
