"""Two auditors' copies of one audit, each with work of its own and two conflicts: for the merge front ends.

`make_pair` writes A and its copy B (made with `assistant.merging.make_copy`, so the base is known) into a
folder. Both sides add a source and a note (V2), and both change the judgement of V5 and its report text
differently from the base ("+", "Voldoet."): two conflicts, `oordelen/V5/report_text` (a free text, so an
own text is possible) and `oordelen/V5/value` (A or B only), in that order.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.merging import make_copy
from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source
from normsets import NormSet

#: Report texts with markup and control characters: the values must reach every screen as plain text.
HOSTILE_A = "[/] [bold red]A-tekst[/bold red] \x1b]0;gekaapt\x07 einde"
HOSTILE_B = "[link=file:///etc/passwd]B[/link] \u202eesrever\u202c \x9b31m"


def make_pair(folder: Path, normset: NormSet, *, texts: tuple[str, str] = ("Volgens A", "Volgens B"),
              organisation: str = "Welzijn Voorbeeld") -> tuple[Path, Path]:
    a_path, b_path = folder / "a.toets", folder / "b.toets"
    audit = AuditFile.create_for(a_path, normset, Kerngegevens(organisatie=organisation))
    source = audit.put_source(Source.new("gesprek", "twee ambulant werkers", ("P",)))
    audit.put_note(Note.new("V5", source.id, "bevinding", "Casus besproken in intervisie"))
    audit.put_judgement(Judgement.new("V5", "+", "Voldoet."))
    make_copy(audit, b_path, "BB")
    audit.close()
    for path, who, value, text in ((a_path, "AJ", "-", texts[0]), (b_path, "BB", "+/-", texts[1])):
        audit = AuditFile.open(path, author=who)
        own = audit.put_source(Source.new("document", f"jaarplan ({who})"))
        audit.put_note(Note.new("V2", own.id, "bewijs", f"Inwerkplan gezien ({who})"))
        audit.put_judgement(replace(audit.snapshot().judgements["V5"], value=value, report_text=text))
        audit.close()
    return a_path, b_path
