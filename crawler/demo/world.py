"""The demo news world: deterministic content and the ground truth the tests compare with.

Everything the server renders comes from the objects built here, so a test can check a
crawl against :class:`ArticleTruth` without re-parsing any HTML. ``build_world(seed)``
always returns the same world for the same seed.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "FEED_ITEMS",
    "KINDS",
    "ArticleTruth",
    "Comment",
    "ListingPageTruth",
    "Site",
    "World",
    "build_world",
    "fresh_articles",
]

DATA_DIR = Path(__file__).resolve().parent
MSK = timezone(timedelta(hours=3))

KINDS = (
    "article",
    "http-404",
    "http-500",
    "non-html",
    "offsite",
    "robots-disallowed",
    "redirect",
)

# Kinds whose final URL answers with an article page.
ARTICLE_PAGE_KINDS = ("article", "redirect", "robots-disallowed")

OFFSITE_HOST = "127.0.0.2"

# How many of a tag's newest articles its feed lists (Drupal 7's default).
FEED_ITEMS = 10

# Edge-site paths the renderer treats specially (the truth below says what each one tests).
EDGE_GOOD_PATH = "/edge/news/2020/02/ceasefire-monitors-report-calm-night-southern-idlib"
EDGE_404_PATH = "/edge/news/2020/02/casualty-figures-ariha-withdrawn"
EDGE_500_PATH = "/edge/news/2020/02/live-updates-fighting-around-saraqib"
EDGE_PDF_PATH = "/edge/files/idlib-situation-report-february-2020.pdf"
EDGE_BROKEN_PATH = "/edge/news/2020/02/shelling-resumes-near-atarib"
EDGE_CYRILLIC_PATH = "/edge/news/2020/02/erdogan-ugrozhaet-operaciej-v-idlibe"
EDGE_UNDATED_PATH = "/edge/news/analysis-why-the-highway-matters"
EDGE_OFFSITE_PATH = "/edge/offsite-article"
EDGE_REDIRECT_PATH = "/edge/old-url"
EDGE_MOVED_PATH = "/edge/news/moved-article"
EDGE_COOKIE_PATH = "/edge/news/2020/02/aid-convoy-reaches-atmeh-camps"
EDGE_QUERY_PATH = "/edge/story?id=42&lang=en"
EDGE_PRIVATE_PATH = "/edge/private/secret"

ROBOTS_TXT = "User-agent: *\nDisallow: /edge/private/\n"

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# AP style abbreviates the long month names in dates ("Feb. 21, 2020", "March 2, 2020").
AP_MONTHS = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept."}
AP_MONTHS |= {"October": "Oct.", "November": "Nov.", "December": "Dec."}
DRUPAL_ELLIPSIS = "\xa0…"

# Words Drupal's pathauto leaves out of URL aliases.
PATHAUTO_WORDS = (
    "a an as at before but by for from is in into like of off on onto per since than the this"
    " that to up via with"
)
PATHAUTO_IGNORED = frozenset(PATHAUTO_WORDS.split())


@dataclass(frozen=True)
class Comment:
    """A reader comment under an article (page chrome, never body text)."""

    author: str
    posted: datetime
    text: str


@dataclass
class ArticleTruth:
    """One listing entry and, when it leads to an article, what the article page shows.

    ``path`` is the link as the listing gives it (resolved against the site's host; ``host``
    names another host when the link leaves the site). ``kind`` is the expected outcome.
    ``body_paragraphs`` are the texts of the body's paragraphs and subheadings in order, with
    whitespace collapsed; captions, share bars, related links and comments are never in it.
    ``published`` is tz-aware when the page states an offset, naive otherwise; ``date_only``
    says the page gives a day and no time. ``language`` is the primary language subtag the page
    declares (``None`` when it declares none).
    """

    site: str
    kind: str
    path: str
    headline: str
    teaser: str
    final_path: str = ""
    canonical_path: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    date_text: str | None = None
    date_only: bool = False
    listing_date_text: str | None = None
    body_paragraphs: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = "en"
    encoding: str | None = "utf-8"
    host: str | None = None
    # Rendering details: which body entries are subheadings, the teaser as shown paragraph by
    # paragraph, the page chrome that belongs to this article, and its numeric id on the site.
    heading_indexes: frozenset[int] = frozenset()
    teaser_paragraphs: list[str] = field(default_factory=list)
    caption: str | None = None
    figure_after: int | None = None
    comments: list[Comment] = field(default_factory=list)
    node_id: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if not self.final_path:
            self.final_path = self.path
        if not self.teaser_paragraphs:
            self.teaser_paragraphs = [self.teaser]

    @property
    def status(self) -> int:
        """HTTP status of the final response for ``final_path`` on the demo server."""
        return {"http-404": 404, "http-500": 500}.get(self.kind, 200)

    @property
    def is_article(self) -> bool:
        """True when a crawler that follows the rules should produce an item for this entry."""
        return self.kind in ("article", "redirect")

    def url(self, base_url: str) -> str:
        """Absolute URL of the listing link, for a server at ``base_url``."""
        if self.host:
            return f"http://{self.host}:{urlsplit(base_url).port}{self.path}"
        return base_url.rstrip("/") + self.path

    def final_url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.final_path


@dataclass
class ListingPageTruth:
    """One page of the tag listing: its path, the article links on it in order, the next page."""

    path: str
    number: int
    article_paths: list[str]
    next_path: str | None = None


@dataclass
class Site:
    """One site of the world: its tag's articles (the truth a crawl is compared with), the
    listing pages that show them, and the articles it serves besides, linked only from sidebars
    (``other_articles``).

    ``articles`` are the tag's entries, newest first: every entry of the listing pages and any
    article of the tag the listing pages leave out (:attr:`feed_only_articles`), which a crawl
    finds on the tag's feed (``feed_path``, linked from the listing pages; see
    :meth:`feed_articles`). Sites without a feed list every article on their listing pages.
    """

    key: str
    name: str
    prefix: str
    tag_name: str
    tag_path: str
    listing_pages: list[ListingPageTruth]
    articles: list[ArticleTruth]
    other_articles: list[ArticleTruth] = field(default_factory=list)
    most_read_paths: list[str] = field(default_factory=list)
    feed_path: str | None = None

    @cached_property
    def pages_by_path(self) -> dict[str, ArticleTruth]:
        """Every article page this site serves, by the path that serves it."""
        served = [a for a in self.articles + self.other_articles if a.kind in ARTICLE_PAGE_KINDS]
        return {article.final_path: article for article in served}

    @cached_property
    def entries_by_path(self) -> dict[str, ArticleTruth]:
        """Every entry of the tag (on the listing pages or only on its feed), by its link path."""
        return {article.path: article for article in self.articles}

    @property
    def listed_articles(self) -> list[ArticleTruth]:
        """The entries the listing pages show, page by page."""
        return [self.entry(path) for page in self.listing_pages for path in page.article_paths]

    @property
    def feed_only_articles(self) -> list[ArticleTruth]:
        """The tag's articles its listing pages leave out: only the tag's feed lists them."""
        listed = {path for page in self.listing_pages for path in page.article_paths}
        return [article for article in self.articles if article.path not in listed]

    def feed_articles(self) -> list[ArticleTruth]:
        """What the tag's feed lists: its FEED_ITEMS newest entries on the site's own host."""
        if self.feed_path is None:
            return []
        return [article for article in self.articles if article.host is None][:FEED_ITEMS]

    def article_at(self, path: str) -> ArticleTruth | None:
        return self.pages_by_path.get(path)

    def entry(self, path: str) -> ArticleTruth:
        return self.entries_by_path[path]

    def publish(self, articles: list[ArticleTruth]) -> None:
        """Put new articles at the top of the tag listing, as a site does when it publishes.

        Later entries move down the same listing pages (same page size and paths), so tests can
        crawl, publish, and crawl again. The listing must still fit in its pages. Articles the
        listing leaves out stay out of it (and move down the feed).
        """
        paths = [a.path for a in articles] + [a.path for a in self.listed_articles]
        per_page = len(self.listing_pages[0].article_paths)
        if len(paths) > per_page * len(self.listing_pages):
            raise ValueError(f"{self.key}: {len(paths)} entries do not fit the listing pages")
        for number, page in enumerate(self.listing_pages):
            page.article_paths = paths[number * per_page : (number + 1) * per_page]
        self.articles[:0] = articles
        for cached in ("pages_by_path", "entries_by_path"):
            self.__dict__.pop(cached, None)


@dataclass
class World:
    """Every site, keyed "drupal", "wp", "table" and "edge"; built by ``build_world(seed)``."""

    seed: int
    sites: dict[str, Site]
    robots_txt: str = ROBOTS_TXT

    def site_for(self, path: str) -> Site | None:
        for site in self.sites.values():
            if path == site.prefix or path.startswith(site.prefix + "/"):
                return site
        return None

    def all_articles(self) -> list[ArticleTruth]:
        return [a for site in self.sites.values() for a in site.articles]


# --- text sources ---------------------------------------------------------------------------


def read_sections(text: str) -> dict[str, list[str]]:
    """Parse ``[section]`` headed lists, one entry a line, ``#`` comments and blanks ignored."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return sections


