"""Talking to the dialogue engine in tests: send lines, read the reply."""

from __future__ import annotations

from flows.engine import Conversation
from flows.messages import ERROR, Message


def say(conv: Conversation, *lines: str) -> list[Message]:
    """Send lines; return the reply to the last one."""
    reply: list[Message] = []
    for line in lines:
        reply = conv.handle(line)
    return reply


def only_error(reply: list[Message]) -> str:
    """The text of a reply that is one error and nothing else."""
    assert [message.kind for message in reply] == [ERROR], reply
    return reply[0].text
