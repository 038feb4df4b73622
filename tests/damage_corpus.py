"""A generated corpus of damaged audit files, and the check every variant must pass.

From one real audit (sources, notes, judgements, kerngegevens, lists, drafts, a norm-set copy and a journal
that was not folded in yet) `variants(seed, count)` makes damaged copies: truncations and byte and bit flips
of the base file and the journal, appended garbage, every field replaced by a value of each wrong JSON type
(written with a valid checksum, so the type checks must catch it, and also delivered through a journal
line), wrong and missing schema versions, bad journal records, deep nesting, invalid UTF-8, a byte-order
mark, empty files, and a folder, a pipe or a symbolic link where a file belongs.

`check_variant` opens each one exactly as `lijn`, `status`, `export` and the app do (through
`AuditSession.open`, read-only and writable): either it opens, renders and round-trips, or it is refused
with one Dutch message, no other exception, and every file byte-identical. Used by
tests/unit/test_damage_corpus.py (a seeded corpus in `make test`, a larger one behind the soak marker).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistant.session import AuditSession
from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, StoreError, Summary
from assistant.store import convert as cv
from assistant.store.journal import encode_base, encode_journal_line
from exports import import_json, render_json, render_report, render_workdoc
from flows.rules import norm_statuses
from normsets import NormSet, NormSetError

NAME = "audit.toets"
JOURNAL = NAME + ".journaal"

#: One value of every JSON type; a field gets each one its type does not allow.
WRONG_VALUES: list[Any] = [None, True, 0, -1, 2.5, "", "tekst", [], ["a"], [[]], {}, {"a": {}}]


@dataclass
class Variant:
    """One damaged audit: what to put where, by name, and how it was made."""

    name: str
    base: bytes | str | None
    """The base file's bytes, or "dir" / "fifo" / "dangling" / "symlink" for what stands there instead."""
    journal: bytes | str | None = None
    """The journal's bytes, "dir" / "fifo", or None for no journal."""
    extra: dict[str, bytes] = field(default_factory=dict)


