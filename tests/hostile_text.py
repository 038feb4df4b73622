"""Hostile text for the tests of issue 9 (points 3 and 4): markup and terminal escapes in every user field.

Each payload is something an auditor could paste, or a damaged or malicious notes file could hold: Rich /
Textual markup that would crash or become a live link, escape sequences that retitle the terminal or
clear it, a right-to-left override that makes a line read differently, a one-byte CSI and a NUL.
`HOSTILE` strings them together; `SHOWN` is what each must look like on screen and in an export.
Shared by the app, line-mode and export tests.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.store import AuditFile

PAYLOADS: tuple[str, ...] = (
    "[/] kapot",
    "[link=https://example.org]klik[/link]",
    "[bold red]x",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "a\u202eb",
    "\x9b31m",
    "\x00",
)

#: All payloads in one text, separated by spaces so that each stays recognisable.
HOSTILE = " ".join(PAYLOADS)
#: The markup payloads only: what a norm-set file may hold (the loader refuses control characters in it).
MARKUP = " ".join(PAYLOADS[:3])

#: What a reader sees of the payloads: the markup literally, every control character as a visible sign.
SHOWN: tuple[str, ...] = (
    "[/] kapot",
    "[link=https://example.org]klik[/link]",
    "[bold red]x",
    "␛]0;pwned␇",
    "␛[2J",
    "a<U+202E>b",
    "<U+009B>31m",
    "␀",
)

_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def hostile(field: str) -> str:
    """The payloads behind a label naming the field, so a test can tell the fields apart."""
    return f"{field}: {HOSTILE}"


def raw_controls(text: str) -> list[str]:
    """Every character in `text` that must never reach a terminal or an export (line feeds allowed)."""
    return sorted({repr(char) for char in _RAW.findall(text)})


def raw_control_bytes(data: bytes) -> list[int]:
    """The same check on bytes as a terminal gets them: every byte below 0x20 but a line feed, and DEL.

    (C1 controls and direction overrides are multi-byte in UTF-8: decode and use `raw_controls` for those.)
    """
    return sorted({byte for byte in data if (byte < 0x20 and byte != 0x0A) or byte == 0x7F})


def fill_hostile(audit_file: "AuditFile") -> "AuditFile":
    """Put the payloads into every user field of `audit_file`: kerngegevens, sources, notes, judgements
    with report texts, toelichting, advies, complimenten and zorgpunten."""
    from assistant.store import Judgement, Kerngegevens, Note, Source, Summary

    values = {name: hostile(name) for name in Kerngegevens.field_names()}
    values["vorm_onderzoek"] = "ci_label"  # a choice, not free text (the store refuses anything else)
    audit_file.put_kern(Kerngegevens(**values))
    interview = audit_file.put_source(Source.new("gesprek", hostile("gesprek"), ("P",), "2026-03-02"))
    document = audit_file.put_source(Source.new("document", hostile("document")))
    for norm_id in ("V1", "V2"):
        audit_file.put_note(Note.new(norm_id, interview.id, "bevinding", hostile(f"bevinding {norm_id}")))
        audit_file.put_note(Note.new(norm_id, document.id, "citaat", hostile(f"citaat {norm_id}") + "\nregel 2"))
        audit_file.put_judgement(Judgement.new(norm_id, "+/-", hostile(f"verslag {norm_id}")))
    audit_file.put_summary(Summary(
        toelichting=hostile("toelichting"),
        complimenten=(hostile("compliment"),),
        zorgpunten=(hostile("zorgpunt"),),
        advies=hostile("advies"),
    ))
    return audit_file


def hostile_normset_toml(source: str, set_id: str = "eigen-vijandig") -> str:
    """A user's own norm-set file made from `source` (a built-in set's TOML): its own id, and the markup
    payloads in its title (`titel: …`), its first rubriek's title (`rubriek: …`) and its first norm's text
    (`normtekst: …`). Control characters are not among them: the loader refuses a norm-set file that holds
    them (tests/unit/test_normset_damage.py)."""
    import json

    # In file order: the set's id and title, the decision rule's text (kept), the first rubriek's title,
    # the first norm's text.
    wanted = [("id", set_id), ("titel", f"titel: {MARKUP}"), ("tekst", None), ("titel", f"rubriek: {MARKUP}"),
              ("tekst", f"normtekst: {MARKUP}")]
    lines = source.splitlines()
    for index, line in enumerate(lines):
        if wanted and line.split(" = ", 1)[0] == wanted[0][0]:
            key, value = wanted.pop(0)
            if value is not None:
                lines[index] = f"{key} = {json.dumps(value)}"
    assert not wanted, wanted
    return "\n".join(lines) + "\n"
