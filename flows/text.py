"""The Dutch wording of what the engine reports: counts, source labels and the overviews.

`/open`, `/status` and `/plan` in the conversation and `toetsassistent status` on the command line show
the same overviews, so they are rendered here once, from the numbers in `flows.rules`. Everything in this
module is a pure function of an audit snapshot and its norm set.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.store.model import FOLLOW_UP_STATES, PRACTICE_KINDS, Audit, AuditMeta, PreviousJudgement, Source
from flows import recert, rules
from flows.messages import CONFIRM, ERROR, LIST, QUESTION, WARNING, Message
from flows.safe_text import visible
from normsets.model import JUDGEMENTS, NormSet

#: Source kinds in the plural, for "3 gesprekken, 1 document".
_KIND_PLURALS = {
    "gesprek": "gesprekken",
    "document": "documenten",
    "registratie": "registraties",
    "observatie": "observaties",
    "gegevens": "gegevensbronnen",
}


#: What a message's kind adds in front of its text when it is shown as plain text.
_PLAIN_PREFIXES = {QUESTION: "Vraag: ", WARNING: "Let op: ", ERROR: "Fout: ", CONFIRM: "Bevestigen? "}


def plain_lines(message: Message) -> list[str]:
    """A message as plain text for a terminal: the main line ("Fout: ...", "Let op: ...", "Vraag: ..."),
    then its lines.

    Messages quote what the auditor typed and what the audit file holds, so every line passes through
    `visible`: a control character in a note shows as a sign ("␛") and never acts on the terminal.
    """
    head = _PLAIN_PREFIXES.get(message.kind, "") + message.text
    return [visible(head), *(f"  {visible(line)}" if line else "" for line in message.lines)]


def plural(count: int, one: str, many: str) -> str:
    """``plural(1, "notitie", "notities")`` -> ``"1 notitie"``."""
    return f"{count} {one if count == 1 else many}"


def shorten(text: str, width: int = 80) -> str:
    """One line of at most `width` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1].rsplit(" ", 1)[0] or line[: width - 1]
    return cut + "…"


def sources_phrase(count: int, minimum: int) -> str:
    """``"2 van 3 bronnen"``, or ``"4 bronnen (minimaal 3)"`` once the minimum is passed."""
    if count > minimum:
        return f"{count} bronnen (minimaal {minimum})"
    return f"{count} van {minimum} bronnen"


#: "dit gesprek", "deze registratie": the current source named by its kind.
_THIS_KIND = {"gesprek": "dit gesprek", "document": "dit document", "registratie": "deze registratie",
              "observatie": "deze observatie", "gegevens": "deze gegevensbron"}


def judgement_phrase(code: str | None) -> str:
    """``"verbeterpunt (+/-)"``, or ``"nog geen oordeel"``."""
    if code is None:
        return "nog geen oordeel"
    return f"{JUDGEMENTS.get(code, code)} ({code})"


def source_label(source: Source) -> str:
    """A source in one short line without its date: ``"gesprek P, Mng — teamleider"``."""
    head = source.kind + (f" {', '.join(source.roles)}" if source.roles else "")
    return f"{head} — {source.label}" if source.label else head


def source_kinds_phrase(sources: tuple[Source, ...]) -> str:
    """``"2 gesprekken, 1 document"`` in the order of the source kinds."""
    counts: dict[str, int] = {}
    for source in sources:
        counts[source.kind] = counts.get(source.kind, 0) + 1
    parts = [plural(count, kind, _KIND_PLURALS.get(kind, kind)) for kind, count in counts.items()]
    return ", ".join(parts)


def norm_range_text(normset: NormSet) -> str:
    """``"V1 tot en met V15, D1 tot en met D11, O1 tot en met O23"``: the ids a user can type."""
    parts = []
    for rubriek in normset.rubrieken:
        norms = normset.norms_in(rubriek.id)
        if norms:
            parts.append(f"{norms[0].id} tot en met {norms[-1].id}")
    return ", ".join(parts)


def _wrapped(label: str, items: list[str], width: int = 100) -> list[str]:
    """``label: a, b, c`` over as many lines as needed, never breaking inside an item."""
    head = f"  {label}: "
    lines: list[str] = []
    current = head
    for index, item in enumerate(items):
        piece = item + ("," if index < len(items) - 1 else "")
        if current.strip() and current != head and len(current) + 1 + len(piece) > width:
            lines.append(current.rstrip())
            current = " " * len(head)
        current += ("" if current.endswith(" ") else " ") + piece
    lines.append(current.rstrip() if items else head + "—")
    return lines


