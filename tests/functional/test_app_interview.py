"""The interview: a whole gesprek typed through the chat input lands in the audit file; nothing typed is lost."""

from __future__ import annotations

import pytest
from assistant.widgets.role_list import RoleList

from assistant.drafts import CHAT_KEY
from assistant.screens.help import HelpScreen
from assistant.screens.interview import InterviewScreen
from assistant.store import AuditFile, SaveFailed
from assistant.widgets.chat import AssistantTurn, AuditorTurn
from assistant.widgets.norm_panel import NormPanel
from assistant.widgets.prompt_input import PromptInput

from .conftest import FROZEN_TODAY


async def _start_gesprek(app, pilot, settle, roles=("P",), label="twee ambulant werkers") -> InterviewScreen:
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    selection = screen.query_one("#roles", RoleList)
    for role in roles:
        selection.select(role)
    screen.query_one("#label").value = label
    screen.query_one("#label").focus()
    await pilot.press("enter")
    await settle(app, pilot)
    assert screen.query_one(PromptInput).has_focus
    return screen


async def _type(app, pilot, settle, line: str, *, keystrokes: bool = False) -> None:
    """Send one line through the chat input: key by key, or pasted at once (Pilot presses are slow)."""
    if keystrokes:
        await pilot.press(*line)
    else:
        app.screen.query_one(PromptInput).insert_text_at_cursor(line)
    await pilot.press("enter")
    await settle(app, pilot)


def _texts(screen, kind: str) -> list[str]:
    return [message.text for turn in screen.query(AssistantTurn) for message in turn.messages if message.kind == kind]


async def test_whole_interview_lands_in_the_audit_file(make_app, make_audit, settle):
    path = make_audit("Welzijn Voorbeeld")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        first_norm = screen.query_one(NormPanel).state.norm_id
        assert first_norm is not None
        assert _texts(screen, "norm")[0].startswith(f"{first_norm}:")
        assert _texts(screen, "question"), "suggested questions for P are shown"
        assert screen.query_one(NormPanel).state.source_count == 0

        await _type(app, pilot, settle, "Nieuwe collega's lopen twee weken mee.", keystrokes=True)
        assert screen.query_one(NormPanel).state.source_count == 1
        assert screen.query_one(PromptInput).value == ""
        await pilot.press("f9")  # the last note was bewijs
        await settle(app, pilot)

        await pilot.press("f7")  # volgende norm
        await settle(app, pilot)
        second_norm = screen.query_one(NormPanel).state.norm_id
        assert second_norm != first_norm
        await _type(app, pilot, settle, "Intervisie eens per maand.")
        await _type(app, pilot, settle, "/suggestie Vaker casuïstiek bespreken.")
        await _type(app, pilot, settle, "/oordeel +/- Intervisie is er, maar niet structureel.")
        await _type(app, pilot, settle, "/norm v5")
        assert screen.query_one(NormPanel).state.norm_id == "V5"
        await _type(app, pilot, settle, "Afspraken staan in het teamplan.")
        await pilot.press("f8")  # overslaan
        await settle(app, pilot)
        assert all(turn.state == "saved" for turn in screen.query(AuditorTurn))
        app.shutdown()

    with AuditFile.open(path) as audit_file:
        audit = audit_file.snapshot()
    assert len(audit.sources) == 1
    source = audit.sources[0]
    assert (source.kind, source.roles, source.label, source.date) == ("gesprek", ("P",), "twee ambulant werkers",
                                                                       FROZEN_TODAY)
    notes = [(note.norm_id, note.kind, note.text, note.source_id) for note in audit.notes]
    assert notes == [
        (first_norm, "bewijs", "Nieuwe collega's lopen twee weken mee.", source.id),
        (second_norm, "bevinding", "Intervisie eens per maand.", source.id),
        (second_norm, "suggestie", "Vaker casuïstiek bespreken.", source.id),
        ("V5", "bevinding", "Afspraken staan in het teamplan.", source.id),
    ]
    judgement = audit.judgements[second_norm]
    assert (judgement.value, judgement.report_text) == ("+/-", "Intervisie is er, maar niet structureel.")


async def test_failed_save_keeps_the_text_in_the_input(make_app, make_audit, settle, monkeypatch):
    path = make_audit("Welzijn Voorbeeld")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        audit_file = app.session.audit_file

        def disk_full(note):
            raise SaveFailed("Opslaan mislukt: de schijf is vol. Er is niets opgeslagen en niets verloren.")

        monkeypatch.setattr(audit_file, "put_note", disk_full)
        await _type(app, pilot, settle, "Een bevinding die niet past.")
        prompt = screen.query_one(PromptInput)
        assert prompt.value == "Een bevinding die niet past."
        turn = list(screen.query(AuditorTurn))[-1]
        assert turn.state == "failed"
        assert any("schijf is vol" in text for text in _texts(screen, "error"))
        assert any("schijf is vol" in str(n.message) for n in app._notifications)
        assert audit_file.snapshot().notes == ()

        monkeypatch.undo()
        await pilot.press("enter")  # the disk has room again: the same text, sent again
        await settle(app, pilot)
        assert prompt.value == ""
        assert [note.text for note in audit_file.snapshot().notes] == ["Een bevinding die niet past."]


