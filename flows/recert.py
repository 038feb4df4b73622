"""Re-certification: what a new audit keeps of the previous one, and which previous verbeterpunten need a
follow-up.

The label runs two years, so most audits are re-certifications, and the auditor works from the previous
report: which norms were verbeterpunt or did not meet the norm, and what the organisation promised. A new
audit therefore keeps, per norm, the previous judgement and report text as read-only reference
(`PreviousAudit`), and nothing else: sources, notes and judgements start empty, because each norm needs
three new, independent sources.

The previous audit may have used another norm set (a 2016 audit re-certified on the 2019 set). Its norms
are then matched to the current ones by their text, with the number as a tie-breaker (`match_norms`);
2019 merged some 2016 norms into one (D10 and D11 became D7), so several previous norms may match one
current norm, which then carries all their judgements. Previous norms that match nothing are listed.

The previous audit's date (`audit_date`) is the date its report became final (kerngegeven
datum_definitief), else the date the report went to the organisation (datum_verslag_team), else the
latest date of its sources (the fieldwork), else the day its file was made.

Everything here is a pure function of snapshots and norm sets; reading the previous file is the CLI's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from assistant.store.model import FOLLOW_UP_STATES, Audit, FollowUp, PreviousAudit, PreviousJudgement
from normsets.model import NormSet

#: Previous judgements that make a norm a follow-up item: the auditor records whether it was improved.
FOLLOW_UP_VALUES = ("+/-", "-")
#: How bad a judgement is, for a norm that carries several previous ones (the worst one is its value).
_SEVERITY = {"-": 5, "+/-": 4, "+": 3, "nb": 2, "nvt": 1}
#: The lowest score (`norm_similarity` plus bonuses) at which a previous norm counts as the same as a
#: current one. Between the 2016 and 2019 sets, the best wrong candidate scores 0.26 (2016 V14 to 2019 V5)
#: and the weakest right match 0.48 (2016 D3 to 2019 O6).
MATCH_THRESHOLD = 0.4
#: Added to the score when both norms have the same subject ("Professionals ..." / "De organisatie ...").
SUBJECT_BONUS = 0.1
#: Added to the score when both norms have the same number (V5 and V5): decides between equal texts.
NUMBER_BONUS = 0.05
#: Words that say nothing about what a norm is about.
_STOPWORDS = frozenset(
    "de het een en van in op te voor met aan zij hun haar zich is zijn dit deze die dat bij over hierbij "
    "hiervan hiernaar ook om of als waar nodig zo ze er niet naar tot door".split()
)
_WORD = re.compile(r"[^\W_]+")


# -- matching norm sets -------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.casefold()) if len(word) > 1 and word not in _STOPWORDS]


@dataclass(frozen=True)
class NormMatch:
    """How the norms of a previous set correspond to those of the current one."""

    matches: dict[str, str]
    """Previous norm id -> current norm id (several previous norms may share one current norm)."""
    unmatched: tuple[str, ...]
    """Previous norm ids that correspond to no current norm, in the previous set's order."""
    scores: dict[str, float]
    """Previous norm id -> the score of its match (1.0 and more: the same text)."""

    def previous_for(self, current_id: str) -> tuple[str, ...]:
        """The previous norm ids matched to `current_id`, in the previous set's order."""
        return tuple(previous for previous, current in self.matches.items() if current == current_id)


class _Weights:
    """Word weights over both sets' texts: a word in few norms says more than one in many (idf)."""

    def __init__(self, texts: list[str]) -> None:
        documents = [set(_words(text)) for text in texts]
        counts = Counter(word for words in documents for word in words)
        self.idf = {word: math.log((len(documents) + 1) / count) for word, count in counts.items()}

    def weight(self, words: set[str]) -> float:
        return sum(self.idf.get(word, 0.0) for word in words)


def norm_similarity(previous_text: str, current_text: str, weights: "_Weights | None" = None) -> float:
    """How much two norm texts say the same, from 0 to 1: the mean of the weighted overlap of their words
    (shared words against all words) and of the shorter text's words found in the other (a norm that was
    extended or merged into a longer one still matches)."""
    weights = weights or _Weights([previous_text, current_text])
    previous_words, current_words = set(_words(previous_text)), set(_words(current_text))
    shared = weights.weight(previous_words & current_words)
    union = weights.weight(previous_words | current_words)
    smaller = min(weights.weight(previous_words), weights.weight(current_words))
    if not union or not smaller:
        return 1.0 if previous_text.strip() == current_text.strip() else 0.0
    return (shared / union + shared / smaller) / 2


def _subject(text: str) -> str:
    words = _words(text)
    return words[0] if words else ""


def match_norms(previous: NormSet, current: NormSet) -> NormMatch:
    """Match every norm of `previous` to the current norm that says most nearly the same.

    The same set (by id): norm by norm, by id. Another set: by text (`norm_similarity`), with a small
    bonus for the same subject and for the same number; a previous norm whose best score stays under
    `MATCH_THRESHOLD` is unmatched.
    """
    if previous.id == current.id:
        matches = {norm.id: norm.id for norm in previous.norms if current.norm(norm.id) is not None}
        unmatched = tuple(norm.id for norm in previous.norms if norm.id not in matches)
        return NormMatch(matches, unmatched, {norm_id: 1.0 for norm_id in matches})
    weights = _Weights([norm.text for norm in (*previous.norms, *current.norms)])
    matches: dict[str, str] = {}
    scores: dict[str, float] = {}
    for old in previous.norms:
        best_id, best_score = "", 0.0
        for new in current.norms:
            score = norm_similarity(old.text, new.text, weights)
            if _subject(old.text) == _subject(new.text):
                score += SUBJECT_BONUS
            if old.id == new.id:
                score += NUMBER_BONUS
            if score > best_score:
                best_id, best_score = new.id, score
        if best_score >= MATCH_THRESHOLD:
            matches[old.id] = best_id
            scores[old.id] = best_score
    unmatched = tuple(norm.id for norm in previous.norms if norm.id not in matches)
    return NormMatch(matches, unmatched, scores)


