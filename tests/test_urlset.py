"""crawler.urlset: seen sets kept as keys in a temporary SQLite database."""

import pytest

from crawler.urlset import DiskKeySet, UrlSet, url_key


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


def test_an_empty_set_answers_without_a_database():
    seen = UrlSet()
    assert "https://example.org/" not in seen
    assert len(seen) == 0
    assert seen._keys._db is None


@pytest.mark.parametrize(
    "keys",
    [
        [-(2**63), 2**63 - 1, 0, -1, 1],
        [b"\x00" * 20, b"\xff" * 20, bytes(range(20)), b"a"],
    ],
    ids=["int", "bytes"],
)
def test_disk_set_keeps_extreme_keys_apart(keys):
    seen = DiskKeySet(keys[:-1])
    assert all(key in seen for key in keys[:-1])
    assert keys[-1] not in seen
    assert len(seen) == len(keys) - 1


def test_disk_set_counts_a_key_added_twice_once():
    seen = DiskKeySet()
    for _ in range(3):
        seen.update([b"one", b"two"])
    seen.add(b"one")
    assert len(seen) == 2


def test_disk_set_is_not_confused_by_other_types():
    seen = DiskKeySet([5, b"5"])
    assert "5" not in seen
    assert None not in seen
    assert 5.0 not in seen
    assert 5 in seen and b"5" in seen


def test_more_keys_than_its_cache_holds_are_all_kept():
    seen = DiskKeySet(cache_kib=64)
    keys = [url_key(f"https://example.org/{i}") - 2**63 for i in range(20_000)]
    seen.update(keys)
    pages = seen._db.execute("PRAGMA page_count").fetchone()[0]
    page_size = seen._db.execute("PRAGMA page_size").fetchone()[0]
    assert pages * page_size > 64 * 1024  # the table is larger than the cache
    assert all(key in seen for key in keys[::7])
    assert len(seen) == 20_000


def test_close_empties_the_set_and_it_can_be_used_again():
    seen = UrlSet(["https://example.org/a"])
    seen.close()
    assert "https://example.org/a" not in seen
    assert len(seen) == 0
    seen.add("https://example.org/b")
    assert "https://example.org/b" in seen
    assert len(seen) == 1
