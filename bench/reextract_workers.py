"""`crawler reextract` pages/s with 1 and 2 (or more) worker processes over one archive.

    python bench/reextract_workers.py [--data DIR] [--copies N] [--workers 1 2] [--rounds 3]

Writes a run folder whose WARC holds every article-bench page (real pages, 596 of them by
default, ``--copies`` times under distinct URLs) as a response record plus the metadata record
a crawl writes for an article, then times ``crawler reextract RUN -o items.jsonl --workers N``
for each N, best of ``--rounds`` (the machine is shared: the best round is the least disturbed
one), checks that every N wrote the same items, and prints pages/s and the speed-up against the
first N. A measurement script, not a test: the pages are never copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-bench"


def bench_pages(data: Path) -> list[bytes]:
    """The raw bytes of every page of the article-bench folders, in a fixed order."""
    return [
        gzip.decompress(path.read_bytes())
        for kind in ("body", "date", "headline")
        for path in sorted((data / kind / "html").glob("*.html.gz"))
    ]


def write_archive(run_dir: Path, pages: list[bytes], copies: int) -> int:
    """One WARC file with a response and an article metadata record per page and copy."""
    warc_dir = run_dir / "warc"
    warc_dir.mkdir(parents=True)
    count = 0
    with (warc_dir / "bench-00000.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for copy in range(copies):
            for number, body in enumerate(pages):
                url = f"http://bench.example/{copy}/{number}-{hashlib.sha1(body).hexdigest()[:8]}"
                write_page(writer, url, body)
                count += 1
    return count


def write_page(writer: WARCWriter, url: str, body: bytes) -> None:
    http = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http
    )
    writer.write_record(response)
    document = {"url": url, "page_kind": "article", "outlinks": [], "listing": {}}
    metadata = writer.create_warc_record(
        "urn:crawler-metadata:" + url,
        "metadata",
        payload=io.BytesIO(json.dumps(document).encode()),
        warc_content_type="application/json",
        warc_headers_dict={"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(metadata)


def time_reextract(run_dir: Path, out: Path, workers: int) -> float:
    command = [
        sys.executable, "-m", "crawler.cli", "reextract", str(run_dir),
        "-o", str(out), "--workers", str(workers),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--copies", type=int, default=2, help="each page this many times")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = bench_pages(args.data)
    if not pages:
        print(f"no pages under {args.data}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        count = write_archive(run_dir, pages, args.copies)
        best: dict[int, float] = {}
        outputs: dict[int, bytes] = {}
        for _ in range(args.rounds):
            for workers in args.workers:
                out = Path(tmp) / f"items-{workers}.jsonl"
                seconds = time_reextract(run_dir, out, workers)
                best[workers] = min(seconds, best.get(workers, seconds))
                outputs[workers] = out.read_bytes()
        same = len(set(outputs.values())) == 1
        base = args.workers[0]
        print(f"{count} archived pages, best of {args.rounds} rounds; identical items: {same}")
        print(f"{'workers':>8} {'seconds':>8} {'pages/s':>8} {'speed-up':>8}")
        for workers in args.workers:
            rate, speedup = count / best[workers], best[base] / best[workers]
            print(f"{workers:>8} {best[workers]:>8.2f} {rate:>8.1f} {speedup:>7.2f}x")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
