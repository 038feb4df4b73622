"""The guided conversation: one line from the auditor in, a list of `Message`s out.

`Conversation` holds the state of a session over one open audit (the current source, the current norm,
each interview's walk over its norms, and an undo stack) and turns each line of the command language
into store operations and messages. It never prints and never imports a UI: the line mode and the
Textual chat both render what it returns.

Every change goes through the `AuditFile` first and only then touches the conversation's own state, so a
failed save (`SaveFailed`) leaves both as they were and comes back as one "error" message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from assistant.store import (
    COUNTING_KINDS,
    KERN_LABELS,
    Audit,
    NOTE_KINDS,
    Judgement,
    Kerngegevens,
    Note,
    SaveFailed,
    Source,
    StoreError,
    Summary,
)
from assistant.store.audit_file import AuditFile
from flows import commands, rules
from flows import text as fmt
from flows.commands import COMMANDS, ORDER_NORMSET, ORDER_SOURCES, ORDERS, CommandError
from flows.messages import CONFIRM, CONFIRMATION, ERROR, LIST, NORM, QUESTION, WARNING, Message
from normsets.model import JUDGEMENTS, Norm, NormSet

#: How many earlier notes a norm shows before it summarises the rest.
EARLIER_NOTES_SHOWN = 10
#: The draft slot of the conversation's input: text typed but not yet submitted, in the app's chat
#: input or at the line mode's prompt (the same slot, so either front end offers it back).
DRAFT_KEY = "gesprek"


class _Refused(Exception):
    """A line that cannot be carried out; the message says what to type instead. Nothing was changed."""


@dataclass
class Walk:
    """An interview's route over the norms its roles can speak to."""

    roles: tuple[str, ...]
    norm_ids: list[str]
    index: int = -1
    """Position of the walk's current norm; -1 before the first, len(norm_ids) after the last."""
    skipped: list[str] = field(default_factory=list)

    @property
    def queue(self) -> tuple[str, ...]:
        return tuple(self.norm_ids[self.index + 1:])

    @property
    def finished(self) -> bool:
        return self.index >= len(self.norm_ids)


@dataclass(frozen=True)
class _Pending:
    """An action waiting for the auditor's /ja."""

    description: str
    """What /ja would do, as it reads after "Bevestigd: "."""
    action: Callable[[], list[Message]]


@dataclass(frozen=True)
class _UndoStep:
    description: str
    """What the step undoes, as it reads after "Ongedaan gemaakt: "."""
    revert: Callable[[], None]