def build_source_audit(folder: Path, normset: NormSet) -> tuple[bytes, bytes]:
    """A real audit with a journal that was never folded in: (base bytes, journal bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAME
    audit = AuditFile.create_for(path, normset, Kerngegevens(organisatie="Welzijn Voorbeeld", scope="Wijkteams"))
    interview = audit.put_source(Source.new("gesprek", "twee ambulant werkers", ("P",), "2026-11-20"))
    document = audit.put_source(Source.new("document", "Jaarplan 2026"))
    for number, norm in enumerate(normset.norms[:12]):
        audit.put_note(Note.new(norm.id, interview.id, "bevinding", f"Bevinding {number}: casus besproken — ✓"))
        audit.put_note(Note.new(norm.id, document.id, "bewijs", f"Paragraaf {number} beschrijft de werkwijze"))
    audit.put_judgement(Judgement.new("V1", "+", "Voldoet: drie bronnen."))
    audit.put_judgement(Judgement.new("V2", "+/-", "Verbeterpunt\nmet twee regels."))
    audit.put_summary(Summary(toelichting="Toelichting", complimenten=("Betrokken team",), zorgpunten=("Dossiers",)))
    audit.set_draft("gesprek", "half getypt")
    audit.close()  # folds the journal: this is the base
    base = path.read_bytes()
    audit = AuditFile.open(path)
    audit.put_note(Note.new("V3", interview.id, "citaat", "\"We bellen altijd terug\""))
    audit.put_judgement(Judgement.new("V3", "-", ""))
    audit.set_draft("gesprek", "")
    journal = (folder / JOURNAL).read_bytes()
    audit._db.storage.close()  # a crash: the journal stays, the base is not rewritten
    audit._release_lock()
    return base, journal


def _tables(base: bytes) -> dict[str, dict[str, Any]]:
    data = json.loads(base.decode("utf-8"))
    data.pop("sha256", None)
    return data


def _with(base: bytes, change: Callable[[dict[str, dict[str, Any]]], None], *, checksum: bool = True) -> bytes:
    tables = _tables(base)
    change(tables)
    if checksum:
        try:
            return encode_base(tables)
        except (TypeError, ValueError, AttributeError):  # not even table-shaped: sum over plain JSON
            return _checksummed(json.dumps(tables).encode("utf-8")[1:])
    return json.dumps(tables).encode("utf-8")


def _checksummed(body: bytes) -> bytes:
    """A base file whose checksum line matches `body` (the rest of the file after ``{"sha256":"..",``)."""
    return b'{"sha256":"' + hashlib.sha256(body).hexdigest().encode() + b'",\n' + body


def _raw_line(payload: str) -> bytes:
    data = payload.encode("utf-8")
    return b'{"crc":"' + f"{zlib.crc32(data):08x}".encode() + b'","c":' + data + b"}\n"


def _set_field(table: str, doc_id: str, name: str, value: Any) -> Callable[[dict], None]:
    def change(tables: dict) -> None:
        tables[table][doc_id][name] = value

    return change


def variants(normset: NormSet, folder: Path, seed: int, count: int) -> list[Variant]:
    """At least `count` variants (the structured ones always, random ones to fill up), reproducible by seed."""
    rng = random.Random(seed)
    base, journal = build_source_audit(folder, normset)
    tables = _tables(base)
    found: list[Variant] = [Variant("intact", base, journal), Variant("intact zonder journaal", base)]

    # every field of one document per table, replaced by each value of a type it does not take
    for table_name, spec in cv.FIELDS.items():
        table = tables.get(table_name) or {}
        if not table:
            continue
        doc_id = next(iter(table))
        for field_name, (check, _expected, _required) in spec.items():
            for value in WRONG_VALUES:
                if check(value):
                    continue
                label = f"{table_name}.{field_name}={json.dumps(value)}"
                found.append(Variant(f"veld {label}", _with(base, _set_field(table_name, doc_id, field_name, value)),
                                     journal))
                if table_name in (cv.TABLE_NOTES, cv.TABLE_SOURCES, cv.TABLE_JUDGEMENTS) and rng.random() < 0.3:
                    doc = dict(table[doc_id], **{field_name: value})
                    found.append(Variant(f"journaal {label}", base,
                                         journal + encode_journal_line([[table_name, doc_id, doc]])))

    # schema versions, with and without checksum, with and without journal
    for version in (None, 0, -1, 1, 2, 3, 4, 99, 2.0, "3", True, [3]):
        def change(tables: dict, version: Any = version) -> None:
            if version is None:
                tables["meta"]["1"].pop("schema_version")
            else:
                tables["meta"]["1"]["schema_version"] = version
        for checksum in (True, False):
            content = _with(base, change, checksum=checksum)
            found.append(Variant(f"schema {version!r} checksum={checksum}", content, journal))
            found.append(Variant(f"schema {version!r} checksum={checksum} zonder journaal", content))

    # structure
    structural: dict[str, Callable[[dict], None]] = {
        "onbekende tabel": lambda t: t.update(extra={}),
        "meta ontbreekt": lambda t: t.pop("meta"),
        "kern ontbreekt": lambda t: t.pop("kern"),
        "meta twee documenten": lambda t: t["meta"].update({"2": dict(t["meta"]["1"])}),
        "meta is tekst": lambda t: t.update(meta={"1": "meta"}),
        "meta tabel is lijst": lambda t: t.update(meta=[t["meta"]["1"]]),
        "notitie id 01": lambda t: t["notities"].update({"01": dict(next(iter(t["notities"].values())))}),
        "notitie id x": lambda t: t["notities"].update({"x": dict(next(iter(t["notities"].values())))}),
        "notitie id 0": lambda t: t["notities"].update({"0": dict(next(iter(t["notities"].values())))}),
        "dubbele notitie": lambda t: t["notities"].update({"999": dict(next(iter(t["notities"].values())))}),
        "onbekend veld": lambda t: next(iter(t["notities"].values())).update(extra=1),
        "notitie is lijst": lambda t: t["notities"].update({"1": ["x"]}),
        "leeg object": lambda t: t.clear() or t.update({}),
        "andere tinydb": lambda t: (t.clear(), t.update(_default={"1": {"x": 1}})),
    }
    for name, change in structural.items():
        try:
            found.append(Variant(f"structuur {name}", _with(base, change), journal))
        except (RecursionError, ValueError):
            pass
    found.append(Variant("diep genest zonder controlegetal", b'{"meta":' + b"[" * 100000 + b"]" * 100000 + b"}"))
    found.append(Variant("diep genest met controlegetal",
                         _checksummed(b'"meta":{"1":' + b"[" * 100000 + b"]" * 100000 + b"}}\n}\n"), journal))
    found.append(Variant("leeg object", b"{}"))
    found.append(Variant("json lijst", b"[1, 2, 3]"))
    found.append(Variant("json tekst", b'"audit"'))

    # bad journal records
    bad_lines = {
        "tekstregel": b'"kapot"\n',
        "c is tekst": _raw_line('"x"'),
        "wijziging met twee velden": _raw_line('[["notities","1"]]'),
        "wijziging met vier velden": _raw_line('[["notities","1",{},1]]'),
        "tabel geen tekst": _raw_line('[[1,"1",{}]]'),
        "sleutel 01": _raw_line('[["notities","01",null]]'),
        "sleutel x": _raw_line('[["notities","x",null]]'),
        "document is tekst": _raw_line('[["notities","1","tekst"]]'),
        "document is getal": _raw_line('[["notities","1",5]]'),
        "verkeerde crc": b'{"crc":"00000000","c":[]}\n',
        "oude regel zonder crc": b'{"c":[]}\n',
        "lege regel": b"\n",
        "extra veld": b'{"crc":"00000000","c":[],"x":1}\n',
        "diep genest": _raw_line("[" * 5000 + "]" * 5000),
        "geen utf8": b'{"crc":"00000000","c":["\xff"]}\n',
        "onbekende tabel": _raw_line('[["extra","1",{"a":1}]]'),
        "meta weg": _raw_line('[["meta","1",null]]'),
        "meta is leeg object": _raw_line('[["meta","1",{}]]'),
        "notitie zonder tekst": _raw_line('[["notities","9",{"x":1}]]'),
    }
    for name, line in bad_lines.items():
        found.append(Variant(f"journaalregel {name} (midden)", base, line + journal))
        found.append(Variant(f"journaalregel {name} (einde)", base, journal + line))
    found.append(Variant("journaal afgebroken laatste regel", base, journal + b'{"crc":"1234'))
    found.append(Variant("journaal regeleinde weg", base, journal[:-1]))
    found.append(Variant("journaal regeleinde vervangen", base, journal[:-1] + b"*"))

    # file kinds and encodings
    found += [
        Variant("leeg bestand", b""),
        Variant("alleen witruimte", b"   \n\t"),
        Variant("byte order mark", b"\xef\xbb\xbf" + base, journal),
        Variant("geen utf8 met geldig controlegetal", _utf8_broken(base)),
        Variant("map", "dir"),
        Variant("pijp", "fifo"),
        Variant("koppeling naar het bestand", "symlink", journal),
        Variant("koppeling die nergens heen wijst", "dangling"),
        Variant("journaal is een map", base, "dir"),
        Variant("journaal is een pijp", base, "fifo"),
        Variant("leeg journaal", base, b""),
    ]

    # random damage to fill up the count: truncations, flips, garbage
    makers = [
        lambda: Variant("base afgebroken", base[: rng.randrange(len(base))], journal),
        lambda: Variant("journaal afgebroken", base, journal[: rng.randrange(len(journal))]),
        lambda: Variant("base byte", _flip_byte(base, rng), journal),
        lambda: Variant("base bit", _flip_bit(base, rng), journal),
        lambda: Variant("journaal byte", base, _flip_byte(journal, rng)),
        lambda: Variant("journaal bit", base, _flip_bit(journal, rng)),
        lambda: Variant("base rommel erachter", base + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))),
                        journal),
        lambda: Variant("journaal rommel erachter", base,
                        journal + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))),
    ]
    number = 0
    while len(found) < count:
        variant = makers[number % len(makers)]()
        variant.name += f" #{number}"
        found.append(variant)
        number += 1
    return found


def _flip_byte(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + bytes([rng.randrange(256)]) + data[position + 1:]


def _flip_bit(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data))
    return data[:position] + bytes([data[position] ^ (1 << rng.randrange(8))]) + data[position + 1:]


def _utf8_broken(base: bytes) -> bytes:
    """A base file with an invalid UTF-8 byte inside a text, and a checksum that matches it."""
    _head, _, body = base.partition(b"\n")
    return _checksummed(body.replace("Welzijn".encode(), b"Welz\xffjn", 1))


def lay_out(variant: Variant, folder: Path, good_backup: bytes) -> Path:
    """Write `variant` into an empty `folder` (with one good backup beside it); returns the audit path."""
    folder.mkdir(parents=True)
    path = folder / NAME
    (folder / (NAME + ".reservekopie-1")).write_bytes(good_backup)
    if isinstance(variant.base, bytes):
        path.write_bytes(variant.base)
    elif variant.base == "dir":
        path.mkdir()
    elif variant.base == "fifo":
        os.mkfifo(path)
    elif variant.base == "symlink":
        target = folder / "elders.toets"
        target.write_bytes(good_backup)
        path.symlink_to(target)
    elif variant.base == "dangling":
        path.symlink_to(folder / "weg.toets")
    journal = folder / JOURNAL
    target_journal = journal
    if variant.base == "symlink":
        target_journal = folder / ("elders.toets" + ".journaal")
    if isinstance(variant.journal, bytes):
        target_journal.write_bytes(variant.journal)
    elif variant.journal == "dir":
        target_journal.mkdir()
    elif variant.journal == "fifo":
        os.mkfifo(target_journal)
    return path


def fingerprint(folder: Path) -> dict[str, Any]:
    """Every entry of `folder` by name: a regular file's bytes, otherwise its kind (and a link's target)."""
    result: dict[str, Any] = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        if stat.S_ISLNK(info.st_mode):
            result[entry.name] = ("link", os.readlink(entry))
        elif stat.S_ISREG(info.st_mode):
            result[entry.name] = entry.read_bytes()
        else:
            result[entry.name] = ("kind", stat.S_IFMT(info.st_mode))
    return result


@dataclass
class Outcome:
    opened: int = 0
    refused: int = 0
    messages: dict[str, str] = field(default_factory=dict)


_ENGLISH = ("Traceback", "Error", "errno", "Permission denied", "No such file", "Expecting", "Invalid", "line ")


def check_variant(variant: Variant, folder: Path, good_backup: bytes, outcome: Outcome) -> None:
    """Open `variant` read-only and writable through `AuditSession.open`; assert the contract (module docstring)."""
    for read_only in (True, False):
        where = folder / ("alleen-lezen" if read_only else "schrijvend")
        path = lay_out(variant, where, good_backup)
        before = fingerprint(where)
        try:
            session = AuditSession.open(path, read_only=read_only)
        except (StoreError, NormSetError) as error:
            message = str(error)
            assert message and not any(word in message for word in _ENGLISH), (variant.name, message)
            after = fingerprint(where)
            after.pop(NAME + ".slot", None)
            assert after == before, f"{variant.name}: een geweigerd bestand is gewijzigd"
            outcome.refused += 1
            outcome.messages.setdefault(variant.name.split(" #")[0], message)
            continue
        try:
            audit = session.snapshot()
            norm_statuses(audit, session.normset)
            render_report(audit, session.normset)
            render_workdoc(audit, session.normset)
            assert AuditFile.from_tables(import_json(render_json(audit))).snapshot() == audit
        finally:
            session.close()
        reopened = AuditSession.open(path, read_only=True)
        try:
            assert reopened.snapshot() == audit, f"{variant.name}: na sluiten en openen anders"
        finally:
            reopened.close()
        outcome.opened += 1
