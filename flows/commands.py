"""The command language of the conversation: the table of commands, the parsers, and the help they render.

The line mode and the Textual chat input accept the same lines, so the language lives here once. Every
command has a Dutch name, Dutch and English aliases, an argument spec, a help text and an example;
`/help` and `/help OPDRACHT` are rendered from this table, and completion reads it too, so a command can
never be documented differently from how it is parsed. The argument parsers below turn an argument into
values or a `CommandError` that says what to type instead; what the values mean is the engine's business.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from assistant.store.model import ADVICE_CHOICES
from flows.messages import HELP, Message
from normsets.model import JUDGEMENTS, ROLES, role_code

PREFIX = "/"

#: How a command takes its argument.
NO_ARGUMENT = "geen"
OPTIONAL = "optioneel"
REQUIRED = "verplicht"

#: What completion offers for a command's (first) argument.
COMPLETE_NORM = "norm"
COMPLETE_ROLES = "rollen"
COMPLETE_JUDGEMENT = "oordeel"
COMPLETE_KERN = "kern"
COMPLETE_COMMAND = "opdracht"
COMPLETE_ORDER = "volgorde"
COMPLETE_SOURCE = "bron"
COMPLETE_ADVICE = "advies"
COMPLETE_PLAN = "pva"
COMPLETE_PATH = "pad"

#: The two orders of an interview's walk over the norms.
ORDER_SOURCES = "bronnen"
ORDER_NORMSET = "normenset"
ORDERS = (ORDER_SOURCES, ORDER_NORMSET)

#: The options `/gesprek` understands after the roles.
OPTION_ALL = ("--alle", "--all")
OPTION_DATE = ("--datum", "--date")


@dataclass(frozen=True)
class Command:
    """One command of the language."""

    name: str
    """The Dutch name, typed after the slash."""
    usage: str
    """The argument spec as shown in help, e.g. ``ROL[,ROL] [OMSCHRIJVING]``; empty for none."""
    summary: str
    """One line for the /help overview."""
    group: str
    """The heading the command is listed under in /help."""
    example: str
    """A complete example line, shown in help and in the message for a missing argument."""
    aliases: tuple[str, ...] = ()
    """Other names: Dutch synonyms first, then English."""
    argument: str = NO_ARGUMENT
    """`NO_ARGUMENT`, `OPTIONAL` or `REQUIRED`."""
    completes: str | None = None
    """What completion offers for the first argument (one of the COMPLETE_* values), if anything."""
    details: tuple[str, ...] = ()
    """Further help lines for /help OPDRACHT."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def synopsis(self) -> str:
        """``/gesprek ROL[,ROL] [OMSCHRIJVING]``."""
        return f"{PREFIX}{self.name} {self.usage}".rstrip()


_ROLE_LEGEND = tuple(f"  {code:<4} {legend}" for code, legend in ROLES.items())
_JUDGEMENT_LEGEND = tuple(f"  {code:<4} {label}" for code, label in JUDGEMENTS.items())

GROUPS = (
    "Bronnen",
    "Normen doorlopen",
    "Notities",
    "Oordeel en verslag",
    "Overzicht",
    "Samenvatting en kerngegevens",
    "Overig",
)

