"""Making the Word report's bytes for the CLI and the export screen: one way to check a template and fill it.

`toetsassistent export --formaat docx` and the export screen's two buttons both come here, so a user's
template is checked the same way in both (every problem listed, nothing written) and the report's content is
always `exports.report_context`. Pure apart from what the caller hands in: no files are read or written here.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from flows.safe_text import visible

if TYPE_CHECKING:
    from assistant.store import Audit
    from normsets import NormSet


class WordRefused(Exception):
    """The Word report cannot be made from this template; the message is Dutch (several lines when a
    template has several problems) and says that nothing was written."""


def part_path(path: Path, part: str) -> Path:
    """Where part `part` of the Word report goes: 'de-brug-rapport.docx' -> 'de-brug-rapport-deel-A.docx'."""
    return path.with_name(f"{path.stem}-deel-{part}{path.suffix or '.docx'}")


def render(audit: "Audit", normset: "NormSet", parts: tuple[str, ...], template: bytes | None = None,
           template_name: str = "") -> bytes:
    """The report's `parts` as DOCX bytes from the default template (None) or `template` (checked first;
    `template_name` names it in the message). Raises `WordRefused`.

    docxtpl, lxml and Jinja are imported here, on first use, so that opening the export screen (or starting
    the app) does not wait for them."""
    from exports.docx import TemplateProblem, check_template, render_docx
    from exports.report_context import report_context

    if template is not None:
        problems = check_template(template, parts)
        if problems:
            raise WordRefused("\n".join([f"Het sjabloon '{visible(template_name)}' kan niet worden gebruikt; er is "
                                         "niets geschreven:", *(f"  - {visible(problem)}" for problem in problems)]))
    try:
        return render_docx(report_context(audit, normset, parts), template)
    except TemplateProblem as problem:
        raise WordRefused(f"{problem} Er is niets geschreven.") from None
