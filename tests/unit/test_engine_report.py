"""The dialogue's report commands: /kern by type, /advies, /plan-van-aanpak, /verslag concept, and nb as a
final state; asserting on the audit left behind as well as on the words."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.store import AuditFile, Judgement, Note, Source
from assistant.store.model import Plan
from flows.messages import CONFIRM, CONFIRMATION, LIST, NORM, WARNING
from tests.conversation import only_error, say

TODAY = date(2026, 3, 20)


@pytest.fixture()
def today() -> date:
    """This module's audit is in March 2026."""
    return TODAY


# -- /kern --------------------------------------------------------------------------------------


def test_kern_sets_each_type_of_field(conv, audit_file):
    say(conv, "/kern scope Team Noord\\nTeam Zuid", "/kern scope + Jongerenwerk", "/kern omvang_fte 62.5",
        "/kern vorm_onderzoek Alleen CI op het label", "/kern datum_zelfevaluatie nvt hercertificering")
    kern = audit_file.snapshot().kern
    assert kern.scope == "Team Noord\nTeam Zuid\nJongerenwerk"
    assert (kern.omvang_fte, kern.vorm_onderzoek) == ("62,5", "ci_label")
    assert (kern.datum_zelfevaluatie, kern.zelfevaluatie_toelichting) == ("nvt", "hercertificering")
    reply = say(conv, "/kern scope - team zuid")
    assert reply[0].text.startswith("kerngegeven opgeslagen — Scope")
    assert audit_file.snapshot().kern.scope == "Team Noord\nJongerenwerk"
    listing = say(conv, "/kern")[0]
    assert "vorm_onderzoek: Alleen CI op het label" in listing.lines
    assert "datum_zelfevaluatie: n.v.t. — hercertificering" in listing.lines
    say(conv, "/ongedaan")
    assert audit_file.snapshot().kern.scope == "Team Noord\nTeam Zuid\nJongerenwerk"


@pytest.mark.parametrize("line, expected", [
    ("/kern omvang_medewerkers veel", "alleen een heel getal"),
    ("/kern vorm_onderzoek visitatie", "Kies uit: intercollegiaal"),
    ("/kern datum_zelfevaluatie nvt", "Geef ook de reden"),
    ("/kern datum_zelfevaluatie gisteren", "of 'nvt' met een reden"),
    ("/kern scope - Onbekend", "staat niet in scope"),
    ("/kern organisatie --leeg", "verplicht"),
])
def test_kern_refuses_a_bad_value_and_changes_nothing(conv, audit_file, line, expected):
    before = audit_file.snapshot().kern
    assert expected in only_error(say(conv, line))
    assert audit_file.snapshot().kern == before


def interviews(audit_file: AuditFile) -> None:
    for label, roles in [("teamcoach", ("Mng",)), ("teamcoach", ("Mng",)), ("twee werkers", ("P",))]:
        audit_file.put_source(Source.new("gesprek", label, roles))


def test_gesprekspartners_proposal_is_shown_then_taken_over(conv, audit_file):
    assert "nog geen gesprekken" in only_error(say(conv, "/kern gesprekspartners voorstel"))
    interviews(audit_file)
    shown = say(conv, "/kern gesprekspartners voorstel")[0]
    assert shown.kind == LIST and shown.lines[:2] == ("teamcoach (2 gesprekken)", "twee werkers")
    assert audit_file.snapshot().kern.gesprekspartners == ""  # showing changes nothing
    say(conv, "/kern gesprekspartners overnemen")
    assert audit_file.snapshot().kern.gesprekspartners == "teamcoach (2 gesprekken)\ntwee werkers"


def test_a_filled_gesprekspartners_field_is_only_replaced_after_ja(conv, audit_file):
    interviews(audit_file)
    say(conv, "/kern gesprekspartners directeur")
    asked = say(conv, "/kern gesprekspartners overnemen")
    assert asked[0].kind == CONFIRM and "Nu: directeur" in asked[0].lines
    assert audit_file.snapshot().kern.gesprekspartners == "directeur"
    say(conv, "/nee")
    assert audit_file.snapshot().kern.gesprekspartners == "directeur"
    say(conv, "/kern gesprekspartners overnemen", "/ja")
    assert audit_file.snapshot().kern.gesprekspartners == "teamcoach (2 gesprekken)\ntwee werkers"


# -- /advies ------------------------------------------------------------------------------------


def test_advice_choice_and_text(conv, audit_file):
    reply = say(conv, "/advies na-pva Positief zodra de plannen er zijn.")
    assert reply[0].text == "advies opgeslagen: Positief zodra de plannen van aanpak zijn goedgekeurd"
    summary = audit_file.snapshot().summary
    assert (summary.advies_keuze, summary.advies) == ("positief_na_pva", "Positief zodra de plannen er zijn.")
    assert reply[1].kind == WARNING and reply[1].text.startswith("De berekende indicatie is anders: Positief")
    say(conv, "/advies positief")
    assert audit_file.snapshot().summary.advies == "Positief zodra de plannen er zijn."  # text kept
    shown = say(conv, "/advies")[0]
    assert shown.text == "Advies van de CI: Positief"
    assert any(line.startswith("Berekende indicatie: Positief") for line in shown.lines)
    say(conv, "/advies --leeg")
    assert audit_file.snapshot().summary.advies_keuze == ""
    assert "Onbekend advies 'ja'" in only_error(say(conv, "/advies ja"))


