"""The method on the command line: a re-certification from the previous audit (`nieuw --vorige`), the
organisation's self-evaluation (`zelfevaluatie`), and the method's fields of `status --json`.

The previous audit is read only: an audit file is opened read-only (no lock, no backup, no journal folded,
so it stays byte for byte as it was), a JSON export goes through the same checks as `importeer` and is
never written anywhere. The new audit is written in one step, with the previous judgements in it, or not
at all. A self-evaluation file is read and checked completely before the audit is opened for writing, so
a refused file leaves the audit untouched. Every failure is one Dutch line and exit code 1.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from assistant.locations import normsets_dir
from assistant.session import resolve_normset
from assistant.store import Audit, AuditFile, Kerngegevens, StoreError
from assistant.store.model import PreviousAudit
from flows import recert
from flows.rules import NormStatus
from flows.safe_text import visible
from flows.self_evaluation import MAX_BYTES, SelfEvaluationError, parse
from normsets import NormSet, NormSetError, NormSetRegistry
from normsets.reading import Unreadable, read_regular_file

PROGRAM = "toetsassistent"


class _Refusal(Exception):
    """One Dutch line for standard error; nothing was written."""


def _fail(message: str) -> int:
    print(f"{PROGRAM}: {message}", file=sys.stderr)
    return 1


# -- status --json ------------------------------------------------------------------------------


def method_fields(audit: Audit, normset: NormSet, status: NormStatus) -> dict:
    """Per norm in `status --json`: practice against the set's minimum, the previous judgement, the follow-up."""
    previous = audit.previous.judgements.get(status.norm_id) if audit.previous is not None else None
    follow_up = None
    if status.norm_id in recert.follow_up_norms(audit, normset):
        record = audit.follow_ups.get(status.norm_id)
        recorded = status.norm_id not in recert.open_follow_ups(audit, normset)
        follow_up = {"stand": record.status if record and recorded else None,
                     "tekst": record.text if record and recorded else ""}
    return {
        "praktijk": {"bronnen": status.practice_count, "nodig": status.min_practice,
                     "alleen_papier": status.paper_only},
        "vorig_oordeel": None if previous is None else {
            "oordeel": previous.value,
            "rapporttekst": previous.report_text,
            "vorige_norm": previous.previous_norm_id or status.norm_id,
        },
        "opvolging": follow_up,
    }


def previous_audit_dict(audit: Audit) -> dict | None:
    """The previous audit in `status --json` (None for a first audit)."""
    previous = audit.previous
    if previous is None:
        return None
    return {"datum": previous.date, "normenset": previous.normset_id, "organisatie": previous.organisation,
            "bestand": previous.source, "niet_gekoppeld": list(previous.unmatched)}


# -- nieuw --vorige -------------------------------------------------------------------------------


def _read_previous(path: Path) -> Audit:
    """The previous audit, from an audit file (opened read-only) or a JSON export (checked, never written)."""
    what = f"De vorige toetsing '{path}'"
    if path.suffix.casefold() == ".json":
        from assistant.cli_export import CommandError, _read_text
        from exports import ImportError_, import_json

        try:
            tables = import_json(_read_text(path))
        except CommandError as error:
            raise _Refusal(f"{what} kan niet worden gelezen: {error}") from None
        except ImportError_ as error:
            raise _Refusal(f"{what} kan niet worden gelezen. {error}") from None
        audit_file = AuditFile.from_tables(tables)
    else:
        try:
            audit_file = AuditFile.open(path, read_only=True)
        except StoreError as error:
            raise _Refusal(f"{what} kan niet worden gelezen: {error}") from None
    try:
        return audit_file.snapshot()
    finally:
        audit_file.close()


def run_recertification(args: Namespace, path: Path) -> int:
    """`nieuw NIEUW --vorige OUD`: a new audit that keeps the previous judgements as reference."""
    registry = NormSetRegistry(normsets_dir())
    warnings: list[str] = []
    try:
        current = registry.get(args.normenset)
        old = _read_previous(args.vorige)
        try:
            old_set = resolve_normset(old, registry, warnings)
        except NormSetError as error:
            raise _Refusal(f"De normenset van de vorige toetsing is onbruikbaar: {error}") from None
        organisation = (args.organisatie or "").strip() or old.kern.organisatie.strip()
        if not organisation:
            raise _Refusal("De vorige toetsing noemt geen organisatie; geef haar naam: --organisatie NAAM.")
        previous = recert.previous_audit(old, old_set, current, args.vorige.name)
        new_file = AuditFile.in_memory(current.id, current.content_hash(), current.text_hashes(),
                                       Kerngegevens(organisatie=organisation), current.source_toml)
        try:
            new_file.set_previous(previous)
            AuditFile.write_new(path, new_file.tables())
        finally:
            new_file.close()
    except NormSetError as error:
        return _fail(str(error))
    except _Refusal as refusal:
        return _fail(str(refusal))
    except StoreError as error:
        return _fail(str(error))
    for warning in warnings:
        print(f"Let op: {warning.removeprefix('Let op: ')}", file=sys.stderr)
    if old.kern.organisatie.strip() and old.kern.organisatie.strip() != organisation:
        print(f"Let op: de vorige toetsing is van '{visible(old.kern.organisatie.strip())}', deze van "
              f"'{visible(organisation)}'.", file=sys.stderr)
    print(f"Toetsing aangemaakt: {path}")
    print(f"  organisatie {visible(organisation)}; normenset {current.id} ({len(current.norms)} normen)")
    for line in creation_lines(previous, old, old_set, current):
        print(f"  {line}")
    print(f"  Verder in regelmodus: {PROGRAM} lijn '{path}'")
    return 0


