"""crawler/compat/scrapy_engine.py against the installed Scrapy: the idle worker of a shared
crawl wakes the engine through its private slot; a change there fails here with its name."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest
from scrapy.core import engine
from scrapy.utils.reactor import CallLaterOnce

from crawler.compat import PrivateApiChanged
from crawler.compat.scrapy_engine import wake_engine


def test_the_engine_slot_still_holds_its_nextcall() -> None:
    assert "nextcall" in inspect.signature(engine._Slot).parameters
    assert "CallLaterOnce(self._start_scheduled_requests)" in inspect.getsource(
        engine.ExecutionEngine
    )


def test_wake_schedules_the_nextcall_and_a_closed_engine_is_left_alone() -> None:
    calls: list[int] = []
    nextcall = CallLaterOnce(lambda: calls.append(1))
    scheduled: list[float] = []
    nextcall.schedule = lambda delay=0: scheduled.append(delay)  # type: ignore[method-assign]
    wake_engine(SimpleNamespace(_slot=SimpleNamespace(nextcall=nextcall)))
    assert scheduled == [0]
    wake_engine(SimpleNamespace(_slot=None))
    wake_engine(None)


def test_a_changed_slot_is_named() -> None:
    with pytest.raises(PrivateApiChanged, match="scrapy_engine.py"):
        wake_engine(SimpleNamespace(_slot=SimpleNamespace(nextcall=object())))
