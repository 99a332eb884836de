"""Lighthouse on every page of a built site: `python -m benchmarks.lighthouse [--paths DIR]`.

Builds the content directory (the bundled example by default) into a temporary folder,
serves it on loopback as a host would (the site's own `_headers`, text gzipped), and
audits each page in Debian's chromium in all four categories: performance,
accessibility, best practices and SEO. Prints a table of scores and the simulated slow-4G
metrics, then the audits that did not pass. Exits 1 when a page scores under 100 in any
category, so CI can run it too; the scores of performance depend on the machine's load,
which is why the test suite holds only the other three categories to 100
(tests/test_lighthouse.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from generator import pipeline
from scripts import lighthouse
from scripts.chromium import serve

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "default"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("--paths", type=Path, default=ROOT / "paths", help="content directory (default: paths/)")
    args = parser.parse_args(argv)
    if reason := lighthouse.available():
        print(f"cannot run Lighthouse: {reason}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="polku-lighthouse-") as work:
        output = Path(work) / "output"
        checked = pipeline.check_content(args.paths, THEME)
        result = checked if checked.errors else pipeline.publish(checked, output, THEME)
        if isinstance(result, pipeline.Checked):
            print("the site does not build:", *(error.format() for error in result.errors), sep="\n", file=sys.stderr)
            return 1
        pages = sorted(file.relative_to(output).as_posix() for file in output.rglob("*.html"))
        assert checked.content is not None
        with serve(output, urlsplit(checked.content.site.base_url).path or "/") as base:  # under its base path
            audits = lighthouse.audit([base + _address(page) for page in pages])
    print(f"Lighthouse on {len(pages)} pages (load average {os.getloadavg()[0]:.1f})\n")
    print(f"{'page':<44} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>5}")
    for page, result in zip(pages, audits):
        scores = [result.scores.get(category, 0) for category in lighthouse.CATEGORIES]
        metric = result.metrics.get
        print(f"{page:<44} " + " ".join(f"{score:>4}" for score in scores)
              + f" {metric('first-contentful-paint', 0):>5.0f}ms {metric('largest-contentful-paint', 0):>5.0f}ms"
              f" {metric('total-blocking-time', 0):>4.0f}ms {metric('cumulative-layout-shift', 0):>5.3f}")
    below = [result for result in audits if result.problem or min(result.scores.values(), default=0) < 100]
    for result in below:
        print(f"\n{result.url}: {result.problem or ', '.join(result.failing)}")
    return 1 if below else 0


def _address(page: str) -> str:
    """A page's address as the site links it: folders, not their index.html."""
    return page.removesuffix("index.html")


if __name__ == "__main__":
    sys.exit(main())
