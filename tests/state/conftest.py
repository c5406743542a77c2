"""Fixtures of the state tests."""

from __future__ import annotations

import pytest

from crawler.state.store import SqliteStateStore


@pytest.fixture
def store(tmp_path):
    """An empty SQLite state store, closed after the test."""
    opened = SqliteStateStore(tmp_path / "state.sqlite")
    yield opened
    opened.close()
