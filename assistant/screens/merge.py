"""Merging another auditor's copy into an audit, with every conflict decided by the auditor first.

Two auditors work on copies of one audit (`toetsassistent kopie`) and merge at the end of the day. This
screen reads the other copy (`assistant.merging.prepare`: nothing is written), says what it brings that
is new, and shows one row per conflict: A (this audit), B (the copy), the common base and the choice.
The auditor chooses A or B per row, or writes a text of their own for a free-text field
(`assistant/widgets/own_text.py`). Only when every row is decided does "Samenvoegen" run; the merge itself
(`assistant.merging.carry_out`: backup, one atomic change, the merge log) runs in a thread worker and ends
with the names of the log and the backup.

The audit merged into is the app's open audit when it is that file (its `AuditFile` is writable and holds
the lock; `carry_out` replaces its tables at once, and the other screens are told with `AuditChanged`).
Otherwise the screen opens it itself with the lock but without folding or a backup (`backups=0,
fold=False`), so reading and deciding write nothing, and closes it again when the merge is done or the
screen is left.

Every value in the table is user text, shown as plain `rich.text.Text` through `flows.safe_text.visible`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from assistant.widgets.conflict_table import ConflictTable, detail_text
from assistant.widgets.safe_fields import SafeInput
from flows.safe_text import visible, visible_lines

if TYPE_CHECKING:
    from assistant.merging import Outcome, Prepared
    from assistant.session import AuditSession
    from assistant.store import AuditFile
    from assistant.store.merge import Conflict

HELP = """\
## Samenvoegen

Voeg de kopie van de andere toetser (gemaakt met `toetsassistent kopie`) samen met deze toetsing.
Typ het pad van de kopie (een pad zonder map hoort bij de map van deze toetsing) en druk op Enter.

Wat alleen in de kopie staat, komt erbij. Wat aan beide kanten anders is gewijzigd, is een **conflict**:
één regel per conflict, met A (deze toetsing), B (de kopie), de basis (zoals het was bij de vorige
samenvoeging of de kopie) en uw keuze. Kies met **a** of **b**; bij een vrije tekst kan **t** een eigen
tekst maken, met beide versies als begin. De waarde die niet wordt gekozen blijft bewaard in de
geschiedenis van de toetsing en in het logboek.

**Ctrl+S** (of *Samenvoegen*) kan pas als elk conflict is beslist. Eerst wordt er niets geschreven;
daarna komt er een reservekopie (`.voor-samenvoegen`) en een logboek naast het auditbestand.
**Esc** gaat terug (met gemaakte keuzes vraagt het eerst).
"""


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return one == other


def conflict_key(prepared: "Prepared") -> list[tuple[str, str, str]]:
    """What the auditor decided on: each conflict's id with its two values."""
    return [(c.id, repr(c.a), repr(c.b)) for c in prepared.conflicts]


