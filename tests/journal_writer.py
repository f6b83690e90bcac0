"""A journal writer process for the reliability tests and benchmarks.

Usage: python tests/journal_writer.py URL WRITER COUNT [START_FILE]

Writes COUNT entries as one author, each in its own transaction, and prints each
entry's id on its own line only after the store has said it is saved. With
START_FILE, it first opens the store, prints ``ready`` and waits for that file to
exist, so that a benchmark can start every writer at once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from workbook.journal import STAGES, Store, new_entry, new_key


def write_entries(url: str, writer: int, count: int, start_file: Path | None = None) -> None:
    with Store(url) as store:
        key = new_key()
        if start_file is not None:
            print("ready", flush=True)
            while not start_file.exists():
                time.sleep(0.005)
        for i in range(count):
            entry = new_entry(
                f"writer-{writer}", STAGES[i % len(STAGES)], "load test", f"entry {i} of writer {writer}"
            )
            store.save(entry, key)
            print(entry.id, flush=True)


if __name__ == "__main__":
    write_entries(
        sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]) if len(sys.argv) > 4 else None
    )
