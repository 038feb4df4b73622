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


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) with mode 0700 if missing; returns it."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    return path