COMMANDS: tuple[Command, ...] = (
    Command(
        "gesprek", "ROL[,ROL] [OMSCHRIJVING] [--alle] [--datum JJJJ-MM-DD]",
        "nieuw gesprek als bron, loopt de normen van de rol(len) langs; /gesprek verder [N] zet er een voort",
        "Bronnen", "/gesprek P twee ambulant werkers", aliases=("interview",), argument=REQUIRED,
        completes=COMPLETE_ROLES,
        details=(
            "Het gesprek wordt de huidige bron en de rondgang begint: eerst de normen waarbij een van deze "
            "rollen in de kolom 'Wie' staat, dan die waar de rol een aanvulling is; binnen elk deel standaard "
            "die met de minste bronnen eerst.",
            "Normen die al een oordeel hebben worden overgeslagen; met --alle komen ze ook langs.",
            "Met --datum JJJJ-MM-DD legt u de datum van het gesprek vast (standaard: vandaag).",
            "De omschrijving noemt alleen functies, nooit namen: 'twee ambulant werkers', niet 'Anna en Piet'.",
            "Meer rollen tegelijk: /gesprek P,Mng teamleider en twee professionals",
            "Een gesprek voortzetten (ook een andere dag): /gesprek verder toont de gesprekken met rollen, "
            "omschrijving, datum, aantal notities en waar de rondgang staat; /gesprek verder N zet gesprek N "
            "voort, bij de norm waar het was.",
            "Eén persoon is één bron: bestaat er al een gesprek met dezelfde rollen en omschrijving, dan vraagt "
            "de assistent of het hetzelfde gesprek is. /ja zet dat gesprek voort (geen nieuwe bron), /nee begint "
            "een nieuw gesprek als nieuwe bron; een andere regel laat beide vallen.",
            "Bij het openen gaat de assistent verder met het gesprek waarvan de rondgang het laatst bewoog.",
            "Rollen:", *_ROLE_LEGEND,
        ),
    ),
    Command("document", "NAAM[: TEKST]", "document als bron (tijdens een gesprek: voor het volgende /bewijs)",
            "Bronnen", "/document jaarverslag 2025: klachtenregeling op p. 12", aliases=("doc",),
            argument=REQUIRED,
            details=("Tijdens een gesprek blijft het gesprek de bron van gewone tekst: /document NAAM: TEKST legt "
                     "TEKST als bewijs bij het document vast, /document NAAM zonder tekst zet het document klaar "
                     "voor de eerstvolgende /bewijs-regel bij deze norm. Daarna spreekt het gesprek weer.",
                     "Buiten een gesprek wordt het document de huidige bron (met TEKST ook meteen bewijs).",
                     "Een naam die al een bron van dezelfde soort is, is die bron: er komt geen tweede bij.",
                     "Zo werken ook /registratie, /observatie en /gegevens. Geen van hen start een rondgang: "
                     "de huidige norm blijft staan.")),
    Command("registratie", "NAAM[: TEKST]", "registratie als bron (bijvoorbeeld een cliëntdossier)", "Bronnen",
            "/registratie cliëntdossier 2025-14", aliases=("registration",), argument=REQUIRED,
            details=("Werkt als /document: tijdens een gesprek voor het volgende /bewijs, of met NAAM: TEKST.",)),
    Command("observatie", "NAAM[: TEKST]", "observatie als bron (iets wat u zelf zag)", "Bronnen",
            "/observatie teamoverleg wijkteam Noord", aliases=("observation",), argument=REQUIRED,
            details=("Werkt als /document: tijdens een gesprek voor het volgende /bewijs, of met NAAM: TEKST.",)),
    Command("gegevens", "NAAM[: TEKST]", "gegevensbron (cijfers, managementinformatie)", "Bronnen",
            "/gegevens klanttevredenheid 2025", aliases=("data",), argument=REQUIRED,
            details=("Werkt als /document: tijdens een gesprek voor het volgende /bewijs, of met NAAM: TEKST.",)),
    Command("bronnen", "", "alle bronnen, genummerd", "Bronnen", "/bronnen", aliases=("sources",)),
    Command("bron", "N", "maak bron N (zie /bronnen) de huidige bron", "Bronnen", "/bron 2",
            aliases=("source",), argument=REQUIRED, completes=COMPLETE_SOURCE,
            details=("Is bron N een gesprek met een rondgang, dan gaat die rondgang verder waar hij was.",)),
    Command("norm", "ID", "ga naar een norm (V5, d11, O23: hoofdletters maken niet uit)", "Normen doorlopen",
            "/norm V5", aliases=("ga", "goto"), argument=REQUIRED, completes=COMPLETE_NORM,
            details=("In een gesprek is dat een zijstap: de rondgang onthoudt dat deze norm gevraagd is en "
                     "/volgende gaat daarna verder met de eerste norm die nog niet gevraagd is.",)),
    Command("volgende", "", "de volgende norm die nog niet gevraagd is (rondgang, anders normenset)",
            "Normen doorlopen", "/volgende", aliases=("next",),
            details=("In een gesprek: de eerste norm van de rondgang die nog niet gevraagd of overgeslagen is; "
                     "'nog te doen' telt die normen.",)),
    Command("vorige", "", "de vorige norm (in een gesprek: die u daarvoor zag)",
            "Normen doorlopen", "/vorige", aliases=("terug", "prev", "previous", "back")),
    Command("overslaan", "", "sla deze norm nu over; aan het eind van de rondgang hoort u welke u oversloeg",
            "Normen doorlopen", "/overslaan", aliases=("skip",),
            details=("Een overgeslagen norm telt niet als gevraagd; /norm ID haalt hem terug.",)),
    Command("volgorde", "bronnen|normenset", "volgorde van de rondgang: minste bronnen eerst of als in de normenset",
            "Normen doorlopen", "/volgorde normenset", aliases=("order",), argument=REQUIRED,
            completes=COMPLETE_ORDER,
            details=("bronnen: de normen met de minste bronnen eerst (standaard), zodat het gesprek de gaten vult.",
                     "normenset: in de volgorde van de normenset (V1, V2, ..., O23).",
                     "De normen die in de lopende rondgang nog komen, worden meteen opnieuw geordend.")),
    Command("bevinding", "TEKST", "een bevinding (hetzelfde als tekst zonder /)", "Notities",
            "/bevinding Inwerken gaat met een vaste buddy.", aliases=("finding",), argument=REQUIRED,
            details=("Handig voor tekst die zelf met een / begint.",)),
    Command("bewijs", "TEKST", "bewijs: ingezien document, registratie, besproken voorbeeld, cijfers", "Notities",
            "/bewijs Inwerkchecklist van twee nieuwe collega's ingezien.", aliases=("evidence",),
            argument=REQUIRED),
    Command("suggestie", "TEKST", "een knelpunt of verbetersuggestie van de gesprekspartner (telt niet als bron)",
            "Notities", "/suggestie Intervisie vaker dan eens per kwartaal.",
            aliases=("knelpunt", "suggestion"), argument=REQUIRED),
    Command("citaat", "TEKST", "een letterlijk citaat (telt als bron, zoals een bevinding)", "Notities",
            "/citaat \"We leren hier echt van elkaar.\"", aliases=("quote",), argument=REQUIRED),
    Command("oordeel", "WAARDE [TEKST]", "oordeel over de huidige norm: + , +/- , - , nvt of nb",
            "Oordeel en verslag", "/oordeel +/- Intervisie is er, maar niet structureel.",
            aliases=("judge", "judgement"), argument=REQUIRED, completes=COMPLETE_JUDGEMENT,
            details=("Er is alleen een huidige norm nodig, geen bron: /norm V5 en dan /oordeel + ...",
                     "Met TEKST zet u meteen de tekst voor het rapport (zoals /verslag).",
                     "Waarden:", *_JUDGEMENT_LEGEND)),
    Command("opvolging", "STAND TEKST", "hercertificering: wat werd er van het vorige verbeterpunt? "
            "opgevolgd, deels of niet, met een zin", "Oordeel en verslag",
            "/opvolging deels Het inwerkprogramma is vastgelegd maar nog niet ingevoerd.",
            aliases=("follow-up", "followup"), argument=REQUIRED,
            details=("Alleen bij een hercertificering (toetsassistent nieuw NIEUW.toets --vorige OUD.toets), voor "
                     "een norm die de vorige keer verbeterpunt (+/-) was of niet voldeed (-).",
                     "Standen: opgevolgd, deels (deels opgevolgd), niet (niet opgevolgd).",
                     "Een definitief rapport (export --definitief) noemt elk verbeterpunt zonder opvolging.")),
    Command("verslag", "TEKST", "de rapporttekst van de huidige norm (vervangt de vorige)", "Oordeel en verslag",
            "/verslag De organisatie werkt met een inwerkprogramma dat ...", aliases=("rapport", "report"),
            argument=REQUIRED,
            details=("/verslag concept toont een concept uit de notities van de norm, per soort bron "
                     "('In 3 gesprekken (2 P, Mng): ...'); er wordt nog niets opgeslagen.",
                     "/verslag concept overnemen slaat dat concept op als rapporttekst (staat er al tekst, dan "
                     "wordt eerst gevraagd of die mag worden vervangen). Pas het daarna aan met /verslag TEKST, "
                     "of in het normscherm.")),
    Command("plan-van-aanpak", "STAND [DATUM] [NOTITIE]",
            "plan van aanpak van de huidige norm: niet-ontvangen, ontvangen of goedgekeurd",
            "Oordeel en verslag", "/plan-van-aanpak ontvangen 2026-03-03 per mail van de kwaliteitsmedewerker",
            aliases=("pva", "planvanaanpak"), argument=OPTIONAL, completes=COMPLETE_PLAN,
            details=("Hoort bij een norm met oordeel verbeterpunt (+/-) of voldoet niet (-).",
                     "STAND: niet-ontvangen, ontvangen of goedgekeurd (ook: akkoord). DATUM in de vorm "
                     "JJJJ-MM-DD; zonder datum geldt vandaag. NOTITIE vervangt de vorige notitie.",
                     "Zonder argument: de stand van alle plannen van aanpak.",
                     "Het advies is 'positief' als alle plannen zijn goedgekeurd, en 'positief na goedkeuring' "
                     "zolang er nog open staan (binnen de grenzen van de normenset).")),
    Command("open", "", "de open normen per rubriek, met hun aantal bronnen", "Overzicht", "/open",
            aliases=("todo",),
            details=("Open is een norm zonder oordeel, of met minder bronnen dan de normenset vraagt "
                     "(een norm die niet van toepassing is, heeft geen bronnen nodig).",)),
    Command("status", "", "totalen per oordeel, bronnen per norm en de adviesindicatie", "Overzicht", "/status"),
    Command("plan", "ROLLEN", "welke normen na de geplande gesprekken nog te weinig bronnen hebben", "Overzicht",
            "/plan P,Mng,P&O", aliases=("planning",), argument=REQUIRED, completes=COMPLETE_ROLES,
            details=("Elk gesprek apart met komma's; één gesprek met meer rollen met +: /plan P+Mng,CB",
                     "Elk gepland gesprek telt als één extra bron voor elke norm waarover een van zijn rollen "
                     "kan spreken.")),
    Command("kern", "VELD WAARDE", "vul een kerngegeven in (zonder argument: de lijst)", "Samenvatting en kerngegevens",
            "/kern scope maatschappelijk werk en wijkteams", aliases=("kerngegeven", "core"),
            argument=OPTIONAL, completes=COMPLETE_KERN,
            details=("Datumvelden (datum_...) in de vorm JJJJ-MM-DD. Geen zelfevaluatie (hercertificering): "
                     "/kern datum_zelfevaluatie nvt REDEN zet 'n.v.t.' en de reden in één keer.",
                     "omvang_medewerkers en omvang_locaties: een heel getal; omvang_fte: een getal (62,5).",
                     "vorm_onderzoek: intercollegiaal, combi_ict_ci, ci_label of combi_iso_hkz (of de naam "
                     "voluit, zoals 'Alleen CI op het label').",
                     "Lijsten (scope, toetsers, gesprekspartners), één regel per item: /kern scope + Jongerenwerk "
                     "voegt een regel toe, /kern scope - Jongerenwerk haalt hem weg, en /kern scope Team "
                     "Noord\\nTeam Zuid vervangt de hele lijst (\\n scheidt de regels).",
                     "/kern gesprekspartners voorstel toont de gesprekspartners volgens de gevoerde gesprekken; "
                     "/kern gesprekspartners overnemen zet dat voorstel in het veld.",
                     "/kern VELD --leeg maakt een veld leeg.")),
    Command("advies", "KEUZE [TEKST]", "het advies van de CI: positief, na-pva of negatief (met toelichting)",
            "Samenvatting en kerngegevens", "/advies positief De organisatie voldoet aan de normen.",
            aliases=("advice",), argument=OPTIONAL, completes=COMPLETE_ADVICE,
            details=("KEUZE: positief; na-pva (positief zodra de plannen van aanpak zijn goedgekeurd); negatief.",
                     "Met TEKST zet u ook de toelichting op het advies (vervangt de vorige).",
                     "Zonder argument: de keuze, de toelichting en de berekende indicatie. /advies --leeg haalt "
                     "de keuze weg.",
                     "In het rapport staat uw keuze; de berekende indicatie blijft in de app en het werkdocument.")),
    Command("compliment", "TEKST", "voeg een compliment toe aan de samenvatting", "Samenvatting en kerngegevens",
            "/compliment Heldere en betrokken professionals.", aliases=("praise",), argument=REQUIRED),
    Command("zorgpunt", "TEKST", "voeg een zorgpunt toe aan de samenvatting", "Samenvatting en kerngegevens",
            "/zorgpunt Registratie van klachten is onvolledig.", aliases=("concern",), argument=REQUIRED),
    Command("toelichting", "TEKST", "de toelichting van de samenvatting (vervangt de vorige)",
            "Samenvatting en kerngegevens", "/toelichting De toetsing vond plaats op twee locaties ...",
            aliases=("explanation",), argument=REQUIRED),
    Command("ja", "", "bevestig wat de assistent net vroeg", "Overig", "/ja", aliases=("yes", "j"),
            details=("Sommige opdrachten vragen eerst om bevestiging (bijvoorbeeld 'voldoet' op alleen papier); "
                     "/ja voert ze uit, /nee of elke andere regel laat ze vallen.",)),
    Command("nee", "", "zie af van wat de assistent net vroeg", "Overig", "/nee", aliases=("no", "n")),
    Command("ongedaan", "", "maak de laatste wijziging van dit gesprek ongedaan", "Overig", "/ongedaan",
            aliases=("herstel", "undo"),
            details=("Kan vaker achter elkaar: elke keer de wijziging daarvoor.",)),
    Command("samenvoegen", "PAD", "voeg de kopie van een andere toetser samen met deze toetsing (regelmodus)",
            "Overig", "/samenvoegen ../kopie-BB.toets", aliases=("merge",), argument=REQUIRED, completes=COMPLETE_PATH,
            details=("Voor twee toetsers met elk een kopie (toetsassistent kopie). Wat alleen in de kopie staat, komt "
                     "erbij; bij elk conflict (aan beide kanten anders gewijzigd) kiest u a (deze toetsing), b (de "
                     "kopie) of t (een eigen tekst, bij vrije tekst). Er wordt pas geschreven als alles is beslist: "
                     "eerst een reservekopie (.voor-samenvoegen), dan de samenvoeging, dan een logboek.",
                     "Alleen in de regelmodus met een terminal; in de app via Ctrl+P 'Samenvoegen', in een script "
                     "met toetsassistent samenvoegen A.toets B.toets --keuzes KEUZES.json.")),
    Command("help", "[OPDRACHT]", "dit overzicht, of uitleg bij één opdracht", "Overig", "/help gesprek",
            aliases=("hulp", "?"), argument=OPTIONAL, completes=COMPLETE_COMMAND),
    Command("stop", "", "beëindig de sessie (alles is dan al opgeslagen)", "Overig", "/stop",
            aliases=("einde", "quit", "exit")),
)