def open_overview(audit: Audit, normset: NormSet) -> Message:
    """What /open shows: the open norms grouped by rubriek, with sources, judgement and what is missing."""
    statuses = rules.norm_statuses(audit, normset)
    open_ids = [norm_id for norm_id, status in statuses.items() if status.is_open]
    minimum = normset.min_sources
    if not open_ids:
        return Message(LIST, "Geen open normen: elke norm heeft een oordeel en genoeg bronnen.")
    lines: list[str] = []
    for rubriek in normset.rubrieken:
        norms = [norm for norm in normset.norms_in(rubriek.id) if statuses[norm.id].is_open]
        if not norms:
            lines.append(f"{rubriek.title}: niets open.")
            continue
        lines.append(f"{rubriek.title}: {len(norms)} open")
        for norm in norms:
            status = statuses[norm.id]
            line = f"  {norm.id:<4} {sources_phrase(status.source_count, minimum)}, {judgement_phrase(status.judgement)}"
            if gap_phrase(status):
                line += f" — {gap_phrase(status)}"
            lines.append(line)
    why = (f"zonder oordeel, met minder dan {minimum} bronnen of alleen op papier getoetst"
           if normset.min_practice_sources else f"zonder oordeel of met minder dan {minimum} bronnen")
    title = f"Open normen: {len(open_ids)} van {len(normset.norms)} ({why})"
    return Message(LIST, title, tuple(lines))


def status_overview(audit: Audit, normset: NormSet) -> list[Message]:
    """What /status shows: totals per judgement, sources per norm, and the advice indication."""
    statuses = rules.norm_statuses(audit, normset)
    counted = rules.totals(audit, normset)
    judged = ", ".join(f"{counted.count(code)} {label}" for code, label in JUDGEMENTS.items())
    lines = [
        f"Oordelen: {judged}; {len(counted.unjudged)} nog zonder oordeel ({counted.total} normen).",
        f"Open normen: {sum(1 for status in statuses.values() if status.is_open)}.",
    ]
    if audit.sources:
        lines.append(f"Bronnen: {len(audit.sources)} ({source_kinds_phrase(audit.sources)}); "
                     f"{plural(len(audit.notes), 'notitie', 'notities')}.")
    else:
        lines.append("Nog geen bronnen.")
    lines.append(f"Bronnen per norm (minimaal {normset.min_sources}):")
    for rubriek in normset.rubrieken:
        items = [f"{norm.id} {statuses[norm.id].source_count}" for norm in normset.norms_in(rubriek.id)]
        lines.extend(_wrapped(rubriek.title, items))
    result = rules.advice(audit, normset)
    advice_lines = list(result.reasons)
    if result.not_applicable or result.not_assessed:
        advice_lines.append(
            f"apart gerapporteerd: {result.not_applicable} niet van toepassing, {result.not_assessed} niet beoordeeld"
        )
    return [
        Message(LIST, "Stand van de toetsing", tuple(lines)),
        Message(LIST, f"Advies: {result.headline()}", tuple(advice_lines)),
    ]


def plan_overview(audit: Audit, normset: NormSet, planned: list[tuple[str, ...]]) -> Message:
    """What /plan shows: the norms that will still lack sources after the planned interviews."""
    items = rules.plan(audit, normset, planned)
    described = ", ".join("+".join(roles) for roles in planned)
    talks = plural(len(planned), "gepland gesprek", "geplande gesprekken")
    if not items:
        return Message(LIST, f"Na {talks} ({described}) heeft elke norm ten minste {normset.min_sources} bronnen.")
    lines = [
        f"  {item.norm_id:<4} nu {item.sources_now}, straks {item.sources_expected} — "
        f"nog een gesprek met {' of '.join(item.suggested_roles)}, of een document of registratie"
        for item in items
    ]
    title = (
        f"Na {talks} ({described}) hebben nog {plural(len(items), 'norm', 'normen')} "
        f"minder dan {normset.min_sources} bronnen:"
    )
    return Message(LIST, title, tuple(lines))


def normset_drift(meta: AuditMeta, normset: NormSet) -> Message | None:
    """A warning when the norm set's text changed since the audit began (which norms), else None."""
    if meta.normset_hash == normset.content_hash():
        return None
    current = normset.text_hashes()
    earlier = meta.norm_hashes
    lines = []
    if earlier:
        changed = [norm_id for norm_id, digest in current.items() if norm_id in earlier and earlier[norm_id] != digest]
        added = [norm_id for norm_id in current if norm_id not in earlier]
        removed = [norm_id for norm_id in earlier if norm_id not in current]
        if changed:
            lines.append("Andere normtekst: " + ", ".join(changed))
        if added:
            lines.append("Nieuwe normen: " + ", ".join(added))
        if removed:
            lines.append("Vervallen normen: " + ", ".join(removed))
    if not lines:
        lines.append("Welke normen veranderden is niet bekend (het auditbestand bewaart geen tekst per norm).")
    lines.append("Controleer de notities en oordelen bij deze normen; de toetsing gaat verder met de huidige tekst.")
    return Message(
        WARNING,
        f"De normenset '{normset.id}' is gewijzigd sinds deze toetsing begon.",
        tuple(lines),
    )


# -- practice before paper, the previous audit and the self-evaluation (issue 12) ------------------


