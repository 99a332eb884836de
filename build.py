#!/usr/bin/env python3
"""Polku's command line: `python build.py build|check|serve|new|report|map|schema|translations|feedback-…`. See README.md."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from feedback import cli as feedback_cli
from generator import build_record, errors, external_links, write
from generator.ics import BuildDateError
from generator.load import LOCK_FILE, display_name
from generator.memo import Memo, code_stamp

if TYPE_CHECKING:
    from generator import pipeline, translations

# The model, pydantic and Jinja are imported by the functions that use them, after the
# no-op check: importing them takes half as long as a build that finds nothing changed.

HERE = Path(__file__).resolve().parent
CONTENT_ERRORS, USAGE_ERRORS = 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="Build an accessible service-path website from YAML.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="validate the content and write the site")
    check = commands.add_parser("check", help="validate the content, report on translations, and write nothing")
    translate = commands.add_parser("translations", help="report on translations, or accept them as current")
    new = commands.add_parser("new", help="create a commented path file that builds as it is")
    health = commands.add_parser("report", help="content health: reviews, translations, providers, steps, links")
    path_map = commands.add_parser("map", help="draw a path's logic: which answers switch which steps on or off")
    serve = commands.add_parser("serve", help="live preview: rebuild on save and reload the browser")
    for sub in (build, check, translate, new, health, path_map, serve):
        sub.add_argument("--paths", type=Path, default=Path("paths"), metavar="DIR",
                         help="content directory: path files, providers.yaml, site.yaml (default: paths/)")
        sub.add_argument("--theme", default="default", metavar="NAME", help="theme from themes/ (default: default)")
    for sub in (build, check):
        sub.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1, write nothing)")
        sub.add_argument("--strict-translations", action="store_true",
                         help="fail when a translation is missing, outdated or not accepted")
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR", help="where the site goes (default: output/)")
    build.add_argument("--file-urls", action="store_true",
                       help="link to index.html files, for a copy to open from disk (overrides clean_urls)")
    translate.add_argument("--accept", action="store_true",
                           help=f"record the current translations as up to date in {LOCK_FILE}")
    translate.add_argument("--lang", action="append", default=[], metavar="LANG",
                           help="with --accept: only this language (repeat for several)")
    feedback_cli.add_commands(commands)
    _external_options(check)
    _cache_options(build)
    _editor_options(new, health, path_map)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    schema = commands.add_parser("schema", help="write JSON Schemas of the content files for editors' tools")
    schema.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="where to write them (default: schema/)")
    args = parser.parse_args(argv)
    if args.command == "schema":
        return _schema(args.out)
    if args.command.startswith("feedback-"):
        return feedback_cli.run(args)
    with _fewer_collections():
        return _content_command(args)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Reading content makes millions of objects that live until the command ends, and few
    cycles; with Python's default thresholds the collector looks through all of them again
    and again (a third of the time of loading and checking 1,000 paths). Collect far less
    often, as mypy does, and as before once the command is done (tests call `main`)."""
    before = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _content_command(args: argparse.Namespace) -> int:
    theme_dir = HERE / "themes" / args.theme
    if not args.paths.is_dir():
        return _usage(f"content directory {args.paths} does not exist (use --paths DIR)")
    if not (theme_dir / "templates").is_dir():
        available = ", ".join(sorted(p.name for p in (HERE / "themes").iterdir() if p.is_dir()))
        return _usage(f"theme '{args.theme}' not found in {HERE / 'themes'} (available: {available})")
    if args.command == "translations":
        return _translations(args, theme_dir)
    if args.command in EDITOR_TOOLS:
        try:
            return EDITOR_TOOLS[args.command](args, theme_dir)
        except BuildDateError as exc:
            return _usage(str(exc))

    stamp, last = None, None
    if args.command == "build":
        try:
            write.check_output_dir(args.output, [args.paths, theme_dir, HERE])
            stamp = _build_stamp(args, theme_dir)
        except write.OutputError as exc:
            return _usage(str(exc))
        except BuildDateError as exc:
            return _usage(str(exc))
        if stamp:
            last = build_record.LastBuild.read(stamp[0], args.output)
            if _skip_unchanged(args, last, stamp[1]):
                return 0
    return _build_or_check(args, theme_dir, stamp, last)


