"""Start N copies of one command at once and wait for all: the workers of a crawl shared
through Redis, measured by bench/crawl_bench.py --workers N --redis as one contender.

    python bench/workers.py N -- COMMAND [ARG ...]

Exit status: 0 if every copy exited 0, else the first non-zero status.
"""

from __future__ import annotations

import subprocess
import sys


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--" or not argv[0].isdigit():
        print("usage: workers.py N -- COMMAND [ARG ...]", file=sys.stderr)
        return 2
    copies, command = int(argv[0]), argv[2:]
    processes = [subprocess.Popen(command) for _ in range(copies)]
    codes = [process.wait() for process in processes]
    return next((code for code in codes if code), 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
