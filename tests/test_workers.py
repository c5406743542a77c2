"""The worker pool (crawler/workers.py): tasks run in other processes, failures come back as
reasons, and a pool whose worker died or hung is replaced so later tasks still run."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.workers import (
    HANDED_PER_WORKER,
    TaskFailed,
    WorkerPool,
    default_workers,
    parse_workers,
)
from tests.faults import tasks

PRELOAD = ("tests.faults.tasks",)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def pool():
    running = WorkerPool(2, timeout=5, preload=PRELOAD)
    yield running
    running.shutdown()


def run(pool: WorkerPool, fn, *args):
    return asyncio.run(pool.run(fn, *args))


@pytest.mark.parametrize(("cpus", "expected"), [(1, 1), (2, 1), (3, 2), (8, 4), (64, 4)])
def test_default_workers_leave_a_cpu_to_the_parent(cpus, expected):
    assert default_workers(cpus) == expected


@pytest.mark.parametrize("bad", ["-1", "two", "1.5"])
def test_a_bad_worker_count_is_refused(bad):
    with pytest.raises(ValueError, match="worker processes"):
        parse_workers(bad)


def test_worker_counts_parse():
    assert parse_workers("0") == 0
    assert parse_workers(" 3 ") == 3
    assert parse_workers("auto") == default_workers()


def test_tasks_run_in_worker_processes(pool):
    async def many():
        return await asyncio.gather(*(pool.run(tasks.worker_pid, 0.2) for _ in range(4)))

    pids = set(asyncio.run(many()))
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_no_workers_runs_in_this_process():
    inline = WorkerPool(0)
    assert run(inline, tasks.worker_pid) == os.getpid()
    with pytest.raises(TaskFailed) as failed:
        run(inline, tasks.fail, "boom")
    assert failed.value.reason == "error"


def test_an_exception_is_an_error_and_the_worker_goes_on(pool):
    with pytest.raises(TaskFailed) as failed:
        run(pool, tasks.fail, "boom")
    assert failed.value.reason == "error"
    assert "boom" in repr(failed.value.__cause__)
    assert run(pool, tasks.echo, "next") == "next"


def test_a_dead_worker_is_counted_and_a_new_pool_takes_the_next_task(pool):
    first = run(pool, tasks.worker_pid)
    with pytest.raises(TaskFailed) as failed:
        run(pool, tasks.die)
    assert failed.value.reason == "worker_died"
    assert run(pool, tasks.worker_pid) != first


def test_a_task_caught_in_another_tasks_crash_is_tried_again(pool):
    async def crash_beside_work():
        return await asyncio.gather(
            pool.run(tasks.die), pool.run(tasks.echo, "innocent", 0.5), return_exceptions=True
        )

    died, innocent = asyncio.run(crash_beside_work())
    assert isinstance(died, TaskFailed) and died.reason == "worker_died"
    assert innocent == "innocent"


def test_a_hung_task_times_out_and_its_worker_is_killed():
    hung = WorkerPool(1, timeout=1, preload=PRELOAD)
    try:
        stuck = run(hung, tasks.worker_pid)
        with pytest.raises(TaskFailed) as failed:
            run(hung, tasks.hang, 60)
        assert failed.value.reason == "timeout"
        assert run(hung, tasks.echo, "after") == "after"
        with pytest.raises(ProcessLookupError):
            os.kill(stuck, 0)
    finally:
        hung.shutdown()


class CountingPool(WorkerPool):
    """Notes the most tasks it held at once (handed to its executor, no result yet)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: set = set()
        self.most_held = 0

    def submit(self, fn, *args, alone=False, **kwargs):
        pending = super().submit(fn, *args, alone=alone, **kwargs)
        self.held.add(pending.future)
        self.most_held = max(self.most_held, len(self.held))
        pending.future.add_done_callback(self.held.discard)
        return pending


def test_a_worker_is_handed_its_next_task_while_it_works_on_one():
    counting = CountingPool(1, timeout=30, preload=PRELOAD)
    try:
        run(counting, tasks.echo, "warm")

        async def many():
            return await asyncio.gather(*(counting.run(tasks.echo, n, 0.1) for n in range(10)))

        assert asyncio.run(many()) == list(range(10))
        assert counting.most_held == HANDED_PER_WORKER == 4
    finally:
        counting.shutdown()


def test_a_tasks_time_bound_starts_when_a_worker_takes_it():
    one = WorkerPool(1, timeout=2, preload=PRELOAD)
    try:
        run(one, tasks.echo, "warm")

        async def two_in_a_row():
            # The second waits ~1.2 s behind the first, then runs ~1.2 s: 2.4 s after it was
            # handed over, but within 2 s of starting.
            return await asyncio.gather(
                one.run(tasks.echo, "a", 1.2), one.run(tasks.echo, "b", 1.2)
            )

        assert asyncio.run(two_in_a_row()) == ["a", "b"]
    finally:
        one.shutdown()


@pytest.mark.parametrize("chunk", [1, 3])
def test_map_ordered_keeps_the_order(pool, chunk):
    later_ones_finish_first = [(n, 0.05 * (7 - n)) for n in range(8)]
    outcomes = list(pool.map_ordered(tasks.echo, later_ones_finish_first, window=6, chunk=chunk))
    assert [o.value for o in outcomes] == list(range(8))
    assert [o.task for o in outcomes] == later_ones_finish_first
    assert all(o.failure is None for o in outcomes)


