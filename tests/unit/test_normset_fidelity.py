"""The norm texts are the sources' texts: compared with shared/bronnen after whitespace normalisation.

The application never reads shared/; only this test does, to prove the data files are faithful.
"""

from __future__ import annotations

import html
import os
import re

import pytest

from normsets import NormSetRegistry
from tests.conftest import BRONNEN

# Outside CI a checkout without shared/ beside it skips these; in CI (CI=true) they must run.
pytestmark = pytest.mark.skipif(not BRONNEN.is_dir() and not os.environ.get("CI"),
                                reason="shared/bronnen ligt niet naast de repository")

# The interview form's Wie column, as printed (BK and BKV are the form's own codes, see the TOML comments).
WIE_2019 = """
V1 P P&O|V2 P|V3 P|V4 P|V5 P Mng|V6 P|V7 P P&O|V8 P BK|V9 P|V10 P|V11 P|V12 P P&O|V13 P|V14 P|V15 P|
D1 P BKC|D2 P|D3 P|D4 P|D5 P|D6 P|D7 P Mng|D8 P|D9 P|D10 P|D11 P|
O1 Mng|O2 Mng|O3 Mng|O4 P Mng BKC|O5 P Mng BKC|O6 Mng BKC|O7 Mng P&O|O8 Mng P&O|O9 Mng P&O|O10 Mng P&O|
O11 Mng BKC BKV|O12 Mng P&O|O13 Mng P CB|O14 Mng P&O|O15 P&O|O16 Mng P&O|O17 Mng BKC|O18 Mng P&O|
O19 Mng P&O BKC|O20 Mng P|O21 Mng|O22 Mng BKC|O23 Mng BKC
"""
NORMALISED_CODES = {"BK": "BKC", "BKV": "BV"}


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def section(text: str, start: str, end: str | None) -> str:
    body = normalise(text)
    begin = body.index(start) + len(start)
    finish = body.index(end, begin) if end else len(body)
    return body[begin:finish]


def assert_numbered_in(section_text: str, number: int, norm_text: str, last: bool) -> None:
    """`N. <text>` stands in the section, followed by the next number (so the text is complete)."""
    needle = f"{number}. {norm_text}"
    assert needle in section_text, f"norm {number} niet letterlijk gevonden: {norm_text[:60]}"
    tail = section_text[section_text.index(needle) + len(needle):].lstrip()
    if not last:
        assert tail.startswith(f"{number + 1}. "), f"norm {number} is niet volledig: gevolgd door {tail[:40]!r}"


RUBRIEKEN_2019 = [
    ("vakmanschap", "Rubriek 1. Vakmanschap", "Rubriek 2. Dienstverlening"),
    ("dienstverlening", "Rubriek 2. Dienstverlening", "Rubriek 3. Organisatie en bestuur"),
    ("organisatie", "Rubriek 3. Organisatie en bestuur", None),
]


@pytest.mark.parametrize("set_id", ["sterk-sociaal-werk-2019", "wijkteams-2019"])
def test_2019_texts_are_verbatim(registry: NormSetRegistry, set_id: str) -> None:
    source = (BRONNEN / "normen-kwaliteitslabel-2019.txt").read_text(encoding="utf-8")
    normset = registry.get(set_id)
    for rubriek_id, start, end in RUBRIEKEN_2019:
        body = section(source, start, end)
        norms = normset.norms_in(rubriek_id)
        for index, norm in enumerate(norms):
            assert_numbered_in(body, norm.number, norm.text, last=index == len(norms) - 1)


