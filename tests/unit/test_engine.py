"""The dialogue engine driven line by line, asserting on the audit it leaves behind as well as on its words."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.store import AuditFile, Judgement, Note, SaveFailed, Source
from flows import rules
from flows import text as fmt
from flows.engine import Conversation
from flows.messages import CONFIRMATION, ERROR, HELP, KINDS, LIST, NORM, QUESTION, WARNING, Message
from tests.conversation import only_error, say

TODAY = date(2026, 11, 20)


def shown_norm(reply: list[Message]) -> str | None:
    return next((message.norm_id for message in reply if message.kind == NORM), None)


def add_evidence(audit_file: AuditFile, norm_id: str, count: int) -> None:
    """Give a norm `count` counting sources, each a separate document."""
    for number in range(count):
        source = audit_file.put_source(Source.new("document", f"document {norm_id}-{number}"))
        audit_file.put_note(Note.new(norm_id, source.id, "bewijs", "gezien"))


def source_count(audit_file: AuditFile, normset, norm_id: str) -> int:
    return rules.norm_statuses(audit_file.snapshot(), normset)[norm_id].source_count


# -- the walk ------------------------------------------------------------------------------------


def test_an_interview_with_P_walks_the_P_norms_wie_column_first_then_fewest_sources_first(conv, audit_file, normset):
    add_evidence(audit_file, "V1", 2)
    add_evidence(audit_file, "V2", 1)
    add_evidence(audit_file, "D1", 1)
    audit_file.put_judgement(Judgement.new("V3", "+"))
    position = {norm_id: index for index, norm_id in enumerate(normset.norm_ids)}

    def fewest_first(norm_ids):
        return sorted(norm_ids, key=lambda norm_id: (source_count(audit_file, normset, norm_id), position[norm_id]))

    wie = fewest_first([norm.id for norm in normset.norms if "P" in norm.roles and norm.id != "V3"])
    additions = fewest_first([norm.id for norm in normset.norms if "P" in norm.extra_roles])
    assert wie[-3:] == ["V2", "D1", "V1"] and additions[:2] == ["O1", "O2"]
    expected = wie + additions

    reply = say(conv, "/gesprek P twee ambulant werkers")
    interview = conv.current_source
    assert (interview.kind, interview.roles, interview.label, interview.date) == (
        "gesprek", ("P",), "twee ambulant werkers", "2026-11-20")
    assert "nooit namen" in "\n".join(reply[0].lines)
    assert "1 norm heeft al een oordeel" in "\n".join(reply[0].lines)

    visited = [shown_norm(reply)]
    while True:
        norm = conv.current_norm
        questions = [message.text for message in reply if message.kind == QUESTION]
        assert questions == list(norm.questions_for("P"))
        assert conv.queue == tuple(expected[len(visited):])
        reply = say(conv, f"Bevinding bij {norm.id}.", "/volgende")
        if shown_norm(reply) is None:
            break
        visited.append(shown_norm(reply))
    assert visited == expected
    assert reply[0].kind == WARNING and "Einde van de rondgang" in reply[0].text
    assert "/open" in "\n".join(reply[0].lines)
    notes = audit_file.snapshot().notes
    interview_notes = [note for note in notes if note.source_id == interview.id]
    assert [note.norm_id for note in interview_notes] == expected
    assert all(note.kind == "bevinding" for note in interview_notes)
    assert conv.queue == ()
    assert say(conv, "/volgende")[0].text == "De rondgang van dit gesprek is al klaar."


def test_more_roles_walk_the_union_and_prefix_questions_by_role(conv, normset):
    reply = say(conv, "/gesprek mng,p&o teamleider en HR-adviseur")
    assert conv.current_source.roles == ("Mng", "P&O")
    walk = [shown_norm(reply), *conv.queue]
    expected = [norm.id for norm in normset.norms if {"Mng", "P&O"} & set(norm.all_roles)]
    assert sorted(walk) == sorted(expected)
    first = normset.norm(walk[0])
    questions = [message.text for message in reply if message.kind == QUESTION]
    roles_here = [role for role in ("Mng", "P&O") if role in first.all_roles]
    if len(roles_here) > 1:
        assert all(question.split(":")[0] in roles_here for question in questions)


def test_roles_may_be_separated_by_comma_and_space(conv):
    say(conv, "/gesprek P, Mng twee collega's")
    assert conv.current_source.roles == ("P", "Mng")
    assert conv.current_source.label == "twee collega's"


def test_judged_norms_come_along_with_alle(conv, audit_file, normset):
    audit_file.put_judgement(Judgement.new("V2", "+"))
    reply = say(conv, "/gesprek P --alle")
    walk = [shown_norm(reply), *conv.queue]
    assert "V2" in walk
    assert len(walk) == sum(1 for norm in normset.norms if "P" in norm.all_roles)


def test_a_judgement_without_a_value_does_not_skip_the_norm(conv, audit_file):
    audit_file.put_judgement(Judgement.new("V2", None, "alleen tekst"))
    reply = say(conv, "/gesprek P")
    assert "V2" in [shown_norm(reply), *conv.queue]


def test_walk_in_normset_order(audit_file, normset):
    add_evidence(audit_file, "V1", 2)
    conv = Conversation(audit_file, normset, order="normenset", today=lambda: TODAY)
    reply = conv.handle("/gesprek P")
    walk = [shown_norm(reply), *conv.queue]
    assert walk == ([norm.id for norm in normset.norms if "P" in norm.roles]
                    + [norm.id for norm in normset.norms if "P" in norm.extra_roles])


def test_volgorde_reorders_the_rest_of_the_walk(conv, audit_file, normset):
    add_evidence(audit_file, "V2", 1)
    wie = [norm.id for norm in normset.norms if "P" in norm.roles]
    reply = say(conv, "/gesprek P")
    assert shown_norm(reply) == "V1" and conv.queue.index("V2") == len(wie) - 2  # last of the Wie part
    reply = say(conv, "/volgorde normenset")
    assert reply[0].kind == CONFIRMATION and conv.order == "normenset"
    assert conv.queue[:2] == ("V2", "V3")
    assert conv.audit_file.walk(conv.current_source.id).route[:3] == ("V1", "V2", "V3"), "stored at once"
    say(conv, "/volgorde bronnen")
    assert conv.queue.index("V2") == len(wie) - 2
    assert "Onbekende volgorde 'willekeurig'" in only_error(say(conv, "/volgorde willekeurig"))


def test_an_unknown_order_is_a_programming_error(audit_file, normset):
    with pytest.raises(ValueError):
        Conversation(audit_file, normset, order="alfabet")


def test_an_interview_with_nothing_left_to_walk_says_so(conv, audit_file, normset):
    for norm in normset.norms:
        if "CB" in norm.all_roles:
            audit_file.put_judgement(Judgement.new(norm.id, "+"))
    reply = say(conv, "/gesprek CB twee cliënten")
    assert [message.kind for message in reply] == [CONFIRMATION, WARNING]
    assert "--alle" in reply[1].lines[0]
    assert conv.current_source.roles == ("CB",)


def test_previous_next_and_skip_inside_a_walk(conv):
    reply = say(conv, "/gesprek P")
    first = shown_norm(reply)
    assert say(conv, "/vorige")[0].text == "Dit is de eerste norm van de rondgang."
    second = shown_norm(say(conv, "/volgende"))
    assert shown_norm(say(conv, "/vorige")) == first
    third = shown_norm(say(conv, "/overslaan"))  # skips the first; the second was asked already
    assert third not in (first, second)
    fourth = shown_norm(say(conv, "/skip"))
    assert fourth not in (first, second, third)
    assert conv.walk.skipped == (first, third)
    while shown_norm(say(conv, "/volgende")) is not None:
        pass
    last = conv.current_norm.id
    assert shown_norm(say(conv, "/vorige")) == last  # from past the end back to the last norm
    reply = say(conv, "/volgende")
    body = "\n".join(reply[0].lines)
    assert f"Overgeslagen: {first}, {third}" in body


def test_a_note_at_a_skipped_norm_takes_it_off_the_skipped_list(conv):
    first = shown_norm(say(conv, "/gesprek P"))
    say(conv, "/overslaan", f"/norm {first}", "Toch nog iets gehoord.")
    while shown_norm(reply := say(conv, "/volgende")) is not None:
        pass
    assert "Overgeslagen" not in "\n".join(reply[0].lines)


def test_norm_jumps_are_detours_that_never_move_the_walk(conv):
    """Issue 10: /norm V2 then /norm V5 left 3 of 34 to do, and next skipped ~30 norms never asked."""
    say(conv, "/gesprek P")
    queue = conv.queue
    say(conv, f"/norm {queue[4].lower()}")
    assert conv.current_norm.id == queue[4]
    assert conv.queue == queue[:4] + queue[5:], "only the norm shown is off the list"
    reply = say(conv, "/norm O3")  # not a P norm at all
    assert "Zijstap" in "\n".join(reply[0].lines)
    assert conv.queue == queue[:4] + queue[5:]
    assert shown_norm(say(conv, "/volgende")) == queue[0]


def test_next_without_a_walk_follows_the_normset(conv, normset):
    assert shown_norm(say(conv, "/volgende")) == "V1"
    assert shown_norm(say(conv, "/volgende")) == "V2"
    assert shown_norm(say(conv, "/vorige")) == "V1"
    assert say(conv, "/vorige")[0].text == "V1 is de eerste norm van de normenset."
    say(conv, "/norm O23")
    reply = say(conv, "/volgende")
    assert reply[0].kind == WARNING and "laatste norm" in reply[0].text
    assert conv.current_norm.id == "O23"


def test_previous_without_any_norm_says_what_to_type(audit_file, normset):
    conv = Conversation(audit_file, normset)
    assert "/norm ID" in only_error(conv.handle("/vorige"))


# -- showing a norm ------------------------------------------------------------------------------


def test_a_norm_shows_text_count_gap_earlier_notes_and_questions(conv, audit_file, normset):
    say(conv, "/gesprek Mng teamleider", "/norm V5", "Casuïstiek in het teamoverleg.", "/citaat 'We leren veel.'")
    reply = say(conv, "/gesprek P twee ambulant werkers", "/norm v5")
    norm = normset.norm("V5")
    head = reply[0]
    assert head.kind == NORM and head.norm_id == "V5"
    assert head.text == f"V5: {norm.text}"
    # The running P interview is not "missing": it is what the next finding brings.
    assert ("1 van 3 bronnen — nog geen document en geen registratie of gegevens; P komt erbij met de eerste "
            "bevinding uit dit gesprek; nog geen oordeel") in head.lines
    earlier = next(message for message in reply if message.kind == LIST)
    assert earlier.lines == ("gesprek Mng — teamleider: Casuïstiek in het teamoverleg.",
                             "gesprek Mng — teamleider: [citaat] 'We leren veel.'")
    assert [message.text for message in reply if message.kind == QUESTION] == list(norm.questions_for("P"))


def test_a_document_as_current_source_shows_no_questions(conv):
    reply = say(conv, "/document werkinstructie", "/norm V5")
    assert not [message for message in reply if message.kind == QUESTION]


def test_the_application_note_of_the_wijkteams_set(registry):
    wijkteams = registry.get("wijkteams-2019")
    audit_file = AuditFile.in_memory(wijkteams.id, wijkteams.content_hash(), wijkteams.text_hashes())
    reply = Conversation(audit_file, wijkteams).handle("/norm V1")
    assert f"Toepassing: {wijkteams.norm('V1').application_note}" in reply[0].lines


def test_many_earlier_notes_are_summarised(conv):
    say(conv, "/document dossier", "/norm V5")
    for number in range(13):
        say(conv, f"notitie {number}")
    earlier = next(message for message in say(conv, "/norm V5") if message.kind == LIST)
    assert len(earlier.lines) == 11
    assert earlier.lines[0].startswith("(en 3 eerdere notities")
    assert earlier.lines[-1].endswith("notitie 12")


# -- notes and counting --------------------------------------------------------------------------


def test_three_notes_from_one_interview_are_one_source(conv, audit_file, normset):
    say(conv, "/gesprek P", "/norm V5")
    replies = [say(conv, text) for text in ("eerste", "/bewijs tweede", "/bevinding derde")]
    assert [reply[0].text for reply in replies] == [
        "opgeslagen — V5: 1 van 3 bronnen",
        "opgeslagen als bewijs — V5: 1 van 3 bronnen",
        "opgeslagen — V5: 1 van 3 bronnen",
    ]
    reply = say(conv, "/document jaarverslag", "/bewijs p. 12")
    assert reply[0].text == "opgeslagen als bewijs — V5: 2 van 3 bronnen"
    assert source_count(audit_file, normset, "V5") == 2
    assert [note.kind for note in audit_file.snapshot().notes_for("V5")] == ["bevinding", "bewijs", "bevinding",
                                                                             "bewijs"]


def test_a_suggestie_does_not_count_but_a_citaat_does(conv, audit_file, normset):
    """A quote is evidence from its conversation (issue 12); a suggestion is the auditor's own idea."""
    say(conv, "/observatie teamoverleg", "/norm V5")
    reply = say(conv, "/suggestie vaker intervisie")
    assert reply[0].text == "opgeslagen als suggestie — V5: 0 van 3 bronnen"
    assert "telt niet als bron" in reply[0].lines[0]
    reply = say(conv, "/quote 'fijn team'")
    assert reply[0].text == "opgeslagen als citaat — V5: 1 van 3 bronnen" and not reply[0].lines
    assert [note.kind for note in audit_file.snapshot().notes] == ["suggestie", "citaat"]
    assert source_count(audit_file, normset, "V5") == 1


