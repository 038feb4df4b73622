"""Reading a self-evaluation file, table-driven: both formats as a spreadsheet or an editor saves them, and
every kind of bad file refused with one Dutch sentence."""

from __future__ import annotations

import pytest

from flows.self_evaluation import MAX_BYTES, SelfEvaluationError, parse

GOOD = [
    ("zelf.toml", b'V1 = "Profiel bekend."\nd2 = """\nVraag en risico.\nTweede regel."""\n',
     {"V1": "Profiel bekend.", "D2": "Vraag en risico.\nTweede regel."}),
    ("zelf.toml", "O23 = 'Jaarverslag online.'\nV1 = \"Eerst.\"\n".encode(),
     {"V1": "Eerst.", "O23": "Jaarverslag online."}),
    ("zelf.csv", b"norm,tekst\nV1,Profiel bekend.\nD2,\"Vraag, risico.\nTweede regel.\"\n",
     {"V1": "Profiel bekend.", "D2": "Vraag, risico.\nTweede regel."}),
    ("Zelf.CSV", "\ufeffNorm;Tekst\r\nV1;Profiel; bekend?\r\n".encode(), None),  # three columns: refused below
    ("zelf.csv", "\ufeffNorm;Tekst\r\nV1;\"Profiel; bekend.\"\r\n\r\nv15;Feedback\r\n".encode(),
     {"V1": "Profiel; bekend.", "V15": "Feedback"}),
    ("zelf.csv", "norm,tekst\nV1,Café en één\tkolom\n".encode(), {"V1": "Café en één\tkolom"}),
]


@pytest.mark.parametrize("name, raw, expected", [case for case in GOOD if case[2] is not None])
def test_good_files(normset, name, raw, expected):
    texts = parse(raw, name, normset)
    assert texts == expected
    assert list(texts) == [norm_id for norm_id in normset.norm_ids if norm_id in expected]  # in the set's order


BAD = [
    ("zelf.txt", b"V1 = 'x'", "geen TOML- of CSV-bestand"),
    ("zelf", b"V1 = 'x'", "geen TOML- of CSV-bestand"),
    ("zelf.csv", b"", "het bestand is leeg"),
    ("zelf.csv", b"  \n\n", "het bestand is leeg"),
    ("zelf.csv", b"norm,tekst\n", "noemt geen enkele norm"),
    ("zelf.toml", b"# alleen commentaar\n", "noemt geen enkele norm"),
    ("zelf.csv", b"norm,tekst\nX9,iets\n", "onbekende norm 'X9' (regel 2)"),
    ("zelf.toml", b'V99 = "iets"\n', "onbekende norm 'V99' (sleutel V99)"),
    ("zelf.csv", b"norm,tekst\nV1,a\nv1,b\n", "norm V1 staat twee keer in het bestand (regel 2 en regel 3)"),
    ("zelf.toml", b'V1 = "a"\nv1 = "b"\n', "norm V1 staat twee keer in het bestand (sleutel V1 en sleutel v1)"),
    ("zelf.toml", b'V1 = "a"\nV1 = "b"\n', "een norm staat twee keer in het bestand"),
    ("zelf.csv", b"norm,tekst\nV1,   \n", "de tekst bij V1 is leeg (regel 2)"),
    ("zelf.toml", b'V1 = ""\n', "de tekst bij V1 is leeg"),
    ("zelf.csv", b"norm,tekst\nV1,a\x1b[31mrood\n", "regel 2 bevat een stuurteken (U+001B)"),
    ("zelf.csv", b"norm,tekst\nV1,a\x00b\n", "regel 2 bevat een stuurteken (U+0000)"),
    ("zelf.csv", "norm,tekst\nV1,a\u202eb\n".encode(), "regel 2 bevat een stuurteken (U+202E)"),
    ("zelf.toml", b'V1 = "a\\u001b[2J"\n', "de tekst bij V1 bevat een stuurteken (U+001B"),
    ("zelf.csv", b"norm,tekst\nV1,caf\xe9\n", "geen UTF-8-tekst (ongeldige byte op regel 2)"),
    ("zelf.csv", "norm,tekst\nV1,a\n".encode("utf-16"), "UTF-16"),
    ("zelf.csv", b"norm;tekst\nV1;a;b\n", "regel 2 heeft 3 kolommen in plaats van 2"),
    ("zelf.csv", b"norm,tekst\nV1\n", "regel 2 heeft 1 kolommen in plaats van 2"),
    ("zelf.csv", b"naam,tekst\nV1,a\n", "de eerste regel moet de kolomnamen 'norm' en 'tekst' geven"),
    ("zelf.csv", b"V1,Profiel bekend.\n", "de eerste regel moet de kolomnamen"),
    ("zelf.csv", b'norm,tekst\nV1,"open\n', "geen geldige CSV"),
    ("zelf.toml", b'V1 = "open\n', "dit is geen geldige TOML (fout op regel 1"),
    ("zelf.toml", b"V1 = 3\n", "bij 'V1' staat geen tekst"),
    ("zelf.toml", b'[V1]\ntekst = "a"\n', "bij 'V1' staat een tabel"),
    ("zelf.toml", b'V1 = ["a"]\n', "bij 'V1' staat een lijst"),
    ("zelf.csv", b"norm,tekst\n" + b"V1," + b"a" * MAX_BYTES + b"\n", "te groot"),
]


@pytest.mark.parametrize("name, raw, message", BAD + [case[:2] + ("3 kolommen",) for case in GOOD if case[2] is None])
def test_bad_files_give_one_dutch_sentence(normset, name, raw, message):
    with pytest.raises(SelfEvaluationError) as caught:
        parse(raw, name, normset)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text and "\x1b" not in text
    assert not any(english in text for english in ("line ", "Error", "expected", "Traceback"))
