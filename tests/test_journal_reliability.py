"""Nothing is lost: many writers at once, and a writer killed mid-write, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from workbook.journal import Store

WRITER = Path(__file__).with_name("journal_writer.py")
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}


def start_writer(url: str, writer: int, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, str(writer), str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def test_forty_writers_at_once_lose_and_duplicate_nothing(store_url):
    Store(store_url).close()  # the schema exists before the writers race
    writers = [start_writer(store_url, w, 250) for w in range(40)]
    acknowledged = []
    for process in writers:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        acknowledged += out.split()
    assert len(acknowledged) == 10_000
    with Store(store_url) as store:
        stored = store.all_entry_ids()
        texts = store._read("SELECT count(DISTINCT body) FROM entries")[0][0]
    assert len(stored) == 10_000 and set(stored) == set(acknowledged)
    assert texts == 10_000


def test_a_writer_killed_mid_write_keeps_every_entry_it_was_told_was_saved(store_url):
    Store(store_url).close()
    process = start_writer(store_url, 0, 1_000_000)
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 300 and time.monotonic() < deadline:
        acknowledged.append(process.stdout.readline().strip())
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    acknowledged += [line.strip() for line in process.stdout.read().splitlines() if line.strip()]
    process.stdout.close()
    process.stderr.close()
    assert len(acknowledged) >= 300
    with Store(store_url) as store:
        stored = set(store.all_entry_ids())
        if store.kind == "sqlite":
            assert store._read("PRAGMA integrity_check")[0][0] == "ok"
        assert set(acknowledged) <= stored
        assert (
            len(stored) - len(acknowledged) <= 1
        )  # at most the one in flight, committed before its id was printed
