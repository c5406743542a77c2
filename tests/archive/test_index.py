"""CDXJ indexes built as records are written: the same lines cdxj-indexer gives reading the
closed file back."""

from __future__ import annotations

import errno
from dataclasses import replace
from pathlib import Path

import pytest
from cdxj_indexer.main import SortingWriter
from scrapy.utils.test import get_crawler

from crawler.archive import index as index_module
from crawler.archive.index import BACKGROUND_BATCH, RecordIndex, write_cdxj
from crawler.archive.middleware import WarcArchiveMiddleware
from crawler.archive.records import REVISIT_IDENTICAL_PAYLOAD, Revisit
from crawler.archive.writer import RotatingWarcWriter
from tests.archive.test_writer import WARCINFO, exchange


def write_mixed_files(
    directory: Path, max_size: int, background: bool = False
) -> dict[Path, RecordIndex | None]:
    """Responses (200, 404, charset in Content-Type, query string), a metadata record and a
    revisit, rotating at ``max_size``; the index each file was closed with."""
    closed: dict[Path, RecordIndex | None] = {}
    writer = RotatingWarcWriter(
        directory, "t", max_size, WARCINFO, index_records=True, index_in_background=background
    )
    writer.on_close.append(closed.__setitem__)
    with writer:
        first = writer.write_exchange(
            *exchange("/a", b"<p>a</p>" * 50, [("Content-Type", "text/html; charset=utf-8")])
        )
        request, response = exchange("/missing", b"gone")
        writer.write_exchange(request, replace(response, status=404, reason="Not Found"))
        writer.write_exchange(*exchange("/b?z=1&a=2", b"<p>b</p>" * 300))
        writer.write_metadata("urn:crawler-metadata:x", first.record_id, b"{}", "application/json")
        revisit = Revisit(
            REVISIT_IDENTICAL_PAYLOAD,
            first.record_id,
            "http://example.test:8080/a",
            "2026-11-26T17:45:22.123Z",
            first.payload_digest,
        )
        writer.write_exchange(*exchange("/a-again", b"<p>a</p>" * 50), revisit)
    return closed


def lines_both_ways(warc: Path, index: RecordIndex, scratch: Path) -> tuple[str, str]:
    ours = index.write(scratch / f"{warc.name}.ours.cdxj").read_text()
    theirs = write_cdxj([warc], scratch / f"{warc.name}.theirs.cdxj").read_text()
    return ours, theirs


@pytest.mark.parametrize("background", [False, True])
@pytest.mark.parametrize("max_size", [1_000_000, 1500])
def test_index_built_while_writing_equals_cdxj_indexer_reading_the_file(
    tmp_path: Path, max_size: int, background: bool
) -> None:
    closed = write_mixed_files(tmp_path / "warc", max_size, background)
    assert (len(closed) > 1) is (max_size == 1500)
    total = 0
    for warc, index in closed.items():
        assert index is not None
        ours, theirs = lines_both_ways(warc, index, tmp_path)
        assert ours == theirs
        total += len(ours.splitlines())
    assert total == 5  # 4 responses/revisits + 1 metadata; no warcinfo, no requests


def test_an_index_fed_many_batches_in_the_background_equals_cdxj_indexer(tmp_path: Path) -> None:
    closed: dict[Path, RecordIndex | None] = {}
    writer = RotatingWarcWriter(
        tmp_path / "warc", "t", 10**9, WARCINFO, index_records=True, index_in_background=True
    )
    writer.on_close.append(closed.__setitem__)
    pages = 5 * BACKGROUND_BATCH + 3  # whole batches, then a part one flushed at the end
    with writer:
        for n in range(pages):
            writer.write_exchange(*exchange(f"/page-{n}", f"<p>{n}</p>".encode() * 40))
    [(warc, index)] = closed.items()
    assert index is not None
    ours, theirs = lines_both_ways(warc, index, tmp_path)
    assert ours == theirs
    assert len(ours.splitlines()) == pages


def test_lines_spilled_to_sorted_runs_come_out_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "SORT_BUFFER_BYTES", 300)
    [(warc, index)] = write_mixed_files(tmp_path / "warc", 1_000_000).items()
    assert index is not None
    spilled = list(index.lines.tmp_files)
    assert len(spilled) >= 2
    ours, theirs = lines_both_ways(warc, index, tmp_path)
    assert ours == theirs
    assert not any(Path(name).exists() for name in spilled)


@pytest.mark.parametrize("background", [False, True])
def test_no_room_for_the_index_leaves_the_file_whole_and_unindexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    def full(self, record, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RecordIndex, "_add", full)
    closed = write_mixed_files(tmp_path / "warc", 1_000_000, background)
    [(warc, index)] = closed.items()
    assert index is None
    assert len(write_cdxj([warc], tmp_path / "x.cdxj").read_text().splitlines()) == 5


def test_an_index_the_disk_has_no_room_for_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def half_written(self) -> None:
        self.out.write("com,example)/ 2026")
        raise OSError(errno.ENOSPC, "No space left on device")

    [(warc, index)] = write_mixed_files(tmp_path / "run" / "warc", 1_000_000).items()
    assert index is not None
    monkeypatch.setattr(SortingWriter, "flush", half_written)
    with pytest.raises(OSError, match="No space"):
        index.write_next_to(warc)
    assert list((tmp_path / "run" / "indexes").iterdir()) == []


def test_a_file_closed_without_its_index_is_indexed_from_the_file(tmp_path: Path) -> None:
    """The middleware reads the file back when the writer could not build its index."""
    crawler = get_crawler()
    assert crawler.stats is not None
    [(warc, _)] = write_mixed_files(tmp_path / "run" / "warc", 1_000_000).items()
    middleware = WarcArchiveMiddleware(
        RotatingWarcWriter(tmp_path / "run" / "warc", "t", 1_000_000, WARCINFO),
        crawler.stats,
    )
    middleware._closing = True  # the crawl's last file: indexed at once, not in a thread
    middleware._index_closed(warc, None)
    written = tmp_path / "run" / "indexes" / warc.name.replace(".warc.gz", ".cdxj")
    assert len(written.read_text().splitlines()) == 5
    assert crawler.stats.get_value("warc/indexes") == 1
