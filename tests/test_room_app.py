"""`workbook room`: the room pages on their own, as a JupyterHub service runs them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
from conftest import ARTIFACTS, free_port

from workbook.journal import Store


def test_workbook_room_serves_the_room_under_the_hubs_prefix_and_stops_on_sigterm(tmp_path):
    store_url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    with Store(store_url) as store:
        room, _ = store.open_room("Conference room")
    port = free_port()
    env = {
        **os.environ,
        "WORKBOOK_DB_URL": store_url,
        "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}",
        "JUPYTERHUB_SERVICE_PREFIX": "/services/workbook-room/",
        "JUPYTERHUB_BASE_URL": "/",
    }
    log = (ARTIFACTS / "workbook-room.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "workbook", "room"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    prefix = "/services/workbook-room/"
    base = f"http://127.0.0.1:{port}{prefix}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                assert httpx.get(base + "health", timeout=5).json() == {"ok": True}
                break
            except httpx.TransportError:
                time.sleep(0.2)
        with httpx.Client(timeout=10) as http:
            assert http.get(base).headers["location"] == prefix + "workbook/room/"
            join = http.get(base + "workbook/room/" + room.join_code)
            assert (
                join.status_code == 200
                and f'action="{base.removeprefix(f"http://127.0.0.1:{port}")}' in join.text
            )
            token = join.text.split('name="_xsrf" value="')[1].split('"')[0]
            joined = http.post(
                base + "workbook/room/join",
                data={"_xsrf": token, "code": room.join_code, "pseudonym": "Ali"},
                follow_redirects=True,
            )
            assert "You are in as" in joined.text
            assert 'href="/hub/user-redirect/voila/render/06-reflective-journal.ipynb"' in joined.text
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    finally:
        if server.poll() is None:
            server.kill()
        log.close()