# -- what a new audit keeps of the previous one ---------------------------------------------------


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()[:10]).isoformat() if len(text.strip()) >= 10 else ""
    except ValueError:
        return ""


def audit_date(audit: Audit) -> str:
    """The previous audit's date (yyyy-mm-dd; see the module docstring for the order), or ''."""
    for name in ("datum_definitief", "datum_verslag_team"):
        found = _iso_date(getattr(audit.kern, name))
        if found:
            return found
    source_dates = [found for found in (_iso_date(source.date) for source in audit.sources) if found]
    if source_dates:
        return max(source_dates)
    return _iso_date(audit.meta.created)


def previous_audit(audit: Audit, previous_set: NormSet, current_set: NormSet, source_name: str = "") -> PreviousAudit:
    """What a new audit on `current_set` keeps of `audit` (made on `previous_set`): per current norm the
    previous judgement and report text, the date, the set, and the previous norms that match nothing."""
    matched = match_norms(previous_set, current_set)
    judgements: dict[str, PreviousJudgement] = {}
    for norm in current_set.norms:
        previous_ids = [norm_id for norm_id in matched.previous_for(norm.id)
                        if audit.judgements.get(norm_id) is not None]
        records = [audit.judgements[norm_id] for norm_id in previous_ids]
        records_kept = [(norm_id, record) for norm_id, record in zip(previous_ids, records)
                        if record.value is not None or record.report_text.strip()]
        if not records_kept:
            continue
        values = [record.value for _norm_id, record in records_kept if record.value is not None]
        value = max(values, key=lambda code: _SEVERITY.get(code, 0)) if values else None
        if len(records_kept) == 1:
            report_text = records_kept[0][1].report_text
        else:
            report_text = "\n\n".join(f"{norm_id} ({record.value or 'geen oordeel'}): {record.report_text}".rstrip()
                                      for norm_id, record in records_kept)
        same = previous_set.id == current_set.id
        previous_norm_id = "" if same else ", ".join(norm_id for norm_id, _record in records_kept)
        judgements[norm.id] = PreviousJudgement(norm.id, value, report_text, previous_norm_id)
    return PreviousAudit(
        date=audit_date(audit),
        normset_id=previous_set.id,
        organisation=audit.kern.organisatie,
        source=source_name,
        unmatched=matched.unmatched,
        judgements=judgements,
    )


# -- follow-ups -------------------------------------------------------------------------------------


def follow_up_norms(audit: Audit, normset: NormSet) -> tuple[str, ...]:
    """The norms whose previous judgement was +/- or -, in the set's order (none without a previous audit)."""
    if audit.previous is None:
        return ()
    return tuple(norm.id for norm in normset.norms
                 if (record := audit.previous.judgements.get(norm.id)) is not None and record.value in FOLLOW_UP_VALUES)


def open_follow_ups(audit: Audit, normset: NormSet) -> tuple[str, ...]:
    """Follow-up norms whose follow-up is not recorded yet (no state, or no sentence)."""
    return tuple(norm_id for norm_id in follow_up_norms(audit, normset)
                 if not _recorded(audit.follow_ups.get(norm_id)))


def _recorded(follow_up: FollowUp | None) -> bool:
    return follow_up is not None and follow_up.status in FOLLOW_UP_STATES and bool(follow_up.text.strip())


#: What the auditor may type for a follow-up state, and the state it means.
FOLLOW_UP_WORDS = {
    "opgevolgd": "opgevolgd", "ja": "opgevolgd", "uitgevoerd": "opgevolgd",
    "deels": "deels", "gedeeltelijk": "deels", "deels_opgevolgd": "deels",
    "niet": "niet", "nee": "niet", "niet_opgevolgd": "niet",
}


def follow_up_state(word: str) -> str | None:
    """``"Deels"`` -> ``"deels"``; None for a word that names no state."""
    return FOLLOW_UP_WORDS.get(word.strip().casefold().replace(" ", "_").replace("-", "_"))


def follow_up_refusal(audit: Audit, normset: NormSet, norm_id: str, status: str, text: str) -> str | None:
    """Why this follow-up cannot be recorded (one Dutch sentence), or None when it can."""
    if audit.previous is None:
        return ("Deze toetsing heeft geen vorige toetsing, dus niets om op te volgen. Een hercertificering begint "
                "met: toetsassistent nieuw NIEUW.toets --vorige OUD.toets")
    if norm_id not in follow_up_norms(audit, normset):
        record = audit.previous.judgements.get(norm_id)
        was = f"vorig oordeel: {record.value}" if record is not None and record.value else "geen vorig oordeel"
        return (f"{norm_id} was bij de vorige toetsing geen verbeterpunt en geen 'voldoet niet' ({was}); "
                "er is niets op te volgen.")
    if status not in FOLLOW_UP_STATES:
        return f"Onbekende stand '{status}'. Kies opgevolgd, deels of niet."
    if not text.strip():
        return ("Schrijf er een zin bij: wat deed de organisatie met het verbeterpunt? Bijvoorbeeld: "
                "/opvolging deels Het inwerkprogramma is vastgelegd maar nog niet ingevoerd.")
    return None
