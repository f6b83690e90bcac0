"""Measure the caseload import at its limits: the largest files accepted and every oversize refusal.

Each case is a file written to a temporary folder first, then read by `read_table` in a fresh
Python process, which reports the wall time of the read and its peak memory (the process's
maximum resident set, and the resident set before the read, after imports). The aim for each
case is at most 5 s and 500 MB. The machine may be shared with other work while this runs:
compare figures from the same run.

Results go to benchmarks/results/input.json. Run with `make bench`; nothing here fails on a
slow figure.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import column_letter, records, sheet_xml, workbook_bytes  # noqa: E402
from run_record import run_header  # noqa: E402

from workbook.caseload import LIMITS, generate  # noqa: E402

AIM_SECONDS, AIM_MB = 5.0, 500
RESULTS = ROOT / "benchmarks" / "results" / "input.json"

# The child: import, note the resident set, read the file, report.
CHILD = """
import json, sys, time
import psutil
from workbook.caseload import CaseloadError, read_table
before = psutil.Process().memory_info().rss
start, cpu = time.perf_counter(), time.process_time()
try:
    table = read_table(sys.argv[1])
    outcome = f"accepted: {len(table):,} rows"
except CaseloadError as error:
    outcome = "refused: " + str(error)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
# VmHWM is this process's own high-water mark (ru_maxrss would carry the parent's over the exec).
status = open("/proc/self/status").read()
peak = int(status.split("VmHWM:")[1].split()[0]) * 1024
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak / 1e6, "before_mb": before / 1e6,
                  "outcome": outcome}))
"""


def measure(path: Path) -> dict:
    """Read one file in a fresh process; its time, peak memory and outcome."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found["within_aim"] = found["cpu_seconds"] <= AIM_SECONDS and found["peak_mb"] <= AIM_MB
    found["file_mb"] = round(path.stat().st_size / 1e6, 1)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in found.items()}


def largest_csv(folder: Path) -> Path:
    """250,000 cases, every schema column: the row limit, about 80 MB."""
    path = folder / "largest.csv"
    generate(LIMITS.rows, seed=1).to_csv(path, index=False)
    return path


def largest_csv_by_bytes(folder: Path) -> Path:
    """70,000 cases each with a 1,000-character note of its own: just under the byte limit.

    The worst case for the personal-data patterns: 70 MB of distinct text they must read.
    """
    frame = generate(70_000, seed=2)
    words = "kept appointment late reason work shift bus train phone call letter text reminder officer "
    frame["notes"] = [(f"case {i} " + words * 12)[:1_000] for i in range(len(frame))]
    path = folder / "largest-by-bytes.csv"
    frame.to_csv(path, index=False)
    return path


def largest_xlsx(folder: Path) -> Path:
    """The most rows of the schema's 52 columns an Excel sheet may hold (the cell budget)."""
    frame = generate(LIMITS.excel_cells // len(generate(100, seed=1).columns), seed=3)
    path = folder / "largest.xlsx"
    width = column_letter(len(frame.columns))
    path.write_bytes(workbook_bytes(sheet_xml(records(frame), dimension=f"A1:{width}{len(frame) + 1}")))
    return path


def package_parts() -> dict[str, bytes]:
    """Every part of a one-sheet workbook but the sheet itself."""
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(sheet_xml([["a"]])))) as package:
        return {n: package.read(n) for n in package.namelist() if n != "xl/worksheets/sheet1.xml"}


def over_bytes(folder: Path) -> Path:
    path = folder / "over-bytes.csv"
    with path.open("wb") as handle:
        handle.truncate(LIMITS.bytes + 1)
    return path


def over_rows(folder: Path) -> Path:
    """886,000 narrow rows (10 MB): under the byte limit, far over the row limit."""
    path = folder / "over-rows.csv"
    path.write_text("case_id,age\n" + "SYN-000001,30\n" * 886_000)
    return path


def over_columns(folder: Path) -> Path:
    """A header of 1,000,000 columns."""
    path = folder / "over-columns.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n" + "1\n")
    return path


def over_cell(folder: Path) -> Path:
    """One cell of 99 MB, under the byte limit: the parser must read it before it can be refused."""
    path = folder / "over-cell.csv"
    path.write_text("case_id,notes\nSYN-000001," + "n" * 99_000_000 + "\n")
    return path


def over_excel_declared(folder: Path) -> Path:
    """300,000 rows of 52 columns, as the issue's 47 MB workbook: refused by its declared size."""
    path = folder / "over-excel.xlsx"
    header = records(generate(100, seed=4))[0]
    row = "<row>" + "<c><v>1</v></c>" * len(header) + "</row>"  # never parsed: refused by its size
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in package_parts().items():
            package.writestr(name, data)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = (row * 1_000).encode()
            for _ in range(300):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def over_excel_streamed(folder: Path) -> Path:
    """Narrow rows, no declared size, under the unpacked limit: refused as rows stream past the budget."""
    path = folder / "over-excel-streamed.xlsx"
    rows = [["case_id", "age"], *(["SYN-000001", 30] for _ in range(LIMITS.excel_rows + 10))]
    path.write_bytes(workbook_bytes(sheet_xml(rows)))
    return path


def zip_bomb(folder: Path) -> Path:
    """A workbook holding 1 GB of zeros (1 MB packed): refused by the size it declares."""
    path = folder / "zip-bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in package_parts().items():
            package.writestr(name, data)
        package.writestr("xl/worksheets/sheet1.xml", sheet_xml([["a"], [1]]))
        with package.open("xl/media/zeros.bin", "w", force_zip64=True) as zeros:
            block = b"\0" * 1_000_000
            for _ in range(1_000):
                zeros.write(block)
    return path


CASES = {
    "accepted: largest CSV (250,000 rows, every column)": largest_csv,
    "accepted: largest CSV by bytes (70,000 rows, 1,000-character notes)": largest_csv_by_bytes,
    "accepted: largest Excel sheet (the cell budget)": largest_xlsx,
    "refused: over the byte limit": over_bytes,
    "refused: over the row limit (886,000 rows)": over_rows,
    "refused: over the column limit (1,000,000 columns)": over_columns,
    "refused: over the cell limit (one 99 MB cell)": over_cell,
    "refused: Excel of 300,000 rows (declared unpacked size)": over_excel_declared,
    "refused: Excel streamed past the cell budget": over_excel_streamed,
    "refused: zip bomb (1 GB of zeros)": zip_bomb,
}


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="workbook-bench-input-") as scratch:
        for name, build in CASES.items():
            began = time.perf_counter()
            path = build(Path(scratch))
            built = time.perf_counter() - began
            results[name] = measure(path)
            path.unlink()
            figures = results[name]
            print(
                f"{name}: {figures['seconds']:.2f} s ({figures['cpu_seconds']:.2f} s of CPU), "
                f"peak {figures['peak_mb']:.0f} MB "
                f"(before the read {figures['before_mb']:.0f} MB), file {figures['file_mb']} MB, "
                f"built in {built:.1f} s; {figures['outcome'][:110]}",
                flush=True,
            )
    record = {
        **run_header(),
        "what": (
            "read_table on files at and over the import limits, each in a fresh process: wall time of "
            "the read, and peak resident memory of the process (imports included; 'before_mb' is the "
            f"resident set after imports). Aim: at most {AIM_SECONDS:g} s and {AIM_MB} MB each."
        ),
        "limits": {name: getattr(LIMITS, name) for name in LIMITS.__dataclass_fields__},
        "cases": results,
    }
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
