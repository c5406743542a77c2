"""Optional per-site files: selectors that override the automatic extraction.

A site file is TOML or YAML with one table, ``selectors``::

    [selectors]
    entries = "div.view-content > div.views-row"   # one node per listing entry
    article_link = "h2 a"                           # inside an entry
    next_page = "//li[@class='pager-next']/a"       # on the listing page
    headline = "h1.title"                           # on the article page
    date = "span.date"                              # on the article page
    body = "div.field-body"                         # on the article page

Every selector is CSS unless it starts with ``/``, ``(`` or ``xpath:``, then it is XPath.
Any key may be left out; the automatic choice is used for it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

__all__ = ["SiteConfig", "SiteConfigError", "Selectors", "load_site_file", "select"]


class SiteConfigError(ValueError):
    """A site file that cannot be used; the message names the file, the key and the reason."""


@dataclass(frozen=True)
class Selectors:
    """Selector expressions; ``None`` means "detect automatically"."""

    entries: str | None = None
    article_link: str | None = None
    next_page: str | None = None
    headline: str | None = None
    date: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    path: str
    selectors: Selectors


SELECTOR_KEYS = tuple(f.name for f in fields(Selectors))
TOP_LEVEL_KEYS = ("name", "selectors")


def is_xpath(expression: str) -> bool:
    return expression.startswith(("/", "(", "xpath:"))


def to_xpath(expression: str) -> str:
    """Translate a site-file selector (CSS or XPath) into XPath."""
    if expression.startswith("xpath:"):
        return expression[len("xpath:") :].strip()
    if is_xpath(expression):
        return expression
    return HTMLTranslator().css_to_xpath(expression)


def select(node: Selector, expression: str) -> list[Selector]:
    """All nodes matching a site-file selector, relative to ``node``."""
    xpath = to_xpath(expression)
    if xpath.startswith("//"):
        xpath = "." + xpath  # "//a" inside an entry means the entry's links, not the page's
    return node.xpath(xpath)


def _check_selector(path: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SiteConfigError(f"{path}: selectors.{key}: expected a non-empty string")
    try:
        Selector(text="<html></html>").xpath(to_xpath(value.strip()))
    except Exception as exc:  # parsel raises cssselect or lxml errors
        raise SiteConfigError(
            f"{path}: selectors.{key}: invalid selector {value!r} ({exc})"
        ) from None
    return value.strip()


def decode_utf8(raw: bytes, path: Path, error: type[Exception]) -> str:
    """The file's text; ``error`` (one line, with the offending byte's position) if it is not
    UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = raw[exc.start : exc.start + 1].hex()
        raise error(f"{path}: not UTF-8 text (byte 0x{byte} at offset {exc.start})") from None


def read_config_document(
    path: Path, error: type[Exception], unreadable: str, wrong_suffix: str
) -> Any:
    """A TOML or YAML file (by its suffix), safely loaded; every problem raises ``error``
    with one line naming the file (``unreadable``/``wrong_suffix`` word those two cases)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: {unreadable} ({exc.strerror or exc})") from None
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".yaml", ".yml"):
        raise error(f"{path}: {wrong_suffix} must end in .toml, .yaml or .yml")
    text = decode_utf8(raw, path, error)
    kind = "TOML" if suffix == ".toml" else "YAML"
    try:
        return tomllib.loads(text) if suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise error(f"{path}: not valid {kind}: {reason}") from None


def _read_mapping(path: Path) -> dict[str, Any]:
    data = read_config_document(path, SiteConfigError, "cannot read site file", "site file")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path}: expected a table of keys at the top level")
    return data


def parse_site_config(data: dict[str, Any], path: str = "<site file>") -> SiteConfig:
    """Validate an already-loaded mapping; raises SiteConfigError naming the bad key."""
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            allowed = ", ".join(TOP_LEVEL_KEYS)
            raise SiteConfigError(f"{path}: {key}: unknown key (allowed: {allowed})")
    if "name" in data and not isinstance(data["name"], str):
        raise SiteConfigError(f"{path}: name: expected a string, got {data['name']!r}")
    raw_selectors = data.get("selectors", {})
    if not isinstance(raw_selectors, dict):
        raise SiteConfigError(f"{path}: selectors: expected a table of selector keys")
    checked: dict[str, str] = {}
    for key, value in raw_selectors.items():
        if key not in SELECTOR_KEYS:
            allowed = ", ".join(SELECTOR_KEYS)
            raise SiteConfigError(f"{path}: selectors.{key}: unknown key (allowed: {allowed})")
        checked[key] = _check_selector(path, key, value)
    return SiteConfig(path=path, selectors=Selectors(**checked))


def load_site_file(path: str | Path) -> SiteConfig:
    """Load and validate a site file (TOML or YAML)."""
    path = Path(path)
    return parse_site_config(_read_mapping(path), str(path))
