"""Stored feedback as the editors' report: usefulness per path and step, and open items.

An item is *awaiting a reply* when the resident left an e-mail address and no editor has
marked it replied (`feedback-reply ID`); it is *overdue* once more working days have
passed since it arrived than the path's service promise allows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from .site_index import SiteIndex
from .store import Item, Store
from .workdays import WorkingDays

DEFAULT_REPLY_DAYS = 5
TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("feedback", "templates"), autoescape=True,
                               undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class ReportError(Exception):
    pass


@dataclass
class Row:
    """Counts for a path, or for one step of it (or the path as a whole: step None)."""

    path: str
    step: str | None
    title: str
    answers: int = 0
    yes: int = 0
    on_current: int | None = None  # answers about the content as it is now; None without the site
    comments: int = 0
    awaiting: int = 0
    overdue: int = 0

    @property
    def yes_rate(self) -> str:
        return f"{round(100 * self.yes / self.answers)} %" if self.answers else "–"

    def count(self, item: Item, versions: Mapping[str, str] | None, open_item: OpenItem | None) -> None:
        """Count `item`; `versions` are the path's current content versions by language, if known."""
        self.answers += 1
        self.yes += item.useful
        self.comments += item.comment is not None
        if versions is not None:
            self.on_current = (self.on_current or 0) + (item.version == versions.get(item.lang))
        if open_item is not None:
            self.awaiting += 1
            self.overdue += open_item.overdue


@dataclass
class OpenItem:
    item: Item
    received: dt.datetime  # local time
    due: dt.date
    age: int  # working days since it arrived
    overdue: bool


@dataclass
class PathReport:
    total: Row
    parts: list[Row]  # the whole path and each step that has feedback, in page order
    recent: list[Item]
    on_site: bool


@dataclass
class Report:
    today: dt.date
    zone: ZoneInfo
    public_holidays: bool
    answers: int
    paths: list[PathReport] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)
    titles: dict[tuple[str, str | None], str] = field(default_factory=dict)

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.open_items)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.zone)

    def where(self, item: Item) -> str:
        return self.titles.get((item.path, item.step), item.path)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReportError(f"unknown time zone '{name}' (e.g. Europe/Helsinki)") from None


def build(items: list[Item], index: SiteIndex | None, today: dt.date, timezone: ZoneInfo,
          public_holidays: bool = True, recent: int = 5) -> Report:
    days = WorkingDays(public_holidays)
    report = Report(today, timezone, public_holidays, len(items))
    by_path: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_path[item.path].append(item)
    known = list(index.paths) if index else []
    for path_id in known + sorted(set(by_path) - set(known)):
        report.paths.append(_path_report(path_id, by_path[path_id], index, report, days, recent))
    report.open_items.sort(key=lambda open_item: open_item.item.id)
    return report


def _path_report(path_id: str, items: list[Item], index: SiteIndex | None, report: Report, days: WorkingDays,
                 recent: int) -> PathReport:
    info = index.paths.get(path_id) if index else None
    title = index.title(path_id) if index else path_id
    version = info.version if info else None
    reply_days = info.reply_within_working_days if info else DEFAULT_REPLY_DAYS
    total = Row(path_id, None, title)
    step_order = [None, *info.steps] if info else [None]
    parts: dict[str | None, Row] = {}
    for item in items:
        open_item = None
        if item.email and item.replied_at is None:
            received = report.local(item.received_at)
            due = days.add(received.date(), reply_days)
            open_item = OpenItem(item, received, due, days.between(received.date(), report.today), report.today > due)
            report.open_items.append(open_item)
        if item.step not in parts:
            step_title = index.title(path_id, item.step) if index and item.step else (item.step or "")
            parts[item.step] = Row(path_id, item.step, step_title)
            if item.step not in step_order:
                step_order.append(item.step)
        parts[item.step].count(item, version, open_item)
        total.count(item, version, open_item)
        report.titles[(path_id, item.step)] = f"{title} › {parts[item.step].title}" if item.step else title
    ordered = [parts[step] for step in step_order if step in parts]
    with_comments = sorted((item for item in items if item.comment), key=lambda item: item.id, reverse=True)
    # Without step feedback the path's own row says it all.
    shown = ordered if any(row.step for row in ordered) else []
    return PathReport(total, shown, with_comments[:recent], info is not None or index is None)


