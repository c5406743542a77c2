"""A tag's feed: finding it on the listing page, reading its entries, refusing hostile ones."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.extract.feed import (
    FeedEntry,
    FeedError,
    feed_date,
    find_tag_feed,
    is_listing_feed,
    parse_feed,
    url_variants,
)
from crawler.spiders.feeds import compare_with_walk

SITE = "https://news.example"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Idlib - News Example</title>
  <link>https://news.example/tag/idlib/</link>
  <atom:link href="https://news.example/tag/idlib/feed/" rel="self" type="application/rss+xml"/>
  <item>
    <title>Talks  resume
      in Geneva</title>
    <link>https://news.example/2021/04/12/talks-resume/?utm_source=rss</link>
    <pubDate>Mon, 12 Apr 2021 19:02:00 +0300</pubDate>
    <guid isPermaLink="false">https://news.example/?p=12</guid>
  </item>
  <item>
    <title>Relative link</title>
    <link>/2021/04/10/relative/</link>
    <pubDate>not a date</pubDate>
  </item>
  <item>
    <title>Only a permalink guid</title>
    <guid>https://news.example/2021/04/09/guid-only/</guid>
  </item>
  <item><title>No link at all</title><guid isPermaLink="false">tag:x,1</guid></item>
  <item>
    <title>The first entry again</title>
    <link>https://news.example/2021/04/12/talks-resume/</link>
  </item>
</channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/blog/">
  <title>Idlib</title>
  <link rel="self" href="https://news.example/tags/idlib/index.xml"/>
  <entry>
    <title type="html">Aid convoy &amp; the border</title>
    <link rel="replies" href="posts/aid/#comments"/>
    <link href="posts/aid/"/>
    <updated>2021-04-13T08:00:00Z</updated>
    <published>2021-04-12T10:30:00+02:00</published>
  </entry>
  <entry xml:base="/elsewhere/">
    <title>Own base</title>
    <link rel="alternate" type="text/html" href="second.html"/>
    <updated>2021-04-11</updated>
  </entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>x</title></channel>
  <item rdf:about="https://news.example/a/1">
    <title>RSS one</title><link>https://news.example/a/1</link>
    <dc:date>2021-04-12T19:02:00+00:00</dc:date>
  </item>
</rdf:RDF>"""


def test_rss_entries_in_feed_order_with_links_resolved_and_normalised():
    entries = parse_feed(RSS, f"{SITE}/tag/idlib/feed/")
    assert entries == [
        FeedEntry(
            f"{SITE}/2021/04/12/talks-resume/",
            "Talks resume in Geneva",
            "2021-04-12T19:02:00+03:00",
        ),
        FeedEntry(f"{SITE}/2021/04/10/relative/", "Relative link", None),
        FeedEntry(f"{SITE}/2021/04/09/guid-only/", "Only a permalink guid", None),
    ]


def test_atom_entries_take_the_alternate_link_the_published_date_and_xml_base():
    entries = parse_feed(ATOM, f"{SITE}/tags/idlib/index.xml")
    assert entries == [
        FeedEntry(
            f"{SITE}/blog/posts/aid/", "Aid convoy & the border", "2021-04-12T10:30:00+02:00"
        ),
        FeedEntry(f"{SITE}/elsewhere/second.html", "Own base", "2021-04-11T00:00:00"),
    ]


def test_rss_1_0_rdf_entries():
    entries = parse_feed(RDF, f"{SITE}/feed.rdf")
    assert entries == [FeedEntry(f"{SITE}/a/1", "RSS one", "2021-04-12T19:02:00+00:00")]


def test_a_feed_without_entries_is_read_as_empty():
    assert parse_feed(b"<rss version='2.0'><channel><title>x</title></channel></rss>", SITE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 12 Apr 2021 19:02:00 GMT", "2021-04-12T19:02:00+00:00"),
        ("12 Apr 2021 19:02 -0500", "2021-04-12T19:02:00-05:00"),
        ("2021-04-12T19:02:00.5Z", "2021-04-12T19:02:00.500000+00:00"),
        ("yesterday", None),
        ("", None),
    ],
)
def test_feed_dates(text, expected):
    assert feed_date(text) == expected


