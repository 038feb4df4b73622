"""`toetsassistent normensets`: list the norm sets, or print one as JSON.

A norm set can be the user's own file, so its texts and path are printed through `visible` (control
characters shown, never acted upon) and its JSON through `escape_json`.
"""

from __future__ import annotations

import json
import sys
from argparse import Namespace

from assistant.locations import normsets_dir
from flows.safe_text import escape_json, visible, visible_lines
from normsets import NormSetError, NormSetRegistry


def run_normensets(args: Namespace) -> int:
    registry = NormSetRegistry(normsets_dir())
    try:
        if args.id:
            normset = registry.get(args.id)
            if args.json:
                _print_json(normset.to_json_dict())
            else:
                print(visible(f"{normset.id}: {normset.title} ({normset.version}), {len(normset.norms)} normen"))
                for rubriek in normset.rubrieken:
                    print(f"\n{visible(rubriek.title)}")
                    for norm in normset.norms_in(rubriek.id):
                        print(visible(f"  {norm.id:<4} [{', '.join(norm.roles)}] {norm.short_text(70)}"))
            return 0
        sets = registry.all()
        if args.json:
            _print_json([_summary(s) for s in sets])
        else:
            width = max(len(s.id) for s in sets)
            for normset in sets:
                kind = "ingebouwd" if normset.builtin else f"eigen ({normset.path})"
                print(visible(f"{normset.id:<{width}}  {len(normset.norms):>3} normen  {normset.title}, "
                              f"{normset.version}  [{kind}]"))
    except NormSetError as error:
        print(f"toetsassistent: {visible_lines(str(error))}", file=sys.stderr)
        return 1
    for problem in registry.problems:
        print(f"Let op: {visible_lines(problem)}", file=sys.stderr)
    return 0


def _print_json(value: object) -> None:
    sys.stdout.write(escape_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def _summary(normset) -> dict:
    return {
        "id": normset.id,
        "titel": normset.title,
        "versie": normset.version,
        "normen": len(normset.norms),
        "ingebouwd": normset.builtin,
        "pad": None if normset.builtin else normset.path,
    }
