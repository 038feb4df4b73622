"""A new audit: the kerngegevens the auditor knows at the start, validated, and the norm set to use.

Nothing is created until every field checks out; the messages say in Dutch what to fix. The file name is
derived from the organisation and never overwrites an existing audit. The file is made in a worker.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static

from assistant.widgets.key_bar import KeyBar
from assistant.store import AUDIT_SUFFIX, KERN_LABELS, Kerngegevens
from assistant.widgets.safe_fields import SafeInput
from flows.safe_text import visible, visible_lines

HELP = """\
## Nieuwe toetsing

Een nieuwe toetsing: vul ten minste de naam van de organisatie in en kies de normenset.
Data als jjjj-mm-dd of dd-mm-jjjj. Ctrl+S maakt de toetsing, Escape gaat terug zonder iets te maken
(als u al iets typte, wordt eerst gevraagd of dat weg mag).
"""

#: The kerngegevens asked for at the start, in form order: field -> placeholder.
FORM_FIELDS: dict[str, str] = {
    "organisatie": "verplicht, bv. Welzijn Voorbeeldstad",
    "adres": "straat, postcode en plaats",
    "website": "www.voorbeeld.nl",
    "contactpersoon": "naam of functie",
    "contact_mail": "naam@organisatie.nl",
    "contact_telefoon": "",
    "scope": "werkprocessen of onderdelen die getoetst worden",
    "datum_zelfevaluatie": "jjjj-mm-dd of dd-mm-jjjj",
    "onderzoek_ter_plaatse": "data en locaties",
    "toetsers": "namen van de toetsers",
}
DATE_FIELDS = ("datum_zelfevaluatie",)
MAIL_FIELDS = ("contact_mail",)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")


def parse_date(text: str) -> str:
    """'2026-03-14' or '14-03-2026' -> '2026-03-14'; '' stays ''. Raises ValueError (Dutch) otherwise."""
    text = text.strip()
    if not text:
        return ""
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DUTCH.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"'{text}' is geen datum; schrijf jjjj-mm-dd of dd-mm-jjjj.")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"'{text}' bestaat niet als datum.") from None


def valid_email(text: str) -> bool:
    return bool(_MAIL.match(text.strip()))


def validate(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Check the form: (clean values, errors per field). Nothing may be created while errors is non-empty."""
    clean = {name: value.strip() for name, value in values.items()}
    errors: dict[str, str] = {}
    if not clean.get("organisatie"):
        errors["organisatie"] = "Vul de naam van de organisatie in."
    for name in DATE_FIELDS:
        try:
            clean[name] = parse_date(clean.get(name, ""))
        except ValueError as error:
            errors[name] = str(error)
    for name in MAIL_FIELDS:
        if clean.get(name) and not valid_email(clean[name]):
            errors[name] = f"'{clean[name]}' is geen geldig e-mailadres (bv. naam@organisatie.nl)."
    return clean, errors


def file_stem(organisation: str) -> str:
    """A file name from the organisation: 'Welzijn Één & Co' -> 'welzijn-een-co'."""
    ascii_text = unicodedata.normalize("NFKD", organisation).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return stem[:60].strip("-") or "toetsing"


def free_path(folder: Path, organisation: str) -> Path:
    """The first `<stem>.toets`, `<stem>-2.toets`, ... that does not exist yet in `folder`."""
    stem = file_stem(organisation)
    candidate = folder / f"{stem}{AUDIT_SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{AUDIT_SUFFIX}"
        number += 1
    return candidate


