"""Revisit records: conditional re-fetches (``meta["warc_refers_to"]``) and dedup by payload
digest across runs sharing a digest index. In-process, read back with warcio."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.middleware import WARC_META_KEY, WarcArchiveMiddleware

WARCIO = str(Path(sys.executable).parent / "warcio")
IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
BODY = b"<html><body>the same story</body></html>"


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


class Run:
    """One crawl's middleware writing into its own WARC folder, sharing ``index``."""

    def __init__(self, warc_dir: Path, index: Path, **settings: Any) -> None:
        self.warc_dir = warc_dir
        crawler = get_crawler(
            settings_dict={
                "WARC_DIR": str(warc_dir),
                "WARC_DEDUP_INDEX": str(index),
                "WARC_WRITE_THREADS": 0,  # process_response called directly: no reactor
                **settings,
            }
        )
        self.crawler = crawler
        self.middleware = WarcArchiveMiddleware.from_crawler(crawler)

    def fetch(
        self, url: str, body: bytes = BODY, status: int = 200, meta: dict | None = None
    ) -> dict[str, Any]:
        request = Request(url, meta=meta or {})
        response = HtmlResponse(url, status=status, body=body, request=request)
        self.middleware.process_request(request)
        done: Response = self.middleware.process_response(request, response)
        return done.meta[WARC_META_KEY]

    def close(self) -> list[dict[str, Any]]:
        self.crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
        records = []
        for path in sorted(self.warc_dir.glob("*.warc.gz")):
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    records.append(
                        {
                            "type": record.rec_type,
                            "warc": record.rec_headers,
                            "http": record.http_headers,
                            "payload": record.content_stream().read(),
                            "file": path,
                        }
                    )
        return records


def by_id(records: list[dict], record_id: str) -> dict:
    return next(r for r in records if r["warc"]["WARC-Record-ID"] == record_id)


def test_same_payload_in_a_later_run_is_a_revisit(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    first = Run(tmp_path / "run1", index)
    original = first.fetch("http://example.test/story")
    first_records = first.close()
    original_record = by_id(first_records, original["warc_record_id"])
    assert original_record["type"] == "response"
    assert original_record["payload"] == BODY

    second = Run(tmp_path / "run2", index)
    stamp = second.fetch("http://example.test/story?utm=x")
    records = second.close()
    revisit = by_id(records, stamp["warc_record_id"])
    assert revisit["type"] == "revisit"
    assert revisit["warc"]["WARC-Profile"] == IDENTICAL
    assert revisit["warc"]["WARC-Refers-To"] == original["warc_record_id"]
    assert revisit["warc"]["WARC-Refers-To-Target-URI"] == "http://example.test/story"
    assert revisit["warc"]["WARC-Refers-To-Date"] == original_record["warc"]["WARC-Date"]
    assert revisit["warc"]["WARC-Payload-Digest"] == sha1_base32(BODY)
    assert revisit["http"].get_statuscode() == "200"
    assert revisit["payload"] == b""  # headers only
    assert stamp["revisit"] is True
    assert stamp["refers_to"] == original["warc_record_id"]
    assert stamp["payload_digest"] == sha1_base32(BODY)
    request = next(r for r in records if r["type"] == "request")
    assert request["warc"]["WARC-Concurrent-To"] == stamp["warc_record_id"]
    assert second.crawler.stats.get_value("warc/revisits/identical_payload_digest") == 1


def test_changed_payload_and_non_200_responses_are_stored_in_full(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    run = Run(tmp_path / "run", index)
    run.fetch("http://example.test/a")
    changed = run.fetch("http://example.test/a", body=BODY + b"\n")
    gone = run.fetch("http://example.test/gone", body=b"missing", status=404)
    gone_again = run.fetch("http://example.test/gone", body=b"missing", status=404)
    records = run.close()
    for stamp in (changed, gone, gone_again):
        assert by_id(records, stamp["warc_record_id"])["type"] == "response"
        assert "revisit" not in stamp


def test_dedup_can_be_switched_off(tmp_path: Path) -> None:
    run = Run(tmp_path / "run", tmp_path / "index.sqlite", WARC_DEDUP=False)
    run.fetch("http://example.test/a")
    run.fetch("http://example.test/b")
    records = run.close()
    assert [r["type"] for r in records].count("response") == 2
    assert not (tmp_path / "index.sqlite").exists()


def refers_to(stamp: dict[str, Any], url: str) -> dict[str, str]:
    return {
        "record_id": stamp["warc_record_id"],
        "target_uri": url,
        "date": stamp["warc_date"],
        "payload_digest": stamp["payload_digest"],
    }


def test_conditional_refetch_304_is_a_server_not_modified_revisit(tmp_path: Path) -> None:
    url = "http://example.test/story"
    run = Run(tmp_path / "run", tmp_path / "index.sqlite", WARC_DEDUP=False)
    original = run.fetch(url)
    stamp = run.fetch(url, body=b"", status=304, meta={"warc_refers_to": refers_to(original, url)})
    records = run.close()
    revisit = by_id(records, stamp["warc_record_id"])
    assert revisit["type"] == "revisit"
    assert revisit["warc"]["WARC-Profile"] == NOT_MODIFIED
    assert revisit["warc"]["WARC-Refers-To"] == original["warc_record_id"]
    assert revisit["warc"]["WARC-Refers-To-Target-URI"] == url
    assert revisit["warc"]["WARC-Refers-To-Date"] == original["warc_date"]
    assert revisit["http"].get_statuscode() == "304"
    assert stamp["revisit"] is True
    assert stamp["payload_digest"] == sha1_base32(BODY)
    requests = [r for r in records if r["type"] == "request"]
    assert stamp["warc_record_id"] in {r["warc"]["WARC-Concurrent-To"] for r in requests}


def test_conditional_refetch_200_same_payload_is_identical_payload_revisit(tmp_path: Path) -> None:
    url = "http://example.test/story"
    run = Run(tmp_path / "run", tmp_path / "index.sqlite", WARC_DEDUP=False)
    original = run.fetch(url)
    meta = {"warc_refers_to": refers_to(original, url)}
    same = run.fetch(url, meta=meta)
    changed = run.fetch(url, body=b"<html>updated</html>", meta=meta)
    records = run.close()
    revisit = by_id(records, same["warc_record_id"])
    assert revisit["type"] == "revisit"
    assert revisit["warc"]["WARC-Profile"] == IDENTICAL
    assert revisit["warc"]["WARC-Refers-To"] == original["warc_record_id"]
    assert by_id(records, changed["warc_record_id"])["type"] == "response"
    assert by_id(records, changed["warc_record_id"])["payload"] == b"<html>updated</html>"


def test_files_with_revisits_pass_warcio_check(tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite"
    run = Run(tmp_path / "run", index)
    original = run.fetch("http://example.test/a")
    run.fetch("http://example.test/b")
    url = "http://example.test/a"
    run.fetch(url, body=b"", status=304, meta={"warc_refers_to": refers_to(original, url)})
    run.close()
    files = [str(p) for p in (tmp_path / "run").glob("*.warc.gz")]
    done = subprocess.run([WARCIO, "check", "-v", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
