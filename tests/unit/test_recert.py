"""Re-certification, table-driven: matching norm sets (the real built-in ones), what a new audit keeps of the
previous one, the previous audit's date, and which norms need a follow-up."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Judgement, Kerngegevens, Source
from assistant.store.model import FollowUp
from flows import recert


@pytest.fixture(scope="module")
def sets(registry):
    return {name: registry.get(name) for name in ("concept-2016", "sterk-sociaal-werk-2019", "wijkteams-2019")}


# -- matching ------------------------------------------------------------------------------------


def test_the_same_set_matches_norm_by_norm(sets):
    ns = sets["sterk-sociaal-werk-2019"]
    matched = recert.match_norms(ns, ns)
    assert matched.matches == {norm_id: norm_id for norm_id in ns.norm_ids}
    assert matched.unmatched == ()


def test_wijkteams_and_the_2019_set_have_the_same_norms(sets):
    matched = recert.match_norms(sets["wijkteams-2019"], sets["sterk-sociaal-werk-2019"])
    assert matched.matches == {norm_id: norm_id for norm_id in sets["wijkteams-2019"].norm_ids}
    assert matched.unmatched == ()


def test_48_of_the_52_norms_of_2016_have_a_2019_counterpart(sets):
    matched = recert.match_norms(sets["concept-2016"], sets["sterk-sociaal-werk-2019"])
    assert len(sets["concept-2016"].norms) == 52
    assert len(matched.matches) == 48
    # transparantie (V14), klachten en incidenten (D8), samenwerkingspartners (D13), the 10 competenties (O6)
    assert matched.unmatched == ("V14", "D8", "D13", "O6")
    assert min(matched.scores.values()) >= recert.MATCH_THRESHOLD
    new_in_2019 = [norm.id for norm in sets["sterk-sociaal-werk-2019"].norms if not matched.previous_for(norm.id)]
    assert new_in_2019 == ["D9", "D10", "D11", "O4", "O12"]


@pytest.mark.parametrize(
    "old, new",
    [
        ("V2", "V2"),     # the same text and number
        ("V1", "V1"),     # reworded (10 WMO competenties -> beroepscompetentieprofiel), same number
        ("V15", "V14"),   # the same text, renumbered (2016 V14 was dropped)
        ("V16", "V15"),
        ("D1", "O3"),     # moved from Dienstverlening to Organisatie
        ("D3", "O6"),     # "De organisatie ... vernieuwing": not V11, whose subject is the professionals
        ("D10", "D7"),    # D10 and D11 were merged into D7
        ("D11", "D7"),
        ("D14", "O11"),   # vrijwilligers: visie and werkwijze merged into O11, not the stagiaires' O12
        ("D15", "O11"),
        ("O10", "O16"),   # veilige werksituatie, extended
        ("O13", "O19"),   # O13 and O14 merged into O19
        ("O14", "O19"),
        ("O18", "O22"),   # O18 and O19 merged into O22
        ("O19", "O22"),
        ("O20", "O23"),
    ],
)
def test_2016_norms_match_the_2019_norm_that_says_the_same(sets, old, new):
    matched = recert.match_norms(sets["concept-2016"], sets["sterk-sociaal-werk-2019"])
    assert matched.matches[old] == new


def test_matching_back_from_2019_to_2016_leaves_the_new_norms_out(sets):
    matched = recert.match_norms(sets["sterk-sociaal-werk-2019"], sets["concept-2016"])
    # samenwerkingspartners (now the professionals'), bedrijfskritische vrijwilligers and stagiaires, gedachtegoed
    assert matched.unmatched == ("D9", "D10", "D11", "O4")
    assert matched.matches["V14"] == "V15"


@pytest.mark.parametrize(
    "previous_text, current_text, at_least, at_most",
    [
        ("Professionals werken aan vernieuwing.", "Professionals werken aan vernieuwing.", 1.0, 1.0),
        ("De organisatie zorgt voor een veilige werksituatie.",
         "De organisatie stelt vast wat nodig is voor een veilige werksituatie en houdt zich aan de ARBO.", 0.3, 0.9),
        ("Professionals zijn transparant.", "De organisatie heeft een dossier van elke medewerker.", 0.0, 0.1),
    ],
)
def test_norm_similarity(previous_text, current_text, at_least, at_most):
    assert at_least <= recert.norm_similarity(previous_text, current_text) <= at_most


# -- what the new audit keeps --------------------------------------------------------------------


def previous_file(ns, judgements: dict[str, tuple[str | None, str]], kern: Kerngegevens | None = None) -> AuditFile:
    audit_file = AuditFile.in_memory(ns.id, ns.content_hash(), ns.text_hashes(), kern or Kerngegevens(organisatie="Oud"))
    for norm_id, (value, text) in judgements.items():
        audit_file.put_judgement(Judgement.new(norm_id, value, text))
    return audit_file


def test_the_same_set_keeps_every_judged_norm_by_id(sets):
    ns = sets["sterk-sociaal-werk-2019"]
    old = previous_file(ns, {"V1": ("+", "Goed."), "V3": ("+/-", "Signalen blijven liggen."), "D2": ("-", ""),
                             "O1": (None, "Alleen tekst."), "O2": (None, "")},
                        Kerngegevens(organisatie="Oud", datum_definitief="2024-03-12"))
    kept = recert.previous_audit(old.snapshot(), ns, ns, "oud.toets")
    assert (kept.date, kept.normset_id, kept.organisation, kept.source, kept.unmatched) == (
        "2024-03-12", ns.id, "Oud", "oud.toets", ())
    assert {norm_id: (record.value, record.report_text, record.previous_norm_id)
            for norm_id, record in kept.judgements.items()} == {
        "V1": ("+", "Goed.", ""), "V3": ("+/-", "Signalen blijven liggen.", ""), "D2": ("-", "", ""),
        "O1": (None, "Alleen tekst.", "")}


def test_another_set_keeps_judgements_under_the_matching_norm_and_merged_norms_carry_the_worst(sets):
    old_set, new_set = sets["concept-2016"], sets["sterk-sociaal-werk-2019"]
    old = previous_file(old_set, {"V15": ("-", "Kosten onbekend."), "D10": ("+", "Afsluiting goed."),
                                  "D11": ("+/-", "Nazorg niet vastgelegd."), "V14": ("+/-", "Niet transparant.")})
    kept = recert.previous_audit(old.snapshot(), old_set, new_set)
    assert set(kept.judgements) == {"V14", "D7"}
    assert (kept.judgements["V14"].value, kept.judgements["V14"].previous_norm_id) == ("-", "V15")
    merged = kept.judgements["D7"]
    assert (merged.value, merged.previous_norm_id) == ("+/-", "D10, D11")
    assert merged.report_text == "D10 (+): Afsluiting goed.\n\nD11 (+/-): Nazorg niet vastgelegd."
    assert kept.unmatched == ("V14", "D8", "D13", "O6")
    assert kept.normset_id == "concept-2016"


@pytest.mark.parametrize(
    "kern, source_dates, created, expected",
    [
        ({"datum_definitief": "2024-03-12", "datum_verslag_team": "2024-02-01"}, ["2024-01-15"], "2024-01-01", "2024-03-12"),
        ({"datum_verslag_team": "2024-02-01"}, ["2024-01-15"], "2024-01-01", "2024-02-01"),
        ({}, ["2024-01-15", "2024-01-20", ""], "2024-01-01", "2024-01-20"),
        ({"datum_definitief": "geen datum"}, [], "2024-01-01T10:00:00+00:00", "2024-01-01"),
        ({}, [], "", ""),
    ],
)
def test_the_previous_audits_date(sets, kern, source_dates, created, expected):
    from dataclasses import replace

    ns = sets["sterk-sociaal-werk-2019"]
    audit_file = AuditFile.in_memory(ns.id, kern=Kerngegevens(**kern))
    for number, day in enumerate(source_dates):
        audit_file.put_source(Source.new("gesprek", f"gesprek {number}", ("P",), day))
    audit = audit_file.snapshot()
    audit = replace(audit, meta=replace(audit.meta, created=created))
    assert recert.audit_date(audit) == expected


# -- follow-ups ------------------------------------------------------------------------------------


def test_every_previous_verbeterpunt_and_fail_is_a_follow_up_until_recorded(sets):
    ns = sets["sterk-sociaal-werk-2019"]
    old = previous_file(ns, {"V1": ("+", ""), "V3": ("+/-", ""), "D2": ("-", ""), "O1": ("nvt", ""), "O2": ("nb", "")})
    new = AuditFile.in_memory(ns.id, ns.content_hash(), ns.text_hashes())
    assert recert.follow_up_norms(new.snapshot(), ns) == ()
    new.set_previous(recert.previous_audit(old.snapshot(), ns, ns))
    assert recert.follow_up_norms(new.snapshot(), ns) == ("V3", "D2")
    assert recert.open_follow_ups(new.snapshot(), ns) == ("V3", "D2")
    new.put_follow_up(FollowUp("V3", "deels", "Register is er, nog niet gevuld."))
    new.put_follow_up(FollowUp("D2", "niet", "   "))  # a state without a sentence is not recorded yet
    assert recert.open_follow_ups(new.snapshot(), ns) == ("D2",)


@pytest.mark.parametrize(
    "norm_id, state, text, refusal",
    [
        ("V3", "deels", "Register is er.", None),
        ("V3", "deels", "  ", "Schrijf er een zin bij"),
        ("V3", "misschien", "Tekst.", "Onbekende stand 'misschien'"),
        ("V1", "opgevolgd", "Tekst.", "V1 was bij de vorige toetsing geen verbeterpunt en geen 'voldoet niet' (vorig oordeel: +)"),
        ("V2", "opgevolgd", "Tekst.", "(geen vorig oordeel)"),
    ],
)
def test_follow_up_refusals(sets, norm_id, state, text, refusal):
    ns = sets["sterk-sociaal-werk-2019"]
    new = AuditFile.in_memory(ns.id, ns.content_hash(), ns.text_hashes())
    new.set_previous(recert.previous_audit(previous_file(ns, {"V1": ("+", ""), "V3": ("+/-", "")}).snapshot(), ns, ns))
    found = recert.follow_up_refusal(new.snapshot(), ns, norm_id, state, text)
    assert (found is None) if refusal is None else (refusal in found)


def test_follow_up_needs_a_previous_audit(sets):
    ns = sets["sterk-sociaal-werk-2019"]
    new = AuditFile.in_memory(ns.id, ns.content_hash(), ns.text_hashes())
    assert "--vorige" in recert.follow_up_refusal(new.snapshot(), ns, "V3", "deels", "Tekst.")


@pytest.mark.parametrize("word, state", [("opgevolgd", "opgevolgd"), ("Deels", "deels"), ("gedeeltelijk", "deels"),
                                         ("niet", "niet"), ("NEE", "niet"), ("niet-opgevolgd", "niet"), ("half", None)])
def test_follow_up_words(word, state):
    assert recert.follow_up_state(word) == state
