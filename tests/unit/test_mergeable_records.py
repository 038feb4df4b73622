"""Schema 4: every record carries its bookkeeping, a delete leaves a tombstone, lists are items, and a file
of schema 3 migrates to it without losing a value.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.store import SCHEMA_VERSION, AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.store import convert as cv
from assistant.store.model import FollowUp, Plan, PreviousAudit, PreviousJudgement, Walk
from normsets import NormSet
from tests.audit_files import read_tables, write_tables


def test_every_write_is_stamped_with_author_time_and_revision(tmp_path: Path, normset: NormSet) -> None:
    path = tmp_path / "a.toets"
    AuditFile.create_for(path, normset, Kerngegevens(organisatie="X")).close()
    audit = AuditFile.open(path, author="AJ")
    note = audit.put_note(Note.new("V1", None, "bevinding", "eerste"))
    assert note.author == "AJ"
    audit.put_note(replace(note, text="tweede"))
    doc = audit.snapshot().tables[cv.TABLE_NOTES][note.id]
    assert (doc["author"], doc["revision"], doc["text"]) == ("AJ", 2, "tweede")
    assert doc["created"] == note.created and doc["updated"] >= doc["created"]
    audit.close()
    other = AuditFile.open(path, author="BB")
    judgement = other.put_judgement(Judgement.new("V1", "+", "tekst"))
    assert judgement.author == "BB"
    other.close()


def test_a_delete_leaves_a_tombstone_that_the_snapshot_hides(normset: NormSet) -> None:
    audit = AuditFile.in_memory()
    source = audit.put_source(Source.new("document", "jaarplan"))
    note = audit.put_note(Note.new("V1", source.id, "bewijs", "paragraaf 2"))
    audit.delete_note(note.id)
    audit.put_judgement(Judgement.new("V2", "+"))
    audit.delete_judgement("V2")
    snapshot = audit.snapshot()
    assert snapshot.notes == () and "V2" not in snapshot.judgements
    assert snapshot.tables[cv.TABLE_NOTES][note.id]["deleted"] is True
    assert snapshot.tables[cv.TABLE_NOTES][note.id]["text"] == "paragraaf 2", "the text stays in the file"
    assert snapshot.tables[cv.TABLE_JUDGEMENTS]["V2"]["deleted"] is True
    audit.put_judgement(Judgement.new("V2", "-"))  # judged again after the delete
    assert audit.snapshot().judgements["V2"].value == "-"
    assert "deleted" not in audit.snapshot().tables[cv.TABLE_JUDGEMENTS]["V2"]


def test_list_edits_keep_the_identity_of_items() -> None:
    audit = AuditFile.in_memory()
    audit.put_summary(Summary(complimenten=("Betrokken team", "Goede dossiers", "Korte lijnen")))
    first, second, third = audit.list_item_ids("complimenten")
    audit.put_summary(Summary(complimenten=("Betrokken team", "Goede dossiers op orde", "Korte lijnen", "Nieuw")))
    ids = audit.list_item_ids("complimenten")
    assert ids[:3] == (first, second, third), "an edited item keeps its id"
    assert audit.snapshot().summary.complimenten == ("Betrokken team", "Goede dossiers op orde", "Korte lijnen", "Nieuw")
    audit.put_summary(Summary(complimenten=("Nieuw vooraan", "Betrokken team", "Korte lijnen", "Nieuw")))
    assert audit.snapshot().summary.complimenten == ("Nieuw vooraan", "Betrokken team", "Korte lijnen", "Nieuw")
    items = audit.snapshot().tables[cv.TABLE_LISTS]
    assert items[second]["deleted"] is True
    assert len(items) == 5, "four items and one new: nothing is removed from the file"


def test_gesprekspartners_are_list_items_too() -> None:
    audit = AuditFile.in_memory()
    audit.put_kern(Kerngegevens(organisatie="X", gesprekspartners="teamleider\n2 maatschappelijk werkers\n"))
    assert audit.snapshot().kern.gesprekspartners == "teamleider\n2 maatschappelijk werkers"
    assert len(audit.list_item_ids("gesprekspartners")) == 2
    assert "gesprekspartners" not in audit.snapshot().tables[cv.TABLE_KERN][cv.SINGLE_ID]


def test_new_records_round_trip_through_the_file(tmp_path: Path, normset: NormSet) -> None:
    path = tmp_path / "a.toets"
    audit = AuditFile.create_for(path, normset, Kerngegevens(organisatie="X"))
    source = audit.put_source(Source.new("gesprek", "teamleider", ("Mng",)))
    audit.put_plan(Plan("V3", "ontvangen", received="2026-12-01", note="per mail"))
    audit.put_follow_up(FollowUp("V4", "deels", "scholing gepland"))
    audit.set_self_evaluation({"V1": "Wij werken met een profiel.", "V2": "Inwerkprogramma."})
    audit.set_self_evaluation({"V2": ""})
    audit.set_previous(PreviousAudit("2024-03-10", "sterk-sociaal-werk-2019", "X", "oud.toets", ("O24",),
                                     {"V4": PreviousJudgement("V4", "+/-", "Scholing ontbreekt.")}))
    audit.put_walk(Walk(source.id, ("Mng",), ("V2", "V5"), asked=("V2",), current="V2"))
    before = audit.snapshot()
    audit.close()
    after = AuditFile.open(path, read_only=True).snapshot()
    assert after == before
    assert after.plans["V3"].status == "ontvangen" and after.follow_ups["V4"].text == "scholing gepland"
    assert after.self_evaluation == {"V1": "Wij werken met een profiel."}
    assert after.previous.judgements["V4"].value == "+/-" and after.previous.unmatched == ("O24",)
    assert after.walks[source.id].current == "V2"


def test_a_schema_3_file_migrates_without_losing_a_value(tmp_path: Path, normset: NormSet) -> None:
    path = tmp_path / "oud.toets"
    AuditFile.create_for(path, normset, Kerngegevens(organisatie="Welzijn Oud")).close()
    tables = read_tables(path)
    tables["meta"]["1"]["schema_version"] = 3
    tables["meta"]["1"].pop("instance")
    tables.pop(cv.TABLE_LISTS)
    tables["kern"]["1"] = {"organisatie": "Welzijn Oud", "vorm_onderzoek": "Visitatie met CI",
                           "gesprekspartners": "directeur\nteamleider", "datum_conceptrapport": "2026-01-05",
                           "datum_reactie": "2026-01-20", "datum_definitief": "2026-02-01", "datum_advies": "2026-02-10",
                           "scope": "wijkteams"}
    tables["samenvatting"]["1"] = {"toelichting": "t", "complimenten": ["a", "b"], "zorgpunten": ["z"], "advies": "ja"}
    tables["bronnen"] = {"1": {"id": "s1", "kind": "gesprek", "label": "teamleider", "roles": ["Mng"], "date": "",
                               "created": "2026-01-01T10:00:00+00:00"}}
    tables["notities"] = {"1": {"id": "n1", "norm_id": "V1", "source_id": "s1", "kind": "bevinding", "text": "x",
                                "created": "2026-01-01T10:00:00+00:00"}}
    tables["oordelen"] = {"1": {"id": "j1", "norm_id": "V1", "value": "+", "report_text": "r", "updated": ""}}
    write_tables(path, tables)
    audit = AuditFile.open(path)
    assert audit.migrated_from == 3
    snapshot = audit.snapshot()
    kern = snapshot.kern
    assert (kern.datum_verslag_team, kern.datum_verbeterplan, kern.datum_definitief, kern.datum_inzending) == (
        "2026-01-05", "2026-01-20", "2026-02-01", "2026-02-10")
    assert (kern.vorm_onderzoek, kern.vorm_toelichting) == ("", "Visitatie met CI"), "free text is kept beside the choice"
    assert kern.gesprekspartners == "directeur\nteamleider"
    assert snapshot.summary.complimenten == ("a", "b") and snapshot.summary.zorgpunten == ("z",)
    assert snapshot.summary.advies == "ja"
    assert [n.text for n in snapshot.notes] == ["x"] and snapshot.judgements["V1"].report_text == "r"
    assert snapshot.meta.instance and snapshot.meta.schema_version == SCHEMA_VERSION
    audit.close()
    assert read_tables(path)["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_a_value_that_would_not_open_again_is_never_written(tmp_path: Path, normset: NormSet) -> None:
    import pytest

    from assistant.store import StoreError

    path = tmp_path / "a.toets"
    audit = AuditFile.create_for(path, normset, Kerngegevens(organisatie="X"))
    with pytest.raises(StoreError, match="vorm_onderzoek"):
        audit.put_kern(Kerngegevens(organisatie="X", vorm_onderzoek="iets anders"))
    assert audit.snapshot().kern.vorm_onderzoek == ""
    audit.close()
    assert AuditFile.open(path, read_only=True).snapshot().kern.organisatie == "X"
