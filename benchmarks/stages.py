"""Where a cold build's time goes: `python -m benchmarks.stages [N]` (default 1,000 paths).

Runs each stage of generator/pipeline.py over a synthetic corpus of N paths and prints the
wall time of each stage (in total, per path and per page) and the processor time of this
process, which leaves out the workers that render pages and Pagefind's program.
Compare a stage before and after a change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, TypeVar

from generator import check, checklist, context, ics, load, markdown_html, pipeline, render, search, validate, write
from generator.i18n import load_catalogues

from .corpus import generate

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def timed(rows: list[tuple[str, float, float]], name: str, work: Callable[[], T]) -> T:
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    rows.append((name, time.perf_counter() - start, time.process_time() - cpu))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=int, nargs="?", default=1_000, metavar="N")
    args = parser.parse_args(argv)
    theme = ROOT / "themes" / "default"
    with tempfile.TemporaryDirectory(prefix="polku-stages-") as work:
        content_dir = Path(work) / "paths"
        generate(args.paths, content_dir)
        rows: list[tuple[str, float, float]] = []
        catalogues = timed(rows, "catalogues", lambda: load_catalogues(theme))
        sources, errors = timed(rows, "read and parse YAML", lambda: load.load_content(content_dir))
        content, model_errors = timed(rows, "validate (pydantic)", lambda: validate.validate(sources))
        errors += model_errors + timed(rows, "check", lambda: check.check(content, catalogues))
        assert not errors, errors[:3]
        texts = [step.body.get(lang) for p in content.paths for step in p.value.steps() if step.body
                 for lang in p.value.languages]
        timed(rows, f"  Markdown alone ({len(texts):,} texts)", lambda: [markdown_html.render_markdown(t) for t in texts])
        pages = timed(rows, "page contexts (incl. Markdown)", lambda: context.build_pages(content, catalogues))
        timed(rows, "checklists and downloads", lambda: checklist.build(content, pages, ics.build_date(), catalogues))
        timed(rows, "render (Jinja)", lambda: render.render_pages(pages, theme))
        checked = pipeline.Checked(content, catalogues)
        rendered = timed(rows, "whole render_site (incl. link facts)", lambda: pipeline.render_site(checked, theme))
        timed(rows, "link check", lambda: pipeline.check_links(checked, rendered))
        timed(rows, "write (new output)", lambda: write.write_site(rendered.files, Path(work) / "output"))
        timed(rows, "search index (Pagefind)", lambda: search.build_index(Path(work) / "output", False, content.site.languages))

    print(f"{args.paths:,} paths, {rendered.pages:,} pages")
    print("| stage | wall | per path | per page | CPU of this process |\n|---|---:|---:|---:|---:|")
    for name, seconds, cpu in rows:
        print(f"| {name} | {seconds:.2f} s | {seconds / args.paths * 1000:.2f} ms | {seconds / rendered.pages * 1000:.2f} ms"
              f" | {cpu:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
