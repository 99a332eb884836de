"""Sustained submissions a second that the feedback receiver stores on this machine.

    python benchmarks/feedback.py [--clients 16] [--submissions 4000]

Builds the test site, starts the receiver as a separate process on 127.0.0.1 (as in
production: uvicorn, SQLite in WAL mode, every submission committed with synchronous=FULL
before it is acknowledged), and lets keep-alive clients post forms as fast as it answers.
The clients run in this process and share the machine's cores with the server, so the
figure is a floor, not a ceiling. Nothing leaves the loopback interface.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import pipeline  # noqa: E402 - needs the path set up above
from generator.feedback_index import content_version  # noqa: E402
from scripts.receiver import FORM, connect, request, start, stop, stored  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixtures" / "site"
THEME = ROOT / "themes" / "default"
ORIGIN = "https://paths.example.fi"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent keep-alive clients (default: 16)")
    parser.add_argument("--submissions", type=int, default=4000, help="submissions in all (default: 4000)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="polku-feedback-bench-") as tmp:
        output, db = Path(tmp) / "output", Path(tmp) / "feedback.db"
        built = pipeline.build(SITE, output, THEME)
        assert isinstance(built, pipeline.Built), built
        checked = pipeline.check_content(SITE, THEME)
        version = content_version(checked.content.paths[0].value, "fi")
        receiver = start(output, db, "--allow-origin", ORIGIN, "--rate-limit", "1000000000", "--log-level", "warning")
        try:
            latencies, seconds = run(receiver.url, version, args.clients, args.submissions)
        finally:
            stop(receiver)
        rows = len(stored(db))

    rate = args.submissions / seconds
    p50, p95 = statistics.median(latencies), statistics.quantiles(latencies, n=20)[-1]
    print(f"{args.submissions} submissions from {args.clients} clients in {seconds:.2f} s: "
          f"{rate:.0f} submissions/s sustained (latency p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms); "
          f"{rows} stored")
    return 0 if rows == args.submissions else 1


def run(url: str, version: str, clients: int, submissions: int) -> tuple[list[float], float]:
    headers = {"Content-Type": FORM, "Accept": "application/json", "Origin": ORIGIN}
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = connect(url)
        mine: list[float] = []
        try:
            for n in range(number, submissions, clients):
                body = urlencode({"path": "kiosk", "step": "register", "lang": "fi", "version": version,
                                  "useful": "yes" if n % 4 else "no", "comment": f"Palaute {n}: selkeä ohje.",
                                  "email": "", "website": ""}).encode()
                began = time.perf_counter()
                answer = request(url, body=body, headers=headers, connection=connection)
                mine.append(time.perf_counter() - began)
                if answer.status != 201:
                    failures.append(answer.status)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} submissions were refused (statuses {sorted(set(failures))})")
    return latencies, seconds


if __name__ == "__main__":
    sys.exit(main())
