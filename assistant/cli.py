"""The `toetsassistent` command: argument parsing in Dutch and dispatch to the parts that do the work.

Each subcommand's work lives in its own module and is imported only when that subcommand runs, so
`toetsassistent normensets` never loads Textual and the full-screen app starts no slower than it must.

Standard output and error are made unable to fail on a character the terminal's encoding lacks
(`safe_streams`): a report or a message is never cut off by a `UnicodeEncodeError`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from assistant import __version__
from flows.safe_text import visible

DESCRIPTION = (
    "Terminalassistent voor toetsers van het Kwaliteitslabel Sociaal Werk: gesprekken per norm, "
    "bronnen tellen, oordelen en het rapport in Word of Markdown. Zonder opdracht start het volledige scherm."
)
EPILOG = """voorbeelden:
  toetsassistent --demo                              het volledige scherm met een voorbeeldtoetsing
  toetsassistent open audit.toets                    een toetsing openen in het volledige scherm
  toetsassistent nieuw audit.toets --normenset sterk-sociaal-werk-2019 --organisatie "Welzijn Voorbeeld"
  toetsassistent nieuw 2026.toets --vorige 2024.toets  hercertificering: vorige oordelen als naslag
  toetsassistent zelfevaluatie audit.toets zelfevaluatie.csv
  toetsassistent lijn audit.toets                    de gesprekken in regelmodus (ook voor schermlezers)
  toetsassistent lijn audit.toets < opdrachten.txt   opdrachten uit een bestand
  toetsassistent status audit.toets --json
  toetsassistent export audit.toets --formaat rapport -o rapport.md
  toetsassistent export audit.toets --formaat docx --deel A -o deel-a.docx
  toetsassistent kern audit.toets datum_zelfevaluatie nvt hercertificering
  toetsassistent sjabloon huisstijl.docx             een kopie van het standaardsjabloon om in Word aan te passen
  toetsassistent kopie audit.toets audit-bv.toets --toetser BV     kopie voor de tweede toetser
  toetsassistent samenvoegen audit.toets audit-bv.toets             haar werk samenvoegen in het uwe
"""

_TRANSLATIONS = [
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: ongeldige keuze \2 (kies uit \3)"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze \1 (kies uit \2)"),
    (r"argument (\S+): expected one argument", r"argument \1: verwacht één waarde"),
    (r"argument (\S+): (.*)", r"argument \1: \2"),
]


class DutchParser(argparse.ArgumentParser):
    """argparse with Dutch headings, help option and error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulptekst en stop")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Gebruik:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "Gebruik:", 1)

    def error(self, message: str):  # type: ignore[override]
        for pattern, replacement in _TRANSLATIONS:
            translated, count = re.subn(pattern, replacement, message)
            if count:
                message = translated
                break
        self.print_usage(sys.stderr)
        # The message may quote an argument as typed: show its control characters, do not send them.
        self.exit(2, f"{self.prog}: fout: {visible(message)}\nZie '{self.prog.split()[0]} --help' voor hulp.\n")


