"""Page kernels forked from warm processes (workbook.kernels): real fork servers and real kernels."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import run_apart
from jupyter_client import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from workbook.kernels import _provisioner
from workbook.kernels._provisioner import ForkServer

COMPLIANCE = "/voila/render/05-compliance-scenarios.ipynb"
START = "/voila/render/00-start-here.ipynb"


@pytest.fixture(scope="module")
def fork_servers():
    servers = _provisioner.start_fork_servers()
    deadline = time.monotonic() + 60
    while not _provisioner.fork_servers_ready() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _provisioner.fork_servers_ready(), "the fork servers did not start"
    yield servers
    _provisioner.stop_fork_servers()


@pytest.fixture(autouse=True)
def forking_provisioner():
    """Jupyter's provisioner factory (one per process) naming ours, as ``workbook serve`` configures it."""
    factory = KernelProvisionerFactory.instance()
    before = factory.default_provisioner_name
    factory.default_provisioner_name = "workbook-forking"
    yield
    factory.default_provisioner_name = before


def kernel_manager() -> AsyncKernelManager:
    return AsyncKernelManager(kernel_name="python3")


async def run(client, code: str) -> dict:
    """Execute ``code``; the reply's content with the text it printed."""
    msg_id = client.execute(code)
    printed = []
    while True:
        message = await client.get_iopub_msg(timeout=30)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    reply = await client.get_shell_msg(timeout=30)
    return {**reply["content"], "printed": "".join(printed)}


async def started(page: str, folder: Path, **env):
    manager = kernel_manager()
    await manager.start_kernel(env={**os.environ, "SCRIPT_NAME": page, **env}, cwd=str(folder))
    client = manager.client()
    client.start_channels()
    await client.wait_for_ready(timeout=60)
    return manager, client


async def stopped(manager, client) -> None:
    client.stop_channels()
    await manager.shutdown_kernel(now=False)


def test_a_page_kernel_is_forked_with_its_family_imports_done_and_its_own_world(fork_servers, tmp_path):
    async def scenario():
        data, data_client = await started(COMPLIANCE, tmp_path, WORKBOOK_TEST_MARK="compliance")
        text, text_client = await started(START, tmp_path)
        try:
            code = (
                "import os, sys, random, json\n"
                "print(json.dumps({'ppid': os.getppid(), 'cwd': os.getcwd(),"
                " 'pandas': 'pandas' in sys.modules,"
                " 'mark': os.environ.get('WORKBOOK_TEST_MARK'), 'random': random.random(),"
                " 'targets': sorted(get_ipython().kernel.comm_manager.targets)}))"
            )
            seen_data = json.loads((await run(data_client, code))["printed"])
            seen_text = json.loads((await run(text_client, code))["printed"])
            pids = [data.provisioner.pid, text.provisioner.pid]
        finally:
            await stopped(data, data_client)
            await stopped(text, text_client)
        return pids, seen_data, seen_text

    pids, seen_data, seen_text = run_apart(scenario())
    assert seen_data["ppid"] == fork_servers["data"].process.pid
    assert seen_text["ppid"] == fork_servers["text"].process.pid
    assert seen_data["pandas"] and not seen_text["pandas"]  # the data family's imports are done
    assert seen_data["cwd"] == str(tmp_path) and seen_data["mark"] == "compliance"
    assert seen_text["mark"] is None  # each kernel has the environment it was given, nothing else
    assert seen_data["random"] != seen_text["random"]
    assert {"jupyter.widget", "jupyter.widget.control"} <= set(seen_data["targets"])
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)  # shut down, and reaped


def test_a_forked_kernel_can_be_interrupted_and_ends_when_shut_down(fork_servers, tmp_path):
    async def scenario():
        manager, client = await started(START, tmp_path)
        pid = manager.provisioner.pid
        msg_id = client.execute("import time\ntime.sleep(60)")
        await asyncio.sleep(1.0)
        started_at = time.monotonic()
        await manager.interrupt_kernel()
        while True:
            reply = await client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        interrupted_in = time.monotonic() - started_at
        await stopped(manager, client)
        return pid, reply["content"], interrupted_in

    pid, reply, interrupted_in = run_apart(scenario())
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
    assert interrupted_in < 30
    assert not Path(f"/proc/{pid}").exists()