def _build_or_check(args: argparse.Namespace, theme_dir: Path, stamp: tuple[Path, str] | None,
                    last: build_record.LastBuild | None) -> int:
    from generator import pipeline, translations
    from generator.render import ThemeError
    from generator.search import SearchError

    memo = _memo(args, stamp)
    locate = args.command == "check"
    lock, damaged = _read_lock(args.paths)
    checked = pipeline.check_content(args.paths, theme_dir, memo, pipeline.Lean((lock, locate)))
    if checked.errors:
        return _report(checked.errors, wrote_nothing=args.command == "build")
    if _report_warnings(checked.warnings, args.strict, wrote_nothing=args.command == "build"):
        return CONTENT_ERRORS
    assert checked.content is not None
    report = translations.report(checked.content, lock, damaged, locate, memo)
    try:
        if args.command == "check":
            return _check_rendered(args, checked, theme_dir, report, memo)
        if _strict_translations_fail(args, report):
            return CONTENT_ERRORS
        known = last.known_digests() if last else None
        result = pipeline.publish(checked, args.output, theme_dir, args.file_urls, memo, known)
    except BuildDateError as exc:
        return _usage(str(exc))
    except (ThemeError, SearchError) as exc:
        kind = "theme error" if isinstance(exc, ThemeError) else "search index"
        print(f"build.py: {kind}: {exc}", file=sys.stderr)
        return CONTENT_ERRORS
    if isinstance(result, pipeline.Checked):
        return _report(result.errors, wrote_nothing=True)
    print(f"Built {result.pages} pages into {args.output}/ ({result.written} files written, {result.unchanged} unchanged).")
    summary = f"{translations.summary(report)} See `python build.py check`." if report.problems else None
    if summary:
        print(summary)
    if stamp:
        build_record.remember(stamp[0], args.output, build_record.Record(
            stamp[1], result.pages, [warning.format() for warning in checked.warnings], summary, {}, result.digests))
        memo.save(build_record.memo_file(stamp[0]), code_stamp())
    return 0


def _memo(args: argparse.Namespace, stamp: tuple[Path, str] | None) -> Memo:
    """What earlier builds made: `build` keeps it in its cache folder, `check` reads the
    build's (the memo cannot hold a stale result, only a missing one)."""
    if stamp:
        return Memo.load(build_record.memo_file(stamp[0]), code_stamp())
    if args.command == "check":
        return Memo.load(build_record.memo_file(build_record.default_cache_dir(args.paths)), code_stamp())
    return Memo()


def _cache_options(build: argparse.ArgumentParser) -> None:
    build.add_argument("--cache", type=Path, metavar="DIR",
                       help="where to keep the record that lets a build skip when nothing changed "
                            "(default: .cache/polku/ beside the content directory)")
    build.add_argument("--no-cache", action="store_true", help="always build everything, and keep no record")


def _build_stamp(args: argparse.Namespace, theme_dir: Path) -> tuple[Path, str] | None:
    """The cache folder and the fingerprint of this build's inputs; None with --no-cache."""
    if args.no_cache:
        return None
    options = {"file_urls": args.file_urls, "strict": args.strict, "strict_translations": args.strict_translations}
    return (args.cache or build_record.default_cache_dir(args.paths),
            build_record.fingerprint(args.paths, theme_dir, args.output, options))


def _skip_unchanged(args: argparse.Namespace, last: build_record.LastBuild, fingerprint: str) -> bool:
    """When nothing changed since the last build, say what it said and write nothing."""
    record = last.unchanged(fingerprint)
    if record is None:
        return False
    for warning in record.warnings:
        print(warning, file=sys.stderr)
    print(f"Built {record.pages} pages into {args.output}/ (0 files written, {len(record.digests)} unchanged: "
          "nothing changed since the last build).")
    if record.translations:
        print(record.translations)
    return True


def _check_rendered(args: argparse.Namespace, checked: pipeline.Checked, theme_dir: Path,
                    report: translations.Report, memo: Memo) -> int:
    """The rest of `check`: render in memory and check links, anchors and assets, print the
    translation report, and with --external visit the links to other sites. Writes nothing."""
    from generator import pipeline, translations

    if args.timeout <= 0 or args.concurrency < 1:
        return _usage("--timeout must be more than 0 seconds and --concurrency at least 1")
    rendered = pipeline.render_site(checked, theme_dir, memo=memo, keep_files=False)
    found = pipeline.check_links(checked, rendered, memo)  # the build's checker: only pages that changed are looked at
    if found:
        return _report(found, wrote_nothing=False)
    warned = f", {errors.warnings_summary(checked.warnings)}" if checked.warnings else ""
    print(f"{len(checked.content.paths)} paths checked: no errors{warned}.")
    print("\n".join(translations.format_report(report)))
    if _strict_translations_fail(args, report):
        return CONTENT_ERRORS
    return _check_external(args, checked, rendered) if args.external else 0


def _strict_translations_fail(args: argparse.Namespace, report: translations.Report) -> bool:
    from generator import translations

    if args.strict_translations and report.problems:
        print(f"{translations.summary(report)} Failing because of --strict-translations.", file=sys.stderr)
        return True
    return False


def _read_lock(content_dir: Path) -> tuple[translations.Lock | None, errors.ContentError | None]:
    """translations.lock beside the content, and the error if it is damaged."""
    from generator import translations

    return translations.read_lock(content_dir, display_name(content_dir / LOCK_FILE))


