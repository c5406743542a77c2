"""Worker processes for CPU-heavy work (article extraction), so that it blocks neither the
crawl's event loop nor the reader of ``crawler reextract``.

A ``concurrent.futures.ProcessPoolExecutor`` started with ``forkserver``: forking the crawl
process itself once its reactor has started threads can deadlock the child, and ``spawn`` would
import the extractor again in every worker. The fork server imports :data:`PRELOAD` once and
each worker is a fork of it, so starting a pool costs one interpreter start, not one per worker.
Workers ignore SIGINT: the parent handles signals and shuts the pool down. Each worker exits
by itself when the process that started its pool is gone (see :func:`exit_with_owner`).

A task fails with :class:`TaskFailed` and a reason: ``error`` (the function raised),
``worker_died`` (its worker process died, and again when the task was tried alone: see
:class:`WorkerPool`) or ``timeout`` (no result within ``timeout`` seconds: the pool's processes
are killed and a new pool takes the next tasks).
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from multiprocessing import forkserver
from typing import Any

from crawler.compat.process_pool import kill_workers

PRELOAD = ("crawler.spiders.articles",)
MAX_DEFAULT_WORKERS = 4
ERROR = "error"
WORKER_DIED = "worker_died"
TIMEOUT = "timeout"
# How often a worker checks for its pool's owner where the OS cannot tell it (no pidfd).
OWNER_POLL_SECONDS = 1.0
ORPHAN_EXIT_STATUS = 3
# Tasks handed to the pool per worker process by WorkerPool.run: the one it works on and the
# next ones, waiting in its queue. With one, a worker sat idle during each result's round trip
# through the busy event loop (it worked 42% of a crawl); in a 1,500-article crawl at 30 ms its
# idle time between tasks was 3.9 s with 2 handed over and 3.0 s with 4 or 8.
HANDED_PER_WORKER = 4


class TaskFailed(Exception):
    """A task gave no result; ``reason`` is ``error``, ``worker_died`` or ``timeout``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers(cpus: int | None = None) -> int:
    """One worker fewer than the CPUs (the parent's event loop, downloads and WARC writing keep
    one busy), at least one, at most :data:`MAX_DEFAULT_WORKERS`."""
    cpus = cpu_count() if cpus is None else cpus
    return max(1, min(MAX_DEFAULT_WORKERS, cpus - 1))


def parse_workers(value: Any) -> int:
    """A worker count setting: ``auto`` (or empty) for :func:`default_workers`, else N >= 0."""
    if value is None or str(value).strip().lower() in ("", "auto"):
        return default_workers()
    try:
        workers = int(str(value).strip())
    except ValueError:
        workers = -1
    if workers < 0:
        raise ValueError(f"expected 'auto' or a number of worker processes >= 0, got {value!r}")
    return workers


def start_fork_server(preload: tuple[str, ...]) -> None:
    """Start the fork server, which imports ``preload``, without waiting for it: its imports
    overlap what this process does before the first task. No-op when it is already running."""
    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    forkserver.ensure_running()


def init_worker(modules: tuple[str, ...], owner: int | None = None) -> None:
    """Worker start: leave SIGINT to the parent, exit with ``owner`` (the pid of the process
    that started the pool), import the task modules before the first task."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if owner is not None:
        exit_with_owner(owner)
    for name in modules:
        importlib.import_module(name)


def exit_with_owner(owner: int) -> None:
    """End this worker as soon as process ``owner`` ends, from a daemon thread.

    Needed when the owner is killed (SIGKILL, the OOM killer) and cannot shut the pool down: a
    worker waits on its task queue, whose write end it holds itself, and keeps the fork server's
    liveness pipe open, so the worker and the fork server would otherwise stay forever.
    """
    threading.Thread(target=_exit_after, args=(owner,), name="owner-watch", daemon=True).start()


def _exit_after(owner: int) -> None:
    wait_for_exit(owner)
    os._exit(ORPHAN_EXIT_STATUS)


def wait_for_exit(pid: int) -> None:
    """Return once process ``pid`` has ended (at once if there is none)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd on this OS or kernel: poll
        while process_exists(pid):
            time.sleep(OWNER_POLL_SECONDS)
        return
    try:
        select.select([handle], [], [])  # a pidfd turns readable when its process ends
    finally:
        os.close(handle)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


@dataclass
class Outcome:
    """One task's result, or why there is none."""

    task: tuple[Any, ...]
    value: Any = None
    failure: TaskFailed | None = None


