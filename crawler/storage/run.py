"""The run folder: one per crawl, named by spider, UTC start time and a short random id."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from pathlib import Path

from scrapy.settings import BaseSettings, Settings

from crawler import SOFTWARE

ITEMS_FILE = "items.jsonl"
ROTATED_ITEMS_FILE = "items-%(batch_id)04d.jsonl"
SUMMARY_FILE = "summary.json"
CRAWL_LOG = "crawl.log"  # Scrapy's log of the run (crawler/extensions/crawl_log.py)
WARC_SUBDIR = "warc"


class OutputDirError(ValueError):
    """The output folder cannot be created or written."""


# A run id names one folder inside the output dir: no separators, no "." or "..", no leading dot.
# User settings that become part of a file name (WARC_PREFIX) follow the same rule.
RUN_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def check_name_part(what: str, value: str) -> str:
    """``value`` if it can only name a file or folder inside its folder, else OutputDirError."""
    if not RUN_ID_PATTERN.fullmatch(value or ""):
        raise OutputDirError(
            f"{what} {value!r}: use up to 200 letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    return value


def check_run_id(run_id: str) -> str:
    """``run_id`` if it can only name a folder inside the output dir, else OutputDirError."""
    return check_name_part("run id", run_id)


def check_name_settings(settings: BaseSettings) -> None:
    """The user settings that become part of a file or folder name (OutputDirError if one could
    name a place outside its folder)."""
    for key in ("CRAWLER_RUN_ID", "WARC_PREFIX"):
        if settings.get(key):
            check_name_part(key, settings[key])


def new_run_id(spider_name: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{spider_name}-{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def check_writable_dir(path: Path) -> None:
    """Create ``path`` if needed and prove a file can be written there."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{secrets.token_hex(4)}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputDirError(f"output dir {path}: not writable ({reason})") from None


def user_agent(contact_url: str) -> str:
    return f"{SOFTWARE} (+{contact_url})" if contact_url else SOFTWARE


def configure_run(settings: Settings, spider_name: str) -> None:
    """Fill in the run folder, the items feed, the WARC folder and the User-Agent.

    Uses the ``spider`` priority, so anything the user passed with ``-s`` wins.
    """
    run_dir = settings.get("CRAWLER_RUN_DIR")
    if not run_dir:
        run_id = check_run_id(settings.get("CRAWLER_RUN_ID") or new_run_id(spider_name))
        run_dir = str(Path(settings.get("CRAWLER_OUTPUT_DIR") or "output") / run_id)
        settings.set("CRAWLER_RUN_ID", run_id, priority="spider")
        settings.set("CRAWLER_RUN_DIR", run_dir, priority="spider")
    elif not settings.get("CRAWLER_RUN_ID"):
        settings.set("CRAWLER_RUN_ID", Path(run_dir).name, priority="spider")
    run_path = Path(run_dir).absolute()
    check_name_settings(settings)
    if not settings.get("WARC_DIR"):
        settings.set("WARC_DIR", str(run_path / WARC_SUBDIR), priority="spider")
    if not settings.getdict("FEEDS"):
        settings.set(
            "FEEDS",
            items_feed(run_path, settings.getint("CRAWLER_ITEMS_PER_FILE")),
            priority="spider",
        )
    if settings.getpriority("USER_AGENT") <= settings.getpriority("BOT_NAME"):
        settings.set(
            "USER_AGENT", user_agent(settings.get("CRAWLER_CONTACT_URL", "")), priority="spider"
        )


def items_feed(run_dir: Path, items_per_file: int) -> dict[str, dict]:
    """The FEEDS setting for the run's JSON Lines output."""
    options: dict = {"format": "jsonlines", "encoding": "utf-8", "store_empty": True}
    if items_per_file > 0:
        options["batch_item_count"] = items_per_file
        name = ROTATED_ITEMS_FILE
    else:
        name = ITEMS_FILE
    # Feed URIs are %-formatted by Scrapy: a literal % in the folder name must be doubled.
    folder = str(run_dir).replace("%", "%%")
    return {f"{folder}/{name}": options}
