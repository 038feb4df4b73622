"""Editing an audit file by hand in a test, the way a newer version (or a damaged disk) would leave it.

Audit files check themselves (a SHA-256 over the base file), so a test that changes a table must write
the file again in the real format (`write_tables`), or deliberately without its checksum
(`checksum=False`: how files of schema 2 and older look).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.store.journal import CHECKSUM_KEY, encode_base


def read_tables(path: Path) -> dict[str, dict[str, Any]]:
    """The tables of a base file (its checksum left out)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop(CHECKSUM_KEY, None)
    return data


def write_tables(path: Path, tables: dict[str, dict[str, Any]], *, checksum: bool = True) -> None:
    """Write `tables` as the base file: with a valid checksum, or as an older version wrote it."""
    payload = encode_base(tables) if checksum else json.dumps(tables).encode("utf-8")
    Path(path).write_bytes(payload)
