"""Interviews that continue and sources named during one, driven line by line through the engine.

Issue 10: re-entering an interview made a second source for one person; after /registratie in an Mng
interview the next finding would have been filed under the registration and /volgende left the walk.
"""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, SaveFailed
from flows import rules
from flows.messages import CONFIRM, CONFIRMATION, LIST, NORM, QUESTION, WARNING, Message
from tests.conversation import only_error, say


def shown_norm(reply: list[Message]) -> str | None:
    return next((message.norm_id for message in reply if message.kind == NORM), None)


def notes_by_source(audit_file: AuditFile) -> list[tuple[str, str, str]]:
    audit = audit_file.snapshot()
    return [(audit.source(note.source_id).kind, note.norm_id, note.text) for note in audit.notes]


# -- /gesprek verder -------------------------------------------------------------------------------


def test_gesprek_verder_lists_the_interviews_and_continues_one_where_it_was(conv, audit_file):
    say(conv, "/document jaarverslag")
    first_norm = shown_norm(say(conv, "/gesprek P twee ambulant werkers"))
    say(conv, "eerste bevinding", "/volgende")
    p_norm = conv.current_norm.id
    say(conv, "/gesprek Mng teamleider", "iets van de teamleider")
    reply = say(conv, "/gesprek verder")
    assert reply[0].kind == LIST
    assert reply[0].text == "Gesprekken (2); zet er een voort met /gesprek verder N:"
    p_left = len(audit_file.walk(audit_file.snapshot().sources[1].id).route) - 2
    assert reply[0].lines == (
        f"2. gesprek P — twee ambulant werkers (2026-11-20) — 1 notitie — bij {p_norm}, nog {p_left} te doen",
        f"3. gesprek Mng — teamleider (2026-11-20) — 1 notitie — bij V5, nog {len(conv.queue)} te doen "
        "(huidige bron)",
    )
    reply = say(conv, "/gesprek verder 2")
    assert reply[0].kind == CONFIRMATION
    assert reply[0].text == "Verder met bron 2: gesprek P — twee ambulant werkers (2026-11-20)."
    assert reply[0].lines == (f"1 notitie; de rondgang staat bij {p_norm}: nog {p_left} te doen.",)
    assert shown_norm(reply) == p_norm and conv.current_source.roles == ("P",)
    assert [m.text for m in reply if m.kind == QUESTION] == list(conv.current_norm.questions_for("P"))
    say(conv, "vervolg")
    audit = audit_file.snapshot()
    assert len(audit.sources) == 3, "no new source"
    assert [note.source_id for note in audit.notes_for(p_norm)] == [audit.sources[1].id]
    assert first_norm != p_norm


@pytest.mark.parametrize("argument, expected", [
    ("1", "Bron 1 is geen gesprek maar document — jaarverslag (kies die met /bron 1). De gesprekken hebben nummer 2"),
    ("7", "Er is geen bron 7. De gesprekken hebben nummer 2"),
    ("twee", "Na /gesprek verder hoort het nummer van het gesprek (2)"),
])
def test_gesprek_verder_refuses_what_is_no_interview(conv, audit_file, argument, expected):
    say(conv, "/document jaarverslag", "/gesprek P")
    before = audit_file.snapshot()
    assert expected in only_error(say(conv, f"/gesprek verder {argument}"))
    assert audit_file.snapshot() == before


def test_gesprek_verder_without_interviews(conv):
    assert "nog geen gesprekken" in only_error(say(conv, "/gesprek verder"))


def test_continue_interview_is_the_same_as_gesprek_verder(conv, audit_file):
    say(conv, "/gesprek P", "/gesprek CB cliënt")
    p_source = audit_file.snapshot().sources[0]
    reply = conv.continue_interview(p_source.id)
    assert conv.current_source == p_source and shown_norm(reply) == audit_file.walk(p_source.id).current
    assert "bestaat niet" in only_error(conv.continue_interview("onbekend"))


# -- one person is one source ----------------------------------------------------------------------


