"""The working document ("werkdocument") in Markdown: everything the auditor gathered, per norm.

The report says what the auditor concluded; this document holds what the conclusion rests on, and is
what the auditor reads to write the report texts. First the computed advice indication (which the report
sent out leaves to the CI's own choice) and, at a re-certification, the previous audit; then per norm: its
text, the judgement, the source count against the norm set's minimum (flagged when under it, or when the
norm is shown on paper only), the previous judgement and its follow-up, the plan of approach where one is
needed, the report text so far, and every note grouped by source. Then the list of sources. It goes with
the audit file into the audit's records.

It is linear in the number of notes: the notes are grouped in one pass, never searched per norm.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.store.model import ADVICE_CHOICES, FOLLOW_UP_STATES, Audit, Note, Source
from exports.completeness import find_gaps, notice
from exports.markdown import (
    count_phrase,
    dutch_date,
    escape_inline,
    heading,
    list_item,
    paragraphs,
    table,
)
from exports.report import judgement_label
from flows import plans, recert
from flows.rules import NEEDS_PLAN, NormStatus, advice, norm_statuses
from flows.text import month_of, previous_norm_phrase, sources_phrase
from normsets.model import ROLES, NormSet

WITHOUT_SOURCE = "Zonder bron"


def source_title(number: int, source: Source) -> str:
    """'Bron 2: gesprek (P, Mng) — twee ambulant werkers, 20 november 2026' (plain text, not escaped)."""
    text = f"Bron {number}: {source.kind}"
    if source.roles:
        text += f" ({', '.join(source.roles)})"
    if source.label.strip():
        text += f" — {source.label.strip()}"
    if source.date.strip():
        text += f", {dutch_date(source.date.strip())}"
    return text


def render_workdoc(audit: Audit, ns: NormSet) -> str:
    """The working document as Markdown (CommonMark with GFM tables), ending in a newline."""
    statuses = norm_statuses(audit, ns)
    numbers = {source.id: number for number, source in enumerate(audit.sources, start=1)}
    sources = {source.id: source for source in audit.sources}
    grouped = _group_notes(audit.notes, numbers)

    organisation = audit.kern.organisatie.strip()
    judged = sum(1 for status in statuses.values() if status.judgement is not None)
    blocks = [
        heading(1, f"Werkdocument toetsing — {organisation}" if organisation else "Werkdocument toetsing"),
        f"Normenset: {escape_inline(ns.title)}, versie {escape_inline(ns.version)}. "
        f"{count_phrase(len(audit.sources), 'bron', 'bronnen')}, "
        f"{count_phrase(len(audit.notes), 'notitie', 'notities')}; "
        f"{judged} van de {len(ns.norms)} normen hebben een oordeel.",
    ]
    gaps_notice = notice(find_gaps(audit, ns, statuses), "Per norm staat hieronder wat er nog ontbreekt.")
    if gaps_notice:
        blocks.append(gaps_notice)
    blocks += _indication(audit, ns)
    blocks += _previous_audit(audit, ns)

    for rubriek in ns.rubrieken:
        blocks.append(heading(2, rubriek.title))
        for norm in ns.norms_in(rubriek.id):
            blocks.append(heading(3, f"{norm.id} · {rubriek.title} {norm.number}"))
            blocks.append(paragraphs(norm.text))
            if norm.application_note:
                blocks.append(f"*Toepassing:* {_inline_block(norm.application_note)}")
            if norm.variant_text:
                blocks.append(f"*Tekst in het toepassingsdocument:* {_inline_block(norm.variant_text)}")
            previous = _previous_items(audit, ns, norm.id)
            blocks.append(_norm_status(statuses[norm.id], ns.min_sources, audit) + (f"\n{previous}" if previous else ""))
            record = audit.judgements.get(norm.id)
            blocks.append("**Tekst voor het rapport**")
            blocks.append(paragraphs(record.report_text if record else ""))
            blocks.append("**Notities per bron**")
            blocks.append(_notes_by_source(grouped.pop(norm.id, {}), sources, numbers))

    if grouped:
        blocks += _other_norms(grouped, audit, sources, numbers)
    blocks += _sources(audit, statuses, numbers)
    return "\n\n".join(blocks) + "\n"


def _inline_block(text: str) -> str:
    return paragraphs(text, placeholder="")


def _group_notes(notes: tuple[Note, ...], numbers: dict[str, int]) -> dict[str, dict[str | None, list[Note]]]:
    """norm id -> source id (None: no known source) -> notes in creation order; sources in bron order."""
    grouped: dict[str, dict[str | None, list[Note]]] = defaultdict(lambda: defaultdict(list))
    for note in notes:
        source_id = note.source_id if note.source_id in numbers else None
        grouped[note.norm_id][source_id].append(note)
    def bron_order(item: tuple[str | None, list[Note]]) -> int:
        source_id = item[0]
        return numbers[source_id] if source_id is not None else len(numbers) + 1

    return {norm_id: dict(sorted(by_source.items(), key=bron_order)) for norm_id, by_source in grouped.items()}


def _indication(audit: Audit, ns: NormSet) -> list[str]:
    """The computed advice indication beside the CI's own choice (the report sent out has only the choice)."""
    computed = advice(audit, ns)
    chosen = ADVICE_CHOICES.get(audit.summary.advies_keuze, audit.summary.advies_keuze) or "nog geen keuze"
    lines = [f"**Berekende indicatie:** {escape_inline(computed.headline())}.", ""]
    lines += [f"- {escape_inline(reason)}" for reason in computed.reasons]
    lines += ["", f"*Besluitregel: {escape_inline(ns.decision.text)}*", "",
              f"**Advies van de CI (in het rapport):** {escape_inline(chosen)}."]
    return [heading(2, "Adviesindicatie"), "\n".join(lines)]