@dataclass
class _Pending:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    future: Future[Any]
    executor: ProcessPoolExecutor | None


class WorkerPool:
    """N worker processes (0: every task runs in the calling process), created on first use.

    A worker's death breaks every task its pool holds, and there is no telling which one killed
    it, so each of them is tried once more alone, in a one-process pool of its own: the task
    that dies there is the culprit, the others get their result.
    """

    def __init__(
        self, workers: int, timeout: float | None = None, preload: tuple[str, ...] = PRELOAD
    ) -> None:
        self.workers = workers
        self.timeout = timeout if timeout and timeout > 0 else None
        self.preload = preload
        self._executor: ProcessPoolExecutor | None = None
        self._alone: ProcessPoolExecutor | None = None
        self._handed: asyncio.Semaphore | None = None  # tasks in the pool, running or queued
        self._running: asyncio.Semaphore | None = None  # tasks a worker has taken (about)
        self._alone_lock: asyncio.Lock | None = None

    @property
    def inline(self) -> bool:
        return self.workers == 0

    def _start(self, workers: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(self.preload))
        return ProcessPoolExecutor(
            workers, context, initializer=init_worker, initargs=(self.preload, os.getpid())
        )

    def prestart(self) -> None:
        """Start the fork server now (see :func:`start_fork_server`)."""
        if not self.inline:
            start_fork_server(self.preload)

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = self._start(self.workers)
        return self._executor

    def alone_executor(self) -> ProcessPoolExecutor:
        """The one-process pool where tasks caught in a crash are tried again, one at a time."""
        if self._alone is None:
            self._alone = self._start(1)
        return self._alone

    def submit(
        self, fn: Callable[..., Any], *args: Any, alone: bool = False, **kwargs: Any
    ) -> _Pending:
        if self.inline:
            future: Future[Any] = Future()
            try:
                future.set_result(fn(*args, **kwargs))
            except Exception as error:
                future.set_exception(error)
            return _Pending(fn, args, kwargs, future, None)
        start = self.alone_executor if alone else self.executor
        executor = start()
        try:
            future = executor.submit(fn, *args, **kwargs)
        except BrokenProcessPool:  # a worker died since the last task; replace the pool
            self.recycle(executor)
            executor = start()
            future = executor.submit(fn, *args, **kwargs)
        return _Pending(fn, args, kwargs, future, executor)

    def recycle(self, executor: ProcessPoolExecutor | None) -> None:
        """Kill a broken or stuck pool; the next task starts a new one."""
        if executor is None:
            return
        kill_workers(executor)
        # Not cancel_futures: its queued tasks must fail as BrokenProcessPool (and be tried
        # again), not be cancelled, which would cancel the coroutines awaiting them.
        executor.shutdown(wait=False)
        if executor is self._executor:
            self._executor = None
        if executor is self._alone:
            self._alone = None

    def shutdown(self) -> None:
        """Stop the worker processes (waiting for them; they are idle when the crawl ends)."""
        for executor in (self._executor, self._alone):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._alone = None

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args)`` in a worker without blocking the event loop. At most
        ``HANDED_PER_WORKER`` tasks per worker are handed to the pool at once (memory stays
        bounded), and a task's time bound starts when a worker is free for it, not while it
        waits behind another task."""
        if self.inline:
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                raise TaskFailed(ERROR, repr(error)) from error
        if self._handed is None:
            self._handed = asyncio.Semaphore(self.workers * HANDED_PER_WORKER)
            self._running = asyncio.Semaphore(self.workers)
            self._alone_lock = asyncio.Lock()
        assert self._alone_lock is not None
        async with self._handed:
            try:
                return await self._attempt(fn, args, kwargs, alone=False)
            except BrokenProcessPool:
                pass
            async with self._alone_lock:
                return await self._attempt(fn, args, kwargs, alone=True)

    async def _attempt(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], alone: bool
    ) -> Any:
        pending: _Pending | None = None
        try:
            pending = self.submit(fn, *args, alone=alone, **kwargs)
            result = asyncio.wrap_future(pending.future)
            if alone:  # one task at a time in that pool: it starts now
                return await asyncio.wait_for(result, self.timeout)
            assert self._running is not None
            # The pool hands out tasks in the order they were submitted, and the semaphore's
            # waiters get it in the same order: a task holds it from about when it starts.
            try:
                async with self._running:
                    return await asyncio.wait_for(result, self.timeout)
            except asyncio.CancelledError:
                result.cancel()
                raise
        except TimeoutError:
            self.recycle(pending.executor if pending else None)
            raise TaskFailed(TIMEOUT, f"no result after {self.timeout} s") from None
        except BrokenProcessPool as error:
            self.recycle(pending.executor if pending else None)
            if alone:
                raise TaskFailed(WORKER_DIED, str(error)) from error
            raise
        except Exception as error:
            raise TaskFailed(ERROR, repr(error)) from error

    def map_ordered(
        self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], window: int, chunk: int = 1
    ) -> Iterator[Outcome]:
        """``fn(*task)`` for each task, in the tasks' order, with at most ``window`` tasks
        submitted and not yet returned (memory stays bounded however many tasks there are).

        ``chunk`` consecutive tasks go to a worker as one, so this process sends and receives
        that many times fewer messages. When a chunk fails (a task raised, its worker died, or
        it gave no result within ``chunk`` times the timeout), which of its tasks failed is not
        known: each of them is tried again on its own, and only the culprit fails."""
        size = 1 if self.inline else max(1, chunk)
        in_flight = max(1, window // size)
        pending: deque[_Pending] = deque()
        for group in chunks(tasks, size):
            pending.append(self._submit_group(fn, group))
            while len(pending) >= in_flight:
                yield from self._outcomes(pending)
        while pending:
            yield from self._outcomes(pending)

    def _submit_group(self, fn: Callable[..., Any], group: list[tuple[Any, ...]]) -> _Pending:
        if len(group) == 1:
            return self.submit(fn, *group[0])
        return self.submit(run_chunk, fn, group)

    def _outcomes(self, pending: deque[_Pending]) -> list[Outcome]:
        """The outcomes of the oldest task or chunk submitted."""
        head = pending.popleft()
        if head.fn is not run_chunk:
            return [self._outcome(head, pending)]
        fn, group = head.args
        try:
            values = self._wait(head, pending, len(group))
        except (TaskFailed, BrokenProcessPool):
            return [self._outcome(self.submit(fn, *task), pending) for task in group]
        return [Outcome(task, value=value) for task, value in zip(group, values, strict=True)]

    def _outcome(self, head: _Pending, pending: deque[_Pending]) -> Outcome:
        """One task's outcome; when its pool broke, it is tried once more alone."""
        try:
            try:
                return Outcome(head.args, value=self._wait(head, pending))
            except BrokenProcessPool:
                alone = self.submit(head.fn, *head.args, alone=True, **head.kwargs)
            try:
                return Outcome(head.args, value=self._wait(alone, pending))
            except BrokenProcessPool as error:
                return Outcome(head.args, failure=TaskFailed(WORKER_DIED, str(error)))
        except TaskFailed as failure:
            return Outcome(head.args, failure=failure)

    def _wait(self, task: _Pending, pending: deque[_Pending], tasks: int = 1) -> Any:
        """The result of ``tasks`` tasks sent as one; TaskFailed for an error or a timeout;
        BrokenProcessPool raised after replacing the pool and resubmitting the other tasks it
        held."""
        try:
            return task.future.result(timeout=self.timeout and self.timeout * tasks)
        except FutureTimeout:
            self.recycle(task.executor)
            self._resubmit(pending, task.executor)
            raise TaskFailed(TIMEOUT, f"no result after {self.timeout} s") from None
        except BrokenProcessPool:
            self.recycle(task.executor)
            self._resubmit(pending, task.executor)
            raise
        except Exception as error:
            raise TaskFailed(ERROR, repr(error)) from error

    def _resubmit(self, pending: deque[_Pending], broken: ProcessPoolExecutor | None) -> None:
        """Tasks queued on a pool that was killed are handed to its replacement."""
        for index, task in enumerate(pending):
            if task.executor is broken:
                pending[index] = self.submit(task.fn, *task.args, **task.kwargs)


def run_chunk(fn: Callable[..., Any], tasks: list[tuple[Any, ...]]) -> list[Any]:
    """``fn(*task)`` for each task, in a worker: one message out and one back for all."""
    return [fn(*task) for task in tasks]


def chunks(tasks: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The tasks in lists of ``size`` (the last one shorter), read as they are needed."""
    iterator = iter(tasks)
    while group := list(islice(iterator, size)):
        yield group