def test_the_same_roles_and_description_ask_whether_it_is_the_same_interview(conv, audit_file):
    say(conv, "/gesprek P twee ambulant werkers", "eerste", "/volgende")
    where = conv.current_norm.id
    say(conv, "/gesprek Mng teamleider")
    reply = say(conv, "/gesprek p Twee ambulant  werkers")
    assert [message.kind for message in reply] == [CONFIRM]
    assert reply[0].text == ("Er is al een gesprek P — twee ambulant werkers (bron 1, 2026-11-20, 1 notitie). "
                             "Is dit hetzelfde gesprek?")
    assert reply[0].lines[-1].startswith("Typ /ja om dat gesprek voort te zetten, of /nee om een nieuw gesprek")
    assert len(audit_file.snapshot().sources) == 2, "nothing made while the question is open"
    reply = say(conv, "/ja")
    assert reply[0].text.startswith("Verder met bron 1: gesprek P")
    assert conv.current_source.label == "twee ambulant werkers" and conv.current_norm.id == where
    assert len(audit_file.snapshot().sources) == 2


def test_nee_makes_a_new_interview(conv, audit_file):
    say(conv, "/gesprek P twee ambulant werkers")
    assert say(conv, "/gesprek P twee ambulant werkers")[0].kind == CONFIRM
    reply = say(conv, "/nee")
    assert reply[0].text == "Bron 2: gesprek P — twee ambulant werkers (2026-11-20) is de huidige bron."
    sources = audit_file.snapshot().sources
    assert len(sources) == 2 and conv.current_source == sources[1]
    assert audit_file.walk(sources[1].id).asked == (conv.current_norm.id,)


def test_any_other_line_drops_the_question(conv, audit_file):
    say(conv, "/gesprek P twee werkers", "/gesprek Mng teamleider")
    say(conv, "/gesprek P twee werkers")
    reply = say(conv, "een bevinding")
    assert reply[0].kind == WARNING and reply[0].text.startswith("Niet bevestigd, dus niet gedaan: gesprek van bron 1")
    assert conv.current_source.roles == ("Mng",), "still the teamleider"
    assert [note.source_id for note in audit_file.snapshot().notes] == [conv.current_source.id]
    assert say(conv, "/ja")[0].text == "Er is niets om te bevestigen."
    assert len(audit_file.snapshot().sources) == 2


def test_start_interview_asks_too_and_forget_pending_drops_the_question(conv, audit_file):
    conv.start_interview(("P",), "twee werkers", "2026-11-19")
    reply = conv.start_interview(("P",), "twee werkers", "2026-11-20")
    assert reply[0].kind == CONFIRM and conv.awaiting_confirmation == "gesprek van bron 1 voortzetten"
    conv.forget_pending()
    assert conv.awaiting_confirmation is None
    assert say(conv, "/nee")[0].text == "Er is niets om te bevestigen."
    assert len(audit_file.snapshot().sources) == 1


# -- sources named during an interview -------------------------------------------------------------


def test_a_registration_in_an_mng_interview_takes_one_bewijs_and_the_interview_speaks_again(conv, audit_file,
                                                                                           normset):
    first = shown_norm(say(conv, "/gesprek Mng teamleider"))
    assert "Mng" in normset.norm(first).roles
    reply = say(conv, "/registratie klachtenregistratie 2025")
    assert reply[0].text == (f"Bron 2: registratie — klachtenregistratie 2025: de volgende /bewijs bij {first} "
                             "gaat naar deze bron.")
    assert conv.current_source.kind == "gesprek"
    assert conv.evidence_source.kind == "registratie"
    say(conv, "De teamleider bespreekt klachten in het MT.")
    reply = say(conv, "/bewijs Twaalf klachten, alle binnen termijn afgehandeld.")
    assert "gewone tekst gaat weer naar bron 1: gesprek Mng — teamleider" in reply[0].lines[0]
    assert conv.evidence_source is None
    say(conv, "/bewijs Het jaarverslag van de klachtencommissie besproken.")
    assert notes_by_source(audit_file) == [
        ("gesprek", first, "De teamleider bespreekt klachten in het MT."),
        ("registratie", first, "Twaalf klachten, alle binnen termijn afgehandeld."),
        ("gesprek", first, "Het jaarverslag van de klachtencommissie besproken."),
    ]
    nxt = shown_norm(say(conv, "/volgende"))
    assert "Mng" in normset.norm(nxt).roles, "the walk goes on with the Mng norms"
    assert rules.norm_statuses(audit_file.snapshot(), normset)[first].source_count == 2