def test_the_count_goes_past_the_minimum(conv, audit_file):
    add_evidence(audit_file, "V5", 3)
    assert say(conv, "/gesprek P", "/norm V5", "nog een")[0].text == "opgeslagen — V5: 4 bronnen (minimaal 3)"


@pytest.mark.parametrize(
    "setup, line, expected",
    [
        ([], "een bevinding", "nog geen norm en geen bron"),
        (["/norm V5"], "een bevinding", "Er is geen huidige bron"),
        (["/document jaarverslag"], "een bevinding", "Er is geen huidige norm"),
        (["/document jaarverslag"], "/bewijs p. 3", "Kies eerst een norm met /norm ID"),
        (["/norm V5"], "/citaat 'zo gaat dat'", "/gesprek ROL"),
    ],
)
def test_a_note_needs_a_norm_and_a_source(conv, audit_file, setup, line, expected):
    say(conv, *setup)
    assert expected in only_error(say(conv, line))
    assert audit_file.snapshot().notes == ()


def test_an_empty_line_does_nothing(conv, audit_file):
    assert say(conv, "") == [] and say(conv, "   ") == []
    assert audit_file.snapshot().notes == ()


def test_bevinding_stores_text_that_starts_with_a_slash(conv, audit_file):
    say(conv, "/document map", "/norm V5", "/bevinding /gedeeld/beleid staat op de schijf")
    assert audit_file.snapshot().notes[0].text == "/gedeeld/beleid staat op de schijf"


