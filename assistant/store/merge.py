"""Merging two auditors' copies of one audit: a three-way merge of records, and nothing decided silently.

Two auditors work on copies of the same audit (same audit id), each on their own laptop. Every record has
a key (a uuid, or the norm for a judgement or a plan), and a delete leaves a tombstone, so merging B into
A is a matter of records:

- a record only one side has is new there, and taken;
- a record both sides have is merged field by field against the common base: a field only one side changed
  since the base takes that side's value; a field both changed to different values is a **conflict**;
- without a base (a copy made by hand that was never merged), every differing field is a conflict;
- list items (complimenten, zorgpunten, gesprekspartners) are records too, so lists are a union by item;
  their order comes from the items' positions, and a position that moved on both sides keeps A's;
- a record deleted on one side and changed on the other is a conflict on "verwijderd": nobody's work
  disappears without a choice.

Free texts are never joined: a conflict is decided "a", "b", or with a text the auditor wrote
(`{"tekst": ...}`); the value that lost goes into the audit's history (`geschiedenis`), so nothing typed
is ever gone. The base for the next merge with the same copy is what B held now, kept in the table
`basis` under B's instance id.

Everything here is a pure function of tables keyed by record (`Audit.tables`); opening, locking, the
backup and writing are `flows.merging`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.store import convert as cv
from assistant.store.model import KERN_LABELS, new_id

Keyed = dict[str, dict[str, dict[str, Any]]]
"""Tables by name, records by key (not by document number): `Audit.tables`."""

_MISSING = object()

#: Tables a merge unites record by record (drafts stay each auditor's own; bases and the reference to the
#: previous audit are handled apart).
MERGED_TABLES = (
    cv.TABLE_SOURCES, cv.TABLE_NOTES, cv.TABLE_JUDGEMENTS, cv.TABLE_LISTS, cv.TABLE_PLANS, cv.TABLE_FOLLOW_UPS,
    cv.TABLE_SELF_EVALUATION, cv.TABLE_WALKS, cv.TABLE_KERN, cv.TABLE_SUMMARY,
)
#: Fields that say who wrote a record and when, not what it says: never a conflict.
BOOKKEEPING = frozenset({"author", "created", "updated", "revision"})
#: Fields that only order things: on a conflict A's value stays, without asking.
ORDERING = frozenset({"position"})

#: Fields whose conflict may be decided with a text the auditor writes (besides "a" and "b").
FREE_TEXT_FIELDS = frozenset({"text", "report_text", "label", "note", "toelichting", "advies", "date", "received",
                              "approved"})

#: Dutch names of fields in the conflict table.
FIELD_NAMES = {
    "value": "oordeel",
    "report_text": "rapporttekst",
    "text": "tekst",
    "label": "omschrijving",
    "kind": "soort",
    "roles": "rollen",
    "date": "datum",
    "norm_id": "norm",
    "source_id": "bron",
    "status": "stand",
    "received": "ontvangen op",
    "approved": "goedgekeurd op",
    "note": "notitie",
    "deleted": "verwijderd",
    "toelichting": "toelichting",
    "advies": "advies (tekst)",
    "advies_keuze": "advies (keuze)",
    "list": "lijst",
    "route": "route",
    "asked": "gevraagd",
    "skipped": "overgeslagen",
    "current": "huidige norm",
}
#: Dutch names of tables, for the conflict table and the log.
TABLE_NAMES = {
    cv.TABLE_SOURCES: "bron",
    cv.TABLE_NOTES: "notitie",
    cv.TABLE_JUDGEMENTS: "oordeel",
    cv.TABLE_LISTS: "lijstpunt",
    cv.TABLE_PLANS: "plan van aanpak",
    cv.TABLE_FOLLOW_UPS: "opvolging",
    cv.TABLE_SELF_EVALUATION: "zelfevaluatie",
    cv.TABLE_WALKS: "rondgang",
    cv.TABLE_KERN: "kerngegevens",
    cv.TABLE_SUMMARY: "samenvatting",
}
#: Keys of `MergePlan.new` (what B brought that A did not have), in Dutch as the JSON shows them.
NEW_NAMES = {
    cv.TABLE_SOURCES: "bronnen",
    cv.TABLE_NOTES: "notities",
    cv.TABLE_JUDGEMENTS: "oordelen",
    cv.TABLE_LISTS: "lijstpunten",
    cv.TABLE_PLANS: "plannen",
    cv.TABLE_FOLLOW_UPS: "opvolgingen",
    cv.TABLE_SELF_EVALUATION: "zelfevaluaties",
    cv.TABLE_WALKS: "rondgangen",
}


#: The singular of each of `NEW_NAMES`, for "1 bron, 3 notities".
NEW_SINGULAR = {
    "bronnen": "bron", "notities": "notitie", "oordelen": "oordeel", "lijstpunten": "lijstpunt",
    "plannen": "plan van aanpak", "opvolgingen": "opvolging", "zelfevaluaties": "zelfevaluatie",
    "rondgangen": "rondgang",
}


def counts_text(counts: dict[str, int]) -> str:
    """"1 bron, 3 notities" for the non-zero counts, or ''."""
    return ", ".join(f"{count} {NEW_SINGULAR.get(name, name) if count == 1 else name}"
                     for name, count in counts.items() if count)


class MergeRefused(Exception):
    """A merge that cannot be done (another audit, a bad choice file); `str()` is Dutch, nothing was written."""


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed differently (or, without a base, that simply differs)."""

    id: str
    """Stable across runs ("oordelen/V5/value"), so a choice file made earlier still fits."""
    table: str
    key: str
    field: str
    norm_id: str | None
    a: Any
    b: Any
    base: Any
    """The base's value; None when there is no base or the base did not have the field."""
    base_known: bool

    @property
    def label(self) -> str:
        """The field in Dutch: "oordeel", "rapporttekst", "kerngegeven Scope …", "compliment (tekst)"."""
        if self.table == cv.TABLE_KERN:
            return f"kerngegeven {KERN_LABELS.get(self.field, self.field)}"
        name = FIELD_NAMES.get(self.field, self.field)
        if self.table in (cv.TABLE_JUDGEMENTS, cv.TABLE_SUMMARY):
            return name
        return f"{TABLE_NAMES.get(self.table, self.table)}: {name}"

    @property
    def takes_text(self) -> bool:
        """Whether an own text is a possible choice (free-text fields only, not a judgement or a choice)."""
        if self.table == cv.TABLE_KERN:
            return self.field not in ("vorm_onderzoek",)
        return self.field in FREE_TEXT_FIELDS

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "norm": self.norm_id, "veld": self.label, "a": self.a, "b": self.b,
                "basis": self.base if self.base_known else None}


