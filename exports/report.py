"""The audit report ("rapport") in Markdown, in the fixed format of the Kwaliteitslabel Sociaal Werk.

Part A is the summary for Sociaal Werk Nederland: the kerngegevens as the form has them, the overall result
per rubriek, the toelichting, complimenten and zorgpunten (input for the sector's trend analyses), the CI's
advice and the signature block. Part B gives the audited organisation its introduction in four points and
the findings per norm. Either part can be rendered alone (`parts`). The content comes from
`exports.report_context` (the same content the Word report is filled with), so the numbers are those of
`flows.rules` and the screen; every text the auditor typed goes through `exports.markdown`, so it shows as
typed and cannot break a table. The computed advice indication is not part of the report sent out: it is
in the app and the werkdocument.
"""

from __future__ import annotations

from typing import Any, Iterable

from assistant.store.model import Audit
from exports.completeness import find_gaps, notice
from exports.docx_variables import KERN_FORM_LABELS
from exports.markdown import escape_inline, heading, paragraphs, table
from exports.report_context import OVERALL_KEYS, PARTS, TITLE, report_context
from normsets.model import JUDGEMENTS, NormSet

__all__ = ["OVERALL_COLUMNS", "PART_B_TITLE", "TITLE", "WHERE_PARTS_GO", "judgement_label", "overall_table",
           "render_report"]

PART_A_TITLE = "A. Samenvatting uitkomst toetsing"
PART_B_TITLE = "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk"
UNJUDGED = "nog geen oordeel"
WHERE_PARTS_GO = (
    "Dit rapport bestaat uit twee delen. Deel A, de samenvatting van de uitkomst van de toetsing, gaat naar "
    "Sociaal Werk Nederland. Deel B, de bevindingen per norm, gaat naar de getoetste organisatie."
)
WHERE_PART_GOES = {
    "A": "Dit is deel A van het rapport: de samenvatting van de uitkomst van de toetsing, voor Sociaal Werk "
         "Nederland.",
    "B": "Dit is deel B van het rapport: de bevindingen per norm, voor de getoetste organisatie.",
}
TREND_TITLE = "Input voor trendanalyses branche"
TREND_INTRODUCTION = ("Opvallend sterke punten (complimenten) en meest in het oog springende verbeterpunten "
                      "(zorgpunten).")
ADVICE_TITLE = "Advies (alleen in te vullen door CI)"
SIGNATURE_TITLE = "Datum, naam en handtekening verantwoordelijke teamleider"
#: The findings table's header, as the form writes it.
FINDINGS_HEADER = ("Norm", "Bevindingen en verbeterpunten", "Oordeel +; +/-; -")

#: The overall table's judgement columns, in the report's order: judgement code -> column heading.
OVERALL_COLUMNS = {
    "+": "Nrs. normen die voldoen",
    "+/-": "Nrs. normen met verbeterpunt",
    "-": "Nrs. normen voldoen niet",
    "nvt": "Nrs. normen niet van toepassing",
    "nb": "Nrs. normen niet beoordeeld",
}


def judgement_label(value: str | None) -> str:
    """A judgement as the legend writes it: 'voldoet (+)', 'verbeterpunt (+/-)'; unjudged as such."""
    if value is None:
        return UNJUDGED
    label = JUDGEMENTS.get(value)
    return f"{label} ({value})" if label else value


def render_report(audit: Audit, ns: NormSet, parts: Iterable[str] = PARTS) -> str:
    """The report as Markdown (CommonMark with GFM tables), ending in a newline: both parts, or the one
    part in `parts` ("A" or "B")."""
    wanted = tuple(dict.fromkeys(parts))
    context = report_context(audit, ns, wanted)
    organisation = audit.kern.organisatie.strip()
    blocks = [
        heading(1, f"{TITLE} — {organisation}" if organisation else TITLE),
        f"Normenset: {escape_inline(ns.title)}, versie {escape_inline(ns.version)}.",
        escape_inline(WHERE_PARTS_GO if len(wanted) == 2 else WHERE_PART_GOES[wanted[0]]),
    ]
    gaps_notice = notice(
        find_gaps(audit, ns),
        "Dit rapport is een concept; de totalen hieronder gaan alleen over de normen met een oordeel.",
    )
    if gaps_notice:
        blocks.append(gaps_notice)
    if context["deel_a"]:
        blocks += _part_a(context)
    if context["deel_b"]:
        blocks += _part_b(context)
    blocks.append(f"*Bron van de normteksten: {escape_inline(ns.attribution)}*")
    return "\n\n".join(blocks) + "\n"


