"""Who wrote a note, beside it in the conversation's "Eerder genoteerd" (chat and line mode), when known."""

from __future__ import annotations

from assistant.store import AuditFile, Note, Source
from flows.engine import Conversation


def test_earlier_notes_name_their_author_when_known(normset):
    audit = AuditFile.in_memory(normset.id)
    audit.author = "AJ"
    source = audit.put_source(Source.new("document", "jaarplan"))
    audit.put_note(Note.new("V5", source.id, "bewijs", "Inwerkplan gezien"))
    audit.author = ""
    audit.put_note(Note.new("V5", source.id, "bevinding", "Zonder toetser"))
    earlier = next(message for message in Conversation(audit, normset).handle("/norm V5")
                   if message.text == "Eerder genoteerd:")
    assert earlier.lines == ("document — jaarplan: [bewijs] Inwerkplan gezien (AJ)",
                             "document — jaarplan: Zonder toetser")
