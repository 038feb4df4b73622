"""Every norm has questions for each of its roles; no question is empty or duplicated.

In the wijkteams set the application note decides: a norm whose note changes what is asked has its own
questions, the others keep the 2019 questions word for word, and the file says which is which.
"""

from __future__ import annotations

import re

import pytest

from normsets import ROLES, NormSetRegistry

SETS = ["sterk-sociaal-werk-2019", "wijkteams-2019", "concept-2016"]


@pytest.mark.parametrize("set_id", SETS)
def test_every_role_has_questions(registry: NormSetRegistry, set_id: str) -> None:
    normset = registry.get(set_id)
    minimum = 1 if set_id == "concept-2016" else 2
    for norm in normset.norms:
        for role in norm.roles:
            questions = norm.questions_for(role)
            assert len(questions) >= minimum, f"{norm.id}/{role}: {len(questions)} vragen"
        for role in norm.extra_roles:
            assert norm.questions_for(role), f"{norm.id}/{role} (aanvulling) zonder vragen"


@pytest.mark.parametrize("set_id", SETS)
def test_questions_are_real_questions(registry: NormSetRegistry, set_id: str) -> None:
    normset = registry.get(set_id)
    for norm in normset.norms:
        seen: set[str] = set()
        for role in norm.all_roles:
            assert role in ROLES
            for question in norm.questions_for(role):
                assert question.strip() and question.rstrip().endswith("?"), f"{norm.id}/{role}: {question!r}"
                assert question not in seen, f"{norm.id}: dubbele vraag {question!r}"
                seen.add(question)


def test_additions_named_by_the_issue(registry: NormSetRegistry) -> None:
    normset = registry.get("sterk-sociaal-werk-2019")
    assert "BV" in normset.norm("D10").extra_roles
    assert "S" in normset.norm("D11").extra_roles
    for number in range(2, 9):
        assert "CB" in normset.norm(f"D{number}").extra_roles


def test_json_shape(registry: NormSetRegistry) -> None:
    data = registry.get("sterk-sociaal-werk-2019").to_json_dict()
    assert data["id"] == "sterk-sociaal-werk-2019" and data["min_bronnen"] == 3
    assert len(data["normen"]) == 49
    first = data["normen"][0]
    assert set(first) >= {"id", "rubriek", "nummer", "tekst", "rollen", "toepassing", "vragen"}
    assert first["rollen"] == ["P", "P&O"] and set(first["vragen"]) >= {"P", "P&O"}


# -- wijkteams-2019: the application note decides which questions a norm gets ---------------------------

OWN, KEPT = "eigen vragen", "vragen van 2019"
NORM_MARKER = re.compile(r"^# (?P<id>[VDO]\d+) \((?P<kind>eigen vragen|vragen van 2019)\): \S", re.M)
HEADER_LIST = re.compile(r"^# (?P<kind>Eigen vragen|Vragen van 2019) \((?P<count>\d+)\): (?P<ids>.*?)\.?$"
                         r"(?P<more>(?:\n#   [VDO]\d+(?:, [VDO]\d+)*\.?)?)", re.M)


def wijkteams_markers(registry: NormSetRegistry) -> dict[str, str]:
    """Norm id -> OWN or KEPT, from the line above each [[norm]] in the wijkteams file."""
    text = registry.get("wijkteams-2019").source_toml
    markers = [(match["id"], match["kind"]) for match in NORM_MARKER.finditer(text)]
    ids_in_file_order = re.findall(r'^# [VDO]\d+ \(.*\n\[\[norm\]\]\nid = "([VDO]\d+)"', text, re.M)
    assert [norm_id for norm_id, _ in markers] == ids_in_file_order, "een markering staat niet direct boven haar [[norm]]"
    return dict(markers)


def test_every_wijkteams_norm_says_whether_it_has_its_own_questions(registry: NormSetRegistry) -> None:
    markers = wijkteams_markers(registry)
    normset = registry.get("wijkteams-2019")
    assert list(markers) == list(normset.norm_ids)
    header = {match["kind"].casefold(): (int(match["count"]), match["ids"] + match["more"])
              for match in HEADER_LIST.finditer(normset.source_toml)}
    for kind in (OWN, KEPT):
        count, listed = header[kind]
        listed_ids = re.findall(r"[VDO]\d+", listed)
        assert listed_ids == [norm_id for norm_id, marked in markers.items() if marked == kind]
        assert count == len(listed_ids)