def _translations(args: argparse.Namespace, theme_dir: Path) -> int:
    """`translations`: print the report, or with --accept record the current translations."""
    from generator import pipeline, translations

    checked = pipeline.check_content(args.paths, theme_dir)
    if checked.errors:
        return _report(checked.errors, wrote_nothing=False)
    if not args.accept:
        if args.lang:
            return _usage("--lang goes with --accept")
        lock, damaged = _read_lock(args.paths)
        print("\n".join(translations.format_report(translations.report(checked.content, lock, damaged))))
        return 0
    unknown = sorted(set(args.lang) - set(checked.content.site.languages))
    if unknown:
        return _usage(f"'{unknown[0]}' is not one of the site's languages ({', '.join(checked.content.site.languages)})")
    lock, _damaged = translations.read_lock(args.paths, "")  # a damaged record is replaced
    accepted = translations.accept(checked.content, lock, args.lang)
    translations.write_lock(args.paths, accepted)
    counted = translations.counts(accepted, args.lang)
    done = ", ".join(f"{counted[lang]} {translations.language_name(lang)}" for lang in sorted(counted)) or "no"
    print(f"Accepted {done} translations; recorded in {display_name(args.paths / LOCK_FILE)}.")
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
    from generator import links, pipeline

    assert checked.content is not None
    references = links.external_references(rendered.parsed, checked.content.site.base_url)
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


def _editor_options(new: argparse.ArgumentParser, health: argparse.ArgumentParser,
                    path_map: argparse.ArgumentParser) -> None:
    new.add_argument("id", help="the new path's id, also its file name: lowercase letters, digits, hyphens")
    health.add_argument("--json", action="store_true", help="machine-readable, for CI dashboards (shape in README.md)")
    path_map.add_argument("id", help="the path's id")
    path_map.add_argument("--out", type=Path, metavar="FILE", help="the SVG to write (default: <id>-map.svg); "
                          "the text equivalent goes beside it as .md")
    path_map.add_argument("--lang", metavar="LANG", help="language of the map (default: the site's first, if the path has it)")


def _new(args: argparse.Namespace, theme_dir: Path) -> int:
    """`new`: a commented path file, checked with the rest of the content."""
    from generator import scaffold

    try:
        created = scaffold.new_path(args.paths, args.id, HERE / "schema")
    except scaffold.ScaffoldError as exc:
        return _usage(str(exc))
    except errors.ContentErrors as exc:
        return _report(exc.errors, wrote_nothing=True)
    print(f"Created {created}. See it with `python build.py serve`; docs/editing.md explains every field.")
    found = scaffold.check_new(args.paths, created, theme_dir)
    return _report(found, wrote_nothing=False) if found else 0


def _health(args: argparse.Namespace, theme_dir: Path) -> int:
    """`report`: content health, as text or JSON; content errors are printed too and exit 1."""
    from generator import pipeline, report
    from generator.ics import build_date

    checked = pipeline.check_content(args.paths, theme_dir)
    if checked.content is None:  # the theme's catalogues are broken
        return _report(checked.errors, wrote_nothing=False)
    link_errors = None if checked.errors else pipeline.check_links(
        checked, pipeline.render_site(checked, theme_dir, keep_files=False))
    health = report.health(checked.content, checked.errors, build_date(), link_errors)
    if args.json:
        print(json.dumps(health.to_json(), indent=2, ensure_ascii=False))
    else:
        print(health.format_text(f"{args.paths}/"), end="")
    found = checked.errors or link_errors  # broken links fail a build, so they fail here too
    return _report(found, wrote_nothing=False) if found else 0


def _map(args: argparse.Namespace, theme_dir: Path) -> int:
    """`map`: the path's logic as an SVG and, beside it, the same in words."""
    from generator import pathmap, pipeline

    checked = pipeline.check_content(args.paths, theme_dir)
    own = [error for error in checked.errors if Path(error.file).stem == args.id]
    located = next((p for p in checked.content.paths if p.value.id == args.id), None) if checked.content else None
    if own or checked.content is None:
        return _report(own or checked.errors, wrote_nothing=True)
    if located is None:
        known = [p.value.id for p in checked.content.paths]
        return _usage(f"no path '{args.id}' in {args.paths} ({errors.did_you_mean(args.id, known) or 'there are no paths'})")
    path, site = located.value, checked.content.site
    lang = args.lang or (site.default_language if site.default_language in path.languages else path.languages[0])
    if lang not in path.languages or lang not in checked.catalogues:
        return _usage(f"'{args.id}' is not written in '{lang}' (it has {', '.join(path.languages)})")
    t = checked.catalogues[lang]
    drawn = pathmap.build_map(path, t)
    out = args.out or Path(f"{args.id}-map.svg")
    words = out.with_suffix(".md")
    out.write_text(pathmap.svg(drawn, t), encoding="utf-8")
    words.write_text(pathmap.markdown(drawn, t), encoding="utf-8")
    print(f"Wrote {out} and {words}.")
    return 0


def _serve(args: argparse.Namespace, theme_dir: Path) -> int:
    from generator import serve  # imports watchfiles, which only serve needs

    return serve.run(args.paths, theme_dir, args.host, args.port)


EDITOR_TOOLS = {"new": _new, "report": _health, "map": _map, "serve": _serve}


def _schema(folder: Path) -> int:
    from generator.schema import write_schemas

    written = write_schemas(folder)
    print("Wrote " + ", ".join(str(file) for file in written) + ".")
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
