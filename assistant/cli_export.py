"""`toetsassistent export` and `toetsassistent importeer`: the renderers of `exports/` on the command line.

`export` opens the audit read-only, so it works while the app has the same file open, and writes the
report, working document or JSON to standard output or, with `-o`, atomically to a private file (0600):
an interrupted export never leaves half a report behind. `importeer` turns a JSON export back into a new
audit file and never overwrites one. Every failure is one Dutch line on standard error and exit code 1.
The exports themselves hold no raw control character (see `exports.markdown`); messages show the paths
and texts they quote through `flows.safe_text.visible`.
"""

from __future__ import annotations

import os
import sys
from argparse import Namespace
from pathlib import Path

from assistant.locations import normsets_dir
from assistant.session import normset_changes, resolve_normset
from assistant.store import AUDIT_SUFFIX, Audit, AuditExists, AuditFile, StoreError
from assistant.store.errors import os_reason
from assistant.store.export_target import refusal as export_refusal
from assistant.store.export_target import write_export
from assistant.store.journal import JournalError, read_regular
from exports import ImportError_, import_json, incomplete_items, render_json, render_report, render_workdoc
from exports.markdown import count_phrase
from flows.safe_text import visible, visible_lines
from normsets import NormSet, NormSetError, NormSetRegistry

PROG = "toetsassistent"
RENDERERS = {"rapport": render_report, "werkdocument": render_workdoc}
WHAT = {"rapport": "Rapport", "werkdocument": "Werkdocument", "json": "JSON-export"}


class CommandError(Exception):
    """A failure to report as one line on standard error (exit code 1)."""


def _fail(message: str) -> int:
    print(f"{PROG}: {visible_lines(message)}", file=sys.stderr)
    return 1


def _warn(message: str) -> None:
    print(f"Let op: {visible_lines(message)}", file=sys.stderr)


# -- export ------------------------------------------------------------------------------------


def run_export(args: Namespace) -> int:
    try:
        if args.uitvoer is not None:
            _check_target(args.uitvoer, args.bestand)
        audit = _read_audit(args.bestand)
        if args.formaat == "json" and not args.definitief:
            text = render_json(audit)  # a backup needs no norm set
        else:
            normset = _normset(audit)
            open_items = incomplete_items(audit, normset)
            if open_items and args.definitief:
                _refuse_definitive(open_items)
                return 1
            if open_items:
                _warn(f"de toetsing is nog niet volledig ({count_phrase(len(open_items), 'norm', 'normen')} open); "
                      "bovenaan het rapport en het werkdocument staat wat er ontbreekt.")
            text = render_json(audit) if args.formaat == "json" else RENDERERS[args.formaat](audit, normset)
        if args.uitvoer is None:
            _write_stdout(text)
        else:
            _write_file(args.uitvoer, text)
            print(f"{WHAT[args.formaat]} geschreven naar {visible(str(args.uitvoer))}.")
    except CommandError as error:
        return _fail(str(error))
    return 0


def _read_audit(path: Path) -> Audit:
    """A snapshot of the audit, read without the lock (the app may have the file open)."""
    try:
        audit_file = AuditFile.open(path, read_only=True)
    except StoreError as error:
        raise CommandError(str(error)) from None
    try:
        return audit_file.snapshot()
    finally:
        audit_file.close()


def _normset(audit: Audit) -> NormSet:
    """The audit's norm set, resolved as everywhere else (falling back to the audit's own copy)."""
    warnings: list[str] = []
    try:
        normset = resolve_normset(audit, NormSetRegistry(normsets_dir()), warnings)
    except NormSetError as error:
        raise CommandError(str(error)) from None
    for warning in warnings + normset_changes(audit.meta, normset):
        _warn(warning.removeprefix("Let op: "))
    return normset


def _refuse_definitive(open_items: list[str]) -> None:
    lines = [
        f"{PROG}: geen definitief rapport: de toetsing is nog niet volledig. "
        "Elke norm heeft een oordeel en (behalve bij 'niet van toepassing') genoeg bronnen nodig, ook uit de "
        "praktijk; bij een hercertificering ook de opvolging van elk vorig verbeterpunt:",
        *(f"  - {visible(item)}" for item in open_items),
        "Vul deze normen aan, of exporteer zonder --definitief voor een concept.",
    ]
    print("\n".join(lines), file=sys.stderr)


def _write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error. Point stdout at devnull so that Python's
        # own flush at exit does not complain a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _check_target(target: Path, audit_path: Path) -> None:
    """Refuse an output path that is an audit file or a companion, a link, a folder, a device or in no folder."""
    reason = export_refusal(target, audit_path)
    if reason is not None:
        raise CommandError(reason)


def _write_file(target: Path, text: str) -> None:
    """Write `text` to `target` atomically with mode 0600: the old file or the new one, never half."""
    try:
        write_export(target, text.encode("utf-8"))
    except OSError as error:
        raise CommandError(f"Kan '{target}' niet schrijven: {os_reason(error)}. Er is niets geschreven.") from None


# -- importeer ---------------------------------------------------------------------------------


def run_importeer(args: Namespace) -> int:
    source: Path = args.json
    target: Path = args.uitvoer if args.uitvoer is not None else source.with_suffix(AUDIT_SUFFIX)
    try:
        tables = import_json(_read_text(source))
        _create_audit(target, tables)
    except ImportError_ as error:
        return _fail(f"'{source}' kan niet worden geïmporteerd. {error}")
    except CommandError as error:
        return _fail(str(error))
    try:
        audit = _read_audit(target)
    except CommandError as error:  # import_json checked the tables, so this is not expected: leave no broken file
        target.unlink(missing_ok=True)
        return _fail(f"Het nieuwe auditbestand kon niet worden gelezen en is weer verwijderd. {error}")
    try:
        _normset(audit)  # warns when the set is missing here (and the audit's copy is used) or changed
    except CommandError as error:
        _warn(str(error))
    counts = ", ".join((
        count_phrase(len(audit.sources), "bron", "bronnen"),
        count_phrase(len(audit.notes), "notitie", "notities"),
        count_phrase(len(audit.judgements), "oordeel", "oordelen"),
    ))
    print(f"Auditbestand gemaakt: {visible(str(target))} ({counts}).")
    return 0


def _read_text(path: Path) -> str:
    try:
        return read_regular(path, f"'{path}'").decode("utf-8")
    except FileNotFoundError:
        raise CommandError(f"Het bestand '{path}' bestaat niet.") from None
    except JournalError as error:  # a folder, a pipe, a device: never read (a pipe would hang)
        raise CommandError(f"{error}; dat is geen JSON-export.") from None
    except UnicodeDecodeError:
        raise CommandError(
            f"'{path}' is geen tekstbestand in UTF-8 en dus geen JSON-export van toetsassistent."
        ) from None
    except OSError as error:
        raise CommandError(f"Kan '{path}' niet lezen: {os_reason(error)}.") from None


def _create_audit(target: Path, tables: dict) -> None:
    """Write `tables` as a new audit file (0600) in one write, refusing an existing file; no half file."""
    if target.suffix != AUDIT_SUFFIX:
        raise CommandError(
            f"Een auditbestand eindigt op {AUDIT_SUFFIX}; kies een naam als '{target.with_suffix(AUDIT_SUFFIX)}'."
        )
    try:
        AuditFile.write_new(target, tables)
    except AuditExists:
        raise CommandError(
            f"Het bestand '{target}' bestaat al; toetsassistent overschrijft geen bestaand bestand. "
            "Kies een andere naam (met -o)."
        ) from None
    except StoreError as error:
        raise CommandError(str(error)) from None
