"""Command line of the receiver and the report: `python build.py feedback-server|feedback-report|
feedback-reply`, or the same without the prefix as `python -m feedback server|report|reply`.

Exit codes follow build.py: 0 success, 1 a request that could not be carried out (an
unknown id), 2 usage errors (a missing site index, an unusable database URL, a bad date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Callable

FAILED, USAGE_ERRORS = 1, 2
DEFAULT_DB = "sqlite:///feedback.db"
DB_HELP = f"database URL: sqlite:///relative.db or sqlite:////absolute.db (default: $POLKU_FEEDBACK_DB or {DEFAULT_DB})"


class UsageError(Exception):
    pass


def add_commands(commands: argparse._SubParsersAction, prefix: str = "feedback-") -> None:
    server = commands.add_parser(prefix + "server", help="run the feedback receiver for a built site")
    _site(server, required=True)
    _db(server)
    server.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    server.add_argument("--port", type=_number(0, 65535), default=8080, help="port to listen on; 0 picks a free one (default: 8080)")
    server.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                        help="origin whose pages may send feedback, e.g. https://polku.example.fi; "
                        "repeat for more (default: the origin of the site's base_url)")
    server.add_argument("--rate-limit", type=_number(1), default=30, metavar="N",
                        help="submissions a minute per client address (default: 30)")
    server.add_argument("--forwarded-allow-ips", default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"), metavar="IPS",
                        help="reverse proxies whose X-Forwarded-For is trusted (default: 127.0.0.1)")
    server.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    server.set_defaults(handler=_serve)

    report = commands.add_parser(prefix + "report", help="usefulness per path and step, open items, CSV and HTML")
    _db(report)
    _site(report, required=False)
    report.add_argument("--html", type=Path, default=Path("feedback-report.html"), metavar="FILE",
                        help="the editors' page (default: feedback-report.html)")
    report.add_argument("--csv", type=Path, metavar="FILE", help="also write the table as CSV")
    report.add_argument("--items-csv", type=Path, metavar="FILE", help="also write every feedback item as CSV")
    report.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="count working days up to this date (default: today)")
    report.add_argument("--timezone", default="Europe/Helsinki", help="time zone of the dates shown (default: Europe/Helsinki)")
    report.add_argument("--no-holidays", action="store_true", help="count only weekends as days off, not Finnish public holidays")
    report.add_argument("--recent", type=_number(0), default=5, metavar="N", help="recent comments shown per path (default: 5)")
    report.set_defaults(handler=_report)

    reply = commands.add_parser(prefix + "reply", help="mark feedback items as replied to, so they leave the open items")
    _db(reply)
    reply.add_argument("ids", type=int, nargs="+", metavar="ID", help="feedback ids from the report")
    reply.add_argument("--undo", action="store_true", help="mark them as awaiting a reply again")
    reply.set_defaults(handler=_reply)


def _site(parser: argparse.ArgumentParser, required: bool) -> None:
    parser.add_argument("--site", type=Path, default=Path("output") if required else None, metavar="DIR",
                        help="the built site, for its feedback-index.json (default: output/)" if required
                        else "the built site, for titles and reply times (e.g. output/)")


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=os.environ.get("POLKU_FEEDBACK_DB", DEFAULT_DB), metavar="URL", help=DB_HELP)


def _number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high` (or more)."""
    def number(text: str) -> int:
        if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
            limits = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number {limits}")
        return int(text)
    return number


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def run(args: argparse.Namespace, prog: str = "build.py") -> int:
    from .report import ReportError
    from .site_index import SiteIndexError
    from .store import StoreError

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (UsageError, SiteIndexError, StoreError, ReportError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return USAGE_ERRORS


def _serve(args: argparse.Namespace) -> int:
    from . import server

    receiver = server.open_receiver(args.site, args.db, args.allow_origin, args.rate_limit)
    try:
        sock = server.bind(args.host, args.port)
    except OSError as exc:
        receiver.store.close()
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    host, port = sock.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    print(f"Polku feedback receiver on http://{shown_host}:{port}/feedback for {args.site}/ "
          f"({len(receiver.index.current().paths)} paths); database {receiver.store.file} "
          f"({receiver.store.journal_mode}); origins {', '.join(sorted(receiver.origins))}; "
          f"{receiver.limiter.per_minute} a minute per client", flush=True)
    server.serve(receiver, sock, args.forwarded_allow_ips, args.log_level)
    return 0


def _report(args: argparse.Namespace) -> int:
    from . import report
    from .site_index import load

    index = load(args.site) if args.site else None
    for file in (args.html, args.csv, args.items_csv):
        if args.site and file and file.resolve().is_relative_to(args.site.resolve()):
            raise UsageError(f"{file} is inside the published site {args.site}/; the report holds residents' "
                             "e-mail addresses, so write it elsewhere")
    written = report.write_report(args.db, index, args.html, args.csv, args.items_csv, args.today,
                                  args.timezone, not args.no_holidays, args.recent)
    print(written)
    return 0


def _reply(args: argparse.Namespace) -> int:
    from .store import Store

    store = Store(args.db)
    try:
        outcome = store.mark_replied(args.ids, None if args.undo else dt.datetime.now(dt.timezone.utc))
    finally:
        store.close()
    state = "awaiting a reply" if args.undo else "replied"
    for item_id, what in outcome.items():
        text = {"changed": f"marked {state}", "already": f"already {state}", "unknown": "no such feedback"}[what]
        print(f"#{item_id}: {text}", file=sys.stderr if what == "unknown" else sys.stdout)
    return FAILED if "unknown" in outcome.values() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m feedback", description="Polku's feedback receiver and report.")
    add_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"), prefix="")
    return run(parser.parse_args(argv), parser.prog)
