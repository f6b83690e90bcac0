"""A journal writer process for the reliability tests and benchmarks.

Usage: python tests/journal_writer.py URL WRITER COUNT

Writes COUNT entries as one author, each in its own transaction, and prints each
entry's id on its own line only after the store has said it is saved.
"""

from __future__ import annotations

import sys

from workbook.journal import STAGES, Store, new_entry, new_key


def write_entries(url: str, writer: int, count: int) -> None:
    with Store(url) as store:
        key = new_key()
        for i in range(count):
            entry = new_entry(
                f"writer-{writer}", STAGES[i % len(STAGES)], "load test", f"entry {i} of writer {writer}"
            )
            store.save(entry, key)
            print(entry.id, flush=True)


if __name__ == "__main__":
    write_entries(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