def test_mark_last_rekinds_the_last_note_and_can_be_undone(conv, audit_file, normset):
    say(conv, "/document map", "/norm V5", "checklist gezien")
    reply = conv.mark_last("suggestie")
    assert reply[0].text == "opgeslagen als suggestie — V5: 0 van 3 bronnen"
    assert audit_file.snapshot().notes[0].kind == "suggestie"
    assert conv.mark_last("suggestie")[0].kind == WARNING
    say(conv, "/ongedaan")
    assert audit_file.snapshot().notes[0].kind == "bevinding"
    assert conv.mark_last("onzin")[0].kind == ERROR


def test_mark_last_without_a_note(conv):
    assert "nog geen notitie" in only_error(conv.mark_last("bewijs"))


# -- sources -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command, kind", [("document", "document"), ("registratie", "registratie"),
                                           ("observatie", "observatie"), ("gegevens", "gegevens"),
                                           ("doc", "document"), ("data", "gegevens")])
def test_non_interview_sources_become_current_without_a_walk(conv, audit_file, command, kind):
    say(conv, "/norm V7")
    reply = say(conv, f"/{command} jaarverslag 2025")
    source = conv.current_source
    assert (source.kind, source.label, source.roles) == (kind, "jaarverslag 2025", ())
    assert reply[0].text == f"Bron 1: {kind} — jaarverslag 2025 is de huidige bron."
    assert "Huidige norm blijft V7" in reply[0].lines[0]
    assert conv.current_norm.id == "V7" and conv.queue == ()
    assert audit_file.snapshot().sources == (source,)


