"""Forked worker processes: when work is worth spreading, a pool to map it over, and a
single process to run beside the build.

Processes are forked: they inherit the loaded code, the project, the matcher and jieba's
dictionary instead of each loading them again, so a job is only what differs (a report's
index and placement). Where there is no fork (Windows), everything runs in the one process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from multiprocessing.process import BaseProcess
from typing import NamedTuple

PARALLEL_FROM = 48  # below this many pages to render, worker processes cost more than they save
CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def worker_count() -> int:
    return min(os.cpu_count() or 1, 8) if CAN_FORK else 1


def worth_forking(jobs: int) -> bool:
    """Whether this many pages of work are done sooner in worker processes. Read at every
    call, so that tests can set PARALLEL_FROM."""
    return jobs >= PARALLEL_FROM and worker_count() > 1


def map_in_workers(work: Callable, jobs: list) -> Iterator:
    """work(job) for each job, in order, from a pool of forked workers: a generator, so the
    caller can write each result away as it arrives. work itself is inherited, not sent:
    only the jobs and what work returns travel (plain tuples travel back several times
    faster than named ones)."""
    global _work
    _work = work
    workers = worker_count()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # At most 32 pages a chunk: a worker holds a chunk's results until it is done
        # (625 pages a chunk at 10,000 reports cost each worker about 100 MB more).
        chunks = max(1, min(32, len(jobs) // (workers * 8)))
        with _frozen():  # map() submits every job at once: the workers are forked now
            results = pool.map(_run_work, jobs, chunksize=chunks)
        yield from results


_work: Callable | None = None


def _run_work(job):
    return _work(job)


def give_back_free_memory() -> None:
    """Return the memory this process has freed to the system (glibc keeps freed memory
    for reuse: after the other pages, about 300 MB at 10,000 reports, while the index
    process still works). Nothing where the C library is not glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def iterate_in_fork(generate: Callable[..., Iterable], *args) -> Iterator:
    """The items of generate(*args), made in a forked process started now: iterate to
    get them, in order (what the process raises is raised here). A thread of this process
    receives each as soon as it is sent, so the process never waits for this one."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = start_forked(_send_items, send, generate, *args)
    send.close()
    items: queue.SimpleQueue = queue.SimpleQueue()

    def receive_all() -> None:
        try:
            while True:
                items.put(receive.recv())
        except EOFError:  # the process has sent everything (or died: see below)
            items.put(_ENDED)
        finally:
            receive.close()

    threading.Thread(target=receive_all, daemon=True).start()

    def results() -> Iterator:
        while (item := items.get()) is not _ENDED:
            if isinstance(item, _Failed):
                process.join()
                raise item.error
            if isinstance(item, _Done):
                process.join()
                return
            yield item
        process.join()
        raise RuntimeError(f"a forked process ended early (exit code {process.exitcode})")

    return results()


_ENDED = object()


class _Done:
    """Sent after the last item."""


class _Failed(NamedTuple):
    error: BaseException


def _send_items(send, generate: Callable[..., Iterable], *args) -> None:
    try:
        for item in generate(*args):
            send.send(item)
        send.send(_Done())
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        with suppress(OSError):  # unless it is gone (the build was stopped)
            send.send(_Failed(error))
    finally:
        send.close()


def start_forked(target: Callable, *args) -> BaseProcess:
    """A forked process running target(*args), started."""
    with _frozen():
        process = multiprocessing.get_context("fork").Process(target=target, args=args)
        process.start()
    return process


@contextmanager
def _frozen():
    """Objects the forked processes inherit are left out of garbage collection meanwhile:
    collecting them would write to every one of them, copying the parent's memory into
    each process page by page."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a long-running preview must still collect what it frees