# --------------------------------------------------------------------------- hostile feeds

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><title>&lol9;</title><link>https://news.example/a/1</link>
</item></channel></rss>"""


def xxe_feed(target: Path, parameter: bool = False) -> bytes:
    if parameter:
        doctype = f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{target}"> %p;]>'
        title = "x"
    else:
        doctype = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{target}">]>'
        title = "&xxe;"
    return (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><item>'
        f"<title>{title}</title><link>https://news.example/a/1</link></item></channel></rss>"
    ).encode()


def reason(data: bytes, url: str = f"{SITE}/feed/", **kwargs) -> str:
    with pytest.raises(FeedError) as refused:
        parse_feed(data, url, **kwargs)
    return refused.value.reason


def test_billion_laughs_is_refused_without_expanding_anything():
    started = time.perf_counter()
    assert reason(BILLION_LAUGHS) == "entities"
    assert time.perf_counter() - started < 1.0  # 10^9 "lol"s were never built


def test_entity_declarations_are_found_in_a_utf_16_feed_too():
    utf16 = BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
    assert reason(utf16.decode().encode("utf-16")) == "entities"


@pytest.mark.parametrize("parameter", [False, True], ids=["general", "parameter"])
def test_external_entities_are_refused_and_never_read(tmp_path, parameter):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    with pytest.raises(FeedError) as refused:
        parse_feed(xxe_feed(secret, parameter), f"{SITE}/feed/")
    assert refused.value.reason == "external_entity"
    assert "TOP-SECRET-VALUE" not in str(refused.value)


def test_a_50_mb_feed_is_refused_by_size_before_parsing():
    item = b"<item><title>x</title><link>https://news.example/a/1</link></item>"
    big = b"<rss><channel>" + item * (50 * 1024 * 1024 // len(item) + 1) + b"</channel></rss>"
    started = time.perf_counter()
    assert reason(big) == "too_large"
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><head><title>Not found</title></head><body><p>Oops<br></body>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"",
        b"   ",
        b'{"items": []}',
        b"<rss><channel><item><title>a&nbsp;b</title></item></channel></rss>",  # undefined entity
        b"<rss><channel><item>" * 300 + b"</item></channel></rss>",  # truncated, deep
    ],
    ids=["html", "binary", "empty", "blank", "json", "undefined-entity", "unclosed"],
)
def test_a_feed_that_is_not_xml_is_refused(data):
    assert reason(data) == "not_xml"


def test_xml_that_is_not_a_feed_is_refused():
    sitemap = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url/></urlset>'
    assert reason(sitemap) == "not_a_feed"


def test_an_external_dtd_is_not_fetched(tmp_path):
    dtd = tmp_path / "rss.dtd"
    dtd.write_text('<!ENTITY leak "TOP-SECRET-VALUE">')
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://{dtd}"><rss><channel><item>'
        "<title>ok</title><link>https://news.example/a/1</link></item></channel></rss>"
    ).encode()
    assert parse_feed(data, f"{SITE}/feed/") == [FeedEntry(f"{SITE}/a/1", "ok", None)]


# --------------------------------------------------------------------------- discovery


def listing_page(head: str, body: str = "") -> str:
    return f"<html><head><title>Idlib</title>{head}</head><body>{body}</body></html>"


WORDPRESS_HEAD = """
<link rel="alternate" type="application/rss+xml" title="Example &raquo; Feed"
      href="https://news.example/feed/" />
<link rel="alternate" type="application/rss+xml" title="Example &raquo; Comments Feed"
      href="https://news.example/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="Example &raquo; Idlib Tag Feed"
      href="https://news.example/tag/idlib/feed/" />