def test_map_ordered_sends_a_chunk_of_tasks_to_one_worker(pool):
    outcomes = list(pool.map_ordered(tasks.worker_pid, [(0.05,)] * 6, window=6, chunk=3))
    pids = [o.value for o in outcomes]
    assert pids[0] == pids[1] == pids[2] and pids[3] == pids[4] == pids[5]
    assert os.getpid() not in pids


@pytest.mark.parametrize("chunk", [1, 3])
def test_map_ordered_reports_an_error_in_place_and_goes_on(pool, chunk):
    inputs = [(tasks.echo, ("a",)), (tasks.fail, ("boom",)), (tasks.echo, ("b",))]
    outcomes = list(pool.map_ordered(tasks.call, inputs, window=3, chunk=chunk))
    assert [o.value for o in outcomes] == ["a", None, "b"]
    assert [o.failure.reason if o.failure else None for o in outcomes] == [None, "error", None]
    assert "boom" in repr(outcomes[1].failure.__cause__)


@pytest.mark.parametrize("chunk", [1, 3])
def test_map_ordered_counts_a_crash_and_goes_on(pool, chunk):
    inputs = [("a",), ("die",), ("b",), ("c",)]
    outcomes = list(pool.map_ordered(tasks.die_on_value, inputs, window=3, chunk=chunk))
    assert [o.value for o in outcomes] == ["a", None, "b", "c"]
    assert [o.failure.reason if o.failure else None for o in outcomes] == [
        None,
        "worker_died",
        None,
        None,
    ]


@pytest.mark.parametrize("chunk", [1, 3])
def test_map_ordered_times_out_a_hung_task_and_goes_on(chunk):
    hung = WorkerPool(2, timeout=1, preload=PRELOAD)
    try:
        inputs = [(tasks.echo, ("a",)), (tasks.hang, (60,)), (tasks.echo, ("b",))]
        outcomes = list(hung.map_ordered(tasks.call, inputs, window=3, chunk=chunk))
    finally:
        hung.shutdown()
    assert [o.value for o in outcomes] == ["a", None, "b"]
    assert [o.failure.reason if o.failure else None for o in outcomes] == [None, "timeout", None]


def test_map_ordered_in_this_process_reports_failures_in_place():
    inline = WorkerPool(0)
    inputs = [(tasks.echo, ("a",)), (tasks.fail, ("boom",)), (tasks.worker_pid, ())]
    outcomes = list(inline.map_ordered(tasks.call, inputs, window=3, chunk=3))
    assert [o.value for o in outcomes] == ["a", None, os.getpid()]
    assert outcomes[1].failure is not None and outcomes[1].failure.reason == "error"


PRESTART_PROBE = """
import os, sys, time
from crawler.workers import WorkerPool
from tests.faults import tasks

def children():
    found = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as listing:
            found.update(listing.read().split())
    return found

def forkserver_seen():
    for pid in children():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if b"multiprocessing.forkserver" in cmdline.read():
                    return True
        except OSError:
            pass
    return False

def forkserver_running():
    for _ in range(100):  # its command line is the fork server's once it has called exec
        if forkserver_seen():
            return True
        time.sleep(0.1)
    return False

if __name__ == "__main__":
    pool = WorkerPool(1, timeout=10, preload=("tests.faults.tasks",))
    before = forkserver_seen()
    pool.prestart()
    after = forkserver_running()
    value = next(iter(pool.map_ordered(tasks.echo, [("done",)], window=1))).value
    pool.shutdown()
    print(before, after, value)
"""


def probe_command(tmp_path: Path, source: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run ``source`` as a script importing this project."""
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    return [sys.executable, str(probe)], {**os.environ, "PYTHONPATH": str(REPO)}


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_prestart_starts_the_fork_server_before_the_first_task(tmp_path):
    command, env = probe_command(tmp_path, PRESTART_PROBE)
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True", "done"]


OWNER_PROBE = """
import sys, time
from crawler.workers import WorkerPool
from tests.faults import tasks

if __name__ == "__main__":
    pool = WorkerPool(1, timeout=30, preload=("tests.faults.tasks",))
    print(next(iter(pool.map_ordered(tasks.worker_pid, [()], window=1))).value, flush=True)
    time.sleep(60)
"""


def stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (state first), None when
    there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()


def process_state(pid: int) -> str | None:
    """The process's state letter (``Z`` for a zombie), None when there is no such process."""
    fields = stat_fields(pid)
    return fields[0] if fields else None


def parent_of(pid: int) -> int:
    fields = stat_fields(pid)
    assert fields is not None, f"process {pid} is gone"
    return int(fields[1])


def gone(pid: int, seconds: float) -> bool:
    """Whether ``pid`` ends (or is left a zombie) within ``seconds``."""
    for _ in range(int(seconds * 10)):
        if process_state(pid) in (None, "Z"):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_and_fork_server_end_when_the_pools_owner_is_killed(tmp_path):
    command, env = probe_command(tmp_path, OWNER_PROBE)
    owner = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        worker = int(owner.stdout.readline())
        fork_server = parent_of(worker)
        assert fork_server != owner.pid
        owner.kill()
        owner.wait(timeout=10)
        assert gone(worker, 15), "the worker outlived the process that started its pool"
        assert gone(fork_server, 15), "the fork server outlived the pool's owner"
    finally:
        owner.kill()
        owner.stdout.close()
