"""The audit report ("rapport") in Markdown, in the fixed format of the Kwaliteitslabel Sociaal Werk.

Part A is the summary for Sociaal Werk Nederland: kerngegevens, the overall result per rubriek, the
toelichting, complimenten and zorgpunten, and the advice with the computed indication. Part B gives the
audited organisation the findings per norm. Every number comes from `flows.rules` (the same numbers the
screen shows); every text the auditor typed goes through `exports.markdown`, so it shows as typed and
cannot break a table.
"""

from __future__ import annotations

from itertools import zip_longest

from assistant.store.model import KERN_DATE_FIELDS, KERN_LABELS, RESEARCH_FORMS, Audit
from exports.completeness import find_gaps, notice
from exports.markdown import dutch_date, escape_inline, heading, paragraphs, table
from flows.rules import advice, totals
from normsets.model import JUDGEMENTS, NormSet

TITLE = "Resultaat toetsing Kwaliteitsnormen Sociaal Werk"
PART_B_TITLE = "B. Bevindingen toetsing Kwaliteitsnormen Sociaal Werk"
UNJUDGED = "nog geen oordeel"

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


def render_report(audit: Audit, ns: NormSet) -> str:
    """The whole report as Markdown (CommonMark with GFM tables), ending in a newline."""
    organisation = audit.kern.organisatie.strip()
    blocks = [
        heading(1, f"{TITLE} — {organisation}" if organisation else TITLE),
        f"Normenset: {escape_inline(ns.title)}, versie {escape_inline(ns.version)}.",
    ]
    gaps_notice = notice(
        find_gaps(audit, ns),
        "Dit rapport is een concept; de totalen hieronder gaan alleen over de normen met een oordeel.",
    )
    if gaps_notice:
        blocks.append(gaps_notice)
    blocks += _part_a(audit, ns)
    blocks += _part_b(audit, ns)
    blocks.append(f"*Bron van de normteksten: {escape_inline(ns.attribution)}*")
    return "\n\n".join(blocks) + "\n"


# -- part A ------------------------------------------------------------------------------------


def _part_a(audit: Audit, ns: NormSet) -> list[str]:
    return [
        heading(2, "A. Samenvatting uitkomst toetsing"),
        heading(3, "Kerngegevens toetsing"),
        _kerngegevens(audit),
        heading(3, "Overall resultaat toetsing"),
        overall_table(audit, ns),
        heading(3, "Toelichting"),
        paragraphs(audit.summary.toelichting),
        heading(3, "Opvallend sterke punten (complimenten) en meest in het oog springende verbeterpunten (zorgpunten)"),
        _highlights(audit),
        heading(3, "Advies"),
        paragraphs(audit.summary.advies),
        _indication(audit, ns),
    ]


def _kerngegevens(audit: Audit) -> str:
    rows = []
    for name, label in KERN_LABELS.items():
        value = getattr(audit.kern, name)
        if name == "vorm_onderzoek":
            value = RESEARCH_FORMS.get(value, value)
        elif name in KERN_DATE_FIELDS:
            value = dutch_date(value)
        rows.append((label, value))
    return table(("Kerngegeven", "Gegevens"), rows)


def overall_table(audit: Audit, ns: NormSet) -> str:
    """Per rubriek the norm numbers per judgement, then 'N van de M' per judgement for the whole set."""
    rows = []
    for rubriek in ns.rubrieken:
        counted = totals(audit, ns, rubriek.id)
        numbers = [
            "; ".join(str(ns.norm(norm_id).number) for norm_id in counted.by_judgement.get(code, ()))
            for code in OVERALL_COLUMNS
        ]
        rows.append((rubriek.title, *numbers))
    overall = totals(audit, ns)
    rows.append(("Resultaat totaal", *(f"{overall.count(code)} van de {overall.total}" for code in OVERALL_COLUMNS)))
    return table(("Onderdeel norm", *OVERALL_COLUMNS.values()), rows)


def _highlights(audit: Audit) -> str:
    compliments, concerns = audit.summary.complimenten, audit.summary.zorgpunten
    if not compliments and not concerns:
        return "*(nog geen complimenten of zorgpunten ingevuld)*"
    rows = zip_longest(compliments, concerns, fillvalue="")
    return table(("Complimenten", "Zorgpunten"), list(rows))


def _indication(audit: Audit, ns: NormSet) -> str:
    computed = advice(audit, ns)
    lines = [f"**Berekende indicatie:** {escape_inline(computed.headline())}.", ""]
    lines += [f"- {escape_inline(reason)}" for reason in computed.reasons]
    lines += ["", f"*Besluitregel: {escape_inline(ns.decision.text)}*"]
    return "\n".join(lines)


# -- part B ------------------------------------------------------------------------------------


def _part_b(audit: Audit, ns: NormSet) -> list[str]:
    legend = ", ".join(judgement_label(code) for code in JUDGEMENTS)
    blocks = [heading(2, PART_B_TITLE), f"**Legenda oordeel:** {escape_inline(legend)}."]
    for rubriek in ns.rubrieken:
        rows = []
        for norm in ns.norms_in(rubriek.id):
            record = audit.judgements.get(norm.id)
            rows.append((
                f"{norm.number}. {norm.text}",
                record.report_text if record else "",
                judgement_label(record.value if record else None),
            ))
        blocks.append(heading(3, f"Kwaliteitsnormen {rubriek.title}"))
        blocks.append(table(("Norm", "Bevindingen en verbeterpunten", "Oordeel"), rows))
    return blocks
