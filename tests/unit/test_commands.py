"""The command table and its parser: every name resolves, every example parses, every help renders."""

from __future__ import annotations

import pytest

from flows import commands
from flows.commands import COMMANDS, GROUPS, NO_ARGUMENT, OPTIONAL, REQUIRED, CommandError, parse
from flows.engine import Conversation
from flows.messages import HELP


def test_every_name_and_alias_is_unique():
    names = [name.casefold() for command in COMMANDS for name in command.names]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_a_handler_in_the_engine(command):
    assert callable(getattr(Conversation, f"_do_{command.name.replace('-', '_')}", None))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_is_documented(command):
    assert command.group in GROUPS
    assert command.summary and command.example.startswith(f"/{command.name}")
    assert command.argument in (NO_ARGUMENT, OPTIONAL, REQUIRED)
    assert (command.usage == "") == (command.argument == NO_ARGUMENT)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_example_parses_to_its_command(command):
    assert parse(command.example).command is command


@pytest.mark.parametrize(
    "typed, name",
    [(name, command.name) for command in COMMANDS for name in command.names]
    + [("VOLGENDE", "volgende"), ("/Next", "volgende"), ("Oordeel", "oordeel")],
)
def test_find_resolves_names_and_aliases_in_any_case(typed, name):
    assert commands.find(typed).name == name


@pytest.mark.parametrize(
    "line, name, argument",
    [
        ("Inwerken gaat met een buddy.", None, "Inwerken gaat met een buddy."),
        ("   ", None, ""),
        ("/norm v5", "norm", "v5"),
        ("  /bewijs   checklist gezien  ", "bewijs", "checklist gezien"),
        ("/next", "volgende", ""),
        ("/skip", "overslaan", ""),
        ("/evidence jaarverslag p. 4", "bewijs", "jaarverslag p. 4"),
        ("/judge +/- tekst", "oordeel", "+/- tekst"),
        ("/undo", "ongedaan", ""),
        ("/quit", "stop", ""),
        ("/?", "help", ""),
        ("/help gesprek", "help", "gesprek"),
        ("/kern", "kern", ""),
        ("/gesprek P,Mng teamleider", "gesprek", "P,Mng teamleider"),
        ("/knelpunt wachtlijst", "suggestie", "wachtlijst"),
    ],
)
def test_parse(line, name, argument):
    parsed = parse(line)
    assert (parsed.command.name if parsed.command else None) == name
    assert parsed.argument == argument


@pytest.mark.parametrize(
    "line, expected",
    [
        ("/", "Alleen een / is geen opdracht"),
        ("/foo", "Onbekende opdracht '/foo'. Typ /help"),
        ("/volgnde", "Bedoelt u /volgende?"),
        ("/oordel +", "Bedoelt u /oordeel?"),
        ("/pad/naar/bestand", "/bevinding TEKST"),
        ("/norm", "Na /norm hoort nog iets: /norm ID. Bijvoorbeeld: /norm V5"),
        ("/gesprek", "Bijvoorbeeld: /gesprek P twee ambulant werkers"),
        ("/bewijs   ", "Na /bewijs hoort nog iets"),
        ("/oordeel", "/oordeel WAARDE [TEKST]"),
        ("/volgende V5", "typ alleen /volgende. Wilde u naar een norm? Typ /norm ID."),
        ("/stop nu", "typ alleen /stop"),
    ],
)
def test_parse_refuses_with_a_message_that_says_what_to_type(line, expected):
    with pytest.raises(CommandError) as refused:
        parse(line)
    assert expected in str(refused.value)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.argument == REQUIRED], ids=lambda c: c.name)
def test_a_missing_argument_names_the_synopsis_and_an_example(command):
    with pytest.raises(CommandError) as refused:
        parse(f"/{command.name}")
    assert command.synopsis in str(refused.value)
    assert command.example in str(refused.value)


def test_help_overview_lists_every_command_under_its_group():
    message = commands.help_message()
    assert message.kind == HELP
    body = "\n".join(message.lines)
    for group in GROUPS:
        assert f"{group}:" in body
    for command in COMMANDS:
        assert command.synopsis in body
        assert command.summary in body


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_help_for_one_command(command):
    message = commands.help_message(command.name)
    assert message.text == command.synopsis
    body = "\n".join(message.lines)
    assert f"Voorbeeld: {command.example}" in body
    for alias in command.aliases:
        assert f"/{alias}" in body


def test_help_for_an_alias_shows_the_command():
    assert commands.help_message("/next").text == "/volgende"


def test_help_explains_roles_and_judgement_codes_and_the_walk_options():
    gesprek = "\n".join(commands.help_message("gesprek").lines)
    assert "P&O" in gesprek and "personeelszaken" in gesprek
    assert "--alle" in gesprek and "nooit namen" in gesprek
    oordeel = "\n".join(commands.help_message("oordeel").lines)
    assert "+/-" in oordeel and "verbeterpunt" in oordeel and "niet van toepassing" in oordeel
    volgorde = "\n".join(commands.help_message("volgorde").lines)
    assert "bronnen" in volgorde and "normenset" in volgorde