@dataclass
class MergePlan:
    """What merging B into A would do, before the conflicts are decided."""

    merged: Keyed
    conflicts: list[Conflict]
    new: dict[str, int]
    """Records B brought that A did not have, per kind."""
    changed: dict[str, int]
    """Records A had that take a change from B, per kind."""
    base_known: bool
    theirs: Keyed = field(repr=False, default_factory=dict)

    @property
    def changes_anything(self) -> bool:
        return bool(self.conflicts or any(self.new.values()) or any(self.changed.values()))


def _content(doc: dict[str, Any], key_field: str | None) -> dict[str, Any]:
    skip = BOOKKEEPING | ({"id"} if key_field not in (None, "id") else set())
    content = {name: value for name, value in doc.items() if name not in skip}
    if not content.get("deleted"):
        content.pop("deleted", None)
    return content


def _norm_of(table: str, key: str, doc: dict[str, Any]) -> str | None:
    norm_id = doc.get("norm_id")
    if isinstance(norm_id, str):
        return norm_id
    return None


def _empty(value: Any) -> Any:
    """A value as compared: a missing field, null, "", [] and false all mean "nothing there"."""
    return None if value is _MISSING or value is None or value is False or value in ("", []) else value


def merge_record(table: str, key: str, a: dict[str, Any], b: dict[str, Any], base: dict[str, Any] | None
                 ) -> tuple[dict[str, Any], list[Conflict]]:
    """One record present on both sides, merged field by field; the fields in conflict keep A's value.

    `base` is the record in the common base: {} when the base is known but did not have the record (both
    sides made it, e.g. a judgement of the same norm: each field against "nothing there"), None when no
    base is known at all (every difference is a conflict).
    """
    key_field = cv.KEY_FIELDS.get(table)
    ca, cb = _content(a, key_field), _content(b, key_field)
    co = _content(base, key_field) if base is not None else None
    merged = dict(ca)
    conflicts: list[Conflict] = []
    for name in sorted(set(ca) | set(cb)):
        va, vb = ca.get(name, _MISSING), cb.get(name, _MISSING)
        if _empty(va) == _empty(vb):
            continue
        vo = co.get(name, _MISSING) if co is not None else _MISSING
        if co is not None:
            if _empty(va) == _empty(vo):
                _set(merged, name, vb)
                continue
            if _empty(vb) == _empty(vo):
                continue
        if name in ORDERING:
            continue
        conflicts.append(Conflict(
            id=f"{table}/{key}/{name}", table=table, key=key, field=name, norm_id=_norm_of(table, key, a),
            a=_shown(va, name), b=_shown(vb, name), base=None if vo is _MISSING else vo,
            base_known=co is not None,
        ))
    # A record deleted on one side and changed on the other: the delete is a conflict of its own (without
    # a base every difference already is one).
    deleted_a, deleted_b = bool(ca.get("deleted")), bool(cb.get("deleted"))
    newly_deleted = co is not None and not co.get("deleted")
    if newly_deleted and deleted_a != deleted_b and not any(c.field == "deleted" for c in conflicts):
        edited = cb if deleted_a else ca
        if any(_empty(edited.get(n, _MISSING)) != _empty(co.get(n, _MISSING))
               for n in (set(edited) | set(co)) - {"deleted"} - ORDERING):
            _set(merged, "deleted", True if deleted_a else _MISSING)
            conflicts.append(Conflict(
                id=f"{table}/{key}/deleted", table=table, key=key, field="deleted", norm_id=_norm_of(table, key, a),
                a=deleted_a, b=deleted_b, base=bool(co.get("deleted")), base_known=True,
            ))
    return merged, conflicts


