"""The warm process that page kernels are forked from (run as ``python -m workbook.kernels``).

It imports what a family of pages needs (ipykernel, ipywidgets, and for the pages that
compute, numpy, pandas and the models), then listens on a Unix socket. Each request names
a kernel's arguments, environment and folder; the server forks, and the child becomes an
IPython kernel with those, as ``python -m ipykernel_launcher`` would, but with the imports
already done and their memory shared with every sibling until written to. This is the
fork server of Python's own ``multiprocessing`` (its "forkserver" start method), applied to
kernels; it is written here because no maintained package does it for Jupyter kernels.

Forking is safe only from a process with one thread, so BLAS libraries are told to start
none (``OPENBLAS_NUM_THREADS=1`` and its kin, set before numpy loads), and the server checks
that it has one thread before serving.

A request is one line of JSON, ``{"args": [...], "env": {...}, "cwd": "..."}``; the reply is
``{"pid": N}`` once the child leads its own session (so that signalling its process group
never reaches this server's), or ``{"error": "..."}``. Children are reaped by the kernel
(``SIGCHLD`` ignored). The server ends when its parent does, and each kernel ends when this
server does (``end_with``: Linux kills it when its parent ends), as kernels end with a
Jupyter server.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import json
import os
import random
import signal
import socket
import sys
from pathlib import Path

ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""Variables that keep numerical libraries from starting thread pools, which fork would break."""

FAMILIES: dict[str, tuple[str, ...]] = {
    "text": ("ipykernel.kernelapp", "ipywidgets"),
    "data": ("ipykernel.kernelapp", "ipywidgets", "numpy", "pandas"),
}
"""What each family of pages finds imported, besides its pages' own modules: "data" for the
pages that compute with numpy and pandas (``Page.computes``), "text" for the rest (whose
kernels stay small)."""


def family_pages(family: str) -> list:
    """The registry's pages whose kernels fork from this family's server.

    Example:
        >>> [page.id for page in family_pages("data")]
        ['seminar-themes', 'caseload-tiering', 'risk-and-needs', 'compliance-scenarios']
    """
    from workbook.web._pages import PAGES

    return [page for page in PAGES if page.factory and page.computes == (family == "data")]


LAUNCHER = "ipykernel_launcher"


def preload(family: str) -> list[str]:
    """Import the family's modules and its pages'; return those that failed (a page then imports them itself).

    Example:
        >>> preload("text")
        []
    """
    failed = []
    for name in FAMILIES[family]:
        try:
            importlib.import_module(name)
        except Exception:  # a broken optional import must not stop the server: the kernel will say
            failed.append(name)
    dashboards = importlib.import_module("workbook.dashboards")
    for page in family_pages(family):
        try:
            getattr(dashboards, page.factory)  # imports the page's module (workbook.lazy)
        except Exception:
            failed.append(page.factory)
    return failed


def thread_count() -> int:
    """Threads of this process, native ones included (numpy's BLAS pool would show here).

    Example:
        >>> thread_count() >= 1
        True
    """
    try:
        return len(os.listdir(f"/proc/{os.getpid()}/task"))
    except OSError:
        import threading

        return threading.active_count()


def serve(path: str, parent: int) -> None:
    """Answer fork requests on the Unix socket at ``path`` until the parent process ends."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    os.chmod(path + ".new", 0o600)
    listener.listen(64)
    listener.settimeout(1.0)
    os.rename(path + ".new", path)  # the socket appears when the server is ready, not before
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        with connection:
            connection.settimeout(10)
            try:
                request = json.loads(_read_line(connection))
                reply = {"pid": _fork(request, listener, connection)}
            except Exception as error:  # a bad request is answered, and the server goes on
                reply = {"error": f"{type(error).__name__}: {error}"}
            # The provisioner may have given up waiting; a forked child is then reaped when it ends.
            with contextlib.suppress(OSError):
                connection.sendall(json.dumps(reply).encode() + b"\n")


def _read_line(connection: socket.socket, limit: int = 1 << 20) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk or len(data) > limit:
            raise ValueError("incomplete request")
        data += chunk
    return data


def _fork(request: dict, listener: socket.socket, connection: socket.socket) -> int:
    args, env, cwd = list(request["args"]), dict(request["env"]), str(request["cwd"])
    server = os.getpid()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the server's loop
        status = 1
        try:
            end_with(server)
            os.close(ready_read)
            listener.close()
            connection.close()
            os.setsid()
            os.write(ready_write, b"1")
            os.close(ready_write)
            become_kernel(args, env, cwd, server)
            status = 0
        except SystemExit as done:
            status = done.code if isinstance(done.code, int) else 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    os.close(ready_write)
    os.read(ready_read, 1)  # the child now leads its own session
    os.close(ready_read)
    return pid


PR_SET_PDEATHSIG = 1
"""Linux's ``prctl`` option: the signal this process gets when its parent ends."""


def end_with(parent: int) -> None:
    """End this process when ``parent`` ends, or now if it already has.

    Linux sends the process SIGKILL when its parent ends (``prctl(PR_SET_PDEATHSIG)``, through
    ctypes: the standard library has no wrapper). A parent that ended before that call is
    caught by comparing it with the parent now.

    Example::

        if os.fork() == 0:
            end_with(server)  # in the child, first: it never outlives the server
    """
    with contextlib.suppress(OSError, AttributeError):  # not Linux: ipykernel's poller is left
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def become_kernel(args: list[str], env: dict[str, str], cwd: str, server: int) -> None:
    """Turn this forked process into the kernel that ``python -m ipykernel_launcher *args`` starts."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [LAUNCHER, *args]
    random.seed()  # siblings must not share the random module's state
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    # The kernel ends when this server does (``end_with``, and ipykernel's own watch of its
    # parent). ipykernel reads JPY_PARENT_PID when it is imported, which was here, before this
    # kernel's environment existed; and os.getppid() would be 1, which ipykernel does not
    # watch, if the server had already ended.
    app.parent_handle = server
    app.initialize(args)
    if "ipywidgets" in sys.modules:
        # ipywidgets registers its comm targets when imported into a running kernel; it was
        # imported here before there was one, so register them now, as its import would have.
        sys.modules["ipywidgets"]._handle_ipython()
    app.start()


def main(argv: list[str] | None = None) -> None:
    """``python -m workbook.kernels SOCKET FAMILY PARENT_PID``."""
    path, family, parent = argv or sys.argv[1:]
    for name in ONE_THREAD:
        os.environ[name] = "1"
    if sys.path and Path(sys.path[0]) == Path.cwd():
        del sys.path[0]  # as ipykernel_launcher does: a kernel adds its own folder back
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the server's terminal is the server's
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps ended children
    failed = preload(family)
    if failed:
        print(f"workbook fork server ({family}): could not import {', '.join(failed)}", file=sys.stderr)
    # Move what the imports made out of the garbage collector's sight: a collection in a kernel
    # would otherwise write to every object's header and copy the pages the kernels share.
    gc.collect()
    gc.freeze()
    if thread_count() != 1:
        print(f"workbook fork server ({family}): not forking, {thread_count()} threads", file=sys.stderr)
        return
    serve(path, int(parent))


if __name__ == "__main__":
    main()
