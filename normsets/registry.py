"""Which norm sets exist: the built-in ones shipped in this package and the user's own files.

User sets live in a folder the caller passes in (the application passes its data folder), so this
module stays free of any knowledge of where the application keeps its files. Every command lists that
folder, so one bad file there (damaged, a FIFO, a directory, unreadable) is reported in `problems` and
never keeps the other sets from loading. Hidden files (a name starting with ".", such as an editor's
lock file `.#x.toml`) are not norm sets and are skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from normsets.loader import SUFFIX, NormSetError, builtin_names, load_builtin, load_file, shown
from normsets.model import NormSet
from normsets.os_errors import describe_os_error


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

    def _user_files(self) -> list[Path]:
        """The candidate files in the user's folder, by name; a folder that cannot be read is a problem."""
        if self.user_dir is None:
            return []
        folder = self.user_dir
        try:
            with os.scandir(folder) as entries:
                names = [entry.name for entry in entries]
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            self.problems.append(shown(f"'{folder}' is geen map; daar worden geen eigen normensets gezocht."))
            return []
        except OSError as error:
            self.problems.append(shown(
                f"De map met eigen normensets '{folder}' kan niet worden gelezen: {describe_os_error(error)}."
            ))
            return []
        return [folder / name for name in sorted(names) if name.endswith(SUFFIX) and not name.startswith(".")]

    def _load_all(self) -> dict[str, NormSet]:
        if self._sets is not None:
            return self._sets
        sets: dict[str, NormSet] = {}
        for name in builtin_names():
            normset = _builtin(name)
            sets[normset.id] = normset
        self.problems = []
        for path in self._user_files():
            try:
                normset = load_file(path)
            except NormSetError as error:
                self.problems.append(str(error))
                continue
            if normset.id in sets:
                owner = "ingebouwde" if sets[normset.id].builtin else "andere eigen"
                self.problems.append(shown(
                    f"Normenset '{path}': de id '{normset.id}' is al van een {owner} normenset; "
                    "geef dit bestand een eigen id (het veld 'id')."
                ))
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
        """The set with this id, or a `NormSetError` that lists the ids that do exist.

        When some user files could not be loaded, the message says so too: the set asked for may well
        be in one of them.
        """
        sets = self._load_all()
        if set_id in sets:
            return sets[set_id]
        known = ", ".join(sorted(sets))
        message = f"Onbekende normenset '{set_id}'. Beschikbaar: {known}."
        if self.problems:
            message += " Niet geladen: " + " ".join(self.problems)
        raise NormSetError(shown(message))

    def find(self, set_id: str) -> NormSet | None:
        return self._load_all().get(set_id)
