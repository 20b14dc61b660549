"""Ctrl-C during the execution of pages stops the build within seconds, and no kernel stays.

A terminal's Ctrl-C sends SIGINT to the whole foreground process group: the build, its
parallel readers and the kernels they started. The build is not quiet about it: nbclient's
clean-up after the interrupt fails an assertion (``assert self.km is not None``), which
Sphinx reports as a crash, the known upstream problem jupyter-book/jupyter-book#2377
(jupyter/nbclient#126).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.conftest import is_running
from tests.test_failing_page import throwaway_book

pytestmark = pytest.mark.slow

SLOW_PAGE = """# {name}

```{{code-cell}} ipython3
import os, pathlib, time
pathlib.Path(r"{marker}.part").write_text(str(os.getpid()))
os.replace(r"{marker}.part", r"{marker}")  # the marker appears with its content
time.sleep(300)
```
"""


@pytest.mark.parametrize("whole_group", [True, False], ids=["ctrl-c", "sigint-to-build"])
def test_an_interrupted_build_stops_its_kernel_and_exits(tmp_path, whole_group):
    names = ["slow1", "slow2"]
    markers = [tmp_path / f"{name}.pid" for name in names]
    command, options = throwaway_book(tmp_path, {
        name: SLOW_PAGE.format(name=name, marker=marker) for name, marker in zip(names, markers)})
    build = subprocess.Popen(command, **options, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    running = min(len(names), os.cpu_count() or 1)  # one page per reader
    kernels: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while sum(m.exists() for m in markers) < running and time.monotonic() < deadline:
            time.sleep(0.2)
        kernels = [int(m.read_text()) for m in markers if m.exists()]
        assert len(kernels) == running, f"{running} pages should be executing"

        interrupted = time.monotonic()
        if whole_group:
            os.killpg(build.pid, signal.SIGINT)
        else:
            build.send_signal(signal.SIGINT)
        build.communicate(timeout=20)
        assert build.returncode != 0
        assert time.monotonic() - interrupted < 10
        deadline = time.monotonic() + 10
        while any(map(is_running, kernels)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(is_running, kernels))
    finally:  # leave nothing running when the test fails
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        for pid in filter(is_running, kernels):
            os.kill(pid, signal.SIGKILL)
