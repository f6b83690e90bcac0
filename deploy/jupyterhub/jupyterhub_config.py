# JupyterHub for the Workbook on one machine: a conference, or a training team's sessions all year.
#
# Run it in the environment the Workbook is installed in (the hub, the users' servers and the
# room share it), with a PostgreSQL store that all of them reach:
#
#     export WORKBOOK_DB_URL=postgresql://workbook:...@db.example/workbook
#     export WORKBOOK_HUB_PUBLIC_URL=https://workbook.example.org/  # what phones reach, for QR codes
#     export WORKBOOK_HUB_PASSWORD=...  # a shared password, or configure your own authenticator
#     jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# What it sets up (deploy/README.md explains each step, and Kubernetes):
# - every user's server opens on the Workbook's Start page, with the pages served by Voila inside
#   that server (the Workbook's Jupyter Server extension is enabled when the Workbook is installed);
# - every server and the room share one store (WORKBOOK_DB_URL), so one room spans all users;
# - the participants' room runs once, as the hub service "workbook-room" at
#   <hub>/services/workbook-room/workbook/room/: joining or answering is one request to that
#   small process, through the hub's proxy, never a server of a participant's own, and
#   participants need no account;
# - idle servers are culled (jupyterhub-idle-culler), and idle page kernels inside them.
#
# Anything here can be overridden in a config file of your own that starts with
#     load_subconfig("/path/to/deploy/jupyterhub/jupyterhub_config.py")
# as tests/test_hub.py does.

import os
import shutil
import sys
from pathlib import Path

from workbook.paths import NOTEBOOKS_DIR

c = get_config()  # noqa: F821 (JupyterHub provides get_config to its config files)

db_url = os.environ.get("WORKBOOK_DB_URL", "")
if not db_url.startswith("postgresql"):
    raise SystemExit(
        "Set WORKBOOK_DB_URL to a PostgreSQL database that the hub's machine can reach "
        "(postgresql://user:password@host/db): every user's server and the room share it."
    )
public_url = os.environ.get("WORKBOOK_HUB_PUBLIC_URL", "")
ROOM_SERVICE = "workbook-room"
ROOM_PORT = int(os.environ.get("WORKBOOK_ROOM_PORT", "8867"))
bin_dir = Path(sys.executable).parent

# Where the hub listens; put TLS in front of it (or set c.JupyterHub.ssl_cert / ssl_key).
c.JupyterHub.bind_url = os.environ.get("WORKBOOK_HUB_BIND_URL", "http://:8000")
if public_url:
    c.JupyterHub.public_url = public_url

# Who may log in. A shared password suits a closed session (anyone with it can log in as any
# non-admin user name); for an organisation, configure its single sign-on (oauthenticator) instead.
if password := os.environ.get("WORKBOOK_HUB_PASSWORD"):
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = password
    c.Authenticator.allow_all = True  # whoever has the password

# Each user's server: the Workbook's pages, opening on the Start page.
# "simple" runs every server as the hub's own system user, with no isolation between users: a
# team of trusted facilitators, not the public. For isolation use jupyterhub-systemdspawner
# (c.JupyterHub.spawner_class = "systemd"; c.SystemdSpawner.dynamic_users = True) or Kubernetes.
c.JupyterHub.spawner_class = os.environ.get("WORKBOOK_HUB_SPAWNER", "simple")
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(NOTEBOOKS_DIR)  # Voila renders voila/render/<page> from here
c.Spawner.default_url = "/workbook/"  # the Workbook's redirect to the Start page
room_url = (public_url or "/") + f"services/{ROOM_SERVICE}/workbook/room/"
c.Spawner.environment = {
    "WORKBOOK_DB_URL": db_url,
    # The facilitator's page links to, and draws QR codes for, the room service, not its own server.
    "WORKBOOK_ROOM_URL": room_url,
}
c.Spawner.args = [
    # Page kernels nobody has used for 20 minutes end; an open page keeps its kernel.
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60

c.JupyterHub.services = [
    {
        # The participants' room pages, once for everyone.
        "name": ROOM_SERVICE,
        "url": f"http://127.0.0.1:{ROOM_PORT}",
        "command": [str(bin_dir / "workbook"), "room"],
        "environment": {"WORKBOOK_DB_URL": db_url},
    },
    {
        # Servers idle for an hour stop; their users' next visit starts them again.
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# The proxy: configurable-http-proxy from npm (deploy/README.md); `make test` installs a copy.
if proxy := shutil.which("configurable-http-proxy"):
    c.ConfigurableHTTPProxy.command = [proxy]