def _norm_status(status: NormStatus, min_sources: int, audit: Audit) -> str:
    sources = sources_phrase(status.source_count, min_sources)
    if status.judgement == "nvt":
        sources += " (niet van toepassing: geen minimum)"
    elif status.judgement == "nb":
        sources += " (niet beoordeeld: geen minimum)"
    elif status.under_minimum:
        sources += " — **onder het minimum**"
        if status.paper_only:
            sources += "; **alleen papier**"
        if status.gap_text():
            sources += f"; {escape_inline(status.gap_text())}"
    elif status.paper_only:
        sources += f" — **alleen papier**: {status.practice_count} van de {status.min_practice} uit de praktijk"
        if status.gap_text():
            sources += f"; {escape_inline(status.gap_text())}"
    lines = [
        f"- Oordeel: {escape_inline(judgement_label(status.judgement))}",
        f"- Bronnen: {sources}",
        f"- Notities: {status.note_count}",
    ]
    if status.judgement in NEEDS_PLAN:
        lines.append(f"- Plan van aanpak: {escape_inline(plans.describe(audit.plans.get(status.norm_id)))}")
    return "\n".join(lines)


def _note_prefix(note: Note) -> str:
    """"*bewijs* (AJ): " — the kind, and the auditor's initials when known (after a duo audit's merge)."""
    author = f" ({escape_inline(note.author)})" if note.author else ""
    return f"*{escape_inline(note.kind)}*{author}: "


def _notes_by_source(by_source: dict[str | None, list[Note]], sources: dict[str, Source],
                     numbers: dict[str, int]) -> str:
    if not by_source:
        return "*(nog geen notities)*"
    items = []
    for source_id, notes in by_source.items():
        title = source_title(numbers[source_id], sources[source_id]) if source_id is not None else WITHOUT_SOURCE
        items.append(list_item(title))
        items.extend(list_item(note.text, prefix=_note_prefix(note), depth=1) for note in notes)
    return "\n".join(items)


def _other_norms(grouped: dict[str, dict[str | None, list[Note]]], audit: Audit,
                 sources: dict[str, Source], numbers: dict[str, int]) -> list[str]:
    """Notes on norm ids this norm set does not have (an audit made with another version of the set)."""
    blocks = [
        heading(2, "Notities bij normen buiten deze normenset"),
        "Deze notities horen bij normen die de normenset niet (meer) kent. Ze staan hier zodat er niets verloren gaat.",
    ]
    for norm_id, by_source in grouped.items():
        blocks.append(heading(3, norm_id))
        record = audit.judgements.get(norm_id)
        if record is not None:
            blocks.append(f"- Oordeel: {escape_inline(judgement_label(record.value))}")
        blocks.append(_notes_by_source(by_source, sources, numbers))
    return blocks


