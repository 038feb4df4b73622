"""The new-audit form: bad input gives Dutch messages and creates nothing; a valid form creates the file."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from assistant.screens.new_audit import NewAuditScreen, file_stem, free_path, parse_date, validate
from assistant.store import AuditFile


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-14", "2026-03-14"),
        ("14-03-2026", "2026-03-14"),
        ("1-3-2026", "2026-03-01"),
        ("", ""),
        ("  2026-3-1 ", "2026-03-01"),
    ],
)
def test_parse_date_accepts_both_forms(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("31-02-2026", "bestaat niet als datum"),
    ("2026/03/14", "geen datum"),
    ("14 maart", "geen datum"),
])
def test_parse_date_refuses_in_dutch(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_date(typed)


@pytest.mark.parametrize(("organisation", "stem"), [
    ("Welzijn Voorbeeld", "welzijn-voorbeeld"),
    ("Stichting Één & Co!", "stichting-een-co"),
    ("???", "toetsing"),
])
def test_file_stem(organisation, stem):
    assert file_stem(organisation) == stem


def test_free_path_never_reuses_a_name(tmp_path):
    (tmp_path / "welzijn.toets").write_text("x")
    (tmp_path / "welzijn-2.toets").write_text("x")
    assert free_path(tmp_path, "Welzijn").name == "welzijn-3.toets"


def test_validate_collects_every_problem():
    clean, errors = validate({"organisatie": " ", "datum_zelfevaluatie": "32-01-2026", "contact_mail": "geen-mail"})
    assert set(errors) == {"organisatie", "datum_zelfevaluatie", "contact_mail"}
    clean, errors = validate({"organisatie": " De Brug ", "datum_zelfevaluatie": "01-02-2026", "contact_mail": ""})
    assert errors == {} and clean["organisatie"] == "De Brug" and clean["datum_zelfevaluatie"] == "2026-02-01"


async def _open_form(app, pilot, settle) -> NewAuditScreen:
    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, NewAuditScreen)
    return app.screen


def _fill(screen: NewAuditScreen, **values: str) -> None:
    for name, value in values.items():
        screen.query_one(f"#{name}", Input).value = value


def _error(screen: NewAuditScreen, name: str) -> str:
    widget = screen.query_one(f"#{name}-error", Static)
    return str(widget.render()) if widget.display else ""


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"organisatie": ""}, "organisatie", "Vul de naam van de organisatie in."),
    ({"organisatie": "De Brug", "datum_zelfevaluatie": "2026-13-01"}, "datum_zelfevaluatie", "bestaat niet als datum"),
    ({"organisatie": "De Brug", "datum_zelfevaluatie": "gisteren"}, "datum_zelfevaluatie", "jjjj-mm-dd of dd-mm-jjjj"),
    ({"organisatie": "De Brug", "contact_mail": "kwaliteit.debrug.nl"}, "contact_mail", "geen geldig e-mailadres"),
])
async def test_bad_input_creates_nothing(make_app, audits_folder, settle, values, field, message):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot, settle)
        _fill(screen, **values)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert message in _error(screen, field)
        assert screen.query_one(f"#{field}", Input).has_class("-invalid")
        assert list(audits_folder.iterdir()) == []
        assert app.session is None


async def test_valid_form_creates_and_opens_the_audit(make_app, audits_folder, settle):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_form(app, pilot, settle)
        assert screen.query_one("#normenset", Select).value == "sterk-sociaal-werk-2019"
        _fill(screen, organisatie="Welzijn Één", contact_mail="kwaliteit@welzijn-een.example",
              datum_zelfevaluatie="01-02-2026", scope="ambulant werk")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.session is not None
        path = audits_folder / "welzijn-een.toets"
        assert app.session.path == path
        assert not isinstance(app.screen, NewAuditScreen)
        app.shutdown()
    with AuditFile.open(path, read_only=True) as audit_file:
        audit = audit_file.snapshot()
    assert audit.kern.organisatie == "Welzijn Één"
    assert audit.kern.datum_zelfevaluatie == "2026-02-01"
    assert audit.kern.contact_mail == "kwaliteit@welzijn-een.example"
    assert audit.meta.normset_id == "sterk-sociaal-werk-2019"
    assert audit.normset_toml.startswith("# Normenset"), "de toetsing bewaart een kopie van haar normenset"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


async def test_other_norm_set_and_escape(make_app, audits_folder, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot, settle)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, NewAuditScreen)
        screen = await _open_form(app, pilot, settle)
        screen.query_one("#normenset", Select).value = "wijkteams-2019"
        _fill(screen, organisatie="Wijkteam Noord")
        screen.query_one("#organisatie", Input).focus()
        await pilot.press("enter")  # Enter in a field submits the form as well
        await settle(app, pilot)
        assert app.session is not None and app.session.normset.id == "wijkteams-2019"


async def test_escape_with_typed_text_asks_before_discarding(make_app, audits_folder, settle):
    from assistant.widgets.confirm import ConfirmModal

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot, settle)
        await pilot.press(*"Welzijn Half")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the focused button is "Verder invullen"
        await settle(app, pilot)
        assert app.screen is screen and screen.query_one("#organisatie", Input).value == "Welzijn Half"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.click("#yes")  # "Weggooien"
        await settle(app, pilot)
        assert not isinstance(app.screen, (NewAuditScreen, ConfirmModal))
    assert list(audits_folder.glob("*.toets")) == []