_BY_NAME: dict[str, Command] = {name.casefold(): command for command in COMMANDS for name in command.names}


def find(name: str) -> Command | None:
    """The command with this name or alias (without the slash, any case), or None."""
    return _BY_NAME.get(name.strip().removeprefix(PREFIX).casefold())


class CommandError(ValueError):
    """The line is not a valid command; `str(error)` says in Dutch what to type instead."""


@dataclass(frozen=True)
class ParsedLine:
    """A line split into its command (None for plain text) and the rest."""

    command: Command | None
    argument: str


def parse(line: str) -> ParsedLine:
    """Split a line; plain text comes back with `command=None`. Raises `CommandError` for bad commands."""
    text = line.strip()
    if not text.startswith(PREFIX):
        return ParsedLine(None, text)
    word, _, argument = text[len(PREFIX):].partition(" ")
    argument = argument.strip()
    command = find(word)
    if command is None:
        raise CommandError(_unknown_command(word))
    if command.argument == REQUIRED and not argument:
        raise CommandError(missing_argument(command))
    if command.argument == NO_ARGUMENT and argument:
        raise CommandError(
            f"{PREFIX}{command.name} heeft geen tekst erachter nodig; typ alleen {PREFIX}{command.name}."
            + (" Wilde u naar een norm? Typ /norm ID." if command.name in ("volgende", "vorige") else "")
        )
    return ParsedLine(command, argument)


