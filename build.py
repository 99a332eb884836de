#!/usr/bin/env python3
"""Polku's command line: `python build.py build|check`. See README.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import errors, external_links, links, pipeline, write
from generator.render import ThemeError

HERE = Path(__file__).resolve().parent
CONTENT_ERRORS, USAGE_ERRORS = 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build an accessible service-path website from YAML.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="validate the content and write the site")
    check = commands.add_parser("check", help="validate the content and write nothing")
    for sub in (build, check):
        sub.add_argument("--paths", type=Path, default=Path("paths"), metavar="DIR",
                         help="content directory: path files, providers.yaml, site.yaml (default: paths/)")
        sub.add_argument("--theme", default="default", metavar="NAME", help="theme from themes/ (default: default)")
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR", help="where the site goes (default: output/)")
    _external_options(check)
    args = parser.parse_args(argv)

    theme_dir = HERE / "themes" / args.theme
    if not args.paths.is_dir():
        return _usage(f"content directory {args.paths} does not exist (use --paths DIR)")
    if not (theme_dir / "templates").is_dir():
        available = ", ".join(sorted(p.name for p in (HERE / "themes").iterdir() if p.is_dir()))
        return _usage(f"theme '{args.theme}' not found in {HERE / 'themes'} (available: {available})")

    if args.command == "check":
        return _check(args, theme_dir)

    try:
        write.check_output_dir(args.output, [args.paths, theme_dir, HERE])
        result = pipeline.build(args.paths, args.output, theme_dir)
    except write.OutputError as exc:
        return _usage(str(exc))
    except ThemeError as exc:
        print(f"build.py: theme error: {exc}", file=sys.stderr)
        return CONTENT_ERRORS
    if isinstance(result, pipeline.Checked):
        return _report(result.errors, wrote_nothing=True)
    print(f"Built {result.pages} pages into {args.output}/ ({result.written} files written, {result.unchanged} unchanged).")
    return 0


def _check(args: argparse.Namespace, theme_dir: Path) -> int:
    """Everything a build checks (content, then the rendered site's links), writing nothing."""
    if args.timeout <= 0 or args.concurrency < 1:
        return _usage("--timeout must be more than 0 seconds and --concurrency at least 1")
    try:
        checked, rendered = pipeline.check_site(args.paths, theme_dir)
    except ThemeError as exc:
        print(f"build.py: theme error: {exc}", file=sys.stderr)
        return CONTENT_ERRORS
    if checked.errors or rendered is None or checked.content is None:
        return _report(checked.errors, wrote_nothing=False)
    print(f"{len(checked.content.paths)} paths checked: no errors.")
    return _check_external(args, checked, rendered) if args.external else 0


def _external_options(check: argparse.ArgumentParser) -> None:
    check.add_argument("--external", action="store_true",
                       help="also visit every link to another site and report the broken ones")
    check.add_argument("--strict-external", action="store_true",
                       help="with --external: exit 1 when a link to another site is broken")
    check.add_argument("--timeout", type=float, default=external_links.DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"with --external: time allowed per link (default: {external_links.DEFAULT_TIMEOUT:g})")
    check.add_argument("--concurrency", type=int, default=external_links.DEFAULT_CONCURRENCY, metavar="N",
                       help=f"with --external: links checked at once (default: {external_links.DEFAULT_CONCURRENCY})")


def _check_external(args: argparse.Namespace, checked: pipeline.Checked, rendered: pipeline.Rendered) -> int:
    """Visit the links to other sites; report broken ones where they were written."""
    assert checked.content is not None
    references = links.external_references(rendered.files, checked.content.site.base_url)
    results = external_links.check_urls(references, timeout=args.timeout, concurrency=args.concurrency)
    sources = pipeline.documents(checked.content)
    broken = [result for result in results.values() if not result.ok]
    reports = {
        error
        for result in broken
        for error in links.locate(references[result.url][0], f"{result.url}: {result.problem}", "", sources, {})
    }
    for error in sorted(reports):
        print(error.format(), file=sys.stderr)
    print(f"{len(results)} links to other sites checked: {len(broken)} broken.")
    return CONTENT_ERRORS if broken and args.strict_external else 0


def _report(found: list[errors.ContentError], wrote_nothing: bool) -> int:
    for error in found:
        print(error.format(), file=sys.stderr)
    print(errors.summary(found, wrote_nothing), file=sys.stderr)
    return CONTENT_ERRORS


def _usage(message: str) -> int:
    print(f"build.py: error: {message}", file=sys.stderr)
    return USAGE_ERRORS


if __name__ == "__main__":
    sys.exit(main())