@dataclass(frozen=True)
class SeedArticle:
    """An article written out in seed_articles.txt."""

    headline: str
    published: datetime
    teaser: list[str]
    rest: str
    body: list[str]

    def opening_paragraphs(self) -> list[str]:
        """The full paragraphs the listing teaser was cut from (or the written body)."""
        if not self.teaser:
            return list(self.body)
        *whole, cut = self.teaser
        last = cut.removesuffix(DRUPAL_ELLIPSIS)
        return [*whole, f"{last} {self.rest}" if self.rest else last]


def read_seed_articles() -> dict[str, list[SeedArticle]]:
    groups: dict[str, list[SeedArticle]] = {}
    for name, lines in read_sections(_data_text("seed_articles.txt")).items():
        groups[name] = [_seed_article(block) for block in _split_blocks(lines)]
    return groups


def _split_blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    for line in lines:
        if line.startswith("== "):
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _seed_article(block: list[str]) -> SeedArticle:
    values: dict[str, list[str]] = {"teaser": [], "rest": [], "body": [], "date": []}
    for line in block[1:]:
        key, _, value = line.partition(":")
        values[key].append(value.strip())
    return SeedArticle(
        headline=block[0][3:].strip(),
        published=datetime.strptime(values["date"][0], "%Y-%m-%d %H:%M"),
        teaser=values["teaser"],
        rest=(values["rest"] or [""])[0],
        body=values["body"],
    )


