"""Lighthouse over a built site's pages, in Debian's chromium, from Python.

Runs scripts/lighthouse.mjs (Lighthouse's Node API, installed from package.json by
scripts/install-test-deps.sh) and reads back one result per page. Shared by the
Lighthouse test (accessibility, best practices, SEO: audits that do not depend on timing)
and benchmarks/lighthouse.py (all four categories, performance included, printed).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class LighthouseMissing(Exception):
    """Node.js or the Lighthouse package is not installed."""


@dataclass(frozen=True)
class Audit:
    url: str
    scores: dict[str, int]  # category id -> 0..100
    metrics: dict[str, float]  # e.g. first-contentful-paint -> milliseconds (simulated slow 4G)
    failing: list[str]  # the scored audits that did not pass in full, with their scores
    problem: str | None  # Lighthouse could not audit the page (e.g. it did not load)


def available() -> str | None:
    """Why Lighthouse cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (ROOT / "node_modules" / "lighthouse").is_dir():
        return "the lighthouse package is not installed (run scripts/install-test-deps.sh)"
    if not Path(CHROMIUM).exists():
        return f"chromium is not installed at {CHROMIUM}"
    return None


def audit(urls: list[str], categories: tuple[str, ...] = CATEGORIES, browsers: int = 1) -> list[Audit]:
    """Each URL audited, in the order given. `browsers` chromiums share the URLs and run side by
    side: only for categories that time nothing (performance is measured one page at a time)."""
    if reason := available():
        raise LighthouseMissing(reason)
    if "performance" in categories:
        browsers = 1
    shares = [urls[start::browsers] for start in range(browsers) if urls[start::browsers]]
    with concurrent.futures.ThreadPoolExecutor(len(shares)) as pool:
        audited = list(pool.map(lambda share: _audit_in_one_browser(share, categories), shares))
    by_url = {result.url: result for results in audited for result in results}
    if missing := [url for url in urls if url not in by_url]:
        raise RuntimeError(f"Lighthouse gave no result for {', '.join(missing)}")
    return [by_url[url] for url in urls]


def _audit_in_one_browser(urls: list[str], categories: tuple[str, ...]) -> list[Audit]:
    done = subprocess.run(["node", str(RUNNER), ",".join(categories), *urls], cwd=ROOT,
                          env={**os.environ, "CHROME_PATH": CHROMIUM, "POLKU_CHROMIUM_ARGS": " ".join(CHROMIUM_ARGS)},
                          capture_output=True, text=True, check=False, timeout=120 + 60 * len(urls))
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed (exit {done.returncode}): {done.stderr.strip()}")
    return [Audit(**json.loads(line)) for line in done.stdout.splitlines() if line.startswith("{")]