# -- plans of approach ----------------------------------------------------------------------------


def test_plan_of_approach_for_the_current_norm(conv, audit_file):
    say(conv, "/norm V3")
    refused = only_error(say(conv, "/pva ontvangen"))
    assert "V3 heeft als oordeel nog geen oordeel; een plan van aanpak hoort bij een verbeterpunt" in refused
    judged = say(conv, "/oordeel +/- Intervisie is er, maar niet structureel.")
    assert "Plan van aanpak: nog niet ontvangen (/plan-van-aanpak ontvangen DATUM)." in judged[0].lines
    reply = say(conv, "/plan-van-aanpak ontvangen 2026-03-03 per mail")
    assert reply[0].text == "plan van aanpak V3: ontvangen op 2026-03-03 — per mail"
    assert reply[0].lines == ("Adviesindicatie: Positief na goedkeuring van 1 plan van aanpak "
                              "(voorlopig: 48 normen nog zonder oordeel).",)
    say(conv, "/pva goedgekeurd")
    assert audit_file.snapshot().plans["V3"] == Plan("V3", "goedgekeurd", "2026-03-03", "2026-03-20", "per mail")
    norm = next(message for message in say(conv, "/norm V3") if message.kind == NORM)
    assert ("Plan van aanpak: goedgekeurd op 2026-03-20 (ontvangen op 2026-03-03) — per mail "
            "(/plan-van-aanpak STAND)") in norm.lines
    overview = say(conv, "/pva")[0]
    assert overview.text == "Plannen van aanpak: 1 van de 1 goedgekeurd"
    say(conv, "/ongedaan")
    assert audit_file.snapshot().plans["V3"].status == "ontvangen"
    say(conv, "/ongedaan")
    assert "V3" not in audit_file.snapshot().plans


# -- nb and the draft from the notes ----------------------------------------------------------------


def test_a_norm_judged_nb_is_final_without_sources(conv, audit_file):
    reply = say(conv, "/norm O20", "/oordeel nb")
    assert [message.kind for message in reply] == [CONFIRMATION]  # no warning about sources
    open_list = say(conv, "/open")[0]
    assert not any(line.strip().startswith("O20") for line in open_list.lines)
    status = say(conv, "/status")
    assert "(1 norm niet beoordeeld; voorlopig: 48 normen nog zonder oordeel)" in status[1].text


def notes_for_v5(audit_file: AuditFile) -> None:
    talk = audit_file.put_source(Source.new("gesprek", "werker", ("P",)))
    document = audit_file.put_source(Source.new("document", "Werkinstructie"))
    audit_file.put_note(Note.new("V5", talk.id, "bevinding", "Casuïstiek in het teamoverleg"))
    audit_file.put_note(Note.new("V5", document.id, "bewijs", "Werkinstructie 2025 ingezien."))


def test_draft_is_shown_and_stored_only_on_request(conv, audit_file):
    notes_for_v5(audit_file)
    norm = next(message for message in say(conv, "/norm V5") if message.kind == NORM)
    assert "Nog geen rapporttekst: /verslag concept stelt er een op uit de notities." in norm.lines
    shown = say(conv, "/verslag concept")[0]
    assert shown.lines[:3] == ("In 1 gesprek (P): Casuïstiek in het teamoverleg.", "",
                               "Document (Werkinstructie): Werkinstructie 2025 ingezien.")
    assert audit_file.judgement("V5") is None  # nothing stored by showing
    say(conv, "/verslag concept overnemen")
    assert audit_file.judgement("V5").report_text == (
        "In 1 gesprek (P): Casuïstiek in het teamoverleg.\n\nDocument (Werkinstructie): Werkinstructie 2025 ingezien.")


def test_draft_over_a_written_text_asks_first(conv, audit_file):
    notes_for_v5(audit_file)
    say(conv, "/norm V5", "/verslag Eigen tekst.")
    asked = say(conv, "/verslag concept overnemen")
    assert asked[0].kind == CONFIRM and "Nu: Eigen tekst." in asked[0].lines
    say(conv, "Een bevinding tussendoor laat de vraag vallen.")
    assert audit_file.judgement("V5").report_text == "Eigen tekst."
    say(conv, "/verslag concept overnemen", "/ja")
    assert audit_file.judgement("V5").report_text.startswith("In 1 gesprek (P)")


def test_draft_without_notes_is_refused(conv, audit_file):
    audit_file.put_judgement(Judgement.new("V6", "+", ""))
    assert "V6 heeft nog geen notities" in only_error(say(conv, "/norm V6", "/verslag concept"))
    assert audit_file.judgement("V6").report_text == ""
