"""`toetsassistent nieuw`, `status`, `kern` and `lijn`: creating an audit, reading its state, setting its
kerngegevens from a script, and the line mode.

Each function takes the parsed arguments and returns the exit code. Every problem with the audit file
or the norm set becomes one Dutch line on standard error and exit code 1, never a traceback. Text from
the audit file or the command line is printed through `flows.safe_text.visible`, so a control character
in it is shown and never acts on the terminal; `status --json` escapes them (`escape_json`).
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from assistant.locations import normsets_dir
from assistant.session import AuditSession
from assistant.store import AUDIT_SUFFIX, Audit, AuditFile, AuditLocked, Kerngegevens, StoreError
from assistant.cli_method import method_fields, previous_audit_dict
from flows import kern as kern_fields
from flows import partners, rules
from flows import text as fmt
from flows.commands import CommandError
from flows.safe_text import escape_json, visible, visible_lines
from normsets import NormSet, NormSetError, NormSetRegistry

PROGRAM = "toetsassistent"

#: Judgement code -> key of `totalen` in `status --json`.
_TOTAL_KEYS = {"+": "voldoet", "+/-": "verbeterpunt", "-": "voldoet_niet", "nvt": "nvt", "nb": "niet_beoordeeld"}


class _Stop(Exception):
    """Ends a subcommand with a Dutch message on standard error and exit code 1."""


def _fail(message: str) -> int:
    print(f"{PROGRAM}: {visible_lines(message)}", file=sys.stderr)
    return 1


def _note(message: str) -> None:
    print(f"Let op: {visible_lines(message)}", file=sys.stderr)


def _registry() -> NormSetRegistry:
    return NormSetRegistry(normsets_dir())


@contextmanager
def _opened(path: Path, *, read_only: bool) -> Iterator[tuple[AuditFile, NormSet]]:
    """Open an audit and its norm set, report what the user should know, and close it afterwards."""
    registry = _registry()
    try:
        session = AuditSession.open(path, read_only=read_only, registry=registry)
    except AuditLocked as error:
        raise _Stop(f"{error} Alleen-lezen: {PROGRAM} lijn --alleen-lezen '{path}'.") from None
    except (StoreError, NormSetError) as error:
        raise _Stop(str(error)) from None
    try:
        for problem in registry.problems:
            _note(problem)
        for warning in session.warnings:
            _note(warning.removeprefix("Let op: "))
        yield session.audit_file, session.normset
    finally:
        session.close()


def run_nieuw(args: Namespace) -> int:
    """Create an audit file for a norm set and an organisation; never overwrites."""
    path: Path = args.bestand
    if not path.suffix:
        path = path.with_name(path.name + AUDIT_SUFFIX)
    if getattr(args, "vorige", None) is not None:  # a re-certification (issue 12)
        from assistant.cli_method import run_recertification

        return run_recertification(args, path)
    organisation = (args.organisatie or "").strip()
    if not organisation:
        return _fail("Geef de naam van de organisatie: --organisatie NAAM.")
    registry = _registry()
    try:
        normset = registry.get(args.normenset)
    except NormSetError as error:
        return _fail(str(error))
    try:
        audit_file = AuditFile.create_for(path, normset, Kerngegevens(organisatie=organisation))
    except StoreError as error:
        return _fail(str(error))
    audit_file.close()
    print(f"Toetsing aangemaakt: {visible(str(path))}")
    print(f"  organisatie {visible(organisation)}; normenset {normset.id} ({len(normset.norms)} normen)")
    print(f"  Verder in regelmodus: {PROGRAM} lijn '{visible(str(path))}'")
    return 0


def run_status(args: Namespace) -> int:
    """What /open and /status show, as text or (with --json) as JSON."""
    try:
        with _opened(args.bestand, read_only=True) as (audit_file, normset):
            audit = audit_file.snapshot()
    except _Stop as stop:
        return _fail(str(stop))
    if args.json:
        sys.stdout.write(escape_json(json.dumps(status_dict(audit, normset), ensure_ascii=False, indent=2)) + "\n")
        return 0
    organisation = audit.kern.organisatie or "(organisatie nog niet ingevuld)"
    print(visible(f"Toetsing {organisation} — {normset.title} ({normset.version})"))
    for message in [fmt.open_overview(audit, normset), *fmt.status_overview(audit, normset)]:
        print()
        print("\n".join(fmt.plain_lines(message)))
    return 0


def status_dict(audit: Audit, normset: NormSet) -> dict:
    """The public JSON shape of `toetsassistent status --json`."""
    statuses = rules.norm_statuses(audit, normset)
    counted = rules.totals(audit, normset)
    result = rules.advice(audit, normset)
    totals = {key: counted.count(code) for code, key in _TOTAL_KEYS.items()}
    totals["zonder_oordeel"] = len(counted.unjudged)
    totals["totaal"] = counted.total
    return {
        "normenset": normset.id,
        "organisatie": audit.kern.organisatie,
        "min_bronnen": normset.min_sources,
        "bronnen": len(audit.sources),
        "notities": len(audit.notes),
        "normen": [
            {
                "id": norm.id,
                "rubriek": norm.rubriek,
                "bronnen": statuses[norm.id].source_count,
                "notities": statuses[norm.id].note_count,
                "oordeel": statuses[norm.id].judgement,
                "open": statuses[norm.id].is_open,
                "ontbreekt": statuses[norm.id].gap_text() if statuses[norm.id].has_gap else "",
                **method_fields(audit, normset, statuses[norm.id]),
            }
            for norm in normset.norms
        ],
        "vorige_toetsing": previous_audit_dict(audit),
        "open": sum(1 for status in statuses.values() if status.is_open),
        "totalen": totals,
        "advies": {
            "positief_mogelijk": result.positive_possible,
            "uitkomst": result.outcome,
            "plannen_van_aanpak_open": list(result.plans_outstanding),
            "voorlopig": result.provisional,
            "kop": result.headline(),
            "redenen": list(result.reasons),
        },
    }


def run_kern(args: Namespace) -> int:
    """List the kerngegevens, show one, or set one (the same rules as /kern). The value is checked against a
    read-only snapshot first, so a bad value leaves every file as it was (not even a backup is made)."""
    proposal_words = ("voorstel", "overnemen")
    try:
        name = kern_fields.field_name(args.veld) if args.veld is not None else None
    except CommandError as error:
        return _fail(str(error))
    typed = " ".join(args.waarde).strip()
    if args.leeg and typed:
        return _fail("Geef óf een waarde, óf --leeg.")
    argument = kern_fields.CLEAR if args.leeg else typed
    proposal = name == "gesprekspartners" and typed.casefold() in proposal_words
    try:
        with _opened(args.bestand, read_only=True) as (audit_file, _normset):
            audit = audit_file.snapshot()
            if name is None:
                print("\n".join(visible(line) for line in kern_fields.listing(audit.kern)))
                return 0
            if proposal:
                lines = partners.proposal(audit)
                if not lines:
                    return _fail("Er zijn nog geen gesprekken; het voorstel voor de gesprekspartners komt uit de "
                                 "gesprekken.")
                if typed.casefold() == "voorstel":
                    print("\n".join(visible(line) for line in lines))
                    return 0
            elif not argument:
                print(visible_lines(getattr(audit.kern, name)))
                return 0
            else:
                kern_fields.change(audit.kern, name, argument)  # refuse a bad value before opening for writing
        with _opened(args.bestand, read_only=False) as (audit_file, _normset):
            audit = audit_file.snapshot()
            if proposal:
                lines = partners.proposal(audit)
                audit_file.put_kern(audit.kern.with_field("gesprekspartners", "\n".join(lines)))
                print(f"Opgeslagen — gesprekspartners: {visible(' / '.join(lines))}")
                return 0
            changed = kern_fields.change(audit.kern, name, argument)
            audit_file.put_kern(changed.kern)
            print(f"Opgeslagen — {visible(changed.description)}")
            return 0
    except CommandError as error:
        return _fail(str(error))
    except StoreError as error:
        return _fail(f"{error} Er is niets gewijzigd.")
    except _Stop as stop:
        return _fail(str(stop))


def run_lijn(args: Namespace) -> int:
    """The guided conversation in line mode (interactive on a terminal, batch from a pipe)."""
    from assistant.line_mode import run_line_mode
    from flows.engine import Conversation

    try:
        with _opened(args.bestand, read_only=getattr(args, "read_only", False)) as (audit_file, normset):
            return run_line_mode(Conversation(audit_file, normset))
    except _Stop as stop:
        return _fail(str(stop))