def _data_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


SLOT = re.compile(r"\{(\w+)\}")


class Writer:
    """Fills the phrase bank's templates from one random stream."""

    def __init__(self, bank: dict[str, list[str]], rng: random.Random) -> None:
        self.bank = bank
        self.rng = rng

    def fill(self, template: str, day: datetime) -> str:
        chosen: dict[str, str] = {}

        def slot_value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in chosen:
                chosen[name] = self._slot(name, day, set(chosen.values()))
            return chosen[name]

        return SLOT.sub(slot_value, template)

    def _slot(self, name: str, day: datetime, taken: set[str]) -> str:
        computed: dict[str, Callable[[], str]] = {
            "n_small": lambda: str(self.rng.randint(3, 19)),
            "n_medium": lambda: str(self.rng.randint(20, 95)),
            "n_displaced": lambda: f"{self.rng.randrange(700, 950, 10)},000",
            "weekday": lambda: WEEKDAYS[day.weekday()],
        }
        if name in computed:
            return computed[name]()
        options = [o for o in self.bank[name.rstrip("0123456789")] if o not in taken]
        return self.rng.choice(options)

    def pick(self, section: str, day: datetime) -> str:
        return self.fill(self.rng.choice(self.bank[section]), day)

    def paragraphs(self, day: datetime, count: int, lead: bool = True) -> list[str]:
        """``count`` paragraphs of two or three sentences, no sentence used twice."""
        pool = self.rng.sample(self.bank["sentence"], k=len(self.bank["sentence"]))
        result = []
        for index in range(count):
            size = self.rng.randint(2, 3)
            sentences = [pool.pop() for _ in range(size)]
            if index == 0 and lead:
                sentences[0] = self.rng.choice(self.bank["lead"])
            result.append(" ".join(self.fill(s, day) for s in sentences))
        return result

    def headlines(self, count: int, day: datetime, avoid: Iterable[str] = ()) -> list[str]:
        """``count`` different headlines, each from a different template."""
        templates = self.rng.sample(self.bank["headline"], k=count)
        used = set(avoid)
        result = []
        for template in templates:
            tries = (self.fill(template, day) for _ in range(100))
            headline = next(h for h in tries if h not in used)
            used.add(headline)
            result.append(headline)
        return result


# --- small text rules -------------------------------------------------------------------------


def slugify(text: str, drop: frozenset[str] = frozenset(), limit: int = 100) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['&]", "", ascii_text.lower())
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w and w not in drop]
    return "-".join(words)[:limit].strip("-")


def cut_words(text: str, limit: int) -> str:
    """The longest run of whole words from the start of ``text`` that fits in ``limit``."""
    kept: list[str] = []
    for word in text.split(" "):
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept)


