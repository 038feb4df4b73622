"""Where toetsassistent keeps its files. Functions only: nothing is created at import time.

The data folder is the platform's user data folder (platformdirs), or `TOETSASSISTENT_DATA` when set
(the tests point it at a temporary folder). Folders are created on first use with mode 0700.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "toetsassistent"
ENV_DATA = "TOETSASSISTENT_DATA"


def data_dir() -> Path:
    """The data folder (not created)."""
    override = os.environ.get(ENV_DATA)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def audits_dir() -> Path:
    """Where audits live unless the user names another path."""
    return data_dir() / "toetsingen"


def normsets_dir() -> Path:
    """Where the user's own norm-set files are found."""
    return data_dir() / "normensets"


def templates_dir() -> Path:
    """Where the user's own Word templates for the report are found (`--sjabloon NAAM` is `NAAM.docx` here)."""
    return data_dir() / "sjablonen"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and every missing parent with mode 0700, whatever the umask; returns it.

    `Path.mkdir(parents=True)` would create the parents with the umask's mode (0755, or 0777 under umask
    000), so each missing folder is made and set to 0700 here, from the outside in. Folders that already
    existed are left as they are.
    """
    path = Path(path)
    missing = []
    current = path
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        folder.chmod(0o700)
    return path