def gap_phrase(status: rules.NormStatus, current: Source | None = None) -> str:
    """What a norm still lacks, for after a dash: ``"alleen papier: nog geen gesprek (P) of observatie"``,
    ``"nog geen Mng en geen document"``, or '' when it lacks nothing.

    With `current`, the source the next line goes to, what that source will bring with its first finding is
    not called missing but coming: while an interview with P is running and has not spoken about the norm
    yet, ``"nog geen Mng en geen document; P komt erbij met de eerste bevinding uit dit gesprek"``.
    """
    if not status.has_gap:
        return ""
    if current is None or current.id in status.source_ids:
        gap = status.gap_text()
        if status.paper_only:
            return f"alleen papier: {gap}" if gap else "alleen papier"
        return gap
    practice = current.kind in PRACTICE_KINDS
    paper = rules.paper_key(current.kind)
    after = replace(
        status,
        source_ids=(*status.source_ids, current.id),
        practice_count=status.practice_count + (1 if practice else 0),
        missing_roles=tuple(role for role in status.missing_roles if role not in current.roles),
        missing_kinds=tuple(key for key in status.missing_kinds if key != paper),
    )
    coming = [role for role in status.missing_roles if role in current.roles]
    if practice and status.practice_short and not after.practice_short:
        coming.append(current.kind)
    if paper is not None and paper in status.missing_kinds:
        coming.append(current.kind)
    remaining = after.gap_text()
    if not coming:
        return gap_phrase(status)
    names = coming[0] if len(coming) == 1 else ", ".join(coming[:-1]) + " en " + coming[-1]
    verb = "komt" if len(coming) == 1 else "komen"
    this = _THIS_KIND.get(current.kind, "deze bron")
    return (f"{remaining}; " if remaining else "") + f"{names} {verb} erbij met de eerste bevinding uit {this}"


def practice_question(status: rules.NormStatus) -> tuple[str, tuple[str, ...]]:
    """The question before a '+' on a norm short of practice, and its further lines."""
    if status.source_count == 0:
        question = (f"{status.norm_id} heeft nog geen enkele bron, dus ook geen gesprek of observatie. "
                    "Toch 'voldoet' (+) geven?")
    else:
        question = (f"{status.norm_id} is alleen op papier getoetst: "
                    f"{plural(status.practice_count, 'bron', 'bronnen')} uit de praktijk (gesprek of observatie), "
                    f"de normenset vraagt er minstens {status.min_practice}. Toch 'voldoet' (+) geven?")
    lines = ["Een norm voldoet pas als hij in de praktijk is getoond; een document zegt alleen dat het geregeld is."]
    if status.gap_text():
        lines.append(f"Nog nodig: {status.gap_text()}.")
    return question, tuple(lines)


def month_of(iso_date: str) -> str:
    """``"2024-03-12"`` -> ``"2024-03"``; anything else as it is ('' stays '')."""
    return iso_date[:7] if len(iso_date) >= 7 and iso_date[4:5] == "-" else iso_date


def previous_norm_phrase(record: PreviousJudgement) -> str:
    """``"norm V15"`` when the previous judgement was on another norm number (another set), else ''."""
    if not record.previous_norm_id or record.previous_norm_id == record.norm_id:
        return ""
    return f"norm {record.previous_norm_id}"


def previous_line(audit: Audit, norm_id: str, width: int = 160) -> str:
    """``"Vorige toetsing (2024-03): +/- — Intervisie is er, maar …"``, or '' without a previous judgement."""
    previous = audit.previous
    record = previous.judgements.get(norm_id) if previous is not None else None
    if previous is None or record is None:
        return ""
    where = ", ".join(part for part in (month_of(previous.date), previous_norm_phrase(record)) if part)
    head = f"Vorige toetsing ({where})" if where else "Vorige toetsing"
    text = f"{head}: {record.value or 'geen oordeel'}"
    return f"{text} — {shorten(record.report_text, width)}" if record.report_text.strip() else text


def follow_up_line(audit: Audit, normset: NormSet, norm_id: str) -> str:
    """``"Opvolging: deels opgevolgd — …"`` for a previous verbeterpunt, or '' for any other norm."""
    if norm_id not in recert.follow_up_norms(audit, normset):
        return ""
    record = audit.follow_ups.get(norm_id)
    if record is None or record.status not in FOLLOW_UP_STATES or not record.text.strip():
        return "Opvolging: nog niet vastgelegd (/opvolging opgevolgd|deels|niet TEKST)"
    return f"Opvolging: {FOLLOW_UP_STATES[record.status]} — {shorten(record.text, 160)}"


def self_evaluation_line(audit: Audit, norm_id: str, width: int = 240) -> str:
    """``"Zelfevaluatie: …"`` (the organisation's own account), or '' when it gave none for this norm."""
    text = audit.self_evaluation.get(norm_id, "")
    return f"Zelfevaluatie: {shorten(text, width)}" if text.strip() else ""


def reference_lines(audit: Audit, normset: NormSet, norm_id: str) -> list[str]:
    """What the dialogue shows under a norm besides the auditor's own notes: previous audit, follow-up,
    self-evaluation (each only when there is something)."""
    lines = [previous_line(audit, norm_id), follow_up_line(audit, normset, norm_id),
             self_evaluation_line(audit, norm_id)]
    return [line for line in lines if line]