def test_help_for_an_unknown_command_is_refused():
    with pytest.raises(CommandError, match="Er is geen opdracht 'vliegen'"):
        commands.help_message("vliegen")


# -- argument parsers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argument, roles, label, include_judged, interview_date",
    [
        ("P", ("P",), "", False, ""),
        ("p twee ambulant werkers", ("P",), "twee ambulant werkers", False, ""),
        ("P,Mng teamleider", ("P", "Mng"), "teamleider", False, ""),
        ("P, mng teamleider", ("P", "Mng"), "teamleider", False, ""),
        ("P ,Mng teamleider", ("P", "Mng"), "teamleider", False, ""),
        ("p&o,P&O hr", ("P&O",), "hr", False, ""),
        ("CB --alle twee cliënten", ("CB",), "twee cliënten", True, ""),
        ("--all CB", ("CB",), "", True, ""),
        ("BV vrijwilliger --datum 2026-11-03", ("BV",), "vrijwilliger", False, "2026-11-03"),
        ("nbv --date=2026-01-31", ("nbV",), "", False, "2026-01-31"),
    ],
)
def test_parse_interview(argument, roles, label, include_judged, interview_date):
    parsed = commands.parse_interview(argument)
    assert (parsed.roles, parsed.label, parsed.include_judged, parsed.date) == (
        roles, label, include_judged, interview_date)


@pytest.mark.parametrize(
    "parser, argument, expected",
    [
        (commands.parse_interview, "Anna", "Onbekende rol 'Anna'. Kies uit P, Mng, P&O, CB, BV, nbV, S, BKC"),
        (commands.parse_interview, "--alle", "Na /gesprek hoort nog iets"),
        (commands.parse_interview, "P --kort", "Onbekende optie '--kort' bij /gesprek"),
        (commands.parse_interview, "P --datum 2026-02-30", "'2026-02-30' is geen datum"),
        (commands.parse_judgement, "ok", "Onbekend oordeel 'ok'"),
        (commands.parse_judgement, "voldoet grotendeels", "/oordeel + voor 'voldoet'"),
        (commands.parse_judgement, "niet beoordeeld", "/oordeel nb voor 'niet beoordeeld'"),
        (commands.parse_plan, "P,Q", "Onbekende rol 'Q'"),
        (commands.parse_plan, " , ", "Na /plan hoort nog iets"),
        (commands.parse_advice, "goed", "Onbekend advies 'goed'. Kies uit: positief (Positief); na-pva"),
        (commands.parse_order, "alfabet", "Kies /volgorde bronnen (de minste bronnen eerst) of /volgorde normenset"),
    ],
)
def test_argument_parsers_refuse_with_what_to_type(parser, argument, expected):
    with pytest.raises(CommandError) as refused:
        parser(argument)
    assert expected in str(refused.value)


@pytest.mark.parametrize(
    "argument, expected",
    [
        ("+", ("+", "")),
        ("+/- Intervisie is er.", ("+/-", "Intervisie is er.")),
        ("-  Geen  beleid. ", ("-", "Geen  beleid.")),
        ("NVT", ("nvt", "")),
        ("nb nog niet gezien", ("nb", "nog niet gezien")),
        ("± half", ("+/-", "half")),
        ("+- half", ("+/-", "half")),
        ("n.v.t.", ("nvt", "")),
    ],
)
def test_parse_judgement(argument, expected):
    assert commands.parse_judgement(argument) == expected


@pytest.mark.parametrize(
    "argument, expected",
    [
        ("P,Mng,P&O", [("P",), ("Mng",), ("P&O",)]),
        ("P Mng", [("P",), ("Mng",)]),
        ("p+mng, cb", [("P", "Mng"), ("CB",)]),
        ("P,P", [("P",), ("P",)]),
    ],
)
def test_parse_plan(argument, expected):
    assert commands.parse_plan(argument) == expected


@pytest.mark.parametrize(
    "argument, expected",
    [
        ("positief", ("positief", "")),
        ("Na-PVA Zodra de plannen er zijn.", ("positief_na_pva", "Zodra de plannen er zijn.")),
        ("positief_na_pva", ("positief_na_pva", "")),
        ("negatief  Te veel normen voldoen niet. ", ("negatief", "Te veel normen voldoen niet.")),
    ],
)
def test_parse_advice(argument, expected):
    assert commands.parse_advice(argument) == expected


@pytest.mark.parametrize("argument, expected", [("bronnen", "bronnen"), (" Normenset ", "normenset")])
def test_parse_order(argument, expected):
    assert commands.parse_order(argument) == expected