def build_parser() -> DutchParser:
    parser = DutchParser(prog="toetsassistent", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"toetsassistent {__version__}",
                        help="toon het versienummer en stop")
    parser.add_argument("--demo", action="store_true",
                        help="open een verse kopie van de ingebouwde voorbeeldtoetsing")
    parser.add_argument("--alleen-lezen", dest="read_only", action="store_true",
                        help="open het auditbestand zonder iets te wijzigen")
    commands = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT",
                                     parser_class=DutchParser)

    opener = commands.add_parser("open", help="open een auditbestand in het volledige scherm",
                                 description="Open een auditbestand in het volledige scherm.")
    opener.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    opener.add_argument("--alleen-lezen", dest="read_only", action="store_true", default=argparse.SUPPRESS,
                        help="open het auditbestand zonder iets te wijzigen")

    sets = commands.add_parser("normensets", help="toon de beschikbare normensets",
                               description="Toon de beschikbare normensets, of één normenset volledig.")
    sets.add_argument("id", nargs="?", metavar="ID", help="toon alleen deze normenset")
    sets.add_argument("--json", action="store_true", help="als JSON (met normen, rollen en vragen)")

    new = commands.add_parser("nieuw", help="maak een nieuw auditbestand",
                              description="Maak een nieuw auditbestand; een bestaand bestand wordt nooit overschreven.")
    new.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    new.add_argument("--normenset", default="sterk-sociaal-werk-2019", metavar="ID",
                     help="de normenset (standaard: sterk-sociaal-werk-2019)")
    new.add_argument("--organisatie", metavar="NAAM",
                     help="naam van de getoetste organisatie (met --vorige: standaard die van de vorige toetsing)")
    new.add_argument("--vorige", type=Path, metavar="OUD",
                     help="hercertificering: de vorige toetsing (auditbestand of JSON-export); haar oordelen "
                          "en rapportteksten worden naslag, het bestand zelf blijft ongewijzigd")

    status = commands.add_parser("status", help="open normen, totalen en adviesindicatie",
                                 description="Wat /open en /status laten zien: open normen, totalen per oordeel, advies.")
    status.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    status.add_argument("--json", action="store_true", help="als JSON")

    line = commands.add_parser("lijn", help="de gesprekken in regelmodus",
                               description="De begeleide gesprekken regel voor regel (prompt_toolkit). "
                                           "Leest opdrachten uit standaardinvoer als die geen terminal is; "
                                           "lege regels en regels die met # beginnen worden dan overgeslagen.")
    line.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    line.add_argument("--alleen-lezen", dest="read_only", action="store_true", default=argparse.SUPPRESS,
                      help="bekijk de toetsing zonder iets te wijzigen (/open, /status, /help)")

    export = commands.add_parser("export", help="exporteer rapport (Word of Markdown), werkdocument of JSON",
                                 description="Exporteer de toetsing als rapport in Word (docx) of Markdown (rapport), "
                                             "werkdocument (Markdown) of JSON.")
    export.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    export.add_argument("--formaat", choices=("rapport", "docx", "werkdocument", "json"), default="rapport",
                        help="rapport (Markdown, standaard), docx (Word; vraagt -o), werkdocument of json")
    export.add_argument("-o", "--uitvoer", type=Path, metavar="PAD", help="schrijf naar dit bestand (anders naar het scherm)")
    export.add_argument("--deel", choices=("A", "B"), type=str.upper,
                        help="alleen deel A (samenvatting, naar Sociaal Werk Nederland) of deel B (bevindingen, naar "
                             "de organisatie) van het rapport; standaard beide")
    export.add_argument("--sjabloon", metavar="SJABLOON",
                        help="eigen Word-sjabloon voor docx: een pad, of de naam van een .docx in de map sjablonen/ "
                             "van de gegevensmap")
    export.add_argument("--definitief", action="store_true",
                        help="weiger te exporteren zolang er iets ontbreekt voor het definitieve rapport (oordelen, "
                             "bronnen, bevindingen, advies, kerngegevens, plannen van aanpak)")

    kern = commands.add_parser("kern", help="kerngegevens tonen of invullen (ook voor scripts)",
                               description="Toon de kerngegevens, of vul er één in. Dezelfde regels als /kern in het "
                                           "gesprek: data als JJJJ-MM-DD, lijsten met één regel per item "
                                           "('+ TEKST' voegt een regel toe, '- TEKST' haalt er een weg), "
                                           "datum_zelfevaluatie 'nvt REDEN'. Een foute waarde: een melding en "
                                           "code 1, er wordt niets gewijzigd.")
    kern.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    kern.add_argument("veld", nargs="?", metavar="VELD", help="het kerngegeven (zonder: alle kerngegevens)")
    kern.add_argument("waarde", nargs="*", metavar="WAARDE",
                      help="de nieuwe waarde (zonder: toon de waarde); bij gesprekspartners ook 'voorstel' of "
                           "'overnemen'")
    kern.add_argument("--leeg", action="store_true", help="maak het veld leeg")

    template = commands.add_parser("sjabloon", help="het Word-sjabloon: een kopie om aan te passen, of controleren",
                                   description="Schrijf een kopie van het standaardsjabloon van het Word-rapport, om "
                                               "in Word aan te passen; of controleer een eigen sjabloon. Zonder "
                                               "argumenten: de sjablonen in de map sjablonen/ van de gegevensmap.")
    template.add_argument("pad", nargs="?", type=Path, metavar="PAD", help="waar de kopie komt (een nieuw .docx-bestand)")
    template.add_argument("--controleer", metavar="SJABLOON",
                          help="controleer dit sjabloon (pad, of naam in de map sjablonen/)")
    template.add_argument("--deel", choices=("A", "B"), type=str.upper,
                          help="controleer het sjabloon alleen voor deel A of deel B")

    copy = commands.add_parser("kopie", help="maak een kopie van een toetsing voor de tweede toetser",
                               description="Maak een kopie van een toetsing voor de tweede toetser: dezelfde "
                                           "toetsing in een eigen bestand, later samen te voegen met 'samenvoegen'.")
    copy.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    copy.add_argument("kopie", type=Path, metavar="KOPIE", help="het nieuwe bestand (eindigt op .toets)")
    copy.add_argument("--toetser", metavar="INITIALEN", help="initialen van de toetser voor wie de kopie is")

    merge = commands.add_parser("samenvoegen", help="voeg de kopie van de andere toetser samen in deze toetsing",
                                description="Voeg het bestand van de andere toetser (B) samen in deze toetsing (A). "
                                            "Zonder conflicten gebeurt dat meteen; met conflicten wordt niets "
                                            "geschreven en toont het de conflicten (code 3), tot u ze beslist "
                                            "met --keuzes.")
    merge.add_argument("bestand", type=Path, metavar="A", help="uw auditbestand (wordt bijgewerkt)")
    merge.add_argument("andere", type=Path, metavar="B", help="het auditbestand van de andere toetser (blijft zo)")
    merge.add_argument("--keuzes", type=Path, metavar="BESTAND",
                       help='JSON met per conflict-id "a", "b" of {"tekst": "..."}')
    merge.add_argument("--json", action="store_true", help="conflicten en uitkomst als JSON")

    self_evaluation = commands.add_parser(
        "zelfevaluatie", help="lees de zelfevaluatie van de organisatie in (TOML of CSV)",
        description="Lees de zelfevaluatie van de organisatie in: per norm haar eigen tekst, uit een TOML- of "
                    "CSV-bestand (zie de README). U ziet hem bij de norm in het gesprek en op het normscherm, "
                    "niet in het rapport. Een nieuwe zelfevaluatie vervangt de vorige; een fout bestand wijzigt niets.")
    self_evaluation.add_argument("bestand", type=Path, metavar="AUDITBESTAND")
    self_evaluation.add_argument("zelfevaluatie", type=Path, metavar="BESTAND", help="een .toml- of .csv-bestand")

    imp = commands.add_parser("importeer", help="maak een auditbestand van een JSON-export",
                              description="Maak een auditbestand van een JSON-export van toetsassistent.")
    imp.add_argument("json", type=Path, metavar="JSON")
    imp.add_argument("-o", "--uitvoer", type=Path, metavar="AUDITBESTAND",
                     help="het nieuwe auditbestand (standaard: naast de JSON, met .toets)")
    return parser


