"""The method on the command line, in-process through `assistant.cli.main`: a re-certification with the same
and with another norm set (from an audit file and from a JSON export, the previous file never changed),
follow-ups in `status --json` and `export --definitief`, the self-evaluation import with good and bad files,
and a script that leaves a '+' on paper unconfirmed."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.line_mode import run_batch
from assistant.store import AuditFile, Judgement, Kerngegevens
from assistant.store.model import FollowUp
from exports import render_json
from flows.engine import Conversation
from tests.audit_builders import COMPLETE, KERN, fill_audit, make_ready


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def run(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_previous(path: Path, ns, judgements: dict[str, tuple[str, str]], kern: Kerngegevens | None = None) -> Path:
    audit_file = AuditFile.create(path, ns.id, ns.content_hash(), ns.text_hashes(),
                                  kern or Kerngegevens(organisatie="Welzijn Oud", datum_definitief="2024-03-12"),
                                  ns.source_toml)
    for norm_id, (value, text) in judgements.items():
        audit_file.put_judgement(Judgement.new(norm_id, value, text))
    audit_file.close()
    return path


# -- nieuw --vorige ----------------------------------------------------------------------------------


def test_recertification_with_the_same_set_keeps_judgements_and_leaves_the_old_file_alone(tmp_path, capsys, normset):
    old = write_previous(tmp_path / "oud.toets", normset, {"V1": ("+", "Goed."), "V3": ("+/-", "Signalen <b>blijven</b> liggen."),
                                                           "D2": ("-", "Geen risico's.")})
    before, listing = digest(old), folder_listing(tmp_path)
    code, out, err = run(capsys, "nieuw", tmp_path / "nieuw.toets", "--vorige", old)
    assert (code, err) == (0, "")
    assert "organisatie Welzijn Oud" in out, "the organisation defaults to the previous one"
    assert "Hercertificering: vorige toetsing van 2024-03-12 (normenset sterk-sociaal-werk-2019, oud.toets)." in out
    assert "Op te volgen (de vorige keer verbeterpunt of voldoet niet): V3, D2." in out
    assert digest(old) == before and folder_listing(tmp_path) == sorted([*listing, "nieuw.toets"])
    assert oct((tmp_path / "nieuw.toets").stat().st_mode & 0o777) == "0o600"

    with AuditFile.open(tmp_path / "nieuw.toets", read_only=True) as new:
        audit = new.snapshot()
    assert (audit.sources, audit.notes, audit.judgements) == ((), (), {}), "nothing else is copied"
    assert audit.previous.judgements["V3"].report_text == "Signalen <b>blijven</b> liggen."

    code, out, _err = run(capsys, "status", tmp_path / "nieuw.toets", "--json")
    status = json.loads(out)
    norms = {norm["id"]: norm for norm in status["normen"]}
    assert status["vorige_toetsing"] == {"datum": "2024-03-12", "normenset": "sterk-sociaal-werk-2019",
                                         "organisatie": "Welzijn Oud", "bestand": "oud.toets", "niet_gekoppeld": []}
    assert norms["V3"]["vorig_oordeel"] == {"oordeel": "+/-", "rapporttekst": "Signalen <b>blijven</b> liggen.",
                                            "vorige_norm": "V3"}
    assert norms["V3"]["opvolging"] == {"stand": None, "tekst": ""}
    assert norms["V1"]["opvolging"] is None and norms["V2"]["vorig_oordeel"] is None
    assert norms["V1"]["praktijk"] == {"bronnen": 0, "nodig": 1, "alleen_papier": False}


def test_recertification_of_a_2016_audit_from_its_json_export(tmp_path, capsys, registry):
    old_set = registry.get("concept-2016")
    old = write_previous(tmp_path / "oud.toets", old_set, {"V15": ("-", "Kosten onbekend."),
                                                          "V14": ("+/-", "Niet transparant."),
                                                          "D11": ("+/-", "Nazorg.")})
    code, _out, _err = run(capsys, "export", old, "--formaat", "json", "-o", tmp_path / "oud.json")
    assert code == 0
    before = digest(tmp_path / "oud.json")
    code, out, err = run(capsys, "nieuw", tmp_path / "nieuw.toets", "--vorige", tmp_path / "oud.json",
                         "--organisatie", "Welzijn Nieuw")
    assert code == 0
    assert "de vorige toetsing is van 'Welzijn Oud', deze van 'Welzijn Nieuw'" in err
    assert "Normen gekoppeld op tekst en nummer: 48 van de 52 normen van concept-2016" in out
    assert "Op te volgen (de vorige keer verbeterpunt of voldoet niet): V14 (was V15), D7 (was D11)." in out
    assert "    V14 (+/-): Professionals zijn transparant in en toetsbaar op hun professioneel…" in out
    assert digest(tmp_path / "oud.json") == before
    with AuditFile.open(tmp_path / "nieuw.toets", read_only=True) as new:
        previous = new.snapshot().previous
    assert previous.unmatched == ("V14", "D8", "D13", "O6")
    assert previous.source == "oud.json" and previous.normset_id == "concept-2016"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: folder / "bestaat-niet.toets", "bestaat niet"),
        (lambda folder: folder, "is een map"),
        (lambda folder: (folder / "leeg.json").write_text("{}") and folder / "leeg.json",
         "Dit is geen export van toetsassistent"),
        (lambda folder: (folder / "kapot.toets").write_text("{kapot") and folder / "kapot.toets", "kapot.toets"),
        (lambda folder: os.mkfifo(folder / "pijp.json") or folder / "pijp.json", "geen gewoon bestand"),
    ],
)
def test_a_previous_file_that_cannot_be_read_is_one_message_and_makes_nothing(tmp_path, capsys, make, message):
    previous = make(tmp_path)
    code, out, err = run(capsys, "nieuw", tmp_path / "nieuw.toets", "--vorige", previous)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("toetsassistent: De vorige toetsing") and message in err
    assert not (tmp_path / "nieuw.toets").exists()


def test_nieuw_without_organisation_or_previous_is_refused(tmp_path, capsys):
    code, _out, err = run(capsys, "nieuw", tmp_path / "nieuw.toets")
    assert code == 1 and "--organisatie NAAM" in err
    assert not (tmp_path / "nieuw.toets").exists()


# -- follow-ups and --definitief ----------------------------------------------------------------------


def test_definitief_lists_follow_ups_until_each_is_recorded(tmp_path, capsys, normset):
    old = write_previous(tmp_path / "oud.toets", normset, {"V3": ("+/-", "Signalen."), "D2": ("-", "Risico's.")})
    path = tmp_path / "nieuw.toets"
    assert run(capsys, "nieuw", path, "--vorige", old)[0] == 0
    with AuditFile.open(path) as audit_file:
        fill_audit(audit_file, normset, COMPLETE)
        audit_file.put_kern(KERN)
        make_ready(audit_file, normset)  # what issue 11's definitive report needs besides the follow-ups
    code, out, err = run(capsys, "export", path, "--definitief", "-o", tmp_path / "rapport.md")
    assert code == 1 and out == ""
    assert "  - V3: opvolging van het vorige oordeel verbeterpunt (+/-) nog niet vastgelegd" in err
    assert "  - D2: opvolging van het vorige oordeel voldoet niet (-) nog niet vastgelegd" in err
    assert not (tmp_path / "rapport.md").exists()
    with AuditFile.open(path) as audit_file:
        audit_file.put_follow_up(FollowUp("V3", "opgevolgd", "Signalen komen nu in het register."))
        audit_file.put_follow_up(FollowUp("D2", "deels", "Risico's staan in de helft van de dossiers."))
    code, _out, err = run(capsys, "export", path, "--definitief", "-o", tmp_path / "rapport.md")
    assert code == 0, err
    report = (tmp_path / "rapport.md").read_text()
    assert "Signalen komen nu" not in report and "Vorige toetsing" not in report


# -- zelfevaluatie -------------------------------------------------------------------------------------


@pytest.fixture()
def audit_path(tmp_path, normset) -> Path:
    path = tmp_path / "audit.toets"
    AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes(),
                     Kerngegevens(organisatie="Welzijn"), normset.source_toml).close()
    return path


def test_a_self_evaluation_is_stored_and_a_new_one_replaces_it(tmp_path, capsys, audit_path):
    (tmp_path / "zelf.csv").write_text("norm;tekst\nV1;Profiel bekend.\nD2;\"Vraag; risico.\"\n", encoding="utf-8")
    code, out, err = run(capsys, "zelfevaluatie", audit_path, tmp_path / "zelf.csv")
    assert (code, err) == (0, "") and "2 normen (V1, D2)" in out
    (tmp_path / "zelf.toml").write_text('v1 = "Nieuw verhaal."\nO23 = "Jaarverslag."\n', encoding="utf-8")
    code, out, _err = run(capsys, "zelfevaluatie", audit_path, tmp_path / "zelf.toml")
    assert code == 0 and "niet meer genoemd: D2" in out
    with AuditFile.open(audit_path, read_only=True) as audit_file:
        assert audit_file.snapshot().self_evaluation == {"V1": "Nieuw verhaal.", "O23": "Jaarverslag."}


BAD_FILES = [
    ("onbekend.csv", b"norm,tekst\nX9,iets\n", "onbekende norm 'X9' (regel 2)"),
    ("dubbel.csv", b"norm,tekst\nV1,a\nv1,b\n", "norm V1 staat twee keer"),
    ("leeg.csv", b"norm,tekst\nV1,\n", "de tekst bij V1 is leeg"),
    ("latin1.csv", b"norm,tekst\nV1,caf\xe9\n", "geen UTF-8-tekst"),
    ("stuur.toml", b'V1 = "a\\u001b]0;titel\\u0007"\n', "stuurteken (U+001B"),
    ("tekst.txt", b"V1 = 'a'\n", "geen TOML- of CSV-bestand"),
    ("groot.csv", b"norm,tekst\nV1," + b"a" * (1024 * 1024 + 10) + b"\n", "te groot"),
]


@pytest.mark.parametrize("name, content, message", BAD_FILES)
def test_a_bad_self_evaluation_is_one_dutch_message_and_changes_nothing(tmp_path, capsys, audit_path, name,
                                                                       content, message):
    (tmp_path / name).write_bytes(content)
    before, listing = digest(audit_path), folder_listing(tmp_path)
    code, out, err = run(capsys, "zelfevaluatie", audit_path, tmp_path / name)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err and err.rstrip().endswith("Er is niets opgeslagen.")
    assert err.startswith(f"toetsassistent: Zelfevaluatie '{tmp_path / name}': ")
    assert "\x1b" not in err
    assert digest(audit_path) == before and folder_listing(tmp_path) == listing, "no backup, no journal: untouched"


@pytest.mark.parametrize("kind", ["fifo", "folder", "missing"])
def test_a_self_evaluation_that_is_no_file(tmp_path, capsys, audit_path, kind):
    target = tmp_path / "zelf.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    code, _out, err = run(capsys, "zelfevaluatie", audit_path, target)
    assert code == 1 and err.count("\n") == 1
    assert {"fifo": "geen gewoon bestand", "folder": "een map", "missing": "bestaat niet"}[kind] in err


# -- the line mode's confirmation ------------------------------------------------------------------


@pytest.mark.parametrize(
    "script, judged, code, complaint",
    [
        ("/norm V5\n/oordeel + Voldoet.\n/ja\n", "+", 0, ""),
        ("/norm V5\n/oordeel + Voldoet.\n/nee\n", None, 0, ""),
        ("/norm V5\n/oordeel + Voldoet.\n/norm V6\n", None, 1, "Fout bij regel 3: de vraag hiervoor is niet met /ja"),
        ("/norm V5\n/oordeel + Voldoet.\n", None, 1, "Fout bij het einde van de invoer"),
        ("/gesprek P\n/norm V5\nIn de praktijk gezien.\n/oordeel + Voldoet.\n", "+", 0, ""),
    ],
)
def test_a_script_confirms_a_plus_on_paper_with_ja(normset, script, judged, code, complaint):
    audit_file = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())
    out, err = io.StringIO(), io.StringIO()
    assert run_batch(Conversation(audit_file, normset), script.splitlines(keepends=True), out, err) == code
    record = audit_file.judgement("V5")
    assert (record.value if record else None) == judged
    assert complaint in err.getvalue() and (complaint or err.getvalue() == "")
    if judged is None and "/nee" not in script:
        assert "Bevestigen? V5 heeft nog geen enkele bron" in out.getvalue()


def test_json_export_keeps_the_method_records(tmp_path, normset):
    """The JSON backup carries previous audit, follow-ups and self-evaluation (a re-import loses nothing)."""
    from exports import import_json

    audit_file = AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())
    old = AuditFile.in_memory(normset.id)
    old.put_judgement(Judgement.new("V3", "+/-", "Tekst."))
    from flows import recert

    audit_file.set_previous(recert.previous_audit(old.snapshot(), normset, normset, "oud.toets"))
    audit_file.put_follow_up(FollowUp("V3", "deels", "Half."))
    audit_file.set_self_evaluation({"V1": "Eigen."})
    again = AuditFile.from_tables(import_json(render_json(audit_file.snapshot()))).snapshot()
    assert again.previous == audit_file.snapshot().previous
    assert again.follow_ups["V3"].text == "Half." and again.self_evaluation == {"V1": "Eigen."}
