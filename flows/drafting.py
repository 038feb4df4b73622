"""A first draft of a norm's findings, assembled from its notes, for the auditor to edit.

Auditors take many notes per norm and write the report text last; a mirrored real audit had notes on most
norms and findings on 9 of 49. The draft saves the copying: the notes grouped by kind of source, each group
opened with what it rests on ("In 4 gesprekken (2 P, Mng, CB): …", "Document (Jaarverslag 2025): …").
It is only a proposal: the dialogue shows it and stores it on `/verslag concept overnemen`, the norm screen
puts it in the text field unsaved. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter

from assistant.store.model import SOURCE_KINDS, Audit, Note, Source
from normsets.model import ROLES

#: Source kinds in the plural, for "In 2 documenten".
_PLURALS = {"gesprek": "gesprekken", "document": "documenten", "registratie": "registraties",
            "observatie": "observaties", "gegevens": "gegevensbronnen"}
WITHOUT_SOURCE = "zonder bron"
_ENDINGS = (".", "!", "?", "…", '"', "'", "”", "’", ")")


def _sentence(note: Note) -> str:
    text = " ".join(note.text.split())
    if note.kind == "citaat" and not text.startswith(('"', "“", "„", "'")):
        text = f"“{text}”"
    if note.kind == "suggestie":
        text = f"suggestie: {text}"
    return text if text.endswith(_ENDINGS) else text + "."


def _roles_phrase(sources: list[Source]) -> str:
    """'2 P, Mng, CB': the roles of the interviews, counted, in the order of the role list."""
    counted = Counter(role for source in sources for role in dict.fromkeys(source.roles))
    order = [role for role in ROLES if role in counted] + [role for role in counted if role not in ROLES]
    return ", ".join(f"{counted[role]} {role}" if counted[role] > 1 else role for role in order)


def _opening(kind: str, sources: list[Source]) -> str:
    count = len(sources)
    if kind == "gesprek":
        roles = _roles_phrase(sources)
        head = f"In {count} {'gesprek' if count == 1 else 'gesprekken'}"
        return f"{head} ({roles})" if roles else head
    noun = kind if count == 1 else _PLURALS.get(kind, kind)
    labels = "; ".join(dict.fromkeys(" ".join(source.label.split()) for source in sources if source.label.strip()))
    head = f"{count} {noun}" if count > 1 else noun[0].upper() + noun[1:]
    return f"{head} ({labels})" if labels else head


def findings_draft(audit: Audit, norm_id: str) -> str:
    """The draft for `norm_id`: one paragraph per kind of source (in the order of `SOURCE_KINDS`), then the
    notes without a known source; '' when the norm has no notes."""
    sources = {source.id: source for source in audit.sources}
    by_kind: dict[str, list[Note]] = {}
    kind_sources: dict[str, dict[str, Source]] = {}
    for note in audit.notes_for(norm_id):
        source = sources.get(note.source_id or "")
        kind = source.kind if source is not None else WITHOUT_SOURCE
        by_kind.setdefault(kind, []).append(note)
        if source is not None:
            kind_sources.setdefault(kind, {})[source.id] = source
    paragraphs = []
    for kind in (*SOURCE_KINDS, *(kind for kind in by_kind if kind not in SOURCE_KINDS)):
        notes = by_kind.get(kind)
        if not notes:
            continue
        opening = (WITHOUT_SOURCE[0].upper() + WITHOUT_SOURCE[1:] if kind == WITHOUT_SOURCE
                   else _opening(kind, list(kind_sources.get(kind, {}).values())))
        paragraphs.append(f"{opening}: {' '.join(_sentence(note) for note in notes)}")
    return "\n\n".join(paragraphs)