class MergeScreen(Screen[None]):
    """Choose the other copy, decide every conflict, then merge."""

    CSS_PATH = "merge.tcss"
    HELP = HELP
    AUTO_FOCUS = "#merge-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "choose('a')", "A", id="merge.choose-a",
                tooltip="Neem bij dit conflict de waarde van deze toetsing (A)"),
        Binding("b", "choose('b')", "B", id="merge.choose-b", tooltip="Neem bij dit conflict de waarde van de kopie (B)"),
        Binding("t", "own_text", "Eigen tekst", id="merge.own-text",
                tooltip="Schrijf bij een vrije tekst zelf de tekst die moet blijven staan"),
        Binding("ctrl+s", "merge", "Samenvoegen", id="merge.run",
                tooltip="Voeg samen met deze keuzes (kan pas als elk conflict is beslist)"),
        Binding("escape", "back", "Terug", id="merge.back", tooltip="Terug zonder samen te voegen"),
    ]

    @dataclass
    class Read(Message):
        """The other copy was read and the merge planned; nothing written."""

        prepared: "Prepared"
        """The plan, with the audit merged into (`prepared.ours`)."""
        organisation: str
        """The organisation of the audit merged into ('' when not filled in)."""

    @dataclass
    class Refused(Message):
        """The other copy cannot be merged (or this audit cannot be opened); nothing written."""

        message: str
        """Why, in Dutch."""
        ours: "AuditFile | None"
        """The audit merged into, when it is open now (so a second try uses it)."""

    @dataclass
    class Merged(Message):
        """The merge is done."""

        outcome: "Outcome"
        """What it did: the decisions, what came in, the log and the backup."""

    @dataclass
    class MergeFailed(Message):
        """The merge was refused or could not be written; the audit is as it was."""

        message: str
        """Why, in Dutch."""

    @dataclass
    class Changed(Message):
        """This audit or the copy changed since the conflicts were shown: they were read again."""

        prepared: "Prepared"
        """The new plan."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        self.target = Path(target)
        """The audit merged into (A)."""
        self._session: "AuditSession | None" = None
        self._ours: "AuditFile | None" = None
        self._owned = False
        self.prepared: "Prepared | None" = None
        self.choices: dict[str, Any] = {}
        """Per conflict id: "a", "b" or {"tekst": ...}."""
        self.outcome: "Outcome | None" = None
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="merge"):
            yield Static(Content(visible(f"Samenvoegen in: {self.target.name}")), id="merge-into")
            with Horizontal(id="merge-pick"):
                yield Label("Kopie:", id="merge-path-label")
                yield SafeInput(id="merge-path", compact=True,
                                placeholder="kopie.toets (naast deze toetsing) of /pad/naar/kopie.toets")
                yield Button("Lezen", id="merge-read", compact=True, tooltip="Lees de kopie (Enter)")
            yield Static("Typ het pad van de kopie van de andere toetser en druk op Enter.", id="merge-status",
                         markup=False)
            yield ConflictTable(id="merge-table")
            with VerticalScroll(id="merge-detail-box", can_focus=False):
                yield Static("", id="merge-detail", markup=False)
            with Horizontal(id="merge-actions"):
                yield Button("A kiezen (a)", id="merge-a", compact=True)
                yield Button("B kiezen (b)", id="merge-b", compact=True)
                yield Button("Eigen tekst (t)", id="merge-own", compact=True)
                yield Button("Samenvoegen (Ctrl+S)", id="merge-run", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Samenvoegen"
        session = getattr(self.app, "session", None)
        if session is not None and session.path is not None and _same_file(Path(session.path), self.target):
            self._session = session
            organisation = session.snapshot().kern.organisatie
            if organisation:
                self._show_into(organisation)
        self._update_state()

    def on_unmount(self) -> None:
        self._release()

    def _show_into(self, organisation: str) -> None:
        self.query_one("#merge-into", Static).update(
            Content(visible(f"Samenvoegen in: {organisation} ({self.target.name})")))

    # -- reading the copy ---------------------------------------------------------------------------

    def other_path(self) -> Path | None:
        """The path in the field; a relative one belongs to the folder of the audit merged into."""
        typed = self.query_one("#merge-path", SafeInput).value.strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.target.parent / path

    @on(SafeInput.Submitted, "#merge-path")
    @on(Button.Pressed, "#merge-read")
    def action_read(self) -> None:
        if self._busy or self.outcome is not None:
            return
        other = self.other_path()
        if other is None:
            self._say("Typ het pad van de kopie van de andere toetser.", error=True)
            return
        if self.choices:
            self._ask_discard(lambda: self._read(other))
            return
        self._read(other)

    def _read(self, other: Path) -> None:
        self._busy = True
        self._say(f"'{other.name}' wordt gelezen…")
        self._prepare_worker(other, self._session, self._ours)

    @work(thread=True, exit_on_error=False, group="samenvoegen-lezen", exclusive=True)
    def _prepare_worker(self, other: Path, session: "AuditSession | None", ours: "AuditFile | None") -> None:
        from assistant.identity import auditor_initials
        from assistant.merging import prepare
        from assistant.store import AuditFile, AuditLocked, StoreError
        from assistant.store.merge import MergeRefused

        if ours is None and session is not None:
            ours = session.audit_file
        try:
            if ours is None:
                try:
                    ours = AuditFile.open(self.target, author=auditor_initials(), backups=0, fold=False)
                except AuditLocked as error:
                    holder = str(error).split(" Sluit het daar")[0]  # its advice to open read-only does not fit
                    raise StoreError(f"{holder} Sluit de toetsing daar eerst en voeg dan samen; er is niets "
                                     "gewijzigd.") from None
                if not ours.author:
                    ours.author = ours.meta.auditor
            prepared = prepare(ours, other)
            organisation = ours.snapshot().kern.organisatie
        except (MergeRefused, StoreError) as error:
            self.post_message(self.Refused(str(error), ours))
        except OSError as error:
            self.post_message(self.Refused(f"'{other}' kan niet worden gelezen: {error.strerror or error}.", ours))
        else:
            self.post_message(self.Read(prepared, organisation))

    def on_merge_screen_refused(self, message: Refused) -> None:
        self._busy = False
        self._keep(message.ours)
        self.prepared = None  # what an earlier copy would have brought is not what the field names now
        self.choices = {}
        self._fill_table()
        self._say(message.message, error=True)
        self._update_state()

    def on_merge_screen_read(self, message: Read) -> None:
        self._busy = False
        self._keep(message.prepared.ours)
        if message.organisation:
            self._show_into(message.organisation)
        self.prepared = message.prepared
        self.choices = {}
        self._fill_table()
        self._say(self._plan_text())
        self._update_state()
        if self.prepared.conflicts:
            self.query_one(DataTable).focus()
        else:
            self.query_one("#merge-run", Button).focus()

    def _keep(self, ours: "AuditFile | None") -> None:
        """Remember the audit merged into; the screen closes it later when it opened it itself."""
        if ours is not None and self._ours is None:
            self._ours = ours
            self._owned = self._session is None or ours is not self._session.audit_file

    def _plan_text(self) -> str:
        from assistant.store.merge import counts_text

        prepared = self.prepared
        assert prepared is not None
        plan = prepared.plan
        name = prepared.theirs_path.name
        if not plan.changes_anything:
            return f"Niets nieuws: alles uit '{name}' staat al in deze toetsing. Er is niets te doen."
        parts = [f"Nieuw uit '{name}': {counts_text(plan.new) or 'niets'}"]
        changed = counts_text(plan.changed)
        if changed:
            parts.append(f"bijgewerkt: {changed}")
        text = "; ".join(parts) + "."
        count = len(plan.conflicts)
        if count:
            text += (f" {count} {'conflict' if count == 1 else 'conflicten'}: kies per regel A (a) of B (b), "
                     "of bij een vrije tekst een eigen tekst (t).")
            if not plan.base_known:
                text += " Er is geen gemeenschappelijke basis bekend: elk verschil telt als conflict."
        else:
            text += " Geen conflicten: Samenvoegen (Ctrl+S) neemt alles over."
        return text

    # -- the table ----------------------------------------------------------------------------------

    def _fill_table(self) -> None:
        self.query_one(ConflictTable).show(self.prepared.conflicts if self.prepared else [], self.choices)
        self._show_detail()

    def current(self) -> "Conflict | None":
        """The conflict on the highlighted row."""
        return self.query_one(ConflictTable).current()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self._update_state()

    def _show_detail(self) -> None:
        conflict = self.current()
        text = detail_text(conflict, self.choices.get(conflict.id)) if conflict is not None else ""
        self.query_one("#merge-detail", Static).update(visible_lines(text))

    # -- deciding -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "own_text"):
            conflict = self.current()
            if conflict is None or self.outcome is not None or self._busy:
                return False
            return True if action == "choose" or conflict.takes_text else None
        if action == "merge":
            return True if self._ready() else None
        return True

    def _ready(self) -> bool:
        """Whether the merge can run now: a plan that changes something, every conflict decided."""
        prepared = self.prepared
        return (prepared is not None and not self._busy and self.outcome is None and prepared.plan.changes_anything
                and all(conflict.id in self.choices for conflict in prepared.conflicts))

    @on(Button.Pressed, "#merge-a")
    def _choose_a(self) -> None:
        self.action_choose("a")

    @on(Button.Pressed, "#merge-b")
    def _choose_b(self) -> None:
        self.action_choose("b")

    def action_choose(self, side: str) -> None:
        conflict = self.current()
        if conflict is None or self.outcome is not None or self._busy:
            return
        self._decide(conflict, side)

    @on(Button.Pressed, "#merge-own")
    def action_own_text(self) -> None:
        conflict = self.current()
        if conflict is None or self.outcome is not None or self._busy:
            return
        if not conflict.takes_text:
            self.notify(f"Bij '{visible(conflict.label)}' kiest u A of B; een eigen tekst kan hier niet.",
                        severity="warning", markup=False)
            return
        from assistant.widgets.own_text import OwnTextModal

        earlier = self.choices.get(conflict.id)

        def done(text: str | None) -> None:
            if text is not None:
                self._decide(conflict, {"tekst": text})

        self.app.push_screen(OwnTextModal(conflict, earlier["tekst"] if isinstance(earlier, dict) else None), done)

    def _decide(self, conflict: "Conflict", choice: Any) -> None:
        self.choices[conflict.id] = choice
        self.query_one(ConflictTable).mark(conflict)
        self._show_detail()
        self._update_state()
        if self._ready():
            self._say(f"Alle {len(self.choices)} conflict(en) beslist. Samenvoegen (Ctrl+S) voert het uit; er is nog "
                      "niets geschreven.")

    def _update_state(self) -> None:
        conflict = self.current()
        open_row = conflict is not None and self.outcome is None and not self._busy
        self.query_one("#merge-a", Button).disabled = not open_row
        self.query_one("#merge-b", Button).disabled = not open_row
        self.query_one("#merge-own", Button).disabled = not (open_row and conflict.takes_text)
        self.query_one("#merge-run", Button).disabled = not self._ready()
        self.query_one("#merge-read", Button).disabled = self._busy or self.outcome is not None
        self.query_one("#merge-path", SafeInput).disabled = self._busy or self.outcome is not None
        has_rows = bool(self.prepared and self.prepared.conflicts)
        self.set_class(not has_rows, "-no-conflicts")
        self.refresh_bindings()

    def _say(self, text: str, *, error: bool = False, done: bool = False) -> None:
        self.query_one("#merge-status", Static).update(visible_lines(text))
        self.set_class(error, "-failed")
        self.set_class(done, "-done")

    # -- merging ------------------------------------------------------------------------------------

    @on(Button.Pressed, "#merge-run")
    def action_merge(self) -> None:
        if not self._ready() or self.prepared is None:
            if self.prepared is not None and self.outcome is None and not self._busy:
                left = sum(1 for c in self.prepared.conflicts if c.id not in self.choices)
                self.notify(f"Nog {left} conflict(en) zonder keuze.", severity="warning")
            return
        self._busy = True
        self._say("Bezig met samenvoegen…")
        self._update_state()
        self._merge_worker(self.prepared, dict(self.choices), self._owned)

    @work(thread=True, exit_on_error=False, group="samenvoegen", exclusive=True)
    def _merge_worker(self, prepared: "Prepared", choices: dict[str, Any], owned: bool) -> None:
        from assistant.merging import carry_out, prepare
        from assistant.store import StoreError
        from assistant.store.merge import MergeRefused

        ours = prepared.ours
        try:
            # Read both again: if either changed since the conflicts were shown, show the new ones.
            fresh = prepare(ours, prepared.theirs_path)
            if conflict_key(fresh) != conflict_key(prepared):
                self.post_message(self.Changed(fresh))
                return
            outcome = carry_out(fresh, choices, author=ours.author)
        except (MergeRefused, StoreError) as error:
            self.post_message(self.MergeFailed(str(error)))
            return
        except OSError as error:
            self.post_message(self.MergeFailed(f"Samenvoegen mislukt: {error.strerror or error}. Er is niets "
                                               "samengevoegd."))
            return
        if owned:
            try:
                ours.close()
            except Exception:  # the merge is on disk; a journal left behind is folded in on the next open
                pass
        self.post_message(self.Merged(outcome))

    def on_merge_screen_merged(self, message: Merged) -> None:
        from assistant.messages import AuditChanged
        from assistant.store.merge import counts_text

        self._busy = False
        self.outcome = outcome = message.outcome
        if self._owned:
            self._ours = None  # closed by the worker
        elif self._session is not None:
            self._session.conversation.forget_undo()  # undo steps from before the merge no longer apply
            self.app.post_message(AuditChanged("samenvoegen"))
        lines = [f"Samengevoegd: {counts_text(outcome.new) or 'geen nieuwe records'}; "
                 f"{len(outcome.decisions)} conflict(en) beslist."]
        if outcome.log_path is not None:
            lines.append(f"Logboek: {outcome.log_path.absolute()}")
        if outcome.backup_path is not None:
            lines.append(f"Reservekopie van voor het samenvoegen: {outcome.backup_path.absolute()}")
        if not outcome.changed:
            lines = ["Niets nieuws: er is niets gewijzigd."]
        self._say("\n".join(lines), done=True)
        self._update_state()
        notice = " ".join(lines[:1] + [f"Logboek: {outcome.log_path.name}." if outcome.log_path else "",
                                       f"Reservekopie: {outcome.backup_path.name}." if outcome.backup_path else ""])
        self.notify(visible(notice.strip()), title="Samengevoegd", timeout=15, markup=False)

    def on_merge_screen_merge_failed(self, message: MergeFailed) -> None:
        self._busy = False
        self._say(message.message, error=True)
        self._update_state()

    def on_merge_screen_changed(self, message: Changed) -> None:
        self._busy = False
        old = {key[0]: key for key in conflict_key(self.prepared)} if self.prepared else {}
        self.prepared = message.prepared
        still = {key[0] for key in conflict_key(message.prepared) if old.get(key[0]) == key}
        self.choices = {conflict_id: choice for conflict_id, choice in self.choices.items() if conflict_id in still}
        self._fill_table()
        self._say("De toetsing of de kopie is intussen gewijzigd; de conflicten zijn opnieuw gelezen. Kijk de "
                  "keuzes na en voeg dan samen. Er is niets geschreven.", error=True)
        self._update_state()

    # -- leaving ------------------------------------------------------------------------------------

    def action_back(self) -> None:
        if self._busy:
            self.notify("Even geduld: het samenvoegen of lezen is nog bezig.", severity="warning")
            return
        if self.choices and self.outcome is None:
            self._ask_discard(self._leave)
            return
        self._leave()

    def _ask_discard(self, then) -> None:
        from assistant.widgets.confirm import ConfirmModal

        def answer(discard: bool | None) -> None:
            if discard:
                self.choices = {}
                then()

        count = len(self.choices)
        self.app.push_screen(
            ConfirmModal("Keuzes weggooien?",
                         f"U hebt {count} {'keuze' if count == 1 else 'keuzes'} gemaakt en nog niet samengevoegd. "
                         "Die gaan verloren; de toetsing blijft zoals ze was.",
                         yes="Weggooien", no="Blijven", danger=True),
            answer,
        )

    def _leave(self) -> None:
        """Back where the auditor came from; after a merge into the open audit, to a fresh norm board (the
        screens below still show the audit as it was before)."""
        self._release()
        app = self.app
        if self.outcome is not None and self.outcome.changed and self._session is not None \
                and getattr(app, "session", None) is self._session:
            app.show_board()  # type: ignore[attr-defined]
        else:
            app.pop_screen()

    def _release(self) -> None:
        """Close the audit merged into if this screen opened it (in a thread: closing may write)."""
        ours, self._ours = self._ours, None
        if ours is not None and self._owned:
            self.app.run_worker(ours.close, thread=True, exit_on_error=False, group="samenvoegen-sluiten")
