"""The background execution of pages (docs/_ext/parallel_execution.py), outside Sphinx."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import Future, wait

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from parallel_execution import run_in_daemon_threads  # noqa: E402


def test_tasks_run_in_order_at_most_workers_at_a_time_each_on_its_future():
    lock, running, most, started = threading.Lock(), [0], [0], []

    def task(name):
        with lock:
            started.append(name)
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        if name == "c":
            raise ValueError("page c failed")
        return name.upper()

    runs = {name: Future() for name in "abcde"}
    runs["d"].cancel()
    run_in_daemon_threads([(runs[n], task, (n,), {}) for n in "abcde"], workers=2)
    wait(runs.values(), timeout=10)
    assert most[0] == 2
    assert started == ["a", "b", "c", "e"] or started == ["b", "a", "c", "e"]
    assert runs["a"].result() == "A" and runs["e"].result() == "E"
    with pytest.raises(ValueError, match="page c failed"):
        runs["c"].result()
    assert runs["d"].cancelled()


def test_the_threads_do_not_keep_the_build_alive():
    release = threading.Event()
    run = Future()
    before = set(threading.enumerate())
    run_in_daemon_threads([(run, release.wait, (), {})], workers=1)
    started = set(threading.enumerate()) - before
    assert len(started) == 1 and started.pop().daemon
    release.set()
    assert run.result(timeout=10) is True