class NewAuditScreen(Screen):
    """The form for a new audit."""

    CSS_PATH = "new_audit.tcss"
    HELP = HELP
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Aanmaken", id="new_audit.create", tooltip="De toetsing aanmaken"),
        Binding("escape", "cancel", "Terug", id="new_audit.cancel", tooltip="Terug zonder iets te maken"),
    ]

    @dataclass
    class Failed(Message):
        """Creating the file did not work."""

        message: str
        """The Dutch reason."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form"):
            yield Static("Nieuwe toetsing", id="heading")
            yield Label("Normenset", classes="label")
            yield Select[str]((), id="normenset", allow_blank=True, prompt="Normensets worden geladen…")
            for name, placeholder in FORM_FIELDS.items():
                label = KERN_LABELS[name] + (" *" if name == "organisatie" else "")
                yield Label(label, classes="label")
                yield SafeInput(placeholder=placeholder, id=name, classes="field")
                yield Static("", id=f"{name}-error", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Aanmaken", id="create", variant="primary")
                yield Button("Annuleren", id="cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#organisatie", Input))
        self._load_normsets()

    @work(thread=True, exit_on_error=False, group="normensets", exclusive=True)
    def _load_normsets(self) -> None:
        from assistant.locations import normsets_dir
        from normsets import NormSetRegistry

        registry = NormSetRegistry(normsets_dir())
        # A user's own norm set can have any title: shown as plain text (a Rich Text, not markup).
        options = [(Text(visible(f"{ns.title} ({ns.id})" + ("" if ns.builtin else " — eigen"))), ns.id)
                   for ns in registry.all()]
        self.app.call_from_thread(self._set_normsets, options, registry.problems)

    def _set_normsets(self, options: list[tuple[Text, str]], problems: list[str]) -> None:
        select = self.query_one("#normenset", Select)
        select.set_options(options)
        default = "sterk-sociaal-werk-2019"
        if any(value == default for _, value in options):
            select.value = default
        for problem in problems:
            self.notify(visible_lines(problem), title="Normenset overgeslagen", severity="warning", timeout=10,
                        markup=False)

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name in FORM_FIELDS}

    @on(Button.Pressed, "#create")
    @on(Input.Submitted)
    def action_create(self) -> None:
        clean, errors = validate(self.values())
        for name in FORM_FIELDS:
            error_line = self.query_one(f"#{name}-error", Static)
            error_line.update(visible(errors.get(name, "")))
            error_line.display = name in errors
            self.query_one(f"#{name}", Input).set_class(name in errors, "-invalid")
        if errors:
            first = next(iter(errors))
            self.set_focus(self.query_one(f"#{first}", Input))
            self.notify(visible("Niet aangemaakt: " + " ".join(errors.values())), title="Controleer het formulier",
                        severity="error", markup=False)
            return
        normset_id = self.query_one("#normenset", Select).value
        if not isinstance(normset_id, str):
            self.notify("Kies een normenset.", severity="error")
            return
        kern = Kerngegevens(**clean)
        self.query_one("#create", Button).disabled = True
        self._create(normset_id, kern)

    @work(thread=True, exit_on_error=False, group="aanmaken", exclusive=True)
    def _create(self, normset_id: str, kern: Kerngegevens) -> None:
        from assistant.locations import audits_dir, ensure_private_dir, normsets_dir
        from assistant.messages import AuditOpened
        from assistant.session import AuditSession
        from assistant.store import AuditFile, StoreError
        from normsets import NormSetError, NormSetRegistry

        try:
            normset = NormSetRegistry(normsets_dir()).get(normset_id)
            path = free_path(ensure_private_dir(audits_dir()), kern.organisatie)
            audit_file = AuditFile.create_for(path, normset, kern)
        except (StoreError, NormSetError) as error:
            self.post_message(self.Failed(str(error)))
        except OSError as error:
            self.post_message(self.Failed(f"De toetsing kon niet worden aangemaakt: {error.strerror or error}."))
        else:
            self.app.post_message(AuditOpened(AuditSession(audit_file, normset), created=True))

    def on_new_audit_screen_failed(self, message: Failed) -> None:
        from assistant.widgets.confirm import NoticeModal

        self.query_one("#create", Button).disabled = False
        self.app.push_screen(NoticeModal("Aanmaken mislukt", message.message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back without creating anything; typed text is only thrown away when the auditor says so."""
        if not any(value.strip() for value in self.values().values()):
            self.dismiss()
            return
        from assistant.widgets.confirm import ConfirmModal

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            ConfirmModal("Ingevulde gegevens weggooien?",
                         "U hebt al gegevens ingevuld. Als u teruggaat, wordt er geen toetsing gemaakt en is wat "
                         "u typte weg.", yes="Weggooien", no="Verder invullen", danger=True),
            answer,
        )