# -- part A ------------------------------------------------------------------------------------


def _part_a(context: dict[str, Any]) -> list[str]:
    advice = context["advies"]
    signature = context["ondertekening"]
    return [
        heading(2, PART_A_TITLE),
        heading(3, "Kerngegevens toetsing"),
        table(("Kerngegeven", "Gegevens"),
              [(label, kern_value(context["kern"], name)) for name, label in KERN_FORM_LABELS.items()]),
        heading(3, "Overall resultaat toetsing"),
        overall_table_of(context),
        heading(3, "Toelichting"),
        paragraphs(context["toelichting"]),
        heading(3, TREND_TITLE),
        escape_inline(TREND_INTRODUCTION),
        _trend(context),
        heading(3, ADVICE_TITLE),
        f"**{escape_inline(advice['keuze'])}**" if advice["keuze"].strip() else "*(nog geen keuze gemaakt)*",
        paragraphs(advice["tekst"], placeholder="*(nog geen toelichting op het advies)*"),
        heading(3, SIGNATURE_TITLE),
        table(("Ondertekening", ""), [
            ("Datum", signature["datum"]),
            ("Naam verantwoordelijke teamleider", signature["naam"]),
            ("Handtekening", ""),
        ]),
    ]


def kern_value(kern: dict[str, Any], name: str) -> str:
    """One kerngegeven of the context as the text of its cell: lists one item per line, the omvang and the
    research form with their parts on lines of their own (only the parts filled in)."""
    value = kern[name]
    if isinstance(value, list):
        return "\n".join(value)
    if name == "omvang":
        lines = [f"{label}: {value[key]}" for key, label in (("medewerkers", "Aantal medewerkers"),
                                                            ("fte", "Aantal fte"),
                                                            ("locaties", "Aantal locaties in de scope"))
                 if value[key].strip()]
        return "\n".join([*lines, *([value["toelichting"]] if value["toelichting"].strip() else [])])
    if name == "vorm":
        return "\n".join(text for text in (value["keuze"], value["toelichting"]) if text.strip())
    return value


def overall_table_of(context: dict[str, Any]) -> str:
    """Per rubriek the norm numbers per judgement, then 'N van de M' per judgement for the whole set."""
    overall = context["overall"]
    rows = [(row["onderdeel"], *(row[key] for key in OVERALL_KEYS.values()))
            for row in (*overall["rijen"], overall["totaal"])]
    return table(("Onderdeel norm", *OVERALL_COLUMNS.values()), rows)


def overall_table(audit: Audit, ns: NormSet) -> str:
    """The overall table of `audit` on its own (the werkdocument shows it too)."""
    return overall_table_of(report_context(audit, ns, ("A",)))


def _trend(context: dict[str, Any]) -> str:
    if not context["trend"]:
        return "*(nog geen complimenten of zorgpunten ingevuld)*"
    return table(("Complimenten", "Zorgpunten"), [(row["compliment"], row["zorgpunt"]) for row in context["trend"]])


# -- part B ------------------------------------------------------------------------------------


def _part_b(context: dict[str, Any]) -> list[str]:
    points = "\n".join(f"{number}. {escape_inline(point)}"
                       for number, point in enumerate(context["inleiding_b"], start=1))
    blocks = [heading(2, PART_B_TITLE), "Bij het lezen van de bevindingen:", points]
    for rubriek in context["rubrieken"]:
        rows = [(f"{norm['nummer']}. {norm['tekst']}", norm["bevindingen"], norm["oordeel"])
                for norm in rubriek["normen"]]
        blocks.append(heading(3, f"Kwaliteitsnormen {rubriek['titel']}"))
        blocks.append(table(FINDINGS_HEADER, rows))
    return blocks


