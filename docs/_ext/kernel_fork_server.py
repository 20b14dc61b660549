"""A process that imports the pages' modules once, then forks a Jupyter kernel on request.

Run as ``python kernel_fork_server.py MODULE...`` by ``forked_kernels``. Starting a kernel
the usual way costs a new interpreter and every import again (about a second for IPython and
its kernel, three quarters of one for matplotlib, one and a half for scikit-learn, on the
2-core build machine); a fork of this process starts with all of them in memory.

Protocol, one JSON object per line: a request on stdin ``{"argv": [...], "env": {...},
"cwd": "..."}``, with the argv of ``python -m ipykernel_launcher ...``; the answer on stdout
``{"pid": N}`` or ``{"error": "..."}``. When stdin closes, the server kills the kernels still
running and exits; were it killed itself, its kernels would stop too (ipykernel's parent poller,
through ``JPY_PARENT_PID``).
"""

from __future__ import annotations

import importlib
import json
import os
import random
import signal
import sys

# What ipykernel does in every kernel before matplotlib is imported; here it must be done
# before the preloading, or matplotlib would choose another backend.
if not os.environ.get("MPLBACKEND"):
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel")


def preload(modules: list[str]) -> None:
    """Import ``modules``; one that fails is left for the page to import and report.

    matplotlib's inline backend is not preloaded: imported before a kernel exists, it would
    not connect itself to the kernel, and figures would not be shown.
    """
    for module in [*KERNEL_MODULES, *modules]:
        if module.startswith("matplotlib_inline"):
            continue
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the page shows the error when it imports it
            pass


def run_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked child: become the process ``python -m ipykernel_launcher`` would be."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.close(null)
    os.environ.clear()
    os.environ.update(env)
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    os.chdir(cwd)
    # (ipykernel read JPY_PARENT_PID when the server imported it, so it is passed again)
    sys.argv = [argv[0], *argv[3:], f"--IPKernelApp.parent_handle={os.getppid()}"]
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def serve(requests, answers) -> None:
    """Fork a kernel for each request; when the requests end, kill the kernels still running
    (after a normal build there are none; after an interrupted one they would otherwise print
    their complaints until their parent poller stops them)."""
    kernels = []
    for line in requests:
        request = json.loads(line)
        argv = request["argv"]
        if argv[1:3] != ["-m", "ipykernel_launcher"]:
            answers.write(json.dumps({"error": f"not an ipykernel command: {argv}"}) + "\n")
            answers.flush()
            continue
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                requests.close()
                answers.close()
                for kernel in kernels:
                    os.close(kernel)
                run_kernel(argv, request["env"], request["cwd"])
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        kernels.append(os.pidfd_open(pid))
        answers.write(json.dumps({"pid": pid}) + "\n")
        answers.flush()
    for kernel in kernels:
        try:
            signal.pidfd_send_signal(kernel, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernels are reaped by the system
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # anything printed by an import goes to stderr, not into the answers
    del sys.path[0]  # this script's folder (ipykernel_launcher removes its own in the same way)
    preload(sys.argv[1:])
    serve(sys.stdin, answers)


if __name__ == "__main__":
    main()
