"""`crawler reextract` pages/s with 1 and 2 (or more) worker processes over one archive.

    python bench/reextract_workers.py [--data DIR] [--copies N] [--workers 1 2] [--rounds 3]
        [--no-index]

Writes a run folder whose WARC holds every article-bench page (real pages, 596 of them by
default, ``--copies`` times under distinct URLs) as a response record plus the metadata record
a crawl writes for an article, and its CDXJ index as a crawl writes it (``--no-index``: none, so
reextract reads the WARC through), then times ``crawler reextract RUN -o items.jsonl --workers N``
for each N, best of ``--rounds`` (the machine is shared: the best round is the least disturbed
one), checks that every N wrote the same items, and prints pages/s and the speed-up against the
first N. It also prints the CPU time per page of the reader process (which reads the archive's
headers and writes the items) and of the worker processes (fork server included), from the
round with the least wall time, and the speed-up they bound on a machine with N free cores:
total / max(reader, workers / N). A measurement script, not a test: the pages are never copied
into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from crawl_bench import descendants_cpu  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "article-bench"
CPU_SAMPLE_S = 0.02


def bench_pages(data: Path) -> list[bytes]:
    """The raw bytes of every page of the article-bench folders, in a fixed order."""
    return [
        gzip.decompress(path.read_bytes())
        for kind in ("body", "date", "headline")
        for path in sorted((data / kind / "html").glob("*.html.gz"))
    ]


def write_archive(run_dir: Path, pages: list[bytes], copies: int, index: bool) -> int:
    """One WARC file with a response and an article metadata record per page and copy, and its
    CDXJ index where a crawl puts it when ``index``."""
    warc_dir = run_dir / "warc"
    warc_dir.mkdir(parents=True)
    count = 0
    warc_path = warc_dir / "bench-00000.warc.gz"
    with warc_path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for copy in range(copies):
            for number, body in enumerate(pages):
                url = f"http://bench.example/{copy}/{number}-{hashlib.sha1(body).hexdigest()[:8]}"
                write_page(writer, url, body)
                count += 1
    if index:
        from crawler.archive.index import index_closed_file

        index_closed_file(warc_path)
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


@dataclass
class Timed:
    """One reextract run: wall seconds, CPU seconds of the reader process and of its
    descendants (fork server and workers; sampled, so the last few ms of each are missed)."""

    wall: float
    reader_cpu: float
    workers_cpu: float


def time_reextract(run_dir: Path, out: Path, workers: int) -> Timed:
    command = [
        sys.executable, "-m", "crawler.cli", "reextract", str(run_dir),
        "-o", str(out), "--workers", str(workers),
    ]  # fmt: skip
    seen: dict[int, float] = {}
    done = threading.Event()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)

    def sample() -> None:
        while not done.wait(CPU_SAMPLE_S):
            seen.update(descendants_cpu(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return Timed(wall, usage.ru_utime + usage.ru_stime, sum(seen.values()))


def print_cpu_split(count: int, runs: dict[int, Timed]) -> None:
    print("CPU ms per page (fastest round of each N; workers include the fork server):")
    print(f"{'workers':>8} {'reader':>8} {'workers':>8} {'total':>8} {'bound':>8}")
    for workers, run in runs.items():
        reader, pool = 1000 * run.reader_cpu / count, 1000 * run.workers_cpu / count
        bound = (reader + pool) / max(reader, pool / max(1, workers))
        print(f"{workers:>8} {reader:>8.2f} {pool:>8.2f} {reader + pool:>8.2f} {bound:>7.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--copies", type=int, default=2, help="each page this many times")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-index", action="store_true", help="no CDXJ index: read through")
    args = parser.parse_args()
    pages = bench_pages(args.data)
    if not pages:
        print(f"no pages under {args.data}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        count = write_archive(run_dir, pages, args.copies, index=not args.no_index)
        best: dict[int, Timed] = {}
        outputs: dict[int, bytes] = {}
        for _ in range(args.rounds):
            for workers in args.workers:
                out = Path(tmp) / f"items-{workers}.jsonl"
                timed = time_reextract(run_dir, out, workers)
                if workers not in best or timed.wall < best[workers].wall:
                    best[workers] = timed
                outputs[workers] = out.read_bytes()
        same = len(set(outputs.values())) == 1
        base = args.workers[0]
        index = "no index, WARC read through" if args.no_index else "CDXJ index"
        print(f"{count} archived pages ({index}), best of {args.rounds} rounds; same items: {same}")
        print(f"{'workers':>8} {'seconds':>8} {'pages/s':>8} {'speed-up':>8}")
        for workers in args.workers:
            seconds = best[workers].wall
            rate, speedup = count / seconds, best[base].wall / seconds
            print(f"{workers:>8} {seconds:>8.2f} {rate:>8.1f} {speedup:>7.2f}x")
        print_cpu_split(count, best)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
