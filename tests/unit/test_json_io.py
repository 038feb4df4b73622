"""The JSON export and import: a lossless round trip, and a clear refusal of anything else."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.store import SCHEMA_VERSION, Audit, AuditFile, Judgement, Note, Source
from assistant.store.journal import create_base
from exports import (
    ExportDamaged,
    ExportTooNew,
    ImportError_,
    InvalidJson,
    NotAnExport,
    TruncatedJson,
    import_json,
    render_json,
)
from normsets import NormSet
from tests.markdown_checks import texts
from tests.audit_builders import MIXED, MIXED_SOURCES, fill_audit, new_audit


@pytest.fixture(scope="module")
def audit(normset: NormSet) -> Audit:
    """The mixed audit plus what a plain fill lacks: a note without source, a deleted note, an empty
    judgement, drafts, and text with every kind of character."""
    audit_file = fill_audit(new_audit(normset), normset, MIXED, MIXED_SOURCES)
    odd = audit_file.put_source(Source.new("observatie", "Inloop \"De Brug\" | <ochtend>\n2e regel", ("CB", "BV")))
    audit_file.put_note(Note.new("V9", None, "suggestie", "Vraag naar P&O.\r\nOok: `scholingsplan` *2026*"))
    doomed = audit_file.put_note(Note.new("V9", odd.id, "citaat", "wordt verwijderd"))
    audit_file.put_note(Note.new("O23", odd.id, "citaat", "„Hier voel ik me thuis.” \x00\x1f\u2028 ✓"))
    audit_file.delete_note(doomed.id)
    audit_file.put_judgement(Judgement.new("O23", None, "Nog te bepalen."))
    audit_file.set_draft("gesprek", "half getypte bevinding")
    audit_file.set_draft("norm:V9", "tweede concept")
    return audit_file.snapshot()


def document_of(audit: Audit) -> dict[str, Any]:
    return json.loads(render_json(audit))


# -- round trip --------------------------------------------------------------------------------


def test_round_trip_in_memory(audit: Audit) -> None:
    assert AuditFile.from_tables(import_json(render_json(audit))).snapshot() == audit


def test_round_trip_through_an_audit_file(audit: Audit, tmp_path: Path) -> None:
    path = tmp_path / "teruggezet.toets"
    create_base(path, import_json(render_json(audit)))
    assert path.stat().st_mode & 0o777 == 0o600
    reopened = AuditFile.open(path)
    try:
        assert reopened.snapshot() == audit
        reopened.put_note(Note.new("V1", None, "bevinding", "na het importeren nog te bewerken"))
        reopened.put_kern(replace(audit.kern, datum_definitief="2027-01-15"))
        reopened.put_summary(replace(audit.summary, advies="Positief."))
        assert reopened.snapshot().kern.datum_definitief == "2027-01-15"
    finally:
        reopened.close()


def test_the_document_carries_schema_normset_and_every_record_id(audit: Audit, normset: NormSet) -> None:
    document = document_of(audit)
    assert document["format"] == "toetsassistent-audit"
    assert document["schema_version"] == SCHEMA_VERSION
    assert (document["normset_id"], document["normset_hash"]) == (normset.id, normset.content_hash())
    tables = document["tables"]
    meta = tables["meta"]["1"]
    assert meta["id"] == audit.meta.id and meta["norm_hashes"] == normset.text_hashes()
    assert [doc["id"] for doc in tables["bronnen"].values()] == [source.id for source in audit.sources]
    live_notes = [doc["id"] for doc in tables["notities"].values() if not doc.get("deleted")]
    assert live_notes == [note.id for note in audit.notes]
    deleted = [doc for doc in tables["notities"].values() if doc.get("deleted")]
    assert [doc["text"] for doc in deleted] == ["wordt verwijderd"], "a deleted note travels as a tombstone"
    assert {doc["norm_id"]: doc["id"] for doc in tables["oordelen"].values()} == {
        norm_id: judgement.id for norm_id, judgement in audit.judgements.items()
    }
    assert {doc["key"]: doc["text"] for doc in tables["concepten"].values()} == audit.drafts


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=texts, note_texts=st.lists(texts, max_size=3), report_text=texts, draft=texts,
       compliments=st.lists(texts, max_size=3))
def test_any_text_survives_the_round_trip(audit: Audit, label: str, note_texts: list[str], report_text: str,
                                          draft: str, compliments: list[str]) -> None:
    changed_file = AuditFile.from_tables(import_json(render_json(audit)))
    source = changed_file.put_source(Source.new("document", label, ("P",), label))
    for text in note_texts:
        changed_file.put_note(Note.new("D3", source.id, "bewijs", text))
    changed_file.put_judgement(Judgement.new("D3", "+/-", report_text))
    if draft:
        changed_file.set_draft(draft, draft)
    changed_file.put_summary(replace(audit.summary, complimenten=tuple(compliments)))
    changed = changed_file.snapshot()
    assert AuditFile.from_tables(import_json(render_json(changed))).snapshot() == changed
    if note_texts:
        assert [note.text for note in changed.notes][-len(note_texts):] == note_texts


# -- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", InvalidJson, "Het JSON-bestand is leeg"),
        ("  \n", InvalidJson, "Het JSON-bestand is leeg"),
        ("Dit is een rapport", InvalidJson, "Dit is geen geldige JSON (regel 1, kolom 1: hier ontbreekt een waarde)."),
        ('{"format": "toetsassistent-audit",, }', InvalidJson, "regel 1, kolom 35"),
        ("{} []", InvalidJson, "na het einde van het document staat nog tekst"),
        ("[1, 2, 3]", NotAnExport, "Dit is geen export van toetsassistent"),
        ('{"naam": "iets anders"}', NotAnExport, "het kenmerk \"format\": \"toetsassistent-audit\" ontbreekt"),
        ('{"meta": {"1": {"schema_version": 2}}}', NotAnExport, "Dit is een auditbestand van toetsassistent"),
        ('{"format": "toetsassistent-audit"}', ExportDamaged, "de schemaversie ontbreekt"),
        ('{"format": "toetsassistent-audit", "schema_version": true}', ExportDamaged, "de schemaversie ontbreekt"),
        ('{"format": "toetsassistent-audit", "schema_version": 2}', ExportDamaged, "de tabellen ontbreken"),
        ('{"format": "toetsassistent-audit", "schema_version": 2, "tables": []}', ExportDamaged, "de tabellen"),
    ],
)
def test_invalid_documents_are_refused_in_dutch(text: str, error: type[ImportError_], message: str) -> None:
    with pytest.raises(error) as raised:
        import_json(text)
    assert message in str(raised.value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_a_truncated_export_is_recognised_as_truncated(audit: Audit, fraction: float) -> None:
    text = render_json(audit).rstrip()
    cut = max(1, int(len(text) * fraction))
    with pytest.raises(TruncatedJson, match="De JSON-export is afgebroken"):
        import_json(text[:cut])


@pytest.mark.parametrize("cut", [1, 2, 10, -1, -2, -10])
def test_truncated_at_the_edges(audit: Audit, cut: int) -> None:
    text = render_json(audit).rstrip()
    with pytest.raises(TruncatedJson):
        import_json(text[:cut])


def test_a_newer_schema_is_refused_before_its_tables_are_read(audit: Audit) -> None:
    document = document_of(audit)
    document["schema_version"] = SCHEMA_VERSION + 1
    document["tables"] = {"een": {"heel": "andere vorm"}}
    with pytest.raises(ExportTooNew) as raised:
        import_json(json.dumps(document))
    assert str(raised.value) == (
        f"Deze export is gemaakt met een nieuwere versie van toetsassistent (schema {SCHEMA_VERSION + 1}; "
        f"deze versie kent tot en met {SCHEMA_VERSION}). Werk toetsassistent bij en importeer dan opnieuw."
    )


def test_an_older_schema_is_migrated(audit: Audit) -> None:
    document = document_of(audit)
    document["schema_version"] = 1
    document["tables"]["meta"]["1"]["schema_version"] = 1
    document["tables"] = {name: table for name, table in document["tables"].items()
                          if name in ("meta", "kern", "samenvatting", "bronnen", "notities", "oordelen", "concepten")}
    for table in ("bronnen", "notities", "oordelen"):  # as schema 1 had them: no bookkeeping, no tombstones
        document["tables"][table] = {
            doc_id: {name: value for name, value in doc.items() if name not in ("author", "updated", "revision", "deleted")
                     or (name == "updated" and table == "oordelen")}
            for doc_id, doc in document["tables"][table].items() if not doc.get("deleted")}
    document["tables"]["kern"]["1"] = {"organisatie": audit.kern.organisatie, "datum_advies": "2026-12-01",
                                       "vorm_onderzoek": "Alleen CI op het label", "gesprekspartners": "directeur"}
    document["tables"]["samenvatting"]["1"] = {"toelichting": "", "advies": "",
                                               "complimenten": "Betrokken professionals\n\nHeldere werkbegeleiding\n"}
    tables = import_json(json.dumps(document))
    assert tables["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    imported = AuditFile.from_tables(tables).snapshot()
    assert imported.summary.complimenten == ("Betrokken professionals", "Heldere werkbegeleiding")
    assert [note.id for note in imported.notes] == [note.id for note in audit.notes]
    assert [(n.text, n.kind) for n in imported.notes] == [(n.text, n.kind) for n in audit.notes]
    assert [source.label for source in imported.sources] == [source.label for source in audit.sources]
    assert imported.kern.datum_inzending == "2026-12-01", "schema 3's datum_advies is the form's inzending"
    assert (imported.kern.vorm_onderzoek, imported.kern.gesprekspartners) == ("ci_label", "directeur")


def _first(tables: dict, name: str) -> dict:
    return next(iter(tables[name].values()))


Damage = Callable[[dict], None]

DAMAGES: list[tuple[str, Damage, str]] = [
    ("no meta", lambda d: d["tables"].pop("meta"), "de tabel 'meta' moet precies één document"),
    ("kern as document 2", lambda d: d["tables"].update(kern={"2": d["tables"]["kern"]["1"]}),
     "de tabel 'kern' moet precies één document hebben (nummer 1)"),
    ("meta version differs", lambda d: d["tables"]["meta"]["1"].update(schema_version=1),
     "de schemaversie in de tabel 'meta' wijkt af"),
    ("normset differs", lambda d: d.update(normset_id="andere-set"), "'normset_id' in de tabel 'meta' wijkt af"),
    ("unknown table", lambda d: d["tables"].update(extra={}), "onbekende tabel 'extra'"),
    ("note text a number", lambda d: _first(d["tables"], "notities").update(text=12),
     "bij notitie 1 moet het veld 'text' een tekst zijn, niet een getal"),
    ("note without id", lambda d: _first(d["tables"], "notities").pop("id"),
     "bij notitie 1 ontbreekt het veld 'id'"),
    ("unknown note kind", lambda d: _first(d["tables"], "notities").update(kind="roddel"),
     "moet het veld 'kind' een van bevinding, bewijs, suggestie, citaat zijn"),
    ("unknown source kind", lambda d: _first(d["tables"], "bronnen").update(kind="geroep"),
     "moet het veld 'kind' een van gesprek, document, registratie, observatie, gegevens zijn"),
    ("roles not a list", lambda d: _first(d["tables"], "bronnen").update(roles="P"),
     "moet het veld 'roles' een lijst van teksten zijn"),
    ("unknown judgement", lambda d: _first(d["tables"], "oordelen").update(value="goed"),
     "moet het veld 'value' null of een van +, +/-, -, nvt, nb zijn"),
    ("duplicate note id", lambda d: d["tables"]["notities"].update(
        {"999": dict(_first(d["tables"], "notities"))}), "komt twee keer voor"),
    ("two judgements for a norm", lambda d: d["tables"]["oordelen"].update(
        {"999": dict(_first(d["tables"], "oordelen"), id="ander")}), "oordeel 999: norm_id 'V1' komt twee keer voor"),
    ("document id not a number", lambda d: d["tables"]["bronnen"].update(
        {"x": _first(d["tables"], "bronnen")}), "in de tabel 'bronnen' staat een document onder 'x', geen gewoon nummer"),
    ("document not an object", lambda d: d["tables"]["notities"].update({"999": "tekst"}),
     "notitie 999 is geen object maar een tekst"),
    ("complimenten in the summary", lambda d: d["tables"]["samenvatting"]["1"].update(complimenten=["één"]),
     "bij de samenvatting staat een onbekend veld 'complimenten'"),
    ("list item of an unknown list", lambda d: d["tables"]["lijstpunten"].update(
        {"999": dict(_first(d["tables"], "lijstpunten"), id="x", list="wensen")}),
     "moet het veld 'list' een van complimenten, zorgpunten, gesprekspartners zijn"),
]


@pytest.mark.parametrize(("damage", "message"), [(d, m) for _, d, m in DAMAGES], ids=[n for n, _, _ in DAMAGES])
def test_damaged_exports_are_refused_with_the_place_of_the_damage(audit: Audit, damage: Damage, message: str) -> None:
    document = copy.deepcopy(document_of(audit))
    damage(document)
    with pytest.raises(ExportDamaged) as raised:
        import_json(json.dumps(document))
    assert str(raised.value).startswith("De export is beschadigd")
    assert message in str(raised.value)


def test_a_byte_order_mark_is_accepted(audit: Audit) -> None:
    assert AuditFile.from_tables(import_json("\ufeff" + render_json(audit))).snapshot() == audit


def test_round_trip_keeps_the_copy_of_the_norm_set(tmp_path: Path) -> None:
    """An audit made by the app carries its norm-set file; the JSON export carries it along."""
    from assistant.demo import create_demo

    with AuditFile.open(create_demo(tmp_path / "demo"), read_only=True) as original:
        audit = original.snapshot()
    assert audit.normset_toml.startswith("# Normenset")
    path = tmp_path / "terug.toets"
    create_base(path, import_json(render_json(audit)))
    with AuditFile.open(path, read_only=True) as reopened:
        assert reopened.snapshot() == audit
        assert reopened.normset_toml == audit.normset_toml
