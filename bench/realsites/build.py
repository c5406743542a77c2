#!/usr/bin/env python3
"""Build our own real-site corpus (built HTML + ground truth) from fetched repository snapshots.

    build.py [--corpus corpus.toml] [--mirror-root DIR] [--out DIR] [--kit DIR] [site ...]

Each site of ``corpus.toml`` is a public repository that commits a built site next to its sources,
pinned to a commit. Per site this writes ``OUT/<site>/site/`` (the built tree at the pinned
commit), ``truth.jsonl`` and ``world.json`` in the format of the shared dev kit
(``../shared/realsites-dev``), so that kit's ``serve_static.py``, ``score.py`` and
``crawl_and_score.sh`` work on it unchanged.

The truth never comes from our extractor: listing pages are walked with a site-specific next-page
XPath and their article links taken with a site-specific XPath; headline, date and body come from
the sources' front matter and Markdown at the pinned commit (rendered with the kit's own helpers,
imported from its ``build_truth.py``), or, for sites without sources, from one site-specific XPath
on the built page (weaker truth, said so in ``world.json``). Every failed cross-check is listed in
``world.json`` ``problems`` and printed: source headline against the page headline, source day
against the shown day, every listing page and truth URL fetched from the kit's static server, and
the start paths against the served robots.txt.

Run it with the kit's venv python (lxml, markdown-it-py, PyYAML): ``run.py`` does.
A site whose snapshot or pinned commit is missing is skipped with one line naming the
``fetch github:OWNER/NAME`` it needs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE / "corpus.toml"
DEFAULT_MIRROR_ROOT = "/work/.mirror"
DEFAULT_OUT = Path.home() / ".cache" / "realsites-own"
KIT_PARTS = ("shared", "realsites-dev")


def find_kit() -> Path:
    """The shared dev kit: $REALSITES_KIT, else the nearest ``shared/realsites-dev`` next to the
    repository or one of its parent folders (``../shared/realsites-dev`` from the project root)."""
    if os.environ.get("REALSITES_KIT"):
        return Path(os.environ["REALSITES_KIT"])
    for folder in HERE.parents:
        candidate = folder.joinpath(*KIT_PARTS)
        if (candidate / "build_truth.py").is_file():
            return candidate
    return HERE.parents[2].joinpath(*KIT_PARTS)


SOURCE_SUFFIXES = (".md", ".markdown")


def import_kit(kit: Path) -> Any:
    """The shared kit's build_truth module: its Markdown rendering and HTML-to-text helpers."""
    sys.dont_write_bytecode = True  # the kit may be read-only
    sys.path.insert(0, str(kit))
    import build_truth  # noqa: PLC0415 - the kit's folder is only known at run time

    return build_truth


# ------------------------------------------------------------------ snapshots


def git_dir(mirror_root: Path, repo: str) -> Path | None:
    """The git dir of the snapshot of OWNER/NAME: a bare ``repo`` or ``repo/.git``, or None."""
    base = mirror_root / repo.replace("/", "+", 1) / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").exists() or (candidate / "objects").is_dir():
            return candidate
    return None


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(gitdir), *args], check=True, capture_output=True
    ).stdout


