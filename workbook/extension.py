"""The Workbook as a Jupyter Server extension: its pages under JupyterLab or a JupyterHub server.

Installing the wheel enables this extension (``etc/jupyter/jupyter_server_config.d/workbook.json``).
Under any Jupyter Server it adds, below the server's base URL:

- ``workbook/``: a redirect to the start page, ``voila/render/00-start-here.ipynb``;
- ``workbook/assets/plotly-widget.min.js``: the charts' front end with its plotly.js
  (``workbook.plotly_bundle``), served once and cached, which every chart on a page loads
  instead of carrying it (``workbook.charts.widget``);
- ``workbook/room/``: the participants' room pages (``workbook.room``), which need no kernel.

The dashboard pages themselves are rendered by Voila's own server extension at
``voila/render/<notebook>``, from the server's root folder, so that folder must be the
Workbook's pages (``workbook pages`` prints it)::

    jupyter server --ServerApp.root_dir="$(workbook pages)"   # then open /workbook/

Voila's pages get the Workbook's page settings (``workbook.serving.PAGE_SETTINGS``:
stripped sources, the file denylist, the offline template, the executor's waits) unless
the server's own config, or a ``voila.json``, says otherwise. Admission (``workbook
serve``'s queue for kernel pages) is not applied here: a single-user server serves one
person, and a hub bounds each server's memory itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from jupyter_server.serverapp import ServerApp
from tornado.web import HTTPError, RedirectHandler, StaticFileHandler
from traitlets.config import Config

from workbook.paths import NOTEBOOKS_DIR
from workbook.plotly_bundle import ASSETS_DIR, served_files
from workbook.room.extension import RoomExtension
from workbook.serving import ASSETS_PATH, START_PAGE, prepare_environment, serving_config


class AssetHandler(StaticFileHandler):
    """Serve the charts' plotly bundle once per browser, cached, instead of in every chart's state."""

    def get_cache_time(self, path, modified, mime_type):
        """Let browsers keep the bundle for a week: a new bundle comes with a new ``?v=`` in its address."""
        return 7 * 24 * 3600

    @classmethod
    def get_absolute_path(cls, root, path):
        """Where the bundle is (``workbook.plotly_bundle``)."""
        served = served_files().get(path)
        return str(served) if served else os.path.join(root, path)

    def validate_absolute_path(self, root, absolute_path):
        """Serve the bundle and nothing else."""
        served = {str(p) for p in served_files().values()}
        if absolute_path not in served or not os.path.isfile(absolute_path):
            raise HTTPError(404)
        return absolute_path


def asset_route(root: str) -> tuple:
    """The chart bundle's route under ``root`` (a base URL ending in ``/``).

    Example:
        >>> asset_route("/user/sam/")[0]
        '/user/sam/workbook/assets/(.*)'
    """
    return (root + ASSETS_PATH + "(.*)", AssetHandler, {"path": str(ASSETS_DIR)})


def serves_the_pages(root_dir: str | os.PathLike) -> bool:
    """Whether a server rooted at ``root_dir`` serves the Workbook's pages at ``voila/render/``.

    Example:
        >>> serves_the_pages(NOTEBOOKS_DIR), serves_the_pages("/")
        (True, False)
    """
    return Path(root_dir).expanduser().resolve() == NOTEBOOKS_DIR.resolve()


class WorkbookExtension(RoomExtension):
    """The start-page redirect, the plotly bundle and the room pages, under the server's base URL."""

    name = "workbook"

    def _link_jupyter_server_extension(self, serverapp: ServerApp) -> None:
        # Before Voila's extension loads (it reads the server's config then): put the Workbook's
        # page settings under the server's own config, so that anything configured wins.
        settings = Config(serving_config(server=False))
        settings.merge(serverapp.config)
        serverapp.update_config(settings)
        prepare_environment()
        super()._link_jupyter_server_extension(serverapp)

    def initialize_settings(self) -> None:
        """Name no MathJax, as ``workbook serve`` does; with either setting named, pages fetch a CDN's."""
        settings = self.serverapp.web_app.settings
        if not settings.get("mathjax_url"):  # nobody serves MathJax locally
            self.settings.update(mathjax_url=None, mathjax_config=None)

    def initialize_handlers(self) -> None:
        """Add the redirect and the bundle, then the room's routes."""
        base = self.serverapp.base_url
        root = base if base.endswith("/") else base + "/"
        start = root + "voila/render/" + START_PAGE
        if not serves_the_pages(self.serverapp.root_dir):
            self.log.warning(
                "The Workbook's pages are at %s only when the server's root folder is %s "
                '(start it with --ServerApp.root_dir="$(workbook pages)").',
                start,
                NOTEBOOKS_DIR,
            )
        pattern, handler, options = asset_route("/")
        self.handlers.extend(
            [
                ("/workbook/?", RedirectHandler, {"url": start}),
                (pattern, handler, options),
            ]
        )
        super().initialize_handlers()
