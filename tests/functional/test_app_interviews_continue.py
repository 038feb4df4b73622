"""Interviews that continue in the app: F3 offers them, the walk goes on where it was, one person one source.

Issue 10: after reopening, F3 and the palette's "Gesprek voortzetten" opened only "Nieuw gesprek" (and
Escape did nothing there); re-entering the same interview made a second source for one person.
"""

from __future__ import annotations

from textual.widgets import ContentSwitcher, OptionList

from assistant.screens.interview import InterviewScreen
from assistant.widgets.role_list import RoleList
from assistant.screens.interview_picker import NEW, InterviewPicker, SamePersonModal
from assistant.store import AuditFile, Note, Source
from assistant.widgets.norm_panel import NormPanel
from assistant.widgets.prompt_input import PromptInput

from tests.functional.review_harness import type_ahead

from .conftest import FROZEN_TODAY


async def _form_start(app, pilot, settle, roles, label) -> None:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    selection = screen.query_one("#roles", RoleList)
    selection.reset()
    for role in roles:
        selection.select(role)
    screen.query_one("#label").value = label
    screen.query_one("#label").focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def _type(app, pilot, settle, line: str) -> None:
    app.screen.query_one(PromptInput).insert_text_at_cursor(line)
    await pilot.press("enter")
    await settle(app, pilot)


def _audit(path):
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.snapshot()


