"""Page kernels forked from warm processes: the kernel provisioner ``workbook-forking``.

``workbook serve`` names it as Jupyter's default provisioner, so every page's kernel is
launched here. A kernel for the plain ``python -m ipykernel_launcher`` command (what the
Python kernel spec runs) is forked from the fork server of its page's family ("data" for
the pages that compute, ``Page.computes``; "text" for the rest), with the
environment and folder Voila gave it. Anything else, and any kernel asked for while its
fork server is still warming up or has gone, is launched as Jupyter always does.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from workbook.kernels._forkserver import FAMILIES, LAUNCHER

FORKING = {"enabled": False}
"""Whether this process forks page kernels (``start_fork_servers`` turns it on)."""


def family_of(environ: dict[str, str]) -> str:
    """The family of the page a kernel is for, from the request Voila passes in its environment.

    Example:
        >>> family_of({"SCRIPT_NAME": "/voila/render/05-compliance-scenarios.ipynb"})
        'data'
        >>> family_of({"SCRIPT_NAME": "/voila/render/00-start-here.ipynb"}), family_of({})
        ('text', 'text')
    """
    from workbook.web._pages import page_for_notebook

    notebook = environ.get("SCRIPT_NAME", "").rsplit("/", 1)[-1]
    page = page_for_notebook(notebook) if notebook else None
    return "data" if page is not None and page.computes else "text"


def launcher_args(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments when ``cmd`` is this Python running ``-m ipykernel_launcher``, else None.

    Example:
        >>> launcher_args([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
        ['-f', 'k.json']
        >>> launcher_args(["/other/python", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
        True
    """
    if len(cmd) < 3 or cmd[1:3] != ["-m", LAUNCHER]:
        return None
    same = os.path.realpath(cmd[0]) == os.path.realpath(sys.executable) or cmd[0] == "python"
    return list(cmd[3:]) if same else None


class ForkServer:
    """One warm process (``_forkserver``) for a family of pages, and the requests to fork from it."""

    def __init__(self, family: str, folder: Path):
        self.family = family
        self.path = str(folder / f"{family}.sock")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbook.kernels", self.path, family, str(os.getpid())],
            stdin=subprocess.DEVNULL,
            env=env,
        )

    @property
    def ready(self) -> bool:
        """Whether the server is listening (it makes its socket once its imports are done)."""
        return self.process.poll() is None and os.path.exists(self.path)

    async def fork(self, args: list[str], env: dict[str, str], cwd: str, timeout: float = 10) -> int | None:
        """A new kernel's process id, or None when the server cannot fork one now."""
        if not self.ready:
            return None
        request = json.dumps({"args": args, "env": env, "cwd": cwd}).encode() + b"\n"
        writer = None
        try:
            reader, writer = await asyncio.open_unix_connection(self.path)
            writer.write(request)
            await writer.drain()
            reply = json.loads(await asyncio.wait_for(reader.readline(), timeout))
        except (TimeoutError, OSError, ValueError):
            return None
        finally:
            if writer is not None:
                writer.close()
        return reply.get("pid")

    def stop(self) -> None:
        """End the server (its kernels then end too)."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
        with contextlib.suppress(OSError):
            os.unlink(self.path)


SERVERS: dict[str, ForkServer] = {}


def start_fork_servers(families=tuple(FAMILIES)) -> dict[str, ForkServer]:
    """Start a fork server per family (they warm up in the background) and fork page kernels from now on.

    Only on Linux: Windows cannot fork, and on macOS the system's numerical libraries start
    threads that a fork would break. Elsewhere kernels are launched as usual.
    """
    if not sys.platform.startswith("linux"):
        return SERVERS
    folder = Path(tempfile.mkdtemp(prefix="workbook-kernels-"))
    for family in families:
        if family not in SERVERS:
            SERVERS[family] = ForkServer(family, folder)
    FORKING["enabled"] = True
    atexit.register(stop_fork_servers)
    return SERVERS


def stop_fork_servers() -> None:
    """Stop every fork server; kernels are launched as usual afterwards."""
    FORKING["enabled"] = False
    for server in SERVERS.values():
        server.stop()
    SERVERS.clear()


def fork_servers_ready() -> bool:
    """Whether fork servers were started and every one of them listens."""
    return bool(SERVERS) and all(server.ready for server in SERVERS.values())


class ForkedKernel:
    """What Jupyter's provisioner needs of a ``Popen`` for a kernel that is not its own child.

    The fork server reaps it, so its exit status is not known here: an ended kernel reads 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while the kernel runs, else its (unknown, so 0) exit status."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # the number now belongs to another user's process
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Block until the kernel has ended."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired([str(self.pid)], timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Signal the kernel (ProcessLookupError once it has ended, as Popen's caller expects)."""
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """Jupyter's local provisioner, forking Python kernels from a warm process when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Fork the kernel from its family's server; otherwise launch it as usual."""
        args = launcher_args(cmd) if FORKING["enabled"] else None
        env = dict(kwargs.get("env") or os.environ)
        server = SERVERS.get(family_of(env)) if args is not None else None
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = await server.fork(args, env, cwd) if server is not None else None
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid  # the child leads its own session before its number is sent
        self.cwd = cwd
        self.log.debug("Kernel %s forked from the %s fork server", pid, server.family)
        return self.connection_info
