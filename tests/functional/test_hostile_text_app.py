"""Markup and escape sequences in every user field, through the app (issue 9, points 3 and 4).

An audit whose organisation, kerngegevens, sources, notes, report texts, toelichting, advies,
complimenten and zorgpunten all hold `tests.hostile_text.HOSTILE` is listed on the start screen, then
opened and toured: board, norm screen, interview chat, summary and export preview. Nothing may crash
(Textual raises `MarkupError` on "[/]" read as markup), the texts must show literally with every control
character as a visible sign, and the screen must never hold a raw control character: checked on
Textual's own SVG screenshot of every screen, which carries whatever would reach the terminal.
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Header, OptionList, Select, Static, TabbedContent, TextArea

from assistant.screens.board import BoardScreen
from assistant.screens.export import ExportScreen
from assistant.locations import normsets_dir
from assistant.screens.interview import InterviewScreen
from assistant.screens.interview_picker import InterviewPicker
from assistant.screens.new_audit import NewAuditScreen
from assistant.screens.norm import NormScreen
from assistant.screens.start import StartScreen
from assistant.screens.summary import SummaryScreen
from assistant.store import AuditFile, Kerngegevens
from assistant.widgets.chat import AssistantTurn, AuditorTurn
from assistant.widgets.markdown_preview import MarkdownPreview
from assistant.widgets.norm_notes import NormNotes
from assistant.widgets.prompt_input import PromptInput
from normsets import NormSetRegistry
from tests.hostile_text import HOSTILE, MARKUP, SHOWN, fill_hostile, hostile, hostile_normset_toml, raw_controls

SIZE = (200, 50)
ALL_SHOWN = " ".join(SHOWN)


def assert_screen_safe(app) -> None:
    """Nothing on the current screen (as Textual would draw it) is a raw control character."""
    assert raw_controls(app.export_screenshot()) == [], type(app.screen).__name__


def header_text(app) -> str:
    return str(app.screen.query_one(Header).format_title())


async def test_start_screen_lists_hostile_organisations_literally(make_app, make_audit, settle):
    make_audit("[/] kapot", name="kapot")
    fill_hostile(AuditFile.open(make_audit("vijandig"))).close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        table = app.screen.query_one(DataTable)
        organisations = sorted(str(table.get_row_at(index)[0]) for index in range(table.row_count))
        assert organisations == ["[/] kapot", f"organisatie: {ALL_SHOWN}"]
        assert_screen_safe(app)


async def test_hostile_audit_shows_literally_on_every_screen(make_app, make_audit, settle):
    path = make_audit("vijandig")
    fill_hostile(AuditFile.open(path)).close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)

        # The board, with the organisation in the header.
        assert isinstance(app.screen, BoardScreen)
        assert f"organisatie: {ALL_SHOWN}" in header_text(app)
        assert_screen_safe(app)

        # A norm: its notes per source and the report text.
        app.show_norm("V1")
        await settle(app, pilot)
        assert isinstance(app.screen, NormScreen)
        notes = app.screen.query_one(NormNotes).plain_text
        for field in ("bevinding V1", "gesprek", "document"):
            assert f"{field}: {ALL_SHOWN}" in notes
        assert f"citaat V1: {ALL_SHOWN}\nregel 2" in notes
        report = app.screen.query_one("#report-text", TextArea)
        assert report.text == hostile("verslag V1")  # shown safely, kept as it is
        assert "␛]0;pwned" in str(report.get_line(0))
        assert_screen_safe(app)

        # The interview: a source with a hostile label, a hostile note, the chat and the side panel.
        app.show_interview()
        await settle(app, pilot)
        if isinstance(app.screen, InterviewPicker):  # the audit has interviews: start a new one (N)
            assert_screen_safe(app)  # the picker lists the hostile interview description safely
            await pilot.press("n")
            await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.query_one("#roles").select("P")
        screen.query_one("#label").value = hostile("omschrijving")
        screen.query_one("#label").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        prompt = screen.query_one(PromptInput)
        prompt.insert_text_at_cursor(hostile("chatnotitie"))
        await pilot.press("enter")
        await settle(app, pilot)
        prompt.value = hostile("concept")  # a draft as it could come back from the audit file
        await pilot.pause()
        turns = [str(turn.render()) for turn in screen.query(AuditorTurn)]
        assert any(f"omschrijving: {ALL_SHOWN}" in turn for turn in turns)
        assert any(f"chatnotitie: {ALL_SHOWN}" in turn for turn in turns)
        replies = "\n".join(str(view.render()) for view in screen.query(AssistantTurn))
        assert f"Toetsing organisatie: {ALL_SHOWN}" in replies  # the opening names the organisation
        assert f"omschrijving: {ALL_SHOWN}" in replies  # the new source is confirmed with its label
        assert f"omschrijving: {ALL_SHOWN}" in str(screen.query_one("#status", Static).render())
        assert f"omschrijving: {ALL_SHOWN}" in str(screen.query_one("#panel-source", Static).render())
        assert_screen_safe(app)
        prompt.value = ""

        # The summary: kerngegevens, the texts and the lists.
        app.show_summary()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert f"organisatie: {ALL_SHOWN}" in header_text(app)
        assert_screen_safe(app)  # the kerngegevens tab, with hostile values in every field
        for tab, expected in (("tab-toelichting", None), ("tab-complimenten", "compliment"),
                              ("tab-zorgpunten", "zorgpunt"), ("tab-advies", None)):
            screen.query_one(TabbedContent).active = tab
            await pilot.pause()
            if expected is not None:
                options = screen.query_one(f"#{tab.removeprefix('tab-')} OptionList", OptionList)
                assert str(options.get_option_at_index(0).prompt) == f"1. {expected}: {ALL_SHOWN}"
            assert_screen_safe(app)
        assert screen.query_one("#toelichting", TextArea).text == hostile("toelichting")

        # The export preview: the report as Markdown, formatted by the preview widget.
        app.show_export()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen._text is not None and raw_controls(screen._text) == []
        assert HOSTILE not in screen._text
        shown = "\n".join(screen.query_one(MarkdownPreview).plain_lines())
        assert f"Resultaat toetsing Kwaliteitsnormen Sociaal Werk — organisatie: {ALL_SHOWN}" in shown
        assert_screen_safe(app)
        app.shutdown()


async def test_texts_of_an_own_norm_set_show_literally(make_app, audits_folder, normset, settle):
    """Titles and norm texts from a user's own norm-set file: the choice of set, the board, the command
    palette and the norm screen."""
    own = normsets_dir()
    own.mkdir(parents=True, exist_ok=True)
    (own / "eigen.toml").write_text(hostile_normset_toml(normset.source_toml), encoding="utf-8")
    own_set = NormSetRegistry(own).get("eigen-vijandig")
    path = audits_folder / "eigen.toets"
    AuditFile.create_for(path, own_set, Kerngegevens(organisatie="Eigen set")).close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.new_audit()
        await settle(app, pilot)
        assert isinstance(app.screen, NewAuditScreen)
        options = app.screen.query_one("#normenset", Select).query_one(OptionList)
        prompts = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
        assert f"titel: {MARKUP} (eigen-vijandig) — eigen" in prompts
        app.screen.query_one("#normenset", Select).value = "eigen-vijandig"
        await pilot.pause()
        assert_screen_safe(app)
        await pilot.press("escape")
        await settle(app, pilot)

        app.open_audit(path)
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == f"rubriek: {MARKUP}"
        assert str(table.get_row_at(1)[1]).startswith("normtekst: [/] kapot [link=https://example.org]")
        assert_screen_safe(app)

        app.action_command_palette()
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"norm V1")
        await settle(app, pilot, 0.3)
        hits = app.screen.query_one(CommandList)
        shown = [str(hits.get_option_at_index(index).prompt) for index in range(hits.option_count)]
        assert any("Ga naar norm V1" in hit and "normtekst: [/] kapot" in hit for hit in shown), shown
        assert_screen_safe(app)
        await pilot.press("escape")
        await settle(app, pilot)

        app.show_norm("V1")
        await settle(app, pilot)
        assert app.screen.query_one(NormNotes).plain_text.startswith(f"normtekst: {MARKUP}")
        assert f"rubriek: {MARKUP}" in str(app.screen.query_one("#norm-title", Static).render())
        assert_screen_safe(app)
        app.shutdown()
