"""The guided conversation: one line from the auditor in, a list of `Message`s out.

`Conversation` holds the state of a session over one open audit (the current source, the current norm,
the source the next /bewijs goes to, and an undo stack) and turns each line of the command language
into store operations and messages. It never prints and never imports a UI: the line mode and the
Textual chat both render what it returns.

Each interview's walk over its norms is the rule set of `flows.walk`, kept in the audit file (a `Walk`
record per interview, written in the same step as the change that moved it), so an interview can be
continued on any day; a new session goes on with the interview whose walk moved last.

Every change goes through the `AuditFile` first and only then touches the conversation's own state, so a
failed save (`SaveFailed`) leaves both as they were and comes back as one "error" message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
from assistant.store.model import ADVICE_CHOICES, FOLLOW_UP_STATES, FollowUp, Plan, Walk
from flows import commands, drafting, kern, partners, plans, recert, rules
from flows import text as fmt
from flows import walk as walks
from flows.commands import COMMANDS, ORDER_SOURCES, ORDERS, CommandError
from flows.draft_slots import DRAFT_KEY
from flows.messages import CONFIRM, CONFIRMATION, ERROR, LIST, NORM, QUESTION, WARNING, Message
from normsets.model import JUDGEMENTS, Norm, NormSet

#: How many earlier notes a norm shows before it summarises the rest.
EARLIER_NOTES_SHOWN = 10


class _Refused(Exception):
    """A line that cannot be carried out; the message says what to type instead. Nothing was changed."""


#: The words after /gesprek that continue an interview instead of starting one.
CONTINUE_WORDS = ("verder", "voort", "continue")


@dataclass(frozen=True)
class _Pending:
    """An action waiting for the auditor's /ja."""

    description: str
    """What /ja would do, as it reads after "Bevestigd: "."""
    action: Callable[[], list[Message]]
    on_no: Callable[[], list[Message]] | None = None
    """What /nee does instead of nothing (None: /nee only drops `action`)."""


@dataclass(frozen=True)
class _UndoStep:
    description: str
    """What the step undoes, as it reads after "Ongedaan gemaakt: "."""
    revert: Callable[[], None]


