"""Subcommands of the ``crawler`` command, one module each.

Each module has ``register(subparsers)``, which adds its parser and sets ``run`` to a function
taking the parsed arguments and returning the exit status. Heavy imports happen inside ``run``
so that ``crawler --help`` stays fast.
"""

EXIT_OK = 0
EXIT_CRAWL_FAILED = 1
EXIT_USAGE = 2
EXIT_MONITOR_FAILED = 3  # `crawler crawl`: the crawl ran, a monitor failed (docs/monitors.md)
# A crawl stopped by SIGTERM or Ctrl-C before its end (finish reason "shutdown"); 128 + SIGTERM,
# what a shell reports for a process a SIGTERM ended.
EXIT_SHUTDOWN = 143


class CommandError(Exception):
    """A one-line reason the command could not run (exit status 2)."""