async def test_a_reopened_audit_goes_on_with_the_interview_and_f3_picks_another(make_app, make_audit, settle):
    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await _form_start(app, pilot, settle, ("P",), "twee ambulant werkers")
        await _type(app, pilot, settle, "Eerste bevinding.")
        await _type(app, pilot, settle, "/norm O3")  # a detour
        await pilot.press("f7")
        await settle(app, pilot)
        p_norm = app.screen.query_one(NormPanel).state.norm_id
        await pilot.press("f3")  # on the interview: the list
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewPicker)
        await pilot.press("n")
        await settle(app, pilot)
        await _form_start(app, pilot, settle, ("Mng",), "teamleider")
        assert app.screen.query_one(NormPanel).state.norm_id == "V5", "Mng starts in its Wie column"
        await _type(app, pilot, settle, "Teamleider over V5.")
        await pilot.press("f3")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, InterviewPicker)
        options = picker.query_one(OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert texts[0] == "Nieuw gesprek beginnen"
        assert texts[1].startswith(f"1. gesprek P — twee ambulant werkers ({FROZEN_TODAY}) — 1 notitie — bij {p_norm}")
        assert texts[2].endswith("(huidig gesprek)") and options.highlighted == 2
        await pilot.press("up", "enter")  # the P interview
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and screen.query_one(PromptInput).has_focus
        state = screen.query_one(NormPanel).state
        assert state.norm_id == p_norm and state.source_label.startswith("bron 1: gesprek P")
        app.shutdown()

    again = make_app(path)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.session.conversation.current_source.roles == ("P",), "the interview of last time"
        await pilot.press("f3")
        await settle(again, pilot)
        screen = again.screen
        assert isinstance(screen, InterviewScreen) and screen.query_one(PromptInput).has_focus
        assert screen.query_one(NormPanel).state.norm_id == p_norm
        await _type(again, pilot, settle, "Vervolg de volgende dag.")
        again.shutdown()

    audit = _audit(path)
    assert [(source.roles, source.label) for source in audit.sources] == [
        (("P",), "twee ambulant werkers"), (("Mng",), "teamleider")]
    assert [note.text for note in audit.notes if note.source_id == audit.sources[0].id] == [
        "Eerste bevinding.", "Vervolg de volgende dag."]
    assert audit.walks[audit.sources[0].id].current == p_norm
    assert "O3" in audit.walks[audit.sources[0].id].asked


async def test_the_same_interview_again_asks_in_a_dialog(make_app, make_audit, settle):
    """Escape answers neither and keeps the form; "Ja" continues the interview (/nee is the engine's test)."""
    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await _form_start(app, pilot, settle, ("P",), "twee ambulant werkers")
        await _type(app, pilot, settle, "Eerste bevinding.")
        first_norm = app.screen.query_one(NormPanel).state.norm_id
        await pilot.press("f7")
        await settle(app, pilot)
        where = app.screen.query_one(NormPanel).state.norm_id

        await pilot.press("ctrl+n")  # a new interview ...
        await settle(app, pilot)
        await _form_start(app, pilot, settle, ("P",), "Twee ambulant werkers")  # ... that is the same one
        modal = app.screen
        assert isinstance(modal, SamePersonModal)
        assert "Is dit hetzelfde gesprek?" in str(modal.query_one("#body").render())
        await pilot.press("escape")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.query_one("#label").value == "Twee ambulant werkers", "the form as it was"
        assert app.session.conversation.awaiting_confirmation is None
        assert len(app.session.snapshot().sources) == 1

        await pilot.press("enter")  # the same form again: the same question
        await settle(app, pilot)
        assert isinstance(app.screen, SamePersonModal)
        await pilot.press("enter")  # "Ja, voortzetten" has the focus
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one(PromptInput).has_focus
        assert screen.query_one(NormPanel).state.norm_id == where
        await _type(app, pilot, settle, "Tweede bevinding.")
        app.shutdown()
    audit = _audit(path)
    assert len(audit.sources) == 1
    assert [(note.norm_id, note.source_id) for note in audit.notes] == [(first_norm, audit.sources[0].id),
                                                                        (where, audit.sources[0].id)]


async def test_an_audit_with_interviews_but_no_walk_offers_them_on_f3(make_app, make_audit, settle):
    """Audits made before walks were kept (and the demo): F3 lists their interviews instead of only the form."""
    path = make_audit()
    with AuditFile.open(path) as audit_file:
        source = audit_file.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-03-01"))
        audit_file.put_note(Note.new("V5", source.id, "bevinding", "oud"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, InterviewPicker)
        assert "zonder bewaarde rondgang" in str(picker.query_one(OptionList).get_option_at_index(1).prompt)
        await pilot.press("escape")  # nothing chosen: the form, and Escape there goes back to the board
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        from assistant.screens.board import BoardScreen

        assert isinstance(app.screen, BoardScreen)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"Gesprek kiezen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewPicker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        state = app.screen.query_one(NormPanel).state
        assert state.source_label.startswith("bron 1: gesprek Mng — teamleider")
        assert state.norm_id not in (None, "V5"), "V5 was asked before: the rebuilt walk goes on"
        app.shutdown()
    audit = _audit(path)
    assert len(audit.sources) == 1 and source.id in audit.walks


async def test_the_panel_shows_where_the_next_bewijs_goes(make_app, make_audit, settle):
    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        await _form_start(app, pilot, settle, ("Mng",), "teamleider")
        await _type(app, pilot, settle, "/registratie klachtenregistratie")
        panel = app.screen.query_one(NormPanel)
        assert panel.state.source_label == f"bron 1: gesprek Mng — teamleider ({FROZEN_TODAY})"
        assert panel.state.evidence_label == "bron 2: registratie — klachtenregistratie"
        assert "/bewijs naar" in str(app.screen.query_one("#panel-evidence").render())
        await _type(app, pilot, settle, "/bewijs Twaalf klachten.")
        await _type(app, pilot, settle, "Wat de teamleider zegt.")
        assert panel.state.evidence_label == ""
        app.shutdown()
    audit = _audit(path)
    assert [(audit.source(note.source_id).kind, note.text) for note in audit.notes] == [
        ("registratie", "Twaalf klachten."), ("gesprek", "Wat de teamleider zegt.")]


async def test_n_typed_right_behind_f3_waits_for_the_list_and_starts_a_new_interview(make_app, make_audit,
                                                                                      settle):
    """The list of interviews comes up after the interview screen is painted; an N typed in between went to
    the form below and was lost (found in tmux: F3 and N 50 ms apart left the list open)."""
    path = make_audit()
    with AuditFile.open(path) as audit_file:
        source = audit_file.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-03-01"))
        audit_file.put_note(Note.new("V5", source.id, "bevinding", "oud"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        type_ahead(app, "f3", "n")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen), type(screen).__name__
        assert screen.query_one(ContentSwitcher).current == "form"
        assert screen.query_one("#roles", RoleList).has_focus
        app.shutdown()
