"""The kerngegevens as the auditor types them: every field checked and normalised by its type, in one place.

Part A's fields have types (dates, numbers, a choice of research form, lists of one item per line, the
zelfevaluatie date that may be "n.v.t." with a reason), and three doors lead to them: `/kern` in the
dialogue, `toetsassistent kern` for scripts, and the app's kerngegevens form. All three call this module, so
a value refused in one is refused in the others with the same Dutch sentence (a `CommandError`).

The command language for a field (`change`):

- ``VELD WAARDE`` replaces the value; a list field takes its items separated by line breaks or by the two
  characters ``\\n`` (``Team Noord\\nTeam Zuid``), since one command line holds no line break.
- ``VELD + ITEM`` adds an item to a list field, ``VELD - ITEM`` removes one (matched ignoring case).
- ``datum_zelfevaluatie nvt REDEN`` records that there is no zelfevaluatie, and why (one step, two fields).
- ``VELD --leeg`` (or an empty value from a script) empties a field; the organisation cannot be emptied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.store.model import (
    KERN_DATE_FIELDS,
    KERN_LABELS,
    KERN_LIST_FIELDS,
    KERN_NUMBER_FIELDS,
    NOT_APPLICABLE,
    RESEARCH_FORMS,
    Kerngegevens,
)
from flows.commands import CommandError
from flows.text import shorten

#: What empties a field in a command line.
CLEAR = "--leeg"
#: How "not applicable" may be typed for the zelfevaluatie date.
NOT_APPLICABLE_WORDS = ("nvt", "n.v.t.", "n.v.t", "nvt.", "niet van toepassing")
#: The field whose date may be "nvt", and the field that then holds the reason.
SELF_EVALUATION = "datum_zelfevaluatie"
SELF_EVALUATION_REASON = "zelfevaluatie_toelichting"
#: Fields that may not be emptied.
NOT_EMPTY = ("organisatie",)
#: Number fields that hold a whole number (the rest, fte, may have a decimal).
WHOLE_NUMBERS = ("omvang_medewerkers", "omvang_locaties")

_LITERAL_NEWLINE = "\\n"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"\d{1,7}")
_DECIMAL = re.compile(r"(\d{1,7})(?:[.,](\d{1,3}))?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def field_name(text: str) -> str:
    """The field for `text` (any case, ``-`` for ``_``), or a CommandError listing the fields."""
    name = text.strip().casefold().replace("-", "_")
    if name not in KERN_LABELS:
        raise CommandError(f"Onbekend kerngegeven '{text.strip()}'. Mogelijk zijn: {', '.join(KERN_LABELS)}. "
                           "Bijvoorbeeld: /kern scope + Jongerenwerk")
    return name


def research_form_choices() -> str:
    """'intercollegiaal (Intercollegiale adviesmeting), combi_ict_ci (Combi ICT met CI), …'."""
    return ", ".join(f"{key} ({label})" for key, label in RESEARCH_FORMS.items())


def research_form(text: str) -> str:
    """The key of RESEARCH_FORMS typed as its key or its label, any case; '' stays ''."""
    typed = " ".join(text.split()).casefold()
    if not typed:
        return ""
    for key, label in RESEARCH_FORMS.items():
        if typed in (key.casefold(), label.casefold(), key.casefold().replace("_", "-")):
            return key
    raise CommandError(f"Onbekende vorm van het onderzoek '{text.strip()}'. Kies uit: {research_form_choices()}.")


def is_not_applicable(text: str) -> bool:
    return " ".join(text.split()).casefold() in NOT_APPLICABLE_WORDS


def list_items(text: str) -> tuple[str, ...]:
    """A list field's items from typed text: split at line breaks and at a literal ``\\n``, stripped, no empties."""
    return tuple(item.strip() for item in text.replace(_LITERAL_NEWLINE, "\n").splitlines() if item.strip())


_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def check_date(text: str) -> str:
    """A typed date as the audit stores it (yyyy-mm-dd); dd-mm-yyyy (as Dutch forms write it) is accepted
    and written the other way round. `CommandError` with the Dutch reason for anything else."""
    typed = text.strip()
    dutch = _DUTCH_DATE.fullmatch(typed)
    candidate = f"{dutch.group(3)}-{int(dutch.group(2)):02d}-{int(dutch.group(1)):02d}" if dutch else typed
    valid = bool(_DATE.fullmatch(candidate))
    if valid:
        try:
            date.fromisoformat(candidate)
        except ValueError:
            valid = False
    if not valid:
        raise CommandError(f"'{typed}' is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ (bijvoorbeeld 2026-03-14).")
    return candidate


def value(name: str, text: str) -> str:
    """The stored form of `text` as the whole new value of field `name`, or a CommandError saying why not.

    Empty text empties the field (except the organisation). The zelfevaluatie date accepts "nvt" (and
    "n.v.t."), stored as "nvt"; the reason is the caller's (see `change`).
    """
    if name not in KERN_LABELS:
        raise CommandError(f"Onbekend kerngegeven '{name}'.")
    if name in KERN_LIST_FIELDS:
        return "\n".join(list_items(text))
    typed = text.strip()
    if not typed:
        if name in NOT_EMPTY:
            raise CommandError("De naam van de organisatie is verplicht; die kan niet leeg zijn.")
        return ""
    if name == SELF_EVALUATION and is_not_applicable(typed):
        return NOT_APPLICABLE
    if name in KERN_DATE_FIELDS:
        try:
            return check_date(typed)
        except CommandError:
            extra = " of 'nvt' met een reden" if name == SELF_EVALUATION else ""
            raise CommandError(f"'{typed}' is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ (bijvoorbeeld "
                               f"2026-03-14){extra}.") from None
    if name in KERN_NUMBER_FIELDS:
        return _number(name, typed)
    if name == "vorm_onderzoek":
        return research_form(typed)
    if name == "contact_mail" and not _EMAIL.fullmatch(typed):
        raise CommandError(f"'{typed}' is geen geldig e-mailadres (zoals naam@organisatie.nl).")
    return typed