def safe_streams() -> None:
    """Let standard output and error write every character: what the encoding lacks becomes an escape.

    With a non-UTF-8 locale (or `PYTHONIOENCODING=ascii`) an organisation named "Één" would otherwise end
    a command halfway with `UnicodeEncodeError`; now it prints as ``\\xc9\\xe9n``, and the rest follows.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # a closed or unusual stream: leave it as it is
            continue


def main(argv: Sequence[str] | None = None) -> int:
    safe_streams()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "normensets":
            from assistant.cli_normsets import run_normensets

            return run_normensets(args)
        if args.command in ("nieuw", "status", "lijn", "kern"):
            from assistant import cli_audit

            return {"nieuw": cli_audit.run_nieuw, "status": cli_audit.run_status, "lijn": cli_audit.run_lijn,
                    "kern": cli_audit.run_kern}[args.command](args)
        if args.command in ("kopie", "samenvoegen"):
            from assistant import cli_merge

            return {"kopie": cli_merge.run_kopie, "samenvoegen": cli_merge.run_samenvoegen}[args.command](args)
        if args.command == "zelfevaluatie":
            from assistant.cli_method import run_zelfevaluatie

            return run_zelfevaluatie(args)
        if args.command in ("export", "importeer", "sjabloon"):
            from assistant import cli_export

            return {"export": cli_export.run_export, "importeer": cli_export.run_importeer,
                    "sjabloon": cli_export.run_sjabloon}[args.command](args)
        from assistant.app import run_app

        return run_app(path=getattr(args, "bestand", None), demo=args.demo, read_only=args.read_only)
    except KeyboardInterrupt:
        print("\nAfgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`status | head`): not an error. Point stdout at devnull so that
        # Python's own flush at exit does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
