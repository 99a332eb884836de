"""Interface text and locale formats: catalogues, money, dates, days, times, plurals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator.errors import ContentErrors
from generator.i18n import Messages, autonym, load_catalogues

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "default"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def t():
    return load_catalogues(THEME)


# ---------------------------------------------------------------- money


@pytest.mark.parametrize("lang, amount, shown", [
    ("fi", "450", f"450{NBSP}€"),
    ("fi", "450.00", f"450{NBSP}€"),
    ("fi", "1340.50", f"1{NBSP}340,50{NBSP}€"),
    ("fi", "12.5", f"12,50{NBSP}€"),
    ("fi", "0", f"0{NBSP}€"),
    ("sv", "1340.50", f"1{NBSP}340,50{NBSP}€"),
    ("en", "450", "€450"),
    ("en", "1340.50", "€1,340.50"),
    ("en", "12.5", "€12.50"),
])
def test_money(t, lang, amount, shown):
    assert t[lang].money(Decimal(amount)) == shown


def test_whole_euros_have_no_decimals_but_cents_always_two(t):
    assert "," not in t["fi"].money(Decimal("1000000"))
    assert t["fi"].money(Decimal("0.05")).startswith("0,05")


# ---------------------------------------------------------------- dates and times


def test_long_dates(t):
    assert t["fi"].date(dt.date(2027, 4, 29)) == "29. huhtikuuta 2027"
    assert t["en"].date(dt.date(2027, 4, 29)) == "29 April 2027"
    assert t["sv"].date(dt.date(2027, 4, 29)) == "29 april 2027"


def test_day_of_year(t):
    assert t["en"].day_of_year("04-29") == "29 April"
    assert t["fi"].day_of_year("04-29") == "29. huhtikuuta"
    assert t["en"].day_of_year("02-29") == "29 February"


def test_in_month(t):
    assert t["en"].in_month(5) == "in May"
    assert t["fi"].in_month(5) == "toukokuussa"


def test_day_ranges(t):
    assert t["fi"].days("mon-fri") == "ma–pe"
    assert t["en"].days("mon-fri") == "Mon–Fri"
    assert t["sv"].days("mon-fri") == "mån–fre"


def test_day_lists(t):
    assert t["fi"].days("sat, sun") == "la, su"
    assert t["en"].days("mon-wed,fri") == "Mon–Wed, Fri"


def test_time(t):
    assert t["fi"].time("08:15") == "8.15"
    assert t["en"].time("08:15") == "8:15"
    assert t["en"].time("16.00") == "16:00"
    assert t["fi"].time("00:05") == "0.05"


# ---------------------------------------------------------------- messages


def test_count_chooses_plural_form(t):
    assert t["en"].count("duration_days", 1) == "about 1 day"
    assert t["en"].count("duration_days", 2) == "about 2 days"
    assert t["en"].count("duration_days", 0) == "about 0 days"
    assert t["fi"].count("duration_weeks", 1) == "noin 1 viikko"
    assert t["fi"].count("duration_weeks", 4) == "noin 4 viikkoa"


def test_message_placeholders(t):
    assert t["en"]("condition_and", left="A", right="B") == "A and B"
    assert t["fi"]("condition_and", left="A", right="B") == "A ja B"


def test_autonyms():
    assert autonym("sv") == "Svenska"
    assert autonym("fi") == "Suomi"
    assert autonym("en") == "English"


def test_messages_locale_uses_finnish_variants():
    assert str(Messages("sv", {}).locale) == "sv_FI"
    assert str(Messages("en", {}).locale) == "en_GB"


# ---------------------------------------------------------------- catalogues


def test_shipped_catalogues_have_the_same_keys(t):
    assert sorted(t) == ["en", "fi", "sv"]
    assert set(t["fi"].table) == set(t["en"].table) == set(t["sv"].table)


def test_shipped_catalogues_have_plural_pairs(t):
    for messages in t.values():
        ones = {key[:-4] for key in messages.table if key.endswith("_one")}
        others = {key[:-6] for key in messages.table if key.endswith("_other")}
        assert ones == others


def _theme(tmp_path: Path, **catalogues: str) -> Path:
    (tmp_path / "messages").mkdir()
    for lang, text in catalogues.items():
        (tmp_path / "messages" / f"{lang}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_catalogue_missing_a_key_is_named(tmp_path):
    theme = _theme(tmp_path, en="a: A\nb: B\nc: C\n", fi="a: A\nc: C\n")
    with pytest.raises(ContentErrors) as info:
        load_catalogues(theme)
    assert [e.format() for e in info.value.errors] == [
        f"{theme / 'messages' / 'fi.yaml'}:1:1: b: message missing from this catalogue (translate the one in en.yaml)"]


def test_catalogue_value_must_be_text(tmp_path):
    theme = _theme(tmp_path, en="a: A\nb: true\n", fi="a: A\nb: B\n")
    with pytest.raises(ContentErrors) as info:
        load_catalogues(theme)
    assert [e.format() for e in info.value.errors] == [
        f"{theme / 'messages' / 'en.yaml'}:1:1: b: message missing from this catalogue (translate the one in fi.yaml)",
        f"{theme / 'messages' / 'en.yaml'}:2:4: b: a message must be text",
    ]


def test_broken_catalogue_file_is_a_content_error(tmp_path):
    theme = _theme(tmp_path, en="a: [\n")
    with pytest.raises(ContentErrors) as info:
        load_catalogues(theme)
    assert info.value.errors[0].file == str(theme / "messages" / "en.yaml")


def test_catalogues_missing_different_keys_are_all_reported(tmp_path):
    theme = _theme(tmp_path, en="a: A\nb: B\n", fi="a: A\nc: C\n")
    with pytest.raises(ContentErrors) as info:
        load_catalogues(theme)
    assert sorted((e.file.rsplit("/", 1)[-1], e.field) for e in info.value.errors) == [("en.yaml", "c"), ("fi.yaml", "b")]


def test_messages_with_markup_escape_everything_but_the_markup(t):
    from markupsafe import Markup

    html = t["en"].html("owner_and_email", owner="Tom & <Jerry>", email=Markup('<a href="mailto:x@example.fi">x</a>'))
    assert html == 'Tom &amp; &lt;Jerry&gt;, <a href="mailto:x@example.fi">x</a>'


def test_patterns_keep_their_placeholders_for_the_browser(t):
    assert t["sv"].pattern("search_results_other") == "{n} träffar för ”{query}”"


def test_ranges_and_lists_follow_the_catalogue(t):
    assert t["fi"].days("mon-fri, sun") == "ma–pe, su"
    assert t["sv"].span("8.00", "16.00") == "8.00–16.00"
