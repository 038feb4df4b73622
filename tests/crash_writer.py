"""A writer process for the crash tests: changes an audit file at random and acknowledges each change.

Run as `python -m tests.crash_writer AUDIT SEED`. Before each change it prints `intent <json>`, after the
store call returned `ack <json>` (flushed), so the parent knows exactly which changes were acknowledged
and which one was in flight when it killed the process. Notes are added (the file grows), rewritten to
much shorter or longer texts and deleted (it shrinks), and judgements rewritten. SIGTERM and SIGHUP
finish the change in progress, close the audit cleanly and exit 0.
"""

from __future__ import annotations

import json
import random
import signal
import sys
from pathlib import Path

from assistant.store import AuditFile, Judgement, Note, Source


def main() -> int:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    audit = AuditFile.open(path)
    stop_requested = []

    def request_stop(signum, frame):  # noqa: ARG001 - signal handler signature
        # Only note the request: closing here could interrupt a write half-way through this thread.
        stop_requested.append(signum)

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)
    snapshot = audit.snapshot()
    source = snapshot.sources[0] if snapshot.sources else audit.put_source(Source.new("gesprek", "crashtest", ("P",)))
    print("ready", flush=True)
    while not stop_requested:
        notes = list(audit.snapshot().notes)
        roll = rng.random()
        if roll < 0.5 or len(notes) < 3:
            note = Note.new(rng.choice(["V1", "D2", "O3"]), source.id, "bevinding", "x" * rng.randint(1, 400))
            op = {"op": "put_note", "id": note.id, "text": note.text}
            print("intent " + json.dumps(op), flush=True)
            audit.put_note(note)
        elif roll < 0.75:
            target = rng.choice(notes)
            text = "y" * rng.choice([1, 2, 3, 800])
            op = {"op": "put_note", "id": target.id, "text": text}
            print("intent " + json.dumps(op), flush=True)
            audit.put_note(Note(target.id, target.norm_id, target.source_id, target.kind, text, target.created))
        elif roll < 0.9:
            target = rng.choice(notes)
            op = {"op": "delete_note", "id": target.id}
            print("intent " + json.dumps(op), flush=True)
            audit.delete_note(target.id)
        else:
            text = "z" * rng.randint(0, 600)
            op = {"op": "judge", "norm": "V1", "text": text}
            print("intent " + json.dumps(op), flush=True)
            audit.put_judgement(Judgement.new("V1", "+/-", text))
        print("ack " + json.dumps(op), flush=True)
    audit.close()
    print("closed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