def test_bronnen_lists_and_bron_switches_and_resumes_the_walk(conv, audit_file):
    assert say(conv, "/bronnen")[0].text.startswith("Nog geen bronnen")
    first_norm = shown_norm(say(conv, "/gesprek P twee werkers"))
    say(conv, "eerste")
    say(conv, "/document werkinstructie")  # named during the interview: the interview stays current
    reply = say(conv, "/bronnen")
    assert reply[0].lines == ("1. gesprek P — twee werkers (2026-11-20) — 1 notitie (huidige bron)",
                              "2. document — werkinstructie — 0 notities")
    say(conv, "/bron 2", "/norm O3")
    reply = say(conv, "/bronnen")
    assert reply[0].kind == LIST
    assert reply[0].lines == ("1. gesprek P — twee werkers (2026-11-20) — 1 notitie",
                              "2. document — werkinstructie — 0 notities (huidige bron)")
    reply = say(conv, "/bron 1")
    assert conv.current_source.kind == "gesprek"
    assert shown_norm(reply) == first_norm and conv.current_norm.id == first_norm
    reply = say(conv, "/bron 2")
    assert conv.current_source.kind == "document" and conv.current_norm.id == first_norm
    assert reply[0].lines == (f"Huidige norm blijft {first_norm}.",)


@pytest.mark.parametrize("argument", ["0", "3", "twee", "-1"])
def test_bron_refuses_numbers_that_do_not_exist(conv, argument):
    say(conv, "/document a", "/document b")
    assert "Typ een nummer van 1 tot en met 2" in only_error(say(conv, f"/bron {argument}"))


def test_bron_without_sources(conv):
    assert "nog geen bronnen" in only_error(say(conv, "/bron 1"))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("/gesprek teamleider P", "Onbekende rol 'teamleider'. Kies uit P, Mng, P&O, CB, BV, nbV, S, BKC"),
        ("/gesprek P,X", "Onbekende rol 'X'"),
        ("/gesprek ,", "Geef ten minste één rol"),
        ("/gesprek --alle", "Na /gesprek hoort nog iets"),
        ("/gesprek P --snel", "Onbekende optie '--snel'"),
        ("/gesprek P --datum 20-11-2026", "'20-11-2026' is geen datum in de vorm JJJJ-MM-DD"),
        ("/gesprek P --datum", "is geen datum"),
    ],
)
def test_gesprek_refuses_bad_input_and_stores_nothing(conv, audit_file, line, expected):
    assert expected in only_error(say(conv, line))
    assert audit_file.snapshot().sources == ()
    assert conv.current_source is None


def test_gesprek_takes_a_date(conv):
    say(conv, "/gesprek P --datum 2026-11-03 twee werkers")
    assert conv.current_source.date == "2026-11-03"
    assert conv.current_source.label == "twee werkers"
    say(conv, "/gesprek Mng --datum=2026-11-04")
    assert conv.current_source.date == "2026-11-04"


def test_start_interview_is_the_same_as_gesprek(conv, audit_file):
    reply = conv.start_interview(("p", "MNG"), "teamleider", "2026-11-19")
    assert reply[0].kind == CONFIRMATION
    source = audit_file.snapshot().sources[0]
    assert (source.roles, source.label, source.date) == (("P", "Mng"), "teamleider", "2026-11-19")
    assert "Onbekende rol" in only_error(conv.start_interview(("Piet",), "", ""))


# -- norms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, norm_id", [("V5", "V5"), ("v5", "V5"), ("d11", "D11"), ("O23", "O23")])
def test_norm_is_case_insensitive(conv, typed, norm_id):
    assert shown_norm(say(conv, f"/norm {typed}")) == norm_id
    assert conv.current_norm.id == norm_id


def test_goto_norm_is_the_same_as_norm(conv):
    assert shown_norm(conv.goto_norm("o4")) == "O4"
    assert "Onbekende norm" in only_error(conv.goto_norm("Z1"))


@pytest.mark.parametrize("typed", ["V16", "X1", "5"])
def test_an_unknown_norm_lists_the_ranges(conv, typed):
    message = only_error(say(conv, f"/norm {typed}"))
    assert f"Onbekende norm '{typed}'" in message
    assert "V1 tot en met V15, D1 tot en met D11, O1 tot en met O23" in message
    assert conv.current_norm is None