"""
SITE_FEEDS_HEAD = """
<link rel="alternate" type="application/rss+xml" href="https://news.example/feed/" />
<link rel="alternate" type="application/rss+xml" href="https://news.example/comments/feed/" />
<link rel="alternate" type="application/atom+xml" href="/index.xml" />
"""


@pytest.mark.parametrize(
    ("page_url", "head", "body", "expected"),
    [
        (f"{SITE}/tag/idlib/", WORDPRESS_HEAD, "", f"{SITE}/tag/idlib/feed/"),
        (f"{SITE}/tag/idlib/page/2/", WORDPRESS_HEAD, "", f"{SITE}/tag/idlib/feed/"),
        (
            f"{SITE}/tags/idlib/",
            '<link rel="alternate" type="application/rss+xml" href="/tags/idlib/index.xml">',
            "",
            f"{SITE}/tags/idlib/index.xml",
        ),
        (
            f"{SITE}/tags/idlib",
            '<link rel="alternate" type="application/rss+xml" title="RSS" href="idlib/feed">',
            "",
            f"{SITE}/tags/idlib/feed",
        ),
        (
            f"{SITE}/tag/idlib.html",
            '<link href="/feeds/all.atom.xml" type="application/atom+xml" rel="alternate">'
            '<link href="/feeds/idlib.tag.atom.xml" type="application/atom+xml" rel="alternate">',
            "",
            f"{SITE}/feeds/idlib.tag.atom.xml",
        ),
        (
            f"{SITE}/?tag=idlib",
            '<link rel="alternate" type="application/rss+xml" href="/?feed=rss2">'
            '<link rel="alternate" type="application/rss+xml" href="/?feed=rss2&amp;tag=idlib">',
            "",
            f"{SITE}/?feed=rss2&tag=idlib",
        ),
        (f"{SITE}/tag/idlib/", "", '<a href="/tag/idlib/feed/">RSS</a>', f"{SITE}/tag/idlib/feed/"),
    ],
    ids=["wordpress", "wordpress-page-2", "hugo", "drupal", "pelican", "query", "a-link"],
)
def test_the_listings_own_feed_is_found(page_url, head, body, expected):
    assert find_tag_feed(listing_page(head, body), page_url) == expected


@pytest.mark.parametrize(
    ("page_url", "head", "body"),
    [
        (f"{SITE}/tag/idlib/", SITE_FEEDS_HEAD, ""),
        (
            f"{SITE}/tag/idlib/",
            '<link rel="alternate" type="application/rss+xml" '
            'href="https://feeds.feedburner.com/example/tag/idlib/feed/">',
            "",
        ),
        (
            f"{SITE}/tag/idlib/",
            '<link rel="alternate" type="application/rss+xml" href="/tag/idlib/comments/feed/">',
            "",
        ),
        (f"{SITE}/table/tag.php?tag=idlib", "", '<a href="rss.php">RSS</a>'),
        (f"{SITE}/tag/idlib/", '<link rel="stylesheet" href="/tag/idlib/style.css">', ""),
        (f"{SITE}/tag/idlib/", "", ""),
    ],
    ids=["site-feed-only", "off-site", "comments", "site-rss-link", "not-a-feed", "none"],
)
def test_no_feed_of_another_listing_is_taken(page_url, head, body):
    assert find_tag_feed(listing_page(head, body), page_url) is None


def test_discovery_survives_unreadable_pages():
    assert find_tag_feed("", SITE) is None
    assert find_tag_feed(b"\x00\xff\xfe", SITE) is None


def test_a_feed_under_the_listings_path_belongs_to_it():
    assert is_listing_feed(f"{SITE}/tag/idlib.xml", f"{SITE}/tag/idlib.html")
    assert not is_listing_feed(f"{SITE}/tag/idlibx/feed/", f"{SITE}/tag/idlib/")


# --------------------------------------------------------------------------- comparing


def test_url_variants_cover_scheme_www_and_trailing_slash():
    variants = url_variants("https://www.news.example/a/1/?x=1")
    assert "http://news.example/a/1?x=1" in variants
    assert "https://www.news.example/a/1/?x=1" in variants
    assert len(variants) == 8


def entries(*paths: str) -> list[FeedEntry]:
    return [FeedEntry(f"{SITE}{path}", path, None) for path in paths]


def test_feed_only_entries_are_the_ones_the_walk_lacks():
    listed = {f"{SITE}/a/1", "http://news.example/a/2/"}  # a variant of /a/2 counts as found
    feed = entries("/a/1", "/a/2", "/a/3") + [FeedEntry("https://elsewhere.example/x", "x", None)]
    comparison = compare_with_walk(feed, listed, f"{SITE}/tag/x/", walk_cut=False)
    assert [(e.url, e.rank, e.headline) for e in comparison.feed_only] == [
        (f"{SITE}/a/3", 3, "/a/3")
    ]
    assert comparison.on_site == 3 and comparison.beyond_walk == []
    assert not comparison.lists_more


def test_a_walk_cut_at_max_pages_leaves_the_older_feed_entries_out():
    listed = {f"{SITE}/a/1", f"{SITE}/a/3"}
    comparison = compare_with_walk(
        entries("/a/1", "/a/2", "/a/3", "/a/4", "/a/5"), listed, SITE, walk_cut=True
    )
    assert [e.url for e in comparison.feed_only] == [f"{SITE}/a/2"]
    assert [e.url for e in comparison.beyond_walk] == [f"{SITE}/a/4", f"{SITE}/a/5"]
    # Found none of them: where the walk stopped in the feed is unknown, all are missed.
    comparison = compare_with_walk(entries("/a/1", "/a/2"), set(), SITE, walk_cut=True)
    assert len(comparison.feed_only) == 2 and comparison.beyond_walk == []


@pytest.mark.parametrize(
    ("feed_size", "missing", "uncertain"),
    [(10, 2, False), (10, 3, True), (20, 4, False), (20, 5, True), (2, 2, False)],
)
def test_a_feed_listing_many_more_entries_marks_the_listing_uncertain(
    feed_size, missing, uncertain
):
    paths = [f"/a/{n}" for n in range(feed_size)]
    listed = {f"{SITE}{path}" for path in paths[missing:]}
    comparison = compare_with_walk(entries(*paths), listed, SITE, walk_cut=False)
    assert comparison.lists_more is uncertain


@pytest.mark.parametrize(
    "text", ["Mon, 01 Jan 0001 00:00:00 +0000", "0001-01-01T00:00:00Z", "0001-01-01"]
)
def test_the_zero_time_of_go_is_no_date(text):
    """Hugo writes Go's zero time for a page without a date; RFC 2822's two-digit-year rule
    must not read its year 0001 as 2001."""
    assert feed_date(text) is None


HUGO_HOME_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Zametki</title><link>https://zametki.example/ru/</link>
  <item><title>Second post</title><link>https://zametki.example/ru/posts/second/</link>
    <pubDate>Tue, 14 Mar 2023 10:00:00 +0300</pubDate></item>
  <item><title>About the site</title><link>https://zametki.example/ru/about/</link>
    <pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>
  <item><title>First post</title><link>https://zametki.example/ru/posts/first/</link>
    <pubDate>Sun, 05 Feb 2023 09:00:00 +0300</pubDate></item>
</channel></rss>"""


def test_a_home_feed_entry_dated_with_the_zero_time_is_a_page_not_a_post():
    """A Hugo home feed lists every page; an undated one (the About page) carries Go's zero
    time as its date: it is no post the walk could have missed."""
    entries = parse_feed(HUGO_HOME_RSS, "https://zametki.example/ru/index.xml")
    assert [entry.url for entry in entries] == [
        "https://zametki.example/ru/posts/second/",
        "https://zametki.example/ru/posts/first/",
    ]