def missing_argument(command: Command) -> str:
    return f"Na {PREFIX}{command.name} hoort nog iets: {command.synopsis}. Bijvoorbeeld: {command.example}"


def _unknown_command(word: str) -> str:
    if not word:
        return "Alleen een / is geen opdracht. Typ /help voor alle opdrachten."
    close = difflib.get_close_matches(word.casefold(), list(_BY_NAME), n=1, cutoff=0.7)
    hint = f" Bedoelt u {PREFIX}{_BY_NAME[close[0]].name}?" if close else ""
    return (
        f"Onbekende opdracht '{PREFIX}{word}'.{hint} Typ /help voor alle opdrachten; "
        "tekst die met / begint slaat u op met /bevinding TEKST."
    )


def help_message(name: str = "") -> Message:
    """The /help overview, or the help of one command (raises `CommandError` for an unknown one)."""
    if not name.strip():
        width = max(len(command.synopsis) for command in COMMANDS if len(command.synopsis) <= 34)
        lines: list[str] = ["Tekst zonder / is een bevinding bij de huidige norm, uit de huidige bron."]
        for group in GROUPS:
            lines.append("")
            lines.append(f"{group}:")
            for command in COMMANDS:
                if command.group != group:
                    continue
                synopsis = command.synopsis
                if len(synopsis) > width:
                    lines.append(f"  {synopsis}")
                    lines.append(f"  {'':<{width}}  {command.summary}")
                else:
                    lines.append(f"  {synopsis:<{width}}  {command.summary}")
        return Message(HELP, "Opdrachten (typ /help OPDRACHT voor uitleg bij één opdracht):", tuple(lines))
    command = find(name)
    if command is None:
        raise CommandError(
            f"Er is geen opdracht '{name.strip()}'. Typ /help voor de lijst van alle opdrachten."
        )
    lines = [command.summary[0].upper() + command.summary[1:] + ".", *command.details]
    if command.aliases:
        lines.append("Ook te typen als: " + ", ".join(PREFIX + alias for alias in command.aliases))
    lines.append(f"Voorbeeld: {command.example}")
    return Message(HELP, command.synopsis, tuple(lines))


