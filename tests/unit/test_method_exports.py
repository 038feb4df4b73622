"""The method in the exports: the werkdocument flags paper-only norms and shows the previous audit and the
follow-ups; the completeness check lists both; the report shows neither the previous audit nor the
self-evaluation."""

from __future__ import annotations

import pytest

from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source
from assistant.store.model import FollowUp
from exports import incomplete_items, render_report, render_workdoc
from exports.completeness import find_gaps, follow_up_items, summary_lines
from flows import recert
from tests.audit_builders import COMPLETE, fill_audit, new_audit
from tests.markdown_checks import blocks_between, inline_text, parse


def section(workdoc: str, title: str, level: int = 3):
    return blocks_between(parse(workdoc), title, level)


def items(tokens) -> list[str]:
    return [inline_text(next(t for t in tokens[index:] if t.type == "inline"), allow_emphasis=True)
            for index, token in enumerate(tokens) if token.type == "list_item_open"]


def paragraphs(tokens) -> list[str]:
    return [inline_text(tokens[i + 1], allow_emphasis=True) for i, t in enumerate(tokens)
            if t.type == "paragraph_open" and not t.hidden]


@pytest.fixture()
def complete(normset) -> AuditFile:
    """Every norm judged with three sources, the first a gesprek: complete."""
    return fill_audit(new_audit(normset), normset, COMPLETE)


def make_paper_only(audit_file: AuditFile, norm_id: str) -> None:
    """Replace the norm's notes by three paper sources (the judgement stays)."""
    for note in audit_file.snapshot().notes_for(norm_id):
        audit_file.delete_note(note.id)
    for kind in ("document", "registratie", "gegevens"):
        source = audit_file.put_source(Source.new(kind, f"{kind} {norm_id}"))
        audit_file.put_note(Note.new(norm_id, source.id, "bewijs", "gezien"))


def recertify(audit_file: AuditFile, normset, previous: dict[str, str]) -> None:
    old = AuditFile.in_memory(normset.id, kern=Kerngegevens(organisatie="Oud", datum_definitief="2024-03-12"))
    for norm_id, judged in previous.items():
        old.put_judgement(Judgement.new(norm_id, judged, f"Vorige tekst bij {norm_id}."))
    audit_file.set_previous(recert.previous_audit(old.snapshot(), normset, normset, "oud.toets"))


def test_a_complete_audit_stays_complete(complete, normset):
    assert incomplete_items(complete.snapshot(), normset) == []
    assert find_gaps(complete.snapshot(), normset).complete


def test_a_paper_only_norm_makes_the_audit_incomplete(complete, normset):
    make_paper_only(complete, "V3")
    audit = complete.snapshot()
    assert incomplete_items(audit, normset) == [
        "V3: alleen papier (0 van de minimaal 1 uit een gesprek of observatie) (Professionals zijn ondernemend, "
        "signaleren,…)"]
    gaps = find_gaps(audit, normset)
    assert not gaps.complete and [status.norm_id for status in gaps.paper_only] == ["V3"]
    assert summary_lines(gaps) == ["Alleen op papier getoetst, geen gesprek of observatie (1 norm): V3."]
    body = section(render_workdoc(audit, normset), "V3 · Vakmanschap 3")
    assert items(body)[1] == ("Bronnen: 3 van 3 bronnen — alleen papier: 0 van de 1 uit de praktijk; "
                              "nog geen gesprek (P) of observatie")


def test_follow_ups_not_recorded_are_listed_for_a_definitive_report(complete, normset):
    recertify(complete, normset, {"V1": "+", "V3": "+/-", "D2": "-"})
    assert follow_up_items(complete.snapshot(), normset) == [
        "V3: opvolging van het vorige oordeel verbeterpunt (+/-) nog niet vastgelegd "
        "(/opvolging opgevolgd|deels|niet TEKST)",
        "D2: opvolging van het vorige oordeel voldoet niet (-) nog niet vastgelegd "
        "(/opvolging opgevolgd|deels|niet TEKST)",
    ]
    assert incomplete_items(complete.snapshot(), normset) == follow_up_items(complete.snapshot(), normset)
    complete.put_follow_up(FollowUp("V3", "opgevolgd", "Register ingevoerd."))
    complete.put_follow_up(FollowUp("D2", "niet", "Nog niets gedaan."))
    assert incomplete_items(complete.snapshot(), normset) == []


def test_the_werkdocument_shows_the_previous_audit_and_each_follow_up(complete, normset):
    recertify(complete, normset, {"V1": "+", "V3": "+/-", "D2": "-"})
    complete.put_follow_up(FollowUp("V3", "deels", "Register *half* ingevoerd."))
    workdoc = render_workdoc(complete.snapshot(), normset)
    intro = " ".join(paragraphs(blocks_between(parse(workdoc), "Werkdocument toetsing — Welzijn Voorbeeldstad", 1)))
    assert "Hercertificering. Vorige toetsing: 12 maart 2024, normenset sterk-sociaal-werk-2019 (oud.toets)." in intro
    assert "2 normen waren verbeterpunt of voldeden niet: V3, D2; 1 daarvan nog zonder opvolging." in intro
    assert items(section(workdoc, "V1 · Vakmanschap 1"))[3:5] == [
        "Vorige toetsing (2024-03): voldoet (+) — Vorige tekst bij V1.", "Bron 1: gesprek (P, Mng) — twee ambulant "
        "werkers, 20 november 2026"]
    assert items(section(workdoc, "V3 · Vakmanschap 3"))[3:6] == [
        "Plan van aanpak: nog niet ontvangen",  # V3 is a verbeterpunt now as well
        "Vorige toetsing (2024-03): verbeterpunt (+/-) — Vorige tekst bij V3.",
        "Opvolging: deels opgevolgd — Register *half* ingevoerd.",
    ]
    d2 = items(section(workdoc, "D2 · Dienstverlening 2"))
    assert d2[d2.index("Vorige toetsing (2024-03): voldoet niet (-) — Vorige tekst bij D2.") + 1] == (
        "Opvolging: nog niet vastgelegd")
    assert not any(text.startswith("Vorige") for text in items(section(workdoc, "V2 · Vakmanschap 2")))


def test_unmatched_previous_norms_are_listed_in_the_werkdocument(normset, registry):
    old_set = registry.get("concept-2016")
    audit_file = new_audit(normset)
    old = AuditFile.in_memory(old_set.id)
    old.put_judgement(Judgement.new("V14", "+/-", "Niet transparant."))
    audit_file.set_previous(recert.previous_audit(old.snapshot(), old_set, normset, "oud.json"))
    intro = " ".join(paragraphs(blocks_between(parse(render_workdoc(audit_file.snapshot(), normset)),
                                               "Werkdocument toetsing — Welzijn Voorbeeldstad", 1)))
    assert ("Normen van de vorige toetsing (concept-2016) zonder tegenhanger in deze normenset: V14, D8, D13, O6."
            in intro)
    assert "Geen norm was de vorige keer verbeterpunt of voldeed niet." in intro


def test_the_report_shows_neither_the_previous_audit_nor_the_self_evaluation(complete, normset):
    recertify(complete, normset, {"V3": "+/-"})
    complete.set_self_evaluation({"V1": "Eigen verhaal van de organisatie."})
    report = render_report(complete.snapshot(), normset)
    for hidden in ("Eigen verhaal", "Vorige tekst bij", "Vorige toetsing", "Opvolging"):
        assert hidden not in report
