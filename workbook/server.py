"""Serve the dashboards with Voila, opening on the start page.

:class:`WorkbookVoila` is Voila with these changes: it starts from the Workbook's
serving settings (``workbook.serving``: stripped sources, the file denylist, the
offline page template, the executor's waits, kernel culling), which a ``voila.json``
in the folder it starts from may override; it serves the notebooks shipped with the
package from any folder; it redirects ``/`` to the start page and prints and opens
that page's address rather than the file tree; it lets a closing page shut down its
own kernel (``SameOriginShutdownHandler``); it serves the participants' room pages
(``workbook.room``), which need no kernel; and it admits dashboard pages a few at a
time, in order of arrival, refusing politely past what memory allows
(``workbook.admission``); and it forks page kernels from warm processes that have done
their imports (``workbook.kernels``, on Linux; ``fork_kernels``).
"""

from __future__ import annotations

import asyncio
import os
import sys
from urllib.parse import urlsplit

import tornado.web
from tornado.ioloop import IOLoop
from tornado.web import HTTPError, RedirectHandler, RequestHandler
from traitlets import Bool, Int
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler

from workbook.admission import BusyError, Gate
from workbook.extension import asset_route
from workbook.kernels import fork_servers_ready, start_fork_servers
from workbook.paths import NOTEBOOKS_DIR
from workbook.room import ROOM_PATH, render, room_handlers
from workbook.room._service import RoomService
from workbook.serving import RESEARCH_DIR, START_PAGE, prepare_environment, serving_config


class NotServedHandler(RequestHandler):
    """Answer 404: the research notebooks run long sweeps in JupyterLab, not as pages of this server."""

    def prepare(self):
        """Refuse before Voila would start a kernel for it."""
        raise HTTPError(404)


class SameOriginShutdownHandler(VoilaShutdownKernelHandler):
    """Let a page shut its own kernel down when it closes.

    Voila's page sends ``POST /voila/api/shutdown/<kernel>`` with ``navigator.sendBeacon``,
    which cannot carry the ``_xsrf`` token, so Jupyter Server refuses it (403; voila
    issue #1458) and every closed or reloaded page leaves its kernel running (about
    100 MB) until culling. A request whose ``Origin`` is this server is a page of ours,
    so it is let through; any other origin still needs the token.
    """

    def check_xsrf_cookie(self):
        """Accept a same-origin beacon; otherwise check the token as usual."""
        origin = self.request.headers.get("Origin", "")
        if origin and urlsplit(origin).netloc == self.request.host:
            return None
        return super().check_xsrf_cookie()


class AdmittedVoilaHandler(TornadoVoilaHandler):
    """A dashboard page, rendered when the admission gate gives it a turn (see ``workbook.admission``)."""

    @tornado.web.authenticated
    async def get(self, path=None):
        """Wait for a turn, then render the page; or say the server is busy and retry by itself."""
        gate: Gate = self.settings["workbook_gate"]
        try:
            async with gate.admit(live_kernels=len(self.kernel_manager.list_kernel_ids())):
                if self.request.connection.stream.closed():
                    return  # the visitor gave up while queued: start no kernel for nobody
                await super().get(path)
        except BusyError as busy:
            self.set_status(503)
            self.set_header("Retry-After", str(busy.retry_after))
            self.set_header("Cache-Control", "no-store")
            self.finish(
                render(
                    "room/busy.html",
                    reason=f"The server is busy. {busy.reason}",
                    retry_after=busy.retry_after,
                )
            )


