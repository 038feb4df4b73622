"""Finding and reading the Word templates of the report: the default one, or the user's own.

A certification body's template is a .docx made in Word. The user names it on the command line
(`--sjabloon huisstijl` finds `huisstijl.docx` in the `sjablonen/` folder of the data folder; a path works
too) or picks it on the export screen from that folder. Both go through here, so a name means the same in
both places, and a file that is not a plain file (a folder, a pipe) or far too large is refused in Dutch
before anything is read into memory.
"""

from __future__ import annotations

import os
from pathlib import Path

from assistant.locations import templates_dir
from normsets.reading import Unreadable, read_regular_file

SUFFIX = ".docx"
#: A report template is a few hundred KiB at most, even with a logo; anything this large is not one.
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024


class TemplateNotFound(Exception):
    """The named template cannot be found or read; the message is Dutch."""


def available() -> list[Path]:
    """The .docx files in the templates folder, by name (none when the folder does not exist)."""
    folder = templates_dir()
    try:
        entries = sorted(folder.iterdir(), key=lambda path: path.name.casefold())
    except OSError:
        return []
    return [path for path in entries if path.suffix.casefold() == SUFFIX and path.is_file()
            and not path.name.startswith(("~$", "."))]


def resolve(name: str) -> Path:
    """The template file for `name`: an existing path, or NAME(.docx) in the templates folder."""
    typed = name.strip()
    if not typed:
        raise TemplateNotFound("Geef de naam of het pad van het sjabloon.")
    as_path = Path(typed).expanduser()
    if as_path.exists():
        return as_path
    folder = templates_dir()
    for candidate in (folder / typed, folder / f"{typed}{SUFFIX}"):
        if os.sep not in typed and candidate.exists():
            return candidate
    known = ", ".join(path.stem for path in available())
    hint = (f" In de map met sjablonen ({folder}) staan: {known}." if known
            else f" De map met sjablonen ({folder}) is leeg of bestaat nog niet.")
    raise TemplateNotFound(f"Sjabloon '{typed}' niet gevonden: geen bestand met dat pad, en geen "
                           f"'{Path(typed).stem}{SUFFIX}' in de map met sjablonen.{hint}")


def read(path: Path) -> bytes:
    """The bytes of a template file; TemplateNotFound (Dutch) for a folder, a pipe, a huge or unreadable file."""
    try:
        return read_regular_file(path, MAX_TEMPLATE_BYTES, kind="sjabloon")
    except Unreadable as error:
        raise TemplateNotFound(f"Het sjabloon '{path}': {error}") from None


def load(name: str) -> tuple[Path, bytes]:
    """`resolve` and `read` in one: the path found and its bytes."""
    path = resolve(name)
    return path, read(path)
