"""The method in the dialogue: '+' on paper alone asks first, citaat counts and suggestie does not, the norm
shows the previous audit, its follow-up and the self-evaluation, and /opvolging records a follow-up."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source
from flows import recert
from flows.messages import CONFIRM, CONFIRMATION, ERROR, NORM, WARNING, Message
from tests.conversation import say


def kinds(reply: list[Message]) -> list[str]:
    return [message.kind for message in reply]


def paper(audit_file: AuditFile, norm_id: str, *source_kinds: str) -> None:
    for kind in source_kinds:
        source = audit_file.put_source(Source.new(kind, f"{kind} bij {norm_id}"))
        audit_file.put_note(Note.new(norm_id, source.id, "bewijs", "gezien"))


def value(audit_file: AuditFile, norm_id: str) -> str | None:
    record = audit_file.judgement(norm_id)
    return record.value if record else None


# -- practice before paper -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source_kinds, asks",
    [
        ((), True),
        (("document",), True),
        (("document", "registratie", "gegevens"), True),
        (("document", "registratie", "observatie"), False),
        (("gesprek",), False),
    ],
)
def test_plus_without_practice_asks_first(conv, audit_file, source_kinds, asks):
    paper(audit_file, "V5", *source_kinds)
    reply = say(conv, "/norm V5", "/oordeel + Voldoet.")
    if not asks:
        assert kinds(reply)[0] == CONFIRMATION and value(audit_file, "V5") == "+"
        return
    assert kinds(reply) == [CONFIRM]
    assert "Toch 'voldoet' (+) geven?" in reply[0].text
    assert reply[0].lines[-1] == "Typ /ja om door te gaan of /nee om af te zien."
    assert value(audit_file, "V5") is None, "nothing is stored before /ja"
    assert conv.awaiting_confirmation == "oordeel V5: voldoet (+)"
    reply = say(conv, "/ja")
    assert reply[0].text == "oordeel V5: voldoet (+) opgeslagen"
    assert (value(audit_file, "V5"), audit_file.judgement("V5").report_text) == ("+", "Voldoet.")
    assert any(message.kind == WARNING and ("blijft open" in message.text) for message in reply)


def test_no_and_any_other_line_drop_the_plus(conv, audit_file):
    paper(audit_file, "V5", "document", "registratie", "gegevens")
    reply = say(conv, "/norm V5", "/oordeel +", "/nee")
    assert reply == [Message(CONFIRMATION, "Niet gedaan: oordeel V5: voldoet (+).")]
    reply = say(conv, "/oordeel +", "/norm V6")
    assert reply[0] == Message(WARNING, "Niet bevestigd, dus niet gedaan: oordeel V5: voldoet (+).")
    assert kinds(reply)[1] == NORM, "the other line is carried out as typed"
    assert value(audit_file, "V5") is None
    assert say(conv, "/ja")[0].text == "Er is niets om te bevestigen."


@pytest.mark.parametrize("judgement", ["+/-", "-", "nvt", "nb"])
def test_other_judgements_on_paper_do_not_ask(conv, audit_file, judgement):
    paper(audit_file, "V5", "document", "registratie", "gegevens")
    reply = say(conv, "/norm V5", f"/oordeel {judgement}")
    assert CONFIRM not in kinds(reply)
    assert value(audit_file, "V5") == judgement


def test_a_norm_on_paper_shows_the_flag_and_what_would_close_it(conv, audit_file):
    paper(audit_file, "V5", "document", "registratie", "gegevens")
    head = say(conv, "/norm V5")[0]
    assert ("3 van 3 bronnen — alleen papier: nog geen gesprek (P of Mng) of observatie; nog geen oordeel"
            in head.lines)
    opened = "\n".join(say(conv, "/open")[0].lines)
    assert "V5   3 van 3 bronnen, nog geen oordeel — alleen papier: nog geen gesprek (P of Mng) of observatie" in opened


def test_paper_only_warning_after_confirmed_plus(conv, audit_file):
    paper(audit_file, "V5", "document", "registratie", "gegevens")
    reply = say(conv, "/norm V5", "/oordeel +", "/ja")
    warning = next(message for message in reply if message.kind == WARNING)
    assert warning.text == ("V5 is alleen op papier getoetst; de norm blijft open tot er 1 bron uit de praktijk "
                            "(gesprek of observatie) is.")
    assert warning.lines == ("Nog nodig: nog geen gesprek (P of Mng) of observatie.",)


@pytest.mark.parametrize("command, counts", [("/citaat", True), ("/bewijs", True), ("/suggestie", False)])
def test_citaat_counts_for_the_norm_and_suggestie_does_not(conv, audit_file, command, counts):
    reply = say(conv, "/gesprek Mng teamleider", "/norm V5", f"{command} Tekst van de teamleider.")
    assert reply[0].text.endswith("V5: 1 van 3 bronnen" if counts else "V5: 0 van 3 bronnen")
    assert ("Een suggestie telt niet als bron voor de norm." in reply[0].lines) is not counts


# -- re-certification in the dialogue ---------------------------------------------------------------


@pytest.fixture()
def recertified(audit_file, normset, registry) -> AuditFile:
    """A re-certification of a 2016 audit: V15 was '-' (now V14), D10/D11 '+'/'+/-' (now D7), V2 '+'."""
    old_set = registry.get("concept-2016")
    old = AuditFile.in_memory(old_set.id, kern=Kerngegevens(organisatie="Oud", datum_definitief="2024-03-12"))
    for norm_id, judged, text in [("V15", "-", "Kosten onbekend."), ("D10", "+", "Afsluiting goed."),
                                  ("D11", "+/-", "Nazorg niet vastgelegd."), ("V2", "+", "")]:
        old.put_judgement(Judgement.new(norm_id, judged, text))
    audit_file.set_previous(recert.previous_audit(old.snapshot(), old_set, normset, "oud.toets"))
    audit_file.set_self_evaluation({"V14": "Wij maken kosten en baten zichtbaar.\nIn elk team."})
    return audit_file


def test_the_norm_shows_previous_judgement_follow_up_and_self_evaluation(conv, recertified):
    lines = say(conv, "/norm V14")[0].lines
    assert "Vorige toetsing (2024-03, norm V15): - — Kosten onbekend." in lines
    assert "Opvolging: nog niet vastgelegd (/opvolging opgevolgd|deels|niet TEKST)" in lines
    assert "Zelfevaluatie: Wij maken kosten en baten zichtbaar. In elk team." in lines
    lines = say(conv, "/norm V2")[0].lines
    assert "Vorige toetsing (2024-03): +" in lines
    assert not any(line.startswith(("Opvolging", "Zelfevaluatie")) for line in lines)
    assert not any(line.startswith("Vorige toetsing") for line in say(conv, "/norm V3")[0].lines)


def test_opvolging_records_a_follow_up_with_undo(conv, recertified):
    reply = say(conv, "/norm D7", "/opvolging Deels Afsluiting is vastgelegd, nazorg nog niet.")
    assert reply[0] == Message(CONFIRMATION, "opvolging D7: deels opgevolgd opgeslagen",
                               ("Nog zonder opvolging: V14.",), norm_id="D7")
    record = recertified.snapshot().follow_ups["D7"]
    assert (record.status, record.text) == ("deels", "Afsluiting is vastgelegd, nazorg nog niet.")
    assert "Opvolging: deels opgevolgd — Afsluiting is vastgelegd, nazorg nog niet." in say(conv, "/norm D7")[0].lines
    reply = say(conv, "/norm V14", "/opvolging niet Geen uitleg aan derden.")
    assert reply[0].lines == ("Elk verbeterpunt van de vorige toetsing heeft nu een opvolging.",)
    assert say(conv, "/ongedaan")[0].text == "Ongedaan gemaakt: de opvolging van V14."
    assert recert.open_follow_ups(recertified.snapshot(), conv.normset) == ("V14",)


@pytest.mark.parametrize(
    "lines, refusal",
    [
        (["/opvolging deels Tekst."], "Er is geen huidige norm om de opvolging bij vast te leggen"),
        (["/norm V2", "/opvolging opgevolgd Tekst."], "V2 was bij de vorige toetsing geen verbeterpunt"),
        (["/norm V3", "/opvolging opgevolgd Tekst."], "(geen vorig oordeel)"),
        (["/norm V14", "/opvolging misschien Tekst."], "Onbekende stand 'misschien'"),
        (["/norm V14", "/opvolging deels"], "Schrijf er een zin bij"),
        (["/norm V14", "/opvolging"], "Na /opvolging hoort nog iets"),
    ],
)
def test_opvolging_refusals_store_nothing(conv, recertified, lines, refusal):
    reply = say(conv, *lines)
    assert kinds(reply) == [ERROR] and refusal in reply[0].text
    assert recertified.snapshot().follow_ups == {}


def test_opvolging_without_a_previous_audit(conv, audit_file):
    reply = say(conv, "/norm V3", "/opvolging deels Tekst.")
    assert kinds(reply) == [ERROR] and "geen vorige toetsing" in reply[0].text
