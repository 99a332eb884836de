"""The editors' report: usefulness per path and step, awaiting replies, CSV and HTML."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from feedback import report
from feedback.site_index import load
from feedback.store import Store
from feedback.submission import Submission

from .receiver import kiosk_version

HELSINKI = ZoneInfo("Europe/Helsinki")
MONDAY = dt.date(2026, 9, 7)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Feedback on the kiosk path: the whole path, two steps, an old version and a removed path."""
    url = f"sqlite:///{tmp_path}/feedback.db"
    store = Store(url)
    current = kiosk_version("fi")

    def add(day: dt.date, useful: bool, step: str | None = None, comment: str | None = None, email: str | None = None,
            path: str = "kiosk", version: str = current) -> int:
        return store.add(Submission(path, step, "fi", version, useful, comment, email), at(day))

    add(dt.date(2026, 8, 24), True, version="0123456789abcdef")
    add(dt.date(2026, 8, 25), False, comment="Missä lomake?", email="a@example.fi")  # answered below
    add(dt.date(2026, 8, 26), False, comment="=HYPERLINK(\"x\")", email="b@example.fi")  # overdue
    add(dt.date(2026, 9, 1), True, step="register", comment="Selkeä", email="c@example.fi")  # due 8 September
    add(dt.date(2026, 9, 2), False, step="register")
    add(dt.date(2026, 9, 3), True, step="open-doors")
    add(dt.date(2026, 9, 3), True, path="old-path", comment="Tämä polku poistui")
    store.mark_replied([2], at(dt.date(2026, 8, 26)))
    store.close()
    return url


def build(db: str, site: Path | None, today: dt.date = MONDAY) -> report.Report:
    store = Store(db)
    items = store.items()
    store.close()
    return report.build(items, load(site) if site else None, today, HELSINKI, recent=2)


def test_rows_per_path_and_step_with_counts_and_yes_rate(db, built_fixture_site):
    result = build(db, built_fixture_site)
    kiosk, removed = result.paths
    assert (kiosk.total.title, kiosk.total.answers, kiosk.total.yes, kiosk.total.yes_rate) == ("Kioskin perustaminen", 6, 3, "50 %")
    assert kiosk.total.on_current == 5
    assert [(row.step, row.title, row.answers, row.yes_rate, row.comments) for row in kiosk.parts] == [
        (None, "", 3, "33 %", 2),
        ("register", "Rekisteröi yritys", 2, "50 %", 1),
        ("open-doors", "Avaa ovet", 1, "100 %", 0),
    ]
    assert (removed.total.path, removed.on_site, removed.parts) == ("old-path", False, [])
    assert [item.comment for item in kiosk.recent] == ["Selkeä", "=HYPERLINK(\"x\")"]


def test_an_answer_is_about_the_current_content_when_its_version_is_that_of_its_language(tmp_path: Path,
                                                                                          built_fixture_site):
    url = f"sqlite:///{tmp_path}/by-language.db"
    store = Store(url)
    for lang, version in (("en", kiosk_version("en")), ("en", kiosk_version("fi")), ("fi", kiosk_version("fi"))):
        store.add(Submission("kiosk", None, lang, version, True, None, None), at(dt.date(2026, 9, 1)))
    store.close()
    assert build(url, built_fixture_site).paths[0].total.on_current == 2  # not the English answer with the Finnish version


def test_open_items_are_those_with_an_address_and_no_reply_and_overdue_after_five_working_days(db, built_fixture_site):
    result = build(db, built_fixture_site)
    assert [(o.item.id, o.due, o.age, o.overdue) for o in result.open_items] == [
        (3, dt.date(2026, 9, 2), 8, True),
        (4, dt.date(2026, 9, 8), 4, False),
    ]
    assert (result.paths[0].total.awaiting, result.paths[0].total.overdue) == (2, 1)
    assert [(o.item.id, o.overdue) for o in build(db, built_fixture_site, dt.date(2026, 9, 9)).open_items] == [
        (3, True), (4, True)]


def test_without_the_site_paths_are_named_by_id(db):
    result = build(db, None)
    assert [path.total.title for path in result.paths] == ["kiosk", "old-path"]
    assert result.paths[0].total.on_current is None


def test_text_report(db, built_fixture_site):
    text = report.text(build(db, built_fixture_site))
    assert "7 answers; 2 awaiting a reply, 1 overdue." in text
    assert "Kioskin perustaminen                                   6  50 %        3        2       1" in text
    assert "  the whole path                                       3  33 %        2        1       1" in text
    assert "  Rekisteröi yritys                                    2  50 %        1        1       0" in text
    assert "old-path (not on the site)" in text
    assert "#3  2026-08-26  OVERDUE  Kioskin perustaminen  b@example.fi" in text
    assert "#4  2026-09-01  due 2026-09-08  Kioskin perustaminen › Rekisteröi yritys  c@example.fi  “Selkeä”" in text


def test_csv_table_and_items(db, built_fixture_site):
    result = build(db, built_fixture_site)
    table = list(csv.DictReader(io.StringIO(report.table_csv(result))))
    assert [(r["path"], r["step"], r["answers"], r["yes_rate"], r["awaiting_reply"]) for r in table] == [
        ("kiosk", "", "6", "50", "2"), ("kiosk", "(whole path)", "3", "33", "1"), ("kiosk", "register", "2", "50", "1"),
        ("kiosk", "open-doors", "1", "100", "0"), ("old-path", "", "1", "100", "0")]
    store = Store(db)
    items = list(csv.DictReader(io.StringIO(report.items_csv(store.items(), result))))
    store.close()
    assert items[2]["comment"] == "'=HYPERLINK(\"x\")"  # spreadsheets must not run residents' text
    assert (items[1]["received"], items[1]["replied"], items[1]["useful"]) == ("2026-08-25 10:00", "2026-08-26 10:00", "no")


def test_html_page_for_editors(db, built_fixture_site):
    page = report.html(build(db, built_fixture_site))
    assert "<h1>Feedback report</h1>" in page
    assert '<tr class="path">\n<th scope="row">Kioskin perustaminen</th>' in page
    assert '<a href="mailto:b@example.fi">b@example.fi</a>' in page
    assert "=HYPERLINK(&#34;x&#34;)" in page  # escaped
    assert "(overdue, 8 working days)" in page


def test_write_report_writes_the_files_asked_for(db, built_fixture_site, tmp_path):
    html, table = tmp_path / "out" / "report.html", tmp_path / "out" / "table.csv"
    text = report.write_report(db, load(built_fixture_site), html, table, None, MONDAY, "Europe/Helsinki", True, 5)
    assert text.endswith(f"Wrote {html}, {table}.")
    assert table.read_bytes().startswith(b"\xef\xbb\xbfpath,step,")  # Excel reads UTF-8 with the mark
    with pytest.raises(report.ReportError, match="unknown time zone"):
        report.write_report(db, None, html, None, None, MONDAY, "Mars/Olympus", True, 5)
    with pytest.raises(report.ReportError, match="cannot write .*report.html/inside.html"):
        report.write_report(db, None, html / "inside.html", None, None, MONDAY, "Europe/Helsinki", True, 5)
