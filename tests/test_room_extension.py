"""The room pages load as a Jupyter Server extension, as under JupyterLab or a hub's single-user server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
from conftest import ARTIFACTS, end_process_group, free_port


def test_jupyter_server_serves_the_room_page_through_the_extension(tmp_path):
    port = free_port()
    log = (ARTIFACTS / "jupyter-server-room.log").open("w")
    command = [
        sys.executable, "-m", "jupyter_server", f"--port={port}", "--no-browser", "--ServerApp.token=",
        "--ServerApp.password=", '--ServerApp.jpserver_extensions={"workbook.room": True}',
        f"--ServerApp.root_dir={tmp_path}", "--ServerApp.base_url=/user/sam/",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, response = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/user/sam/workbook/room/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert response is not None and response.status_code == 200
        assert "Join the workshop room" in response.text
        assert 'action="/user/sam/workbook/room/join"' in response.text  # under the server's base URL
        css = httpx.get(f"http://127.0.0.1:{port}/user/sam/workbook/room/static/room.css?v=1", timeout=5)
        assert css.status_code == 200 and "max-age=604800" in css.headers["cache-control"]
    finally:
        end_process_group(server)
        log.close()
