"""The sources file of ``crawler schedule``: what to crawl, how often, where to write it.

TOML (or YAML with the same structure), one table per source under ``sources``::

    [sources.meridian]
    tags = ["https://news.example/tags/idlib"]   # tag-listing page URLs (required)
    every = "6h"               # an interval (s, m, h, d) ... or a cron expression:
    # cron = "15 */6 * * *"
    out = "output/meridian"    # output folder (default: output/<name>)
    site = "sites/meridian.toml"
    max_pages = 5
    since = "2020-01-01"
    refresh = false            # re-fetch seen articles conditionally
    jitter = "30s"             # random delay of each start (default 30s, at most every/10)
    state = "state.sqlite"     # state database (default: in the output folder)
    [sources.meridian.settings]
    DOWNLOAD_DELAY = 2         # any Scrapy or crawler setting, as with -s

Relative paths are taken from the sources file's folder. Every error names the file, the key
and the reason on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from croniter import croniter

from crawler.commands import CommandError
from crawler.setting_names import unknown_setting_problem
from crawler.setting_values import setting_problem
from crawler.sites import SiteConfigError, load_site_file, read_config_document
from crawler.spiders.arguments import InputError, parse_max_pages, parse_start_urls
from crawler.state.incremental import parse_since

SOURCE_KEYS = (
    "tags",
    "every",
    "cron",
    "out",
    "site",
    "max_pages",
    "since",
    "refresh",
    "jitter",
    "state",
    "settings",
)
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
DURATION_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
DURATION_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_JITTER = timedelta(seconds=30)


class SourcesError(CommandError):
    """A sources file that cannot be used: ``FILE: sources.NAME.KEY: reason``."""


@dataclass(frozen=True)
class Source:
    name: str
    tags: list[str]
    out: Path
    cron: str | None = None
    every: timedelta | None = None
    jitter: timedelta = DEFAULT_JITTER
    site: Path | None = None
    max_pages: int | None = None
    since: str | None = None
    refresh: bool = False
    state: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)
    allow_unknown_settings: bool = False  # `crawler schedule --allow-unknown-setting`

    @property
    def schedule(self) -> str:
        return f"cron {self.cron}" if self.cron else f"every {self.every}"


def parse_duration(value: Any) -> timedelta:
    """``90``, ``"90s"``, ``"15m"``, ``"6h"``, ``"1d"`` -> a timedelta."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = DURATION_PATTERN.fullmatch(str(value).strip())
    if not match:
        raise ValueError(f"not a duration like 90s, 15m, 6h or 1d: {value!r}")
    return timedelta(seconds=float(match[1]) * DURATION_UNITS[match[2]])


def read_document(path: Path) -> Any:
    return read_config_document(path, SourcesError, "cannot read", "a sources file")


def load_sources(path: str | Path, allow_unknown_settings: bool = False) -> list[Source]:
    """Read and check a sources file; raises SourcesError with a one-line reason.
    ``allow_unknown_settings``: a ``settings`` table may name settings no known component
    reads (the user's own)."""
    path = Path(path)
    data = read_document(path)
    if not isinstance(data, dict) or set(data) != {"sources"}:
        extra = sorted(set(data) - {"sources"}) if isinstance(data, dict) else []
        key = extra[0] if extra else "sources"
        reason = "unknown key" if extra else "expected a table of sources"
        raise SourcesError(f"{path}: {key}: {reason}")
    table = data["sources"]
    if not isinstance(table, dict) or not table:
        raise SourcesError(f"{path}: sources: expected a table with at least one source")
    return [
        SourceReader(path, str(name), body, allow_unknown_settings).read()
        for name, body in table.items()
    ]