def _sources(audit: Audit, statuses: dict[str, NormStatus], numbers: dict[str, int]) -> list[str]:
    blocks = [heading(2, "Bronnen")]
    if not audit.sources:
        return [*blocks, "*(nog geen bronnen)*"]
    note_counts: dict[str, int] = defaultdict(int)
    for note in audit.notes:
        if note.source_id is not None:
            note_counts[note.source_id] += 1
    counted_for: dict[str, int] = defaultdict(int)
    for status in statuses.values():
        for source_id in status.source_ids:
            counted_for[source_id] += 1
    rows = [
        (
            str(numbers[source.id]),
            source.kind,
            source.label,
            ", ".join(source.roles),
            dutch_date(source.date),
            str(note_counts[source.id]),
            str(counted_for[source.id]),
        )
        for source in audit.sources
    ]
    blocks.append(table(("Nr.", "Soort", "Omschrijving", "Rollen", "Datum", "Notities", "Telt mee bij normen"), rows))
    used_roles = [code for code in ROLES if any(code in source.roles for source in audit.sources)]
    if used_roles:
        legend = "; ".join(f"{code} = {ROLES[code]}" for code in used_roles)
        blocks.append(f"*Rollen:* {escape_inline(legend)}.")
    return blocks


# -- re-certification (issue 12) -----------------------------------------------------------------


def _previous_audit(audit: Audit, ns: NormSet) -> list[str]:
    """The block on the previous audit at a re-certification: which audit, follow-ups, unmatched norms."""
    previous = audit.previous
    if previous is None:
        return []
    where = f" ({escape_inline(previous.source)})" if previous.source else ""
    when = dutch_date(previous.date) if previous.date else "onbekende datum"
    lines = [f"**Hercertificering.** Vorige toetsing: {escape_inline(when)}, normenset "
             f"{escape_inline(previous.normset_id)}{where}."]
    follow_ups = recert.follow_up_norms(audit, ns)
    waiting = recert.open_follow_ups(audit, ns)
    if follow_ups:
        one = len(follow_ups) == 1
        lines.append(f"{count_phrase(len(follow_ups), 'norm was', 'normen waren')} verbeterpunt of "
                     f"{'voldeed' if one else 'voldeden'} niet: {', '.join(follow_ups)}; "
                     f"{len(waiting)} daarvan nog zonder opvolging.")
    else:
        lines.append("Geen norm was de vorige keer verbeterpunt of voldeed niet.")
    if previous.unmatched:
        lines.append(f"Normen van de vorige toetsing ({escape_inline(previous.normset_id)}) zonder tegenhanger in "
                     f"deze normenset: {escape_inline(', '.join(previous.unmatched))}.")
    return [" \\\n".join(lines)]


def _previous_items(audit: Audit, ns: NormSet, norm_id: str) -> str:
    """'- Vorige toetsing (2024-03): verbeterpunt (+/-)' with its report text, and the follow-up, or ''."""
    previous = audit.previous
    record = previous.judgements.get(norm_id) if previous is not None else None
    if previous is None or record is None:
        return ""
    where = ", ".join(part for part in (month_of(previous.date), previous_norm_phrase(record)) if part)
    head = f"Vorige toetsing ({where}): " if where else "Vorige toetsing: "
    items = [list_item(record.report_text, prefix=escape_inline(head + judgement_label(record.value))
                       + (" — " if record.report_text.strip() else ""))]
    if norm_id in recert.follow_up_norms(audit, ns):
        follow_up = audit.follow_ups.get(norm_id)
        if follow_up is None or norm_id in recert.open_follow_ups(audit, ns):
            items.append("- Opvolging: **nog niet vastgelegd**")
        else:
            label = FOLLOW_UP_STATES[follow_up.status]
            items.append(list_item(follow_up.text, prefix=f"Opvolging: {escape_inline(label)} — "))
    return "\n".join(items)
