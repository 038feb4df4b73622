"""The report's content as one plain dict: what the Word template is filled with, and what the Markdown
report is written from.

The keys are the public template variables of `exports.docx_variables` (Dutch, because auditors type them in
their own Word templates). Building the content once keeps the two reports equal: the same dates written
out in Dutch, the same overall numbers (from `flows.rules.totals`, as on the screen), the same four points
before part B. The report that is sent out holds the CI's own advice choice, never the computed indication
(that stays in the app and the werkdocument). Texts are left as typed: each renderer makes them safe.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any, Iterable

from assistant.store.model import ADVICE_CHOICES, NOT_APPLICABLE, RESEARCH_FORMS, Audit, Kerngegevens
from exports.markdown import dutch_date
from flows.rules import last_plan_approval, totals
from normsets.model import NormSet

TITLE = "Resultaat toetsing Kwaliteitsnormen Sociaal Werk"
PARTS = ("A", "B")
#: The overall table's judgement columns: judgement code -> variable of `overall.rijen[]`.
OVERALL_KEYS = {"+": "voldoet", "+/-": "verbeterpunt", "-": "voldoet_niet", "nvt": "nvt", "nb": "nb"}
#: What the form writes in the Oordeel column (and what a norm without judgement shows: nothing).
JUDGEMENT_CELLS = {"+": "+", "+/-": "+/-", "-": "-", "nvt": "nvt", "nb": "nb"}


def introduction_b(normset: NormSet) -> list[str]:
    """The four points that open part B, in the tool's own words; the limits come from the norm set."""
    rule = normset.decision
    return [
        "Een norm voldoet pas als in de praktijk is aangetoond dat de organisatie ernaar werkt; een document "
        "alleen is daarvoor niet genoeg.",
        "De bevindingen per norm zijn kort gehouden en onderbouwd met voorbeelden, citaten, cijfers en "
        "documenten.",
        "Het oordeel per norm: voldoet (+), verbeterpunt (+/-) of voldoet niet (-); een norm kan ook niet van "
        "toepassing (nvt) of niet beoordeeld (nb) zijn.",
        f"Met de normen van {normset.version} is een positief advies voor twee jaar mogelijk als ten hoogste "
        f"{rule.max_fails} normen niet voldoen (-) en ten hoogste {rule.max_improvements} normen een verbeterpunt "
        "hebben (+/-), en de CI voor elk van die normen een plan van aanpak van de organisatie heeft goedgekeurd.",
    ]


def self_evaluation(kern: Kerngegevens) -> str:
    """'3 maart 2026', 'n.v.t. — hercertificering', or '' when not filled in."""
    if kern.datum_zelfevaluatie.strip() == NOT_APPLICABLE:
        reason = kern.zelfevaluatie_toelichting.strip()
        return f"n.v.t. — {reason}" if reason else "n.v.t."
    return dutch_date(kern.datum_zelfevaluatie.strip())


def improvement_plan_date(audit: Audit, normset: NormSet) -> str:
    """'Ontvangst verbeterplan met akkoord': the date set by hand, otherwise the last approval of the plans
    of approach once all are approved (yyyy-mm-dd), otherwise ''."""
    return audit.kern.datum_verbeterplan.strip() or last_plan_approval(audit, normset)


def _kern(audit: Audit, normset: NormSet) -> dict[str, Any]:
    kern = audit.kern
    return {
        "organisatie": kern.organisatie,
        "adres": kern.adres,
        "website": kern.website,
        "contactpersoon": kern.contactpersoon,
        "contact_mail": kern.contact_mail,
        "contact_telefoon": kern.contact_telefoon,
        "scope": list(kern.lines("scope")),
        "omvang": {
            "medewerkers": kern.omvang_medewerkers,
            "fte": kern.omvang_fte,
            "locaties": kern.omvang_locaties,
            "toelichting": kern.omvang,
        },
        "vorm": {"keuze": RESEARCH_FORMS.get(kern.vorm_onderzoek, kern.vorm_onderzoek),
                 "toelichting": kern.vorm_toelichting},
        "zelfevaluatie": self_evaluation(kern),
        "onderzoek_ter_plaatse": kern.onderzoek_ter_plaatse,
        "toetsers": list(kern.lines("toetsers")),
        "verantwoordelijke_ci": kern.verantwoordelijke_ci,
        "teamleider": kern.teamleider,
        "gesprekspartners": list(kern.lines("gesprekspartners")),
        "datum_verslag_team": dutch_date(kern.datum_verslag_team),
        "datum_verbeterplan": dutch_date(improvement_plan_date(audit, normset)),
        "datum_definitief": dutch_date(kern.datum_definitief),
        "datum_inzending": dutch_date(kern.datum_inzending),
    }


def _overall(audit: Audit, normset: NormSet) -> dict[str, Any]:
    rows = []
    for rubriek in normset.rubrieken:
        counted = totals(audit, normset, rubriek.id)
        row = {"onderdeel": rubriek.title}
        for code, key in OVERALL_KEYS.items():
            row[key] = "; ".join(str(normset.norm(norm_id).number) for norm_id in counted.by_judgement.get(code, ()))
        rows.append(row)
    overall = totals(audit, normset)
    total = {"onderdeel": "Resultaat totaal"}
    for code, key in OVERALL_KEYS.items():
        total[key] = f"{overall.count(code)} van de {overall.total}"
    return {"rijen": rows, "totaal": total}


def _rubrieken(audit: Audit, normset: NormSet) -> list[dict[str, Any]]:
    rubrieken = []
    for rubriek in normset.rubrieken:
        normen = []
        for norm in normset.norms_in(rubriek.id):
            record = audit.judgements.get(norm.id)
            normen.append({
                "nummer": str(norm.number),
                "tekst": norm.text,
                "bevindingen": record.report_text if record else "",
                "oordeel": JUDGEMENT_CELLS.get(record.value or "", record.value or "") if record else "",
            })
        rubrieken.append({"titel": rubriek.title, "normen": normen})
    return rubrieken


def report_context(audit: Audit, normset: NormSet, parts: Iterable[str] = PARTS) -> dict[str, Any]:
    """The content of the report sent out, keyed as the template variables (`exports.docx_variables`)."""
    wanted = tuple(parts)
    if not wanted or any(part not in PARTS for part in wanted):
        raise ValueError(f"parts must be taken from {PARTS}, got {wanted!r}")
    summary = audit.summary
    complimenten, zorgpunten = list(summary.complimenten), list(summary.zorgpunten)
    return {
        "titel": TITLE,
        "organisatie": audit.kern.organisatie,
        "normenset": {"titel": normset.title, "versie": normset.version, "bron": normset.attribution},
        "deel_a": "A" in wanted,
        "deel_b": "B" in wanted,
        "kern": _kern(audit, normset),
        "overall": _overall(audit, normset),
        "toelichting": summary.toelichting,
        "complimenten": complimenten,
        "zorgpunten": zorgpunten,
        "trend": [{"compliment": compliment, "zorgpunt": zorgpunt}
                  for compliment, zorgpunt in zip_longest(complimenten, zorgpunten, fillvalue="")],
        "advies": {"keuze": ADVICE_CHOICES.get(summary.advies_keuze, summary.advies_keuze), "tekst": summary.advies},
        "ondertekening": {"datum": dutch_date(audit.kern.datum_ondertekening), "naam": audit.kern.teamleider},
        "inleiding_b": introduction_b(normset),
        "rubrieken": _rubrieken(audit, normset),
    }