def test_2016_texts_are_verbatim_without_footnote_markers(registry: NormSetRegistry) -> None:
    source = (BRONNEN / "concept-normen-2016.txt").read_text(encoding="utf-8")
    source = source.split("De normen van het kwaliteitskader", 1)[1]
    source = source.replace("passen deze toe.4", "passen deze toe.").replace("derden5 ", "derden ")
    source = re.sub(r"4 In kijkpuntenlijst.*?opnemen of linken\.", " ", source, flags=re.S)
    source = re.sub(r"5 Derden zijn bijvoorbeeld.*$", " ", source, flags=re.S)
    heads = [
        ("vakmanschap", "Rubriek 1. Vakmanschap", "Rubriek 2. Dienstverlening"),
        ("dienstverlening", "Rubriek 2. Dienstverlening", "Rubriek 3. Organisatie en bestuur"),
        ("organisatie", "Rubriek 3. Organisatie en bestuur", None),
    ]
    normset = registry.get("concept-2016")
    for rubriek_id, start, end in heads:
        body = section(source, start, end)
        norms = normset.norms_in(rubriek_id)
        for index, norm in enumerate(norms):
            assert_numbered_in(body, norm.number, norm.text, last=index == len(norms) - 1)
            assert not re.search(r"[a-z.]\d\b", norm.text), f"{norm.id} bevat nog een voetnootcijfer"


def test_counts(registry: NormSetRegistry) -> None:
    counts = {
        set_id: [len(registry.get(set_id).norms_in(r)) for r in ("vakmanschap", "dienstverlening", "organisatie")]
        for set_id in ("sterk-sociaal-werk-2019", "wijkteams-2019", "concept-2016")
    }
    assert counts == {
        "sterk-sociaal-werk-2019": [15, 11, 23],
        "wijkteams-2019": [15, 11, 23],
        "concept-2016": [16, 16, 20],
    }
    for set_id in counts:
        normset = registry.get(set_id)
        prefixes = {"vakmanschap": "V", "dienstverlening": "D", "organisatie": "O"}
        assert [n.id for n in normset.norms] == [f"{prefixes[n.rubriek]}{n.number}" for n in normset.norms]


@pytest.mark.parametrize("set_id", ["sterk-sociaal-werk-2019", "wijkteams-2019"])
def test_roles_follow_the_interview_form(registry: NormSetRegistry, set_id: str) -> None:
    form = (BRONNEN / "gespreksformulier-2019.txt").read_text(encoding="utf-8")
    expected = {}
    for entry in WIE_2019.replace("\n", "").split("|"):
        norm_id, *codes = entry.split()
        expected[norm_id] = [NORMALISED_CODES.get(code, code) for code in codes]
        # the table above is itself checked against the form: each code sits right after the norm text
    normset = registry.get(set_id)
    assert {norm.id: list(norm.roles) for norm in normset.norms} == expected
    # The form lists the codes under each norm text; check the raw codes appear there in this order.
    blocks = re.split(r"\n\t(\d+)\. ", form)
    raw_by_position = [re.findall(r"^(P&O|Mng|BKC|BKV|BK|CB|BV|nbV|S|P)\s*$", block, flags=re.M) for block in blocks[2::2]]
    raw_expected = [entry.split()[1:] for entry in WIE_2019.replace("\n", "").split("|")]
    assert raw_by_position == raw_expected


def test_wijkteams_notes_and_own_wording(registry: NormSetRegistry) -> None:
    source = (BRONNEN / "toepassing-wijkteams-2019.txt").read_text(encoding="utf-8")
    body = normalise(html.unescape(re.sub(r"</?p>", "", source)))
    normset = registry.get("wijkteams-2019")
    assert all(norm.application_note for norm in normset.norms)
    for norm in normset.norms:
        assert norm.application_note in body, f"{norm.id}: toepassing niet letterlijk gevonden"
        if norm.variant_text:
            wording = norm.variant_text.replace("beroepscompetentieprofiel", "beroepscompetentie- profiel")
            assert f"{norm.number}. {wording}" in body or f"{norm.number}. {norm.variant_text}" in body
    assert normset.norm("O2").variant_text.startswith("De organisatie formuleert")
    assert "Zij betreft" in normset.norm("O2").variant_text
    assert normset.norm("V2").variant_text is None


def test_glossary_present(registry: NormSetRegistry) -> None:
    glossary = registry.get("sterk-sociaal-werk-2019").glossary
    assert "Bedrijfskritische vrijwilligers" in glossary
    assert len(glossary) == 14
    assert all("Copyright" not in text for text in glossary.values())
