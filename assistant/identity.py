"""Who is writing: the auditor's initials, asked once and kept in the data folder.

Every record an auditor writes carries their initials (`AuditFile.author`), so that after two auditors'
copies are merged the werkdocument and the app can say who noted what. The initials are kept in
`<data folder>/toetser.json` (0600); `TOETSASSISTENT_TOETSER` overrides them (scripts, a shared laptop).
Initials, not a name: two to five letters, as an auditor signs a form.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from assistant.locations import data_dir, ensure_private_dir
from assistant.store.journal import JournalError, atomic_write, read_regular

ENV_AUDITOR = "TOETSASSISTENT_TOETSER"
FILE_NAME = "toetser.json"
_INITIALS = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.\-]{0,7}")


class InitialsError(ValueError):
    """Initials that are not initials; `str()` is the Dutch message."""


def clean_initials(text: str) -> str:
    """`text` as initials ("aj" -> "AJ"), or `InitialsError` with a Dutch message."""
    value = text.strip().replace(" ", "")
    if not _INITIALS.fullmatch(value) or sum(char.isalpha() for char in value) > 5:
        raise InitialsError(
            f"'{text.strip()}' zijn geen initialen. Geef twee tot vijf letters, bijvoorbeeld AJ of ABdV."
        )
    return value.upper() if value.islower() else value


def _path() -> Path:
    return data_dir() / FILE_NAME


def auditor_initials() -> str:
    """The initials to write with ('' when not set yet): the environment first, then the data folder."""
    override = os.environ.get(ENV_AUDITOR, "").strip()
    if override:
        try:
            return clean_initials(override)
        except InitialsError:
            return ""
    try:
        data = json.loads(read_regular(_path()).decode("utf-8"))
    except (OSError, JournalError, ValueError):
        return ""
    value = data.get("initialen") if isinstance(data, dict) else None
    if not isinstance(value, str):
        return ""
    try:
        return clean_initials(value)
    except InitialsError:
        return ""


def save_initials(text: str) -> str:
    """Keep `text` as this auditor's initials (0600, atomically); returns them cleaned.

    Raises `InitialsError` for text that is not initials and `OSError` when the file cannot be written.
    """
    initials = clean_initials(text)
    folder = ensure_private_dir(data_dir())
    payload = json.dumps({"initialen": initials}, ensure_ascii=False).encode("utf-8") + b"\n"
    atomic_write(folder / FILE_NAME, payload)
    return initials
