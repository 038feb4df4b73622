"""Which norm sets exist: the built-in ones shipped in this package and the user's own files.

User sets live in a folder the caller passes in (the application passes its data folder), so this
module stays free of any knowledge of where the application keeps its files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from normsets.loader import SUFFIX, NormSetError, builtin_names, load_builtin, load_file
from normsets.model import NormSet


#: The built-in sets, parsed once per process: they are package data and cannot change while it runs, and
#: parsing one costs tens of milliseconds (every open of an audit asks for its set).
_BUILTIN: dict[str, NormSet] = {}


def _builtin(name: str) -> NormSet:
    stem = name.removesuffix(SUFFIX)
    if stem not in _BUILTIN:
        _BUILTIN[stem] = load_builtin(stem)
    return _BUILTIN[stem]


@dataclass
class NormSetRegistry:
    """Finds and loads norm sets; a broken user file is reported, never fatal for the others."""

    user_dir: Path | None = None
    problems: list[str] = field(default_factory=list)
    _sets: dict[str, NormSet] | None = None

    def _load_all(self) -> dict[str, NormSet]:
        if self._sets is not None:
            return self._sets
        sets: dict[str, NormSet] = {}
        for name in builtin_names():
            normset = _builtin(name)
            sets[normset.id] = normset
        self.problems = []
        if self.user_dir is not None and self.user_dir.is_dir():
            for path in sorted(self.user_dir.glob(f"*{SUFFIX}")):
                try:
                    normset = load_file(path)
                except NormSetError as error:
                    self.problems.append(str(error))
                    continue
                if normset.id in sets:
                    owner = "ingebouwde" if sets[normset.id].builtin else "andere eigen"
                    self.problems.append(
                        f"Normenset '{path}': de id '{normset.id}' is al van een {owner} normenset; "
                        "geef dit bestand een eigen id (het veld 'id')."
                    )
                    continue
                sets[normset.id] = normset
        self._sets = sets
        return sets

    def all(self) -> list[NormSet]:
        """Every usable set: built-in first, then the user's own, each in id order."""
        sets = self._load_all().values()
        return sorted(sets, key=lambda s: (not s.builtin, s.id))

    def ids(self) -> list[str]:
        return [normset.id for normset in self.all()]

    def get(self, set_id: str) -> NormSet:
        """The set with this id, or a `NormSetError` that lists the ids that do exist."""
        sets = self._load_all()
        if set_id in sets:
            return sets[set_id]
        known = ", ".join(sorted(sets))
        raise NormSetError(f"Onbekende normenset '{set_id}'. Beschikbaar: {known}.")

    def find(self, set_id: str) -> NormSet | None:
        return self._load_all().get(set_id)
