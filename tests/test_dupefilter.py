"""crawler.dupefilter.DiskDupeFilter: Scrapy's RFPDupeFilter with its fingerprints on disk."""

from scrapy import Request
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from crawler.dupefilter import DiskDupeFilter
from crawler.urlset import DiskKeySet

REQUESTS = [
    Request("https://example.org/a?x=1&y=2"),
    Request("https://example.org/a?y=2&x=1"),  # the same after canonicalisation
    Request("https://example.org/b"),
    Request("https://example.org/b", method="POST"),
    Request("https://example.org/b", method="POST", body=b"q=1"),
    Request("https://example.org/b#fragment"),
    Request("https://example.org/a?x=1&y=2"),
    Request("https://example.org/c"),
]


def verdicts(dupefilter):
    return [dupefilter.request_seen(request) for request in REQUESTS]


def test_the_project_uses_it():
    assert load_object(get_project_settings()["DUPEFILTER_CLASS"]) is DiskDupeFilter


def test_filters_the_same_requests_as_scrapys():
    crawler = get_crawler()
    ours = DiskDupeFilter.from_crawler(crawler)
    scrapys = RFPDupeFilter.from_crawler(crawler)
    assert verdicts(ours) == verdicts(scrapys)
    assert verdicts(ours) == [True] * len(REQUESTS)


def test_fingerprints_are_kept_on_disk():
    dupefilter = DiskDupeFilter.from_crawler(get_crawler())
    verdicts(dupefilter)
    assert isinstance(dupefilter._fingerprints, DiskKeySet)
    assert len(dupefilter._fingerprints) == 5
    dupefilter.close("finished")
    assert len(dupefilter._fingerprints) == 0


def test_jobdir_fingerprints_survive_a_restart(tmp_path):
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)})
    first = DiskDupeFilter.from_crawler(crawler)
    assert not first.request_seen(REQUESTS[0])
    first.close("shutdown")
    second = DiskDupeFilter.from_crawler(crawler)
    assert isinstance(second._fingerprints, DiskKeySet)
    assert second.request_seen(REQUESTS[1])
    assert not second.request_seen(REQUESTS[2])
    second.close("finished")
    scrapys = RFPDupeFilter.from_crawler(crawler)
    assert scrapys.request_seen(REQUESTS[2])
    scrapys.close("finished")
