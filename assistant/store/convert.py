"""Conversion between the audit's domain records and TinyDB documents; the only place that knows both.

Documents use Dutch-free, stable keys (they are a file format, not a user text); tuples become lists.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from assistant.store.model import AuditMeta, Judgement, Kerngegevens, Note, Source, Summary

TABLE_META = "meta"
TABLE_KERN = "kern"
TABLE_SUMMARY = "samenvatting"
TABLE_SOURCES = "bronnen"
TABLE_NOTES = "notities"
TABLE_JUDGEMENTS = "oordelen"
TABLE_DRAFTS = "concepten"
TABLE_NORMSET = "normenset"  # a copy of the norm-set file the audit was made with
RECORD_TABLES = (TABLE_SOURCES, TABLE_NOTES, TABLE_JUDGEMENTS, TABLE_DRAFTS)


def _known(cls: type, doc: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in doc.items() if key in names}


def source_to_doc(source: Source) -> dict[str, Any]:
    doc = asdict(source)
    doc["roles"] = list(source.roles)
    return doc


def source_from_doc(doc: dict[str, Any]) -> Source:
    values = _known(Source, doc)
    values["roles"] = tuple(values.get("roles") or ())
    return Source(**values)


def note_to_doc(note: Note) -> dict[str, Any]:
    return asdict(note)


def note_from_doc(doc: dict[str, Any]) -> Note:
    return Note(**_known(Note, doc))


def judgement_to_doc(judgement: Judgement) -> dict[str, Any]:
    return asdict(judgement)


def judgement_from_doc(doc: dict[str, Any]) -> Judgement:
    return Judgement(**_known(Judgement, doc))


def kern_to_doc(kern: Kerngegevens) -> dict[str, Any]:
    return asdict(kern)


def kern_from_doc(doc: dict[str, Any] | None) -> Kerngegevens:
    values = {key: str(value) for key, value in _known(Kerngegevens, doc or {}).items() if value is not None}
    return Kerngegevens(**values)


def summary_to_doc(summary: Summary) -> dict[str, Any]:
    doc = asdict(summary)
    doc["complimenten"] = list(summary.complimenten)
    doc["zorgpunten"] = list(summary.zorgpunten)
    return doc


def summary_from_doc(doc: dict[str, Any] | None) -> Summary:
    values = _known(Summary, doc or {})
    values["complimenten"] = tuple(values.get("complimenten") or ())
    values["zorgpunten"] = tuple(values.get("zorgpunten") or ())
    return Summary(**values)


def meta_to_doc(meta: AuditMeta) -> dict[str, Any]:
    return asdict(meta)


def meta_from_doc(doc: dict[str, Any]) -> AuditMeta:
    values = _known(AuditMeta, doc)
    values["norm_hashes"] = dict(values.get("norm_hashes") or {})
    return AuditMeta(**values)
