"""The notice that offers drafts back says where they are."""

from __future__ import annotations

import pytest

from assistant.drafts import CHAT_KEY, describe_drafts, report_draft_key


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([CHAT_KEY], "in het gesprek (F3)"),
        ([report_draft_key("V5")], "bij de rapporttekst van V5"),
        ([report_draft_key("O2"), CHAT_KEY, report_draft_key("D1")],
         "in het gesprek (F3) en bij de rapporttekst van D1, O2"),
        (["iets-anders"], "in de velden waar u typte"),
    ],
)
def test_describe_drafts(keys: list[str], expected: str) -> None:
    assert describe_drafts(keys) == expected
