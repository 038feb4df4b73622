"""Audits with known content for the export tests: a complete one and one with every kind of judgement.

Shared by the report, working-document, JSON and CLI tests.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.store.model import Plan
from flows.rules import plan_needs
from normsets import NormSet
from tests.markdown_checks import blocks_between, parse, tables_of

KERN = Kerngegevens(
    organisatie="Welzijn Voorbeeldstad",
    adres="Dorpsstraat 1, 1234 AB Voorbeeldstad",
    website="https://www.welzijnvoorbeeldstad.nl",
    contactpersoon="J. de Vries",
    contact_mail="kwaliteit@welzijnvoorbeeldstad.nl",
    contact_telefoon="010-1234567",
    scope="Maatschappelijk werk, jongerenwerk en buurtbemiddeling",
    omvang="85 medewerkers, 120 vrijwilligers",
    vorm_onderzoek="ci_label",
    vorm_toelichting="Visitatie",
    datum_zelfevaluatie="2026-10-01",
    onderzoek_ter_plaatse="20 en 21 november 2026, hoofdkantoor en wijkcentrum De Brug",
    toetsers="A. Jansen (CI), B. Bakker",
    verantwoordelijke_ci="C. Smit",
    gesprekspartners="directeur, teamleider, 4 sociaal werkers, 2 cliënten, kwaliteitsmedewerker",
    datum_verslag_team="2026-12-01",
)

SOURCES = (
    ("gesprek", "twee ambulant werkers", ("P", "Mng"), "2026-11-20"),
    ("document", "Jaarverslag 2025", (), ""),
    ("registratie", "cliëntdossiers, steekproef van 10", (), "2026-11-21"),
)

#: 49 judged norms: 40 voldoet, 7 verbeterpunt, 2 voldoet niet (a positive advice is possible).
COMPLETE = {"V3": "+/-", "V12": "+/-", "V7": "-", "D2": "+/-", "D9": "+/-", "O5": "+/-", "O17": "+/-",
            "O21": "+/-", "O14": "-"}
#: 29 voldoet, 9 verbeterpunt, 4 voldoet niet, 3 nvt, 2 nb and 2 without judgement (V9, O23).
MIXED = {"V2": "-", "V4": "+/-", "V7": "-", "V9": None, "V11": "nvt", "V15": "nb",
         "D1": "+/-", "D2": "+/-", "D3": "+/-", "D5": "nvt", "D6": "+/-", "D8": "-", "D10": "nvt", "D11": "-",
         "O3": "+/-", "O9": "+/-", "O12": "+/-", "O16": "+/-", "O20": "nb", "O23": None}
#: Sources per norm in the MIXED audit where not 3: nvt norms none, nb norms one, unjudged ones two.
MIXED_SOURCES = {"V11": 0, "D5": 0, "D10": 0, "V15": 1, "O20": 1, "V9": 2, "O23": 2}


def fill_audit(audit_file: AuditFile, ns: NormSet, judged: dict[str, str | None],
               source_counts: dict[str, int] | None = None) -> AuditFile:
    """Three sources; per norm a bevinding from the first N of them (3 unless `source_counts` says),
    and a judgement with a report text (default '+', `judged` overrides; None leaves the norm unjudged)."""
    sources = [audit_file.put_source(Source.new(kind, label, roles, day)) for kind, label, roles, day in SOURCES]
    for norm in ns.norms:
        for number, source in enumerate(sources[: (source_counts or {}).get(norm.id, 3)], start=1):
            audit_file.put_note(Note.new(norm.id, source.id, "bevinding", f"{norm.id}: bevinding uit bron {number}."))
        value = judged.get(norm.id, "+")
        if value is not None:
            audit_file.put_judgement(Judgement.new(norm.id, value, f"Onderbouwing bij {norm.id}."))
    audit_file.put_summary(Summary(
        toelichting="De organisatie werkt zichtbaar vanuit de bedoeling.\nDe dossiers zijn op orde.",
        complimenten=("Betrokken professionals", "Heldere werkbegeleiding", "Sterke wijkaanwezigheid"),
        zorgpunten=("Registratie van doelen", "Borging van scholing"),
        advies="Wij adviseren het kwaliteitslabel toe te kennen.",
    ))
    return audit_file


def make_ready(audit_file: AuditFile, ns: NormSet) -> AuditFile:
    """What a definitive report needs beyond judgements and sources: the teamleider, the CI's advice choice,
    and a received plan of approach for every norm judged +/- or -."""
    audit = audit_file.snapshot()
    audit_file.put_kern(audit.kern.with_field("teamleider", "D. Dijkstra"))
    audit_file.put_summary(replace(audit.summary, advies_keuze="positief_na_pva"))
    for need in plan_needs(audit, ns):
        audit_file.put_plan(Plan(need.norm_id, "ontvangen", "2026-12-01"))
    return audit_file


def new_audit(ns: NormSet, kern: Kerngegevens = KERN) -> AuditFile:
    return AuditFile.in_memory(ns.id, ns.content_hash(), ns.text_hashes(), kern)


def table_after(source: str, heading_text: str, level: int = 3):
    """The first table in the section under `heading_text`."""
    tokens = parse(source)
    section = blocks_between(tokens, heading_text, level)
    start = next(i for i, t in enumerate(section) if t.type == "table_open")
    end = next(i for i, t in enumerate(section) if t.type == "table_close")
    return tables_of(source, section[start: end + 1])[0]
