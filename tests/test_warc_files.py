"""A crawl rotating into many small WARC files: each closed file gets its CDXJ index while the
crawl goes on (the lines cdxj-indexer gives reading the file back), and `crawler warc validate`
passes on all of them (metadata records included)."""

from __future__ import annotations

import json

from crawler.archive.index import write_cdxj
from tests.crawling import crawl, run_crawler


def test_every_rotated_file_is_indexed_and_valid(tmp_path, tmp_path_factory, server, world):
    result = crawl(
        tmp_path, server.url(world.sites["wp"].tag_path), extra=("-s", "WARC_MAX_SIZE=40000")
    )
    assert result.returncode == 0, result.stderr[-3000:]
    files = result.warc_files
    assert len(files) >= 4
    indexes = sorted((result.run_dir / "indexes").glob("*.cdxj"))
    assert [p.name.removesuffix(".cdxj") for p in indexes] == [
        p.name.removesuffix(".warc.gz") for p in files
    ]
    for warc, index in zip(files, indexes, strict=True):
        entries = [json.loads(line.split(" ", 2)[2]) for line in index.read_text().splitlines()]
        assert {entry["filename"] for entry in entries} == {warc.name}
        assert all(int(entry["offset"]) < warc.stat().st_size for entry in entries)
        read_back = write_cdxj([warc], tmp_path_factory.mktemp("read-back") / index.name)
        assert index.read_text() == read_back.read_text()  # built while writing, same lines
    assert result.summary["warc"]["indexes"] == len(files)
    done = run_crawler("warc", "validate", str(result.run_dir))
    assert done.returncode == 0, done.stdout[-3000:]
    assert f"{len(files)} files, 0 faults" in done.stdout
