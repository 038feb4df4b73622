"""`toetsassistent kopie` and `toetsassistent samenvoegen`: two auditors, one audit.

`kopie A B --toetser XY` makes the second auditor's copy. `samenvoegen A B` merges B into A: without
conflicts it merges at once; with conflicts and no choices it writes nothing, prints the conflict table
(or, with --json, the table as JSON) and exits with code 3; `--keuzes FILE` carries the merge out with one
choice per conflict. Every failure is one Dutch message and exit code 1, with nothing written.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from assistant.identity import InitialsError, auditor_initials, clean_initials
from assistant.merging import carry_out, make_copy, prepare
from assistant.store import AuditFile, AuditLocked, StoreError
from assistant.store import merge as mg
from assistant.store.journal import JournalError, read_regular
from exports.merge_log import shown
from flows.safe_text import escape_json, visible, visible_lines
from flows.text import shorten

PROG = "toetsassistent"
#: Exit code when conflicts wait for a decision (nothing written).
EXIT_CONFLICTS = 3


def _fail(message: str) -> int:
    print(f"{PROG}: {visible_lines(message)}", file=sys.stderr)
    return 1


def _open_writable(path: Path, author: str) -> AuditFile:
    """Open with the lock but without folding or a backup: a merge that ends without a change writes nothing."""
    try:
        return AuditFile.open(path, author=author, backups=0, fold=False)
    except AuditLocked as error:
        raise StoreError(f"{error} Sluit de toetsing eerst en voeg dan samen.") from None


def run_kopie(args: Namespace) -> int:
    """Make the second auditor's copy of an audit."""
    try:
        initials = clean_initials(args.toetser) if args.toetser else ""
    except InitialsError as error:
        return _fail(str(error))
    try:
        source = _open_writable(args.bestand, auditor_initials())
    except StoreError as error:
        return _fail(str(error))
    try:
        target = make_copy(source, args.kopie, initials)
    except StoreError as error:
        return _fail(str(error))
    finally:
        source.close()
    who = f" voor {initials}" if initials else ""
    print(f"Kopie{who} gemaakt: {visible(str(target))}")
    print("  Zelfde toetsing, eigen bestand. Voeg het aan het eind van de dag samen met:")
    print(f"  {PROG} samenvoegen '{visible(str(args.bestand))}' '{visible(str(target))}'")
    return 0


def run_samenvoegen(args: Namespace) -> int:
    """Merge copy B into audit A (see the module docstring for the exit codes)."""
    choices: Any = None
    if args.keuzes is not None:
        try:
            choices = json.loads(read_regular(args.keuzes, f"'{args.keuzes}'").decode("utf-8"))
        except FileNotFoundError:
            return _fail(f"Het keuzebestand '{args.keuzes}' bestaat niet.")
        except (JournalError, OSError) as error:
            return _fail(f"Het keuzebestand kan niet worden gelezen: {error}")
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _fail(f"Het keuzebestand '{args.keuzes}' is geen geldige JSON.")
    try:
        ours = _open_writable(args.bestand, auditor_initials())
    except StoreError as error:
        return _fail(str(error))
    try:
        try:
            prepared = prepare(ours, args.andere)
        except mg.MergeRefused as error:
            return _fail(str(error))
        plan = prepared.plan
        if not plan.changes_anything:
            if args.json:
                _print_json({"conflicten": [], "nieuw": plan.new, "samengevoegd": False})
            else:
                print(f"Niets nieuws: alles uit '{visible(args.andere.name)}' staat al in deze toetsing. "
                      "Er is niets gewijzigd.")
            return 0
        if plan.conflicts and choices is None:
            if args.json:
                _print_json({"conflicten": [c.to_json() for c in plan.conflicts], "nieuw": plan.new})
            else:
                _print_table(plan)
            return EXIT_CONFLICTS
        try:
            outcome = carry_out(prepared, choices or {}, author=ours.author)
        except mg.MergeRefused as error:
            return _fail(str(error))
        except StoreError as error:
            return _fail(str(error))
    finally:
        ours.close()
    if args.json:
        _print_json({"conflicten": [], "nieuw": outcome.new, "samengevoegd": True,
                     "beslist": len(outcome.decisions),
                     "logboek": str(outcome.log_path) if outcome.log_path else None,
                     "reservekopie": str(outcome.backup_path) if outcome.backup_path else None})
        return 0
    counts = mg.counts_text(outcome.new) or "geen nieuwe records"
    print(f"Samengevoegd: {counts}; {len(outcome.decisions)} conflict(en) beslist.")
    if outcome.backup_path:
        print(f"  Reservekopie van voor het samenvoegen: {visible(str(outcome.backup_path))}")
    if outcome.log_path:
        print(f"  Logboek: {visible(str(outcome.log_path))}")
    return 0


def _print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(escape_json(json.dumps(document, ensure_ascii=False, indent=2)) + "\n")


def _print_table(plan: mg.MergePlan) -> None:
    new = mg.counts_text(plan.new) or "niets nieuws"
    print(f"Nieuw uit de andere kopie: {new}.")
    print(f"{len(plan.conflicts)} conflict(en): aan beide kanten anders"
          + ("" if plan.base_known else " (geen gemeenschappelijke basis bekend: elk verschil telt)") + ".")
    print("Er is niets geschreven. Beslis elk conflict in een keuzebestand (JSON: per id \"a\", \"b\" of "
          "{\"tekst\": \"...\"}) en voer uit met --keuzes BESTAND, of voeg samen in de app of met /samenvoegen.")
    for conflict in plan.conflicts:
        print()
        print(f"[{conflict.id}]  {conflict.norm_id or '-'}  {visible(conflict.label)}")
        print(f"  A:     {visible(shorten(shown(conflict.a), 100))}")
        print(f"  B:     {visible(shorten(shown(conflict.b), 100))}")
        base = shown(conflict.base) if conflict.base_known else "(onbekend)"
        print(f"  basis: {visible(shorten(base, 100))}")
