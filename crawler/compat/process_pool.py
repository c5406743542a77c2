"""Killing the worker processes of a ``concurrent.futures.ProcessPoolExecutor``.

A task stuck in a worker cannot be cancelled, so :class:`crawler.workers.WorkerPool` kills the
pool's processes. Python 3.14 has ``ProcessPoolExecutor.kill_workers`` for that; before it the
only way to reach the processes is the executor's private ``_processes`` (pid -> Process, None
once the executor is shut down), which this module alone reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess

from crawler.compat import PrivateApiChanged

PROCESSES = "_processes"


def kill_workers(executor: ProcessPoolExecutor) -> None:
    """SIGKILL the executor's worker processes."""
    kill = getattr(executor, "kill_workers", None)  # Python 3.14+
    if kill is not None:
        kill()
        return
    for process in worker_processes(executor):
        if process.is_alive():
            process.kill()


def worker_processes(executor: ProcessPoolExecutor) -> list[BaseProcess]:
    """The executor's worker processes, read from its private ``_processes``."""
    if not hasattr(executor, PROCESSES):
        raise changed(f"no longer has {PROCESSES}")
    processes = getattr(executor, PROCESSES)
    if processes is None:  # shut down
        return []
    if not isinstance(processes, Mapping):
        raise changed(f"has {PROCESSES} of type {type(processes).__name__}, not a dict")
    found = list(processes.values())
    for process in found:
        if not isinstance(process, BaseProcess):
            raise changed(f"has {PROCESSES} holding {type(process).__name__}, not processes")
    return found


def changed(what: str) -> PrivateApiChanged:
    return PrivateApiChanged(
        f"concurrent.futures.ProcessPoolExecutor {what}: Python changed a private API that "
        "crawler/compat/process_pool.py relies on to kill stuck extraction workers"
    )