class Conversation:
    """A session of the guided dialogue over one open audit."""

    def __init__(self, audit_file: AuditFile, normset: NormSet, order: str = ORDER_SOURCES, *,
                 today: Callable[[], date] = date.today, resume: bool = True) -> None:
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
        self.audit_file = audit_file
        self.normset = normset
        self.order = order
        self._today = today
        self._source_id: str | None = None
        self._norm_id: str | None = None
        self._walks: dict[str, Walk] = {}
        """The walks this session knows, by interview source id (the stored ones, or rebuilt)."""
        self._evidence: tuple[str, str] | None = None
        """(source id, norm id): the source named during an interview that takes the next /bewijs at that norm."""
        self._undo: list[_UndoStep] = []
        self._my_notes: list[str] = []
        self.finished = False
        self.unsaved = 0
        """How many lines of this session could not be saved (a full disk, a read-only folder)."""
        self._pending: _Pending | None = None
        self.resumed: Source | None = None
        """The interview this session went on with when it started (see `_resume_last`), or None."""
        if resume:
            self._resume_last()

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
        """The norms of the current interview's walk not asked yet, in order ("nog te doen"; empty without one)."""
        walk = self._walk()
        return walks.to_do(walk) if walk else ()

    @property
    def walk(self) -> Walk | None:
        """The current interview's walk (None when the current source is no interview)."""
        return self._walk()

    @property
    def evidence_source(self) -> Source | None:
        """The source the next /bewijs goes to instead of the current one (named during an interview), or None."""
        if self._evidence is None or self._evidence[1] != self._norm_id:
            return None
        return self.audit_file.source(self._evidence[0])

    def source_number(self, source_id: str) -> int:
        """The source's number as /bronnen and /bron N count (from 1, in creation order)."""
        return self._source_number(source_id)

    def interviews(self) -> tuple[walks.InterviewInfo, ...]:
        """The audit's interviews with their notes and walks, as /gesprek verder lists them."""
        return walks.interviews(self.audit_file.snapshot())

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
        evidence = self.evidence_source
        if evidence is not None:
            parts.insert(1, f"/bewijs: bron {self._source_number(evidence.id)}: {fmt.source_label(evidence)}")
        walk = self._walk()
        if walk is not None:
            left = walks.to_do(walk)
            parts.append(f"nog {len(left)} in rondgang" if left else "rondgang klaar")
        return " | ".join(parts)

    def opening(self) -> list[Message]:
        """What a front end shows when the session starts: which audit, how far, how to begin."""
        audit = self.audit_file.snapshot()
        open_count = sum(1 for status in rules.norm_statuses(audit, self.normset).values() if status.is_open)
        organisation = audit.kern.organisatie or "(organisatie nog niet ingevuld)"
        source = self.resumed if self.resumed is not None and self._source_id == self.resumed.id else None
        lines = [
            f"{self.normset.title} ({self.normset.version}): {fmt.plural(len(self.normset.norms), 'norm', 'normen')}, "
            f"{open_count} open; {fmt.plural(len(audit.sources), 'bron', 'bronnen')}.",
        ]
        if source is None:
            lines.append("Begin een gesprek met /gesprek ROL (bijvoorbeeld /gesprek P), kies een norm met /norm ID, "
                         "of typ /help voor alle opdrachten.")
        if self.audit_file.read_only:
            lines.append("Alleen-lezen geopend: u kunt kijken, maar niets wijzigen.")
        messages = [Message(LIST, f"Toetsing {organisation}", tuple(lines))]
        if source is not None:
            messages.append(Message(CONFIRMATION, f"Verder met het gesprek van de vorige keer: bron "
                                                  f"{self._source_number(source.id)}: {source.describe()}.",
                                    (self._walk_summary(source.id),
                                     "Een ander gesprek voortzetten: /gesprek verder (de lijst); "
                                     "een nieuw gesprek: /gesprek ROL; alle opdrachten: /help.")))
            norm = self.current_norm
            if norm is not None:
                messages.extend(self._show_norm(norm))
        return messages

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
            handler: Callable[[str], list[Message]] = getattr(self, f"_do_{parsed.command.name.replace('-', '_')}")
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
            lines: tuple[str, ...] = (), *, on_no: Callable[[], list[Message]] | None = None,
            answers: str = "Typ /ja om door te gaan of /nee om af te zien.") -> list[Message]:
        """Hold `action` until the auditor answers /ja; the reply asks `question`.

        With `on_no`, /nee carries that out instead of only dropping `action` (`answers` then says what
        each answer does). Any other line still drops both.
        """
        self._pending = _Pending(description, action, on_no)
        return [Message(CONFIRM, question, (*lines, answers))]

    def forget_pending(self) -> None:
        """Drop a question without an answer (the app's Escape on its dialog): neither answer is carried out."""
        self._pending = None

    def _do_ja(self, _argument: str) -> list[Message]:
        return self._answer(None, True)  # reached only when nothing was pending (see `handle`)

    def _do_nee(self, _argument: str) -> list[Message]:
        return self._answer(None, False)

    def _answer(self, pending: _Pending | None, yes: bool) -> list[Message]:
        if pending is None:
            return [Message(WARNING, "Er is niets om te bevestigen.")]
        if not yes:
            if pending.on_no is not None:
                return pending.on_no()
            return [Message(CONFIRMATION, f"Niet gedaan: {pending.description}.")]
        return pending.action()

    # -- public shortcuts (the app's buttons and palette use these) ----------------------------

    def start_interview(self, roles: tuple[str, ...], label: str, date: str, *,
                        include_judged: bool = False) -> list[Message]:
        """Same as /gesprek: a new interview source, made current, and the start of its walk.

        When an interview with the same roles and description exists, the reply is a question instead
        (CONFIRM): /ja continues that interview, /nee starts the new one.
        """
        self._pending = None
        try:
            codes = commands.parse_roles(list(roles), example="/gesprek P twee ambulant werkers")
            return self._start_interview(codes, label.strip(), date, include_judged)
        except (_Refused, CommandError) as refusal:
            return [Message(ERROR, str(refusal))]
        except StoreError as error:
            return [Message(ERROR, str(error))]

    def continue_interview(self, source_id: str) -> list[Message]:
        """Same as /gesprek verder N: make the interview current and go on with its walk where it was."""
        self._pending = None
        source = self.audit_file.source(source_id)
        if source is None or source.kind != "gesprek":
            return [Message(ERROR, "Dit gesprek bestaat niet (meer); kies er een uit /gesprek verder.")]
        try:
            return self._continue_interview(source)
        except StoreError as error:
            if isinstance(error, SaveFailed):
                self.unsaved += 1
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

    # -- interviews ------------------------------------------------------------------------------

    def _do_gesprek(self, argument: str) -> list[Message]:
        word, _, rest = argument.strip().partition(" ")
        if word.casefold() in CONTINUE_WORDS:
            return self._do_gesprek_verder(rest.strip())
        parsed = commands.parse_interview(argument)
        return self._start_interview(parsed.roles, parsed.label, parsed.date or self._today().isoformat(),
                                     parsed.include_judged)

    def _start_interview(self, roles: tuple[str, ...], label: str, interview_date: str,
                         include_judged: bool, *, new: bool = False) -> list[Message]:
        audit = self.audit_file.snapshot()
        if not new:
            same = [source for source in audit.sources if walks.same_person(source, roles, label)]
            if same:
                return self._ask_same_person(same[-1], roles, label, interview_date, include_judged)
        statuses = rules.norm_statuses(audit, self.normset)
        judged = [norm_id for norm_id in walks.candidates(self.normset, roles) if self._judged(audit, norm_id)]
        route = walks.plan_route(self.normset, roles, self._source_counts(statuses), self.order,
                                 () if include_judged else judged)
        source = Source.new("gesprek", label, roles=roles, date=interview_date)
        walk = walks.begin(source.id, roles, route)
        first = walks.next_norm(walk)
        if first is not None:
            walk = walks.visit(walk, first)  # stored with the source: one step, so a crash keeps both or neither
        self._add_source(source, walk=walk)
        role_text = ", ".join(roles)
        order_text = ("de normen met de minste bronnen eerst (/volgorde normenset: in de volgorde van de normenset)"
                      if self.order == ORDER_SOURCES else
                      "in de volgorde van de normenset (/volgorde bronnen: de minste bronnen eerst)")
        wie = sum(1 for norm_id in route if not self._addition(roles, norm_id))
        lines = [
            "Noteer in de omschrijving alleen functies, nooit namen van gesprekspartners.",
            f"Rondgang: {fmt.plural(len(route), 'norm', 'normen')} voor {role_text}, {order_text}; eerst de "
            f"{wie} waar {role_text} in de kolom Wie staat, dan de aanvullingen.",
        ]
        if judged and not include_judged:
            lines.append(f"{fmt.plural(len(judged), 'norm heeft', 'normen hebben')} al een oordeel en "
                         f"{'komt' if len(judged) == 1 else 'komen'} niet langs (/gesprek {role_text} --alle neemt "
                         "ze mee).")
        messages = [Message(CONFIRMATION, f"Bron {self._source_number(source.id)}: {source.describe()} "
                                          "is de huidige bron.", tuple(lines))]
        if first is None:
            messages.append(Message(WARNING, f"Er zijn geen normen zonder oordeel voor {role_text}.",
                                    (f"Met /gesprek {role_text} --alle komen ook de beoordeelde normen langs.",)))
            return messages
        self._set_norm(first)
        return messages + self._show_norm(self.normset.norm(first))

    def _ask_same_person(self, existing: Source, roles: tuple[str, ...], label: str, interview_date: str,
                         include_judged: bool) -> list[Message]:
        """One person is one source: ask before a second source is made for the same interview."""
        number = self._source_number(existing.id)
        notes = sum(1 for note in self.audit_file.snapshot().notes if note.source_id == existing.id)
        question = (f"Er is al een gesprek {', '.join(existing.roles)}"
                    + (f" — {existing.label}" if existing.label else "")
                    + f" (bron {number}, {existing.date or 'zonder datum'}, {fmt.plural(notes, 'notitie', 'notities')}). "
                    "Is dit hetzelfde gesprek?")
        return self.ask(
            question, f"gesprek van bron {number} voortzetten",
            lambda: self._continue_interview(existing),
            ("Eén persoon is één bron: zet u het voort, dan tellen de nieuwe notities bij dezelfde bron en gaat de "
             "rondgang verder waar hij was.",),
            on_no=lambda: self._start_interview(roles, label, interview_date, include_judged, new=True),
            answers="Typ /ja om dat gesprek voort te zetten, of /nee om een nieuw gesprek (een nieuwe bron) te "
                    "beginnen. Een andere regel laat beide vallen.",
        )

    def _do_gesprek_verder(self, argument: str) -> list[Message]:
        found = self.interviews()
        if not found:
            raise _Refused("Er zijn nog geen gesprekken om voort te zetten. Begin er een met /gesprek ROL, "
                           "bijvoorbeeld /gesprek P twee ambulant werkers.")
        if not argument:
            lines = tuple(info.line() + (" (huidige bron)" if info.source.id == self._source_id else "")
                          for info in found)
            return [Message(LIST, f"Gesprekken ({len(found)}); zet er een voort met /gesprek verder N:", lines)]
        numbers = ", ".join(str(info.number) for info in found)
        if not argument.isdigit():
            raise _Refused(f"Na /gesprek verder hoort het nummer van het gesprek ({numbers}); /gesprek verder "
                           "zonder nummer toont de lijst.")
        chosen = next((info for info in found if info.number == int(argument)), None)
        if chosen is None:
            sources = self.sources
            other = sources[int(argument) - 1] if 1 <= int(argument) <= len(sources) else None
            what = (f"Bron {argument} is geen gesprek maar {other.describe()} (kies die met /bron {argument})."
                    if other is not None else f"Er is geen bron {argument}.")
            raise _Refused(f"{what} De gesprekken hebben nummer {numbers}; /gesprek verder toont de lijst.")
        return self._continue_interview(chosen.source)

    def _continue_interview(self, source: Source, title: str | None = None) -> list[Message]:
        """Make `source` (an interview) current and go on with its walk where it was."""
        walk = self._walk_for(source)
        target = walk.current or walks.next_norm(walk)
        if target is not None:
            walk = walks.visit(walk, target)
            self._save_walk(walk)
        self._source_id = source.id
        self._evidence = None
        title = title or f"Verder met bron {self._source_number(source.id)}: {source.describe()}."
        messages = [Message(CONFIRMATION, title, (self._walk_summary(source.id),))]
        if target is None:
            if walk.asked and self._norm_id is None:
                self._set_norm(walk.asked[-1])
            return messages + [self._end_of_walk(walk, already=True)]
        self._set_norm(target)
        return messages + self._show_norm(self.normset.norm(target))

    def forget_resume(self) -> None:
        """Start without a current source after all (a piped script must not depend on what ran last)."""
        if self.resumed is not None and self._source_id == self.resumed.id:
            self._source_id = None
            self._norm_id = None
            self._evidence = None
        self.resumed = None

    def _walk_summary(self, source_id: str) -> str:
        """``"14 notities; de rondgang staat bij V5: nog 28 te doen (2 overgeslagen)."``"""
        notes = sum(1 for note in self.audit_file.snapshot().notes if note.source_id == source_id)
        walk = self._walks.get(source_id) or self.audit_file.walk(source_id)
        head = fmt.plural(notes, "notitie", "notities")
        if walk is None:
            return f"{head}; de rondgang wordt opgebouwd uit de normen van de rollen."
        left = walks.to_do(walk)
        skipped = f" ({len(walk.skipped)} overgeslagen)" if walk.skipped else ""
        if not left:
            return f"{head}; de rondgang is klaar{skipped}."
        where = f"staat bij {walk.current}" if walk.current else "gaat verder"
        return f"{head}; de rondgang {where}: nog {len(left)} te doen{skipped}."

    def _resume_last(self) -> None:
        """Go on with the interview whose walk moved last (read only: nothing is written)."""
        try:
            walk = self.audit_file.last_walk()
        except StoreError:
            return
        source = self.audit_file.source(walk.source_id) if walk is not None else None
        if walk is None or source is None or source.kind != "gesprek":
            return
        self._walks[source.id] = walk
        self._source_id = source.id
        self._norm_id = walk.current or (walk.asked[-1] if walk.asked else None)
        self.resumed = source

    # -- other sources ---------------------------------------------------------------------------

    def _do_document(self, argument: str) -> list[Message]:
        return self._name_source("document", argument)

    def _do_registratie(self, argument: str) -> list[Message]:
        return self._name_source("registratie", argument)

    def _do_observatie(self, argument: str) -> list[Message]:
        return self._name_source("observatie", argument)

    def _do_gegevens(self, argument: str) -> list[Message]:
        return self._name_source("gegevens", argument)

    def _name_source(self, kind: str, argument: str) -> list[Message]:
        """A document, registration, observation or data source: `NAAM`, or `NAAM: TEKST` with one /bewijs.

        Outside an interview it becomes the current source. During one, the interview stays the speaking
        source: the text after the colon, or else the next /bewijs at this norm, goes to the named source.
        A name that is already a source of this kind is that source (one document is one source).
        """
        name, colon, text = argument.partition(": ")
        name, text = name.strip(), text.strip()
        if not name:
            raise _Refused(f"Geef eerst de naam, dan de tekst: /{kind} NAAM: TEKST, bijvoorbeeld "
                           f"/{kind} jaarverslag 2025: klachtenregeling op p. 12.")
        interview = self._in_interview()
        norm = self.current_norm
        if text and norm is None:
            raise _Refused(f"Er is geen huidige norm voor deze tekst. Kies eerst een norm met /norm ID en typ dan "
                           f"/{kind} {name}: {text}")
        existing = next((source for source in self.sources
                         if source.kind == kind and " ".join(source.label.casefold().split())
                         == " ".join(name.casefold().split())), None)
        source = existing or self._add_source(Source.new(kind, name), make_current=not interview)
        if existing is not None and not interview:
            self._source_id = existing.id
        number = self._source_number(source.id)
        known = ("Deze bron bestond al; er is geen nieuwe bron bij gekomen.",) if existing is not None else ()
        if text:
            try:
                stored = self._add_note("bewijs", text, source=source)
            except StoreError:
                if existing is None:
                    self._undo_last()  # the new source goes too: nothing changed
                raise
            speaker = self.current_source
            back = ((f"Gewone tekst gaat weer naar bron {self._source_number(speaker.id)}: "
                     f"{fmt.source_label(speaker)}.",) if interview and speaker is not None else ())
            head = Message(CONFIRMATION, f"Bron {number}: {source.describe()}" +
                           (" is de huidige bron." if not interview else "."), (*known, *back))
            return [head, *stored]
        if not interview:
            hint = (f"Huidige norm blijft {norm.id}; noteer wat u zag met /bewijs TEKST."
                    if norm else "Kies een norm met /norm ID en noteer wat u zag met /bewijs TEKST.")
            return [Message(CONFIRMATION, f"Bron {number}: {source.describe()} is de huidige bron.", (*known, hint))]
        speaker = self.current_source
        if norm is None:
            return [Message(CONFIRMATION, f"Bron {number}: {source.describe()}.",
                            (*known, f"Kies een norm met /norm ID en typ dan /{kind} {name}: TEKST."))]
        self._evidence = (source.id, norm.id)
        return [Message(CONFIRMATION, f"Bron {number}: {source.describe()}: de volgende /bewijs bij {norm.id} "
                                      "gaat naar deze bron.",
                        (*known,
                         f"Daarna, en voor gewone tekst, blijft bron {self._source_number(speaker.id)}: "
                         f"{fmt.source_label(speaker)} de bron.",
                         f"In één regel kan het ook: /{kind} {name}: TEKST."))]

    def _add_source(self, source: Source, *, walk: Walk | None = None, make_current: bool = True) -> Source:
        """Store a new source (an interview with its walk); undo removes it and restores the current source."""
        previous_source_id = self._source_id
        if walk is None:
            self.audit_file.put_source(source)
        else:
            self.audit_file.put_source(source, walk=walk)
            self._walks[source.id] = walk
        if make_current:
            self._source_id = source.id
            self._evidence = None

        def revert() -> None:
            self.audit_file.delete_source(source.id)
            self._walks.pop(source.id, None)
            if self._evidence is not None and self._evidence[0] == source.id:
                self._evidence = None
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
        title = f"Huidige bron: {number}. {source.describe()}."
        if source.kind == "gesprek":
            return self._continue_interview(source, title)
        self._source_id = source.id
        self._evidence = None
        norm = self.current_norm
        return [Message(CONFIRMATION, title, (f"Huidige norm blijft {norm.id}.",) if norm else ())]

    # -- moving through the norms --------------------------------------------------------------

    def _do_norm(self, argument: str) -> list[Message]:
        norm = self.normset.norm(argument)
        if norm is None:
            raise _Refused(f"Onbekende norm '{argument}'. Deze normenset heeft {fmt.norm_range_text(self.normset)}; "
                           "typ bijvoorbeeld /norm V5.")
        return self._go(norm.id)

    def _do_volgende(self, _argument: str) -> list[Message]:
        return self._step(+1)

    def _do_vorige(self, _argument: str) -> list[Message]:
        return self._step(-1)

    def _do_overslaan(self, _argument: str) -> list[Message]:
        walk = self._walk()
        if walk is not None and walk.current is not None and walk.current == self._norm_id:
            return self._step(+1, walks.skip(walk))
        return self._step(+1)

    def _go(self, norm_id: str, walk: Walk | None = None) -> list[Message]:
        """Show a norm; in an interview the walk remembers it as asked (stored before anything else changes)."""
        walk = walk or self._walk()
        if walk is not None:
            self._save_walk(walks.visit(walk, norm_id))
        self._set_norm(norm_id)
        return self._show_norm(self.normset.norm(norm_id))

    def _step(self, delta: int, walk: Walk | None = None) -> list[Message]:
        walk = walk or self._walk()
        if walk is None:
            return self._step_in_normset(delta)
        if delta < 0:
            target = walks.previous_norm(walk)
            if target is None:
                return [Message(WARNING, "Dit is de eerste norm van de rondgang.")]
            return self._go(target, walk)
        target = walks.next_norm(walk)
        if target is None:
            already = walks.ended(walk)
            if not already or walk != self._walk():
                self._save_walk(walks.end(walk))
            return [self._end_of_walk(walk, already)]
        return self._go(target, walk)

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
        self._set_norm(ids[target])
        return self._show_norm(self.normset.norms[target])

    def _end_of_walk(self, walk: Walk, already: bool) -> Message:
        roles = ", ".join(walk.roles)
        title = ("De rondgang van dit gesprek is al klaar." if already else
                 f"Einde van de rondgang: alle {fmt.plural(len(walk.route), 'norm', 'normen')} voor {roles} "
                 "zijn langs geweest.")
        lines = []
        if walk.skipped:
            lines.append(f"Overgeslagen: {', '.join(walk.skipped)} (ga terug met /norm ID).")
        lines.append("Typ /open voor de normen die nog bronnen of een oordeel missen, "
                     "of begin een volgend gesprek met /gesprek ROL.")
        return Message(WARNING, title, tuple(lines))

    def _do_volgorde(self, argument: str) -> list[Message]:
        order = commands.parse_order(argument)
        walk = self._walk()
        if walk is not None:
            statuses = rules.norm_statuses(self.audit_file.snapshot(), self.normset)
            walk = walks.reorder(walk, self.normset, self._source_counts(statuses), order)
            self._save_walk(walk)
        self.order = order
        text = ("Volgorde: de normen met de minste bronnen eerst." if order == ORDER_SOURCES
                else "Volgorde: als in de normenset.")
        left = walks.to_do(walk) if walk is not None else ()
        lines = (f"Nog in de rondgang: {', '.join(left)}.",) if left else ()
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
        gap = fmt.gap_phrase(status, self.current_source)
        if gap:
            count_line += f" — {gap}"
        lines.append(f"{count_line}; {fmt.judgement_phrase(status.judgement)}")
        lines.extend(fmt.reference_lines(audit, self.normset, norm.id))
        if status.judgement in rules.NEEDS_PLAN:
            lines.append(f"Plan van aanpak: {plans.describe(audit.plans.get(norm.id))} (/plan-van-aanpak STAND)")
        record = audit.judgements.get(norm.id)
        if status.note_count and (record is None or not record.report_text.strip()):
            lines.append("Nog geen rapporttekst: /verslag concept stelt er een op uit de notities.")
        walk = self._walk()
        if walk is not None:
            place = walks.position(walk, norm.id)
            left = len(walks.to_do(walk))
            if place is not None:
                lines.append(f"Norm {place} van {len(walk.route)} in deze rondgang; nog {left} te doen.")
            else:
                lines.append(f"Zijstap: deze norm hoort niet bij de rondgang van dit gesprek; /volgende gaat verder "
                             f"met de rondgang (nog {left} te doen).")
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

    def _add_note(self, kind: str, text: str, *, source: Source | None = None) -> list[Message]:
        """Store a note at the current norm from the current source, or from `source` when given.

        During an interview a /bewijs goes to the source named for it (see `_name_source`), once.
        """
        norm = self.current_norm
        evidence = self.evidence_source if kind == "bewijs" and source is None else None
        source = source or evidence or self.current_source
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
        if evidence is not None:
            self._evidence = None

        def revert() -> None:
            self.audit_file.delete_note(note.id)
            if note.id in self._my_notes:
                self._my_notes.remove(note.id)

        self._push_undo(f"de {kind} bij {norm.id} ('{fmt.shorten(text, 40)}')", revert)
        walk = self._walk()
        if walk is not None and norm.id in walk.skipped and source.id == walk.source_id:
            try:
                self._save_walk(walks.noted(walk, norm.id))
            except StoreError:
                pass  # the note is stored; the walk only lists the norm as skipped a little longer
        as_kind = "" if kind == "bevinding" else f" als {kind}"
        lines = [] if kind in COUNTING_KINDS else [f"Een {kind} telt niet als bron voor de norm."]
        if evidence is not None:
            speaker = self.current_source
            lines.insert(0, f"Bij bron {self._source_number(source.id)}: {fmt.source_label(source)}; gewone tekst "
                            f"gaat weer naar bron {self._source_number(speaker.id)}: {fmt.source_label(speaker)}."
                         if speaker is not None else f"Bij bron {self._source_number(source.id)}.")
        return [Message(CONFIRMATION, f"opgeslagen{as_kind} — {self._count_text(norm.id)}", tuple(lines),
                        norm_id=norm.id)]

    # -- judging ---------------------------------------------------------------------------------

    def _do_oordeel(self, argument: str) -> list[Message]:
        value, report_text = commands.parse_judgement(argument)
        norm = self._require_norm("om te beoordelen", f"/oordeel {value} ...")
        status = self._status(norm.id)
        if value == "+" and status.practice_short:  # practice before paper: '+' on paper alone asks first
            question, lines = fmt.practice_question(status)
            return self.ask(question, f"oordeel {norm.id}: voldoet (+)",
                            lambda: self._judge(norm, value, report_text), lines)
        return self._judge(norm, value, report_text)

    def _judge(self, norm: Norm, value: str, report_text: str) -> list[Message]:
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
            lines.append("Nog geen rapporttekst: schrijf die met /verslag TEKST"
                         + (", of begin met /verslag concept." if self.audit_file.snapshot().notes_for(norm.id) else "."))
        if value in rules.NEEDS_PLAN:
            plan = self.audit_file.snapshot().plans.get(norm.id)
            lines.append(f"Plan van aanpak: {plans.describe(plan)} (/plan-van-aanpak ontvangen DATUM).")
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
        elif status.paper_only and value != "nb":
            messages.append(Message(
                WARNING,
                f"{norm.id} is alleen op papier getoetst; de norm blijft open tot er "
                f"{fmt.plural(status.min_practice, 'bron', 'bronnen')} uit de praktijk (gesprek of observatie) "
                f"{'is' if status.min_practice == 1 else 'zijn'}.",
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
        words = argument.casefold().split()
        if words == ["concept"]:
            return self._show_draft(norm)
        if words == ["concept", "overnemen"]:
            return self._take_draft(norm)
        return self._store_report_text(norm, argument)

    def _show_draft(self, norm: Norm) -> list[Message]:
        audit = self.audit_file.snapshot()
        draft = drafting.findings_draft(audit, norm.id)
        if not draft:
            raise _Refused(f"{norm.id} heeft nog geen notities om een concept uit te maken.")
        record = audit.judgements.get(norm.id)
        tail = ("Er staat al een rapporttekst; /verslag concept overnemen vraagt eerst of die mag worden vervangen."
                if record is not None and record.report_text.strip() else
                "Neem het over met /verslag concept overnemen en pas het daarna aan (/verslag TEKST of het "
                "normscherm). Er is nog niets opgeslagen.")
        return [Message(LIST, f"Concept voor de rapporttekst van {norm.id}, uit de notities:",
                        (*draft.split("\n"), "", tail), norm_id=norm.id)]

    def _take_draft(self, norm: Norm) -> list[Message]:
        audit = self.audit_file.snapshot()
        draft = drafting.findings_draft(audit, norm.id)
        if not draft:
            raise _Refused(f"{norm.id} heeft nog geen notities om een concept uit te maken.")
        record = audit.judgements.get(norm.id)
        if record is not None and record.report_text.strip():
            return self.ask(f"De rapporttekst van {norm.id} vervangen door het concept uit de notities?",
                            f"de rapporttekst van {norm.id} vervangen door het concept",
                            lambda: self._store_report_text(norm, draft, from_draft=True),
                            (f"Nu: {fmt.shorten(record.report_text, 90)}",))
        return self._store_report_text(norm, draft, from_draft=True)

    def _store_report_text(self, norm: Norm, argument: str, *, from_draft: bool = False) -> list[Message]:
        before = self.audit_file.judgement(norm.id)
        base = before or Judgement.new(norm.id)
        self.audit_file.put_judgement(replace(base, report_text=argument))
        self._push_judgement_undo(norm.id, before, f"de rapporttekst van {norm.id}")
        lines = () if base.value else ("Nog geen oordeel: geef het met /oordeel WAARDE.",)
        if from_draft:
            return [Message(CONFIRMATION, f"concept overgenomen als rapporttekst van {norm.id}",
                            (*lines, "Pas de tekst aan met /verslag TEKST of in het normscherm."), norm_id=norm.id)]
        return [Message(CONFIRMATION, f"rapporttekst {norm.id} opgeslagen", lines, norm_id=norm.id)]

    def _do_opvolging(self, argument: str) -> list[Message]:
        norm = self._require_norm("om de opvolging bij vast te leggen", "/opvolging deels TEKST")
        word, _, text = argument.strip().partition(" ")
        audit = self.audit_file.snapshot()
        status = recert.follow_up_state(word) or word
        refusal = recert.follow_up_refusal(audit, self.normset, norm.id, status, text)
        if refusal is not None:
            raise _Refused(refusal)
        before = audit.follow_ups.get(norm.id) or FollowUp(norm.id)
        self.audit_file.put_follow_up(FollowUp(norm.id, status, text.strip()))
        self._push_undo(f"de opvolging van {norm.id}", lambda: self.audit_file.put_follow_up(before))
        remaining = recert.open_follow_ups(self.audit_file.snapshot(), self.normset)
        lines = ((f"Nog zonder opvolging: {', '.join(remaining)}.",) if remaining
                 else ("Elk verbeterpunt van de vorige toetsing heeft nu een opvolging.",))
        label = FOLLOW_UP_STATES[status]
        return [Message(CONFIRMATION, f"opvolging {norm.id}: {label} opgeslagen", lines, norm_id=norm.id)]

    # -- plans of approach ------------------------------------------------------------------------

    def _do_plan_van_aanpak(self, argument: str) -> list[Message]:
        if not argument.strip():
            return [self._plans_overview()]
        norm = self._require_norm("voor het plan van aanpak", "/plan-van-aanpak ontvangen 2026-03-03")
        arguments = plans.parse(argument)
        record = self.audit_file.judgement(norm.id)
        if record is None or record.value not in rules.NEEDS_PLAN:
            judged = fmt.judgement_phrase(record.value if record else None)
            raise _Refused(f"{norm.id} heeft als oordeel {judged}; een plan van aanpak hoort bij een verbeterpunt "
                           "(+/-) of een norm die niet voldoet (-).")
        before = self.audit_file.snapshot().plans.get(norm.id)
        plan = plans.updated(before, norm.id, arguments, self._today())
        self.audit_file.put_plan(plan)
        self._push_plan_undo(norm.id, before)
        indication = rules.advice(self.audit_file.snapshot(), self.normset)
        return [Message(CONFIRMATION, f"plan van aanpak {norm.id}: {plans.describe(plan)}",
                        (f"Adviesindicatie: {indication.headline()}.",), norm_id=norm.id)]

    def _push_plan_undo(self, norm_id: str, before: Plan | None) -> None:
        def revert() -> None:
            if before is None:
                self.audit_file.delete_plan(norm_id)
            else:
                self.audit_file.put_plan(before)

        self._push_undo(f"het plan van aanpak van {norm_id}", revert)

    def _plans_overview(self) -> Message:
        audit = self.audit_file.snapshot()
        needs = rules.plan_needs(audit, self.normset)
        if not needs:
            return Message(LIST, "Geen plannen van aanpak nodig: geen norm heeft het oordeel +/- of -.")
        lines = [f"{need.norm_id:<4} {need.judgement:<3} {plans.describe(need.plan)}" for need in needs]
        approved = sum(1 for need in needs if need.approved)
        return Message(LIST, f"Plannen van aanpak: {approved} van de {len(needs)} goedgekeurd", tuple(lines))

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
        before = self.audit_file.snapshot().kern
        if not argument:
            return [Message(LIST, "Kerngegevens (wijzig met /kern VELD WAARDE; /help kern voor de mogelijkheden):",
                            tuple(kern.listing(before)))]
        field_text, _, rest = argument.strip().partition(" ")
        if kern.field_name(field_text) == "gesprekspartners" and rest.strip().casefold() in ("voorstel", "overnemen"):
            return self._partners(rest.strip().casefold() == "overnemen")
        changed = kern.change(before, field_text, rest)
        return self._put_kern(changed.kern, before, changed.field, changed.description)

    def _put_kern(self, new: Kerngegevens, before: Kerngegevens, field_name: str, description: str) -> list[Message]:
        self.audit_file.put_kern(new)
        self._push_undo(f"het kerngegeven {field_name}", lambda: self.audit_file.put_kern(before))
        return [Message(CONFIRMATION, f"kerngegeven opgeslagen — {description}")]

    def _partners(self, take_over: bool) -> list[Message]:
        audit = self.audit_file.snapshot()
        proposal = partners.proposal(audit)
        if not proposal:
            raise _Refused("Er zijn nog geen gesprekken gevoerd; het voorstel voor de gesprekspartners komt uit de "
                           "gesprekken (/gesprek ROL OMSCHRIJVING).")
        current = audit.kern.lines("gesprekspartners")
        if not take_over:
            tail = ("Neem het over met /kern gesprekspartners overnemen; daarna kunt u het aanpassen "
                    "(/kern gesprekspartners + TEKST of - TEKST).")
            if current:
                tail = "Nu ingevuld: " + " / ".join(current) + ". " + tail.replace("overnemen;", "overnemen (vervangt dat);")
            held = sum(1 for source in audit.sources if source.kind == "gesprek")
            return [Message(LIST, f"Voorstel voor de gesprekspartners, uit {fmt.plural(held, 'gesprek', 'gesprekken')}:",
                            (*proposal, "", tail))]
        if tuple(current) == proposal:
            return [Message(WARNING, "De gesprekspartners zijn al gelijk aan het voorstel.")]
        new = audit.kern.with_field("gesprekspartners", "\n".join(proposal))
        description = f"{KERN_LABELS['gesprekspartners']}: {' / '.join(proposal)}"
        if not current:
            return self._put_kern(new, audit.kern, "gesprekspartners", description)
        return self.ask("De ingevulde gesprekspartners vervangen door het voorstel?",
                        "de gesprekspartners vervangen door het voorstel",
                        lambda: self._put_kern(new, audit.kern, "gesprekspartners", description),
                        ("Nu: " + " / ".join(current), "Voorstel: " + " / ".join(proposal)))

    def _do_advies(self, argument: str) -> list[Message]:
        audit = self.audit_file.snapshot()
        summary = audit.summary
        indication = rules.advice(audit, self.normset)
        if not argument.strip():
            chosen = ADVICE_CHOICES.get(summary.advies_keuze, "nog geen keuze")
            lines = [f"Toelichting: {fmt.shorten(summary.advies, 200) if summary.advies.strip() else '—'}",
                     f"Berekende indicatie: {indication.headline()}.", *indication.reasons,
                     "Kies met /advies positief | na-pva | negatief [TEKST]."]
            return [Message(LIST, f"Advies van de CI: {chosen}", tuple(lines))]
        if argument.strip() == kern.CLEAR:
            self._put_summary(replace(summary, advies_keuze=""), summary, "de advieskeuze")
            return [Message(CONFIRMATION, "advieskeuze weggehaald (de toelichting blijft)")]
        choice, text = commands.parse_advice(argument)
        new = replace(summary, advies_keuze=choice, advies=text or summary.advies)
        self._put_summary(new, summary, "het advies")
        lines = ["Toelichting opgeslagen." if text else
                 ("Nog geen toelichting: /advies KEUZE TEKST." if not summary.advies.strip() else
                  "De toelichting is gebleven.")]
        messages = [Message(CONFIRMATION, f"advies opgeslagen: {ADVICE_CHOICES[choice]}", tuple(lines))]
        if choice != indication.outcome:
            messages.append(Message(WARNING, f"De berekende indicatie is anders: {indication.headline()}.",
                                    indication.reasons))
        return messages

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

    def _undo_last(self) -> _UndoStep:
        """Revert the last step and take it off the stack (it stays there when reverting fails)."""
        step = self._undo[-1]
        step.revert()
        self._undo.pop()
        return step

    def _do_ongedaan(self, _argument: str) -> list[Message]:
        if not self._undo:
            return [Message(WARNING, "Er is in deze sessie nog niets om ongedaan te maken.")]
        step = self._undo_last()
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
        """The walk of the current source when it is an interview (stored, or rebuilt for an older one)."""
        source = self.current_source
        if source is None or source.kind != "gesprek":
            return None
        return self._walk_for(source)

    def _walk_for(self, source: Source) -> Walk:
        walk = self._walks.get(source.id) or self.audit_file.walk(source.id)
        if walk is None:
            # An interview without a stored walk (made before walks were kept): its norms, the ones it
            # already has notes for counted as asked. It is stored as soon as it moves.
            audit = self.audit_file.snapshot()
            statuses = rules.norm_statuses(audit, self.normset)
            judged = [norm_id for norm_id in walks.candidates(self.normset, source.roles)
                      if self._judged(audit, norm_id)]
            route = walks.plan_route(self.normset, source.roles, self._source_counts(statuses), self.order, judged)
            walk = walks.rebuild(source, route, (note.norm_id for note in audit.notes if note.source_id == source.id))
        self._walks[source.id] = walk
        return walk

    def _save_walk(self, walk: Walk) -> None:
        """Store the walk (a read-only audit keeps it for this session only), then remember it."""
        if not self.audit_file.read_only:
            self.audit_file.put_walk(walk)
        self._walks[walk.source_id] = walk

    def _set_norm(self, norm_id: str) -> None:
        if norm_id != self._norm_id:
            self._evidence = None
        self._norm_id = norm_id

    def _in_interview(self) -> bool:
        source = self.current_source
        return source is not None and source.kind == "gesprek"

    def _addition(self, roles: tuple[str, ...], norm_id: str) -> bool:
        """True when none of `roles` is in the norm's Wie column (the norm came in as an addition)."""
        norm = self.normset.norm(norm_id)
        return norm is None or not set(roles) & set(norm.roles)

    @staticmethod
    def _source_counts(statuses: dict[str, rules.NormStatus]) -> dict[str, int]:
        return {norm_id: status.source_count for norm_id, status in statuses.items()}

    def _status(self, norm_id: str) -> rules.NormStatus:
        return rules.norm_statuses(self.audit_file.snapshot(), self.normset)[norm_id]

    def _count_text(self, norm_id: str) -> str:
        """``"V5: 2 van 3 bronnen"``."""
        return f"{norm_id}: {fmt.sources_phrase(self._status(norm_id).source_count, self.normset.min_sources)}"

    def _source_number(self, source_id: str) -> int:
        return next(number for number, source in enumerate(self.sources, start=1) if source.id == source_id)

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
