"""The shape every monitor has: a ``name`` and ``check(run) -> MonitorResult``.

Spidermon's shape (a named check with a pass/fail and a message), without its unittest runner:
our checks read the run's summary and the source's earlier summaries, which Spidermon's
Scrapy extension does not see (it runs before ``summary.json`` exists).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from scrapy.settings import BaseSettings


@dataclass(frozen=True)
class MonitorResult:
    name: str
    passed: bool
    detail: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunData:
    """What a monitor looks at: this run's summary and Scrapy stats, the summaries of the same
    source's earlier runs (newest first) and the settings holding the thresholds."""

    summary: dict[str, Any]
    stats: dict[str, Any]
    settings: BaseSettings
    previous: list[dict[str, Any]] = field(default_factory=list)


class Monitor:
    """One check of a finished run."""

    name: ClassVar[str] = "monitor"

    def check(self, run: RunData) -> MonitorResult:
        raise NotImplementedError

    def passed(self, detail: str) -> MonitorResult:
        return MonitorResult(self.name, True, detail)

    def failed(self, detail: str) -> MonitorResult:
        return MonitorResult(self.name, False, detail)


def percent(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole`` (0 when ``whole`` is 0)."""
    return 100.0 * part / whole if whole else 0.0