# ---------------------------------------------------------------- output


def text(report: Report) -> str:
    days_off = "weekends and Finnish public holidays" if report.public_holidays else "weekends"
    lines = [
        f"Feedback report for {report.today.isoformat()} (working days skip {days_off}; times in {report.zone.key})",
        f"{report.answers} answers; {len(report.open_items)} awaiting a reply, {report.overdue} overdue.",
        "",
        f"{'Path / step':<48} {'Answers':>7} {'Yes':>5} {'Comments':>8} {'Awaiting':>8} {'Overdue':>7}",
    ]
    for path in report.paths:
        rows = [(path.total, _clip(path.total.title + ("" if path.on_site else " (not on the site)"), 48))]
        rows += [(part, "  " + _clip(part.title if part.step else "the whole path", 46)) for part in path.parts]
        for row, label in rows:
            lines.append(f"{label:<48} {row.answers:>7} {row.yes_rate:>5} {row.comments:>8} {row.awaiting:>8} {row.overdue:>7}")
    if report.open_items:
        lines += ["", "Awaiting a reply (oldest first):"]
        for open_item in report.open_items:
            item = open_item.item
            state = "OVERDUE" if open_item.overdue else f"due {open_item.due.isoformat()}"
            lines.append(f"  #{item.id}  {open_item.received:%Y-%m-%d}  {state}  {report.where(item)}  {item.email}"
                         + (f"  “{_clip(item.comment, 60)}”" if item.comment else ""))
    return "\n".join(lines) + "\n"


def _clip(value: str, width: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


TABLE_COLUMNS = ["path", "step", "title", "answers", "yes", "no", "yes_rate", "on_current_version", "comments",
                 "awaiting_reply", "overdue"]
ITEM_COLUMNS = ["id", "received", "path", "step", "lang", "version", "useful", "comment", "email", "replied"]


def table_csv(report: Report) -> str:
    rows = []
    for path in report.paths:
        for row in [path.total, *path.parts]:
            rows.append([row.path, "" if row is path.total else (row.step or "(whole path)"), row.title, row.answers,
                         row.yes, row.answers - row.yes, row.yes_rate.replace(" %", "") if row.answers else "",
                         "" if row.on_current is None else row.on_current, row.comments, row.awaiting, row.overdue])
    return _csv(TABLE_COLUMNS, rows)


def items_csv(items: list[Item], report: Report) -> str:
    rows = [[item.id, f"{report.local(item.received_at):%Y-%m-%d %H:%M}", item.path, item.step or "", item.lang,
             item.version, "yes" if item.useful else "no", item.comment or "", item.email or "",
             f"{report.local(item.replied_at):%Y-%m-%d %H:%M}" if item.replied_at else ""]
            for item in items]
    return _csv(ITEM_COLUMNS, rows)


def _csv(columns: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_no_formula(value) for value in row] for row in rows])
    return out.getvalue()


def _no_formula(value: object) -> object:
    """Residents write the comments: keep spreadsheets from running them as formulas."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def html(report: Report) -> str:
    return TEMPLATES.get_template("report.html").render(report=report)


def write_report(db_url: str, index: SiteIndex | None, html_file: Path, csv_file: Path | None,
                 items_csv_file: Path | None, today: dt.date | None, timezone: str, public_holidays: bool,
                 recent: int) -> str:
    """Read the database, write the files asked for; returns the text report and what was written."""
    store = Store(db_url)
    try:
        items = store.items()
    finally:
        store.close()
    local = zone(timezone)
    report = build(items, index, today or dt.datetime.now(local).date(), local, public_holidays, recent)
    outputs = {html_file: html(report), csv_file: table_csv(report) if csv_file else "",
               items_csv_file: items_csv(items, report) if items_csv_file else ""}
    written = []
    for file, content in outputs.items():
        if file is None:
            continue
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            # utf-8-sig: Excel then reads ä and ö in the CSV files right.
            file.write_text(content, encoding="utf-8-sig" if file.suffix.lower() == ".csv" else "utf-8", newline="")
        except OSError as exc:
            raise ReportError(f"cannot write {file}: {exc.strerror or exc}") from None
        written.append(str(file))
    return text(report) + "\nWrote " + ", ".join(written) + "."
