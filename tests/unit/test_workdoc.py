"""The working document: per norm its text, judgement, source count and every note grouped by source."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from assistant.store import Audit, AuditFile, Judgement, Kerngegevens, Note, Source
from exports import render_workdoc
from normsets import NormSet, NormSetRegistry
from tests.markdown_checks import (
    blocks_between,
    headings,
    inline_text,
    parse,
    shown_as_paragraphs,
    shown_in_cell,
    tables_of,
    texts,
)
from tests.audit_builders import COMPLETE, MIXED, MIXED_SOURCES, fill_audit, new_audit


@pytest.fixture(scope="module")
def complete_audit(normset: NormSet) -> Audit:
    return fill_audit(new_audit(normset), normset, COMPLETE).snapshot()


@pytest.fixture(scope="module")
def mixed_audit(normset: NormSet) -> Audit:
    return fill_audit(new_audit(normset), normset, MIXED, MIXED_SOURCES).snapshot()


def section(workdoc: str, title: str, level: int = 3) -> list[Token]:
    return blocks_between(parse(workdoc), title, level)


def item_texts(tokens: list[Token]) -> list[tuple[int, str]]:
    """(depth, text) of every list item's first paragraph: depth 0 for an item, 1 for an item inside one."""
    result = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            inline = next(t for t in tokens[index:] if t.type == "inline")
            result.append(((token.level - 1) // 2, inline_text(inline, allow_emphasis=True)))
    return result


def paragraph_texts(tokens: list[Token]) -> list[str]:
    return [inline_text(tokens[i + 1], allow_emphasis=True) for i, t in enumerate(tokens)
            if t.type == "paragraph_open" and not t.hidden]


def test_outline_one_section_per_norm_then_the_sources(complete_audit: Audit, normset: NormSet) -> None:
    outline = headings(parse(render_workdoc(complete_audit, normset)))
    assert outline[0] == (1, "Werkdocument toetsing — Welzijn Voorbeeldstad")
    assert outline[-1] == (2, "Bronnen")
    expected: list[tuple[int, str]] = [(2, "Adviesindicatie")]
    for rubriek in normset.rubrieken:
        expected.append((2, rubriek.title))
        expected += [(3, f"{norm.id} · {rubriek.title} {norm.number}") for norm in normset.norms_in(rubriek.id)]
    assert outline[1:-1] == expected


def test_each_norm_shows_text_judgement_sources_and_report_text(complete_audit: Audit, normset: NormSet) -> None:
    body = section(render_workdoc(complete_audit, normset), "V7 · Vakmanschap 7")
    paragraphs = paragraph_texts(body)
    assert paragraphs[0] == normset.norm("V7").text
    assert paragraphs[1:3] == ["Tekst voor het rapport", "Onderbouwing bij V7."]
    assert item_texts(body)[:3] == [
        (0, "Oordeel: voldoet niet (-)"), (0, "Bronnen: 3 van 3 bronnen"), (0, "Notities: 3"),
    ]


def test_norms_under_the_minimum_are_flagged(mixed_audit: Audit, normset: NormSet) -> None:
    workdoc = render_workdoc(mixed_audit, normset)
    unjudged = item_texts(section(workdoc, "V9 · Vakmanschap 9"))
    assert unjudged[0] == (0, "Oordeel: nog geen oordeel")
    assert unjudged[1][1].startswith("Bronnen: 2 van 3 bronnen — onder het minimum; ")
    assert unjudged[1][1].endswith("nog geen registratie of gegevens")
    not_applicable = item_texts(section(workdoc, "V11 · Vakmanschap 11"))
    assert not_applicable[:2] == [(0, "Oordeel: niet van toepassing (nvt)"),
                                  (0, "Bronnen: 0 van 3 bronnen (niet van toepassing: geen minimum)")]
    assert "(nog geen notities)" in paragraph_texts(section(workdoc, "V11 · Vakmanschap 11"))
    first = paragraph_texts(parse(workdoc))
    assert "Let op: de toetsing is nog niet volledig. Per norm staat hieronder wat er nog ontbreekt." in first


def test_notes_are_grouped_by_source_in_bron_order(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    interview = audit_file.put_source(Source.new("gesprek", "teamleider", ("Mng",), "2026-11-20"))
    document = audit_file.put_source(Source.new("document", "Scholingsplan 2026"))
    audit_file.put_note(Note.new("V12", document.id, "bewijs", "Scholingsplan noemt de registratie."))
    audit_file.put_note(Note.new("V12", interview.id, "bevinding", "Registratie wordt bijgehouden."))
    audit_file.put_note(Note.new("V12", None, "suggestie", "Vraag ook P&O."))
    audit_file.put_note(Note.new("V12", interview.id, "citaat", '"Iedereen is geregistreerd."'))
    audit_file.put_judgement(Judgement.new("V12", "+/-", "Registratie is niet overal actueel."))
    body = section(render_workdoc(audit_file.snapshot(), normset), "V12 · Vakmanschap 12")
    assert item_texts(body) == [
        (0, "Oordeel: verbeterpunt (+/-)"),
        (0, "Bronnen: 2 van 3 bronnen — onder het minimum; nog geen P, geen P&O en geen registratie of gegevens"),
        (0, "Notities: 4"),
        (0, "Plan van aanpak: nog niet ontvangen"),
        (0, "Bron 1: gesprek (Mng) — teamleider, 20 november 2026"),
        (1, "bevinding: Registratie wordt bijgehouden."),
        (1, 'citaat: "Iedereen is geregistreerd."'),
        (0, "Bron 2: document — Scholingsplan 2026"),
        (1, "bewijs: Scholingsplan noemt de registratie."),
        (0, "Zonder bron"),
        (1, "suggestie: Vraag ook P&O."),
    ]


def test_notes_on_norms_outside_the_set_are_kept(normset: NormSet) -> None:
    audit_file = new_audit(normset)
    audit_file.put_note(Note.new("X1", None, "bevinding", "Uit een oudere normenset."))
    workdoc = render_workdoc(audit_file.snapshot(), normset)
    assert (2, "Notities bij normen buiten deze normenset") in headings(parse(workdoc))
    assert item_texts(section(workdoc, "X1")) == [(0, "Zonder bron"), (1, "bevinding: Uit een oudere normenset.")]


def test_the_list_of_sources_with_counts(mixed_audit: Audit, normset: NormSet) -> None:
    workdoc = render_workdoc(mixed_audit, normset)
    tokens = section(workdoc, "Bronnen", 2)
    sources = tables_of(workdoc, tokens)[0]
    assert sources.header == ["Nr.", "Soort", "Omschrijving", "Rollen", "Datum", "Notities", "Telt mee bij normen"]
    assert sources.rows == [
        ["1", "gesprek", "twee ambulant werkers", "P, Mng", "20 november 2026", "46", "46"],
        ["2", "document", "Jaarverslag 2025", "", "", "44", "44"],
        ["3", "registratie", "cliëntdossiers, steekproef van 10", "", "21 november 2026", "42", "42"],
    ]
    assert paragraph_texts(tokens)[-1] == (
        "Rollen: P = professional (ook stagiaire en invalkracht); "
        "Mng = directeur/bestuurder/leidinggevende/teamcoach/coördinator."
    )


def test_the_wijkteams_application_is_shown() -> None:
    wijkteams = NormSetRegistry(None).get("wijkteams-2019")
    audit = AuditFile.in_memory(wijkteams.id, wijkteams.content_hash(), wijkteams.text_hashes(),
                                Kerngegevens(organisatie="Wijkteam Noord")).snapshot()
    body = paragraph_texts(section(render_workdoc(audit, wijkteams), "V4 · Vakmanschap 4"))
    norm = wijkteams.norm("V4")
    assert body[:3] == [norm.text, f"Toepassing: {norm.application_note}",
                        f"Tekst in het toepassingsdocument: {norm.variant_text}"]


def test_an_empty_audit_renders(normset: NormSet) -> None:
    workdoc = render_workdoc(new_audit(normset, Kerngegevens()).snapshot(), normset)
    outline = headings(parse(workdoc))
    assert outline[0] == (1, "Werkdocument toetsing")
    assert paragraph_texts(section(workdoc, "Bronnen", 2)) == ["(nog geen bronnen)"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=texts, notes=st.lists(texts, min_size=1, max_size=4), report_text=texts)
def test_typed_texts_survive_into_the_working_document(
    complete_audit: Audit, normset: NormSet, label: str, notes: list[str], report_text: str,
) -> None:
    source = Source.new("observatie", label, ("CB",), "")
    extra = tuple(Note.new("D4", source.id, "bevinding", text) for text in notes)
    judged = dict(complete_audit.judgements)
    judged["D4"] = replace(judged["D4"], report_text=report_text)
    audit = replace(complete_audit, sources=(*complete_audit.sources, source),
                    notes=complete_audit.notes + extra, judgements=judged)
    workdoc = render_workdoc(audit, normset)
    body = section(workdoc, "D4 · Dienstverlening 4")
    report_start = paragraph_texts(body).index("Tekst voor het rapport") + 1
    shown_report = shown_as_paragraphs(report_text) or ["(nog niet ingevuld)"]
    assert paragraph_texts(body)[report_start: report_start + len(shown_report) + 1] == [
        *shown_report, "Notities per bron",
    ]
    # The new source's item and its notes: everything after the three sources of the fixture.
    collected: list[list[str]] = []
    collecting = False
    for token in body:
        if token.type == "list_item_open":
            collected.append([])
            collecting = True
        elif token.type in ("list_item_close", "bullet_list_open"):
            collecting = False
        elif token.type == "inline" and collecting:
            collected[-1].append(inline_text(token, allow_emphasis=True))
    tail = collected[-(len(notes) + 1):]
    title = f"Bron 4: observatie (CB) — {label.strip()}" if label.strip() else "Bron 4: observatie (CB)"
    assert tail[0] == shown_as_paragraphs(title)
    for text, shown in zip(notes, tail[1:]):
        expected = shown_as_paragraphs(text) or [""]
        expected[0] = f"bevinding: {expected[0]}" if expected[0] else "bevinding:"
        assert shown == expected
    sources = tables_of(workdoc, section(workdoc, "Bronnen", 2))[0]
    assert sources.rows[-1][:3] == ["4", "observatie", shown_in_cell(label)]


def test_notes_show_the_initials_of_their_auditor(normset: NormSet) -> None:
    from assistant.store import AuditFile, Note, Source

    audit = AuditFile.in_memory()
    audit.author = "AJ"
    source = audit.put_source(Source.new("gesprek", "teamleider", ("Mng",)))
    audit.put_note(Note.new("V1", source.id, "bewijs", "Scholingsplan gezien"))
    audit.author = ""
    audit.put_note(Note.new("V1", source.id, "bevinding", "zonder initialen"))
    text = render_workdoc(audit.snapshot(), normset)
    assert "*bewijs* (AJ): Scholingsplan gezien" in text
    assert "*bevinding*: zonder initialen" in text


def test_the_computed_indication_stays_in_the_werkdocument_beside_the_choice(normset: NormSet) -> None:
    """The report sent out has only the CI's choice; the werkdocument keeps the computed indication."""
    from dataclasses import replace as replaced

    from assistant.store.model import Plan

    audit_file = fill_audit(new_audit(normset), normset, COMPLETE)
    audit_file.put_summary(replaced(audit_file.snapshot().summary, advies_keuze="positief"))
    audit_file.put_plan(Plan("V7", "goedgekeurd", "2026-12-01", "2026-12-05"))
    audit_file.put_judgement(Judgement.new("O1", "nb", ""))
    workdoc = render_workdoc(audit_file.snapshot(), normset)
    texts_ = [inline_text(token, allow_emphasis=True) for token in section(workdoc, "Adviesindicatie", 2)
              if token.type == "inline"]
    assert texts_[0] == ("Berekende indicatie: Positief na goedkeuring van 8 plannen van aanpak "
                         "(1 norm niet beoordeeld).")
    assert "plannen van aanpak: 1 van de 9 goedgekeurd (elk verbeterpunt en elke norm die niet voldoet vraagt een " \
           "goedgekeurd plan van aanpak); nog niet goedgekeurd: V3, V12, D2, D9, O5, O14, O17, O21" in texts_
    assert "1 norm niet beoordeeld: O1" in texts_
    assert texts_[-1] == "Advies van de CI (in het rapport): Positief."
    assert item_texts(section(workdoc, "V7 · Vakmanschap 7"))[3] == (
        0, "Plan van aanpak: goedgekeurd op 2026-12-05 (ontvangen op 2026-12-01)")
    assert item_texts(section(workdoc, "O1 · Organisatie en bestuur 1"))[1] == (
        0, "Bronnen: 3 van 3 bronnen (niet beoordeeld: geen minimum)")
