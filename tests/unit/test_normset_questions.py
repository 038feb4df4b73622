"""Every norm has questions for each of its roles; no question is empty or duplicated."""

from __future__ import annotations

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
