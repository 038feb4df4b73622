"""The report in the app: the plan of approach and the draft on the norm screen, the form's fields and the
advice choice on the summary screen, the Word report's two buttons on the export screen."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import docx
from textual.widgets import Button, Select, Static, TextArea

from assistant.screens.export import ExportScreen
from assistant.screens.norm import NormScreen
from assistant.screens.summary import SummaryScreen
from assistant.session import AuditSession
from assistant.widgets.confirm import ConfirmModal
from assistant.widgets.plan_panel import PlanModal, PlanPanel
from tests.functional.review_harness import ReviewApp, audit_path_fixture, session_fixture, settle, snapshot_of  # noqa: F401
from tests.unit.test_docx import make_template


def panel_text(app: ReviewApp) -> str:
    return str(app.screen.query_one(PlanPanel).render())


# -- the norm screen -------------------------------------------------------------------------------


async def test_plan_of_approach_on_the_norm_screen(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("D1"))  # D1 is judged +/-
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panel = app.screen.query_one(PlanPanel)
        assert panel.display and panel_text(app).startswith("Plan van aanpak: nog niet ontvangen  (p: wijzigen)")
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanModal)
        await pilot.click("#plan-goedgekeurd")
        app.screen.query_one("#plan-datum").value = "2026-3-15"  # not a date: refused, the dialog stays
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanModal)
        assert "is geen datum" in str(app.screen.query_one("#plan-fout", Static).render())
        assert "D1" not in snapshot_of(audit_path).plans
        app.screen.query_one("#plan-datum").value = "2026-03-15"
        app.screen.query_one("#plan-notitie").value = "na <aanvulling> [b]vet[/b]"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        plan = snapshot_of(audit_path).plans["D1"]
        assert (plan.status, plan.received, plan.approved, plan.note) == (
            "goedgekeurd", "2026-03-15", "2026-03-15", "na <aanvulling> [b]vet[/b]")
        assert panel_text(app).startswith("Plan van aanpak: goedgekeurd op 2026-03-15 — na <aanvulling> [b]vet[/b]")


async def test_no_plan_section_for_a_norm_that_meets_the_norm(session: AuditSession) -> None:
    app = ReviewApp(session, NormScreen("V1"))  # V1 is judged +
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one(PlanPanel).display
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        await pilot.press("o", "minus")  # judged - in the judgement bar: now it asks for a plan
        await settle(app, pilot)
        assert app.screen.query_one(PlanPanel).display


async def test_draft_from_the_notes_goes_into_the_text_field_unsaved(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V2"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "c: concept uit de notities" in str(app.screen.query_one("#report-label", Static).render())
        await pilot.press("c")
        await settle(app, pilot)
        text = app.screen.query_one("#report-text", TextArea).text
        assert text == ("In 2 gesprekken (P, Mng): Nieuwe collega's lopen twee weken mee. suggestie: Leg het "
                        "inwerkprogramma vast.")
        assert app.screen.has_class("-dirty")
        assert snapshot_of(audit_path).judgements.get("V2") is None  # nothing saved by the draft itself
        await pilot.press("escape")  # out of the text field; leaving saves, as for typed text
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert snapshot_of(audit_path).judgements["V2"].report_text == text


async def test_draft_over_written_text_asks_first(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, NormScreen("V1"))  # V1 has a report text
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("#report-text", TextArea).text == "Voldoet: het profiel is bekend en wordt toegepast."


# -- the summary screen ----------------------------------------------------------------------------


async def test_form_fields_advice_choice_and_partners_proposal(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#kern-vorm_onderzoek", Select).value = "combi_iso_hkz"
        app.screen.query_one("#kern-omvang_fte").value = "62.5"
        app.screen.query_one("#kern-datum_zelfevaluatie").value = "nvt"
        await pilot.pause()
        assert "Bij n.v.t. hoort een reden" in str(app.screen.query_one("#kern-datum_zelfevaluatie-fout").render())
        app.screen.query_one("#kern-zelfevaluatie_toelichting").value = "hercertificering"
        app.screen.query_one("#kern-toetsers", TextArea).load_text("A. de Vries\n\n  B. Bakker  ")
        proposal = app.screen.query_one("#kern-voorstel", Static)
        assert "twee ambulant werkers / teamleider wijkteam" in str(proposal.render())
        app.screen.query_one("#kern-voorstel-overnemen", Button).press()
        await pilot.pause()
        app.screen.query_one("#advies-keuze", Select).value = "negatief"
        await pilot.pause(0.7)
        await settle(app, pilot)
        audit = snapshot_of(audit_path)
        assert (audit.kern.vorm_onderzoek, audit.kern.omvang_fte) == ("combi_iso_hkz", "62,5")
        assert (audit.kern.datum_zelfevaluatie, audit.kern.zelfevaluatie_toelichting) == ("nvt", "hercertificering")
        assert audit.kern.toetsers == "A. de Vries\nB. Bakker"
        assert audit.kern.gesprekspartners == "twee ambulant werkers\nteamleider wijkteam"
        assert audit.summary.advies_keuze == "negatief"
        app.screen.query_one("#kern-voorstel-overnemen", Button).press()  # equal to the proposal: nothing asked
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


async def test_a_filled_partners_field_is_replaced_only_after_yes(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, SummaryScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#kern-gesprekspartners", TextArea).load_text("directeur")
        await pilot.pause(0.7)
        await settle(app, pilot)
        app.screen.query_one("#kern-voorstel-overnemen", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await pilot.pause(0.7)
        await settle(app, pilot)
        assert snapshot_of(audit_path).kern.gesprekspartners == "directeur"


# -- the export screen -----------------------------------------------------------------------------


async def test_word_report_in_two_parts_from_the_export_screen(session: AuditSession, audit_path: Path) -> None:
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#export-word").display
        await pilot.click("#soort-word")
        await settle(app, pilot)
        assert app.screen.query_one("#export-word").display and not app.screen.query_one("#export-write").display
        await pilot.click("#export-deel-a")
        await settle(app, pilot)
        part_a = audit_path.with_name("de-brug-rapport-deel-A.docx")
        assert stat.S_IMODE(part_a.stat().st_mode) == 0o600
        assert f"Geschreven: {part_a}" in str(app.screen.query_one("#export-status").render())
        await pilot.click("#export-deel-b")
        await settle(app, pilot)
        part_b = audit_path.with_name("de-brug-rapport-deel-B.docx")
        headers = [[cell.text for cell in table.rows[0].cells]
                   for table in docx.Document(io.BytesIO(part_b.read_bytes())).tables]
        assert headers == [["Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -"]] * 3
        headers_a = [table.rows[0].cells[0].text for table in docx.Document(io.BytesIO(part_a.read_bytes())).tables]
        assert headers_a == ["Kerngegeven", "Onderdeel norm", "Complimenten", "Ondertekening"]


async def test_an_own_template_with_a_problem_writes_nothing(session: AuditSession, audit_path: Path,
                                                           private_data_dir: Path) -> None:
    folder = private_data_dir / "sjablonen"
    folder.mkdir(parents=True)
    (folder / "kapot.docx").write_bytes(make_template("{{ kern.organsatie }}"))
    app = ReviewApp(session, ExportScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.click("#soort-word")
        await settle(app, pilot)
        select = app.screen.query_one("#export-template", Select)
        select.value = str(folder / "kapot.docx")
        await pilot.click("#export-deel-b")
        await settle(app, pilot)
        status = str(app.screen.query_one("#export-status").render())
        assert "Het sjabloon 'kapot.docx' kan niet worden gebruikt" in status
        assert app.screen.has_class("-failed")
        assert not audit_path.with_name("de-brug-rapport-deel-B.docx").exists()
