"""Fixtures for the app's pilot tests: a `make_app` factory on the temporary data folder.

The root conftest already points the data folder at `tmp_path`; here the date of a new gesprek is frozen
(`FROZEN_TODAY`) and every app that a test built is closed afterwards, so no lock or open file leaks
from one test into the next.
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Callable

import pytest

from assistant.app import ToetsApp
from assistant.locations import audits_dir, ensure_private_dir
from assistant.store import AuditFile, Kerngegevens
from normsets import NormSetRegistry

FROZEN_TODAY = "2026-03-02"
NORMSET_ID = "sterk-sociaal-werk-2019"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests on a fresh event loop (Textual's Pilot needs one; no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> str:
    """A new gesprek defaults to this date, whatever the real day is."""
    monkeypatch.setattr("assistant.widgets.interview_form.today", lambda: FROZEN_TODAY)
    return FROZEN_TODAY


@pytest.fixture
def audits_folder(private_data_dir: Path) -> Path:
    return ensure_private_dir(audits_dir())


@pytest.fixture
def make_audit(audits_folder: Path) -> Callable[..., Path]:
    """Write an empty audit for `organisation` into the audits folder (closed) and return its path."""

    def make(organisation: str = "Welzijn Voorbeeld", name: str | None = None) -> Path:
        normset = NormSetRegistry(None).get(NORMSET_ID)
        path = audits_folder / f"{name or organisation.lower().replace(' ', '-')}.toets"
        AuditFile.create(path, normset.id, normset.content_hash(), normset.text_hashes(),
                         Kerngegevens(organisatie=organisation)).close()
        return path

    return make


@pytest.fixture
def make_app() -> Callable[..., ToetsApp]:
    """Build a ToetsApp on the test's data folder: no audit, a given audit, or a fresh demo copy."""
    apps: list[ToetsApp] = []

    def make(path: Path | None = None, *, demo: bool = False, read_only: bool = False) -> ToetsApp:
        app = ToetsApp(path, demo=demo, read_only=read_only)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.shutdown()


async def _settle(app: ToetsApp, pilot, delay: float = 0.05) -> None:
    from tests.functional.review_harness import keys_handled

    await pilot.pause()  # let work scheduled after the next refresh start first
    await keys_handled(app, pilot)
    await pilot.pause(delay)
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause(delay)
    await keys_handled(app, pilot)


@pytest.fixture
def settle() -> Callable:
    """`await settle(app, pilot)`: wait until every worker is done and what it posted is handled."""
    return _settle