# -- arguments -------------------------------------------------------------------------------------

#: Judgement words a user may type instead of the code, longest first, so the error can name the code.
_JUDGEMENT_WORDS = sorted(((label, code) for code, label in JUDGEMENTS.items()), key=lambda pair: -len(pair[0]))
#: Other ways of typing a judgement code that are unambiguous.
_JUDGEMENT_SPELLINGS = {"+-": "+/-", "±": "+/-", "-/+": "+/-", "n.v.t.": "nvt", "n.b.": "nb"}


@dataclass(frozen=True)
class InterviewArguments:
    """What `/gesprek ROL[,ROL] [OMSCHRIJVING] [--alle] [--datum JJJJ-MM-DD]` asks for."""

    roles: tuple[str, ...]
    label: str
    include_judged: bool = False
    date: str = ""
    """ISO date, or empty when not given (the engine then uses today)."""


def parse_roles(texts: list[str], example: str) -> tuple[str, ...]:
    """Canonical role codes for `texts` (any case), without duplicates, in the order typed."""
    codes: list[str] = []
    for text in texts:
        if not text.strip():
            continue
        code = role_code(text)
        if code is None:
            raise CommandError(f"Onbekende rol '{text.strip()}'. Kies uit {', '.join(ROLES)} "
                               f"(/help gesprek zegt wat ze betekenen). Bijvoorbeeld: {example}")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise CommandError(f"Geef ten minste één rol ({', '.join(ROLES)}). Bijvoorbeeld: {example}")
    return tuple(codes)


