"""Serve the dashboards with Voila, opening on the start page.

:class:`WorkbookVoila` is Voila with four changes: it reads the project's
``voila.json`` wherever it is started from, it redirects ``/`` to the start page,
it prints and opens the start page's address rather than the file tree, and it
lets a closing page shut down its own kernel (see ``SameOriginShutdownHandler``).
Everything else (security settings, template, kernel culling) is ``voila.json``.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

import plotly
from jupyter_core.paths import jupyter_config_path
from tornado.web import HTTPError, RedirectHandler, StaticFileHandler
from traitlets import default
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

from workbook.paths import NOTEBOOKS_DIR, PROJ_ROOT, TEMPLATES_ROOT

START_PAGE = "00-start-here.ipynb"
ASSETS_PATH = "workbook/assets/"
ASSETS_ENV = "WORKBOOK_ASSETS"
PLOTLY_BUNDLE = "widgetbundle.js"


class AssetHandler(StaticFileHandler):
    """Serve plotly's widget bundle once per browser, cached, instead of in every chart's state."""

    def get_cache_time(self, path, modified, mime_type):
        """Let browsers keep the bundle for a week: it changes only with plotly's version."""
        return 7 * 24 * 3600

    def validate_absolute_path(self, root, absolute_path):
        """Serve the plotly widget bundle and nothing else from that folder."""
        if not absolute_path.endswith(PLOTLY_BUNDLE):
            raise HTTPError(404)
        return super().validate_absolute_path(root, absolute_path)


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


class WorkbookVoila(Voila):
    """Voila serving the Workbook's notebooks folder, with the start page at ``/``."""

    name = "workbook-serve"

    @default("config_file_paths")
    def _config_file_paths_default(self):
        return [str(PROJ_ROOT), os.getcwd(), *jupyter_config_path()]

    @property
    def start_url(self) -> str:
        """The start page's path on this server."""
        return self.server_url.rstrip("/") + "/voila/render/" + START_PAGE

    @property
    def display_url(self) -> str:
        """The address printed and opened: the start page."""
        return super().display_url.rstrip("/") + "/voila/render/" + START_PAGE

    def init_handlers(self) -> list:
        """Put a redirect from ``/`` to the start page ahead of Voila's own routes."""
        root = self.server_url if self.server_url.endswith("/") else self.server_url + "/"
        bundle_dir = os.path.join(os.path.dirname(plotly.__file__), "package_data")
        return [
            (root, RedirectHandler, {"url": self.start_url}),
            (root + ASSETS_PATH + "(.*)", AssetHandler, {"path": bundle_dir}),
            (root + r"voila/api/shutdown/(.*)", SameOriginShutdownHandler),
            *super().init_handlers(),
        ]

    def launch_browser(self) -> None:
        """Open the start page, and say so; quietly skip when there is no browser."""
        try:
            super().launch_browser()
        except Exception as error:
            self.log.info("Could not open a browser (%s); open %s yourself.", error, self.display_url)


def template_env() -> dict[str, str]:
    """Environment in which Voila finds the Workbook's page template."""
    paths = [str(TEMPLATES_ROOT), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}


def serve(
    *,
    notebooks_dir: str | os.PathLike | None = None,
    ip: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = True,
    pool_size: int = 0,
    fill_delay: float = 30,
) -> None:
    """Serve every dashboard until interrupted.

    Args:
        notebooks_dir: The folder of dashboard notebooks; defaults to ``notebooks/``.
        ip: The address to listen on. Anything but loopback makes the dashboards
            reachable from other machines.
        port: The port to listen on (the next free one is taken if it is busy).
        open_browser: Whether to open the start page in a browser.
        pool_size: Kernels kept ready per dashboard (Voila's preheated pool);
            0 starts a kernel when a page is requested.
        fill_delay: Seconds before a used pool kernel is replaced, so that the
            replacement does not compete with the page being opened.
    """
    os.environ.update(template_env())
    os.environ[ASSETS_ENV] = ASSETS_PATH  # kernels inherit it: charts load plotly from here
    argv = [
        str(notebooks_dir or NOTEBOOKS_DIR),
        f"--Voila.ip={ip}",
        f"--port={port}",
        f"--Voila.open_browser={open_browser}",
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
