"""Dutch wording that was wrong on screen: counts above the minimum, and a gap that named the current source."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Note, Source
from flows import rules
from flows.text import gap_phrase, sources_phrase


@pytest.mark.parametrize(
    "count, expected",
    [(0, "0 van 3 bronnen"), (2, "2 van 3 bronnen"), (3, "3 van 3 bronnen"), (4, "4 bronnen (minimaal 3)")],
)
def test_sources_phrase_never_says_more_of_fewer(count, expected):
    assert sources_phrase(count, 3) == expected


# Sources that already spoke about V5 (kind, roles), the current source (kind, roles, spoke about V5?).
@pytest.mark.parametrize(
    "earlier, current, expected",
    [
        ([], None, "nog geen gesprek (P of Mng) of observatie, geen document en geen registratie of gegevens"),
        ([], ("gesprek", ("P",), False),
         "nog geen Mng, geen document en geen registratie of gegevens; "
         "P en gesprek komen erbij met de eerste bevinding uit dit gesprek"),
        ([], ("gesprek", ("P",), True), "nog geen Mng, geen document en geen registratie of gegevens"),
        ([("gesprek", ("Mng",))], ("gesprek", ("P",), False),
         "nog geen document en geen registratie of gegevens; P komt erbij met de eerste bevinding uit dit gesprek"),
        ([("gesprek", ("P", "Mng"))], ("document", (), False),
         "nog geen registratie of gegevens; document komt erbij met de eerste bevinding uit dit document"),
        ([("gesprek", ("P", "Mng")), ("document", ())], ("registratie", (), False),
         "registratie komt erbij met de eerste bevinding uit deze registratie"),
        ([("gesprek", ("P",))], ("gesprek", ("P",), False),
         "nog geen Mng, geen document en geen registratie of gegevens"),
    ],
)
def test_gap_phrase_counts_the_current_source_as_coming(normset, earlier, current, expected):
    audit_file = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())
    for kind, roles in earlier:
        source = audit_file.put_source(Source.new(kind, "eerder", roles=roles))
        audit_file.put_note(Note.new("V5", source.id, "bevinding", "tekst"))
    current_source = None
    if current is not None:
        kind, roles, spoke = current
        current_source = audit_file.put_source(Source.new(kind, "nu", roles=roles))
        if spoke:
            audit_file.put_note(Note.new("V5", current_source.id, "bevinding", "tekst"))
    status = rules.norm_statuses(audit_file.snapshot(), normset)["V5"]
    assert gap_phrase(status, current_source) == expected
