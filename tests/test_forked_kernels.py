"""Kernels forked from a preloaded process (docs/_ext/forked_kernels.py) behave as usual ones."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import nbformat
import pytest
from jupyter_cache.executors.utils import single_nb_execution
from nbclient.exceptions import CellTimeoutError

from tests.conftest import ROOT, is_running

sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from forked_kernels import KernelForkServer, can_fork_kernels, imported_modules  # noqa: E402

pytestmark = pytest.mark.skipif(not can_fork_kernels(), reason="kernels are forked on Linux")

CELLS = [
    "import os, sys\nprint(os.getcwd())\nprint(os.environ.get('BACKPROP_PROBE'))\n"
    "print(sys.path)",
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(2, 2))\n"
    "ax.plot([0, 1], [1, 0])\nplt.show()",
    "import sys\nprint('to stderr', file=sys.stderr)\n6 * 7",
]
PARENT = "import os\nprint(os.getppid())"


def notebook(*sources: str) -> nbformat.NotebookNode:
    page = nbformat.v4.new_notebook()
    page.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                   "language": "python"}
    page.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return page


def run(page, cwd, timeout=60, **options):
    return single_nb_execution(page, cwd=str(cwd), timeout=timeout, allow_errors=False,
                               **options)


def parent_pid(pid: int) -> int:
    """The parent of process ``pid``, from Linux's /proc (the field after the name)."""
    stat = open(f"/proc/{pid}/stat", encoding="ascii").read()
    return int(stat.rsplit(")", 1)[1].split()[1])


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while is_running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not is_running(pid)


def parent_of(page) -> int:
    """The parent process of the kernel that ran ``page`` (first cell: PARENT)."""
    return int(page.cells[0].outputs[0]["text"])


@pytest.fixture
def server():
    """A server started in the test itself: kernels are forked only in the environment the
    server started in, and pytest changes PYTEST_CURRENT_TEST between a fixture and a test."""
    servers = []

    def start() -> KernelForkServer:
        servers.append(KernelForkServer(["numpy", "matplotlib.pyplot"]))
        return servers[-1]

    yield start
    for started in servers:
        started.close()


def test_a_forked_kernel_gives_the_outputs_of_a_usual_one(server, tmp_path, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # as in the build: conf.py removes it
    monkeypatch.setenv("BACKPROP_PROBE", "seen")
    server = server()
    usual, forked = notebook(PARENT, *CELLS), notebook(PARENT, *CELLS)
    assert run(usual, tmp_path).err is None
    assert run(forked, tmp_path, kernel_manager_class=server.kernel_manager_class()).err is None
    assert parent_of(forked) == server.pid != parent_of(usual)
    assert [cell.outputs for cell in forked.cells[1:]] == [
        cell.outputs for cell in usual.cells[1:]]
    assert forked.cells[1].outputs[0]["text"].startswith(f"{tmp_path}\nseen\n")
    assert "image/png" in forked.cells[2].outputs[0]["data"]
    assert forked.cells[3].outputs[0]["text"] == "to stderr\n"


def test_a_kernel_in_another_environment_is_started_as_usual(server, tmp_path, monkeypatch):
    server = server()
    monkeypatch.setenv("BACKPROP_PROBE", "set after the server started")
    page = notebook(PARENT, *CELLS[:1])
    assert run(page, tmp_path, kernel_manager_class=server.kernel_manager_class()).err is None
    assert parent_of(page) == os.getpid()
    assert "set after the server started" in page.cells[1].outputs[0]["text"]


def test_a_kernel_that_runs_too_long_is_stopped(server, tmp_path):
    server = server()
    page = notebook("import os\nprint(os.getppid(), os.getpid())", "import time\ntime.sleep(60)")
    result = run(page, tmp_path, timeout=3, kernel_manager_class=server.kernel_manager_class())
    assert isinstance(result.err, CellTimeoutError)
    parent, kernel = map(int, page.cells[0].outputs[0]["text"].split())
    assert parent == server.pid
    assert gone_within(kernel, 10)


def test_kernels_stop_when_their_server_stops(server, tmp_path):
    server = server()
    manager = server.kernel_manager_class()(kernel_name="python3")
    asyncio.run(manager.start_kernel(cwd=str(tmp_path)))
    pid = manager.provisioner.pid
    assert is_running(pid) and parent_pid(pid) == server.pid
    server.close()
    assert gone_within(pid, 15)
    asyncio.run(manager.cleanup_resources())


def test_only_this_interpreters_ipykernel_is_forked(server):
    server = server()
    env = server.environment
    assert server.serves([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], env)
    assert not server.serves(["/usr/bin/env", "-m", "ipykernel_launcher", "-f", "k.json"], env)
    assert not server.serves([sys.executable, "-m", "another_kernel", "-f", "k.json"], env)
    server.close()
    assert not server.serves([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], env)


def test_the_modules_to_preload_are_read_from_the_import_statements():
    sources = [
        "import numpy as np\nfrom sklearn.datasets import make_circles\nimport os.path",
        "%matplotlib inline\nimport never_seen",
        "from . import relative\nfrom nncore.plotting import use_book_style\nimport numpy",
    ]
    assert imported_modules(sources) == [
        "numpy", "sklearn.datasets", "os.path", "nncore.plotting"]