def parse_date(text: str, example: str) -> str:
    """A date typed as JJJJ-MM-DD, returned as such; anything else is refused."""
    typed = text.strip()
    try:
        parsed = date.fromisoformat(typed) if len(typed) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"'{text}' is geen datum in de vorm JJJJ-MM-DD. Bijvoorbeeld: {example}")
    return parsed.isoformat()


def parse_interview(argument: str) -> InterviewArguments:
    """Roles first (``P,Mng`` or ``P, Mng``), then the description; the options may stand anywhere."""
    include_judged = False
    interview_date = ""
    words: list[str] = []
    tokens = argument.split()
    while tokens:
        token = tokens.pop(0)
        option, _, value = token.partition("=")
        if option.casefold() in OPTION_ALL and not value:
            include_judged = True
        elif option.casefold() in OPTION_DATE:
            if not value and tokens:
                value = tokens.pop(0)
            interview_date = parse_date(value, "/gesprek P --datum 2026-11-20")
        elif token.startswith("--") and len(token) > 2:
            raise CommandError(f"Onbekende optie '{token}' bij /gesprek. Mogelijk zijn --alle en --datum JJJJ-MM-DD.")
        else:
            words.append(token)
    if not words:
        raise CommandError(missing_argument(_BY_NAME["gesprek"]))
    role_text, rest = words[0], words[1:]
    while rest and (role_text.endswith(",") or rest[0].startswith(",")):
        role_text += rest.pop(0)
    roles = parse_roles(role_text.split(","), example=_BY_NAME["gesprek"].example)
    return InterviewArguments(roles, " ".join(rest), include_judged, interview_date)


