"""Writing a site file (``crawler inspect --write-site-file``): the selectors chosen on one page,
each under a comment saying how it was chosen, the keys left to detection commented out, in TOML
or YAML by the file's suffix, ready to edit and read back by ``load_site_file``."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from crawler.sites import SELECTOR_KEYS, Selectors, SiteConfigError

SUFFIXES = (".toml", ".yaml", ".yml")
# What a commented-out key would hold, as a hint for the user who fills it in.
EXAMPLES = {
    "entries": "div.view-content > div.views-row",
    "article_link": "h2 a",
    "next_page": "li.pager-next a",
    "headline": "h1.entry-title",
    "date": "time.published",
    "body": "div.entry-content",
}
ARTICLE_KEYS = ("headline", "date", "body")


def check_site_file_path(path: str | Path) -> Path:
    """The path, if a site file may be written there (its suffix says TOML or YAML)."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise SiteConfigError(f"{path}: a site file must end in .toml, .yaml or .yml")
    return path


def site_file_text(
    selectors: Selectors, notes: dict[str, str], header: list[str], name: str | None, yaml: bool
) -> str:
    """The file's text: ``header`` lines as comments, ``name``, then every selector key, set or
    commented out, each after its note."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines.append("")
    if name:
        lines.append(f"name: {_yaml_string(name)}" if yaml else f"name = {_toml_string(name)}")
        lines.append("")
    lines.append("selectors:" if yaml else "[selectors]")
    indent = "  " if yaml else ""
    for key in SELECTOR_KEYS:
        if key == ARTICLE_KEYS[0]:
            lines += [
                "",
                f"{indent}# Article pages (commented values are examples): detection is used",
            ]
            lines.append(f"{indent}# for the keys left out.")
        value = getattr(selectors, key)
        note = notes.get(key)
        if note:
            lines.append(f"{indent}# {note}")
        if value:
            lines.append(indent + _assignment(key, value, yaml))
        else:
            lines.append(f"{indent}# " + _assignment(key, EXAMPLES[key], yaml))
    return "\n".join(lines) + "\n"


def _assignment(key: str, value: str, yaml: bool) -> str:
    return f"{key}: {_yaml_string(value)}" if yaml else f"{key} = {_toml_string(value)}"


def _toml_string(value: str) -> str:
    """A literal string ('...', nothing escaped) where it can be one: XPath quotes stay plain."""
    if "'" not in value and value.isprintable():
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _yaml_string(value: str) -> str:
    if value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def write_site_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole (through a temporary file beside it)."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise SiteConfigError(f"{path}: cannot write site file ({exc.strerror or exc})") from None