def test_a_forked_kernel_ends_with_its_fork_server(tmp_path):
    server = ForkServer("text", tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not server.ready and time.monotonic() < deadline:
            time.sleep(0.05)
        connection = tmp_path / "kernel.json"
        manager = kernel_manager()
        manager.connection_file = str(connection)
        manager.write_connection_file()
        args = ["-f", str(connection)]
        pid = run_apart(server.fork(args, dict(os.environ), str(tmp_path)))
        assert pid and Path(f"/proc/{pid}").exists()
    finally:
        server.stop()
    deadline = time.monotonic() + 20
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(pid)


def test_a_kernel_whose_server_ended_before_it_started_ends_at_once():
    # A child of this test's process told that its server is another process: as if the
    # server had ended between the fork and the child's first step.
    code = "import time; from workbook.kernels._forkserver import end_with; end_with(1); time.sleep(60)"
    child = subprocess.run([sys.executable, "-c", code], timeout=30)
    assert child.returncode == 0


def test_a_kernel_ends_when_its_server_ends_whatever_its_new_parent(tmp_path):
    # The middle process forks a child that calls end_with, says its number and ends: the
    # child must end too, though nothing else watches it.
    code = (
        "import os, sys, time\n"
        "from workbook.kernels._forkserver import end_with\n"
        "middle = os.getpid()\n"
        "if os.fork() == 0:\n"
        "    end_with(middle)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
    )
    middle = subprocess.Popen([sys.executable, "-c", code])
    child = None
    deadline = time.monotonic() + 20
    while child is None and time.monotonic() < deadline:
        child = next(iter(psutil.Process(middle.pid).children()), None) if middle.poll() is None else -1
        time.sleep(0.01)
    middle.wait(timeout=30)
    assert child not in (None, -1), "the middle process ended before its child was seen"
    deadline = time.monotonic() + 20
    while running(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(child.pid)


def running(pid: int) -> bool:
    """Whether a process runs: an orphan that has ended but that init has not yet reaped does not."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_bad_request_is_answered_and_the_server_goes_on(fork_servers):
    server = fork_servers["text"]
    with socket.socket(socket.AF_UNIX) as connection:
        connection.connect(server.path)
        connection.sendall(b'{"args": []}\n')  # no env, no cwd
        reply = json.loads(connection.makefile().readline())
    assert "KeyError" in reply["error"]
    assert server.ready


def test_without_forking_a_kernel_is_launched_as_usual(tmp_path):
    assert not _provisioner.FORKING["enabled"] or _provisioner.SERVERS

    async def scenario():
        _provisioner.FORKING["enabled"] = False
        try:
            manager, client = await started(COMPLIANCE, tmp_path)
            process = manager.provisioner.process
            await stopped(manager, client)
        finally:
            _provisioner.FORKING["enabled"] = bool(_provisioner.SERVERS)
        return process

    process = run_apart(scenario())
    assert process.args[1:3] == ["-m", "ipykernel_launcher"] and process.args[0] == sys.executable


def test_each_page_finds_its_own_module_imported_in_its_family_fork_server():
    import nbformat

    from workbook import dashboards
    from workbook.web._pages import PAGES

    imported = {}
    for family in ("text", "data"):
        code = (
            "import sys; from workbook.kernels._forkserver import preload; "
            "preload(sys.argv[1]); print(*sys.modules)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, family], capture_output=True, text=True, check=True
        )
        imported[family] = set(done.stdout.split())
    for page in PAGES:
        if not page.notebook:
            continue
        call = nbformat.read(f"notebooks/{page.notebook}", as_version=4).cells[-1].source.strip()
        assert call == f"{page.factory}()", (
            f"{page.id}: the notebook calls {call}, the registry names {page.factory}"
        )
        module = getattr(dashboards, page.factory).__module__
        family = _provisioner.family_of({"SCRIPT_NAME": f"/voila/render/{page.notebook}"})
        assert module in imported[family], f"{page.id}: {module} is not preloaded for the {family} pages"
        assert ("pandas" in imported[family]) == page.computes
