"""The pure parts behind the report's fields, table-driven: kerngegevens by type, plans of approach, the
gesprekspartners proposal, the findings draft and the list `--definitief` refuses with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, SaveFailed, Source
from assistant.store.model import KERN_LABELS, KERN_REQUIRED, Plan
from exports.completeness import definitive_items
from flows import drafting, kern, partners, plans
from flows.commands import CommandError
from normsets import NormSet
from tests.audit_builders import COMPLETE, fill_audit, make_ready, new_audit

# -- kerngegevens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, typed, stored",
    [
        ("datum_inzending", " 2026-12-01 ", "2026-12-01"),
        ("datum_zelfevaluatie", "n.v.t.", "nvt"),
        ("datum_zelfevaluatie", "NVT", "nvt"),
        ("omvang_medewerkers", "085", "85"),
        ("omvang_medewerkers", "1.200", "1200"),
        ("omvang_locaties", "4", "4"),
        ("omvang_fte", "62.5", "62,5"),
        ("omvang_fte", "62,50", "62,50"),
        ("omvang_fte", "40,0", "40"),
        ("vorm_onderzoek", "ci_label", "ci_label"),
        ("vorm_onderzoek", "alleen CI op het LABEL", "ci_label"),
        ("vorm_onderzoek", "combi-ict-ci", "combi_ict_ci"),
        ("scope", "Team Noord\\nTeam Zuid", "Team Noord\nTeam Zuid"),
        ("scope", " Team Noord \n\n Team Zuid \r\n", "Team Noord\nTeam Zuid"),
        ("toetsers", "", ""),
        ("contact_mail", "naam@organisatie.nl", "naam@organisatie.nl"),
        ("adres", "  Dorpsstraat 1  ", "Dorpsstraat 1"),
        ("website", "", ""),
    ],
)
def test_each_field_is_stored_in_its_form(field: str, typed: str, stored: str) -> None:
    assert kern.value(field, typed) == stored


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("datum_inzending", "morgen", "'morgen' is geen datum in de vorm JJJJ-MM-DD"),
        ("datum_inzending", "2026-02-30", "is geen datum"),
        ("datum_inzending", "nvt", "is geen datum"),  # only the zelfevaluatie may be n.v.t.
        ("datum_zelfevaluatie", "vorig jaar", "of 'nvt' met een reden"),
        ("omvang_medewerkers", "85 mensen", "alleen een heel getal, bijvoorbeeld 85"),
        ("omvang_medewerkers", "8,5", "alleen een heel getal"),
        ("omvang_fte", "veel", "alleen een getal, bijvoorbeeld 62,5"),
        ("vorm_onderzoek", "visitatie", "Kies uit: intercollegiaal (Intercollegiale adviesmeting), combi_ict_ci"),
        ("contact_mail", "geen adres", "geen geldig e-mailadres"),
        ("organisatie", "   ", "verplicht"),
    ],
)
def test_a_bad_value_is_refused_with_what_to_type(field: str, typed: str, message: str) -> None:
    with pytest.raises(CommandError) as refused:
        kern.value(field, typed)
    assert message in str(refused.value)


def test_lists_grow_and_shrink_a_line_at_a_time() -> None:
    record = Kerngegevens(scope="Team Noord")
    added = kern.change(record, "scope", "+ Jongerenwerk")
    assert added.kern.scope == "Team Noord\nJongerenwerk"
    assert added.description.endswith("'Jongerenwerk' toegevoegd (2 regels)")
    removed = kern.change(added.kern, "Scope", "-   team noord ")
    assert removed.kern.scope == "Jongerenwerk"
    with pytest.raises(CommandError, match="'Buurtwerk' staat niet in scope \\(Jongerenwerk\\)"):
        kern.change(removed.kern, "scope", "- Buurtwerk")
    assert kern.change(removed.kern, "scope", "--leeg").kern.scope == ""


def test_not_applicable_needs_its_reason_once() -> None:
    with pytest.raises(CommandError, match="Geef ook de reden"):
        kern.change(Kerngegevens(), "datum_zelfevaluatie", "nvt")
    done = kern.change(Kerngegevens(), "datum_zelfevaluatie", "n.v.t. hercertificering 2026")
    assert (done.kern.datum_zelfevaluatie, done.kern.zelfevaluatie_toelichting) == ("nvt", "hercertificering 2026")
    again = kern.change(done.kern, "datum_zelfevaluatie", "nvt")  # the reason given before still stands
    assert again.kern.zelfevaluatie_toelichting == "hercertificering 2026"
    assert kern.shown("datum_zelfevaluatie", "nvt", again.kern) == "n.v.t. — hercertificering 2026"


def test_unknown_field_and_listing() -> None:
    with pytest.raises(CommandError, match="Onbekend kerngegeven 'telefoon'. Mogelijk zijn: organisatie, adres"):
        kern.change(Kerngegevens(), "telefoon", "010")
    with pytest.raises(CommandError, match="--leeg"):
        kern.change(Kerngegevens(), "adres", "")
    lines = kern.listing(Kerngegevens(organisatie="X", scope="a\nb", vorm_onderzoek="combi_iso_hkz"))
    assert lines[0] == "organisatie: X"
    assert "scope: a / b" in lines and "vorm_onderzoek: Combi label en ISO/HKZ door CI" in lines
    assert "adres: —" in lines


def test_the_store_refuses_a_research_form_it_could_not_open_again(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    before = audit_file.snapshot().kern
    with pytest.raises(SaveFailed, match="vorm_onderzoek"):
        audit_file.put_kern(before.with_field("vorm_onderzoek", "visitatie"))
    assert audit_file.snapshot().kern == before


# -- plans of approach -----------------------------------------------------------------------------

TODAY = date(2026, 3, 20)


@pytest.mark.parametrize(
    "existing, typed, expected",
    [
        (None, "ontvangen", Plan("V3", "ontvangen", "2026-03-20", "", "")),
        (None, "ontvangen 2026-03-03 per mail", Plan("V3", "ontvangen", "2026-03-03", "", "per mail")),
        (Plan("V3", "ontvangen", "2026-03-03", "", "per mail"), "goedgekeurd 2026-03-15",
         Plan("V3", "goedgekeurd", "2026-03-03", "2026-03-15", "per mail")),
        (None, "akkoord", Plan("V3", "goedgekeurd", "2026-03-20", "2026-03-20", "")),
        (Plan("V3", "goedgekeurd", "2026-03-03", "2026-03-15", "oud"), "niet-ontvangen ingetrokken",
         Plan("V3", "niet_ontvangen", "", "", "ingetrokken")),
        (Plan("V3", "ontvangen", "2026-04-01"), "goedgekeurd 2026-03-15",  # approved before 'received': one date
         Plan("V3", "goedgekeurd", "2026-03-15", "2026-03-15", "")),
    ],
)
def test_plan_states_as_typed(existing, typed, expected) -> None:
    assert plans.updated(existing, "V3", plans.parse(typed), TODAY) == expected


@pytest.mark.parametrize("typed, message", [
    ("binnenkort", "Onbekende stand 'binnenkort' van het plan van aanpak. Kies uit: niet-ontvangen, ontvangen, goedgekeurd"),
    ("ontvangen 2026-3-40", "is geen datum"),
    ("", "Geef de stand"),
])
def test_plan_input_is_refused_with_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(CommandError) as refused:
        plans.parse(typed)
    assert message in str(refused.value)


@pytest.mark.parametrize("plan, shown", [
    (None, "nog niet ontvangen"),
    (Plan("V3", "ontvangen", "2026-03-03", "", "per   mail\nvan P&O"), "ontvangen op 2026-03-03 — per mail van P&O"),
    (Plan("V3", "goedgekeurd", "2026-03-03", "2026-03-15"), "goedgekeurd op 2026-03-15 (ontvangen op 2026-03-03)"),
    (Plan("V3", "goedgekeurd", "2026-03-15", "2026-03-15"), "goedgekeurd op 2026-03-15"),
])
def test_plan_described_in_one_line(plan, shown: str) -> None:
    assert plans.describe(plan) == shown


# -- gesprekspartners from the interviews ------------------------------------------------------------


def test_partners_are_grouped_by_description_and_role_and_counted(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    for kind, label, roles in [
        ("gesprek", "teamcoach", ("Mng",)),
        ("gesprek", "twee maatschappelijk werkers", ("P",)),
        ("gesprek", "Teamcoach ", ("Mng",)),
        ("document", "Jaarverslag", ()),
        ("gesprek", "cliënt", ("CB",)),
        ("gesprek", "cliënt", ("BV",)),
        ("gesprek", "", ("P&O",)),
        ("gesprek", "twee  maatschappelijk werkers", ("P",)),
    ]:
        audit_file.put_source(Source.new(kind, label, roles))
    assert partners.proposal(audit_file.snapshot()) == (
        "teamcoach (2 gesprekken)",
        "twee maatschappelijk werkers (2 gesprekken)",
        "cliënt (CB)",
        "cliënt (BV)",
        "personeelszaken",
    )


# -- the draft from the notes ------------------------------------------------------------------------


def test_the_draft_groups_notes_by_kind_of_source_with_counts(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    talks = [audit_file.put_source(Source.new("gesprek", label, roles)) for label, roles in
             [("twee werkers", ("P",)), ("werker", ("P",)), ("teamleider", ("Mng",)), ("cliënt", ("CB",))]]
    document = audit_file.put_source(Source.new("document", "Jaarverslag 2025"))
    audit_file.put_source(Source.new("registratie", "dossiers"))
    for source, kind, text in [
        (talks[0], "bevinding", "Casuïstiek wordt besproken"),
        (talks[1], "citaat", "We leren van elkaar."),
        (talks[2], "bevinding", "Intervisie elke zes weken."),
        (talks[3], "suggestie", "vaker terugkoppelen"),
        (document, "bewijs", "Het jaarverslag noemt de intervisie"),
    ]:
        audit_file.put_note(Note.new("V5", source.id, kind, text))
    audit_file.put_note(Note.new("V5", None, "bevinding", "Los genoteerd?"))
    audit_file.put_note(Note.new("V6", talks[0].id, "bevinding", "Hoort bij een andere norm."))
    assert drafting.findings_draft(audit_file.snapshot(), "V5") == (
        "In 4 gesprekken (2 P, Mng, CB): Casuïstiek wordt besproken. “We leren van elkaar.” Intervisie elke zes "
        "weken. suggestie: vaker terugkoppelen.\n\n"
        "Document (Jaarverslag 2025): Het jaarverslag noemt de intervisie.\n\n"
        "Zonder bron: Los genoteerd?"
    )
    assert drafting.findings_draft(audit_file.snapshot(), "V7") == ""


# -- what a definitive report needs ---------------------------------------------------------------------


@pytest.fixture
def ready(normset: NormSet) -> AuditFile:
    return make_ready(fill_audit(new_audit(normset), normset, COMPLETE), normset)


def test_a_ready_audit_has_nothing_missing(ready: AuditFile, normset: NormSet) -> None:
    assert definitive_items(ready.snapshot(), normset) == []


def remove_findings(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.put_judgement(replace(audit_file.judgement("D4"), report_text="  "))


def remove_advice(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.put_summary(replace(audit_file.snapshot().summary, advies_keuze=""))


def remove_plan(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.put_plan(Plan("O14", "niet_ontvangen"))


def forget_plan(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.delete_plan("V3")


def unjudge(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.delete_judgement("O23")


def reason_missing(audit_file: AuditFile, _normset: NormSet) -> None:
    audit_file.put_kern(audit_file.snapshot().kern.with_field("datum_zelfevaluatie", "nvt"))


def empty_field(name: str):
    def change(audit_file: AuditFile, _normset: NormSet) -> None:
        audit_file.put_kern(audit_file.snapshot().kern.with_field(name, ""))
    return change


@pytest.mark.parametrize(
    "change, expected",
    [
        (remove_findings, "D4: oordeel voldoet (+), maar nog geen bevindingen voor het rapport (/norm D4 en /verslag TEKST)"),
        (remove_advice, "Advies: de CI heeft nog geen keuze gemaakt (positief, positief zodra de plannen van aanpak "
                        "zijn goedgekeurd, of negatief; /advies KEUZE)"),
        (remove_plan, "O14: plan van aanpak nog niet ontvangen (voldoet niet, -; /norm O14 en /plan-van-aanpak "
                      "ontvangen DATUM)"),
        (forget_plan, "V3: plan van aanpak nog niet ontvangen (verbeterpunt, +/-; /norm V3 en /plan-van-aanpak "
                      "ontvangen DATUM)"),
        (unjudge, "O23: nog geen oordeel ("),
        (reason_missing, "Kerngegeven 'Zelfevaluatie ingeleverd op' is n.v.t. zonder reden "
                         "(/kern datum_zelfevaluatie nvt REDEN)"),
        *((empty_field(name), f"Kerngegeven '{KERN_LABELS[name]}' is nog leeg (/kern {name} WAARDE)")
          for name in KERN_REQUIRED),
    ],
)
def test_each_missing_item_is_one_line(ready: AuditFile, normset: NormSet, change, expected: str) -> None:
    change(ready, normset)
    items = definitive_items(ready.snapshot(), normset)
    assert len(items) == 1, items
    assert items[0].startswith(expected)


def test_a_norm_not_assessed_needs_no_findings_and_no_sources(ready: AuditFile, normset: NormSet) -> None:
    ready.put_judgement(Judgement.new("O20", "nb", ""))
    for note in ready.snapshot().notes_for("O20"):
        ready.delete_note(note.id)
    assert definitive_items(ready.snapshot(), normset) == []
