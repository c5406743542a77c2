"""crawler.urlset.UrlSet: membership of URLs kept as 64-bit hashes."""

from crawler.urlset import UrlSet, url_key


def test_membership_follows_what_was_added():
    urls = [f"https://example.org/news/{i}" for i in range(1000)]
    seen = UrlSet(urls[:500])
    seen.update(urls[500:900])
    seen.add("https://example.org/ünïcode?q=\udcff")
    assert all(url in seen for url in urls[:900])
    assert not any(url in seen for url in urls[900:])
    assert "https://example.org/ünïcode?q=\udcff" in seen
    assert len(seen) == 901
    assert None not in seen


def test_keys_are_64_bit_and_distinct_for_near_identical_urls():
    keys = {url_key(f"https://example.org/a?page={i}") for i in range(10_000)}
    assert len(keys) == 10_000
    assert all(0 <= key < 2**64 for key in keys)