async def test_refused_command_gives_the_text_back(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        await _type(app, pilot, settle, "/oordeel misschien")
        assert screen.query_one(PromptInput).value == "/oordeel misschien"
        assert _texts(screen, "error")


async def test_completion_of_commands_and_norm_ids(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        prompt = screen.query_one(PromptInput)
        await pilot.press(*"/volg")
        await settle(app, pilot)
        await pilot.press("tab")
        assert prompt.value == "/volgende"
        prompt.value = ""
        await pilot.press(*"/norm o")
        await settle(app, pilot)
        await pilot.press("tab")
        assert prompt.value == "/norm O1"
        assert prompt.has_focus


def test_suggester_rules():
    from assistant.widgets.prompt_input import CommandSuggester

    suggester = CommandSuggester({"norm": "norm", "ga": "norm", "gesprek": "rollen", "volgende": None},
                                 {"norm": ("V1", "V10", "V2"), "rollen": ("P", "Mng", "P&O")})
    assert suggester.suggest("/vo") == "/volgende"
    assert suggester.suggest("/norm v") == "/norm V1"
    assert suggester.suggest("/norm v1") is None  # complete already: V1, not V10
    assert suggester.suggest("/gesprek P,m") == "/gesprek P,Mng"
    assert suggester.suggest("gewone tekst") is None
    assert suggester.suggest("/volgende") is None


async def test_typed_text_is_kept_as_draft_and_offered_back(make_app, make_audit, settle):
    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_gesprek(app, pilot, settle)
        await pilot.press(*"half getypt")
        await pilot.pause(1.0)  # saved within a second of the last keystroke, without Enter
        await settle(app, pilot)
        assert app.session.audit_file.drafts()[CHAT_KEY] == "half getypt"
        app.shutdown()

    again = make_app(path)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(again, pilot)
        assert any("staat klaar: in het gesprek (F3)" in str(n.message) for n in again._notifications)
        await pilot.press("f3")
        await settle(again, pilot)
        assert again.screen.query_one(PromptInput).value == "half getypt"


async def test_crash_saves_the_drafts_first(make_app, make_audit, settle):
    path = make_audit()
    app = make_app(path)
    with pytest.raises(RuntimeError, match="kapot"):
        async with app.run_test(size=(80, 24)) as pilot:
            await _start_gesprek(app, pilot, settle)
            await pilot.press(*"nog niet verstuurd")
            app.call_later(_explode)  # an unhandled exception on the event loop
            await pilot.pause(0.2)
    app.shutdown()
    with AuditFile.open(path, read_only=True) as audit_file:
        assert audit_file.drafts()[CHAT_KEY] == "nog niet verstuurd"


def _explode() -> None:
    raise RuntimeError("kapot")


async def test_screen_switch_keeps_the_chat(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        await _type(app, pilot, settle, "Eerste bevinding.")
        turns = len(screen.query(AuditorTurn))
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.screen is not screen
        await pilot.press("f3")
        await settle(app, pilot)
        assert app.screen is screen and len(screen.query(AuditorTurn)) == turns


async def test_help_lists_keys_and_commands(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_gesprek(app, pilot, settle)
        await pilot.press("f1")
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        from assistant.screens.help import help_markdown

        text = help_markdown(type(app), app.get_key_display)
        for expected in ("## Gesprek", "Volgende", "Suggestie", "/gesprek", "/oordeel", "/ongedaan", "## Startscherm"):
            assert expected in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InterviewScreen)


async def test_palette_goes_to_a_norm_and_theme_toggles(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        await pilot.press(*"ga naar norm V5")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        from assistant.screens.norm import NormScreen

        assert isinstance(app.screen, NormScreen)


async def test_read_only_audit_can_be_read_but_keeps_typed_text(make_app, make_audit, settle):
    path = make_audit()
    app = make_app(path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.session.read_only
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one(PromptInput).has_focus  # straight to the chat: no gesprek can start
        await _type(app, pilot, settle, "/open")
        assert _texts(screen, "list")
        await _type(app, pilot, settle, "/document jaarverslag")
        assert screen.query_one(PromptInput).value == "/document jaarverslag"
        assert _texts(screen, "error")
    with AuditFile.open(path) as audit_file:
        assert audit_file.snapshot().sources == ()


async def test_stop_closes_the_audit_and_returns_to_the_start(make_app, make_audit, settle):
    from assistant.screens.start import StartScreen

    path = make_audit()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start_gesprek(app, pilot, settle)
        await _type(app, pilot, settle, "Laatste bevinding.")
        await _type(app, pilot, settle, "/stop")
        await settle(app, pilot)
        assert app.session is None
        assert isinstance(app.screen, StartScreen)
        with AuditFile.open(path) as audit_file:  # the lock is released
            assert [note.text for note in audit_file.snapshot().notes] == ["Laatste bevinding."]


async def test_quitting_right_after_enter_keeps_the_line(make_app, make_audit, settle, monkeypatch):
    """Ctrl+Q right after Enter, while the engine is still saving the line: the line is saved before the app
    ends (found by the type-ahead pty test: 4 of 12 runs lost the last note)."""
    import time

    from flows.engine import Conversation

    path = make_audit("Welzijn Voorbeeld")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start_gesprek(app, pilot, settle)
        real_handle = Conversation.handle

        def slow_handle(self, line):  # a slow disk: the save takes a while
            time.sleep(0.4)
            return real_handle(self, line)

        monkeypatch.setattr(Conversation, "handle", slow_handle)
        screen.query_one(PromptInput).value = "Vlak voor het stoppen getypt."
        await pilot.press("enter", "ctrl+q")
        await pilot.pause(1.0)
    app.shutdown()
    with AuditFile.open(path, read_only=True) as audit_file:
        assert [note.text for note in audit_file.snapshot().notes] == ["Vlak voor het stoppen getypt."]