def creation_lines(previous: PreviousAudit, old: Audit, old_set: NormSet, current: NormSet) -> list[str]:
    """What `nieuw --vorige` tells about the previous audit: its date and set, what was kept, what matched
    nothing."""
    follow_ups = [norm_id for norm_id, record in previous.judgements.items()
                  if record.value in recert.FOLLOW_UP_VALUES]
    lines = [f"Hercertificering: vorige toetsing van {previous.date or 'onbekende datum'} "
             f"(normenset {old_set.id}, {visible(previous.source)})."]
    if previous.judgements:
        named = [norm_id + (f" (was {previous.judgements[norm_id].previous_norm_id})"
                            if previous.judgements[norm_id].previous_norm_id not in ("", norm_id) else "")
                 for norm_id in follow_ups]
        lines.append(f"{len(previous.judgements)} vorige oordelen met hun rapporttekst bewaard als naslag.")
        lines.append(f"Op te volgen (de vorige keer verbeterpunt of voldoet niet): {', '.join(named)}."
                     if named else "Geen verbeterpunten om op te volgen.")
    else:
        lines.append("De vorige toetsing heeft geen oordelen; er is niets om op te volgen.")
    if old_set.id != current.id:
        matched = len(old_set.norms) - len(previous.unmatched)
        lines.append(f"Normen gekoppeld op tekst en nummer: {matched} van de {len(old_set.norms)} normen van "
                     f"{old_set.id} hebben een tegenhanger in {current.id}.")
    if previous.unmatched:
        lines.append(f"Zonder tegenhanger in deze normenset ({len(previous.unmatched)}):")
        for norm_id in previous.unmatched:
            norm = old_set.norm(norm_id)
            record = old.judgements.get(norm_id)
            value = f" ({record.value})" if record is not None and record.value else ""
            lines.append(f"  {norm_id}{value}: {visible(norm.short_text(70)) if norm else ''}")
    lines.append("Bronnen, notities en oordelen beginnen leeg: elke norm vraagt nieuwe bronnen.")
    return lines


# -- zelfevaluatie ---------------------------------------------------------------------------------

def read_small_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; never blocks on a FIFO or reads a device."""
    try:
        return read_regular_file(path, limit, kind="zelfevaluatie")
    except Unreadable as error:
        raise SelfEvaluationError(str(error).rstrip(".")) from None


def run_zelfevaluatie(args: Namespace) -> int:
    """`zelfevaluatie AUDIT FILE`: the organisation's own account per norm, stored whole or not at all."""
    from assistant.cli_audit import _opened, _Stop

    audit_path: Path = args.bestand
    source: Path = args.zelfevaluatie
    try:
        raw = read_small_file(source)
        with _opened(audit_path, read_only=True) as (audit_file, normset):
            texts = parse(raw, source.name, normset)
            earlier = audit_file.snapshot().self_evaluation
    except SelfEvaluationError as error:
        return _fail(f"Zelfevaluatie '{source}': {error}. Er is niets opgeslagen.")
    except _Stop as stop:
        return _fail(str(stop))
    try:
        with _opened(audit_path, read_only=False) as (audit_file, _normset):
            if audit_file.read_only:
                return _fail(f"'{audit_path}' kan alleen gelezen worden; de zelfevaluatie is niet opgeslagen.")
            audit_file.set_self_evaluation({**{norm_id: "" for norm_id in earlier if norm_id not in texts}, **texts})
    except _Stop as stop:
        return _fail(str(stop))
    except StoreError as error:
        return _fail(f"{error} De zelfevaluatie is niet opgeslagen.")
    removed = [norm_id for norm_id in earlier if norm_id not in texts]
    print(f"Zelfevaluatie ingelezen in {audit_path}: {len(texts)} normen ({', '.join(texts)}).")
    if earlier:
        print("  De vorige zelfevaluatie is vervangen" +
              (f"; niet meer genoemd: {', '.join(removed)}." if removed else "."))
    print("  U ziet de tekst bij de norm in het gesprek en op het normscherm; in het rapport komt hij niet.")
    return 0