def parse_judgement(argument: str) -> tuple[str, str]:
    """``"+/- Tekst"`` -> ``("+/-", "Tekst")``; a judgement word gets an error that names its code."""
    value_text, _, report_text = argument.strip().partition(" ")
    candidate = value_text.casefold()
    candidate = _JUDGEMENT_SPELLINGS.get(candidate, candidate)
    if candidate in JUDGEMENTS:
        return candidate, report_text.strip()
    codes = "; ".join(f"{code} ({label})" for code, label in JUDGEMENTS.items())
    spoken = argument.strip().casefold()
    for label, code in _JUDGEMENT_WORDS:
        if spoken.startswith(label):
            raise CommandError(f"Typ het oordeel als code: /oordeel {code} voor '{label}'. De codes: {codes}.")
    raise CommandError(f"Onbekend oordeel '{value_text}'. Kies uit {codes}; bijvoorbeeld /oordeel +/- TEKST.")


def parse_plan(argument: str) -> list[tuple[str, ...]]:
    """``"P,Mng P+CB"`` -> ``[("P",), ("Mng",), ("P", "CB")]``: one tuple of roles per planned interview."""
    planned = [parse_roles(group.split("+"), example=_BY_NAME["plan"].example)
               for group in argument.replace(" ", ",").split(",") if group.strip()]
    if not planned:
        raise CommandError(missing_argument(_BY_NAME["plan"]))
    return planned


#: How an advice choice may be typed (any case; '-' and '_' alike) -> key of `ADVICE_CHOICES`.
ADVICE_WORDS: dict[str, str] = {
    "positief": "positief",
    "pos": "positief",
    "na-pva": "positief_na_pva",
    "positief-na-pva": "positief_na_pva",
    "pva": "positief_na_pva",
    "zodra": "positief_na_pva",
    "positief-zodra": "positief_na_pva",
    "negatief": "negatief",
    "neg": "negatief",
}
#: The words completion and help offer, one per choice.
ADVICE_OFFERED = ("positief", "na-pva", "negatief")


def parse_advice(argument: str) -> tuple[str, str]:
    """``"na-pva Tekst"`` -> ``("positief_na_pva", "Tekst")``; an unknown choice names the three."""
    word, _, text = argument.strip().partition(" ")
    key = word.casefold().replace("_", "-")
    choice = ADVICE_WORDS.get(key)
    if choice is None:
        options = "; ".join(f"{offered} ({ADVICE_CHOICES[ADVICE_WORDS[offered]]})" for offered in ADVICE_OFFERED)
        raise CommandError(f"Onbekend advies '{word}'. Kies uit: {options}. Bijvoorbeeld: /advies na-pva TEKST")
    return choice, text.strip()


def parse_order(argument: str) -> str:
    order = argument.strip().casefold()
    if order not in ORDERS:
        raise CommandError(f"Onbekende volgorde '{argument.strip()}'. Kies /volgorde {ORDER_SOURCES} (de minste "
                           f"bronnen eerst) of /volgorde {ORDER_NORMSET} (de volgorde van de normenset).")
    return order