# -- judging -------------------------------------------------------------------------------------


def test_judging_needs_a_norm_but_no_source(conv, audit_file):
    reply = say(conv, "/norm V5", "/oordeel +/- Intervisie is er, maar niet structureel.")
    assert reply[0].text == "oordeel V5: verbeterpunt (+/-) opgeslagen"
    judgement = audit_file.judgement("V5")
    assert (judgement.value, judgement.report_text) == ("+/-", "Intervisie is er, maar niet structureel.")
    assert any(message.kind == WARNING and "blijft open" in message.text for message in reply)
    assert audit_file.snapshot().sources == ()


def test_oordeel_without_text_keeps_the_report_text_and_verslag_keeps_the_value(conv, audit_file):
    say(conv, "/norm V5", "/oordeel + Eerste tekst.", "/ja", "/oordeel -")
    assert (audit_file.judgement("V5").value, audit_file.judgement("V5").report_text) == ("-", "Eerste tekst.")
    reply = say(conv, "/verslag Nieuwe tekst.")
    assert reply[0].text == "rapporttekst V5 opgeslagen"
    assert (audit_file.judgement("V5").value, audit_file.judgement("V5").report_text) == ("-", "Nieuwe tekst.")


def test_verslag_before_oordeel_stores_text_without_value(conv, audit_file, normset):
    reply = say(conv, "/norm O3", "/verslag Nog te beoordelen.")
    assert "/oordeel WAARDE" in reply[0].lines[0]
    assert audit_file.judgement("O3").value is None
    assert "O3" in rules.totals(audit_file.snapshot(), normset).unjudged


@pytest.mark.parametrize("typed, code", [("+", "+"), ("+/-", "+/-"), ("-", "-"), ("nvt", "nvt"), ("NB", "nb"),
                                         ("+-", "+/-"), ("±", "+/-"), ("n.v.t.", "nvt")])
def test_judgement_codes(conv, audit_file, typed, code):
    say(conv, "/gesprek P", "/norm V5", "Een bevinding uit de praktijk.", f"/oordeel {typed}")
    assert audit_file.judgement("V5").value == code


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("voldoet", "Typ het oordeel als code: /oordeel + voor 'voldoet'"),
        ("voldoet niet want", "/oordeel - voor 'voldoet niet'"),
        ("Verbeterpunt", "/oordeel +/- voor 'verbeterpunt'"),
        ("niet van toepassing", "/oordeel nvt"),
        ("goed", "Onbekend oordeel 'goed'. Kies uit + (voldoet); +/- (verbeterpunt)"),
    ],
)
def test_a_judgement_word_is_refused_with_its_code(conv, audit_file, typed, expected):
    say(conv, "/norm V5")
    assert expected in only_error(say(conv, f"/oordeel {typed}"))
    assert audit_file.judgement("V5") is None


@pytest.mark.parametrize("line", ["/oordeel +", "/verslag tekst"])
def test_judging_without_a_norm_says_what_to_type(conv, audit_file, line):
    assert "Kies eerst een norm met /norm ID" in only_error(say(conv, line))
    assert audit_file.snapshot().judgements == {}


def test_not_applicable_needs_no_sources_and_closes_the_norm(conv, audit_file, normset):
    reply = say(conv, "/norm O11", "/oordeel nvt Geen vrijwilligers.")
    assert [message.kind for message in reply] == [CONFIRMATION]
    assert not rules.norm_statuses(audit_file.snapshot(), normset)["O11"].is_open


def test_the_fourth_fail_warns_that_a_positive_advice_is_no_longer_possible(conv, normset):
    for norm_id in normset.norm_ids[:3]:
        reply = say(conv, f"/norm {norm_id}", "/oordeel -")
        assert not any("niet meer mogelijk" in message.text for message in reply)
    reply = say(conv, f"/norm {normset.norm_ids[3]}", "/oordeel -")
    assert any(message.kind == WARNING and "niet meer mogelijk" in message.text for message in reply)


# -- overviews -----------------------------------------------------------------------------------


def test_open_groups_open_norms_by_rubriek_with_counts(conv, audit_file, normset):
    add_evidence(audit_file, "V5", 3)
    audit_file.put_judgement(Judgement.new("V5", "+"))
    audit_file.put_judgement(Judgement.new("O11", "nvt"))
    audit_file.put_judgement(Judgement.new("V6", "+"))
    reply = say(conv, "/open")
    assert [message.kind for message in reply] == [LIST]
    assert reply[0].text.startswith(f"Open normen: {len(normset.norms) - 1} van {len(normset.norms)}")
    body = "\n".join(reply[0].lines)
    assert "Vakmanschap: 15 open" in body and "Organisatie en bestuur: 22 open" in body
    assert "O11" not in body
    assert ("V5   3 van 3 bronnen, voldoet (+) — alleen papier: nog geen gesprek (P of Mng) of observatie"
            in body), "three documents are paper only: the norm stays open"
    assert "V6   0 van 3 bronnen, voldoet (+) — nog geen gesprek (P) of observatie" in body
    source = audit_file.put_source(Source.new("observatie", "teamoverleg"))
    audit_file.put_note(Note.new("V5", source.id, "bevinding", "Casus besproken."))
    assert "V5 " not in "\n".join(say(conv, "/open")[0].lines)


