"""Interface text and locale formats: the theme's message catalogues, dates, money, hours.

Each theme keeps one catalogue per language in `messages/<lang>.yaml` (flat `key: text`
with `{placeholders}`). Dates, numbers and day names come from Babel's CLDR data so they
follow each language's conventions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names
from babel.numbers import format_currency
from markupsafe import Markup, escape

from .errors import ContentError, ContentErrors
from .load import load_file
from .model import WEEKDAYS

# The Finnish variants of each language: Swedish and English as written in Finland.
LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}


@lru_cache(maxsize=None)
def locale_for(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


@lru_cache(maxsize=None)
def autonym(lang: str) -> str:
    """A language's name in itself, for language switchers: 'suomi', 'svenska'."""
    name = locale_for(lang).get_language_name(lang) or lang
    return name[:1].upper() + name[1:]


class UnknownMessage(LookupError):
    """A template asked for a message the catalogue does not have: a theme bug."""


@dataclass(frozen=True)
class Messages:
    """The catalogue of one language, callable as `t("key", name=value)`."""

    lang: str
    table: dict[str, str]

    def __call__(self, key: str, **values: object) -> str:
        try:
            return self.table[key].format(**values)
        except KeyError as exc:
            missing = f"'{key}'" if key not in self.table else f"placeholder {exc} of '{key}'"
            raise UnknownMessage(f"no message {missing} in the {self.lang} catalogue") from None

    def pattern(self, key: str) -> str:
        """A message with its {placeholders} left in, for the browser to fill in."""
        return self.table[key]

    def html(self, key: str, **values: object) -> Markup:
        """A message with markup in its values (a link, a <time>): the rest is escaped."""
        return Markup(escape(self.table[key])).format(**values)

    def join(self, items: Iterable[str]) -> str:
        return self("list_separator").join(items)

    def span(self, start: str, end: str) -> str:
        """A range of times or days: '8.15–16.00', 'ma–pe'."""
        return self("range", start=start, end=end)

    @property
    def locale(self) -> Locale:
        return locale_for(self.lang)

    def date(self, value: dt.date) -> str:
        return _date(self.lang, value)

    def day_of_year(self, month_day: str) -> str:
        """'04-29' -> '29 April' / '29. huhtikuuta'."""
        return _day_of_year(self.lang, month_day)

    def in_month(self, month: int) -> str:
        return self(f"month_in_{month}")

    def money(self, amount: Decimal) -> str:
        return _money(self.lang, amount)

    def days(self, spec: str, width: str = "abbreviated") -> str:
        """'mon-fri' -> 'ma–pe', 'sat, sun' -> 'la, su'; width 'wide' for full names."""
        names = _day_names(self.lang, width)
        parts = []
        for part in spec.replace(" ", "").split(","):
            ends = [names[WEEKDAYS.index(end)] for end in part.split("-")]
            parts.append(self.span(*ends) if len(ends) == 2 else ends[0])
        return self.join(parts)

    def time(self, value: str) -> str:
        hours, minutes = value.replace(".", ":").split(":")
        return self("time_format", hours=int(hours), minutes=minutes)

    def count(self, key: str, n: int, **values: object) -> str:
        """A plural form: catalogue keys `<key>_one` and `<key>_other`."""
        return self(f"{key}_one" if n == 1 else f"{key}_other", n=n, **values)


# Formatting through Babel costs tens of microseconds a call, and the same dates, sums and
# day names come back on page after page: each is formatted once per language.


@lru_cache(maxsize=8192)
def _date(lang: str, value: dt.date) -> str:
    return format_date(value, "long", locale=locale_for(lang))


@lru_cache(maxsize=1024)
def _day_of_year(lang: str, month_day: str) -> str:
    month, day = int(month_day[:2]), int(month_day[3:])
    return format_skeleton("MMMMd", dt.date(2000, month, day), locale=locale_for(lang))


@lru_cache(maxsize=8192)
def _money(lang: str, amount: Decimal) -> str:
    locale = locale_for(lang)
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)


@lru_cache(maxsize=None)
def _day_names(lang: str, width: str) -> dict[int, str]:
    return dict(get_day_names(width, context="stand-alone", locale=locale_for(lang)))


def load_catalogues(theme_dir: Path) -> dict[str, Messages]:
    """Every catalogue of a theme; a catalogue missing keys of the first is an error."""
    errors: list[ContentError] = []
    catalogues: dict[str, Messages] = {}
    for file in sorted((theme_dir / "messages").glob("*.yaml")):
        try:
            doc = load_file(file, str(file))
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        bad = [key for key, value in doc.data.items() if not isinstance(value, str)]
        for key in bad:
            errors.append(doc.error((key,), "a message must be text"))
        catalogues[file.stem] = Messages(file.stem, {k: v for k, v in doc.data.items() if k not in bad})
    every_key = set().union(*(messages.table for messages in catalogues.values()))
    for messages in catalogues.values():
        for key in sorted(every_key - set(messages.table)):
            having = sorted(lang for lang, other in catalogues.items() if key in other.table)
            errors.append(ContentError(str(theme_dir / "messages" / f"{messages.lang}.yaml"), 1, 1, key,
                                       "message missing from this catalogue",
                                       f"translate the one in {having[0]}.yaml"))
    if errors:
        raise ContentErrors(errors)
    return catalogues
