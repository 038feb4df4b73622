"""The interview by keyboard: reading the chat, leaving and re-entering the input, the role form, the panel."""

from __future__ import annotations

from assistant.screens.interview import InterviewScreen
from assistant.widgets.chat import Chat
from assistant.widgets.norm_panel import NormPanel
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.role_list import RoleList
from tests.functional.review_harness import type_ahead


async def _start(app, pilot, settle, roles=("P",)) -> InterviewScreen:
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    screen = app.screen
    for role in roles:
        screen.query_one("#roles", RoleList).select(role)
    screen.query_one("#label").value = "twee ambulant werkers"
    screen.set_focus(screen.query_one("#label"))
    await pilot.press("enter")
    await settle(app, pilot)
    return screen


async def _send(app, pilot, settle, line: str) -> None:
    app.screen.query_one(PromptInput).insert_text_at_cursor(line)
    await pilot.press("enter")
    await settle(app, pilot)


async def test_the_role_form_starts_on_the_first_role_with_nothing_ticked(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(app, pilot, settle, roles=("Mng",))
        await pilot.press("ctrl+n")  # a new gesprek: the previous one's roles are not carried over
        await settle(app, pilot)
        roles = screen.query_one("#roles", RoleList)
        assert app.focused is roles and roles.highlighted == 0 and roles.selected == ()
        lines = [str(roles.get_option_at_index(i).prompt) for i in range(roles.option_count)]
        assert lines[0].startswith("[ ] P ") and all(line.startswith("[ ]") for line in lines)
        await pilot.press("space")
        assert roles.selected == ("P",)
        assert str(roles.get_option_at_index(0).prompt).startswith("[x] P ")


async def test_page_keys_scroll_the_chat_while_typing(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(app, pilot, settle)
        await _send(app, pilot, settle, "/help")  # a long reply
        chat = screen.query_one(Chat)
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y
        await pilot.press(*"half")
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        assert chat.scroll_y < chat.max_scroll_y
        assert screen.query_one(PromptInput).value == "half" and screen.query_one(PromptInput).has_focus
        await pilot.press("ctrl+home")
        await settle(app, pilot)
        assert chat.scroll_y == 0
        await pilot.press("ctrl+end")
        await settle(app, pilot)
        assert chat.scroll_y == chat.max_scroll_y


async def test_a_reply_while_scrolled_up_leaves_the_place_and_says_there_is_more(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(app, pilot, settle)
        await _send(app, pilot, settle, "/help")
        chat = screen.query_one(Chat)
        await pilot.press("ctrl+home")
        await settle(app, pilot)
        await pilot.press("f7")  # next norm: a reply arrives while the auditor reads the top
        await settle(app, pilot)
        assert chat.scroll_y == 0
        assert chat.has_class("-more-below") and chat.query_one("#more-below").display
        await pilot.press("ctrl+end")
        await settle(app, pilot)
        assert chat.scroll_y == chat.max_scroll_y and not chat.has_class("-more-below")
        await pilot.press("f7")  # at the bottom, a reply is followed
        await settle(app, pilot)
        assert chat.scroll_y == chat.max_scroll_y


async def test_tab_leaves_the_input_and_a_letter_brings_it_back(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(app, pilot, settle)
        await _send(app, pilot, settle, "/help")
        chat, prompt = screen.query_one(Chat), screen.query_one(PromptInput)
        await pilot.press("tab")
        assert app.focused is chat
        await pilot.press("home")
        await settle(app, pilot)
        assert chat.scroll_y == 0
        type_ahead(app, *"Inwerken gaat goed")  # typed while reading: nothing is lost
        await settle(app, pilot)
        assert app.focused is prompt and prompt.value == "Inwerken gaat goed"
        await pilot.press("tab", "escape")
        assert app.focused is prompt


async def test_typing_right_behind_f3_lands_in_the_input(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _start(app, pilot, settle)
        await pilot.press("f2")
        await settle(app, pilot)
        type_ahead(app, "f3", *"Vlak na F3 getypt.", "enter", *"En nog een.")
        await settle(app, pilot)
        assert app.screen is screen
        notes = [note.text for note in app.session.snapshot().notes]
        assert notes == ["Vlak na F3 getypt."]
        assert screen.query_one(PromptInput).value == "En nog een."


async def test_the_panel_does_not_miss_the_interview_that_is_going_on(make_app, make_audit, settle):
    app = make_app(make_audit())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _start(app, pilot, settle)
        state = screen.query_one(NormPanel).state
        assert state.source_count == 0
        missing = [part.strip() for part in state.gap.split(";")[0].split(",")]
        assert "nog geen gesprek" not in missing and "nog geen P" not in missing
        assert "erbij met de eerste bevinding uit dit gesprek" in state.gap
        await _send(app, pilot, settle, "Nieuwe collega's lopen mee.")
        state = screen.query_one(NormPanel).state
        assert state.source_count == 1 and "dit gesprek" not in state.gap
        panel_text = str(screen.query_one("#panel-sources").render())
        assert panel_text.startswith("1 van 3 bronnen")