def test_open_with_nothing_open(conv, audit_file, normset):
    for norm in normset.norms:
        audit_file.put_judgement(Judgement.new(norm.id, "nvt"))
    assert say(conv, "/open")[0].text.startswith("Geen open normen")


def test_status_shows_totals_sources_per_norm_and_advice(conv, audit_file, normset):
    add_evidence(audit_file, "V1", 2)
    for norm_id in ("V1", "V2", "V3", "V4"):
        audit_file.put_judgement(Judgement.new(norm_id, "-"))
    reply = say(conv, "/status")
    assert [message.kind for message in reply] == [LIST, LIST]
    body = "\n".join(reply[0].lines)
    assert "Oordelen: 0 voldoet, 0 verbeterpunt, 4 voldoet niet, 0 niet van toepassing, 0 niet beoordeeld; " \
           f"{len(normset.norms) - 4} nog zonder oordeel" in body
    assert "Bronnen: 2 (2 documenten); 2 notities." in body
    assert "Vakmanschap: V1 2, V2 0," in body
    assert reply[1].text == "Advies: Negatief (voorlopig: 45 normen nog zonder oordeel)"
    assert "4 normen 'voldoet niet' (ten hoogste 3 toegestaan)" in reply[1].lines


def test_plan_forecasts_with_one_interview_per_comma_and_joint_interviews_with_plus(conv, audit_file, normset):
    reply = say(conv, "/plan P,Mng,p&o")
    expected = rules.plan(audit_file.snapshot(), normset, [("P",), ("Mng",), ("P&O",)])
    assert reply[0].kind == LIST
    assert reply[0].text == (f"Na 3 geplande gesprekken (P, Mng, P&O) hebben nog {len(expected)} normen "
                             "minder dan 3 bronnen:")
    assert [line.split()[0] for line in reply[0].lines] == [item.norm_id for item in expected]
    joint = say(conv, "/plan P+Mng CB")
    assert "(P+Mng, CB)" in joint[0].text
    assert "Onbekende rol 'Q'" in only_error(say(conv, "/plan P,Q"))
    assert "Na /plan hoort nog iets" in only_error(say(conv, "/plan ,"))


def test_plan_when_everything_will_be_covered(conv, audit_file, normset):
    add_evidence(audit_file, "V1", 3)
    for norm in normset.norms[1:]:
        audit_file.put_judgement(Judgement.new(norm.id, "nvt"))
    assert "heeft elke norm ten minste 3 bronnen" in say(conv, "/plan P")[0].text


# -- kerngegevens and summary ---------------------------------------------------------------------


def test_kern_sets_a_field_and_lists_them(conv, audit_file):
    reply = say(conv, "/kern scope maatschappelijk werk en wijkteams")
    assert reply[0].text == ("kerngegeven opgeslagen — Scope (werkprocessen / organisatieonderdelen die getoetst "
                             "zijn; één per regel): maatschappelijk werk en wijkteams")
    assert audit_file.snapshot().kern.scope == "maatschappelijk werk en wijkteams"
    say(conv, "/kern Contact-Mail info@voorbeeld.nl", "/kern datum_inzending 2026-12-01")
    kern = audit_file.snapshot().kern
    assert (kern.contact_mail, kern.datum_inzending) == ("info@voorbeeld.nl", "2026-12-01")
    listing = say(conv, "/kern")[0]
    assert listing.kind == LIST and "scope: maatschappelijk werk en wijkteams" in listing.lines
    assert "adres: —" in listing.lines


@pytest.mark.parametrize(
    "line, expected",
    [
        ("/kern telefoon 010", "Onbekend kerngegeven 'telefoon'. Mogelijk zijn: organisatie, adres"),
        ("/kern adres", "Geef ook de waarde: /kern adres WAARDE (of /kern adres --leeg"),
        ("/kern datum_inzending morgen", "'morgen' is geen datum in de vorm JJJJ-MM-DD"),
        ("/kern datum_inzending 2026-2-1", "is geen datum"),
    ],
)
def test_kern_refuses_bad_input(conv, audit_file, line, expected):
    before = audit_file.snapshot().kern
    assert expected in only_error(say(conv, line))
    assert audit_file.snapshot().kern == before


def test_summary_commands(conv, audit_file):
    say(conv, "/compliment Betrokken team.", "/compliment Heldere dossiers.")
    reply = say(conv, "/zorgpunt Klachtregistratie onvolledig.")
    assert reply[0].text == "zorgpunt toegevoegd (1 zorgpunt)"
    say(conv, "/toelichting Eerste versie.", "/toelichting Twee locaties bezocht.")
    summary = audit_file.snapshot().summary
    assert summary.complimenten == ("Betrokken team.", "Heldere dossiers.")
    assert summary.zorgpunten == ("Klachtregistratie onvolledig.",)
    assert summary.toelichting == "Twee locaties bezocht."


# -- undo ----------------------------------------------------------------------------------------


