"""Peak memory of a command and every process it starts (a build forks its workers)."""

from __future__ import annotations

import os
import subprocess
import threading
import time

INTERVAL = 0.05  # seconds between two readings


def run_measuring_memory(command: list[str]) -> tuple[str, float]:
    """Run command; returns its standard output and the largest sum of the proportional set
    sizes (PSS: shared pages split between their processes) of it and its descendants, in
    MB, read every INTERVAL seconds from /proc (0.0 where /proc has no smaps_rollup)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)) / 1024)
            time.sleep(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, stdout, stderr)
    return stdout, peak


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


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
