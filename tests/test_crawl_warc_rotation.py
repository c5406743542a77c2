"""WARC rotation in a real crawl: several files, each whole, none split an exchange."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.crawling import crawl

WARCIO = str(Path(sys.executable).parent / "warcio")


def test_small_max_size_rotates_into_whole_files(tmp_path, server, world):
    site = world.sites["drupal"]
    result = crawl(tmp_path, server.url(site.tag_path), extra=("-s", "WARC_MAX_SIZE=60000"))
    assert result.returncode == 0, result.stderr[-2000:]
    files = result.warc_files
    assert len(files) >= 3
    serials = [path.name.split("-")[2] for path in files]
    assert serials == [f"{n:05d}" for n in range(len(files))]
    done = subprocess.run([WARCIO, "check", *map(str, files)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    metadata_targets: set[str] = set()
    response_ids: set[str] = set()
    for path in files:
        with path.open("rb") as stream:
            records = [
                (r.rec_type, r.rec_headers["WARC-Record-ID"], r.rec_headers["WARC-Concurrent-To"])
                for r in ArchiveIterator(stream)
            ]
        assert records[0][0] == "warcinfo"
        # Each exchange is whole inside one file: a response, then the request that points at it.
        # Metadata records (what the spider made of a page) come later, wherever it is written.
        exchanges = [r for r in records[1:] if r[0] != "metadata"]
        metadata_targets.update(r[2] for r in records if r[0] == "metadata")
        response_ids.update(r[1] for r in records if r[0] == "response")
        assert len(exchanges) % 2 == 0
        for response, request in zip(exchanges[::2], exchanges[1::2], strict=True):
            assert (response[0], request[0]) == ("response", "request")
            assert request[2] == response[1]
    assert metadata_targets and metadata_targets <= response_ids
    assert result.summary["warc"]["files"] == len(files)
    for item in result.items:
        with (result.run_dir / item["warc_file"]).open("rb") as stream:
            stream.seek(item["warc_offset"])
            record = next(iter(ArchiveIterator(io.BytesIO(stream.read(item["warc_length"])))))
        assert record.rec_headers["WARC-Target-URI"] == item["url"]
