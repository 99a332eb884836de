"""How long from saving a path file to the reloaded page being served by `build.py serve`.

    python benchmarks/serve_latency.py                # N = 100 and 1000, 10 edits each
    python benchmarks/serve_latency.py --sizes 300 --edits 20 --polling

For each N it writes N paths (the bundled example paths copied with new ids) into a
temporary folder, starts the preview server in a child process (as `serve` runs it),
listens to its server-sent events like the browser's reload script does, waits for the
preview's first search index (built in the background; `--right-away` edits while it is
being built), then edits one file repeatedly. One measurement runs from just before the
file is written to the moment the edited page, fetched after the build event, contains the
edit. It prints figures; it asserts nothing (timings depend on the machine and what else
runs on it).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "paths"
THEME = ROOT / "themes" / "default"
SHARED = ("site.yaml", "providers.yaml")
MISSED_AFTER = 300.0  # seconds after which an edit counts as never shown (each rebuild is a full build)

# What each edit changes: the intro (its own page only) or the summary (the index shows it too).
EDITS = {
    "intro": ("Osa niistä vie viikkoja", "fi/{id}/index.html"),
    "summary": ("otat olemassa olevan paikan", "fi/index.html"),
}


def write_corpus(count: int, folder: Path) -> list[str]:
    """`count` path files copied from the examples with new ids; returns their ids."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHARED:
        shutil.copy(EXAMPLES / name, folder / name)
    templates = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name not in SHARED)
    ids = []
    for index in range(count):
        template = templates[index % len(templates)]
        new_id = f"{template.stem}-{index:04d}"
        text = re.sub(r"^id: .*$", f"id: {new_id}", template.read_text(encoding="utf-8"), count=1, flags=re.M)
        (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(new_id)
    return ids


def run_child(content: Path, polling: bool) -> None:
    """The server, in its own process like `serve`; prints its URL on the first line."""
    sys.path.insert(0, str(ROOT))
    from generator.serve import PreviewServer

    with PreviewServer(content, THEME, port=0, polling=polling, log=lambda line: None) as server:
        print(server.url, flush=True)
        sys.stdin.read()  # until the parent closes our input


def measure(count: int, edits: int, polling: bool, right_away: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="polku-bench-") as tmp:
        content = Path(tmp) / "paths"
        ids = write_corpus(count, content)
        cafe = next(i for i in ids if i.startswith("cafe"))
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, "--child", str(content)] + (["--polling"] if polling else []),
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            url = child.stdout.readline().strip()
            startup = time.perf_counter() - started
            builds = BuildEvents(int(url.rsplit(":", 1)[1].strip("/")))
            watcher = "polling" if polling else "native events"
            print(f"N={count}: first build and start {startup:.1f} s ({watcher})")
            if not right_away:
                print(f"  first search index ready after another {_search_ready(url):.1f} s; then:")
            for kind, (anchor, page) in EDITS.items():
                results = [_one_edit(content / f"{cafe}.yaml", anchor, f"{url}{page.format(id=cafe)}", builds, i)
                           for i in range(edits)]
                times = [ms for ms in results if ms is not None]
                missed = f", {len(results) - len(times)} never shown" if len(times) < len(results) else ""
                figures = (f"median {statistics.median(times):6.1f} ms, min {min(times):6.1f}, max {max(times):6.1f}"
                           if times else "no edit was shown")
                print(f"  save → reloaded page, {kind:7}: {figures} ({edits} edits{missed})")
            builds.close()
        finally:
            child.stdin.close()
            child.wait(timeout=60)


def _search_ready(url: str) -> float:
    """Seconds until the preview serves its first search index (Pagefind runs in the
    background; while it runs, rebuilds share the processor with it)."""
    started = time.perf_counter()
    while time.perf_counter() - started < MISSED_AFTER:
        try:
            with urllib.request.urlopen(f"{url}pagefind/pagefind-entry.json", timeout=60):
                return time.perf_counter() - started
        except urllib.error.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the preview built no search index")


class BuildEvents:
    """The preview's server-sent build events, read as the reload script does."""

    def __init__(self, port: int):
        self.port = port
        self._listen()

    def _listen(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=MISSED_AFTER)
        self.connection.request("GET", "/_polku/events")
        self.stream = self.connection.getresponse()
        self.next()  # the current build

    def next(self) -> bool:
        """Wait for the next build; False (and listen afresh) if none came in time."""
        try:
            while True:
                line = self.stream.readline().decode()
                if not line:
                    raise SystemExit("the preview server closed the event stream")
                if line.startswith("data: "):
                    return True
        except TimeoutError:
            self.close()
            self._listen()
            return False

    def close(self) -> None:
        self.connection.close()


def _one_edit(file: Path, anchor: str, page_url: str, builds: BuildEvents, index: int) -> float | None:
    """Milliseconds from save to the page showing the edit; None if it is not shown in time."""
    marker = f"bench{index}x{time.monotonic_ns()}"
    text = re.sub(r"bench\d+x\d+ ", "", file.read_text(encoding="utf-8"))
    changed = text.replace(anchor, f"{marker} {anchor}", 1)
    time.sleep(0.2)  # let the previous build settle, so each figure is one save
    start = time.perf_counter()
    file.write_text(changed, encoding="utf-8")
    while time.perf_counter() - start < MISSED_AFTER and builds.next():
        with urllib.request.urlopen(page_url, timeout=60) as response:
            if marker in response.read().decode():
                return (time.perf_counter() - start) * 1000
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of paths (default: 100 1000)")
    parser.add_argument("--edits", type=int, default=10, help="edits measured per kind (default: 10)")
    parser.add_argument("--polling", action="store_true", help="also measure with a polling watcher")
    parser.add_argument("--right-away", action="store_true",
                        help="edit at once, while the preview builds its first search index (default: wait for it)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child, args.polling)
    for count in args.sizes:
        measure(count, args.edits, polling=False, right_away=args.right_away)
        if args.polling:
            measure(count, args.edits, polling=True, right_away=args.right_away)


if __name__ == "__main__":
    main()
