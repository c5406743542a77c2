"""Item validation against the JSON Schema and de-duplication, with counted drop reasons."""

from dataclasses import replace

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.pipelines import (
    DeduplicatePipeline,
    ValidateItemPipeline,
    compile_item_check,
    load_item_schema,
)


def good_item(**changes) -> ArticleItem:
    item = ArticleItem(
        url="http://127.0.0.1:8000/news/a",
        canonical_url="http://127.0.0.1:8000/news/a",
        headline="Kremlin prepares for talks",
        date="2020-02-21T14:05:00+03:00",
        date_raw="21 February 2020, 14:05",
        date_source="text",
        body="First paragraph.\n\nSecond paragraph.",
        authors=["Anna Petrova"],
        tags=["Idlib"],
        language="en",
        fetched_at="2026-11-26T18:00:00Z",
        listing_url="http://127.0.0.1:8000/tags/idlib",
        listing_page=1,
        listing_rank=3,
        teaser="Teaser …",
        teaser_headline="Kremlin prepares for talks",
        teaser_date="2020-02-21T14:05:00",
        warc_file="warc/crawler-20261126180000000-00000-host.warc.gz",
        warc_record_id="<urn:uuid:12345678-1234-1234-1234-123456789abc>",
        warc_offset=0,
        warc_length=1234,
        payload_digest="sha1:" + "A" * 32,
    )
    return replace(item, **changes)


@pytest.fixture
def crawler():
    return get_crawler()


def test_valid_item_passes(crawler):
    pipeline = ValidateItemPipeline.from_crawler(crawler)
    item = good_item()
    assert pipeline.process_item(item) is item


def test_item_without_date_is_valid(crawler):
    pipeline = ValidateItemPipeline.from_crawler(crawler)
    item = good_item(date=None, date_raw=None, date_source=None)
    assert pipeline.process_item(item) is item


INVALID = [
    {"headline": None},
    {"headline": "   "},
    {"body": ""},
    {"date": "21/02/2020"},
    {"url": "ftp://x/y"},
    {"listing_rank": 0},
    {"listing_rank": True},
    {"listing_page": 1.5},
    {"language": "English"},
    {"date_source": "guess"},
    {"authors": ["ok", ""]},
    {"warc_record_id": "<urn:uuid:short>"},
    {"payload_digest": "sha1:lowercase"},
]


@pytest.mark.parametrize("changes", INVALID)
def test_compiled_check_rejects_what_jsonschema_rejects(changes):
    """The fast check never lets through an item jsonschema would drop."""
    pipeline = ValidateItemPipeline.from_crawler(get_crawler())
    data = ItemAdapter(good_item(**changes)).asdict()
    assert list(pipeline.validator.iter_errors(data))
    assert not compile_item_check(load_item_schema())(data)


def test_compiled_check_rejects_missing_and_extra_fields():
    matches = compile_item_check(load_item_schema())
    data = ItemAdapter(good_item()).asdict()
    assert matches(data)
    assert not matches({**data, "extra": 1})
    assert not matches({k: v for k, v in data.items() if k != "headline"})


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"headline": None}, "invalid/headline"),
        ({"headline": "   "}, "invalid/headline"),
        ({"body": ""}, "invalid/body"),
        ({"date": "21/02/2020"}, "invalid/date"),
        ({"url": "ftp://x/y"}, "invalid/url"),
        ({"listing_rank": 0}, "invalid/listing_rank"),
        ({"listing_rank": 0, "language": "English"}, "invalid/listing_rank"),
    ],
)
def test_invalid_items_are_dropped_and_counted_by_reason(crawler, changes, reason):
    pipeline = ValidateItemPipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=reason):
        pipeline.process_item(good_item(**changes))
    assert crawler.stats.get_value(f"items_dropped/{reason}") == 1


@pytest.mark.parametrize(
    ("changes", "field", "replaced_by"),
    [
        ({"canonical_url": "http://127.0.0.1:8000/news/a b/"}, "canonical_url", good_item().url),
        ({"language": "English"}, "language", None),
        ({"authors": ["ok", ""]}, "authors", []),
        ({"teaser_date": "yesterday"}, "teaser_date", None),
    ],
)
def test_an_invalid_field_an_article_can_do_without_is_replaced_and_counted(
    crawler, changes, field, replaced_by
):
    """A listed article is kept: its malformed canonical link, language tag, author list or
    teaser date is replaced, and the replacement counted, instead of the item being dropped."""
    pipeline = ValidateItemPipeline.from_crawler(crawler)
    item = pipeline.process_item(good_item(**changes))
    assert ItemAdapter(item)[field] == replaced_by
    assert crawler.stats.get_value(f"items_repaired/{field}") == 1
    assert not crawler.stats.get_value(f"items_dropped/invalid/{field}")


def test_duplicates_by_canonical_url_are_dropped_and_counted(crawler):
    pipeline = DeduplicatePipeline.from_crawler(crawler)
    first = good_item()
    pipeline.process_item(first)
    other_url_same_canonical = good_item(url="http://127.0.0.1:8000/news/a?utm_source=x")
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(other_url_same_canonical)
    pipeline.process_item(good_item(canonical_url="http://127.0.0.1:8000/news/b"))
    assert crawler.stats.get_value("items_dropped/duplicate") == 1


def test_articles_sharing_one_canonical_url_are_kept_under_their_own_urls(crawler):
    """A cloned WordPress gives every page the same canonical URL: articles with other
    headlines are other articles, not duplicates."""
    pipeline = DeduplicatePipeline.from_crawler(crawler)
    shared = "http://127.0.0.1:8000/2017/10/31/first-story/"
    pipeline.process_item(good_item(url=shared, canonical_url=shared, headline="First story"))
    second = pipeline.process_item(
        good_item(
            url="http://127.0.0.1:8000/second-story/", canonical_url=shared, headline="Second"
        )
    )
    assert ItemAdapter(second)["canonical_url"] == "http://127.0.0.1:8000/second-story/"
    assert crawler.stats.get_value("items_repaired/canonical_url") == 1
    with pytest.raises(DropItem, match="duplicate"):
        pipeline.process_item(
            good_item(
                url="http://127.0.0.1:8000/second-story/?amp",
                canonical_url=shared,
                headline="  second ",
            )
        )
    assert crawler.stats.get_value("items_dropped/duplicate") == 1
