"""Fixtures of the unit tests: an audit file in memory and a conversation on it."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.store import AuditFile
from flows.engine import Conversation


@pytest.fixture()
def audit_file(normset) -> AuditFile:
    """An empty audit on the default norm set, in memory."""
    return AuditFile.in_memory(normset.id, normset.content_hash(), normset.text_hashes())


@pytest.fixture()
def today() -> date:
    """The date the conversation takes as today (a test module may override it)."""
    return date(2026, 11, 20)


@pytest.fixture()
def conv(audit_file, normset, today) -> Conversation:
    """A conversation on `audit_file`."""
    return Conversation(audit_file, normset, today=lambda: today)
