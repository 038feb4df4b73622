"""`toetsassistent normensets`: list the norm sets, or print one as JSON."""

from __future__ import annotations

import json
import sys
from argparse import Namespace

from assistant.locations import normsets_dir
from normsets import NormSetError, NormSetRegistry


def run_normensets(args: Namespace) -> int:
    registry = NormSetRegistry(normsets_dir())
    try:
        if args.id:
            normset = registry.get(args.id)
            if args.json:
                json.dump(normset.to_json_dict(), sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            else:
                print(f"{normset.id}: {normset.title} ({normset.version}), {len(normset.norms)} normen")
                for rubriek in normset.rubrieken:
                    print(f"\n{rubriek.title}")
                    for norm in normset.norms_in(rubriek.id):
                        print(f"  {norm.id:<4} [{', '.join(norm.roles)}] {norm.short_text(70)}")
            return 0
        sets = registry.all()
        if args.json:
            json.dump([_summary(s) for s in sets], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            width = max(len(s.id) for s in sets)
            for normset in sets:
                kind = "ingebouwd" if normset.builtin else f"eigen ({normset.path})"
                print(f"{normset.id:<{width}}  {len(normset.norms):>3} normen  {normset.title}, {normset.version}  [{kind}]")
    except NormSetError as error:
        print(f"toetsassistent: {error}", file=sys.stderr)
        return 1
    for problem in registry.problems:
        print(f"Let op: {problem}", file=sys.stderr)
    return 0


def _summary(normset) -> dict:
    return {
        "id": normset.id,
        "titel": normset.title,
        "versie": normset.version,
        "normen": len(normset.norms),
        "ingebouwd": normset.builtin,
        "pad": None if normset.builtin else normset.path,
    }
