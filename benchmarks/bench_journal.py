"""Measure the journal store and the workshop room.

- Entries per second with 40 writer processes writing 250 entries each at once
  (each entry its own transaction), on SQLite and on a real PostgreSQL server
  started from Debian's package (as the tests do); and one writer's median time
  per save.

Results go to benchmarks/results/journal.json. Run with `make bench`; nothing here
fails on a slow figure.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import free_port  # noqa: E402
from pg_cluster import PostgresServer, create_database, postgres_bin  # noqa: E402
from run_record import run_header, use_a_scratch_journal  # noqa: E402

from workbook.journal import Store, new_entry, new_key  # noqa: E402

WRITERS, PER_WRITER = 40, 250
WRITER = ROOT / "tests" / "journal_writer.py"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def many_writers(url: str) -> dict:
    """40 writers released at once; entries per second from release to the last commit."""
    Store(url).close()
    with tempfile.TemporaryDirectory() as folder:
        start = Path(folder) / "go"
        writers = [
            subprocess.Popen(
                [sys.executable, str(WRITER), url, str(w), str(PER_WRITER), str(start)],
                stdout=subprocess.PIPE,
                text=True,
                env=ENV,
            )
            for w in range(WRITERS)
        ]
        for process in writers:
            assert process.stdout.readline().strip() == "ready"
        began = time.perf_counter()
        start.touch()
        saved = sum(len(process.communicate()[0].split()) for process in writers)
        elapsed = time.perf_counter() - began
    with Store(url) as store:
        stored = store.count_entries()
    return {
        "entries": saved,
        "stored": stored,
        "seconds": round(elapsed, 2),
        "entries_per_s": round(saved / elapsed),
    }


def one_writer(url: str, count: int = 500) -> dict:
    with Store(url) as store:
        key = new_key()
        times = []
        for i in range(count):
            entry = new_entry("bench", "analysis", "", f"entry {i}")
            began = time.perf_counter()
            store.save(entry, key)
            times.append(time.perf_counter() - began)
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(sorted(times)[int(0.95 * count)] * 1000, 2),
    }


def bench_store() -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/journal.sqlite3"
        results["sqlite"] = {
            "forty_writers": many_writers(url),
            "one_writer": one_writer(f"sqlite:///{folder}/one.sqlite3"),
        }
    if postgres_bin() is None:
        results["postgresql"] = "skipped: no PostgreSQL server binaries (Debian's postgresql package)"
        return results
    server = PostgresServer(free_port())
    server.start()
    try:
        url, _ = create_database(server.url())
        other, _ = create_database(server.url())
        results["postgresql"] = {"forty_writers": many_writers(url), "one_writer": one_writer(other)}
    finally:
        server.stop()
    return results


def main() -> None:
    use_a_scratch_journal()
    results = {
        **run_header(),
        "what": f"forty_writers: {WRITERS} processes x {PER_WRITER} entries, one transaction each, released "
        "at once; entries_per_s from release to the last commit. one_writer: time per save, 500 saves. "
        "The workshop room is measured by bench_room.py.",
        "store": bench_store(),
    }
    out = ROOT / "benchmarks" / "results" / "journal.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["store"], indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
