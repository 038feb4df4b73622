"""DOCX benchmark: filling the default Word template for a 49-norm audit, and checking a template.

Run with `make bench` or `python -m bench.docx`. Prints the median and p95 in milliseconds. Target
(issue 11): the DOCX export of a 49-norm audit with 2,000 notes under 1 s (median).

Two kinds of measurement. The first rows fill the template from a ready context: every norm of the 2019 set
judged, with a findings text of several paragraphs (about 1,500 characters), complimenten, zorgpunten and
full kerngegevens; only the rendering is timed. The rows "audit → bestand" are the real export path as
`toetsassistent export --formaat docx` takes it: an audit of 2,000 notes (built as in `bench.export`, with
the form's fields and plans of approach filled in), `report_context` from the audit, the rendering, and
writing the file privately and atomically (`write_export`) to a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from pathlib import Path

from assistant.store import Audit
from assistant.store.export_target import write_export
from assistant.store.model import Plan
from bench.export import build, timed
from exports.docx import check_template, default_template, render_docx
from exports.report_context import report_context
from normsets import NormSet, NormSetRegistry

#: Notes in the audit of the "audit → bestand" rows.
AUDIT_NOTES = 2_000

JUDGEMENTS = ("+", "+", "+", "+/-", "+", "+", "-", "+", "nvt", "+", "nb")
_FINDINGS_ONCE = (
    "In vier gesprekken (2 professionals, teamcoach, cliënt) bleek dat de werkwijze in de praktijk wordt "
    "gevolgd: de professionals gaven elk een concreet voorbeeld uit hun eigen caseload, en de teamcoach "
    "liet zien hoe de afspraken in het teamoverleg worden besproken. \"We bespreken elke casus in het team "
    "voordat we een plan maken.\" (professional)\n"
    "Documenten: werkinstructie 'Van aanmelding tot afsluiting' (versie 2025), verslagen teamoverleg "
    "januari-maart; registratie: 12 dossiers ingezien, in 10 daarvan is het plan met de cliënt vastgelegd "
    "& ondertekend.\n\n"
    "Verbeterpunt: de evaluatie van het plan staat in 4 van de 12 dossiers niet in het registratiesysteem "
    "<Cliëntvolgsysteem>; de organisatie heeft dit zelf ook gesignaleerd | en neemt het op in het "
    "verbeterplan."
)
FINDINGS = f"{_FINDINGS_ONCE}\n\n{_FINDINGS_ONCE}"


def build_context(normset: NormSet) -> dict:
    """A full report context for every norm of `normset`, each with a findings text of ~1,500 characters."""
    rubrieken, rows, judged = [], [], []
    index = 0
    for rubriek in normset.rubrieken:
        normen = []
        for norm in normset.norms_in(rubriek.id):
            value = JUDGEMENTS[index % len(JUDGEMENTS)]
            normen.append({"nummer": str(norm.number), "tekst": norm.text, "bevindingen": FINDINGS, "oordeel": value})
            judged.append(value)
            index += 1
        rubrieken.append({"titel": rubriek.title, "normen": normen})
        rows.append({"onderdeel": rubriek.title, **{
            key: "; ".join(norm["nummer"] for norm in normen if norm["oordeel"] == code)
            for code, key in (("+", "voldoet"), ("+/-", "verbeterpunt"), ("-", "voldoet_niet"), ("nvt", "nvt"),
                              ("nb", "nb"))}})
    totaal = {"onderdeel": "Resultaat totaal", **{
        key: f"{judged.count(code)} van de {len(judged)}"
        for code, key in (("+", "voldoet"), ("+/-", "verbeterpunt"), ("-", "voldoet_niet"), ("nvt", "nvt"), ("nb", "nb"))}}
    complimenten = [f"Compliment {number}: betrokken en deskundig team in wijk {number}" for number in range(1, 6)]
    zorgpunten = [f"Zorgpunt {number}: registratie van evaluaties" for number in range(1, 4)]
    return {
        "titel": "Resultaat toetsing Kwaliteitsnormen Sociaal Werk",
        "organisatie": "Welzijn Bench",
        "normenset": {"titel": normset.title, "versie": normset.version, "bron": normset.attribution},
        "deel_a": True,
        "deel_b": True,
        "kern": {
            "organisatie": "Welzijn Bench", "adres": "Benchstraat 1, 1234 AB Benchdorp", "website": "https://bench.example",
            "contactpersoon": "J. Jansen", "contact_mail": "j.jansen@bench.example", "contact_telefoon": "010-1234567",
            "scope": ["Team Noord", "Team Zuid", "Schuldhulpverlening", "Mantelzorgondersteuning"],
            "omvang": {"medewerkers": "120", "fte": "88,4", "locaties": "6", "toelichting": "plus 40 vrijwilligers"},
            "vorm": {"keuze": "Alleen CI op het label", "toelichting": "hercertificering"},
            "zelfevaluatie": "n.v.t. — hercertificering", "onderzoek_ter_plaatse": "10 en 11 maart 2026",
            "toetsers": ["A. de Vries (Welzijn Elders)", "B. Bakker (Wijkwerk Anders)"],
            "verantwoordelijke_ci": "C. Claessen", "teamleider": "D. Dijkstra",
            "gesprekspartners": ["2 teamcoaches", "4 maatschappelijk werkers", "3 cliënten"],
            "datum_verslag_team": "1 april 2026", "datum_verbeterplan": "15 april 2026",
            "datum_definitief": "20 april 2026", "datum_inzending": "25 april 2026",
        },
        "overall": {"rijen": rows, "totaal": totaal},
        "toelichting": "Een toelichting van enkele alinea's.\n\nTweede alinea met een opsomming:\n- een\n- twee",
        "complimenten": complimenten,
        "zorgpunten": zorgpunten,
        "trend": [{"compliment": complimenten[i], "zorgpunt": zorgpunten[i] if i < len(zorgpunten) else ""}
                  for i in range(len(complimenten))],
        "advies": {"keuze": "Positief zodra de plannen van aanpak zijn goedgekeurd", "tekst": "Wij adviseren positief."},
        "ondertekening": {"datum": "20 april 2026", "naam": "D. Dijkstra"},
        "inleiding_b": ["Punt een.", "Punt twee.", "Punt drie.", "Punt vier."],
        "rubrieken": rubrieken,
    }


def real_audit(normset: NormSet, notes: int = AUDIT_NOTES) -> Audit:
    """`bench.export.build`'s audit with the form filled in: kerngegevens, advice, a plan for every +/- and -."""
    audit = build(normset, notes)
    kern = audit.kern
    for name, value in (
        ("scope", "Team Noord\nTeam Zuid\nSchuldhulpverlening\nMantelzorgondersteuning"),
        ("omvang_medewerkers", "120"), ("omvang_fte", "88,4"), ("omvang_locaties", "6"),
        ("vorm_onderzoek", "ci_label"), ("vorm_toelichting", "hercertificering"),
        ("datum_zelfevaluatie", "nvt"), ("zelfevaluatie_toelichting", "hercertificering"),
        ("toetsers", "A. de Vries (Welzijn Elders)\nB. Bakker (Wijkwerk Anders)"),
        ("verantwoordelijke_ci", "C. Claessen"), ("teamleider", "D. Dijkstra"),
        ("gesprekspartners", "teamcoach (4 gesprekken)\nmaatschappelijk werker (3 gesprekken)"),
        ("datum_verslag_team", "2026-04-01"), ("datum_ondertekening", "2026-04-20"),
    ):
        kern = kern.with_field(name, value)
    plans = {norm_id: Plan(norm_id, "goedgekeurd", "2026-04-05", "2026-04-15")
             for norm_id, judgement in audit.judgements.items() if judgement.value in ("+/-", "-")}
    return replace(audit, kern=kern, plans=plans,
                   summary=replace(audit.summary, advies_keuze="positief", advies="Wij adviseren positief."))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark van het Word-rapport")
    parser.add_argument("--herhalingen", type=int, default=20, help="metingen per meting (standaard 20)")
    args = parser.parse_args(argv)
    normset = NormSetRegistry(None).get("sterk-sociaal-werk-2019")
    context = build_context(normset)
    template = default_template()
    print(f"Word-rapport, {len(normset.norm_ids)} normen, bevindingen van {len(FINDINGS):,} tekens per norm "
          "(ms; mediaan en p95)")
    print(f"{'meting':<22} {'mediaan':>9} {'p95':>9} {'uitvoer':>10}")
    measurements = (
        ("deel A en B", lambda: render_docx(context), True),
        ("alleen deel A", lambda: render_docx({**context, "deel_b": False}), True),
        ("alleen deel B", lambda: render_docx({**context, "deel_a": False}), True),
        ("sjablooncontrole", lambda: check_template(template), False),
    )
    for name, run, has_output in measurements:
        median, p95 = timed(run, args.herhalingen)
        size = f"{len(run()) / 1024:>6.0f} KiB" if has_output else ""
        print(f"{name:<22} {median:>9.1f} {p95:>9.1f} {size:>10}")
    audit = real_audit(normset)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "rapport.docx"

        def export(parts: tuple[str, ...]) -> bytes:
            data = render_docx(report_context(audit, normset, parts))
            write_export(target, data)
            return data

        print(f"audit → bestand: {len(audit.notes):,} notities, {len(audit.judgements)} oordelen, context, vullen en "
              "wegschrijven")
        for name, parts in (("audit → bestand, A+B", ("A", "B")), ("audit → bestand, A", ("A",)),
                            ("audit → bestand, B", ("B",))):
            median, p95 = timed(lambda: export(parts), args.herhalingen)
            print(f"{name:<22} {median:>9.1f} {p95:>9.1f} {len(export(parts)) / 1024:>6.0f} KiB")
    print("doel: Word-rapport van 49 normen (2.000 notities) onder 1000 ms (mediaan)")


if __name__ == "__main__":
    main()