def has_commit(gitdir: Path, commit: str) -> bool:
    result = subprocess.run(
        ["git", "--git-dir", str(gitdir), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True,
    )
    return result.returncode == 0


def snapshot_problem(mirror_root: Path, cfg: dict[str, Any]) -> str | None:
    """One line saying which snapshot or commit is missing, or None when all are there."""
    gitdir = git_dir(mirror_root, cfg["repo"])
    if gitdir is None:
        folder = mirror_root / cfg["repo"].replace("/", "+", 1) / "repo"
        return f"missing snapshot {folder}: fetch github:{cfg['repo']}"
    for commit in {cfg["site_commit"], cfg.get("source_commit") or cfg["site_commit"]}:
        if not has_commit(gitdir, commit):
            return f"the snapshot lacks commit {commit}: fetch github:{cfg['repo']} again"
    return None


def tree_blobs(gitdir: Path, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(sha, path) of every blob under prefix at commit."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args.append(prefix)
    blobs = []
    for entry in git(gitdir, *args).decode("utf-8").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob":
            blobs.append((sha, path))
    return blobs


def extract_tree(
    gitdir: Path, commit: str, prefix: str, out: Path, exclude: list[str]
) -> tuple[int, int]:
    """Write the files under prefix at commit into out (prefix stripped), leaving out the excluded
    path prefixes. Snapshots lack files of 4 MiB and more: those are skipped and counted.
    Returns (files written, files missing from the snapshot)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    strip = len(prefix.rstrip("/") + "/") if prefix else 0
    wanted = [
        (sha, path[strip:])
        for sha, path in tree_blobs(gitdir, commit, prefix)
        if not any(path[strip:].startswith(x) for x in exclude)
    ]
    written = missing = 0
    with subprocess.Popen(
        ["git", "--git-dir", str(gitdir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for sha, rel in wanted:
            proc.stdin.write(sha.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if header[1] == b"missing":
                missing += 1
                continue
            data = proc.stdout.read(int(header[2]))
            proc.stdout.read(1)
            dest = out / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            written += 1
        proc.stdin.close()
    return written, missing


def add_folder_copies(site_dir: Path) -> int:
    """GitHub Pages serves ``/a/b`` from ``a/b.html``; the kit's server does not. For a site whose
    links leave out ``.html`` (Jekyll ``permalink: /:title``), copy each ``a/b.html`` to
    ``a/b/index.html`` (unless that folder exists), so ``/a/b`` is served after the kit's 301 to
    ``/a/b/``. Returns the number of copies."""
    copies = 0
    for page in sorted(site_dir.rglob("*.html")):
        folder = page.with_suffix("")
        if page.name in {"index.html", "404.html"} or folder.exists():
            continue
        folder.mkdir()
        shutil.copyfile(page, folder / "index.html")
        copies += 1
    return copies


def decode_slash_entities(site_dir: Path) -> int:
    """Spell ``&#x2F;`` as ``/`` in the site's HTML files (Zola's templates escape every slash
    of a URL: ``href=https:&#x2F;&#x2F;host&#x2F;posts&#x2F;x&#x2F;``), so that the kit's
    byte-level ``--rewrite-host`` finds the absolute self-links. The HTML means the same.
    Returns the number of files changed."""
    changed = 0
    for file in site_dir.rglob("*.html"):
        data = file.read_bytes()
        if b"&#x2F;" in data or b"&#x2f;" in data:
            file.write_bytes(data.replace(b"&#x2F;", b"/").replace(b"&#x2f;", b"/"))
            changed += 1
    return changed


# ------------------------------------------------------------------ sources


@dataclass
class SourcePost:
    headline: str
    date: str | None
    body: str
    path: str


NIKOLA_META = re.compile(r"^\.\.\s+(\w+):\s*(.*)$")
HUGO_SHORTCODE = re.compile(r"\{\{[%<].*?[%>]\}\}", re.S)
LIQUID_TAG = re.compile(r"\{%.*?%\}", re.S)
LIQUID_HIGHLIGHT = re.compile(
    r"\{%-?\s*highlight\s*(\w*)[^%]*%\}(.*?)\{%-?\s*endhighlight\s*-?%\}", re.S
)
LIQUID_STRING = re.compile(r"""\{\{\s*(["'])(.*?)\1[^}]*\}\}""")
MORE_MARKER = re.compile(r"<!--\s*(more|TEASER_END|end_excerpt)\s*-->", re.I)
FIRST_H1 = re.compile(r"\s*#[ \t]+(.+?)[ \t#]*(?:\n|$)")
# Python-Markdown attr_list / kramdown IAL: '{data-gallery="x"}', '{ .class #id width=300 }'
_ATTR = r"(?:[.#][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
ATTR_LIST = re.compile(r"\{:?\s*" + _ATTR + r"(?:\s+" + _ATTR + r")*\s*\}")


def split_nikola(text: str) -> tuple[dict[str, str], str]:
    """Nikola's ``.. key: value`` metadata, inside a leading HTML comment or as the first lines,
    and the Markdown after it."""
    match = re.match(r"\s*<!--(.*?)-->", text, re.S) or re.match(r"\s*((?:\.\. .*\n)+)", text)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        m = NIKOLA_META.match(line.strip())
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
    return meta, text[match.end() :]


def hugo_path(path: str, each_space: bool = False, collapse_hyphens: bool = False) -> str:
    """A path as Hugo writes it (helpers.UnicodeSanitize): letters, digits, marks and
    ``%./\\_-#+~@`` kept, white space made ``-`` unless a ``-`` came just before (so runs of
    spaces give one ``-``, while hyphens written in the name are all kept: ``a--b``), any other
    character (punctuation such as ``！`` or ``，``) dropped. each_space: every white-space
    character made ``-``, as some builds show (``Snoop & Directory`` -> ``Snoop--Directory``).
    collapse_hyphens: older Hugo (0.7x) makes every run of hyphens and white space one ``-``
    (``a - b`` -> ``a-b``)."""
    if collapse_hyphens:
        return hugo_path_collapsed(path)
    out = []
    was_hyphen = False
    for char in path:
        if unicodedata.category(char)[0] in "LNM" or char in "%./\\_-#+~@":
            was_hyphen = char == "-"
            out.append(char)
        elif char.isspace() and (each_space or not was_hyphen):
            out.append("-")
            was_hyphen = True
    return "".join(out)


def hugo_path_collapsed(path: str) -> str:
    """Older Hugo's UnicodeSanitize (0.7x): a run of hyphens and white space (with any dropped
    character inside it) becomes one ``-`` before the next kept character, none at the start."""
    out: list[str] = []
    pending = False
    for char in path:
        if unicodedata.category(char)[0] in "LNM" or char in "%./\\_#+~@":
            if pending:
                out.append("-")
                pending = False
            out.append(char)
        elif out and (char == "-" or char.isspace()):
            pending = True
    return "".join(out)


def without_accents(path: str) -> str:
    """A path as Hugo writes it with ``removePathAccents = true``: decomposed (NFD), its
    combining marks dropped, recomposed (``2ème-édition`` -> ``2eme-edition``)."""
    decomposed = unicodedata.normalize("NFD", path)
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


# Hexo also reads front matter with no opening ``---`` (YAML lines, then a ``---`` line).
HEXO_BARE_FRONT_MATTER = re.compile(r"(?!---)(\w[^\n]*:.*?)\n---[ \t]*\n(.*)", re.S)


def front_matter(bt: Any, kind: str, text: str) -> tuple[dict[str, Any], str]:
    """Metadata and body of a source file. Nikola reads ``.. key:`` metadata and also YAML
    or TOML front matter (posts imported from Jekyll or WordPress keep theirs); Hexo's may
    lack the opening ``---``, Zola's may follow blank lines."""
    if kind == "nikola" and not text.lstrip("\ufeff").startswith(("---", "+++")):
        return split_nikola(text)
    if kind == "hexo" and (bare := HEXO_BARE_FRONT_MATTER.match(text.lstrip("\ufeff"))):
        import yaml  # noqa: PLC0415 - in the kit's venv, like the rest of the kit

        meta = yaml.safe_load(bare.group(1))
        if isinstance(meta, dict):
            return {str(k).lower(): v for k, v in meta.items()}, bare.group(2)
    if kind == "zola":  # Zola allows white space before the opening +++
        text = text.lstrip("\ufeff \t\r\n")
    meta, body = bt.split_front_matter(yaml_tabs_as_spaces(text))
    return {str(k).lower(): v for k, v in (meta or {}).items()}, body


YAML_KEY_TABS = re.compile(r"^([ ]*[\w-]+:)[ \t]*\t[ \t]*", re.M)


def yaml_tabs_as_spaces(text: str) -> str:
    """``layout:\t\tpost``: tabs after a key's colon, which Jekyll's YAML reader takes as
    spaces and PyYAML refuses, made one space (in the front matter only); so is any other tab
    of a front-matter line (``[a, b\t, c]``: Hexo's js-yaml reads a tab in a flow sequence as
    white space, PyYAML refuses it)."""
    match = re.match(r"(\ufeff?---[ \t]*\r?\n)(.*?\n)(---)", text, re.S)
    if not match or "\t" not in match.group(2):
        return text
    block = YAML_KEY_TABS.sub(r"\1 ", match.group(2)).replace("\t", " ")
    return text[: match.start(2)] + block + text[match.end(2) :]


def is_draft(meta: dict[str, Any]) -> bool:
    """Posts the generator left out: ``draft: true``, ``published: false``, Nikola ``status``."""
    draft = meta.get("draft")
    if draft is True or str(draft).lower() == "true":
        return True
    published = meta.get("published")
    if published is False or str(published).lower() == "false":
        return True
    return str(meta.get("status", "")).lower() in {"draft", "private"}


ZONE_OFFSETS = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "CET": "+01:00",
}
ZONE_OFFSETS |= {"CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00"}
ZONE_ABBREVIATION = re.compile(r"(?<=\d:\d\d)\s+(" + "|".join(ZONE_OFFSETS) + r")$")


def nikola_date(value: str) -> str:
    """``2016-12-23 14:03:30 UTC+01:00`` -> ``2016-12-23T14:03:30+01:00``; a day written without
    its zeros (Pelican reads ``2020-8-14 18:32``, Hexo ``2017/4/7 16:16``, ``2017.3.11 11:08``)
    gets them."""
    value = re.sub(r"\s*UTC(?=[+-]\d)", "", value.strip())
    # a zone abbreviation after the time (Middleman: '2013-04-12 06:00 CEST')
    value = ZONE_ABBREVIATION.sub(lambda m: " " + ZONE_OFFSETS[m.group(1)], value)
    return re.sub(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=\D|$)",
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}",
        value,
    )


LATIN_FOLD = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae"})


def pelican_slug(bt: Any, title: str) -> str:
    """Pelican's slug of a title: it ASCII-folds with unidecode first (``Şey Varmış`` ->
    ``sey-varmis``). Only Latin letters are folded here; other scripts are kept as they are."""
    folded = unicodedata.normalize("NFKD", title.translate(LATIN_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return bt.pelican_slugify(folded)


# an RFC 2822 date (Wintersmith's front matter, as in RSS): 'Fri, 09 Apr 2010 12:22:00 GMT'
RFC2822_DATE = re.compile(r"^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}")


# A date Ruby's YAML (Psych) reads as a timestamp, UTC when no zone is given (the kit's loader
# keeps dates as strings)
PSYCH_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?$")


def source_date(bt: Any, value: Any, tz: str | None, shown_tz: str | None = None) -> str | None:
    """ISO 8601 of a front-matter date; a naive time gets the generator's time zone, and an aware
    one (a naive one too, once zoned) is restated in shown_tz where the generator printed every
    date in that zone (Jekyll restates dates in the build machine's zone)."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = dt.datetime.fromtimestamp(value, dt.UTC)  # Hugo reads a number as Unix time
    if isinstance(value, str) and RFC2822_DATE.match(value.strip()):
        value = email.utils.parsedate_to_datetime(value.strip())  # Wintersmith, RSS style
    elif isinstance(value, str):
        value = nikola_date(value)
    text = bt.iso(value)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if parsed.tzinfo is None and tz and len(text) > 10:
        parsed = parsed.replace(tzinfo=ZoneInfo(tz))
        if not shown_tz:
            return parsed.isoformat()
    if parsed.tzinfo is not None and shown_tz:
        return parsed.astimezone(ZoneInfo(shown_tz)).isoformat()
    return text


JEKYLL_PRETTY = re.compile(r"[^\w.~!$&'()+,;=@]+")  # Jekyll's slugify "pretty", case kept


def path_tokens(
    rel: str, meta: dict[str, Any], date: str | None, lang: str | None = None
) -> dict[str, str]:
    """Values a URL template may use: the file's stem (Jekyll: without its date prefix; a Hugo
    bundle's ``index.md``: its folder's name; with lang, ``x.<lang>.md``: ``x``), that undated
    stem as Jekyll's ``:title`` writes it (``a b`` -> ``a-b``), its folder under the source
    root, the slug, the slug else the front-matter title (Hugo's ``:slug`` permalink token),
    the publication date's parts."""
    path = Path(rel)
    stem = path.stem.removesuffix(f".{lang}") if lang else path.stem
    stem = stem.removesuffix(".html")  # Middleman's x.html.markdown: the page is x
    bundle = stem == "index"
    if bundle:
        stem = path.parent.name
    undated = re.sub(r"^\d{4}-\d{1,2}-\d{1,2}-", "", stem)
    folder = str(path.parent.parent if bundle else path.parent)
    # a slug written as a YAML list ('slug: [a-b]', blogdown's habit) is no slug to Hugo
    slug = meta.get("slug") if isinstance(meta.get("slug"), (str, int)) else None
    tokens = {
        "stem": stem,
        "undated": undated,
        "title": JEKYLL_PRETTY.sub("-", undated).strip("-"),
        "slug": str(slug or undated),
        "slug_stem": str(slug or stem),  # Hugo: the slug, else the whole file name
        "title_slug": str(slug or meta.get("title") or undated),
        "reldir": "" if folder == "." else folder,
        "section": path.parts[0] if len(path.parts) > 1 else "",
        "category": category_slug(meta),
        "categories": jekyll_categories(meta),
    }
    if date:
        tokens.update(year=date[:4], month=date[5:7], day=date[8:10])
    # any scalar front-matter key as {fm_KEY}: Hexo permalinks such as ':abbrlink' or a
    # site's own ':my' read a front-matter field of that name
    tokens.update(
        (f"fm_{key}", str(value))
        for key, value in meta.items()
        if isinstance(value, (str, int)) and not isinstance(value, bool)
    )
    return tokens


def ascii_slug(text: str) -> str:
    """A path segment as Zola and Astro themes write one: accents dropped, lower case, every
    run of other characters one ``-`` (``Tecnología`` -> ``tecnologia``, ``fe--a`` -> ``fe-a``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def category_slug(meta: dict[str, Any]) -> str:
    """The first front-matter category as a path segment; empty without categories."""
    cats = meta.get("categories") or meta.get("category") or ""
    return ascii_slug(str(cats[0] if isinstance(cats, list) and cats else cats))


def jekyll_categories(meta: dict[str, Any]) -> str:
    """Every front-matter category, lower-cased, duplicates dropped, joined by '/' (Jekyll's
    ``:categories`` permalink token: ``[noticias, radios-libres]`` -> ``noticias/radios-libres``).
    """
    cats = meta.get("categories") or meta.get("category") or []
    cats = cats.split() if isinstance(cats, str) else cats
    return "/".join(dict.fromkeys(str(c).lower() for c in cats))


def post_url(template: str, meta: dict[str, Any], tokens: dict[str, str], kind: str) -> str:
    """The post's root-relative URL: front matter ``url`` (Hugo) or ``permalink`` (Jekyll, with
    ``:slug``-style tokens and ``:categories``) when given, else the site's template
    (``{slug}``-style tokens).
    Nikola ignores both keys (posts imported from Jekyll keep a ``permalink`` it never used)."""
    if kind == "nikola":
        return re.sub(r"/{2,}", "/", template.format(**tokens))
    if meta.get("url"):
        return "/" + str(meta["url"]).strip("/") + "/"
    if meta.get("permalink"):
        url = str(meta["permalink"])
        if not url.startswith("/"):  # Astro/Eleventy style: a route relative to the root
            url = "/" + url.strip("/") + ("" if Path(url).suffix else "/")
        categories = meta.get("categories") or []
        categories = categories.split() if isinstance(categories, str) else categories
        url = url.replace(":categories", "/".join(str(c) for c in categories))
        for key, value in tokens.items():
            url = url.replace(f":{key}", value)
        return url.replace(":title", tokens["slug"])
    url = template.format(**tokens)
    return re.sub(r"/{2,}", "/", url)


# <html>/<body> written into a post's raw HTML (Hexo passes them through; a browser ignores them
# inside the page): the kit's lxml text conversion would take the rest of the post as outside them.
DOCUMENT_TAG = re.compile(r"</?(?:html|body)\b[^>]*>", re.IGNORECASE)


def clean_markdown(text: str) -> str:
    """Drop generator markup that is not content: Hugo shortcodes, Liquid/Hexo tags, 'more',
    stray ``<html>``/``<body>`` tags.
    A Liquid ``{% highlight %}`` block becomes a fenced code block, and a Liquid output of a
    quoted string (``{{ "/img.png" | absolute_url }}``) that string."""
    text = LIQUID_HIGHLIGHT.sub(lambda m: f"\n\n```{m[1]}\n{m[2].strip(chr(10))}\n```\n\n", text)
    text = LIQUID_STRING.sub(lambda m: m[2], text)
    text = HUGO_SHORTCODE.sub("\n\n", text)
    text = LIQUID_TAG.sub("\n\n", text)
    text = DOCUMENT_TAG.sub("", text)
    return MORE_MARKER.sub("\n\n", text)


def load_sources(bt: Any, gitdir: Path, cfg: dict[str, Any]) -> dict[str, SourcePost]:
    """{root-relative URL: post} for the site's source posts at its source commit."""
    src = cfg.get("source")
    if not src:
        return {}
    commit = cfg.get("source_commit") or cfg["site_commit"]
    root = src["dir"].rstrip("/")
    posts: dict[str, SourcePost] = {}
    suffixes = tuple(src.get("suffixes", SOURCE_SUFFIXES))
    blobs = tree_blobs(gitdir, commit, root)
    paths = {path for _sha, path in blobs}
    for _sha, path in blobs:
        if not path.endswith(suffixes) or not in_language(path, src.get("lang")):
            continue
        if any(path.startswith(f"{root}/{x}") for x in src.get("exclude", [])):
            continue
        if src["kind"] == "hugo" and Path(path).stem.startswith("_index"):
            continue  # a Hugo list page (section, taxonomy, home), never a post
        text = git(gitdir, "show", f"{commit}:{path}").decode("utf-8")
        sidecar = str(Path(path).with_suffix(".meta"))
        if src["kind"] == "nikola" and sidecar in paths:
            # Nikola's two-file posts: the metadata in x.meta, the text alone in x.md
            text = git(gitdir, "show", f"{commit}:{sidecar}").decode("utf-8") + "\n" + text
        try:
            meta, body = front_matter(bt, src["kind"], text)
        except Exception as error:  # noqa: BLE001 - a YAML error: the generator skips the file too
            print(f"  source {path}: front matter does not parse ({type(error).__name__}); skipped")
            continue
        if "title" not in meta or is_draft(meta):
            continue
        if src["kind"] == "pelican" and not meta.get("slug"):
            meta["slug"] = pelican_slug(bt, str(meta["title"]))
        if src["kind"] == "zola" and not meta.get("slug"):  # Zola slugifies file names
            meta["slug"] = ascii_slug(Path(path).stem)
        rel = path[len(root) + 1 :]
        if src.get("permalink_as_title") and meta.get("permalink"):
            # Hexo before 6 makes a front-matter permalink the post's slug (:title)
            rel = str(Path(rel).with_name(str(meta.pop("permalink")).strip("/") + Path(rel).suffix))
        if src["kind"] in ("jekyll", "docusaurus", "eleventy") and not meta.get("date"):
            meta["date"] = file_date(rel)  # the file name's day when the front matter has none
        if src["kind"] == "hexo" and not meta.get("date"):
            # Hexo dates it by the file's mtime (the build machine's checkout): no day to check
            print(f"  source {path}: no date (Hexo uses the file's mtime); skipped")
            continue
        zone, shown_zone = src.get("timezone"), src.get("shown_timezone")
        if src.get("yaml_timestamps_utc") and PSYCH_TIMESTAMP.match(str(meta.get("date", ""))):
            # Ruby's YAML (Psych) reads a full 'YYYY-MM-DD HH:MM:SS' as a UTC timestamp; Jekyll
            # restates it in the build machine's zone (a shorter date stays a local string)
            zone, shown_zone = "UTC", shown_zone or zone
        date = source_date(bt, meta.get("date"), zone, shown_zone)
        url = post_url(src["url"], meta, path_tokens(rel, meta, date, src.get("lang")), src["kind"])
        if src["kind"] == "hugo":
            url = hugo_path(
                url,
                each_space=bool(src.get("each_space_hyphen")),
                collapse_hyphens=bool(src.get("collapse_hyphens")),
            )
        if src.get("remove_path_accents"):  # Hugo's removePathAccents: é -> e, ô -> o
            url = without_accents(url)
        headline = str(meta["title"]).strip()
        if src.get("title_raw_html"):
            # the theme prints the title unescaped ({{ page.title }}): an HTML entity in the
            # front matter ('&#58;') reaches the reader as its character
            headline = html.unescape(headline)
        if src.get("title_markdown"):
            # the theme prints titles through markdownify: emphasis marks and a leading
            # '4. ' (an ordered list's marker) are not text
            headline = " ".join(bt.md_to_body(headline).split())
        if src.get("title_typographer"):
            headline = typographer(headline)
        if src.get("title_titlecase"):
            headline = octopress_titlecase(headline)
        if src["kind"] == "mkdocs" and (h1 := FIRST_H1.match(body)):
            # MkDocs shows the Markdown's own first h1 as the page heading (the front-matter
            # title only names the page in <title> and the navigation)
            headline, body = h1.group(1).strip(), body[h1.end() :]
        if src.get("attr_list"):
            body = ATTR_LIST.sub("", body)
        for name in src.get("drop_shortcodes", []):
            # a paired shortcode whose inner text is data, not prose (a chart's JS config):
            # the page shows a canvas, so the whole block goes
            body = re.sub(
                r"\{\{[<%]\s*"
                + re.escape(name)
                + r"\b.*?\{\{[<%]\s*/"
                + re.escape(name)
                + r"\s*[>%]\}\}",
                "\n\n",
                body,
                flags=re.S,
            )
        if src["kind"] == "hugo" and path.endswith(".html"):
            # a Hugo content file in HTML (blogdown's rendered R Markdown) is not Markdown:
            # Hugo only runs its shortcodes, which can sit inside attributes (an image's src)
            text = html_text(bt, HUGO_SHORTCODE.sub("", body))
        else:
            text = markdown_text(bt, clean_markdown(body), drop_html=src.get("raw_html") == "drop")
        posts[url] = SourcePost(headline, date, text, path)
    return posts


TYPOGRAPHER = (
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"\.\.\."), "\u2026"),
    (re.compile(r"(?<=\w)'(?=\w)"), "\u2019"),
    (re.compile(r"(?:(?<=^)|(?<=[\s(\[]))'"), "\u2018"),
    (re.compile(r"'"), "\u2019"),
    (re.compile(r'(?:(?<=^)|(?<=[\s(\[]))"'), "\u201c"),
    (re.compile(r'"'), "\u201d"),
)


TITLECASE_SMALL = ("a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "of", "on")
TITLECASE_SMALL += ("or", "the", "to", "v", "v.", "via", "vs", "vs.")
TITLECASE_AFTER_STOP = re.compile(rf"(:|\.|!|\?)\s?(\W*{'|'.join(TITLECASE_SMALL)}\W*)\s", re.ASCII)


def smart_capitalize(word: str) -> str:
    """Octopress's String#smart_capitalize: the first ASCII letter after leading quotes or
    brackets upper-cased, unless the rest holds a capital or a '.x' (an abbreviation)."""
    match = re.match(r"""^['"(\[]*([a-z])""", word)
    if not match:
        return word
    i = match.start(1)
    rest = word[i:]
    if re.search(r"[A-Z]", rest) or re.search(r"\.\w", rest, re.ASCII):
        return word
    return word[:i] + word[i].upper() + word[i + 1 :]


def octopress_titlecase(title: str) -> str:
    """A title as Octopress 2's ``titlecase`` filter prints it (plugins/titlecase.rb, with
    ``titlecase: true`` in _config.yml): English small words lower-cased, every other word and
    the first and last capitalised (ASCII letters only, as Ruby's regexps match them)."""
    words = [
        w.lower()
        if re.sub(r"\W", "", w, flags=re.ASCII).lower() in TITLECASE_SMALL
        else smart_capitalize(w)
        for w in title.split()
    ]
    if words:
        words[0] = smart_capitalize(words[0])
        words[-1] = smart_capitalize(words[-1])
    return TITLECASE_AFTER_STOP.sub(lambda m: f"{m[1]} {smart_capitalize(m[2])} ", " ".join(words))


def typographer(text: str) -> str:
    """A title as a theme that prints it through Hugo's ``markdownify`` shows it (goldmark's
    typographer): straight quotes and apostrophes curly, ``--``/``---`` dashes, ``...`` an
    ellipsis."""
    for pattern, replacement in TYPOGRAPHER:
        text = pattern.sub(replacement, text)
    return text


def file_date(rel: str) -> str | None:
    """The ``YYYY-MM-DD`` a Jekyll post's file name starts with (``2021-09-20-slug.md``)."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})-", Path(rel).name)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def in_language(path: str, lang: str | None) -> bool:
    """Whether a source file is in the language the site's listing is in: with ``lang`` set
    (a multilingual Hugo site), only ``x.<lang>.md`` and ``index.<lang>.md`` are."""
    if not lang:
        return True
    return Path(path).name.split(".")[-2:-1] == [lang]


def html_text(bt: Any, html: str) -> str:
    """Plain-text paragraphs of an HTML body (the kit's text conversion)."""
    import lxml.html  # noqa: PLC0415 - in the kit's venv, like the rest of the kit

    frag = lxml.html.fragment_fromstring(html.strip() or "<div></div>", create_parent="div")
    return "\n\n".join(bt.html_to_paragraphs(frag))


def markdown_text(bt: Any, markdown: str, drop_html: bool) -> str:
    """Plain-text paragraphs of the rendered Markdown (the kit's renderer and text conversion).
    drop_html: leave raw HTML out, as Hugo's goldmark does by default ("raw HTML omitted")."""
    if not drop_html:
        return bt.md_to_body(markdown)
    import lxml.html  # noqa: PLC0415 - in the kit's venv, like the rest of the kit

    tokens = [t for t in bt.MD.parse(markdown) if t.type != "html_block"]
    for token in tokens:
        if token.children:
            token.children = [c for c in token.children if c.type != "html_inline"]
    html = bt.MD.renderer.render(tokens, bt.MD.options, {})
    frag = lxml.html.fragment_fromstring(html or "<div></div>", create_parent="div")
    return "\n\n".join(bt.html_to_paragraphs(frag))


def find_source(posts: dict[str, SourcePost], url: str) -> SourcePost | None:
    """The post for a page URL, trying the spellings generators use for the same path."""
    decoded = unquote(url)
    for key in (url, decoded, quote(decoded, safe="/")):
        if key in posts:
            return posts[key]
    folded = {unquote(k).lower(): post for k, post in posts.items()}
    return folded.get(decoded.lower())


# ------------------------------------------------------------------ pages


MONTHS = {
    "en": "january february march april may june july august september october november december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
    "fi": "tammikuun helmikuun maaliskuun huhtikuun toukokuun kesäkuun heinäkuun elokuun "
    "syyskuun lokakuun marraskuun joulukuun",  # genitive: '16 marraskuun, 2024'
    "id": "januari februari maret april mei juni juli agustus september oktober november desember",
    "ca": "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
    "et": "jaanuar veebruar märts aprill mai juuni juuli august september oktoober november "
    "detsember",
}
MONTH_NUMBER = {
    name: number for names in MONTHS.values() for number, name in enumerate(names.split(), start=1)
}
for _name, _number in list(MONTH_NUMBER.items()):  # written without accents: '30 aout 2019'
    MONTH_NUMBER.setdefault(without_accents(_name), _number)
for _lang in ("en", "es", "de", "it"):  # three-letter abbreviations: '17 ene 2026', '2 Lug 2019'
    for _number, _name in enumerate(MONTHS[_lang].split(), start=1):
        MONTH_NUMBER.setdefault(_name[:3], _number)
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
YMD_SLASH_DAY = re.compile(r"\b(\d{4})([/.])(\d{1,2})\2(\d{1,2})\b")  # 2014/09/06, 2026.06.06
DMY_DAY = re.compile(r"\b(\d{1,2})([./])\s?(\d{1,2})\2\s?(\d{4}|\d{2})\b")
WORD_DAY = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:de\s+|d['’]\s*)?([^\W\d_]+),?\s+(?:de\s+)?(\d{4})"
)  # '29 de juliol de 2020', '3 d’agost de 2020' (Catalan)
MONTH_FIRST_DAY = re.compile(r"([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
CJK_YMD_DAY = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")  # zh/ja, ko
CJK_MONTH_FIRST_DAY = re.compile(r"\b(\d{1,2})月\s*(\d{1,2}),?\s+(\d{4})")


# Solar Hijri (Persian calendar) months: '21 اسفند 1391' is 2013-03-11.
JALALI_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور"]
JALALI_MONTHS += ["مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
JALALI_DAY = re.compile(r"(\d{1,2})\s+(" + "|".join(JALALI_MONTHS) + r")\s+(1[2-4]\d\d)\b")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> dt.date:
    """The Gregorian day of a Solar Hijri date (the 33-year arithmetic rule)."""
    jy += 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
    days += (jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186
    return dt.date.fromordinal(days - 365)  # 1 Farvardin 1392 = 2013-03-21


def shown_day(text: str | None, month_first: bool = False) -> str | None:
    """ISO day of a date as a page shows it: ISO, ``2014/09/06``, ``2026.06.06``, ``24.07.2022``,
    ``31/01/2020`` (day first; ``18/05/22``: a two-digit year is 20yy; ``10/28/2012`` month
    first where the site says ``month_first``), ``18 January 2012``, ``11th November 2024``,
    ``5. December 2022``, ``mayo 3, 2009``, ``julho 12, 2021``, ``Friday, August 1, 2017``,
    ``Jan 13, 2024``, ``January 24th, 2018``, ``2020年8月20日``, ``2019년 10월 20일`` (Korean),
    ``8月 20, 2020`` (Hugo's English date layout with Japanese month names). None if none is
    found."""
    text = (text or "").strip().lower().translate(PERSIAN_DIGITS)
    if m := JALALI_DAY.search(text):
        gregorian = jalali_to_gregorian(
            int(m.group(3)), JALALI_MONTHS.index(m.group(2)) + 1, int(m.group(1))
        )
        return gregorian.isoformat()
    if m := ISO_DAY.search(text):
        return m.group(0)
    if m := YMD_SLASH_DAY.search(text):
        return f"{m.group(1)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
    if m := DMY_DAY.search(text):
        year = m.group(4) if len(m.group(4)) == 4 else f"20{m.group(4)}"  # 18/05/22: 2022
        day, month = (m.group(3), m.group(1)) if month_first else (m.group(1), m.group(3))
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if m := CJK_YMD_DAY.search(text):
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if m := CJK_MONTH_FIRST_DAY.search(text):
        return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    if (m := WORD_DAY.search(text)) and m.group(2) in MONTH_NUMBER:
        return f"{m.group(3)}-{MONTH_NUMBER[m.group(2)]:02d}-{int(m.group(1)):02d}"
    for m in MONTH_FIRST_DAY.finditer(text):
        if m.group(1) in MONTH_NUMBER:
            return f"{m.group(3)}-{MONTH_NUMBER[m.group(1)]:02d}-{int(m.group(2)):02d}"
    return None


def parse_page(bt: Any, file: Path) -> Any:
    """The page's root element, read as UTF-8 when it is UTF-8 (as the static server declares it):
    the kit's parser falls back to Latin-1 when a byte-order mark does not open the file (wget
    saved some pages as a newline, then the BOM, then the document)."""
    import lxml.html  # noqa: PLC0415 - in the kit's venv, like the rest of the kit

    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return bt.parse_html(str(file))
    return lxml.html.document_fromstring(text.lstrip().removeprefix("\ufeff") or "<html></html>")


def local_path(href: str, page: str, hosts: list[str]) -> str | None:
    """Root-relative path of a link on page, or None when it leaves the site. Absolute links to
    one of the site's own hosts (served rewritten to the local origin) count as local."""
    url = urlsplit(urljoin("http://site.invalid" + page, href.strip()))
    if url.netloc not in {"site.invalid", *hosts}:
        return None
    return url.path or "/"


def walk_listing(
    bt: Any, site_dir: Path, start: str, cfg: dict[str, Any], problems: list[str]
) -> list[tuple[str, list[str]]]:
    """[(listing page, article paths on it)] following the next-page XPath from start."""
    hosts = cfg.get("rewrite_hosts", [])
    pages, seen, page = [], set(), start
    while page and page not in seen:
        seen.add(page)
        file = Path(bt.page_file(str(site_dir), page))
        if not file.is_file():
            problems.append(f"listing page {page} has no file")
            break
        doc = parse_page(bt, file)
        links = []
        for href in doc.xpath(cfg["link_xpath"]):
            path = local_path(str(href), page, hosts)
            if path is None:
                problems.append(f"off-site article link on {page}: {href}")
            elif path not in links:
                links.append(path)
        if not links:
            problems.append(f"no article links on {page}")
        pages.append((page, links))
        nexts = doc.xpath(cfg["next_xpath"])
        page = local_path(str(nexts[0]), page, hosts) if nexts else None
    return pages


def scored_headline(headline: str | None) -> str | None:
    """The truth's headline, None (not scored) for an untitled post: an item's headline is
    never empty (the item schema), so an empty truth headline could only ever count as a miss
    (an empty source file, an empty ``h1.entry-title``)."""
    return headline if headline and headline.strip() else None


def first_text(bt: Any, doc: Any, xpaths: list[str]) -> str | None:
    """The kit's ``first`` (text of the first XPath that matches), with a line break read as
    the space a reader sees: ``Antarktyczną<br>im.`` is two words, not ``Antarktycznąim.``."""
    for element in (el for xp in xpaths for el in doc.xpath(xp) if not isinstance(el, str)):
        for br in element.iter("br"):
            br.tail = " " + (br.tail or "")
        break
    return bt.first(doc, xpaths)


def first_value(bt: Any, doc: Any, xpaths: list[str]) -> str | None:
    """The kit's ``first``, where an XPath may also be a string expression (``substring-after(
    //script[...], '"datePublished": "')``): its non-empty value, not its first character."""
    for xp in xpaths:
        found = doc.xpath(xp)
        if isinstance(found, str):
            if found.strip():
                return bt.norm_ws(found)
        elif value := bt.first(doc, [xp]):
            return value
    return None


def page_body(bt: Any, adoc: Any, cfg: dict[str, Any]) -> str | None:
    found = adoc.xpath(cfg["page_body"])
    if not found:
        return None
    body = found[0]
    if cfg.get("page_body_drop"):
        found = body.xpath(cfg["page_body_drop"])
        # text nodes first ('./text()[1]': a loose date line), before drop_tree moves a tail
        for text in (item for item in found if isinstance(item, str)):
            holder = text.getparent()
            if text.is_tail:
                holder.tail = None
            elif text.is_text:
                holder.text = None
        for element in (item for item in found if not isinstance(item, str)):
            element.drop_tree()
    return "\n\n".join(bt.html_to_paragraphs(body))


def bow_f1(a: str | None, b: str | None) -> float:
    """Bag-of-words F1 of two texts (the scorer's body measure), for the body cross-check."""
    from collections import Counter  # noqa: PLC0415

    ta = Counter(re.findall(r"\w+", (a or "").lower()))
    tb = Counter(re.findall(r"\w+", (b or "").lower()))
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


# ------------------------------------------------------------------ truth


@dataclass
class SiteTruth:
    rows: list[dict[str, Any]] = field(default_factory=list)
    listing_pages: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    body_f1: list[float] = field(default_factory=list)


def truth_row(
    bt: Any,
    site_dir: Path,
    cfg: dict[str, Any],
    sources: dict[str, SourcePost],
    base: dict[str, str],
    truth: SiteTruth,
) -> dict[str, Any]:
    """One truth row: the source post's headline, date and body (or the page's, without
    sources), what the page itself shows, and every cross-check that failed."""
    url, problems = base["url"], truth.problems
    file = Path(bt.page_file(str(site_dir), url))
    row: dict[str, Any] = dict(base)
    if not file.is_file():
        problems.append(f"missing article file {url}")
        row.update(headline=None, date=None, date_day=None, body=None, truth_source="missing")
        return row
    adoc = parse_page(bt, file)
    page_headline = first_text(bt, adoc, cfg["page_headline"])
    page_date = first_value(bt, adoc, cfg["page_date"]) if cfg.get("page_date") else None
    month_first = bool(cfg.get("month_first"))
    day_shown = (
        shown_day(first_value(bt, adoc, cfg["shown_day"]), month_first)
        if cfg.get("shown_day")
        else None
    )
    body_page = page_body(bt, adoc, cfg)
    source = find_source(sources, url)
    quirk = cfg.get("quirks", {}).get(url)
    if source:
        row.update(
            headline=source.headline,
            date=source.date,
            body=source.body,
            truth_source="source:" + source.path,
        )
        if page_headline and bt.norm_ws(page_headline) != bt.norm_ws(source.headline):
            problems.append(
                f"headline differs {url}: src={source.headline!r} page={page_headline!r}"
            )
        if body_page is not None:
            truth.body_f1.append(bow_f1(source.body, body_page))
    else:
        if sources and not quirk:
            problems.append(f"no source for {url}; using the page")
        date = bt.iso(page_date) if page_date and ISO_DAY.match(page_date) else None
        if date and cfg.get("shown_timezone"):  # restated in the zone the site shows days in
            date = source_date(bt, date, None, cfg["shown_timezone"])
        if date is None and page_date:
            date = shown_day(page_date, month_first)
        row.update(headline=page_headline, date=date, body=None, truth_source="page")
    row["headline"] = scored_headline(row["headline"])
    row["date_day"] = row["date"][:10] if row.get("date") else None
    if quirk:
        row["quirk"] = quirk
    elif not row["headline"]:
        problems.append(f"no headline {url}")
    if not row["date_day"]:
        if not quirk and not cfg.get("undated"):
            problems.append(f"no date {url}")
    elif cfg.get("shown_day") and day_shown != row["date_day"] and (day_shown or not quirk):
        problems.append(f"shown day differs {url}: truth={row['date_day']} page shows {day_shown}")
    row.update(page_headline=page_headline, page_date=page_date, body_page=body_page)
    return row


def build_site(bt: Any, name: str, cfg: dict[str, Any], gitdir: Path, out: Path) -> dict[str, Any]:
    """Extract the site, walk its listings, write truth.jsonl; return world.json's content."""
    site_dir = out / name / "site"
    mount = cfg.get("mount", "").strip("/")  # a GitHub project page's base path
    if mount and site_dir.exists():
        shutil.rmtree(site_dir)
    written, missing = extract_tree(
        gitdir,
        cfg["site_commit"],
        cfg.get("site_root", ""),
        site_dir / mount if mount else site_dir,
        cfg.get("exclude", []),
    )
    if cfg.get("extensionless"):
        add_folder_copies(site_dir)
    if cfg.get("decode_slash_entities"):
        decode_slash_entities(site_dir)
    sources = load_sources(bt, gitdir, cfg)
    truth = SiteTruth()
    for start in cfg["start_paths"]:
        walked = walk_listing(bt, site_dir, start, cfg, truth.problems)
        truth.listing_pages[start] = [page for page, _links in walked]
        seen: set[str] = set()
        for page, links in walked:
            for url in links:
                if url in seen or url in cfg.get("dead_links", {}):
                    continue
                seen.add(url)
                base = {"listing_url": page, "start_path": start, "url": url}
                truth.rows.append(truth_row(bt, site_dir, cfg, sources, base, truth))
    truth.problems.extend(served_problems(out / name, cfg, truth))
    with open(out / name / "truth.jsonl", "w", encoding="utf-8") as fh:
        for row in truth.rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return world_json(name, cfg, truth, sources, written, missing)


def world_json(
    name: str,
    cfg: dict[str, Any],
    truth: SiteTruth,
    sources: dict[str, SourcePost],
    written: int,
    missing: int,
) -> dict[str, Any]:
    f1 = sorted(truth.body_f1)
    world: dict[str, Any] = {
        "site": name,
        "repo": cfg["repo"],
        "site_commit": cfg["site_commit"],
        "source_commit": cfg.get("source_commit") or (cfg["site_commit"] if sources else None),
        "split": "heldout" if cfg.get("heldout") else "tune",
        "heldout": bool(cfg.get("heldout")),
        "start_paths": cfg["start_paths"],
        "listing_pages": truth.listing_pages,
        "n_articles": {
            s: sum(1 for r in truth.rows if r["start_path"] == s) for s in cfg["start_paths"]
        },
        "problems": truth.problems,
        "date_checks": {
            "shown_day": bool(cfg.get("shown_day")),
            "source_posts": len(sources),
        },
        "body_check": {
            "compared": len(f1),
            "min_f1": round(f1[0], 3) if f1 else None,
            "median_f1": round(f1[len(f1) // 2], 3) if f1 else None,
        },
        "files": {"written": written, "missing_from_snapshot": missing},
        "notes": {
            key: cfg[key]
            for key in ("generator", "language", "licence", "truth", "caveats", "listing_shape")
            if key in cfg
        },
    }
    if cfg.get("rewrite_hosts"):
        world["rewrite_hosts"] = cfg["rewrite_hosts"]
    if cfg.get("quirks"):
        world["quirks"] = cfg["quirks"]
    if cfg.get("dead_links"):
        world["dead_links"] = cfg["dead_links"]
    return world


# ------------------------------------------------------------------ serving check


def served_problems(site_root: Path, cfg: dict[str, Any], truth: SiteTruth) -> list[str]:
    """Serve the site with the kit's serve_static.py and fetch every listing page and truth URL:
    each must end (after at most one redirect) in a 200 text/html answer."""
    server = KIT / "serve_static.py"
    args = [sys.executable, str(server), str(site_root / "site"), "--port", "0", "--quiet"]
    for host in cfg.get("rewrite_hosts", []):
        args += ["--rewrite-host", host]
    with subprocess.Popen(args, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            origin = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline())
            if not origin:
                return ["the static server did not start"]
            paths = [p for pages in truth.listing_pages.values() for p in pages]
            paths += [row["url"] for row in truth.rows]
            problems = [p for p in (served_problem(origin.group(0), path) for path in paths) if p]
            robots_txt = served_robots_txt(origin.group(0))
            return problems + robots_problems(robots_txt, cfg["start_paths"])
        finally:
            proc.terminate()
            proc.communicate(timeout=10)  # read its last line, so it does not die on a closed pipe


def served_problem(origin: str, path: str) -> str | None:
    try:
        with urllib.request.urlopen(origin + quote(path, safe="/%"), timeout=10) as resp:
            ctype = resp.headers.get("Content-Type", "")
            resp.read()  # the whole answer: the server must not find the connection closed
            if resp.status != 200 or not ctype.startswith("text/html"):
                return f"served {resp.status} {ctype} for {path}"
    except urllib.error.HTTPError as err:
        return f"served {err.code} for {path}"
    return None


def served_robots_txt(origin: str) -> str:
    """The served robots.txt, or '' when there is none."""
    try:
        with urllib.request.urlopen(origin + "/robots.txt", timeout=10) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError:
        return ""


def robots_problems(robots_txt: str, start_paths: list[str]) -> list[str]:
    """The start paths the served robots.txt forbids to every crawler that obeys it.

    Many Hugo themes (Blowfish, Ananke) write 'Disallow: /' outside production, so a snapshot
    built with 'hugo server' forbids what the deployed site allows: leave it out with exclude."""
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(robots_txt.splitlines())
    return [
        f"robots.txt forbids the start path {path} to every crawler (a development build's?)"
        for path in start_paths
        if not parser.can_fetch("realsites-bench", path)
    ]


# ------------------------------------------------------------------ main


KIT = Path()


def iter_sites(corpus: dict[str, Any], names: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    sites = corpus["sites"]
    for name in names or list(sites):
        if name not in sites:
            raise SystemExit(f"build.py: no site {name!r} in the corpus")
        yield name, sites[name]


def main(argv: list[str] | None = None) -> int:
    global KIT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="*")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument(
        "--mirror-root", type=Path, default=Path(os.environ.get("MIRROR_ROOT", DEFAULT_MIRROR_ROOT))
    )
    parser.add_argument(
        "--out", type=Path, default=Path(os.environ.get("REALSITES_OWN_DIR", DEFAULT_OUT))
    )
    parser.add_argument("--kit", type=Path, default=None, help="the shared dev kit's folder")
    parser.add_argument("--report", type=Path, help="write {built: [...], skipped: {...}} here")
    args = parser.parse_args(argv)
    KIT = (args.kit or find_kit()).resolve()
    bt = import_kit(KIT)
    corpus = tomllib.loads(args.corpus.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    built: list[str] = []
    skipped: dict[str, str] = {}
    report: Callable[[str], None] = print
    for name, cfg in iter_sites(corpus, args.sites):
        problem = snapshot_problem(args.mirror_root, cfg)
        if problem:
            skipped[name] = problem
            report(f"{name}: skipped: {problem}")
            continue
        gitdir = git_dir(args.mirror_root, cfg["repo"])
        assert gitdir is not None
        world = build_site(bt, name, cfg, gitdir, args.out.resolve())
        (args.out / name / "world.json").write_text(
            json.dumps(world, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        built.append(name)
        report(
            f"{name}: {world['split']}, {sum(world['n_articles'].values())} truth rows, "
            f"{sum(len(p) for p in world['listing_pages'].values())} listing pages, "
            f"{len(world['problems'])} problems"
        )
        for line in world["problems"][:20]:
            report(f"    {line}")
    if args.report:
        args.report.write_text(json.dumps({"built": built, "skipped": skipped}, indent=1) + "\n")
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main())