def test_undo_reverts_each_kind_of_change_in_reverse_order(conv, audit_file):
    empty = audit_file.snapshot()
    say(conv, "/gesprek P twee werkers", "/norm V5", "een bevinding", "/oordeel +", "/oordeel - Tekst.",
        "/verslag Andere tekst.", "/kern adres Dorpsstraat 1", "/compliment Goed.", "/toelichting Kort.")
    snapshots = []
    steps = ["toelichting", "compliment", "kern", "verslag", "oordeel -", "oordeel +", "note", "source"]
    for _ in steps:
        snapshots.append(audit_file.snapshot())
        reply = say(conv, "/ongedaan")
        assert reply[0].kind == CONFIRMATION and reply[0].text.startswith("Ongedaan gemaakt: ")
    after = audit_file.snapshot()
    assert (after.sources, after.notes, after.judgements) == ((), (), {})
    assert (after.kern, after.summary) == (empty.kern, empty.summary)
    assert conv.current_source is None
    assert snapshots[1].summary.toelichting == "" and snapshots[1].summary.complimenten == ("Goed.",)
    assert snapshots[3].judgements["V5"].report_text == "Andere tekst."
    assert snapshots[4].judgements["V5"].report_text == "Tekst."
    assert snapshots[5].judgements["V5"].value == "+"
    assert say(conv, "/undo")[0].text == "Er is in deze sessie nog niets om ongedaan te maken."


def test_undo_of_a_source_restores_the_previous_current_source(conv):
    say(conv, "/document eerste", "/document tweede")
    assert conv.current_source.label == "tweede"
    reply = say(conv, "/ongedaan")
    assert reply[0].text == "Ongedaan gemaakt: de nieuwe bron 'document — tweede'."
    assert conv.current_source.label == "eerste"


def test_undo_of_a_note_reports_the_new_count(conv, audit_file):
    say(conv, "/document dossier", "/norm V5", "iets gezien")
    reply = say(conv, "/ongedaan")
    assert reply[0].text == "Ongedaan gemaakt: de bevinding bij V5 ('iets gezien')."
    assert reply[0].lines == ("Huidige norm V5: 0 van 3 bronnen.",)
    assert audit_file.snapshot().notes == ()


def test_undo_only_covers_this_session(audit_file, normset):
    audit_file.put_judgement(Judgement.new("V5", "+"))
    conv = Conversation(audit_file, normset)
    assert conv.handle("/ongedaan")[0].kind == WARNING
    assert audit_file.judgement("V5").value == "+"


# -- failures ------------------------------------------------------------------------------------

FAILURE = "Opslaan mislukt: de schijf is vol. Er is niets opgeslagen en niets verloren."


def fail(*args, **kwargs):
    raise SaveFailed(FAILURE)


@pytest.mark.parametrize(
    "method, line",
    [
        ("put_note", "een bevinding"),
        ("put_note", "/bewijs gezien"),
        ("put_source", "/gesprek Mng teamleider"),
        ("put_source", "/document jaarverslag"),
        ("put_judgement", "/oordeel +/-"),
        ("put_judgement", "/verslag tekst"),
        ("put_kern", "/kern adres Dorpsstraat 1"),
        ("put_summary", "/zorgpunt iets"),
    ],
)
def test_a_failed_save_is_one_error_with_the_store_message_and_changes_nothing(
        conv, audit_file, monkeypatch, method, line):
    say(conv, "/gesprek P", "/norm V5")
    before = audit_file.snapshot()
    source, norm, could_undo = conv.current_source, conv.current_norm, conv.can_undo
    monkeypatch.setattr(audit_file, method, fail)
    assert only_error(say(conv, line)) == FAILURE
    assert audit_file.snapshot() == before
    assert conv.can_undo == could_undo, "een mislukte opslag zet niets op de ongedaan-stapel"
    assert (conv.current_source, conv.current_norm) == (source, norm)
    monkeypatch.undo()
    assert say(conv, "/ongedaan")[0].text.startswith("Ongedaan gemaakt: de nieuwe bron")


def test_a_failed_undo_keeps_the_step(conv, audit_file, monkeypatch):
    say(conv, "/document dossier", "/norm V5", "iets")
    monkeypatch.setattr(audit_file, "delete_note", fail)
    assert only_error(say(conv, "/ongedaan")) == FAILURE
    monkeypatch.undo()
    assert say(conv, "/ongedaan")[0].kind == CONFIRMATION
    assert audit_file.snapshot().notes == ()


def test_a_read_only_audit_refuses_changes(tmp_path: Path, normset):
    path = tmp_path / "alleen.toets"
    AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes()).close()
    audit_file = AuditFile.open(path, read_only=True)
    try:
        conv = Conversation(audit_file, normset)
        assert "Alleen-lezen" in "\n".join(conv.opening()[0].lines)
        assert "alleen-lezen" in only_error(conv.handle("/document jaarverslag"))
        assert shown_norm(conv.handle("/norm V5")) == "V5"
    finally:
        audit_file.close()


# -- help, stop, state ---------------------------------------------------------------------------


def test_help(conv):
    assert say(conv, "/help")[0].kind == HELP
    assert say(conv, "/help oordeel")[0].text == "/oordeel WAARDE [TEKST]"
    assert "Er is geen opdracht 'zwemmen'" in only_error(say(conv, "/help zwemmen"))