class SourceReader:
    """Checks one ``sources.NAME`` table, key by key."""

    def __init__(self, path: Path, name: str, body: Any, allow_unknown: bool = False) -> None:
        self.path = path
        self.name = name
        self.body = body
        self.allow_unknown = allow_unknown
        self.base = path.resolve().parent

    def fail(self, key: str | None, reason: str) -> SourcesError:
        where = f"sources.{self.name}" + (f".{key}" if key else "")
        return SourcesError(f"{self.path}: {where}: {reason}")

    def read(self) -> Source:
        if not NAME_PATTERN.fullmatch(self.name):
            raise self.fail(None, "a source name may use letters, digits, '.', '_' and '-'")
        if not isinstance(self.body, dict):
            raise self.fail(None, "expected a table")
        for key in self.body:
            if key not in SOURCE_KEYS:
                raise self.fail(key, "unknown key")
        cron, every = self.schedule()
        return Source(
            name=self.name,
            tags=self.tags(),
            out=self.path_value("out") or self.base / "output" / self.name,
            cron=cron,
            every=every,
            jitter=self.jitter(every),
            site=self.site(),
            max_pages=self.checked("max_pages", parse_max_pages),
            since=self.since(),
            refresh=self.flag("refresh"),
            state=self.path_value("state"),
            settings=self.settings(),
            allow_unknown_settings=self.allow_unknown,
        )

    def tags(self) -> list[str]:
        value = self.body.get("tags")
        if value is None:
            raise self.fail("tags", "missing (a list of tag-listing page URLs)")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail("tags", "expected a list of URLs")
        return self.checked("tags", parse_start_urls)

    def schedule(self) -> tuple[str | None, timedelta | None]:
        cron, every = self.body.get("cron"), self.body.get("every")
        if (cron is None) == (every is None):
            raise self.fail("every", "give exactly one of `every` (an interval) or `cron`")
        if cron is not None:
            if not isinstance(cron, str) or len(cron.split()) != 5 or not croniter.is_valid(cron):
                raise self.fail("cron", f"not a five-field cron expression: {cron!r}")
            return cron, None
        interval = self.duration("every")
        if interval <= timedelta(0):
            raise self.fail("every", "must be longer than 0s")
        return None, interval

    def jitter(self, every: timedelta | None) -> timedelta:
        if "jitter" in self.body:
            jitter = self.duration("jitter")
            if jitter < timedelta(0):
                raise self.fail("jitter", "must not be negative")
            return jitter
        return min(DEFAULT_JITTER, every / 10) if every else DEFAULT_JITTER

    def duration(self, key: str) -> timedelta:
        try:
            return parse_duration(self.body[key])
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def site(self) -> Path | None:
        site = self.path_value("site")
        if site is not None:
            try:
                load_site_file(site)
            except SiteConfigError as exc:
                raise self.fail("site", str(exc)) from None
        return site

    def since(self) -> str | None:
        value = self.body.get("since")
        if value is None:
            return None
        self.checked("since", lambda v: parse_since(str(v)))
        return str(value)

    def flag(self, key: str) -> bool:
        value = self.body.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def path_value(self, key: str) -> Path | None:
        value = self.body.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "expected a path")
        return self.base / Path(value).expanduser()

    def settings(self) -> dict[str, str]:
        value = self.body.get("settings", {})
        if not isinstance(value, dict):
            raise self.fail("settings", "expected a table of SETTING = value")
        for key, setting in value.items():
            if not isinstance(setting, str | int | float | bool):
                raise self.fail(f"settings.{key}", "expected a string, number or boolean")
            problem = None if self.allow_unknown else unknown_setting_problem(str(key))
            problem = problem or setting_problem(str(key), setting)
            if problem:
                raise self.fail(f"settings.{key}", problem)
        return {str(k): str(v) for k, v in value.items()}

    def checked(self, key: str, parse: Any) -> Any:
        """``parse(value)`` with its InputError turned into this file's one-line error."""
        value = self.body.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(key, f"unexpected boolean {value!r}")
        try:
            return parse(value)
        except InputError as exc:
            raise self.fail(key, str(exc)) from None
