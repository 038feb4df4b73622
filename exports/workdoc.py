"""The working document ("werkdocument") in Markdown: everything the auditor gathered, per norm.

The report says what the auditor concluded; this document holds what the conclusion rests on, and is
what the auditor reads to write the report texts. Per norm: its text, the judgement, the source count
against the norm set's minimum (flagged when under it), the report text so far, and every note grouped
by source. Then the list of sources. It goes with the audit file into the audit's records.

It is linear in the number of notes: the notes are grouped in one pass, never searched per norm.
"""

from __future__ import annotations

from collections import defaultdict

from assistant.store.model import Audit, Note, Source
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
from flows.rules import NormStatus, norm_statuses
from flows.text import sources_phrase
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

    for rubriek in ns.rubrieken:
        blocks.append(heading(2, rubriek.title))
        for norm in ns.norms_in(rubriek.id):
            blocks.append(heading(3, f"{norm.id} · {rubriek.title} {norm.number}"))
            blocks.append(paragraphs(norm.text))
            if norm.application_note:
                blocks.append(f"*Toepassing:* {_inline_block(norm.application_note)}")
            if norm.variant_text:
                blocks.append(f"*Tekst in het toepassingsdocument:* {_inline_block(norm.variant_text)}")
            blocks.append(_norm_status(statuses[norm.id], ns.min_sources))
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


def _norm_status(status: NormStatus, min_sources: int) -> str:
    sources = sources_phrase(status.source_count, min_sources)
    if status.judgement == "nvt":
        sources += " (niet van toepassing: geen minimum)"
    elif status.under_minimum:
        sources += " — **onder het minimum**"
        if status.gap_text():
            sources += f"; {escape_inline(status.gap_text())}"
    return "\n".join([
        f"- Oordeel: {escape_inline(judgement_label(status.judgement))}",
        f"- Bronnen: {sources}",
        f"- Notities: {status.note_count}",
    ])


def _notes_by_source(by_source: dict[str | None, list[Note]], sources: dict[str, Source],
                     numbers: dict[str, int]) -> str:
    if not by_source:
        return "*(nog geen notities)*"
    items = []
    for source_id, notes in by_source.items():
        title = source_title(numbers[source_id], sources[source_id]) if source_id is not None else WITHOUT_SOURCE
        items.append(list_item(title))
        items.extend(list_item(note.text, prefix=f"*{note.kind}*: ", depth=1) for note in notes)
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
