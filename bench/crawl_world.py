"""The crawl benchmark's news world: thousands of articles over three CMS layouts, pre-rendered.

    .venv/bin/python bench/crawl_world.py OUT_DIR [--articles 5000] [--seed 2020]

Articles are spread over the demo world's Drupal, WordPress and table layouts (the renderers of
crawler/demo/sites/), each site with one tag listing of PER_PAGE entries a page. Every page is
padded with the boilerplate real news pages carry (inline CSS, an inline JavaScript state blob,
an SVG sprite, HTML comments; no text or links, so neither extraction nor link following
changes) to a size drawn from 30-150 KB. The pages are written once to OUT_DIR/pages.bin (the
bodies, one after another) and OUT_DIR/index.json (target -> offset, length, status, type,
headers, kind), rendered with HOST_TOKEN where the server's address goes; bench/crawl_server.py
puts its own address there when it loads them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.demo.sites import Page, respond  # noqa: E402
from crawler.demo.world import (  # noqa: E402
    DATA_DIR,
    MSK,
    PATHAUTO_IGNORED,
    ArticleTruth,
    Site,
    World,
    Writer,
    drupal_article,
    earlier,
    make_teaser,
    paginate,
    read_sections,
    slugify,
    table_article,
    wp_article,
)

HOST_TOKEN = "http://bench-host.invalid"
PER_PAGE = 25
PAGE_SIZE_RANGE = (30_000, 150_000)
LAYOUTS = ("drupal", "wp", "table")
TAG_PATHS = {
    "drupal": "/drupal/tags/idlib",
    "wp": "/wp/tag/idlib/",
    "table": "/table/tag.php?tag=idlib",
}
# What wget may fetch: the three tag listings and their articles (not feeds, print views, other
# tags, nor the table layout's page 1 under a second URL, tag.php?tag=idlib&page=1).
ACCEPT_REGEX = (
    r"/(drupal/tags/idlib(\?page=[0-9]+)?|drupal/news/[0-9]{4}/[0-9]{2}/[^/?]+"
    r"|wp/tag/idlib/(page/[0-9]+/)?|wp/[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/?]+/"
    r"|table/tag\.php\?tag=idlib(&page=([2-9]|[1-9][0-9]+))?|table/article\.php\?id=[0-9]+"
    r"|robots\.txt)$"
)


@dataclass(frozen=True)
class Rendered:
    target: str
    kind: str  # "listing", "article" or "robots"
    page: Page


def split_count(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` as evenly as possible (the first ones get the rest)."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def drupal_site(writer: Writer, count: int) -> Site:
    rng = writer.rng
    moment = datetime(2020, 2, 21, 21, 0)
    articles = []
    node_id = 5231 + 20 * count
    for _ in range(count):
        moment = earlier(moment, rng, 20, 240)
        published = moment.replace(tzinfo=MSK)
        headline = writer.pick("headline", published)
        paragraphs = writer.paragraphs(published, rng.randint(4, 12))
        shown = make_teaser(paragraphs, rng.randint(420, 640))
        slug = slugify(headline, PATHAUTO_IGNORED, limit=80)
        path = f"/drupal/news/{published:%Y/%m}/{slug}-{node_id}"
        article = drupal_article(writer, headline, published, paragraphs, shown, path, node_id)
        articles.append(article)
        node_id -= rng.randint(3, 19)
    tag_path = TAG_PATHS["drupal"]
    return site_of(
        "drupal",
        "Meridian News Agency",
        articles,
        lambda n: tag_path if n == 1 else f"{tag_path}?page={n - 1}",
    )


def wp_site(writer: Writer, count: int) -> Site:
    rng = writer.rng
    moment = datetime(2020, 2, 21, 18, 20, tzinfo=UTC)
    articles = []
    post_id = 2417 + 12 * count
    for _ in range(count):
        headline = writer.pick("headline", moment)
        paragraphs = writer.paragraphs(moment, rng.randint(4, 12))
        path = f"/wp/{moment:%Y/%m/%d}/{slugify(headline, limit=80)}-{post_id}/"
        articles.append(wp_article(writer, headline, moment, paragraphs, path, post_id))
        post_id -= rng.randint(2, 11)
        moment = earlier(moment, rng, 20, 240)
    tag_path = TAG_PATHS["wp"]
    return site_of(
        "wp",
        "Frontline Notes",
        articles,
        lambda n: tag_path if n == 1 else f"{tag_path}page/{n}/",
    )


def table_site(writer: Writer, count: int) -> Site:
    rng = writer.rng
    day = datetime(2020, 2, 21)
    article_id = 3178 + 7 * count
    articles = []
    for _ in range(count):
        headline = writer.pick("headline", day)
        body = writer.paragraphs(day, rng.randint(4, 12))
        articles.append(table_article(writer, headline, day, body, article_id))
        article_id -= rng.randint(1, 6)
        day -= timedelta(days=rng.choice((0, 0, 1)))
    tag_path = TAG_PATHS["table"]
    return site_of(
        "table",
        "Levant Wire",
        articles,
        lambda n: tag_path if n == 1 else f"{tag_path}&page={n}",
        tag_name="idlib",
    )


def site_of(
    key: str,
    name: str,
    articles: list[ArticleTruth],
    page_path: Callable[[int], str],
    tag_name: str = "Idlib",
) -> Site:
    return Site(
        key=key,
        name=name,
        prefix=f"/{key}",
        tag_name=tag_name,
        tag_path=page_path(1),
        listing_pages=paginate([a.path for a in articles], PER_PAGE, page_path),
        articles=articles,
        most_read_paths=[a.path for a in articles[2:12:3]],
    )


BUILDERS: dict[str, Callable[[Writer, int], Site]] = {
    "drupal": drupal_site,
    "wp": wp_site,
    "table": table_site,
}


def build_bench_world(articles: int, seed: int = 2020) -> World:
    """``articles`` articles over the three layouts; the same arguments give the same world."""
    bank = read_sections((DATA_DIR / "phrases.txt").read_text(encoding="utf-8"))
    streams = random.Random(seed)
    sites = {}
    for key, count in zip(LAYOUTS, split_count(articles, len(LAYOUTS)), strict=True):
        writer = Writer(bank, random.Random(streams.getrandbits(64)))
        sites[key] = BUILDERS[key](writer, count)
    return World(seed=seed, sites=sites, robots_txt="User-agent: *\nDisallow: /private/\n")


# --- boilerplate --------------------------------------------------------------------------------

CSS_PROPS = ("margin", "padding", "border-radius", "font-size", "line-height", "gap", "top")
COLOURS = ("color", "background-color", "border-color")
WORD_TEXT = (
    "header nav menu item link card teaser grid col row hero promo ad slot sticky footer share"
    " icon btn modal overlay cookie consent badge label meta byline tag related most-read"
)
WORDS = tuple(WORD_TEXT.split())


def css_block(rng: random.Random, size: int) -> str:
    rules = []
    used = 0
    while used < size:
        name = f".{rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.randrange(1, 400)}"
        decls = ";".join(
            f"{rng.choice(CSS_PROPS)}:{rng.randrange(0, 48)}px" for _ in range(rng.randint(1, 4))
        )
        decls += f";{rng.choice(COLOURS)}:#{rng.getrandbits(24):06x}"
        rule = f"{name}{{{decls}}}"
        if rng.random() < 0.15:
            rule = f"@media (min-width:{rng.choice((480, 768, 1024, 1280))}px){{{rule}}}"
        rules.append(rule)
        used += len(rule)
    return "<style>" + "".join(rules) + "</style>\n"


def script_block(rng: random.Random, size: int) -> str:
    """An inline state blob as single-page frameworks and ad stacks print them."""
    slots = []
    used = 0
    while used < size:
        slot = {
            "id": f"div-gpt-ad-{rng.getrandbits(40):x}-{rng.randrange(100)}",
            "path": f"/{rng.randrange(10**7, 10**8)}/{rng.choice(WORDS)}/{rng.choice(WORDS)}",
            "sizes": [[rng.choice((300, 320, 728, 970)), rng.choice((50, 90, 250, 600))]],
            "targeting": {rng.choice(WORDS): rng.choice(WORDS) for _ in range(3)},
            "lazy": rng.random() < 0.5,
            "h": f"{rng.getrandbits(128):032x}",
        }
        text = json.dumps(slot, separators=(",", ":"))
        slots.append(text)
        used += len(text) + 1
    return (
        '<script type="text/javascript">window.__APP_STATE__=window.__APP_STATE__||{};'
        f"window.__APP_STATE__.slots=[{','.join(slots)}];"
        "(function(w,d){var s=d.createElement('script');s.async=true;"
        "s.src='/static/js/app.'+w.__APP_STATE__.slots.length+'.js';"
        "d.getElementsByTagName('head')[0].appendChild(s)})(window,document);</script>\n"
    )


def svg_block(rng: random.Random, size: int) -> str:
    symbols = []
    used = 0
    while used < size:
        points = " ".join(
            f"{rng.choice('MLCQ')}{rng.uniform(0, 32):.2f} {rng.uniform(0, 32):.2f}"
            for _ in range(rng.randint(6, 24))
        )
        symbol = f'<symbol id="i-{rng.getrandbits(32):x}" viewBox="0 0 32 32"><path d="{points}z"/>'
        symbol += "</symbol>"
        symbols.append(symbol)
        used += len(symbol)
    return '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">' + "".join(symbols)


def padding(rng: random.Random, size: int) -> tuple[str, str]:
    """Boilerplate of about ``size`` bytes: (for the head, for the end of the body)."""
    if size <= 0:
        return "", ""
    css, script, svg = (int(size * share) for share in (0.35, 0.45, 0.2))
    comment = f"<!-- page cache: {rng.getrandbits(64):016x}, rendered in {rng.randrange(9, 400)} ms"
    comment += " -->\n"
    head = css_block(rng, css) + comment
    tail = svg_block(rng, svg) + "</svg>\n" + script_block(rng, script)
    return head, tail


def padded(page: Page, rng: random.Random) -> Page:
    """The page grown to a size drawn from PAGE_SIZE_RANGE with head and body boilerplate."""
    body = page.body
    target = rng.randint(*PAGE_SIZE_RANGE)
    head, tail = padding(rng, target - len(body) - 400)
    lower = body.lower()
    head_at, tail_at = lower.rfind(b"</head>"), lower.rfind(b"</body>")
    if head_at < 0 or tail_at < 0:
        return page
    body = body[:head_at] + head.encode() + body[head_at:tail_at] + tail.encode() + body[tail_at:]
    return Page(page.status, body, page.content_type, page.headers)


# --- rendering ----------------------------------------------------------------------------------


def render(world: World, seed: int = 2020) -> Iterator[Rendered]:
    """robots.txt, every listing page and every article, padded, for a server at HOST_TOKEN."""
    rng = random.Random(seed + 1)
    yield Rendered("/robots.txt", "robots", respond(world, "/robots.txt", HOST_TOKEN))
    for site in world.sites.values():
        for listing in site.listing_pages:
            page = respond(world, listing.path, HOST_TOKEN)
            yield Rendered(listing.path, "listing", padded(page, rng))
        for article in site.articles:
            page = respond(world, article.path, HOST_TOKEN)
            yield Rendered(article.path, "article", padded(page, rng))


def tag_urls(base_url: str) -> list[str]:
    return [base_url + TAG_PATHS[key] for key in LAYOUTS]


def write_world(out_dir: Path, articles: int, seed: int = 2020) -> dict:
    """Render the world into ``out_dir``; returns its description (also in index.json)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    world = build_bench_world(articles, seed)
    index: dict[str, list] = {}
    sizes: dict[str, list[int]] = {"listing": [], "article": []}
    offset = 0
    with open(out_dir / "pages.bin", "wb") as blob:
        for rendered in render(world, seed):
            page = rendered.page
            blob.write(page.body)
            headers = [list(h) for h in page.headers]
            index[rendered.target] = [
                offset,
                len(page.body),
                page.status,
                page.content_type,
                headers,
                rendered.kind,
            ]
            offset += len(page.body)
            if rendered.kind in sizes:
                sizes[rendered.kind].append(len(page.body))
    meta = {
        "articles": sum(len(s.articles) for s in world.sites.values()),
        "listing_pages": sum(len(s.listing_pages) for s in world.sites.values()),
        "per_page": PER_PAGE,
        "layouts": list(LAYOUTS),
        "seed": seed,
        "bytes": offset,
        "page_kb": {kind: kb_range(values) for kind, values in sizes.items()},
        "render_s": round(time.monotonic() - started, 1),
    }
    (out_dir / "index.json").write_text(json.dumps({"meta": meta, "pages": index}))
    return meta


def kb_range(sizes: list[int]) -> dict[str, float]:
    if not sizes:
        return {}
    return {
        "min": round(min(sizes) / 1000, 1),
        "mean": round(sum(sizes) / len(sizes) / 1000, 1),
        "max": round(max(sizes) / 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    print(json.dumps(write_world(args.out_dir, args.articles, args.seed), indent=2))


if __name__ == "__main__":
    main()
