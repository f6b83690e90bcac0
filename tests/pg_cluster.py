"""A real PostgreSQL server for the tests, started from Debian's `postgresql` package in a temporary folder.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres`
user that the Debian package creates; otherwise it runs as the current user.
`WORKBOOK_TEST_PG_URL` points the tests at a server of your own instead.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SKIP_REASON = (
    "PostgreSQL tests need Debian's postgresql package (no initdb under /usr/lib/postgresql). "
    "`make test` installs it when run as root; or set WORKBOOK_TEST_PG_URL to a server of yours."
)


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's bin folder from Debian's packages, if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name),
        reverse=True,
    )
    return found[0].parent if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster on a loopback port; each test gets a database of its own."""

    def __init__(self, port: int):
        self.bin = postgres_bin()
        if self.bin is None:
            raise FileNotFoundError(SKIP_REASON)
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="workbook-pg-"))
        self.data = self.folder / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.folder, postgres.pw_uid, postgres.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "workbook", "--auth=trust", "-E", "UTF8"
        )
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://workbook@127.0.0.1:{self.port}/{database}"


def create_database(admin_url: str) -> tuple[str, str]:
    """A fresh, empty database on the server; returns its URL and name."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name, name


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
