"""Jupyter kernels forked from a process that has already imported what the pages import.

Used by ``parallel_execution``: ``KernelForkServer(modules)`` starts
``kernel_fork_server.py``, which imports ``modules`` once; ``server.kernel_manager_class()``
is a jupyter_client kernel manager whose kernels are forks of that process instead of new
interpreters. Everything else about a kernel is as usual (its connection file, environment,
working directory, signals and shutdown). A kernel is launched the usual way when its command
is not this interpreter's ``-m ipykernel_launcher``, or when its environment is not the one the
server imported its modules in.
"""

from __future__ import annotations

import ast
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

SERVER = Path(__file__).with_name("kernel_fork_server.py")


def can_fork_kernels() -> bool:
    """Forking a process that holds imported libraries is safe on Linux (not on macOS); the
    kernels are watched through pidfds (Linux 5.3 and later, when a sandbox allows them)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


def imported_modules(sources: list[str]) -> list[str]:
    """The modules named by the import statements of Python ``sources``, in order of first
    appearance (a cell that is not plain Python, such as one with a magic, is skipped)."""
    found: dict[str, None] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((alias.name, None) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found[node.module] = None
    return list(found)


class ForkedProcess:
    """What jupyter_client needs of a ``subprocess.Popen``, for a kernel that is not our
    child: it is watched through a pidfd, and its exit status is not known (0 once gone)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._pidfd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._pidfd], [], [], 0)[0]:
            self.returncode = 0
            os.close(self._pidfd)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class KernelForkServer:
    """The process kernels are forked from (see ``kernel_fork_server.py``)."""

    def __init__(self, modules: list[str]) -> None:
        # What a kernel started now would see (jupyter_client drops PYTHONEXECUTABLE).
        self.environment = {k: v for k, v in os.environ.items() if k != "PYTHONEXECUTABLE"}
        self._process = subprocess.Popen(
            [sys.executable, str(SERVER), *modules], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, start_new_session=True, env=self.environment)
        self.pid = self._process.pid
        self._lock = threading.Lock()

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> ForkedProcess:
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd})
        with self._lock:
            self._process.stdin.write(request + "\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline()
        if not answer:
            raise RuntimeError("the kernel fork server has stopped")
        answer = json.loads(answer)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return ForkedProcess(answer["pid"])

    def serves(self, argv: list[str], env: dict[str, str]) -> bool:
        """Whether a kernel started by ``argv`` in ``env`` can be forked from this server:
        this interpreter's ipykernel, in the environment the server imported its modules in
        (an import may depend on it, as matplotlib's backend does on MPLBACKEND)."""
        return (self._process.poll() is None
                and len(argv) > 3 and argv[1:3] == ["-m", "ipykernel_launcher"]
                and os.path.realpath(argv[0]) == os.path.realpath(sys.executable)
                and env == self.environment)

    def close(self) -> None:
        """Stop the server (its kernels then stop too)."""
        if self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait()
            self._process.stdout.close()

    def kernel_manager_class(self) -> type[AsyncKernelManager]:
        """A kernel manager class, for nbclient, whose kernels this server forks."""
        server = self

        class ForkedProvisioner(LocalProvisioner):
            async def launch_kernel(self, cmd, **kwargs):
                env = dict(kwargs.get("env") or os.environ)
                if not server.serves(cmd, env):
                    return await super().launch_kernel(cmd, **kwargs)
                cwd = str(kwargs.get("cwd") or Path.cwd())
                self.process = server.fork(cmd, env, cwd)
                self.pid = self.pgid = self.process.pid  # the kernel leads its own session
                self.cwd = cwd
                return self.connection_info

        class ForkedKernelManager(AsyncKernelManager):
            async def _async_pre_start_kernel(self, **kw):
                kernel_id = kw.pop("kernel_id", None)
                if self.provisioner is None:
                    self.kernel_id = self.kernel_id or kernel_id or str(uuid.uuid4())
                    self.provisioner = ForkedProvisioner(
                        kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
                return await super()._async_pre_start_kernel(**kw)

        return ForkedKernelManager