def _set(doc: dict[str, Any], name: str, value: Any) -> None:
    if value is _MISSING:
        doc.pop(name, None)
    else:
        doc[name] = value


def _shown(value: Any, name: str) -> Any:
    if value is _MISSING:
        return False if name == "deleted" else None
    return value


def plan_merge(ours: Keyed, theirs: Keyed, base: Keyed | None) -> MergePlan:
    """What merging `theirs` (B) into `ours` (A) gives, against `base` (None: no common base known)."""
    merged: Keyed = {}
    conflicts: list[Conflict] = []
    new = {name: 0 for name in NEW_NAMES.values()}
    changed = {name: 0 for name in NEW_NAMES.values()}
    for table in set(ours) | set(theirs):
        a_docs, b_docs = ours.get(table, {}), theirs.get(table, {})
        if table not in MERGED_TABLES:
            merged[table] = dict(a_docs)
            continue
        base_docs = base.get(table, {}) if base is not None else None
        result: dict[str, dict[str, Any]] = {}
        for key, a in a_docs.items():
            b = b_docs.get(key)
            if b is None:
                result[key] = a
                continue
            base_doc = base_docs.get(key, {}) if base_docs is not None else None
            content, found = merge_record(table, key, a, b, base_doc)
            conflicts.extend(found)
            result[key] = _with_bookkeeping(content, a, b, table)
            if content != _content(a, cv.KEY_FIELDS.get(table)) and table in NEW_NAMES:
                changed[NEW_NAMES[table]] += 1
        for key, b in b_docs.items():
            if key not in a_docs:
                result[key] = b
                if table in NEW_NAMES and not b.get("deleted"):
                    new[NEW_NAMES[table]] += 1
        merged[table] = result
    conflicts.extend(_orphaned_sources(merged, ours, theirs, base, conflicts))
    for table in (cv.TABLE_PREVIOUS, cv.TABLE_PREVIOUS_AUDIT, cv.TABLE_NORMSET):
        if not merged.get(table) and theirs.get(table):
            merged[table] = dict(theirs[table])  # the reference A lacks: read-only, so taken as it is
    history = dict(ours.get(cv.TABLE_HISTORY, {}))
    history.update({key: doc for key, doc in theirs.get(cv.TABLE_HISTORY, {}).items() if key not in history})
    merged[cv.TABLE_HISTORY] = history
    conflicts.sort(key=lambda c: (c.norm_id is None, c.norm_id or "", c.table, c.key, c.field))
    return MergePlan(merged, conflicts, new, changed, base is not None, theirs)