def _number(name: str, typed: str) -> str:
    if name in WHOLE_NUMBERS:
        compact = typed.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", typed) else typed
        if not _WHOLE.fullmatch(compact):
            raise CommandError(f"Schrijf bij '{KERN_LABELS[name]}' alleen een heel getal, bijvoorbeeld 85 "
                               f"(niet '{typed}').")
        return str(int(compact))
    match = _DECIMAL.fullmatch(typed)
    if match is None:
        raise CommandError(f"Schrijf bij '{KERN_LABELS[name]}' alleen een getal, bijvoorbeeld 62,5 (niet '{typed}').")
    whole, fraction = match.groups()
    return str(int(whole)) + (f",{fraction}" if fraction and fraction.strip("0") else "")


@dataclass(frozen=True)
class KernChange:
    """The outcome of one `/kern` line: the new record and what to say about it."""

    kern: Kerngegevens
    field: str
    description: str
    """What was done, e.g. "Scope …: 'Jongerenwerk' toegevoegd (3 regels)"."""


def change(kern: Kerngegevens, name_text: str, argument: str) -> KernChange:
    """Apply one field's command (see the module docstring) to `kern`; CommandError when it cannot be done."""
    name = field_name(name_text)
    label = KERN_LABELS[name]
    typed = argument.strip()
    if typed == CLEAR:
        new = kern.with_field(name, value(name, ""))
        return KernChange(new, name, f"{label}: leeggemaakt")
    if not typed:
        raise CommandError(f"Geef ook de waarde: /kern {name} WAARDE (of /kern {name} {CLEAR} om het veld leeg te "
                           "maken).")
    if name in KERN_LIST_FIELDS and (typed[:2] in ("+ ", "- ") or typed in ("+", "-")):
        return _list_edit(kern, name, typed)
    if name == SELF_EVALUATION:
        head, _, reason = typed.partition(" ")
        for words in (typed, head):
            if is_not_applicable(words):
                reason = "" if words == typed else reason.strip()
                reason = reason or kern.zelfevaluatie_toelichting.strip()
                if not reason:
                    raise CommandError("Geef ook de reden waarom er geen zelfevaluatie is, bijvoorbeeld: "
                                       "/kern datum_zelfevaluatie nvt hercertificering")
                new = kern.with_field(name, NOT_APPLICABLE).with_field(SELF_EVALUATION_REASON, reason)
                return KernChange(new, name, f"{label}: {shorten(f'n.v.t. — {reason}', 160)}")
    stored = value(name, typed)
    new = kern.with_field(name, stored)
    return KernChange(new, name, f"{label}: {shorten(shown(name, stored, new), 160)}")


def _list_edit(kern: Kerngegevens, name: str, typed: str) -> KernChange:
    sign, item = typed[0], typed[1:].strip()
    label = KERN_LABELS[name]
    if not item:
        raise CommandError(f"Geef ook de regel: /kern {name} {sign} TEKST.")
    items = list(kern.lines(name))
    if sign == "+":
        added = list_items(item)
        items.extend(added)
        new = kern.with_field(name, "\n".join(items))
        what = shorten(", ".join(f"'{text}'" for text in added), 120)
        return KernChange(new, name, f"{label}: {what} toegevoegd ({_lines(len(items))})")
    wanted = " ".join(item.split()).casefold()
    matches = [index for index, text in enumerate(items) if " ".join(text.split()).casefold() == wanted]
    if not matches:
        current = "; ".join(items) if items else "de lijst is leeg"
        raise CommandError(f"'{item}' staat niet in {name} ({current}). Typ de regel precies zoals hij er staat.")
    removed = items.pop(matches[0])
    new = kern.with_field(name, "\n".join(items))
    return KernChange(new, name, f"{label}: '{shorten(removed, 120)}' verwijderd ({_lines(len(items))})")


def _lines(count: int) -> str:
    return f"{count} regel" if count == 1 else f"{count} regels"


def shown(name: str, stored: str, kern: Kerngegevens | None = None) -> str:
    """A stored value on one line for a confirmation or a list: lists joined with ' / ', the research form
    by its label, "nvt" as "n.v.t." (with the reason when `kern` is given), empty as '—'."""
    if not stored:
        return "—"
    if name in KERN_LIST_FIELDS:
        return " / ".join(line.strip() for line in stored.splitlines() if line.strip())
    if name == "vorm_onderzoek":
        return RESEARCH_FORMS.get(stored, stored)
    if name == SELF_EVALUATION and stored == NOT_APPLICABLE:
        reason = kern.zelfevaluatie_toelichting.strip() if kern is not None else ""
        return f"n.v.t. — {reason}" if reason else "n.v.t."
    return " ".join(stored.split())


def listing(kern: Kerngegevens) -> list[str]:
    """Every field as 'veld: waarde' lines, in the form's order (what `/kern` and `toetsassistent kern` show);
    a long value is cut at 200 characters (`toetsassistent kern AUDIT VELD` shows it whole)."""
    return [f"{name}: {shorten(shown(name, getattr(kern, name), kern), 200)}" for name in KERN_LABELS]