class WorkbookVoila(Voila):
    """Voila serving the Workbook's notebooks folder, with the start page at ``/``."""

    name = "workbook-serve"

    max_starting = Int(
        0, help="Dashboard pages rendered at once; the rest queue in order of arrival. 0: one per core."
    ).tag(config=True)
    max_kernels = Int(
        0, help="Live page kernels beyond which visitors are told the server is busy. 0: from free memory."
    ).tag(config=True)
    admission = Bool(True, help="Queue dashboard pages (see max_starting); False renders all at once.").tag(
        config=True
    )
    fork_kernels = Bool(
        True, help="Fork page kernels from warm processes (workbook.kernels); False launches each afresh."
    ).tag(config=True)

    def initialize(self, argv=None):
        """Start from the Workbook's serving settings; config files, then the command line, override them."""
        self.update_config(serving_config())
        super().initialize(argv)
        if self.fork_kernels:
            start_fork_servers()  # they warm up while the server starts; until then kernels launch as usual

    def start(self):
        """Serve; once the warm processes listen, say so in the log (tests and benchmarks wait for it)."""
        if self.fork_kernels and sys.platform.startswith("linux"):
            IOLoop.current().add_callback(self._announce_forking)
        super().start()

    async def _announce_forking(self, timeout: float = 120) -> None:
        for _ in range(int(timeout / 0.1)):
            if fork_servers_ready():
                self.log.info("Page kernels are forked from warm processes.")
                return
            await asyncio.sleep(0.1)
        self.log.warning("The warm processes did not start: page kernels are launched afresh.")

    @property
    def start_url(self) -> str:
        """The start page's path on this server."""
        return self.server_url.rstrip("/") + "/voila/render/" + START_PAGE

    @property
    def display_url(self) -> str:
        """The address printed and opened: the start page."""
        return super().display_url.rstrip("/") + "/voila/render/" + START_PAGE

    def init_handlers(self) -> list:
        """Add the start-page redirect, the plotly bundle, the room pages and admission to Voila's routes."""
        root = self.server_url if self.server_url.endswith("/") else self.server_url + "/"
        self.room_service = RoomService()
        if self.admission:
            gate = Gate(starting=self.max_starting or os.cpu_count() or 2, ceiling=self.max_kernels)
        else:  # everything at once, as Voila does: for measuring what admission is worth
            gate = Gate(starting=10**6, ceiling=10**6, waiting=10**6, low_memory_mb=0)
        self.app.settings["workbook_gate"] = gate
        voila = [
            (route[0], AdmittedVoilaHandler, *route[2:]) if route[1] is TornadoVoilaHandler else route
            for route in super().init_handlers()
        ]
        return [
            (root, RedirectHandler, {"url": self.start_url}),
            asset_route(root),
            (root + r"voila/api/shutdown/(.*)", SameOriginShutdownHandler),
            (root + rf"voila/(?:render|tree|files|api/contents)/{RESEARCH_DIR}(?:/.*)?", NotServedHandler),
            # The participants' page was a notebook once; its old links (and printed QR codes) still work.
            (
                root + r"voila/render/07-workshop-participant\.ipynb",
                RedirectHandler,
                {"url": root + ROOM_PATH + "/"},
            ),
            *room_handlers(root, self.room_service),
            *voila,
        ]

    def launch_browser(self) -> None:
        """Open the start page, and say so; quietly skip when there is no browser."""
        try:
            super().launch_browser()
        except Exception as error:
            self.log.info("Could not open a browser (%s); open %s yourself.", error, self.display_url)


def serve(
    *,
    notebooks_dir: str | os.PathLike | None = None,
    ip: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = True,
    pool_size: int = 0,
    fill_delay: float = 30,
    max_starting: int = 0,
    max_kernels: int = 0,
    admission: bool = True,
    fork_kernels: bool = True,
) -> None:
    """Serve every dashboard until interrupted.

    Args:
        notebooks_dir: The folder of dashboard notebooks; defaults to the Workbook's own.
        ip: The address to listen on. Anything but loopback makes the dashboards
            reachable from other machines.
        port: The port to listen on (the next free one is taken if it is busy).
        open_browser: Whether to open the start page in a browser.
        pool_size: Kernels kept ready per dashboard (Voila's preheated pool);
            0 starts a kernel when a page is requested.
        fill_delay: Seconds before a used pool kernel is replaced, so that the
            replacement does not compete with the page being opened.
        max_starting: Dashboard pages rendered at once; 0 for one per core.
        max_kernels: Live page kernels beyond which visitors are told the server is
            busy; 0 to work it out from free memory.
        admission: ``False`` renders every request at once, as plain Voila does.
        fork_kernels: ``False`` launches every page kernel afresh instead of forking it
            from a warm process (``workbook.kernels``).
    """
    prepare_environment()  # kernels inherit it: charts load plotly from ASSETS_PATH
    argv = [
        str(notebooks_dir or NOTEBOOKS_DIR),
        f"--Voila.ip={ip}",
        f"--port={port}",
        f"--Voila.open_browser={open_browser}",
        f"--WorkbookVoila.max_starting={max_starting}",
        f"--WorkbookVoila.max_kernels={max_kernels}",
        f"--WorkbookVoila.admission={admission}",
        f"--WorkbookVoila.fork_kernels={fork_kernels}",
    ]
    if pool_size > 0:
        argv += [
            "--preheat_kernel=True",
            f"--pool_size={pool_size}",
            f"--VoilaKernelManager.fill_delay={fill_delay}",
        ]
    if ip not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Serving on {ip}: anyone who can reach this machine can open the dashboards.",
            file=sys.stderr,
        )
    WorkbookVoila.launch_instance(argv=argv)