def make_teaser(paragraphs: list[str], limit: int, ellipsis: str = DRUPAL_ELLIPSIS) -> list[str]:
    """Listing teaser: whole paragraphs until ``limit`` characters, the last one cut short.

    Drupal's trimmed summaries end in a no-break space and "…" (as on the seed tag page).
    """
    shown: list[str] = []
    used = 0
    for paragraph in paragraphs:
        room = limit - used
        if len(paragraph) <= room:
            shown.append(paragraph)
            used += len(paragraph)
            continue
        if room < 60 and shown:
            shown[-1] += ellipsis
        else:
            shown.append(cut_words(paragraph, room) + ellipsis)
        return shown
    shown[-1] += ellipsis
    return shown


def wp_excerpt(paragraphs: list[str], words: int = 55) -> str:
    """WordPress's automatic excerpt: the first 55 words of the post text, then " […]"."""
    return " ".join(" ".join(paragraphs).split()[:words]) + " […]"


def drupal_date(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def wp_date(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def ap_date(moment: datetime) -> str:
    month = MONTHS[moment.month - 1]
    return f"{AP_MONTHS.get(month, month)} {moment.day}, {moment.year}"


def earlier(moment: datetime, rng: random.Random, low: int, high: int) -> datetime:
    """A moment ``low``..``high`` minutes before ``moment``, on a five-minute mark."""
    return moment - timedelta(minutes=5 * rng.randint(low // 5, high // 5))


# --- the sites ------------------------------------------------------------------------------

DRUPAL_AUTHORS = (
    "Nigar Abbasova",
    "Daniel Hughes",
    "Leyla Mammadova",
    "Rustam Aliyev",
    "Sarah Klein",
    "Farid Huseynov",
)
WP_AUTHORS = ("Tom Whitfield", "Hana Kaddour", "Marc Delacroix")
TAG_POOL = (
    "Syria",
    "Turkey",
    "Russia",
    "Erdogan",
    "Kremlin",
    "Humanitarian crisis",
    "Refugees",
    "NATO",
    "M5 highway",
    "Sochi agreement",
)


def paginate(paths: list[str], per_page: int, page_path: Callable[[int], str]) -> list:
    """Split article paths into listing pages; ``page_path(n)`` is the path of page n (1-based)."""
    chunks = [paths[i : i + per_page] for i in range(0, len(paths), per_page)]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        next_path = page_path(number + 1) if number < len(chunks) else None
        pages.append(ListingPageTruth(page_path(number), number, chunk, next_path))
    return pages


def pick_authors(rng: random.Random, names: tuple[str, ...]) -> list[str]:
    return rng.sample(names, k=2 if rng.random() < 0.2 else 1)


def pick_tags(rng: random.Random, first: str = "Idlib") -> list[str]:
    return [first, *rng.sample(TAG_POOL, k=rng.randint(2, 4))]


def pick_comments(writer: Writer, published: datetime) -> list[Comment]:
    rng = writer.rng
    authors = rng.sample(writer.bank["commenter"], k=2)
    texts = rng.sample(writer.bank["comment"], k=2)
    first = published + timedelta(minutes=rng.randint(20, 300))
    second = first + timedelta(minutes=rng.randint(5, 200))
    return [Comment(authors[0], first, texts[0]), Comment(authors[1], second, texts[1])]


def with_heading(
    writer: Writer, paragraphs: list[str], position: int = 3
) -> tuple[list[str], frozenset[int]]:
    """Insert a subheading at ``position`` (at least two paragraphs on) in one article in three."""
    if len(paragraphs) < position + 2 or writer.rng.random() > 0.35:
        return paragraphs, frozenset()
    heading = writer.rng.choice(writer.bank["subheading"])
    return [*paragraphs[:position], heading, *paragraphs[position:]], frozenset({position})


def drupal_article(
    writer: Writer,
    headline: str,
    published: datetime,
    paragraphs: list[str],
    shown: list[str],
    path: str,
    node_id: int,
) -> ArticleTruth:
    """A Drupal-layout article whose teaser is the paragraphs ``shown``."""
    rng = writer.rng
    # A subheading never lands inside the text the teaser was cut from.
    body, headings = with_heading(writer, paragraphs, max(3, len(shown)))
    return ArticleTruth(
        site="drupal",
        kind="article",
        path=path,
        headline=headline,
        teaser=" ".join(shown),
        teaser_paragraphs=shown,
        canonical_path=path,
        published=published,
        modified=published + timedelta(minutes=rng.randint(20, 300)),
        date_text=drupal_date(published),
        listing_date_text=f"{published:%d.%m.%Y %H:%M}",
        body_paragraphs=body,
        heading_indexes=headings,
        authors=pick_authors(rng, DRUPAL_AUTHORS),
        tags=pick_tags(rng),
        caption=writer.pick("caption", published),
        figure_after=1 if rng.random() < 0.34 else None,
        comments=pick_comments(writer, published),
        node_id=node_id,
    )


def wp_article(
    writer: Writer, headline: str, moment: datetime, paragraphs: list[str], path: str, post_id: int
) -> ArticleTruth:
    """A WordPress-layout article (excerpt teaser, one author, no comments)."""
    rng = writer.rng
    body, headings = with_heading(writer, paragraphs)
    return ArticleTruth(
        site="wp",
        kind="article",
        path=path,
        headline=headline,
        teaser=wp_excerpt(body),
        canonical_path=path,
        published=moment,
        modified=moment + timedelta(hours=rng.randint(1, 30), minutes=rng.randint(0, 59)),
        date_text=wp_date(moment),
        listing_date_text=wp_date(moment),
        body_paragraphs=body,
        heading_indexes=headings,
        authors=pick_authors(rng, WP_AUTHORS)[:1],
        tags=pick_tags(rng),
        caption=writer.pick("caption", moment) if rng.random() < 0.5 else None,
        comments=[],
        node_id=post_id,
    )


def build_drupal(writer: Writer, seeds: dict[str, list[SeedArticle]]) -> Site:
    rng = writer.rng
    prefix = "/drupal"
    drafts: list[tuple[str, datetime, list[str], list[str] | None]] = []
    for seed in seeds["tagged"]:
        extra = writer.paragraphs(seed.published, rng.randint(2, 6), lead=False)
        opening = seed.opening_paragraphs()
        drafts.append((seed.headline, seed.published, opening + extra, seed.teaser))
    moment = drafts[-1][1]
    used = [d[0] for d in drafts]
    for headline in writer.headlines(17, moment, avoid=used):
        moment = earlier(moment, rng, 150, 720)
        drafts.append((headline, moment, writer.paragraphs(moment, rng.randint(4, 10)), None))

    articles = []
    node_id = 5231
    for headline, local, paragraphs, teaser in drafts:
        published = local.replace(tzinfo=MSK)
        shown = teaser or make_teaser(paragraphs, rng.randint(420, 640))
        path = f"{prefix}/news/{published:%Y/%m}/{slugify(headline, PATHAUTO_IGNORED)}"
        article = drupal_article(writer, headline, published, paragraphs, shown, path, node_id)
        articles.append(article)
        node_id -= rng.randint(3, 19)
    others = [
        other_article(
            "drupal", seed, writer, f"{prefix}/news/{seed.published:%Y/%m}", MSK, 5240 + i
        )
        for i, seed in enumerate(seeds["other"])
    ]
    tag_path = f"{prefix}/tags/idlib"
    pages = paginate(
        [a.path for a in articles], 10, lambda n: tag_path if n == 1 else f"{tag_path}?page={n - 1}"
    )
    most_read = [articles[3].path, others[0].path, articles[12].path, others[1].path]
    most_read.append(others[2].path)
    # Made last, so the rest of the site is the same with it or without it.
    unlisted = unlisted_article(writer, articles, UNLISTED_AFTER)
    articles.insert(UNLISTED_AFTER + 1, unlisted)
    return Site(
        key="drupal",
        name="Meridian News Agency",
        prefix=prefix,
        tag_name="Idlib",
        tag_path=tag_path,
        listing_pages=pages,
        articles=articles,
        other_articles=others,
        most_read_paths=most_read,
        feed_path=f"{tag_path}/feed",
    )


# The Drupal listing's entry after which the article its listing leaves out was published.
UNLISTED_AFTER = 4


def unlisted_article(writer: Writer, listed: list[ArticleTruth], after: int) -> ArticleTruth:
    """An article of the tag published between ``listed[after]`` and the next one that the
    listing pages leave out, as a view's filter or a stale page cache does on real sites; the
    tag's feed lists it."""
    rng = writer.rng
    newer, older = listed[after], listed[after + 1]
    assert newer.published is not None and older.published is not None
    half_gap = (newer.published - older.published).total_seconds() / 2
    published = older.published + timedelta(minutes=int(half_gap // 300) * 5)
    headline = writer.headlines(1, published, avoid=[a.headline for a in listed])[0]
    paragraphs = writer.paragraphs(published, rng.randint(4, 10))
    shown = make_teaser(paragraphs, rng.randint(420, 640))
    path = f"/drupal/news/{published:%Y/%m}/{slugify(headline, PATHAUTO_IGNORED)}"
    node_id = (newer.node_id + older.node_id) // 2
    return drupal_article(writer, headline, published, paragraphs, shown, path, node_id)


def other_article(
    site: str, seed: SeedArticle, writer: Writer, directory: str, tz: timezone, node_id: int
) -> ArticleTruth:
    """An off-tag article: reachable from sidebars, never on the tag listing."""
    published = seed.published.replace(tzinfo=tz)
    path = f"{directory}/{slugify(seed.headline, PATHAUTO_IGNORED)}"
    if site == "wp":
        path = f"{directory}/{slugify(seed.headline)}/"
    return ArticleTruth(
        site=site,
        kind="article",
        path=path,
        headline=seed.headline,
        teaser=wp_excerpt(seed.body) if site == "wp" else " ".join(make_teaser(seed.body, 300)),
        canonical_path=path,
        published=published,
        modified=published + timedelta(hours=2),
        date_text=wp_date(published) if site == "wp" else drupal_date(published),
        body_paragraphs=seed.body,
        authors=pick_authors(writer.rng, WP_AUTHORS if site == "wp" else DRUPAL_AUTHORS),
        tags=["Caucasus", "Economy"],
        caption=None,
        comments=pick_comments(writer, published),
        node_id=node_id,
    )


def build_wp(writer: Writer, seeds: dict[str, list[SeedArticle]]) -> Site:
    rng = writer.rng
    prefix = "/wp"
    moment = datetime(2020, 2, 21, 18, 20, tzinfo=UTC)
    articles = []
    post_id = 2417
    for headline in writer.headlines(25, moment):
        paragraphs = writer.paragraphs(moment, rng.randint(4, 9))
        path = f"{prefix}/{moment:%Y/%m/%d}/{slugify(headline)}/"
        articles.append(wp_article(writer, headline, moment, paragraphs, path, post_id))
        post_id -= rng.randint(2, 11)
        moment = earlier(moment, rng, 240, 840)
    others = [
        other_article("wp", seed, writer, f"{prefix}/{seed.published:%Y/%m/%d}", UTC, 2430 + i)
        for i, seed in enumerate(seeds["other"])
    ]
    tag_path = f"{prefix}/tag/idlib/"
    pages = paginate(
        [a.path for a in articles], 10, lambda n: tag_path if n == 1 else f"{tag_path}page/{n}/"
    )
    return Site(
        key="wp",
        name="Frontline Notes",
        prefix=prefix,
        tag_name="Idlib",
        tag_path=tag_path,
        listing_pages=pages,
        articles=articles,
        other_articles=others,
        most_read_paths=[articles[6].path, others[1].path, articles[2].path, others[0].path],
    )


def table_article(
    writer: Writer, headline: str, day: datetime, body: list[str], article_id: int
) -> ArticleTruth:
    """A table-layout article: a day without a time, no language, the first paragraph cut."""
    return ArticleTruth(
        site="table",
        kind="article",
        path=f"/table/article.php?id={article_id}",
        headline=headline,
        teaser=make_teaser(body[:1], writer.rng.randint(150, 230), " ...")[0],
        published=day,
        date_text=ap_date(day),
        date_only=True,
        listing_date_text=f"{day:%d/%m/%Y}",
        body_paragraphs=body,
        language=None,
        node_id=article_id,
    )


def build_table(writer: Writer) -> Site:
    rng = writer.rng
    prefix = "/table"
    day = datetime(2020, 2, 21)
    article_id = 3178
    articles = []
    for headline in writer.headlines(26, day):
        body = writer.paragraphs(day, rng.randint(4, 8))
        articles.append(table_article(writer, headline, day, body, article_id))
        article_id -= rng.randint(1, 6)
        day -= timedelta(days=rng.choice((0, 1, 1)))
    tag_path = f"{prefix}/tag.php?tag=idlib"
    chunks = [articles[:9], articles[9:18], articles[18:]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        path = tag_path if number == 1 else f"{tag_path}&page={number}"
        next_path = f"{tag_path}&page={number + 1}" if number < len(chunks) else None
        pages.append(ListingPageTruth(path, number, [a.path for a in chunk], next_path))
    return Site(
        key="table",
        name="Levant Wire",
        prefix=prefix,
        tag_name="idlib",
        tag_path=tag_path,
        listing_pages=pages,
        articles=articles,
    )


CYRILLIC_HEADLINE = "Эрдоган пригрозил начать военную операцию в Идлибе"
CYRILLIC_BODY = [
    "Президент Турции Реджеп Тайип Эрдоган заявил, что операция в сирийской провинции Идлиб может"
    " начаться в ближайшие дни, если сирийские войска не отойдут на прежние позиции.",
    "Пресс-секретарь президента России Дмитрий Песков назвал такой сценарий «наихудшим» и"
    " подчеркнул, что Москва продолжает контакты с Анкарой.",
    "По данным Сирийской обсерватории по правам человека, с начала декабря из южных районов"
    " Идлиба бежали более 900 тысяч человек.",
    "Переговоры российской и турецкой делегаций в Москве завершились без договорённостей, однако"
    " стороны условились продолжить консультации.",
    "Эксперты опасаются, что дальнейшая эскалация поставит под угрозу астанинский формат"
    " урегулирования — единственную площадку, где Россия, Турция и Иран обсуждают Сирию.",
]
CYRILLIC_MONTHS = ("января", "февраля", "марта")

UNDATED_BODY = [
    "Control of the highway that runs from Aleppo to Damascus has become the main goal of the"
    " Syrian army’s offensive in the northwest of the country.",
    "The road passes through a string of towns that have changed hands several times during the"
    " war, and whoever holds it controls the trade between the north and the south.",
    "For Turkey, the loss of the road would leave its observation posts isolated and its allies"
    " in the opposition cut off from their supply lines.",
    "For Russia, reopening the highway would be proof that its military campaign is bringing"
    " results and that the Syrian state is regaining control of its territory.",
    "Diplomats say that any lasting agreement will have to include arrangements for joint"
    " patrols along the road.",
]

BROKEN_EXTRA = "Reporting by our correspondents in Gaziantep & Antakya; editing by the news desk."


def edge_article(
    writer: Writer, path: str, headline: str, published: datetime | None, **overrides
) -> ArticleTruth:
    """A full edge-site article; ``overrides`` replaces any generated field."""
    rng = writer.rng
    body = overrides.pop("body_paragraphs", None)
    if body is None:
        body = writer.paragraphs(published or datetime(2020, 2, 20), rng.randint(4, 7))
    teaser = make_teaser(body, rng.randint(300, 420))
    fields_ = {
        "site": "edge",
        "kind": "article",
        "path": path,
        "headline": headline,
        "teaser": " ".join(teaser),
        "teaser_paragraphs": teaser,
        "canonical_path": path,
        "published": published,
        "date_text": drupal_date(published) if published else None,
        "listing_date_text": f"{published:%d.%m.%Y %H:%M}" if published else None,
        "body_paragraphs": body,
        "authors": [rng.choice(DRUPAL_AUTHORS)],
        "tags": ["Idlib", "Syria"],
    }
    fields_.update(overrides)
    return ArticleTruth(**fields_)


def edge_stub(kind: str, path: str, headline: str, teaser: str, listed: datetime, **extra):
    """A listing entry that leads to no article page."""
    return ArticleTruth(
        site="edge",
        kind=kind,
        path=path,
        headline=headline,
        teaser=teaser,
        listing_date_text=f"{listed:%d.%m.%Y %H:%M}",
        language=None,
        encoding=None,
        **extra,
    )


def build_edge(writer: Writer) -> Site:
    def at(day: int, hour: int, minute: int) -> datetime:
        return datetime(2020, 2, day, hour, minute, tzinfo=MSK)

    cyrillic_published = at(20, 12, 30)
    entries = [
        edge_article(
            writer,
            EDGE_GOOD_PATH,
            "Ceasefire monitors report a calm night in southern Idlib",
            at(21, 10, 0),
        ),
        edge_stub(
            "http-404",
            EDGE_404_PATH,
            "Casualty figures from Ariha withdrawn",
            "This report has been withdrawn pending verification of the casualty figures\xa0…",
            at(21, 9, 30),
        ),
        edge_stub(
            "http-500",
            EDGE_500_PATH,
            "Live updates: fighting around Saraqib",
            "Follow the latest developments from the front line around Saraqib\xa0…",
            at(21, 8, 45),
        ),
        edge_stub(
            "non-html",
            EDGE_PDF_PATH,
            "Idlib humanitarian situation report, February 2020 (PDF)",
            "The full situation report on displacement and shelter needs in northwest Syria\xa0…",
            at(20, 22, 10),
        ),
        edge_article(
            writer,
            EDGE_BROKEN_PATH,
            "Shelling resumes near Atarib despite talks",
            at(20, 18, 0),
        ),
        edge_article(
            writer,
            EDGE_CYRILLIC_PATH,
            CYRILLIC_HEADLINE,
            cyrillic_published,
            body_paragraphs=CYRILLIC_BODY,
            date_text=f"20 {CYRILLIC_MONTHS[1]} 2020, 12:30",
            authors=["Анна Соколова"],
            tags=["Идлиб", "Сирия", "Турция"],
            language="ru",
            encoding="windows-1251",
        ),
        edge_article(
            writer,
            EDGE_UNDATED_PATH,
            "Analysis: Why the highway matters more than any single town",
            None,
            body_paragraphs=UNDATED_BODY,
            authors=["Daniel Hughes"],
        ),
        edge_stub(
            "offsite",
            EDGE_OFFSITE_PATH,
            "Partner site: Turkish convoy seen near Taftanaz",
            "Our partners report a long column of Turkish armoured vehicles\xa0…",
            at(20, 9, 15),
            host=OFFSITE_HOST,
        ),
        edge_article(
            writer,
            EDGE_REDIRECT_PATH,
            "Russian military police expand patrols on the M5",
            at(19, 20, 40),
            kind="redirect",
            final_path=EDGE_MOVED_PATH,
            canonical_path=EDGE_MOVED_PATH,
        ),
        edge_article(
            writer, EDGE_COOKIE_PATH, "Aid convoy reaches camps near Atmeh", at(19, 16, 5)
        ),
        edge_article(
            writer, EDGE_QUERY_PATH, "Turkish parliament debates Idlib mandate", at(19, 11, 20)
        ),
        edge_article(
            writer,
            EDGE_PRIVATE_PATH,
            "Internal: embargoed briefing on Idlib talks",
            at(19, 9, 0),
            kind="robots-disallowed",
        ),
    ]
    for index, entry in enumerate(entries):
        entry.node_id = 1290 - index
    broken = entries[4]
    broken.body_paragraphs = [*broken.body_paragraphs, BROKEN_EXTRA]
    tag_path = "/edge/tags/mixed"
    pages = paginate(
        [a.path for a in entries], 10, lambda n: tag_path if n == 1 else f"{tag_path}?page={n - 1}"
    )
    return Site(
        key="edge",
        name="Edge Case Gazette",
        prefix="/edge",
        tag_name="mixed",
        tag_path=tag_path,
        listing_pages=pages,
        articles=entries,
        most_read_paths=[EDGE_GOOD_PATH, EDGE_UNDATED_PATH],
        feed_path=f"{tag_path}/feed",
    )


def fresh_articles(site: Site, count: int) -> list[ArticleTruth]:
    """``count`` new articles for ``site`` (Drupal-style paths), newest first, to publish.

    Each is a copy of the site's newest article with its own headline, path, node id, body and
    dates a few hours later, so it renders like the others and has its own ground truth.
    """
    newest = site.articles[0]
    assert newest.published is not None and site.key in ("drupal", "edge")
    rng = random.Random(f"{site.key}-{len(site.articles)}")
    made = []
    for number in range(count, 0, -1):
        published = newest.published + timedelta(hours=number)
        headline = f"Update {len(site.articles) + number}: {newest.headline}"
        path = f"{site.prefix}/news/{published:%Y/%m}/{slugify(headline, PATHAUTO_IGNORED)}"
        body = [f"{rng.choice(newest.body_paragraphs)} (update {number})", *newest.body_paragraphs]
        made.append(
            replace(
                newest,
                path=path,
                final_path=path,
                canonical_path=path,
                headline=headline,
                published=published,
                modified=published + timedelta(minutes=30),
                date_text=drupal_date(published),
                listing_date_text=f"{published:%d.%m.%Y %H:%M}",
                body_paragraphs=body,
                teaser=body[0] + DRUPAL_ELLIPSIS,
                teaser_paragraphs=[body[0] + DRUPAL_ELLIPSIS],
                heading_indexes=frozenset(),
                node_id=newest.node_id + 100 + number,
            )
        )
    return made


def build_world(seed: int = 2020) -> World:
    """The whole demo world; the same seed always gives the same world."""
    bank = read_sections(_data_text("phrases.txt"))
    seeds = read_seed_articles()
    streams = random.Random(seed)
    writers = {key: Writer(bank, random.Random(streams.getrandbits(64))) for key in SITE_BUILDERS}
    sites = {key: SITE_BUILDERS[key](writers[key], seeds) for key in SITE_BUILDERS}
    return World(seed=seed, sites=sites)


SITE_BUILDERS: dict[str, Callable[[Writer, dict[str, list[SeedArticle]]], Site]] = {
    "drupal": build_drupal,
    "wp": build_wp,
    "table": lambda writer, _seeds: build_table(writer),
    "edge": lambda writer, _seeds: build_edge(writer),
}
