"""Time Polku on synthetic corpora: `python -m benchmarks.run [--large]`. Prints a table.

Every figure is one run of `python build.py …` as a separate process, as an editor or CI
would run it, so start-up and imports are included: wall time, the processor time of the
process and its children (workers, Pagefind), and the peak resident memory of the largest. Figures are
printed, never asserted: they depend on the machine and on what else it is doing (the load
average is printed with them).

For each size N the harness writes a corpus (benchmarks/corpus.py) and measures:

  cold build   no cache, no output: everything parsed, validated, checked, rendered, written
  no-op        the same build again: files hashed, nothing to do
  one edit     after changing a sentence in one path's step
  check        `check` after the edit, with the build's memo: links checked and the translation report located
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import corpus
from .corpus import edit_one_path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000)
LARGE = 10_000


@dataclass
class Run:
    wall: float        # seconds
    cpu: float         # user + system seconds of the process and its workers
    peak_kib: int      # largest resident set of the process or any of its workers


def polku(*args: str, cwd: Path) -> Run:
    """Run build.py once; wait4 gives the resource use of it and its reaped workers."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build.py {' '.join(args)} failed:\n{stderr.decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def size_of(folder: Path) -> int:
    return sum(file.stat().st_size for file in folder.rglob("*") if file.is_file())


@dataclass
class Row:
    paths: int
    cold: Run
    noop: Run
    edit: Run
    check: Run
    output_bytes: int


def measure(paths: int, work: Path) -> Row:
    site = work / str(paths)
    corpus.generate(paths, site / "paths")
    cold = polku("build", cwd=site)
    noop = polku("build", cwd=site)
    edit_one_path(site / "paths")
    edit = polku("build", cwd=site)
    check = polku("check", cwd=site)
    row = Row(paths, cold, noop, edit, check, size_of(site / "output"))
    shutil.rmtree(site, ignore_errors=True)
    return row


def table(rows: list[Row]) -> str:
    lines = ["| paths | cold build | no-op rebuild | one-path edit | check | peak RSS: cold build, edit, check | output | paths/s |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        cells = [f"{run.wall:.2f} s ({run.cpu:.2f} s CPU)" for run in (row.cold, row.noop, row.edit, row.check)]
        peaks = ", ".join(f"{run.peak_kib / 1024:.0f}" for run in (row.cold, row.edit, row.check))
        lines.append(f"| {row.paths:,} | " + " | ".join(cells) + f" | {peaks} MiB"
                     f" | {row.output_bytes / 1e6:.0f} MB | {row.paths / row.cold.wall:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--large", action="store_true", help=f"also measure {LARGE:,} paths (minutes, ~3 GB of disk)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N", help="corpus sizes")
    parser.add_argument("--work", type=Path, help="where to write corpora and sites (default: a temporary directory)")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([LARGE] if args.large else [])

    with tempfile.TemporaryDirectory(prefix="polku-bench-", dir=args.work) as work:
        rows = []
        for paths in sizes:
            print(f"measuring {paths:,} paths…", file=sys.stderr, flush=True)
            rows.append(measure(paths, Path(work)))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Polku on {os.cpu_count()} cores, Python {sys.version.split()[0]}; load average {load}")
    print(table(rows))
    for small, large in zip(rows, rows[1:]):
        if large.paths == 10 * small.paths:
            print(f"cold build: time({large.paths:,}) / time({small.paths:,}) = {large.cold.wall / small.cold.wall:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
