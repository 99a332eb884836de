#!/usr/bin/env python3
"""Polku's command line: `python build.py build|check`. See README.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import errors, pipeline, write
from generator.ics import BuildDateError
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
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1, write nothing)")
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR", help="where the site goes (default: output/)")
    args = parser.parse_args(argv)

    theme_dir = HERE / "themes" / args.theme
    if not args.paths.is_dir():
        return _usage(f"content directory {args.paths} does not exist (use --paths DIR)")
    if not (theme_dir / "templates").is_dir():
        available = ", ".join(sorted(p.name for p in (HERE / "themes").iterdir() if p.is_dir()))
        return _usage(f"theme '{args.theme}' not found in {HERE / 'themes'} (available: {available})")

    if args.command == "check":
        return _check(args.paths, theme_dir, args.strict)

    try:
        write.check_output_dir(args.output, [args.paths, theme_dir, HERE])
        result = pipeline.build(args.paths, args.output, theme_dir, strict=args.strict)
    except write.OutputError as exc:
        return _usage(str(exc))
    except BuildDateError as exc:
        return _usage(str(exc))
    except ThemeError as exc:
        print(f"build.py: theme error: {exc}", file=sys.stderr)
        return CONTENT_ERRORS
    if isinstance(result, pipeline.Checked):
        if result.errors:
            return _report(result.errors, wrote_nothing=True)
        return _report_warnings(result.warnings, strict=True, wrote_nothing=True)
    _report_warnings(result.warnings, strict=False, wrote_nothing=False)
    print(f"Built {result.pages} pages into {args.output}/ ({result.written} files written, {result.unchanged} unchanged).")
    return 0


def _check(paths: Path, theme_dir: Path, strict: bool) -> int:
    checked = pipeline.check_content(paths, theme_dir)
    if checked.errors:
        return _report(checked.errors, wrote_nothing=False)
    if _report_warnings(checked.warnings, strict, wrote_nothing=False):
        return CONTENT_ERRORS
    warned = f", {errors.warnings_summary(checked.warnings)}" if checked.warnings else ""
    print(f"{len(checked.content.paths)} paths checked: no errors{warned}.")
    return 0


def _report_warnings(found: list[errors.ContentWarning], strict: bool, wrote_nothing: bool) -> int:
    """Print warnings; with --strict they fail like errors."""
    for warning in found:
        print(warning.format(), file=sys.stderr)
    if found and strict:
        tail = "; nothing was written" if wrote_nothing else ""
        print(f"{errors.warnings_summary(found)}, failing because of --strict{tail}.", file=sys.stderr)
        return CONTENT_ERRORS
    return 0


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
