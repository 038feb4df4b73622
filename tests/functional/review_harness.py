"""A small app for testing the review screens (board, norm, summary, export) without the app shell.

`ReviewApp` carries what the screens use of `ToetsApp`: `session`, `drafts` and the navigation methods.
The navigation methods record each call in `app.calls` and move between the review screens, so a test
can go from the board to a norm and back. `build_audit` writes an audit with fixed content (no dates or
names that change), which the functional and snapshot tests share.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from textual.screen import Screen

from assistant.drafts import DraftKeeper
from assistant.session import AuditSession
from assistant.store import AuditFile, Judgement, Kerngegevens, Note, Source, Summary
from assistant.type_ahead import TypeAheadApp
from normsets import NormSetRegistry

NORMSET_ID = "sterk-sociaal-werk-2019"

KERN = Kerngegevens(
    organisatie="Stichting Welzijn De Brug",
    adres="Dorpsstraat 1, Voorbeeldstad",
    contactpersoon="kwaliteitsmedewerker",
    contact_mail="kwaliteit@example.org",
    scope="Ambulant werk en wijkteams",
    vorm_toelichting="Audit ter plaatse",
    datum_zelfevaluatie="2026-02-01",
    toetsers="twee intercollegiale toetsers",
)

SUMMARY = Summary(
    toelichting="De toetsing vond plaats op twee locaties.",
    complimenten=("Betrokken en deskundige professionals.", "Heldere registratie in de dossiers."),
    zorgpunten=("Het inwerkprogramma is niet vastgelegd.",),
    advies="",
)


def build_audit(folder: Path, name: str = "de-brug") -> Path:
    """Write an audit with fixed content into `folder` and return its path (the file is closed)."""
    normset = NormSetRegistry(None).get(NORMSET_ID)
    path = folder / f"{name}.toets"
    audit_file = AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes(), KERN)
    try:
        gesprek_p = Source("bron-1", "gesprek", "twee ambulant werkers", ("P",), "2026-03-02")
        gesprek_mng = Source("bron-2", "gesprek", "teamleider wijkteam", ("Mng",), "2026-03-02")
        jaarverslag = Source("bron-3", "document", "jaarverslag 2025")
        dossiers = Source("bron-4", "registratie", "vijf cliëntdossiers", (), "2026-03-03")
        for source in (gesprek_p, gesprek_mng, jaarverslag, dossiers):
            audit_file.put_source(source)
        notes = [
            ("V1", gesprek_p, "bevinding", "Werkers noemen het competentieprofiel bij hun jaargesprek."),
            ("V1", gesprek_mng, "bewijs", "Scholingsplan 2026 per team, met budget."),
            ("V1", dossiers, "bevinding", "Dossiers tonen methodisch werken volgens het profiel."),
            ("V2", gesprek_p, "bevinding", "Nieuwe collega's lopen twee weken mee."),
            ("V2", gesprek_mng, "suggestie", "Leg het inwerkprogramma vast."),
            ("V3", gesprek_p, "citaat", "We zoeken de buurt zelf op."),
            ("D1", dossiers, "bevinding", "Hulpvraag staat in elk dossier."),
            ("D1", jaarverslag, "bewijs", "Jaarverslag noemt de werkwijze vraaggericht werken."),
            ("O1", gesprek_mng, "bevinding", "Visie is met de teams besproken."),
        ]
        for number, (norm_id, source, kind, text) in enumerate(notes, start=1):
            audit_file.put_note(Note(f"notitie-{number}", norm_id, source.id, kind, text))
        audit_file.put_judgement(Judgement("oordeel-v1", "V1", "+", "Voldoet: het profiel is bekend en wordt toegepast."))
        audit_file.put_judgement(Judgement("oordeel-d1", "D1", "+/-", ""))
        audit_file.put_judgement(Judgement("oordeel-o2", "O2", "nvt", ""))
        audit_file.put_summary(SUMMARY)
    finally:
        audit_file.close()
    return path


def snapshot_of(path: Path):
    """What the file on disk holds now (opened read-only, so the app may keep it open)."""
    with AuditFile.open(path, read_only=True) as audit_file:
        return audit_file.snapshot()


class ReviewApp(TypeAheadApp[None]):
    """Stands in for ToetsApp: holds the session and records every navigation call."""

    TITLE = "Toetsassistent"

    def __init__(self, session: AuditSession, first: Screen | None = None) -> None:
        super().__init__()
        self.session = session
        self.drafts = DraftKeeper(self)
        self.calls: list[tuple[str, ...]] = []
        self._first = first

    def on_mount(self) -> None:
        self.drafts.attach(self.session.audit_file)
        if self._first is not None:
            self.push_screen(self._first)

    def _replace_top(self, screen: Screen) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_board(self) -> None:
        from assistant.screens.board import BoardScreen

        self.calls.append(("show_board",))
        self._replace_top(BoardScreen())

    def show_norm(self, norm_id: str) -> None:
        from assistant.screens.norm import NormScreen

        self.calls.append(("show_norm", norm_id))
        if isinstance(self.screen, NormScreen):
            self.screen.go_to(norm_id)
        else:
            self.push_screen(NormScreen(norm_id))

    def show_summary(self) -> None:
        from assistant.screens.summary import SummaryScreen

        self.calls.append(("show_summary",))
        self._replace_top(SummaryScreen())

    def show_export(self) -> None:
        from assistant.screens.export import ExportScreen

        self.calls.append(("show_export",))
        self._replace_top(ExportScreen())

    def new_interview(self) -> None:
        self.calls.append(("new_interview",))

    def show_help(self) -> None:
        self.calls.append(("show_help",))


@pytest.fixture(name="audit_path")
def audit_path_fixture(tmp_path: Path) -> Path:
    """A fixed-content audit in the test's temporary folder."""
    return build_audit(tmp_path)


@pytest.fixture(name="session")
def session_fixture(audit_path: Path) -> Iterator[AuditSession]:
    """The audit opened for writing, closed after the test."""
    opened = AuditSession.open(audit_path)
    yield opened
    opened.close()


async def settle(app: TypeAheadApp, pilot, delay: float = 0.05) -> None:
    """Wait until every typed key has been handed over, every worker is done and what it posted has been
    handled."""
    await keys_handled(app, pilot)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause(delay)
    await keys_handled(app, pilot)


async def keys_handled(app: TypeAheadApp, pilot, timeout: float = 10.0) -> None:
    """Wait until the app holds no typed key any more (see assistant/type_ahead.py)."""
    import time

    deadline = time.monotonic() + timeout
    while app.keys_pending and time.monotonic() < deadline:
        await pilot.pause(0.01)


def type_ahead(app, *keys: str) -> None:
    """Put key presses into the app's queue all at once, as a terminal delivers fast typing.

    Unlike `pilot.press`, which waits for the app to be idle after every key, nothing here waits: the
    keys are in the queue before the app has handled the first one (a screen switch, a focus change).
    Each argument is a key name ("enter", "full_stop") or one character, as for `pilot.press`
    (`type_ahead(app, "full_stop", "e", *"Tekst.")`).
    """
    import unicodedata

    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    def key_events(name: str):
        if len(name) == 1:
            key = name if name.isalnum() else _character_to_key(name)
            yield events.Key(key, name)
            return
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(name))
        except KeyError:
            char = None
        yield events.Key(name, char)

    for name in keys:
        for event in key_events(name):
            event.set_sender(app)
            app.post_message(event)
