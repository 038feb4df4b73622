"""The walk of an interview (flows/walk.py): its route, detours, what comes next, and that it is kept.

The rules are pure functions over the model's `Walk` record; the last tests check that the engine stores
the walk with every change, so a reopened audit (after a quit or a crash) goes on where it was.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.store import AuditFile, Judgement, Note, Source
from assistant.store.journal import JOURNAL_SUFFIX
from assistant.store.model import Audit, Walk
from flows import walk as walks
from flows.engine import Conversation
from flows.messages import NORM

TODAY = date(2026, 11, 20)


def shown_norm(reply) -> str | None:
    return next((message.norm_id for message in reply if message.kind == NORM), None)


def walk_of(*route: str, **fields) -> Walk:
    return Walk(source_id="s1", roles=("P",), route=route, **fields)


# -- the route -------------------------------------------------------------------------------------


def test_the_route_puts_wie_column_norms_before_additions(normset):
    route = walks.plan_route(normset, ("Mng",), {}, "normenset")
    wie = [norm.id for norm in normset.norms if "Mng" in norm.roles]
    additions = [norm.id for norm in normset.norms if "Mng" in norm.extra_roles]
    assert route == (*wie, *additions)
    assert route[0] == "V5" and "V2" in additions, "V2 has Mng only as an addition"


def test_fewest_sources_first_within_each_part(normset):
    counts = {"O23": 0, "V5": 2, "O3": 1}
    route = walks.plan_route(normset, ("Mng",), {**{n.id: 3 for n in normset.norms}, **counts}, "bronnen")
    additions = {norm.id for norm in normset.norms if "Mng" in norm.extra_roles}
    assert route[:3] == ("O23", "O3", "V5")
    assert set(route[-len(additions):]) == additions


def test_more_roles_take_the_union_and_judged_norms_stay_out(normset):
    route = walks.plan_route(normset, ("CB", "BV"), {}, "normenset", leave_out=("O11",))
    assert "O11" not in route
    expected = {norm.id for norm in normset.norms if {"CB", "BV"} & set(norm.all_roles)} - {"O11"}
    assert set(route) == expected and len(route) == len(expected)
    first_addition = next(index for index, norm_id in enumerate(route)
                          if not {"CB", "BV"} & set(normset.norm(norm_id).roles))
    assert all(not {"CB", "BV"} & set(normset.norm(norm_id).roles) for norm_id in route[first_addition:])


# -- moving ----------------------------------------------------------------------------------------


def test_next_is_the_first_norm_neither_asked_nor_skipped():
    walk = walks.visit(walk_of("V1", "V3", "V4", "V6"), "V1")
    assert walks.next_norm(walk) == "V3"
    assert walks.to_do(walk) == ("V3", "V4", "V6")
    walk = walks.visit(walk, "V4")  # a jump inside the route
    assert walks.next_norm(walk) == "V3" and walks.to_do(walk) == ("V3", "V6")


def test_a_detour_is_asked_but_never_moves_the_walk():
    walk = walks.visit(walk_of("V1", "V3", "V4"), "V1")
    detour = walks.visit(walks.visit(walk, "V2"), "O5")
    assert walks.is_detour(detour, "O5") and walks.position(detour, "O5") is None
    assert walks.to_do(detour) == walks.to_do(walk) == ("V3", "V4")
    assert walks.next_norm(detour) == "V3"
    assert detour.asked == ("V1", "V2", "O5") and detour.current == "O5"


def test_previous_goes_back_through_the_norms_shown():
    walk = walk_of("V1", "V3", "V4")
    assert walks.previous_norm(walk) is None
    walk = walks.visit(walks.visit(walks.visit(walk, "V1"), "O5"), "V3")
    assert walks.previous_norm(walk) == "O5"
    assert walks.previous_norm(walks.visit(walk, "V1")) is None
    assert walks.previous_norm(walks.end(walk)) == "V3", "after the end: the last norm shown"


def test_skip_takes_the_current_norm_out_of_asked_and_a_note_brings_it_back():
    walk = walks.visit(walk_of("V1", "V3", "V4"), "V1")
    skipped = walks.skip(walk)
    assert (skipped.asked, skipped.skipped) == ((), ("V1",))
    assert walks.next_norm(skipped) == "V3" and walks.to_do(skipped) == ("V3", "V4")
    assert walks.noted(skipped, "V1").skipped == () and "V1" in walks.noted(skipped, "V1").asked
    assert walks.visit(skipped, "V1").skipped == (), "shown again: asked"
    detour = walks.visit(walk, "O5")
    assert walks.skip(detour) == detour, "a detour is not remembered as skipped"


def test_the_end_of_the_walk():
    walk = walk_of("V1", "V3")
    assert not walks.ended(walk) and not walks.started(walk)
    walk = walks.visit(walks.visit(walk, "V1"), "V3")
    assert walks.next_norm(walk) is None and not walks.ended(walk)
    assert walks.ended(walks.end(walk))
    assert not walks.ended(walks.visit(walks.end(walk), "O2")), "a detour after the end"


def test_reorder_keeps_what_was_asked_and_sorts_the_rest(normset):
    walk = walks.visit(Walk("s1", ("P",), ("V1", "V3", "V2", "V4")), "V1")
    reordered = walks.reorder(walk, normset, {}, "normenset")
    assert reordered.route == ("V1", "V2", "V3", "V4") and reordered.asked == ("V1",)


def test_a_rebuilt_walk_counts_the_norms_with_notes_as_asked():
    source = Source.new("gesprek", "teamleider", ("Mng",))
    walk = walks.rebuild(source, ("V5", "O3", "O4"), ["O3", "V1", "O3"])
    assert (walk.source_id, walk.roles, walk.asked, walk.current) == (source.id, ("Mng",), ("O3",), None)
    assert walks.next_norm(walk) == "V5"


# -- the interviews of an audit --------------------------------------------------------------------


def test_interviews_are_listed_with_their_number_notes_and_place(normset):
    audit_file = AuditFile.in_memory(normset.id)
    document = audit_file.put_source(Source.new("document", "jaarverslag"))
    first = audit_file.put_source(Source.new("gesprek", "twee werkers", ("P",), "2026-11-19"))
    second = audit_file.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-11-20"))
    audit_file.put_note(Note.new("V5", first.id, "bevinding", "a"))
    audit_file.put_note(Note.new("V5", document.id, "bewijs", "b"))
    audit_file.put_walk(walks.visit(walks.begin(first.id, ("P",), ("V5", "V6", "V7")), "V5"))
    found = walks.interviews(audit_file.snapshot())
    assert [info.number for info in found] == [2, 3]
    assert found[0].line() == "2. gesprek P — twee werkers (2026-11-19) — 1 notitie — bij V5, nog 2 te doen"
    assert found[1].line() == "3. gesprek Mng — teamleider (2026-11-20) — 0 notities — zonder bewaarde rondgang"
    assert document.id not in {info.source.id for info in found}


@pytest.mark.parametrize("roles, label, same", [
    (("P", "Mng"), "Twee  Werkers", True),
    (("Mng", "P"), "twee werkers", True),
    (("P",), "twee werkers", False),
    (("P", "Mng"), "twee werkers en een stagiair", False),
])
def test_same_person_means_same_roles_and_description(roles, label, same):
    source = Source.new("gesprek", "twee werkers", ("P", "Mng"))
    assert walks.same_person(source, roles, label) is same
    assert not walks.same_person(Source.new("document", "twee werkers"), (), "twee werkers")


# -- kept in the audit file ------------------------------------------------------------------------


@pytest.fixture()
def path(tmp_path: Path, normset) -> Path:
    path = tmp_path / "rondgang.toets"
    AuditFile.create_for(path, normset).close()
    return path


def open_conversation(path: Path, normset, **options) -> tuple[AuditFile, Conversation]:
    audit_file = AuditFile.open(path, **options)
    return audit_file, Conversation(audit_file, normset, today=lambda: TODAY)


def journal_lines(path: Path) -> list[dict]:
    journal = path.with_name(path.name + JOURNAL_SUFFIX)
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_new_interview_writes_its_source_and_walk_in_one_journal_line(path, normset):
    audit_file, conv = open_conversation(path, normset)
    try:
        before = len(journal_lines(path)) if path.with_name(path.name + JOURNAL_SUFFIX).exists() else 0
        conv.handle("/gesprek Mng teamleider")
        lines = journal_lines(path)[before:]
        assert len(lines) == 1
        assert "V2" != conv.current_norm.id == "V5", "Mng starts where it is in the Wie column"
        walk = audit_file.walk(conv.current_source.id)
        assert walk.current == "V5" and walk.asked == ("V5",) and walk.roles == ("Mng",)
    finally:
        audit_file.close()


def test_the_walk_round_trips_and_the_interview_goes_on_after_a_reopen(path, normset):
    audit_file, conv = open_conversation(path, normset)
    conv.handle("/gesprek P twee ambulant werkers")
    first = conv.current_norm.id
    conv.handle("Bevinding bij de eerste norm.")
    second = shown_norm(conv.handle("/volgende"))
    conv.handle("/norm O3")  # a detour
    conv.handle("/overslaan")
    stored = audit_file.walk(conv.current_source.id)
    assert stored == conv.walk
    to_do = conv.queue
    source_id = conv.current_source.id
    audit_file.close()  # no /stop: the next day simply opens the file again

    audit_file, again = open_conversation(path, normset)
    try:
        assert audit_file.snapshot().walks[source_id] == stored
        assert again.current_source.id == source_id and again.resumed.id == source_id
        assert again.current_norm.id == stored.current
        assert again.queue == to_do
        opening = again.opening()
        assert "Verder met het gesprek van de vorige keer: bron 1: gesprek P — twee ambulant werkers" \
               in opening[1].text
        assert shown_norm(opening) == stored.current
        assert again.status_line().startswith("bron 1: gesprek P — twee ambulant werkers | norm ")
        nxt = shown_norm(again.handle("/volgende"))
        assert nxt == to_do[0] and nxt not in (first, second, "O3")
        assert shown_norm(again.handle("/vorige")) == stored.current
    finally:
        audit_file.close()


def test_a_crash_after_any_line_leaves_a_walk_that_continues(tmp_path, normset):
    """Every change of the walk is on disk when the line returns: copy the files as a crash would leave them."""
    path = tmp_path / "crash.toets"
    AuditFile.create_for(path, normset).close()
    audit_file, conv = open_conversation(path, normset)
    lines = ["/gesprek P twee werkers", "iets", "/volgende", "/norm V9", "/overslaan", "/volgende", "/vorige"]
    try:
        for number, line in enumerate(lines):
            conv.handle(line)
            crashed = tmp_path / f"na-{number}"
            crashed.mkdir()
            for suffix in ("", JOURNAL_SUFFIX):
                source = path.with_name(path.name + suffix)
                if source.exists():
                    (crashed / source.name).write_bytes(source.read_bytes())
            copy, resumed = open_conversation(crashed / path.name, normset, backups=0)
            try:
                assert resumed.walk == conv.walk, line
                assert resumed.current_norm.id == conv.current_norm.id
            finally:
                copy.close()
    finally:
        audit_file.close()


def test_the_last_interview_that_moved_is_the_one_resumed_even_within_one_second(path, normset):
    audit_file, conv = open_conversation(path, normset)
    conv.handle("/gesprek P twee werkers")
    conv.handle("/gesprek Mng teamleider")
    conv.handle("/gesprek verder 1")
    first = conv.current_source.id
    audit_file.close()
    audit_file, again = open_conversation(path, normset)
    try:
        assert again.current_source.id == first
    finally:
        audit_file.close()


def test_a_read_only_audit_walks_in_memory_and_writes_nothing(path, normset):
    audit_file, conv = open_conversation(path, normset)
    conv.handle("/gesprek P twee werkers")
    audit_file.close()
    before = path.read_bytes()
    audit_file, conv = open_conversation(path, normset, read_only=True)
    try:
        stored = audit_file.walk(conv.current_source.id)
        moved = shown_norm(conv.handle("/volgende"))
        assert moved == walks.to_do(stored)[0] and conv.walk.current == moved
        assert audit_file.walk(conv.current_source.id) == stored
    finally:
        audit_file.close()
    assert path.read_bytes() == before


def test_an_interview_without_a_stored_walk_is_rebuilt_from_its_notes(normset):
    """Audits made before walks were kept (and the demo) have interviews without one."""
    audit_file = AuditFile.in_memory(normset.id)
    source = audit_file.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-03-10"))
    audit_file.put_note(Note.new("V5", source.id, "bevinding", "casuïstiek"))
    audit_file.put_judgement(Judgement.new("O3", "+"))
    conv = Conversation(audit_file, normset, today=lambda: TODAY)
    assert conv.current_source is None, "nothing to resume: no walk was stored"
    reply = conv.handle("/gesprek verder 1")
    walk = audit_file.walk(source.id)
    assert "V5" in walk.asked and "O3" not in walk.route
    assert shown_norm(reply) == walk.current != "V5"


def test_snapshot_walks_equal_the_engine_walks(normset):
    audit_file = AuditFile.in_memory(normset.id)
    conv = Conversation(audit_file, normset, today=lambda: TODAY)
    conv.handle("/gesprek BV vrijwilligers")
    conv.handle("/volgende")
    audit: Audit = audit_file.snapshot()
    assert audit.walks == {conv.current_source.id: conv.walk}

