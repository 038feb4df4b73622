"""The method in the app (Pilot): '+' on paper alone asks first on the norm screen, the norm screen shows the
previous audit and the self-evaluation and records a follow-up, the board flags paper-only norms and shows
the previous judgement, and the side panel shows practice."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, RadioSet

from assistant.screens.board import BoardScreen
from assistant.screens.norm import NormScreen
from assistant.widgets.norm_notes import NormNotes
from assistant.session import AuditSession
from assistant.store import AuditFile, Judgement, Kerngegevens
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.norm_panel import PanelState
from assistant.widgets.norm_reference import FollowUpModal, NormReference
from flows import recert
from tests.functional.review_harness import ReviewApp, audit_path_fixture, session_fixture, settle, snapshot_of  # noqa: F401


def recertify(session: AuditSession) -> None:
    """The harness audit as a re-certification: V1 was '+', V2 '+/-', D1 '-'; a self-evaluation for V2."""
    normset = session.normset
    old = AuditFile.in_memory(normset.id, kern=Kerngegevens(organisatie="Oud", datum_definitief="2024-03-12"))
    for norm_id, value, text in [("V1", "+", "Profiel bekend."), ("V2", "+/-", "Inwerken [b]niet[/b] vastgelegd."),
                                 ("D1", "-", "Geen vraagverheldering.")]:
        old.put_judgement(Judgement.new(norm_id, value, text))
    session.audit_file.set_previous(recert.previous_audit(old.snapshot(), normset, normset, "oud.toets"))
    session.audit_file.set_self_evaluation({"V2": "Elke nieuwe collega krijgt een buddy [red]en[/red] een map."})


async def test_plus_on_a_paper_only_norm_asks_first_and_escape_stores_nothing(session: AuditSession,
                                                                              audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("D1"))  # D1: a registratie and a document, no gesprek
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "plus")  # o: to the judgement bar, where one key judges
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        body = str(app.screen.query_one("#body").render())
        assert "D1 is alleen op papier getoetst" in body and "Nog nodig: nog geen gesprek (P of BKC) of observatie" in body
        assert app.screen.focused is app.screen.query_one("#no", Button), "Enter alone does not confirm"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        assert snapshot_of(audit_path).judgements["D1"].value == "+/-"
        await pilot.press("o", "plus")  # o: to the judgement bar, where one key judges
        await settle(app, pilot)
        await pilot.click("#yes")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        assert snapshot_of(audit_path).judgements["D1"].value == "+"
        assert "alleen papier" in app.screen.query_one(NormNotes).status_plain


async def test_plus_with_practice_and_other_judgements_do_not_ask(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V3"))  # V3: a citaat from a gesprek counts as practice
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("o", "plus")  # o: to the judgement bar, where one key judges
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        assert snapshot_of(audit_path).judgements["V3"].value == "+"
        app.show_norm("D1")
        await settle(app, pilot)
        await pilot.press("o", "minus")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen) and snapshot_of(audit_path).judgements["D1"].value == "-"


async def test_the_norm_screen_shows_the_previous_audit_and_records_a_follow_up(session: AuditSession,
                                                                               audit_path: Path) -> None:
    recertify(session)
    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        reference = app.screen.query_one(NormReference)
        assert reference.plain_text.splitlines() == [
            "Vorige toetsing (2024-03): +/- — Inwerken [b]niet[/b] vastgelegd.",
            "Opvolging: nog niet vastgelegd (toets h)",
            "Zelfevaluatie: Elke nieuwe collega krijgt een buddy [red]en[/red] een map.",
        ]
        assert "[b]niet[/b]" in str(reference.query_one("#reference-previous").render()), "shown as typed, not markup"
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, FollowUpModal)
        await pilot.click("#follow-up-save")  # nothing chosen: the dialog says so and stays
        await settle(app, pilot)
        assert isinstance(app.screen, FollowUpModal)
        assert "Kies opgevolgd" in str(app.screen.query_one("#follow-up-error").render())
        radio = app.screen.query_one(RadioSet)
        radio.focus()
        await pilot.press("down", "enter")  # the second: deels opgevolgd
        app.screen.query_one(Input).value = "Programma geschreven, nog niet ingevoerd."
        await pilot.click("#follow-up-save")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        record = snapshot_of(audit_path).follow_ups["V2"]
        assert (record.status, record.text) == ("deels", "Programma geschreven, nog niet ingevoerd.")
        assert "Opvolging: deels opgevolgd — Programma geschreven, nog niet ingevoerd." in reference.plain_text


async def test_a_norm_without_a_previous_verbeterpunt_has_nothing_to_follow_up(session: AuditSession,
                                                                                audit_path: Path) -> None:
    recertify(session)
    app = ReviewApp(session, NormScreen("V1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        reference = app.screen.query_one(NormReference)
        assert reference.plain_text == "Vorige toetsing (2024-03): + — Profiel bekend."
        assert not reference.query_one(Button).display
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        assert "V1" not in snapshot_of(audit_path).follow_ups
        app.show_norm("V3")
        await settle(app, pilot)
        assert app.screen.query_one(NormReference).has_class("-empty")


async def test_the_board_flags_paper_only_and_shows_the_previous_judgement(session: AuditSession) -> None:
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert "vorig" not in [column.key.value for column in table.columns.values()]
        assert str(table.get_cell("D1", "praktijk")) == "0/1 !"
        assert str(table.get_cell("V1", "praktijk")) == "2/1"
        assert str(table.get_cell("V4", "praktijk")) == "0/1"
    recertify(session)
    app = ReviewApp(session, BoardScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert [str(table.get_cell(norm_id, "vorig")) for norm_id in ("V1", "V2", "D1", "V3")] == ["+", "+/- ?", "- ?", ""]
        widths = {column.key.value: column.width for column in table.columns.values()}
        assert widths["tekst"] >= 16 and widths["vorig"] == 5


def test_the_side_panel_shows_practice_and_the_previous_judgement(session: AuditSession) -> None:
    recertify(session)
    session.conversation.handle("/norm D1")
    panel = PanelState.build(session)
    assert (panel.practice_count, panel.min_practice, panel.paper_only) == (0, 1, True)
    assert panel.previous == "Vorige toetsing (2024-03): - — Geen vraagverheldering.\nOpvolging: nog niet vastgelegd"
    session.conversation.handle("/norm V1")
    assert PanelState.build(session).paper_only is False
