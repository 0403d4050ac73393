"""Peak memory of a command and every process it starts (a build forks its workers)."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass

INTERVAL = 0.05  # seconds between two readings


@dataclass
class Usage:
    stdout: str
    peak_mb: float  # largest sum of the PSS of the process tree, MB
    peak_rss_mb: float  # largest peak resident set (VmHWM) of any one process in it, MB
    cpu_s: float  # user + system time of the command and the children it waited for


def run_measuring_memory(command: list[str]) -> Usage:
    """Run command, reading every INTERVAL seconds from /proc the proportional set sizes
    (PSS: shared pages split between their processes) of it and its descendants, summed, and
    each one's peak resident set (VmHWM); 0.0 where /proc has neither. A forked worker that
    ends between two readings loses at most its last INTERVAL of growth. (The children's
    ru_maxrss would not do: it is the largest of every child so far, Hugo's included.)"""
    before = _children_cpu_s()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = peak_single = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_single
        while not done.is_set():
            readings = [_status_kb(pid) for pid in _tree(process.pid)]
            peak = max(peak, sum(pss for pss, _ in readings) / 1024)
            peak_single = max(peak_single, *(hwm / 1024 for _, hwm in readings))
            time.sleep(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, stdout, stderr)
    return Usage(stdout, peak, peak_single, _children_cpu_s() - before)


def _children_cpu_s() -> float:
    """User and system time of every child process reaped so far (and of the children they
    reaped: a build's workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                for child in children.read().split():
                    pids += _tree(int(child))
    except OSError:  # it ended meanwhile
        pass
    return pids


def _status_kb(pid: int) -> tuple[int, int]:
    """The process's PSS and its peak resident set so far, kB (0 when it has ended)."""
    pss = hwm = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                    break
    except OSError:
        pass
    return pss, hwm
