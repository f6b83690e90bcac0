"""The room pages on their own: one small server, such as a JupyterHub service for a whole conference.

Under JupyterHub the room runs once, beside the hub, as the service
``workbook-room``: the hub's proxy sends ``/services/workbook-room/`` to it, so a
participant joining or answering costs one request to this process, never a
server of their own. Every user's server and this one share one store
(``WORKBOOK_DB_URL``), so a room a facilitator opens on their own server is the
room participants join here.

JupyterHub tells a service where it listens and under which path
(``JUPYTERHUB_SERVICE_URL``, ``JUPYTERHUB_SERVICE_PREFIX``); ``workbook room``
reads them, or takes ``--ip``, ``--port`` and ``--prefix``. The only client is the
hub's proxy, so the address that counts for the join limits is the last one the proxy
adds to ``X-Forwarded-For``; a proxy that is not on this machine must be named in
``WORKBOOK_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from urllib.parse import urlsplit

import tornado.web
from tornado.httpserver import HTTPServer

from workbook.room import ROOM_PATH
from workbook.room._handlers import room_handlers
from workbook.room._service import RoomService

LOG = logging.getLogger(__name__)


class HealthHandler(tornado.web.RequestHandler):
    """``GET <prefix>health``: the room server is up (for the hub, a load balancer or a probe)."""

    def get(self) -> None:
        """Say so, in a few bytes."""
        self.set_header("Cache-Control", "no-store")
        self.finish({"ok": True})


def room_application(prefix: str, service: RoomService, pages_url: str = "") -> tornado.web.Application:
    """The room pages under ``prefix`` (ending in ``/``), with ``prefix`` itself leading to the join form."""
    return tornado.web.Application(
        [
            (prefix, tornado.web.RedirectHandler, {"url": prefix + ROOM_PATH + "/"}),
            (prefix + "health", HealthHandler),
            *room_handlers(prefix, service, pages_url),
        ],
        # Handlers check the token on every POST themselves (room/_page.py); cookies stay on the room's path.
        xsrf_cookie_kwargs={"path": prefix, "httponly": True, "samesite": "Lax"},
    )


def hub_settings(environ: dict[str, str] | None = None) -> dict[str, str | int]:
    """Where JupyterHub asks a service to listen, and under which path; empty outside a hub.

    Example:
        >>> found = hub_settings({"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10101",
        ...                       "JUPYTERHUB_SERVICE_PREFIX": "/services/workbook-room/",
        ...                       "JUPYTERHUB_BASE_URL": "/"})
        >>> found["ip"], found["port"], found["prefix"]
        ('127.0.0.1', 10101, '/services/workbook-room/')
        >>> found["pages_url"]
        '/hub/user-redirect/voila/render/'
    """
    env = os.environ if environ is None else environ
    found: dict[str, str | int] = {}
    if url := env.get("JUPYTERHUB_SERVICE_URL"):
        parts = urlsplit(url)
        found.update(ip=parts.hostname or "127.0.0.1", port=parts.port or 80)
    if prefix := env.get("JUPYTERHUB_SERVICE_PREFIX"):
        found["prefix"] = prefix
        # A participant's own pages are on their own server, which the hub finds for them.
        found["pages_url"] = env.get("JUPYTERHUB_BASE_URL", "/") + "hub/user-redirect/voila/render/"
    return found


def serve_room(
    *,
    ip: str = "127.0.0.1",
    port: int = 8867,
    prefix: str = "/",
    db_url: str | None = None,
    pages_url: str = "",
) -> None:
    """Serve the room pages until interrupted (SIGINT or SIGTERM).

    Args:
        ip: The address to listen on.
        port: The port to listen on.
        prefix: The path the pages live under (a hub service's prefix), ending in ``/``.
        db_url: The journal store; ``None`` for ``WORKBOOK_DB_URL`` or the per-user file.
        pages_url: Where the dashboard pages are, when not on this server.
    """
    prefix = prefix if prefix.endswith("/") else prefix + "/"

    async def run() -> None:
        service = RoomService(db_url)
        # No xheaders: a client could name itself in X-Real-Ip; the handlers believe only the last
        # X-Forwarded-For hop, and only from a proxy they trust (room/_page.py, client_address).
        server = HTTPServer(room_application(prefix, service, pages_url))
        server.listen(port, ip)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        LOG.warning("The room pages are at http://%s:%s%s%s/", ip, port, prefix, ROOM_PATH)
        await stop.wait()
        server.stop()
        service.close()  # stops every feed

    logging.basicConfig(level=logging.INFO, format="[workbook room] %(message)s")
    asyncio.run(run())
