"""A fast loopback HTTP/1.1 server for the crawl benchmark's pre-rendered world, and a load check.

    .venv/bin/python bench/crawl_server.py WORLD_DIR [--latency-ms 0]
    .venv/bin/python bench/crawl_server.py --load BASE_URL --targets T1,T2 [--seconds 3]

Serves the pages bench/crawl_world.py wrote: each response (status line, headers, body) is
built once at start, so a request costs a dictionary lookup and one write. Keep-alive unless
the client says ``Connection: close``; every response waits ``latency`` seconds first. Prints
``PORT <n>`` when it listens (on 127.0.0.1, a free port). Control targets, never crawled:
``/__bench/latency?ms=N`` sets the latency, ``/__bench/stats`` returns the responses sent by
kind (listing, article, robots, not_found) and bytes since the last ``/__bench/reset``.

``--load`` measures what the server can send: keep-alive connections (16 by default) of a
plain asyncio client that fetch the given targets in turn for a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time
from collections import Counter
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HOST_TOKEN = b"http://bench-host.invalid"
HEAD_LIMIT = 64 * 1024


def response_bytes(status: int, content_type: str, headers: list, body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", "Server: crawl-bench"]
    lines.append(f"Date: {formatdate(usegmt=True)}")
    lines.append(f"Content-Type: {content_type}")
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class BenchServer:
    """The pre-built responses of one world, and what was sent since the last reset."""

    def __init__(self, world_dir: Path, base_url: str, latency: float = 0.0) -> None:
        index = json.loads((world_dir / "index.json").read_text())
        blob = (world_dir / "pages.bin").read_bytes()
        host = base_url.encode()
        self.responses: dict[bytes, tuple[str, bytes]] = {}
        for target, (offset, length, status, ctype, headers, kind) in index["pages"].items():
            body = blob[offset : offset + length].replace(HOST_TOKEN, host)
            headers = [(k, v.replace(HOST_TOKEN.decode(), base_url)) for k, v in headers]
            self.responses[target.encode()] = (kind, response_bytes(status, ctype, headers, body))
        self.not_found = response_bytes(404, "text/plain", [], b"not found\n")
        self.latency = latency
        self.counts: Counter[str] = Counter()

    def control(self, target: bytes) -> bytes:
        url = urlsplit(target.decode("latin-1"))
        if url.path == "/__bench/latency":
            self.latency = float(parse_qs(url.query)["ms"][0]) / 1000
        elif url.path == "/__bench/reset":
            self.counts.clear()
        body = json.dumps({"latency_ms": self.latency * 1000, **self.counts}).encode()
        return response_bytes(200, "application/json", [], body)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, target, version = head[: head.index(b"\r\n")].split(b" ", 2)
                if target.startswith(b"/__bench/"):
                    writer.write(self.control(target))
                    await writer.drain()
                    continue
                kind, response = self.responses.get(target, ("not_found", self.not_found))
                if self.latency:
                    await asyncio.sleep(self.latency)
                if method == b"HEAD":
                    response = response[: response.index(b"\r\n\r\n") + 4]
                writer.write(response)
                await writer.drain()
                self.counts[kind] += 1
                self.counts["bytes"] += len(response)
                if version == b"HTTP/1.0" or b"connection: close" in head.lower():
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except ValueError:  # a request line that is not "METHOD TARGET VERSION"
            pass
        finally:
            writer.close()


async def serve(world_dir: Path, latency: float) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    holder: dict[str, BenchServer] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await holder["server"].handle(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0, limit=HEAD_LIMIT, backlog=512)
    port = server.sockets[0].getsockname()[1]
    holder["server"] = BenchServer(world_dir, f"http://127.0.0.1:{port}", latency)
    print(f"PORT {port}", flush=True)
    async with server:
        await stop.wait()


# --- load check ---------------------------------------------------------------------------------


async def fetch_loop(host: str, port: int, targets: list[bytes], until: float, counts: Counter):
    reader, writer = await asyncio.open_connection(host, port, limit=HEAD_LIMIT)
    number = 0
    try:
        while time.monotonic() < until:
            target = targets[number % len(targets)]
            number += 1
            writer.write(b"GET " + target + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\n\r\n")
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            counts["responses"] += 1
            counts["bytes"] += len(head) + length
    finally:
        writer.close()


async def load(base_url: str, targets: list[str], connections: int, seconds: float) -> dict:
    url = urlsplit(base_url)
    counts: Counter[str] = Counter()
    encoded = [t.encode() for t in targets]
    started = time.monotonic()
    until = started + seconds
    loops = [
        fetch_loop(url.hostname or "", url.port or 80, encoded[i:] + encoded[:i], until, counts)
        for i in range(connections)
    ]
    await asyncio.gather(*loops)
    elapsed = time.monotonic() - started
    return {
        "connections": connections,
        "seconds": round(elapsed, 2),
        "pages_per_s": round(counts["responses"] / elapsed),
        "mb_per_s": round(counts["bytes"] / elapsed / 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world_dir", type=Path, nargs="?")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--load", metavar="BASE_URL")
    parser.add_argument("--targets", default="/robots.txt")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if args.load:
        targets = args.targets.split(",")
        result = asyncio.run(load(args.load, targets, args.connections, args.seconds))
        print(json.dumps(result))
    elif args.world_dir:
        asyncio.run(serve(args.world_dir, args.latency_ms / 1000))
    else:
        parser.error("a world folder or --load is needed")
        sys.exit(2)


if __name__ == "__main__":
    main()
