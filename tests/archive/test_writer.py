"""Unit tests for the pure WARC writer (no Scrapy, no network)."""

from __future__ import annotations

import base64
import errno
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.capture import parse_head
from crawler.archive.records import ArchivedRecord, CapturedRequest, CapturedResponse
from crawler.archive.writer import (
    PreparedExchange,
    RotatingWarcWriter,
    format_warc_date,
    request_target,
    serialise_records,
)
from crawler.storage.wholefile import WholeLineFile
from tests.crawling import read_warc_records

FETCH_START = datetime(2026, 11, 26, 17, 45, 22, 123456, tzinfo=UTC)
WARCINFO = {"software": "test/1", "format": "WARC File Format 1.1", "isPartOf": "run-1"}


def sha1_base32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def exchange(
    path: str = "/page?q=1", body: bytes = b"<html>hello</html>", headers: list | None = None
) -> tuple[CapturedRequest, CapturedResponse]:
    url = f"http://example.test:8080{path}"
    request = CapturedRequest(
        method="GET",
        url=url,
        protocol="HTTP/1.1",
        headers=[("Host", "example.test:8080"), ("User-Agent", "ua")],
        body=b"",
        reconstructed=["host-header"],
    )
    response = CapturedResponse(
        url=url,
        protocol="HTTP/1.1",
        status=200,
        reason="OK",
        headers=headers or [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
        body=body,
        ip_address="127.0.0.1",
        fetch_start=FETCH_START,
        reconstructed=["status-reason"],
    )
    return request, response


def warcio_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warcio.cli", *args], capture_output=True, text=True, timeout=60
    )


def make_writer(tmp_path: Path, max_size: int = 1_000_000) -> RotatingWarcWriter:
    return RotatingWarcWriter(tmp_path, "test", max_size, WARCINFO, hostname="my host_1")