def _orphaned_sources(merged: Keyed, ours: Keyed, theirs: Keyed, base: Keyed | None,
                      found: list[Conflict]) -> list[Conflict]:
    """A source one side deleted while the other side wrote notes from it: a conflict, never a silent loss.

    (A source can only be deleted while it has no notes, so this happens only across the two copies.)
    The merged source stays as it is until decided; choosing to keep it un-deletes it.
    """
    used = {doc.get("source_id") for doc in merged.get(cv.TABLE_NOTES, {}).values() if not doc.get("deleted")}
    extra = []
    decided = {c.id for c in found}
    for key, doc in merged.get(cv.TABLE_SOURCES, {}).items():
        conflict_id = f"{cv.TABLE_SOURCES}/{key}/deleted"
        if not doc.get("deleted") or key not in used or conflict_id in decided:
            continue
        a = bool(ours.get(cv.TABLE_SOURCES, {}).get(key, {}).get("deleted"))
        b = bool(theirs.get(cv.TABLE_SOURCES, {}).get(key, {}).get("deleted"))
        base_doc = (base or {}).get(cv.TABLE_SOURCES, {}).get(key)
        extra.append(Conflict(id=conflict_id, table=cv.TABLE_SOURCES, key=key, field="deleted", norm_id=None,
                              a=a, b=b, base=bool((base_doc or {}).get("deleted")), base_known=base is not None))
    return extra


def _with_bookkeeping(content: dict[str, Any], a: dict[str, Any], b: dict[str, Any], table: str) -> dict[str, Any]:
    key_field = cv.KEY_FIELDS.get(table)
    if content == _content(a, key_field):
        return a
    if content == _content(b, key_field):
        return dict(b, **({"id": a["id"]} if key_field not in (None, "id") and "id" in a else {}))
    doc = dict(content)
    for name in ("author", "created", "updated"):
        if name in a or name in b:
            doc[name] = max(str(a.get(name, "")), str(b.get(name, ""))) if name == "updated" else a.get(name, b.get(name, ""))
    if "revision" in a or "revision" in b:
        doc["revision"] = max(int(a.get("revision", 0)), int(b.get("revision", 0))) + 1
    if key_field not in (None, "id") and "id" in a:
        doc["id"] = a["id"]
    return doc


Choice = Any
"""'a', 'b', or {'tekst': '...'}."""