def test_unknown_commands_are_refused_and_the_conversation_goes_on(conv, audit_file):
    say(conv, "/document dossier", "/norm V5")
    assert "Bedoelt u /volgende?" in only_error(say(conv, "/volgnde"))
    assert say(conv, "gewoon verder")[0].kind == CONFIRMATION
    assert len(audit_file.snapshot().notes) == 1


def test_stop_finishes_the_session(conv):
    reply = say(conv, "/stop")
    assert reply[0].kind == CONFIRMATION and conv.finished
    assert "beëindigd" in only_error(say(conv, "nog iets"))


def test_status_line(conv, audit_file):
    assert conv.status_line() == "geen bron | geen norm"
    say(conv, "/gesprek P ambulant werkers")
    norm_id = conv.current_norm.id
    left = len(conv.queue)
    assert conv.status_line() == (f"bron 1: gesprek P — ambulant werkers | norm {norm_id}: 0 van 3 bronnen | "
                                  f"nog {left} in rondgang")
    say(conv, "iets")
    assert f"norm {norm_id}: 1 van 3 bronnen" in conv.status_line()
    say(conv, "/document jaarverslag")  # during the interview: it takes the next /bewijs, the interview speaks
    assert conv.status_line() == (f"bron 1: gesprek P — ambulant werkers | /bewijs: bron 2: document — jaarverslag "
                                  f"| norm {norm_id}: 1 van 3 bronnen | nog {left} in rondgang")
    say(conv, "/bewijs p. 4")
    assert conv.status_line() == (f"bron 1: gesprek P — ambulant werkers | norm {norm_id}: 2 van 3 bronnen | "
                                  f"nog {left} in rondgang")
    say(conv, "/bron 2")
    assert conv.status_line() == f"bron 2: document — jaarverslag | norm {norm_id}: 2 van 3 bronnen"


def test_names_for_completion(conv, normset):
    assert conv.command_names()[:2] == ["/gesprek", "/document"]
    assert "/ongedaan" in conv.command_names()
    assert conv.norm_ids() == list(normset.norm_ids)


def test_every_message_kind_is_known(conv):
    replies = [say(conv, line) for line in ("/gesprek P", "x", "/open", "/help", "/norm Q", "/vorige")]
    assert {message.kind for reply in replies for message in reply} <= set(KINDS)
    with pytest.raises(ValueError):
        Message("shout", "HALLO")


def test_the_engine_imports_no_user_interface():
    code = ("import sys, flows.engine, flows.commands, flows.text, flows.messages; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'prompt_toolkit')]; "
            "sys.exit(1 if bad else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- the Dutch wording helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, minimum, expected",
    [(0, 3, "0 van 3 bronnen"), (1, 3, "1 van 3 bronnen"), (3, 3, "3 van 3 bronnen"), (5, 3, "5 bronnen (minimaal 3)")],
)
def test_sources_phrase(count, minimum, expected):
    assert fmt.sources_phrase(count, minimum) == expected


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("kort", 10, "kort"),
        ("  regel\nmet   witruimte ", 40, "regel met witruimte"),
        ("een lange zin die niet past", 12, "een lange…"),
        ("onafgebrokenwoord", 8, "onafgeb…"),
    ],
)
def test_shorten(text, width, expected):
    assert fmt.shorten(text, width) == expected


@pytest.mark.parametrize(
    "message, expected",
    [
        (Message(ERROR, "Mis.", ("regel",)), ["Fout: Mis.", "  regel"]),
        (Message(WARNING, "Let hierop."), ["Let op: Let hierop."]),
        (Message(QUESTION, "Hoe?"), ["Vraag: Hoe?"]),
        (Message(LIST, "Lijst", ("a", "", "b")), ["Lijst", "  a", "", "  b"]),
    ],
)
def test_plain_lines(message, expected):
    assert fmt.plain_lines(message) == expected


def test_normset_drift_names_the_changed_norms(normset):
    hashes = normset.text_hashes()
    hashes["D3"] = "verouderd"
    hashes["X1"] = "vervallen"
    del hashes["O1"]
    audit_file = AuditFile.in_memory(normset.id, "anders", hashes)
    warning = fmt.normset_drift(audit_file.meta, normset)
    assert warning.kind == WARNING
    assert warning.lines[:3] == ("Andere normtekst: D3", "Nieuwe normen: O1", "Vervallen normen: X1")
    same = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())
    assert fmt.normset_drift(same.meta, normset) is None


def test_confirmation_waits_for_ja_and_any_other_line_drops_it(conv, audit_file):
    done: list[str] = []

    def act() -> list:
        done.append("gedaan")
        return [Message(CONFIRMATION, "uitgevoerd")]

    asked = conv.ask("Weet u het zeker?", "de proef", act)
    assert asked[0].kind == "confirm" and conv.awaiting_confirmation == "de proef"
    assert say(conv, "/ja")[0].text == "uitgevoerd" and done == ["gedaan"]
    assert conv.awaiting_confirmation is None
    assert say(conv, "/ja")[0].text == "Er is niets om te bevestigen."
    conv.ask("Weet u het zeker?", "de proef", act)
    assert say(conv, "/nee")[0].text == "Niet gedaan: de proef." and done == ["gedaan"]
    conv.ask("Weet u het zeker?", "de proef", act)
    reply = say(conv, "/help")
    assert reply[0].text == "Niet bevestigd, dus niet gedaan: de proef." and done == ["gedaan"]