def test_norms_with_their_own_questions_ask_something_else_than_2019(registry: NormSetRegistry) -> None:
    wijkteams, base = registry.get("wijkteams-2019"), registry.get("sterk-sociaal-werk-2019")
    own = [norm_id for norm_id, kind in wijkteams_markers(registry).items() if kind == OWN]
    assert len(own) >= 20
    for norm_id in own:
        norm = wijkteams.norm(norm_id)
        for role in norm.roles:
            repeated = set(norm.questions_for(role)) & set(base.norm(norm_id).questions_for(role))
            assert not repeated, f"{norm_id}/{role} herhaalt de vragen van 2019: {sorted(repeated)}"
            assert len(norm.questions_for(role)) >= 2, f"{norm_id}/{role}"


def test_norms_that_keep_the_2019_questions_keep_them_exactly(registry: NormSetRegistry) -> None:
    wijkteams, base = registry.get("wijkteams-2019"), registry.get("sterk-sociaal-werk-2019")
    for norm_id, kind in wijkteams_markers(registry).items():
        if kind != KEPT:
            continue
        norm, original = wijkteams.norm(norm_id), base.norm(norm_id)
        assert norm.all_roles == original.all_roles, norm_id
        for role in norm.all_roles:
            assert norm.questions_for(role) == original.questions_for(role), f"{norm_id}/{role}"


def test_only_a_note_that_leaves_the_practice_alone_keeps_the_2019_questions(registry: NormSetRegistry) -> None:
    """'Zo van toepassing' keeps them; so does 'Lees voor organisatie ...' for a norm that never says 'organisatie'."""
    wijkteams = registry.get("wijkteams-2019")
    for norm_id, kind in wijkteams_markers(registry).items():
        if kind != KEPT:
            continue
        norm = wijkteams.norm(norm_id)
        note = (norm.application_note or "").rstrip(".")
        if note == "Zo van toepassing":
            continue
        assert note.startswith("Lees voor organisatie"), f"{norm_id}: {note!r} verandert de praktijk"
        assert "organisatie" not in norm.text.casefold(), f"{norm_id}: de norm noemt de organisatie"


# (norm, role, what the note asks of the questions): the first question of a conditional norm asks
# whether and how it applies; the others ask what the note names.
WIJKTEAMS_NOTES = [
    ("D2", "P", r"beschikking", "de gemeentelijke beschikking"),
    ("D2", "P", r"op- of afgeschaald|op- en afschalen", "op- en afschalen"),
    ("D2", "P", r"in natura", "verstrekking in natura"),
    ("D7", "P", r"beschikking", "beëindiging hangt af van de beschikking"),
    ("O15", "P&O", r"gedetacheerd", "dossiers van gedetacheerde medewerkers"),
    ("V5", "P", r"opdracht die de gemeente|gemeentelijke opdracht", "de gemeentelijke opdracht"),
    ("V7", "P", r"gedragscode geldt", "welke gedragscode van toepassing is"),
]
WIJKTEAMS_FIRST_ASKS_WHETHER = [
    ("D4", "P", r"zelf uit"),  # only if the team member does the work
    ("D10", "P", r"eigen .*vrijwilligers"),
    ("O11", "Mng", r"eigen vrijwilligers"),
    ("O12", "Mng", r"zelf stagiaires"),
    ("O13", "Mng", r"zelf burgerinitiatieven"),
    ("O18", "Mng", r"van toepassing"),  # "niet vanzelfsprekend van toepassing"
    ("O21", "Mng", r"zelf in"),
]


@pytest.mark.parametrize(("norm_id", "role", "pattern", "why"), WIJKTEAMS_NOTES, ids=[f"{row[0]}-{row[3]}" for row in WIJKTEAMS_NOTES])
def test_wijkteams_questions_follow_the_note(registry: NormSetRegistry, norm_id, role, pattern, why) -> None:
    questions = registry.get("wijkteams-2019").norm(norm_id).questions_for(role)
    assert any(re.search(pattern, question) for question in questions), f"{norm_id}/{role}: {why}"


@pytest.mark.parametrize(("norm_id", "role", "pattern"), WIJKTEAMS_FIRST_ASKS_WHETHER, ids=[row[0] for row in WIJKTEAMS_FIRST_ASKS_WHETHER])
def test_a_conditional_wijkteams_norm_first_asks_whether_it_applies(registry: NormSetRegistry, norm_id, role, pattern) -> None:
    norm = registry.get("wijkteams-2019").norm(norm_id)
    assert re.search(r"indien|voor zover|niet vanzelfsprekend", norm.application_note, re.I), norm.application_note
    assert re.search(pattern, norm.questions_for(role)[0]), norm.questions_for(role)[0]
