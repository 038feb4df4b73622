"""The norm-set domain: what a norm is, which roles can speak to it, and the rules of judgement.

A norm set is plain data. Everything above this layer (the dialogue, the storage, the exports, the
two front ends) reads these frozen dataclasses and never the TOML files themselves.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

#: The role codes of the interview form's "Wie" column, with the form's own legend.
ROLES: Mapping[str, str] = MappingProxyType(
    {
        "P": "professional (ook stagiaire en invalkracht)",
        "Mng": "directeur/bestuurder/leidinggevende/teamcoach/coördinator",
        "P&O": "personeelszaken",
        "CB": "cliënt/gebruiker dienst / burger",
        "BV": "bedrijfskritische vrijwilliger",
        "nbV": "niet-bedrijfskritische vrijwilliger",
        "S": "stagiaire",
        "BKC": "beleidsmedewerker/ kwaliteitsfunctionaris/ communicatiemedewerker",
    }
)

#: The judgement scale: code -> label used in messages and reports.
JUDGEMENTS: Mapping[str, str] = MappingProxyType(
    {
        "+": "voldoet",
        "+/-": "verbeterpunt",
        "-": "voldoet niet",
        "nvt": "niet van toepassing",
        "nb": "niet beoordeeld",
    }
)


def role_code(text: str) -> str | None:
    """The canonical role code for `text`, case-insensitively (``"mng"`` -> ``"Mng"``), or None."""
    wanted = text.strip().casefold()
    for code in ROLES:
        if code.casefold() == wanted:
            return code
    return None


@dataclass(frozen=True)
class Rubriek:
    """One of a norm set's groups of norms (Vakmanschap, Dienstverlening, ...)."""

    id: str
    title: str
    prefix: str
    description: str = ""


@dataclass(frozen=True)
class Norm:
    """One norm: its text, the roles that can speak to it, and the questions per role."""

    id: str
    rubriek: str
    number: int
    text: str
    roles: tuple[str, ...]
    questions: Mapping[str, tuple[str, ...]]
    extra_questions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    application_note: str | None = None
    variant_text: str | None = None

    @property
    def extra_roles(self) -> tuple[str, ...]:
        """Roles outside the form's Wie column that the set adds as an obvious second source."""
        return tuple(role for role in self.extra_questions if role not in self.roles)

    @property
    def all_roles(self) -> tuple[str, ...]:
        return self.roles + self.extra_roles

    def questions_for(self, role: str) -> tuple[str, ...]:
        """The suggested questions for an interviewee of `role` (the Wie roles, then additions)."""
        return tuple(self.questions.get(role, ())) or tuple(self.extra_questions.get(role, ()))

    def short_text(self, width: int = 60) -> str:
        """The first `width` characters of the text, cut at a word, for tables and lists."""
        if len(self.text) <= width:
            return self.text
        cut = self.text[: width - 1].rsplit(" ", 1)[0]
        return cut + "…"


@dataclass(frozen=True)
class DecisionRule:
    """The label decision: a positive advice is possible within these limits."""

    max_fails: int
    max_improvements: int
    text: str


@dataclass(frozen=True)
class NormSet:
    """A complete, validated norm set."""

    id: str
    title: str
    version: str
    attribution: str
    min_sources: int
    rubrieken: tuple[Rubriek, ...]
    norms: tuple[Norm, ...]
    decision: DecisionRule
    min_practice_sources: int = 1
    """How many of the `min_sources` must come from practice (a gesprek or an observatie), 0..min_sources."""
    glossary: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    builtin: bool = True
    path: str = ""
    source_toml: str = field(default="", repr=False, compare=False)
    """The file's text as read: an audit keeps a copy, so it can be opened where the set is missing."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {norm.id.casefold(): norm for norm in self.norms})

    def norm(self, norm_id: str) -> Norm | None:
        """The norm with this id, case-insensitively (``"v5"`` finds ``V5``), or None."""
        return self._by_id.get(norm_id.strip().casefold())  # type: ignore[attr-defined]

    def norms_in(self, rubriek_id: str) -> tuple[Norm, ...]:
        return tuple(norm for norm in self.norms if norm.rubriek == rubriek_id)

    def rubriek(self, rubriek_id: str) -> Rubriek:
        return next(r for r in self.rubrieken if r.id == rubriek_id)

    @property
    def norm_ids(self) -> tuple[str, ...]:
        return tuple(norm.id for norm in self.norms)

    def text_hashes(self) -> dict[str, str]:
        """Per norm a short hash of its text, so an audit can later tell which norms changed."""
        return {
            norm.id: hashlib.sha256(norm.text.encode("utf-8")).hexdigest()[:16]
            for norm in self.norms
        }

    def content_hash(self) -> str:
        """A hash over ids and texts: equal hashes mean the audit's norms read the same."""
        payload = json.dumps(self.text_hashes(), sort_keys=True).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()[:16]

    def to_json_dict(self) -> dict:
        """The public JSON shape of `toetsassistent normensets ID --json`."""
        return {
            "id": self.id,
            "titel": self.title,
            "versie": self.version,
            "bron": self.attribution,
            "min_bronnen": self.min_sources,
            "min_praktijkbronnen": self.min_practice_sources,
            "oordelen": dict(JUDGEMENTS),
            "besluitregel": {
                "max_voldoet_niet": self.decision.max_fails,
                "max_verbeterpunt": self.decision.max_improvements,
                "tekst": self.decision.text,
            },
            "rollen": dict(ROLES),
            "rubrieken": [
                {"id": r.id, "titel": r.title, "prefix": r.prefix} for r in self.rubrieken
            ],
            "begrippen": dict(self.glossary),
            "normen": [
                {
                    "id": norm.id,
                    "rubriek": norm.rubriek,
                    "nummer": norm.number,
                    "tekst": norm.text,
                    "rollen": list(norm.roles),
                    "aanvullende_rollen": list(norm.extra_roles),
                    "toepassing": norm.application_note,
                    "tekst_toepassingsdocument": norm.variant_text,
                    "vragen": {
                        role: list(norm.questions_for(role)) for role in norm.all_roles
                    },
                }
                for norm in self.norms
            ],
        }