def test_no_file_until_first_exchange_and_close_is_noop(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    writer.close()
    assert list(tmp_path.iterdir()) == []


def test_file_is_open_while_writing_and_renamed_on_close(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    archived = writer.write_exchange(*exchange())
    assert re.fullmatch(r"test-\d{17}-00000-my-host-1\.warc\.gz", archived.warc_file.name)
    assert not archived.warc_file.exists()
    assert archived.warc_file.with_name(archived.warc_file.name + ".open").exists()
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == [archived.warc_file.name]
    assert writer.closed_files == [archived.warc_file]


def test_flushed_after_each_exchange_so_open_file_is_readable(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    archived = writer.write_exchange(*exchange())
    open_path = archived.warc_file.with_name(archived.warc_file.name + ".open")
    assert [r["type"] for r in read_warc_records(open_path)] == ["warcinfo", "response", "request"]
    writer.close()


def test_records_are_warc_1_1_with_millisecond_dates_and_warcinfo_id(tmp_path: Path) -> None:
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(*exchange())
    warcinfo, response, request = read_warc_records(archived.warc_file)
    assert warcinfo["headers"].protocol == "WARC/1.1"
    assert warcinfo["headers"].get_header("WARC-Filename") == archived.warc_file.name
    assert b"isPartOf: run-1\r\n" in warcinfo["body"]
    info_id = warcinfo["headers"].get_header("WARC-Record-ID")
    for record in (response, request):
        assert record["headers"].protocol == "WARC/1.1"
        assert record["headers"].get_header("WARC-Date") == "2026-11-26T17:45:22.123Z"
        assert record["headers"].get_header("WARC-Warcinfo-ID") == info_id
        assert record["headers"].get_header("WARC-IP-Address") == "127.0.0.1"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", warcinfo["headers"].get_header("WARC-Date")
    )


def test_response_first_then_request_linked_by_concurrent_to(tmp_path: Path) -> None:
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(*exchange())
    _, response, request = read_warc_records(archived.warc_file)
    response_id = response["headers"].get_header("WARC-Record-ID")
    assert response_id == archived.record_id
    assert request["headers"].get_header("WARC-Concurrent-To") == response_id
    assert str(request["http"]).startswith("GET /page?q=1 HTTP/1.1\r\nHost: example.test:8080")
    assert str(response["http"]).startswith("HTTP/1.1 200 OK\r\n")
    assert response["headers"].get_header("X-Crawler-Reconstructed") == "status-reason"
    assert request["headers"].get_header("X-Crawler-Reconstructed") == "host-header"


def test_payload_digest_is_sha1_base32_of_body(tmp_path: Path) -> None:
    body = gzip.compress(b"<html>zipped</html>", mtime=0)
    headers = [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(*exchange(body=body, headers=headers))
    _, response, _ = read_warc_records(archived.warc_file)
    assert archived.payload_digest == sha1_base32(body)
    assert response["headers"].get_header("WARC-Payload-Digest") == sha1_base32(body)
    assert response["body"] == body


def test_transfer_encoding_is_renamed_because_body_is_dechunked(tmp_path: Path) -> None:
    headers = [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")]
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(*exchange(body=b"dechunked", headers=headers))
    _, response, _ = read_warc_records(archived.warc_file)
    assert response["http"].get_header("Transfer-Encoding") is None
    assert response["http"].get_header("X-Orig-Transfer-Encoding") == "chunked"
    assert response["body"] == b"dechunked"
    assert "transfer-encoding-renamed" in response["headers"].get_header("X-Crawler-Reconstructed")
    assert warcio_cli("check", str(archived.warc_file)).returncode == 0


def test_repeated_and_non_ascii_header_bytes_are_kept(tmp_path: Path) -> None:
    headers = [
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("X-Name", b"caf\xe9".decode("latin-1")),
    ]
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(*exchange(headers=headers))
    raw = gzip.decompress(archived.warc_file.read_bytes())
    assert b"\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Name: caf\xe9\r\n" in raw
    assert warcio_cli("check", str(archived.warc_file)).returncode == 0


def test_heads_from_the_wire_are_written_as_received(tmp_path: Path) -> None:
    """Name case, spacing after the colon and folded lines as on the wire; only the name of
    Transfer-Encoding changes."""
    request_head = b"GET /page?q=1 HTTP/1.1\r\nHost:example.test:8080\r\nuser-agent:  ua\r\n\r\n"
    response_head = (
        b"HTTP/1.1 200 OK\r\ncontent-type:text/html\r\nX-Powered-By:  PHP/7\r\n"
        b"X-Folded: one\r\n two\r\ntransfer-encoding:\tchunked\r\n\r\n"
    )
    request, response = exchange(body=b"dechunked", headers=parse_head(response_head)[1])
    request = replace(request, headers=parse_head(request_head)[1], head=request_head)
    response = replace(response, head=response_head)
    with make_writer(tmp_path) as writer:
        archived = writer.write_exchange(request, response)
    raw = gzip.decompress(archived.warc_file.read_bytes())
    assert request_head in raw
    assert (
        b"HTTP/1.1 200 OK\r\ncontent-type:text/html\r\nX-Powered-By:  PHP/7\r\n"
        b"X-Folded: one\r\n two\r\nX-Orig-Transfer-Encoding:\tchunked\r\n\r\ndechunked"
    ) in raw
    _, stored, _ = read_warc_records(archived.warc_file)
    assert stored["http"].get_header("X-Orig-Transfer-Encoding") == "chunked"
    assert warcio_cli("check", str(archived.warc_file)).returncode == 0


def test_rotation_starts_new_file_with_warcinfo_and_keeps_exchanges_whole(
    tmp_path: Path,
) -> None:
    with make_writer(tmp_path, max_size=1) as writer:
        archived = [writer.write_exchange(*exchange(path=f"/p{i}")) for i in range(3)]
    files = sorted(tmp_path.iterdir())
    assert files == sorted(a.warc_file for a in archived)
    assert [f.name.split("-")[2] for f in files] == ["00000", "00001", "00002"]
    for index, path in enumerate(files):
        records = read_warc_records(path)
        assert [r["type"] for r in records] == ["warcinfo", "response", "request"]
        uris = {r["headers"].get_header("WARC-Target-URI") for r in records[1:]}
        assert uris == {f"http://example.test:8080/p{index}"}
    assert writer.records_written == 9
    assert writer.bytes_written == sum(f.stat().st_size for f in files)


def test_rotation_by_size_groups_several_exchanges_per_file(tmp_path: Path) -> None:
    with make_writer(tmp_path, max_size=2500) as writer:
        for i in range(12):
            writer.write_exchange(*exchange(path=f"/p{i}"))
    files = sorted(tmp_path.iterdir())
    assert 1 < len(files) < 12
    types = [[r["type"] for r in read_warc_records(f)] for f in files]
    for file_types in types:
        assert file_types[0] == "warcinfo"
        assert file_types[1:] == ["response", "request"] * ((len(file_types) - 1) // 2)
    assert sum(len(t) - 1 for t in types) == 24


def test_offset_and_length_address_exactly_the_response_record(tmp_path: Path) -> None:
    with make_writer(tmp_path) as writer:
        stamps = [writer.write_exchange(*exchange(path=f"/p{i}")) for i in range(3)]
    data = stamps[0].warc_file.read_bytes()
    for i, stamp in enumerate(stamps):
        member = data[stamp.offset : stamp.offset + stamp.length]
        records = list(ArchiveIterator(io.BytesIO(member)))
        assert len(records) == 1
        assert records[0].rec_headers.get_header("WARC-Record-ID") == stamp.record_id
        assert records[0].rec_headers.get_header("WARC-Target-URI").endswith(f"/p{i}")


def test_warcio_check_and_index_pass(tmp_path: Path) -> None:
    with make_writer(tmp_path) as writer:
        stamps = [writer.write_exchange(*exchange(path=f"/p{i}")) for i in range(2)]
    path = str(stamps[0].warc_file)
    check = warcio_cli("check", "-v", path)
    assert check.returncode == 0, check.stdout
    assert "digest pass" in check.stdout
    index = warcio_cli("index", "-f", "offset,length,warc-type", path)
    assert index.returncode == 0, index.stderr
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-type"] for r in rows] == ["warcinfo"] + ["response", "request"] * 2
    responses = [r for r in rows if r["warc-type"] == "response"]
    assert [(int(r["offset"]), int(r["length"])) for r in responses] == [
        (s.offset, s.length) for s in stamps
    ]


@pytest.mark.parametrize("level", [0, 1, 6, 9])
def test_each_gzip_level_gives_valid_records_with_digests(tmp_path: Path, level: int) -> None:
    body = b"<p>the same paragraph, again and again</p>" * 500
    writer = RotatingWarcWriter(tmp_path, "test", 1_000_000, WARCINFO, gzip_level=level)
    with writer:
        stamp = writer.write_exchange(*exchange(body=body))
    check = warcio_cli("check", "-v", str(stamp.warc_file))
    assert check.returncode == 0, check.stdout
    assert "digest pass" in check.stdout
    member = stamp.warc_file.read_bytes()[stamp.offset : stamp.offset + stamp.length]
    payloads = [record.content_stream().read() for record in ArchiveIterator(io.BytesIO(member))]
    assert payloads == [body]
    assert (stamp.length > len(body)) is (level == 0)


def test_gzip_level_is_the_one_set_not_warcios_nine(tmp_path: Path) -> None:
    """zlib marks a member compressed at 9 with XFL=2 (byte 8 of its header), at 6 with 0."""
    flags = {}
    for level in (6, 9):
        folder = tmp_path / str(level)
        with RotatingWarcWriter(folder, "test", 1_000_000, WARCINFO, gzip_level=level) as writer:
            stamp = writer.write_exchange(*exchange())
        flags[level] = stamp.warc_file.read_bytes()[stamp.offset + 8]
    assert flags == {6: 0, 9: 2}
    assert make_writer(tmp_path / "default").gzip_level == 6


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("http://h/", "/"),
        ("http://h", "/"),
        ("http://h/a/b?x=1&y=2", "/a/b?x=1&y=2"),
        ("http://h/a;p?x#frag", "/a;p?x"),
    ],
)
def test_request_target_keeps_query_string(url: str, target: str) -> None:
    assert request_target(url) == target


def test_format_warc_date_is_utc_milliseconds() -> None:
    assert format_warc_date(FETCH_START) == "2026-11-26T17:45:22.123Z"


def test_idle_file_is_closed_and_the_next_exchange_starts_a_new_one(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    writer.write_exchange(*exchange())
    assert not writer.close_if_idle(3600)
    assert writer.current_path is not None
    assert writer.close_if_idle(0)
    assert writer.current_path is None
    assert [p.suffix for p in tmp_path.iterdir()] == [".gz"]
    writer.write_exchange(*exchange())
    writer.close()
    assert len(writer.closed_files) == 2
    assert len({p.name for p in writer.closed_files}) == 2


def test_metadata_record_is_concurrent_to_its_response(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    archived = writer.write_exchange(*exchange())
    content = json.dumps({"outlinks": []}).encode()
    path, offset, length = writer.write_metadata(
        "http://example.test:8080/page?q=1#x", archived.record_id, content, "application/json"
    )
    writer.close()
    records = read_warc_records(path)
    metadata = records[-1]
    assert metadata["type"] == "metadata"
    assert metadata["headers"]["WARC-Concurrent-To"] == archived.record_id
    assert metadata["headers"]["WARC-Target-URI"] == "http://example.test:8080/page?q=1"
    assert metadata["headers"]["Content-Type"] == "application/json"
    assert metadata["headers"]["WARC-Warcinfo-ID"] == records[0]["headers"]["WARC-Record-ID"]
    with path.open("rb") as stream:
        stream.seek(offset)
        assert len(stream.read(length)) == length


def fill_disk_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """Every WARC file lives on a disk with ``room`` bytes left: short writes, then ENOSPC."""
    left = {"room": room}

    def write_some(self, view: memoryview) -> int | None:
        if left["room"] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = io.FileIO.write(self, view[: min(len(view), left["room"])])
        left["room"] -= written or 0
        return written

    monkeypatch.setattr(WholeLineFile, "write_some", write_some)


def test_an_exchange_the_disk_has_no_room_for_leaves_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = make_writer(tmp_path)
    first = writer.write_exchange(*exchange("/a"))
    fill_disk_after(monkeypatch, 100)  # part of the next exchange's first record fits
    with pytest.raises(OSError, match="No space"):
        writer.write_exchange(*exchange("/b", body=b"x" * 5000))
    writer.close()
    assert [r["type"] for r in read_warc_records(first.warc_file)] == [
        "warcinfo",
        "response",
        "request",
    ]
    assert first.warc_file.stat().st_size == end_of_last_record(first.warc_file)
    assert warcio_cli("check", str(first.warc_file)).returncode == 0
    assert writer.exchanges_written == 1


def end_of_last_record(path: Path) -> int:
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        for _ in records:
            pass
        return records.get_record_offset() + records.get_record_length()


def test_no_warc_file_when_not_even_its_warcinfo_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = make_writer(tmp_path)
    fill_disk_after(monkeypatch, 10)
    with pytest.raises(OSError, match="No space"):
        writer.write_exchange(*exchange())
    writer.close()
    assert list(tmp_path.iterdir()) == []


# --- prepare / serialise / commit: the steps write_exchange makes, split for a thread ----------


def test_committed_exchanges_land_in_commit_order_whole_and_readable(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    first = writer.prepare_exchange(*exchange("/first", body=b"<p>one</p>" * 500))
    second = writer.prepare_exchange(*exchange("/second", body=b"<p>two</p>" * 500))
    assert writer.pending == 2
    second_done = writer.commit_exchange(second, *serialise_records(second.records, 6))
    first_done = writer.commit_exchange(first, *serialise_records(first.records, 6))
    assert writer.pending == 0
    assert second_done.offset < first_done.offset  # the file holds them as committed
    writer.close()
    [path] = tmp_path.glob("*.warc.gz")
    for archived, path_and_query in ((first_done, "/first"), (second_done, "/second")):
        with path.open("rb") as stream:
            stream.seek(archived.offset)
            data = stream.read(archived.length)
        [record] = list(ArchiveIterator(io.BytesIO(data)))
        assert record.rec_headers["WARC-Target-URI"].endswith(path_and_query)
        assert record.rec_headers["WARC-Record-ID"] == archived.record_id
    assert warcio_cli("check", str(path)).returncode == 0


def commit(writer: RotatingWarcWriter, prepared: PreparedExchange) -> ArchivedRecord:
    return writer.commit_exchange(prepared, *serialise_records(prepared.records, 6))


def warcinfo_ids(path: Path) -> tuple[str, set[str]]:
    """The file's warcinfo record id, and the Warcinfo-IDs its other records name."""
    with path.open("rb") as stream:
        records = list(ArchiveIterator(stream))
    named = {r.rec_headers["WARC-Warcinfo-ID"] for r in records[1:]}
    return records[0].rec_headers["WARC-Record-ID"], named


def test_a_full_file_stays_open_until_its_pending_exchanges_are_committed(tmp_path: Path) -> None:
    writer = make_writer(tmp_path, max_size=100)  # one exchange fills a file
    first = writer.prepare_exchange(*exchange("/first"))
    assert writer.rotation_due() and writer.pending == 1
    with pytest.raises(RuntimeError, match="commit the pending exchanges first"):
        writer.prepare_exchange(*exchange("/second"))
    assert writer.pending == 1  # the refused one is not counted
    first_done = commit(writer, first)
    second_done = commit(writer, writer.prepare_exchange(*exchange("/second")))
    writer.close()
    assert first_done.warc_file != second_done.warc_file
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 2
    for path in files:
        own_id, named = warcinfo_ids(path)
        assert named == {own_id}  # every record names its own file's warcinfo
    assert warcio_cli("check", *map(str, files)).returncode == 0


def article_body(number: int) -> bytes:
    words = [f"word{(number * 7919 + i * 104729) % 5000}" for i in range(3000)]
    return ("<p>" + " ".join(words) + "</p>").encode()


def exchanges_per_file(tmp_path: Path, in_flight: int) -> list[int]:
    """Write 40 exchanges, up to ``in_flight`` prepared before any of them is committed (as
    write threads do), starting a new file when the writer says so."""
    writer = make_writer(tmp_path, max_size=60_000)
    pending: list[PreparedExchange] = []
    for number in range(40):
        if writer.rotation_due() or len(pending) == in_flight:
            for prepared in pending:
                commit(writer, prepared)
            pending.clear()
        pending.append(writer.prepare_exchange(*exchange(f"/{number}", article_body(number))))
    for prepared in pending:
        commit(writer, prepared)
    writer.close()
    counts = []
    for path in sorted(tmp_path.glob("*.warc.gz")):
        with path.open("rb") as stream:
            counts.append(sum(1 for r in ArchiveIterator(stream) if r.rec_type == "response"))
    return counts


def test_exchanges_in_flight_count_towards_the_file_size(tmp_path: Path) -> None:
    one_by_one = exchanges_per_file(tmp_path / "one", in_flight=1)
    sixteen_at_once = exchanges_per_file(tmp_path / "sixteen", in_flight=16)
    assert len(one_by_one) >= 5
    assert abs(len(sixteen_at_once) - len(one_by_one)) <= 1
    assert max(sixteen_at_once) <= max(one_by_one) + 1


def test_committing_into_a_closed_file_is_refused(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    prepared = writer.prepare_exchange(*exchange())
    writer.close()
    with pytest.raises(RuntimeError, match="was closed before its records were written"):
        commit(writer, prepared)
    assert writer.pending == 0


def test_an_idle_file_with_pending_exchanges_is_not_closed(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    prepared = writer.prepare_exchange(*exchange())
    assert not writer.close_if_idle(0)
    commit(writer, prepared)
    assert writer.close_if_idle(0)
    assert len(list(tmp_path.glob("*.warc.gz"))) == 1