def check_choices(plan: MergePlan, choices: Any) -> dict[str, Choice]:
    """The choices, checked: an object with exactly one valid choice per conflict; `MergeRefused` otherwise."""
    if not isinstance(choices, dict):
        raise MergeRefused("Het keuzebestand moet een JSON-object zijn: per conflict-id \"a\", \"b\" of "
                           "{\"tekst\": \"...\"}.")
    known = {conflict.id: conflict for conflict in plan.conflicts}
    unknown = sorted(set(choices) - set(known))
    if unknown:
        raise MergeRefused(f"Het keuzebestand noemt een conflict dat er niet is: '{unknown[0]}'. Er is niets "
                           "samengevoegd.")
    missing = [conflict_id for conflict_id in known if conflict_id not in choices]
    if missing:
        raise MergeRefused(f"Het keuzebestand mist een keuze voor {len(missing)} conflict(en), als eerste "
                           f"'{missing[0]}'. Er is niets samengevoegd.")
    for conflict_id, choice in choices.items():
        conflict = known[conflict_id]
        if choice in ("a", "b"):
            continue
        if isinstance(choice, dict) and set(choice) == {"tekst"} and isinstance(choice["tekst"], str):
            if not conflict.takes_text:
                raise MergeRefused(f"Bij '{conflict_id}' ({conflict.label}) kan alleen \"a\" of \"b\" gekozen "
                                   "worden, geen eigen tekst. Er is niets samengevoegd.")
            continue
        raise MergeRefused(f"De keuze bij '{conflict_id}' is ongeldig: gebruik \"a\", \"b\" of "
                           "{\"tekst\": \"...\"}. Er is niets samengevoegd.")
    return dict(choices)


@dataclass(frozen=True)
class Decision:
    conflict: Conflict
    choice: Choice
    value: Any
    """The value that is kept."""
    lost: tuple[Any, ...]
    """The value(s) set aside into the history."""


def decide(plan: MergePlan, choices: dict[str, Choice], *, reason: str, date: str, author: str
           ) -> tuple[Keyed, list[Decision]]:
    """The merged tables with every conflict decided, the losing values added to the history."""
    merged = {table: dict(docs) for table, docs in plan.merged.items()}
    history = merged.setdefault(cv.TABLE_HISTORY, {})
    decisions: list[Decision] = []
    for conflict in plan.conflicts:
        choice = choices[conflict.id]
        if choice == "a":
            value, lost = conflict.a, (conflict.b,)
        elif choice == "b":
            value, lost = conflict.b, (conflict.a,)
        else:
            value, lost = choice["tekst"], (conflict.a, conflict.b)
        doc = dict(merged[conflict.table][conflict.key])
        if conflict.field == "deleted":
            doc.pop("deleted", None)
            if value:
                doc["deleted"] = True
        elif value is None and conflict.field not in ("value", "current", "source_id"):
            doc.pop(conflict.field, None)
        else:
            doc[conflict.field] = value
        merged[conflict.table][conflict.key] = doc
        for lost_value in lost:
            if lost_value == value:
                continue
            entry_id = new_id()
            history[entry_id] = {"id": entry_id, "table": conflict.table, "key": conflict.key,
                                 "field": conflict.field, "value": lost_value, "reason": reason, "date": date,
                                 "author": author}
        decisions.append(Decision(conflict, choice, value, lost))
    return merged, decisions


def bases_of(tables: Keyed, peer: str) -> Keyed | None:
    """The common base kept for merging with copy `peer`, as keyed tables; None when there is none."""
    found: Keyed = {}
    for doc in tables.get(cv.TABLE_BASES, {}).values():
        if doc["peer"] == peer:
            found.setdefault(doc["table"], {})[doc["key"]] = doc["doc"]
    return found or None


def with_base(tables: Keyed, peer: str, base: Keyed) -> Keyed:
    """`tables` with the base for copy `peer` replaced by `base` (its mergeable tables only)."""
    result = dict(tables)
    kept = {key: doc for key, doc in tables.get(cv.TABLE_BASES, {}).items() if doc["peer"] != peer}
    for table in MERGED_TABLES:
        for key, doc in base.get(table, {}).items():
            entry_id = new_id()
            kept[entry_id] = {"id": entry_id, "peer": peer, "table": table, "key": key, "doc": doc}
    result[cv.TABLE_BASES] = kept
    return result


def numbered(tables: Keyed) -> dict[str, dict[str, dict[str, Any]]]:
    """Keyed tables as an audit file stores them: documents under numbers 1, 2, ... in their order."""
    return {name: {str(number): doc for number, doc in enumerate(docs.values(), start=1)}
            for name, docs in tables.items()}