class Conversation:
    """A session of the guided dialogue over one open audit."""

    def __init__(self, audit_file: AuditFile, normset: NormSet, order: str = ORDER_SOURCES, *,
                 today: Callable[[], date] = date.today) -> None:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
        self.audit_file = audit_file
        self.normset = normset
        self.order = order
        self._today = today
        self._source_id: str | None = None
        self._norm_id: str | None = None
        self._walks: dict[str, Walk] = {}
        self._undo: list[_UndoStep] = []
        self._my_notes: list[str] = []
        self.finished = False
        self.unsaved = 0
        """How many lines of this session could not be saved (a full disk, a read-only folder)."""
        self._pending: _Pending | None = None

    # -- state, read by the front ends --------------------------------------------------------

    @property
    def current_source(self) -> Source | None:
        return self.audit_file.source(self._source_id) if self._source_id else None

    @property
    def current_norm(self) -> Norm | None:
        return self.normset.norm(self._norm_id) if self._norm_id else None

    @property
    def sources(self) -> tuple[Source, ...]:
        """All sources of the audit, in creation order: /bron N picks number N from this (1-based)."""
        return self.audit_file.snapshot().sources

    @property
    def queue(self) -> tuple[str, ...]:
        """The norm ids still to come in the current source's walk (empty without a walk)."""
        walk = self._walk()
        return walk.queue if walk else ()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def command_names(self) -> list[str]:
        """The commands as typed, with their slash (``"/gesprek"``), in the order of /help."""
        return [commands.PREFIX + command.name for command in COMMANDS]

    def norm_ids(self) -> list[str]:
        return list(self.normset.norm_ids)

    def status_line(self) -> str:
        """One line for a toolbar: ``"bron 2: gesprek P — ambulant werkers | norm V5: 2 van 3 bronnen"``."""
        source = self.current_source
        if source is None:
            parts = ["geen bron"]
        else:
            parts = [f"bron {self._source_number(source.id)}: {fmt.source_label(source)}"]
        norm = self.current_norm
        if norm is None:
            parts.append("geen norm")
        else:
            status = self._status(norm.id)
            parts.append(f"norm {norm.id}: {fmt.sources_phrase(status.source_count, self.normset.min_sources)}")
        walk = self._walk()
        if walk is not None:
            parts.append(f"nog {len(walk.queue)} in rondgang" if not walk.finished else "rondgang klaar")
        return " | ".join(parts)

    def opening(self) -> list[Message]:
        """What a front end shows when the session starts: which audit, how far, how to begin."""
        audit = self.audit_file.snapshot()
        open_count = sum(1 for status in rules.norm_statuses(audit, self.normset).values() if status.is_open)
        organisation = audit.kern.organisatie or "(organisatie nog niet ingevuld)"
        lines = [
            f"{self.normset.title} ({self.normset.version}): {fmt.plural(len(self.normset.norms), 'norm', 'normen')}, "
            f"{open_count} open; {fmt.plural(len(audit.sources), 'bron', 'bronnen')}.",
            "Begin een gesprek met /gesprek ROL (bijvoorbeeld /gesprek P), kies een norm met /norm ID, "
            "of typ /help voor alle opdrachten.",
        ]
        if self.audit_file.read_only:
            lines.append("Alleen-lezen geopend: u kunt kijken, maar niets wijzigen.")
        return [Message(LIST, f"Toetsing {organisation}", tuple(lines))]

    # -- the one entry point --------------------------------------------------------------------

    def pending_draft(self) -> str:
        """Text typed into the input earlier but never submitted ('' when there is none)."""
        return self.audit_file.drafts().get(DRAFT_KEY, "")

    def keep_draft(self, text: str) -> str | None:
        """Keep unsubmitted input durably ('' clears it). Returns the store's Dutch error, or None."""
        if self.audit_file.read_only:
            return None
        try:
            self.audit_file.set_draft(DRAFT_KEY, text)
        except StoreError as error:
            return str(error)
        return None

    def handle(self, line: str) -> list[Message]:
        """Carry out one line: plain text is a bevinding, ``/...`` a command. Never raises for bad input."""
        if self.finished:
            return [Message(ERROR, "De sessie is beëindigd; open het auditbestand opnieuw om verder te gaan.")]
        try:
            parsed = commands.parse(line)
            pending, self._pending = self._pending, None
            if parsed.command is not None and parsed.command.name in ("ja", "nee"):
                return self._answer(pending, parsed.command.name == "ja")
            dropped = ([Message(WARNING, f"Niet bevestigd, dus niet gedaan: {pending.description}.")]
                       if pending is not None and (parsed.command is not None or parsed.argument) else [])
            if parsed.command is None:
                if not parsed.argument:
                    self._pending = pending
                    return []
                return dropped + self._add_note("bevinding", parsed.argument)
            handler: Callable[[str], list[Message]] = getattr(self, f"_do_{parsed.command.name}")
            return dropped + handler(parsed.argument)
        except (_Refused, CommandError) as refusal:
            return [Message(ERROR, str(refusal))]
        except StoreError as error:
            if isinstance(error, SaveFailed):
                self.unsaved += 1
            return [Message(ERROR, str(error))]

    # -- confirmation ----------------------------------------------------------------------------

    @property
    def awaiting_confirmation(self) -> str | None:
        """What /ja would do now, or None."""
        return self._pending.description if self._pending else None

    def ask(self, question: str, description: str, action: Callable[[], list[Message]],
            lines: tuple[str, ...] = ()) -> list[Message]:
        """Hold `action` until the auditor answers /ja; the reply asks `question`."""
        self._pending = _Pending(description, action)
        return [Message(CONFIRM, question, (*lines, "Typ /ja om door te gaan of /nee om af te zien."))]

    def _do_ja(self, _argument: str) -> list[Message]:
        return self._answer(None, True)  # reached only when nothing was pending (see `handle`)

    def _do_nee(self, _argument: str) -> list[Message]:
        return self._answer(None, False)

    def _answer(self, pending: _Pending | None, yes: bool) -> list[Message]:
        if pending is None:
            return [Message(WARNING, "Er is niets om te bevestigen.")]
        if not yes:
            return [Message(CONFIRMATION, f"Niet gedaan: {pending.description}.")]
        return pending.action()

    # -- public shortcuts (the app's buttons and palette use these) ----------------------------

    def start_interview(self, roles: tuple[str, ...], label: str, date: str, *,
                        include_judged: bool = False) -> list[Message]:
        """Same as /gesprek: a new interview source, made current, and the start of its walk."""
        try:
            codes = commands.parse_roles(list(roles), example="/gesprek P twee ambulant werkers")
            return self._start_interview(codes, label.strip(), date, include_judged)
        except CommandError as refusal:
            return [Message(ERROR, str(refusal))]
        except StoreError as error:
            return [Message(ERROR, str(error))]

    def goto_norm(self, norm_id: str) -> list[Message]:
        """Same as /norm ID."""
        return self.handle(f"/norm {norm_id}")

    def mark_last(self, kind: str) -> list[Message]:
        """Change the kind of the last note this conversation stored (e.g. a bevinding that was bewijs)."""
        if kind not in NOTE_KINDS:
            return [Message(ERROR, f"Onbekend soort notitie '{kind}'. Kies uit: {', '.join(NOTE_KINDS)}.")]
        note = next((self.audit_file.note(note_id) for note_id in reversed(self._my_notes)
                     if self.audit_file.note(note_id) is not None), None)
        if note is None:
            return [Message(ERROR, "Er is in deze sessie nog geen notitie om aan te passen.")]
        if note.kind == kind:
            return [Message(WARNING, f"De laatste notitie bij {note.norm_id} is al {kind}.", norm_id=note.norm_id)]
        try:
            self.audit_file.put_note(replace(note, kind=kind))
        except StoreError as error:
            return [Message(ERROR, str(error))]
        self._push_undo(f"de wijziging van {note.kind} in {kind} bij {note.norm_id}",
                        lambda: self.audit_file.put_note(note))
        return [Message(CONFIRMATION, f"opgeslagen als {kind} — {self._count_text(note.norm_id)}",
                        norm_id=note.norm_id)]

    # -- sources ---------------------------------------------------------------------------------

    def _do_gesprek(self, argument: str) -> list[Message]:
        parsed = commands.parse_interview(argument)
        return self._start_interview(parsed.roles, parsed.label, parsed.date or self._today().isoformat(),
                                     parsed.include_judged)

    def _start_interview(self, roles: tuple[str, ...], label: str, interview_date: str,
                         include_judged: bool) -> list[Message]:
        audit = self.audit_file.snapshot()
        candidates = [norm for norm in self.normset.norms if any(role in norm.all_roles for role in roles)]
        judged = [norm.id for norm in candidates if self._judged(audit, norm.id)]
        walk_ids = [norm.id for norm in candidates if include_judged or norm.id not in judged]
        source = self._add_source(Source.new("gesprek", label, roles=roles, date=interview_date))
        walk = Walk(roles, self._ordered(walk_ids))
        self._walks[source.id] = walk
        role_text = ", ".join(roles)
        order_text = ("de normen met de minste bronnen eerst (/volgorde normenset: in de volgorde van de normenset)"
                      if self.order == ORDER_SOURCES else
                      "in de volgorde van de normenset (/volgorde bronnen: de minste bronnen eerst)")
        lines = [
            "Noteer in de omschrijving alleen functies, nooit namen van gesprekspartners.",
            f"Rondgang: {fmt.plural(len(walk.norm_ids), 'norm', 'normen')} voor {role_text}, {order_text}.",
        ]
        if judged and not include_judged:
            lines.append(f"{fmt.plural(len(judged), 'norm heeft', 'normen hebben')} al een oordeel en "
                         f"{'komt' if len(judged) == 1 else 'komen'} niet langs (/gesprek {role_text} --alle neemt "
                         "ze mee).")
        messages = [Message(CONFIRMATION, f"Bron {self._source_number(source.id)}: {source.describe()} "
                                          "is de huidige bron.", tuple(lines))]
        if not walk.norm_ids:
            messages.append(Message(WARNING, f"Er zijn geen normen zonder oordeel voor {role_text}.",
                                    (f"Met /gesprek {role_text} --alle komen ook de beoordeelde normen langs.",)))
            return messages
        return messages + self._walk_to(walk, 0)

    def _do_document(self, argument: str) -> list[Message]:
        return self._new_plain_source("document", argument)

    def _do_registratie(self, argument: str) -> list[Message]:
        return self._new_plain_source("registratie", argument)

    def _do_observatie(self, argument: str) -> list[Message]:
        return self._new_plain_source("observatie", argument)

    def _do_gegevens(self, argument: str) -> list[Message]:
        return self._new_plain_source("gegevens", argument)

    def _new_plain_source(self, kind: str, name: str) -> list[Message]:
        source = self._add_source(Source.new(kind, name))
        norm = self.current_norm
        hint = (f"Huidige norm blijft {norm.id}; noteer wat u zag met /bewijs TEKST."
                if norm else "Kies een norm met /norm ID en noteer wat u zag met /bewijs TEKST.")
        return [Message(CONFIRMATION, f"Bron {self._source_number(source.id)}: {source.describe()} is de huidige bron.",
                        (hint,))]

    def _add_source(self, source: Source) -> Source:
        """Store a new source and make it current; undo removes it and restores the previous source."""
        previous_source_id = self._source_id
        self.audit_file.put_source(source)
        self._source_id = source.id

        def revert() -> None:
            self.audit_file.delete_source(source.id)
            self._walks.pop(source.id, None)
            if self._source_id == source.id:
                self._source_id = previous_source_id

        self._push_undo(f"de nieuwe bron '{source.describe()}'", revert)
        return source

    def _do_bronnen(self, _argument: str) -> list[Message]:
        audit = self.audit_file.snapshot()
        if not audit.sources:
            return [Message(LIST, "Nog geen bronnen. Begin met /gesprek ROL of /document NAAM.")]
        note_counts: dict[str, int] = {}
        for note in audit.notes:
            note_counts[note.source_id or ""] = note_counts.get(note.source_id or "", 0) + 1
        lines = []
        for number, source in enumerate(audit.sources, start=1):
            line = f"{number}. {source.describe()} — {fmt.plural(note_counts.get(source.id, 0), 'notitie', 'notities')}"
            if source.id == self._source_id:
                line += " (huidige bron)"
            lines.append(line)
        return [Message(LIST, f"Bronnen ({len(audit.sources)}); kies er een met /bron N:", tuple(lines))]

    def _do_bron(self, argument: str) -> list[Message]:
        sources = self.sources
        if not sources:
            raise _Refused("Er zijn nog geen bronnen. Maak er een met /gesprek ROL of /document NAAM.")
        if not argument.isdigit() or not 1 <= int(argument) <= len(sources):
            raise _Refused(f"Er is geen bron '{argument}'. Typ een nummer van 1 tot en met {len(sources)}, "
                           "bijvoorbeeld /bron 1; /bronnen toont de lijst.")
        number = int(argument)
        source = sources[number - 1]
        self._source_id = source.id
        title = f"Huidige bron: {number}. {source.describe()}."
        walk = self._walks.get(source.id)
        if walk is not None and walk.finished:
            return [Message(CONFIRMATION, title),
                    Message(WARNING, "De rondgang van dit gesprek is klaar.",
                            ("Typ /open voor de normen die nog bronnen of een oordeel missen.",))]
        if walk is not None and walk.index >= 0 and walk.norm_ids[walk.index] != self._norm_id:
            return [Message(CONFIRMATION, title, ("De rondgang van dit gesprek gaat verder.",))] + self._walk_to(
                walk, walk.index)
        norm = self.current_norm
        return [Message(CONFIRMATION, title, (f"Huidige norm blijft {norm.id}.",) if norm else ())]

    # -- moving through the norms --------------------------------------------------------------

    def _do_norm(self, argument: str) -> list[Message]:
        norm = self.normset.norm(argument)
        if norm is None:
            raise _Refused(f"Onbekende norm '{argument}'. Deze normenset heeft {fmt.norm_range_text(self.normset)}; "
                           "typ bijvoorbeeld /norm V5.")
        walk = self._walk()
        if walk is not None and norm.id in walk.norm_ids:
            walk.index = walk.norm_ids.index(norm.id)
        self._norm_id = norm.id
        return self._show_norm(norm)

    def _do_volgende(self, _argument: str) -> list[Message]:
        return self._step(+1)

    def _do_vorige(self, _argument: str) -> list[Message]:
        return self._step(-1)

    def _do_overslaan(self, _argument: str) -> list[Message]:
        walk = self._walk()
        if walk is not None and not walk.finished and walk.index >= 0:
            current = walk.norm_ids[walk.index]
            if current == self._norm_id and current not in walk.skipped:
                walk.skipped.append(current)
        return self._step(+1)

    def _step(self, delta: int) -> list[Message]:
        walk = self._walk()
        if walk is None:
            return self._step_in_normset(delta)
        target = walk.index + delta
        if delta < 0 and walk.finished:
            target = len(walk.norm_ids) - 1
        if target < 0:
            return [Message(WARNING, "Dit is de eerste norm van de rondgang.")]
        if target >= len(walk.norm_ids):
            already = walk.finished
            walk.index = len(walk.norm_ids)
            return [self._end_of_walk(walk, already)]
        return self._walk_to(walk, target)

    def _step_in_normset(self, delta: int) -> list[Message]:
        ids = self.normset.norm_ids
        if self._norm_id is None:
            if delta < 0:
                raise _Refused("Er is nog geen huidige norm. Kies er een met /norm ID, bijvoorbeeld /norm V1.")
            target = 0
        else:
            target = ids.index(self._norm_id) + delta
        if target < 0:
            return [Message(WARNING, f"{ids[0]} is de eerste norm van de normenset.")]
        if target >= len(ids):
            return [Message(WARNING, f"{ids[-1]} is de laatste norm van de normenset.",
                            ("Typ /open voor de normen die nog bronnen of een oordeel missen.",))]
        self._norm_id = ids[target]
        return self._show_norm(self.normset.norms[target])

    def _walk_to(self, walk: Walk, index: int) -> list[Message]:
        walk.index = index
        self._norm_id = walk.norm_ids[index]
        return self._show_norm(self.normset.norm(self._norm_id))

    def _end_of_walk(self, walk: Walk, already: bool) -> Message:
        roles = ", ".join(walk.roles)
        title = ("De rondgang van dit gesprek is al klaar." if already else
                 f"Einde van de rondgang: alle {fmt.plural(len(walk.norm_ids), 'norm', 'normen')} voor {roles} "
                 "zijn langs geweest.")
        lines = []
        if walk.skipped:
            lines.append(f"Overgeslagen: {', '.join(walk.skipped)} (ga terug met /norm ID).")
        lines.append("Typ /open voor de normen die nog bronnen of een oordeel missen, "
                     "of begin een volgend gesprek met /gesprek ROL.")
        return Message(WARNING, title, tuple(lines))

    def _do_volgorde(self, argument: str) -> list[Message]:
        order = commands.parse_order(argument)
        self.order = order
        walk = self._walk()
        if walk is not None and not walk.finished:
            done = walk.norm_ids[: walk.index + 1]
            walk.norm_ids = done + self._ordered(walk.norm_ids[walk.index + 1:])
        text = ("Volgorde: de normen met de minste bronnen eerst." if order == ORDER_SOURCES
                else "Volgorde: als in de normenset.")
        lines = (f"Nog in de rondgang: {', '.join(walk.queue)}.",) if walk is not None and walk.queue else ()
        return [Message(CONFIRMATION, text, lines)]

    def _show_norm(self, norm: Norm) -> list[Message]:
        audit = self.audit_file.snapshot()
        status = rules.norm_statuses(audit, self.normset)[norm.id]
        rubriek = self.normset.rubriek(norm.rubriek)
        lines = [f"{rubriek.title} {norm.number}"]
        if norm.application_note:
            lines.append(f"Toepassing: {norm.application_note}")
        lines.append("Wie: " + ", ".join(norm.roles) + (f"; aanvullend: {', '.join(norm.extra_roles)}"
                                                          if norm.extra_roles else ""))
        count_line = fmt.sources_phrase(status.source_count, self.normset.min_sources)
        if status.under_minimum and status.gap_text():
            count_line += f" — {status.gap_text()}"
        lines.append(f"{count_line}; {fmt.judgement_phrase(status.judgement)}")
        walk = self._walk()
        if walk is not None and norm.id in walk.norm_ids:
            lines.append(f"Norm {walk.norm_ids.index(norm.id) + 1} van {len(walk.norm_ids)} in deze rondgang.")
        messages = [Message(NORM, f"{norm.id}: {norm.text}", tuple(lines), norm_id=norm.id)]
        notes = audit.notes_for(norm.id)
        if notes:
            shown = notes[-EARLIER_NOTES_SHOWN:]
            note_lines = [self._note_line(audit.source(note.source_id), note) for note in shown]
            if len(notes) > len(shown):
                note_lines.insert(0, f"(en {fmt.plural(len(notes) - len(shown), 'eerdere notitie', 'eerdere notities')}; "
                                     "alle notities staan in het werkdocument)")
            messages.append(Message(LIST, "Eerder genoteerd:", tuple(note_lines), norm_id=norm.id))
        messages.extend(self._questions(norm))
        return messages

    @staticmethod
    def _note_line(source: Source | None, note: Note) -> str:
        where = fmt.shorten(fmt.source_label(source), 40) if source else "zonder bron"
        kind = "" if note.kind == "bevinding" else f"[{note.kind}] "
        author = f" ({note.author})" if note.author else ""
        return f"{where}: {kind}{fmt.shorten(note.text, 90)}{author}"

    def _questions(self, norm: Norm) -> list[Message]:
        source = self.current_source
        if source is None or source.kind != "gesprek":
            return []
        roles = [role for role in source.roles if role in norm.all_roles]
        messages = []
        for role in roles:
            for question in norm.questions_for(role):
                prefix = f"{role}: " if len(roles) > 1 else ""
                messages.append(Message(QUESTION, prefix + question, norm_id=norm.id))
        return messages

    # -- notes -----------------------------------------------------------------------------------

    def _do_bevinding(self, argument: str) -> list[Message]:
        return self._add_note("bevinding", argument)

    def _do_bewijs(self, argument: str) -> list[Message]:
        return self._add_note("bewijs", argument)

    def _do_suggestie(self, argument: str) -> list[Message]:
        return self._add_note("suggestie", argument)

    def _do_citaat(self, argument: str) -> list[Message]:
        return self._add_note("citaat", argument)

    def _add_note(self, kind: str, text: str) -> list[Message]:
        norm, source = self.current_norm, self.current_source
        if norm is None and source is None:
            raise _Refused("Er is nog geen norm en geen bron om deze tekst bij op te slaan. Begin een gesprek met "
                           "/gesprek ROL (bijvoorbeeld /gesprek P), of kies een bron met /bron N en een norm met "
                           "/norm ID.")
        if norm is None:
            raise _Refused("Er is geen huidige norm om deze tekst bij op te slaan. Kies eerst een norm met /norm ID "
                           "(bijvoorbeeld /norm V5) en typ de tekst dan opnieuw.")
        if source is None:
            raise _Refused("Er is geen huidige bron voor deze tekst. Begin een gesprek met /gesprek ROL, maak een "
                           "bron met /document NAAM, of kies een bestaande met /bron N (zie /bronnen).")
        note = self.audit_file.put_note(Note.new(norm.id, source.id, kind, text))
        self._my_notes.append(note.id)

        def revert() -> None:
            self.audit_file.delete_note(note.id)
            if note.id in self._my_notes:
                self._my_notes.remove(note.id)

        self._push_undo(f"de {kind} bij {norm.id} ('{fmt.shorten(text, 40)}')", revert)
        walk = self._walk()
        if walk is not None and norm.id in walk.skipped:
            walk.skipped.remove(norm.id)
        as_kind = "" if kind == "bevinding" else f" als {kind}"
        lines = () if kind in COUNTING_KINDS else (f"Een {kind} telt niet als bron voor de norm.",)
        return [Message(CONFIRMATION, f"opgeslagen{as_kind} — {self._count_text(norm.id)}", lines, norm_id=norm.id)]

    # -- judging ---------------------------------------------------------------------------------

    def _do_oordeel(self, argument: str) -> list[Message]:
        value, report_text = commands.parse_judgement(argument)
        norm = self._require_norm("om te beoordelen", f"/oordeel {value} ...")
        before = self.audit_file.judgement(norm.id)
        advice_before = rules.advice(self.audit_file.snapshot(), self.normset)
        base = before or Judgement.new(norm.id)
        self.audit_file.put_judgement(replace(base, value=value, report_text=report_text or base.report_text))
        self._push_judgement_undo(norm.id, before, f"het oordeel over {norm.id}")
        label = JUDGEMENTS[value]
        lines = []
        if report_text:
            lines.append("Rapporttekst opgeslagen.")
        elif not base.report_text and value != "nb":
            lines.append("Nog geen rapporttekst: schrijf die met /verslag TEKST.")
        messages = [Message(CONFIRMATION, f"oordeel {norm.id}: {label} ({value}) opgeslagen", tuple(lines),
                            norm_id=norm.id)]
        status = self._status(norm.id)
        if status.under_minimum and value != "nb":
            messages.append(Message(
                WARNING,
                f"{norm.id} heeft {fmt.sources_phrase(status.source_count, self.normset.min_sources)}; "
                f"de norm blijft open tot er {self.normset.min_sources} zijn.",
                (f"Nog nodig: {status.gap_text()}.",) if status.gap_text() else (),
                norm_id=norm.id,
            ))
        advice_after = rules.advice(self.audit_file.snapshot(), self.normset)
        if advice_before.positive_possible and not advice_after.positive_possible:
            messages.append(Message(WARNING, "Hiermee is een positief advies niet meer mogelijk.",
                                    advice_after.reasons))
        return messages

    def _do_verslag(self, argument: str) -> list[Message]:
        norm = self._require_norm("om de rapporttekst bij te schrijven", "/verslag TEKST")
        before = self.audit_file.judgement(norm.id)
        base = before or Judgement.new(norm.id)
        self.audit_file.put_judgement(replace(base, report_text=argument))
        self._push_judgement_undo(norm.id, before, f"de rapporttekst van {norm.id}")
        lines = () if base.value else ("Nog geen oordeel: geef het met /oordeel WAARDE.",)
        return [Message(CONFIRMATION, f"rapporttekst {norm.id} opgeslagen", lines, norm_id=norm.id)]

    def _push_judgement_undo(self, norm_id: str, before: Judgement | None, description: str) -> None:
        def revert() -> None:
            if before is None:
                self.audit_file.delete_judgement(norm_id)
            else:
                self.audit_file.put_judgement(before)

        self._push_undo(description, revert)

    # -- overviews -------------------------------------------------------------------------------

    def _do_open(self, _argument: str) -> list[Message]:
        return [fmt.open_overview(self.audit_file.snapshot(), self.normset)]

    def _do_status(self, _argument: str) -> list[Message]:
        return fmt.status_overview(self.audit_file.snapshot(), self.normset)

    def _do_plan(self, argument: str) -> list[Message]:
        planned = commands.parse_plan(argument)
        return [fmt.plan_overview(self.audit_file.snapshot(), self.normset, planned)]

    # -- kerngegevens and summary ----------------------------------------------------------------

    def _do_kern(self, argument: str) -> list[Message]:
        kern = self.audit_file.snapshot().kern
        if not argument:
            lines = [f"{name}: {getattr(kern, name) or '—'}" for name in Kerngegevens.field_names()]
            return [Message(LIST, "Kerngegevens (wijzig met /kern VELD WAARDE):", tuple(lines))]
        name, value = commands.parse_kern(argument)
        self.audit_file.put_kern(kern.with_field(name, value))
        self._push_undo(f"het kerngegeven {name}", lambda: self.audit_file.put_kern(kern))
        return [Message(CONFIRMATION, f"kerngegeven opgeslagen — {KERN_LABELS[name]}: {value}")]

    def _do_compliment(self, argument: str) -> list[Message]:
        summary = self.audit_file.snapshot().summary
        self._put_summary(replace(summary, complimenten=(*summary.complimenten, argument)), summary, "het compliment")
        count = len(summary.complimenten) + 1
        return [Message(CONFIRMATION, f"compliment toegevoegd ({fmt.plural(count, 'compliment', 'complimenten')})")]

    def _do_zorgpunt(self, argument: str) -> list[Message]:
        summary = self.audit_file.snapshot().summary
        self._put_summary(replace(summary, zorgpunten=(*summary.zorgpunten, argument)), summary, "het zorgpunt")
        count = len(summary.zorgpunten) + 1
        return [Message(CONFIRMATION, f"zorgpunt toegevoegd ({fmt.plural(count, 'zorgpunt', 'zorgpunten')})")]

    def _do_toelichting(self, argument: str) -> list[Message]:
        summary = self.audit_file.snapshot().summary
        self._put_summary(replace(summary, toelichting=argument), summary, "de toelichting")
        return [Message(CONFIRMATION, "toelichting opgeslagen")]

    def _put_summary(self, new: Summary, before: Summary, description: str) -> None:
        self.audit_file.put_summary(new)
        self._push_undo(description, lambda: self.audit_file.put_summary(before))

    # -- undo, help, stop ------------------------------------------------------------------------

    def _push_undo(self, description: str, revert: Callable[[], None]) -> None:
        self._undo.append(_UndoStep(description, revert))

    def _do_ongedaan(self, _argument: str) -> list[Message]:
        if not self._undo:
            return [Message(WARNING, "Er is in deze sessie nog niets om ongedaan te maken.")]
        step = self._undo[-1]
        step.revert()
        self._undo.pop()
        norm = self.current_norm
        lines = (f"Huidige norm {self._count_text(norm.id)}.",) if norm else ()
        return [Message(CONFIRMATION, f"Ongedaan gemaakt: {step.description}.", lines)]

    def forget_undo(self) -> None:
        """Drop the undo steps: after the audit was changed from outside this conversation (a merge), undoing
        a step from before would silently overwrite what the merge decided."""
        self._undo.clear()

    # -- merging (done by the front ends) ---------------------------------------------------------

    def _do_samenvoegen(self, _argument: str) -> list[Message]:
        # A merge reads another file and asks a decision per conflict: the line mode handles /samenvoegen
        # itself before a line reaches the engine; in the app the merge has its own screen.
        return [Message(ERROR, "Samenvoegen kan niet vanuit het gesprek in de app.", (
            "Kies in het opdrachtenpalet (Ctrl+P) 'Samenvoegen met de kopie van een andere toetser', of op het "
            "startscherm S.",
            "In de regelmodus (toetsassistent lijn) werkt /samenvoegen PAD; op de opdrachtregel "
            "toetsassistent samenvoegen A.toets B.toets.",
        ))]

    def _do_help(self, argument: str) -> list[Message]:
        return [commands.help_message(argument)]

    def _do_stop(self, _argument: str) -> list[Message]:
        self.finished = True
        if self.audit_file.read_only:
            return [Message(CONFIRMATION, "Sessie beëindigd; de toetsing was alleen-lezen geopend en is niet gewijzigd.")]
        if self.unsaved:
            return [Message(WARNING, f"Sessie beëindigd; {fmt.plural(self.unsaved, 'regel kon', 'regels konden')} "
                                     "niet worden opgeslagen (zie de foutmeldingen hierboven). Al het andere is opgeslagen.")]
        return [Message(CONFIRMATION, "Sessie beëindigd; alles is opgeslagen.")]

    # -- helpers ---------------------------------------------------------------------------------

    def _walk(self) -> Walk | None:
        return self._walks.get(self._source_id) if self._source_id else None

    def _status(self, norm_id: str) -> rules.NormStatus:
        return rules.norm_statuses(self.audit_file.snapshot(), self.normset)[norm_id]

    def _count_text(self, norm_id: str) -> str:
        """``"V5: 2 van 3 bronnen"``."""
        return f"{norm_id}: {fmt.sources_phrase(self._status(norm_id).source_count, self.normset.min_sources)}"

    def _source_number(self, source_id: str) -> int:
        return next(number for number, source in enumerate(self.sources, start=1) if source.id == source_id)

    def _ordered(self, norm_ids: list[str]) -> list[str]:
        """`norm_ids` in the conversation's order: fewest sources first (ties in set order), or set order."""
        position = {norm_id: index for index, norm_id in enumerate(self.normset.norm_ids)}
        if self.order == ORDER_NORMSET:
            return sorted(norm_ids, key=position.__getitem__)
        statuses = rules.norm_statuses(self.audit_file.snapshot(), self.normset)
        return sorted(norm_ids, key=lambda norm_id: (statuses[norm_id].source_count, position[norm_id]))

    @staticmethod
    def _judged(audit: Audit, norm_id: str) -> bool:
        record = audit.judgements.get(norm_id)
        return record is not None and record.value is not None

    def _require_norm(self, purpose: str, example: str) -> Norm:
        norm = self.current_norm
        if norm is None:
            raise _Refused(f"Er is geen huidige norm {purpose}. Kies eerst een norm met /norm ID "
                           f"(bijvoorbeeld /norm V5) en typ dan {example}")
        return norm