def test_name_colon_text_stores_one_bewijs_for_the_named_source(conv, audit_file):
    first = shown_norm(say(conv, "/gesprek P twee werkers"))
    reply = say(conv, "/document werkinstructie intake: stappen staan beschreven")
    assert reply[0].text == "Bron 2: document — werkinstructie intake."
    assert reply[1].text == f"opgeslagen als bewijs — {first}: 1 van 3 bronnen"
    assert conv.current_source.kind == "gesprek" and conv.evidence_source is None
    say(conv, "/doc Werkinstructie  intake: ook de uitzonderingen")  # the same document: no second source
    say(conv, "wat de werker zegt")
    audit = audit_file.snapshot()
    assert [source.kind for source in audit.sources] == ["gesprek", "document"]
    assert notes_by_source(audit_file) == [
        ("document", first, "stappen staan beschreven"),
        ("document", first, "ook de uitzonderingen"),
        ("gesprek", first, "wat de werker zegt"),
    ]


def test_the_named_source_is_only_for_the_norm_it_was_named_at(conv, audit_file):
    say(conv, "/gesprek P twee werkers", "/document map")
    say(conv, "/volgende")
    assert conv.evidence_source is None
    say(conv, "/bewijs besproken voorbeeld")
    assert notes_by_source(audit_file)[0][0] == "gesprek"


def test_undo_of_a_named_source_forgets_it(conv, audit_file):
    say(conv, "/gesprek P twee werkers", "/observatie teamoverleg")
    reply = say(conv, "/ongedaan")
    assert reply[0].text == "Ongedaan gemaakt: de nieuwe bron 'observatie — teamoverleg'."
    assert conv.evidence_source is None and conv.current_source.kind == "gesprek"
    assert [source.kind for source in audit_file.snapshot().sources] == ["gesprek"]


def test_outside_an_interview_a_named_source_still_becomes_current(conv):
    say(conv, "/norm V7", "/gegevens klanttevredenheid: 8,1 gemiddeld")
    assert conv.current_source.kind == "gegevens"
    assert say(conv, "/gegevens klanttevredenheid")[0].lines[0] == ("Deze bron bestond al; er is geen nieuwe bron "
                                                                     "bij gekomen.")


@pytest.mark.parametrize("line, expected", [
    ("/document : tekst", "Geef eerst de naam, dan de tekst: /document NAAM: TEKST"),
])
def test_a_named_source_needs_a_name(conv, audit_file, line, expected):
    say(conv, "/gesprek P")
    assert expected in only_error(say(conv, line))
    assert len(audit_file.snapshot().sources) == 1


def test_name_colon_text_without_a_norm_is_refused_and_stores_nothing(conv, audit_file):
    assert "Er is geen huidige norm" in only_error(say(conv, "/document map: iets"))
    assert audit_file.snapshot().sources == ()


def test_a_failed_note_after_a_new_named_source_takes_the_source_back(conv, audit_file, monkeypatch):
    say(conv, "/gesprek P")
    before = audit_file.snapshot()

    def fail(*args, **kwargs):
        raise SaveFailed("Opslaan mislukt: de schijf is vol.")

    monkeypatch.setattr(audit_file, "put_note", fail)
    assert only_error(say(conv, "/document map: iets")) == "Opslaan mislukt: de schijf is vol."
    assert audit_file.snapshot().sources == before.sources


def test_a_walk_that_cannot_be_saved_does_not_move(conv, audit_file, monkeypatch):
    say(conv, "/gesprek P")
    where, walk = conv.current_norm.id, conv.walk

    def fail(*args, **kwargs):
        raise SaveFailed("Opslaan mislukt: de schijf is vol.")

    monkeypatch.setattr(audit_file, "put_walk", fail)
    for line in ("/volgende", "/norm V9", "/overslaan"):
        assert only_error(say(conv, line)) == "Opslaan mislukt: de schijf is vol."
        assert (conv.current_norm.id, conv.walk) == (where, walk)
