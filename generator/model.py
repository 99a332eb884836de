"""Content model: what a path file, providers.yaml and site.yaml may contain.

Every model forbids unknown keys so that a typo is an error rather than silently
ignored. Types are deliberately strict where YAML is treacherous: booleans must be
written `true`/`false`, and everything else arrives from the loader as text, so
numbers and dates are parsed here, by the field that expects them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Iterator, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    StrictBool,
    Tag,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_HINT = "use lowercase letters, digits and single hyphens, e.g. 'building-permit'"
LANG_PATTERN = r"^[a-z]{2,3}$"
TIME_PATTERN = r"^([01]?[0-9]|2[0-3])[:.][0-5][0-9]$"
POSTAL_CODE_PATTERN = r"^[0-9]{5}$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ]{4,20}$"
MONTH_DAY_PATTERN = r"^[0-9]{2}-[0-9]{2}$"
WCAG_CRITERION_PATTERN = r"^[1-4]\.[0-9]{1,2}\.[0-9]{1,2}$"

# What to tell an editor whose value does not match a pattern.
PATTERN_HINTS = {
    ID_PATTERN: ("a valid id", ID_HINT),
    LANG_PATTERN: ("a language code", "language codes are written like fi, sv or en"),
    TIME_PATTERN: ("a time", "write times on a 24-hour clock in quotes, e.g. \"08:15\" or \"8.15\""),
    POSTAL_CODE_PATTERN: ("a postal code", "postal codes have five digits; put them in quotes, e.g. \"00100\""),
    EMAIL_PATTERN: ("an e-mail address", "write it like name@example.fi"),
    PHONE_PATTERN: ("a phone number", "write digits and spaces, e.g. +358 9 310 12345"),
    MONTH_DAY_PATTERN: ("a yearly date", "write month-day in quotes, e.g. \"04-29\""),
    WCAG_CRITERION_PATTERN: ("a WCAG success criterion", "write its number, e.g. 1.4.3"),
}
ALLOWED_URL_SCHEMES = ("https", "http", "mailto", "tel")

Id = Annotated[str, Field(pattern=ID_PATTERN, description="Identifier: " + ID_HINT)]
Lang = Annotated[str, Field(pattern=LANG_PATTERN, description="Language code, e.g. fi, sv, en")]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, description="E-mail address")]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN, description="Phone number, e.g. +358 9 310 12345")]
WcagCriterion = Annotated[str, Field(pattern=WCAG_CRITERION_PATTERN, description="WCAG success criterion, e.g. 1.4.3")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(RootModel[dict[Lang, str]]):
    """Human-readable text, one entry per language: `{fi: …, sv: …, en: …}`."""

    root: dict[Lang, str]

    @model_validator(mode="after")
    def _not_blank(self) -> "Text":
        for lang, value in self.root.items():
            if not value.strip():
                raise ValueError(f"the {lang} text is empty")
        return self

    def get(self, lang: str) -> str:
        return self.root[lang]

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(self.root)


def _check_url(value: str) -> str:
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
    if not match:
        raise ValueError("not an absolute URL; write it with https://, mailto: or tel:")
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_URL_SCHEMES:
        allowed = ", ".join(s + ":" for s in ALLOWED_URL_SCHEMES)
        raise ValueError(f"URL scheme '{scheme}:' is not allowed (allowed: {allowed})")
    if scheme in ("http", "https") and not re.match(r"^https?://[^/\s]+", value, re.I):
        raise ValueError("web address has no host; write it like https://www.example.fi/page")
    if re.search(r"\s", value):
        raise ValueError("URL contains a space; encode it as %20")
    return value


Url = Annotated[str, AfterValidator(_check_url)]


def _shape(value: object) -> str:
    """Discriminate unions by the YAML shape given, so only one branch reports errors."""
    if isinstance(value, dict):
        return "Mapping"
    if isinstance(value, list):
        return "List"
    return "Scalar"


def one_or_many(item: object, many: object, many_shape: Literal["Mapping", "List"]) -> object:
    """A union of one scalar item or a collection of them, told apart by shape."""
    return Annotated[
        Union[Annotated[item, Tag("Scalar")], Annotated[many, Tag(many_shape)]],
        Discriminator(_shape),
    ]


class LocalizedUrl(RootModel):
    """One URL for every language, or one per language: `{fi: …, en: …}`."""

    root: one_or_many(Url, dict[Lang, Url], "Mapping")  # type: ignore[valid-type]

    def get(self, lang: str) -> str:
        return self.root if isinstance(self.root, str) else self.root[lang]

    @property
    def languages(self) -> frozenset[str] | None:
        return None if isinstance(self.root, str) else frozenset(self.root)


# ---------------------------------------------------------------- providers


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

def _check_days(value: str) -> str:
    for part in value.replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or not all(end in WEEKDAYS for end in ends):
            raise ValueError(
                f"'{value}' is not a list of days; write e.g. 'mon-fri' or 'sat, sun'"
                " with mon tue wed thu fri sat sun"
            )
    return value


Days = Annotated[str, AfterValidator(_check_days)]
Time = Annotated[str, Field(pattern=TIME_PATTERN, description="24-hour time, e.g. 08:15")]


def minutes(time: str) -> int:
    hours, mins = time.replace(".", ":").split(":")
    return int(hours) * 60 + int(mins)


class OpeningHours(Strict):
    """Regular hours, e.g. `{days: mon-fri, opens: "08:15", closes: "16:00"}`."""

    days: Days
    opens: Time
    closes: Time

    @model_validator(mode="after")
    def _in_order(self) -> "OpeningHours":
        if minutes(self.closes) <= minutes(self.opens):
            raise ValueError(f"closes ({self.closes}) is not after opens ({self.opens})")
        return self


class HoursException(Strict):
    """A date with other hours than usual (holidays); omit opens/closes when closed."""

    date: dt.date
    opens: Time | None = None
    closes: Time | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> "HoursException":
        if (self.opens is None) != (self.closes is None):
            raise ValueError("give both opens and closes, or neither when closed all day")
        if self.opens and self.closes and minutes(self.closes) <= minutes(self.opens):
            raise ValueError(f"closes ({self.closes}) is not after opens ({self.opens})")
        return self


class Address(Strict):
    street: str
    postal_code: Annotated[str, Field(pattern=POSTAL_CODE_PATTERN)]
    city: Text


class ChannelBase(Strict):
    name: Text | None = None
    languages: list[Lang] = Field(default_factory=list, description="Languages served in")
    note: Text | None = None


class VisitChannel(ChannelBase):
    """A service location residents can visit."""

    type: Literal["visit"]
    address: Address
    opening_hours: list[OpeningHours] = Field(default_factory=list)
    exceptions: list[HoursException] = Field(default_factory=list)
    accessibility: Text | None = None


class PhoneChannel(ChannelBase):
    type: Literal["phone"]
    number: Phone
    charge: Text | None = None
    hours: list[OpeningHours] = Field(default_factory=list)


class EmailChannel(ChannelBase):
    type: Literal["email"]
    address: Email


class ChatChannel(ChannelBase):
    type: Literal["chat"]
    url: LocalizedUrl
    hours: list[OpeningHours] = Field(default_factory=list)


class EServiceChannel(ChannelBase):
    """An online service where the matter is handled."""

    type: Literal["e-service"]
    url: LocalizedUrl
    sign_in: StrictBool = Field(False, description="Requires strong identification")


class WebChannel(ChannelBase):
    type: Literal["web"]
    url: LocalizedUrl


class FormChannel(ChannelBase):
    """A printable form."""

    type: Literal["form"]
    url: LocalizedUrl


Channel = Annotated[
    Union[VisitChannel, PhoneChannel, EmailChannel, ChatChannel, EServiceChannel, WebChannel, FormChannel],
    Field(discriminator="type"),
]
CHANNEL_TYPES = ("visit", "phone", "email", "chat", "e-service", "web", "form")


class Provider(Strict):
    """An organisation unit that handles matters, defined once in providers.yaml."""

    id: Id
    name: Text
    description: Text | None = None
    channels: list[Channel] = Field(min_length=1)


class ProvidersFile(Strict):
    providers: list[Provider] = Field(default_factory=list)


# ---------------------------------------------------------------- conditions


class Chosen(Strict):
    """True when the resident chose any of the listed options of a question."""

    question: Id
    chosen: one_or_many(Id, Annotated[list[Id], Field(min_length=1)], "List")  # type: ignore[valid-type]

    @property
    def options(self) -> list[str]:
        return [self.chosen] if isinstance(self.chosen, str) else list(self.chosen)


class All(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


def _condition_kind(value: object) -> str | None:
    if isinstance(value, dict):
        for key, tag in (("all", "All"), ("any", "AnyOf"), ("not", "Not")):
            if key in value:
                return tag
        return "Chosen"
    if isinstance(value, BaseModel):
        return type(value).__name__
    return None


Condition = Annotated[
    Union[
        Annotated[Chosen, Tag("Chosen")],
        Annotated[All, Tag("All")],
        Annotated[AnyOf, Tag("AnyOf")],
        Annotated[Not, Tag("Not")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition must be a mapping with question/chosen, all, any or not",
    ),
]
All.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


# ---------------------------------------------------------------- path parts


class Link(Strict):
    title: Text
    url: LocalizedUrl
    kind: Literal["e-service", "form", "reading"] = "reading"


class Option(Strict):
    id: Id
    label: Text
    phrase: Text | None = Field(
        None,
        description="How choosing this reads in 'Applies if …' labels, e.g. 'you sell alcohol'",
    )


class Question(Strict):
    id: Id
    type: Literal["single", "multiple"]
    label: Text
    hint: Text | None = None
    options: list[Option] = Field(min_length=2)


class Topic(Strict):
    id: Id
    title: Text


class Document(Strict):
    title: Text
    note: Text | None = None


class Cost(Strict):
    """A fee in euros; `amount: 0` means free. `up_to` makes it a range."""

    amount: Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)]
    up_to: Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _range(self) -> "Cost":
        if self.up_to is not None and self.up_to <= self.amount:
            raise ValueError("up_to must be larger than amount")
        return self


def _check_month_day(value: str) -> str:
    try:
        dt.date(2000, int(value[:2]), int(value[3:]))  # 2000 is a leap year: 02-29 is fine
    except ValueError:
        raise ValueError(f"'{value}' is not a real day of the year") from None
    return value


MonthDay = Annotated[
    str, Field(pattern=MONTH_DAY_PATTERN), AfterValidator(_check_month_day)
]


class KeyDate(Strict):
    """A date in a step: exactly one of `date` (once), `yearly` (MM-DD) or `month` (1–12)."""

    kind: Literal["opens", "deadline", "decision", "starts", "event"]
    date: dt.date | None = None
    yearly: MonthDay | None = None
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    label: Text | None = None

    @model_validator(mode="after")
    def _one_form(self) -> "KeyDate":
        given = [name for name in ("date", "yearly", "month") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of date (2027-04-29), yearly (04-29) or month (5)")
        return self


class Duration(Strict):
    value: Annotated[int, Field(ge=1, le=999)]
    unit: Literal["days", "weeks", "months"]
    note: Text | None = None


class Step(Strict):
    id: Id
    title: Text
    body: Text | None = Field(None, description="Markdown")
    required: StrictBool = True
    relation: Literal["and", "or"] | None = Field(
        None, description="'and': done alongside the previous step; 'or': instead of it"
    )
    when: Condition | None = None
    topic: Id | None = None
    documents: list[Document] = Field(default_factory=list)
    cost: Cost | None = None
    dates: list[KeyDate] = Field(default_factory=list)
    duration: Duration | None = None
    provider: Id | None = None
    links: list[Link] = Field(default_factory=list)


class Phase(Strict):
    id: Id
    title: Text
    summary: Text | None = None
    steps: list[Step] = Field(min_length=1)


class Owner(Strict):
    team: Text
    email: Email
    phone: Phone | None = None


class ServicePromise(Strict):
    handled_by: Text
    reply_within_working_days: Annotated[int, Field(ge=1, le=90)]
    details: Text | None = None


class Path(Strict):
    id: Id
    languages: list[Lang] = Field(min_length=1)
    title: Text
    summary: Text
    life_event: Id
    audience: list[Id] = Field(default_factory=list)
    owner: Owner
    last_reviewed: dt.date
    review_by: dt.date
    service_promise: ServicePromise
    intro: Text | None = Field(None, description="Markdown shown above the questions")
    questions: list[Question] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    good_to_know: list[Link] = Field(default_factory=list)

    def steps(self) -> list[Step]:
        return [step for phase in self.phases for step in phase.steps]


# ---------------------------------------------------------------- site.yaml


class Grouping(Strict):
    id: Id
    title: Text


class Feedback(Strict):
    """Where "Was this useful?" goes: Polku's receiver, another form endpoint, or e-mail."""

    send_to: Literal["receiver", "endpoint", "mailto"] = Field(
        "mailto",
        description="receiver: Polku's feedback server (answers in place with JavaScript); "
        "endpoint: any URL that takes the form POST; mailto: links that e-mail the path's owner",
    )
    url: Url | None = Field(None, description="Address the form posts to (receiver and endpoint)")
    steps: StrictBool = Field(False, description="Also ask under every step")

    @model_validator(mode="after")
    def _url_for_forms(self) -> "Feedback":
        if self.send_to == "mailto" and self.url is not None:
            raise ValueError("url is only used with send_to: receiver or send_to: endpoint (mail goes to each path's owner)")
        if self.send_to != "mailto":
            if self.url is None:
                raise ValueError(f"send_to: {self.send_to} needs the url the form posts to")
            if not self.url.lower().startswith(("https://", "http://")):
                raise ValueError("the form must post to a web address (https://…)")
        return self


class AccessibilityContact(Strict):
    """Where residents send accessibility feedback and ask for content in an accessible form."""

    email: Email
    phone: Phone | None = None
    name: Text | None = Field(None, description="Who handles the feedback; default: the organisation")
    url: LocalizedUrl | None = Field(None, description="A feedback form, if there is one")


# The Act on the Provision of Digital Services gives the provider 14 days to answer feedback.
MAX_REPLY_DAYS = 14


def _check_reply_days(value: int) -> int:
    if not 1 <= value <= MAX_REPLY_DAYS:
        raise ValueError(f"{value} days is not allowed: the law requires a reply within {MAX_REPLY_DAYS} days "
                         f"(give a number from 1 to {MAX_REPLY_DAYS})")
    return value


class KnownGap(Strict):
    """Content that is not accessible: what, why, and how to get it another way."""

    title: Text
    description: Text
    reason: Literal["non-compliance", "disproportionate-burden", "out-of-scope"] = "non-compliance"
    criteria: list[WcagCriterion] = Field(default_factory=list, description="WCAG success criteria not met")
    alternative: Text | None = Field(None, description="How to get the content in an accessible form")
    fix_by: dt.date | None = None


class SupervisoryAuthority(Strict):
    """The authority residents can complain to when feedback gets no satisfactory reply."""

    name: Text
    url: LocalizedUrl
    email: Email | None = None
    phone: Phone | None = None


# The statement is published at <lang>/accessibility/, so no path may have this id.
STATEMENT_FOLDER = "accessibility"


class AccessibilityStatement(Strict):
    """What the law requires an accessibility statement to say, rendered as a page per language."""

    status: Literal["fully", "partially", "not"] = Field(description="How well the site meets the requirements")
    prepared: dt.date
    reviewed: dt.date | None = None
    method: Literal["self-assessment", "third-party"]
    assessor: Text | None = Field(None, description="Who assessed the site (required for third-party)")
    known_gaps: list[KnownGap] = Field(default_factory=list)
    reply_within_days: Annotated[int, AfterValidator(_check_reply_days)]
    supervisory_authority: SupervisoryAuthority

    @model_validator(mode="after")
    def _consistent(self) -> "AccessibilityStatement":
        failures = [gap for gap in self.known_gaps if gap.reason != "out-of-scope"]
        if self.status == "fully" and failures:
            raise ValueError("status is 'fully' but known_gaps lists content that is not accessible "
                             "(set status: partially, or remove the gaps that are fixed)")
        if self.status != "fully" and not failures:
            raise ValueError(f"status is '{self.status}' but known_gaps lists nothing that is not accessible "
                             "(list each gap under known_gaps, or set status: fully)")
        if self.reviewed is not None and self.reviewed < self.prepared:
            raise ValueError(f"reviewed ({self.reviewed}) is before prepared ({self.prepared})")
        if self.method == "third-party" and self.assessor is None:
            raise ValueError("method is 'third-party' but assessor is missing (name who assessed the site)")
        return self


class Licence(Strict):
    """The licence open data is published under, e.g. CC BY 4.0 and a link to its text."""

    name: str
    url: Url


class SiteConfig(Strict):
    """Site-wide settings from site.yaml in the content directory."""

    name: Text = Text({"fi": "Palvelupolut", "sv": "Servicestigar", "en": "Service paths"})
    organisation: Text = Text({"fi": "Esimerkkikaupunki", "sv": "Exempelstaden", "en": "Example City"})
    base_url: Url = "https://example.org/"
    languages: list[Lang] = Field(default_factory=lambda: ["fi", "sv", "en"], min_length=1)
    clean_urls: StrictBool = Field(
        True,
        description="Link to folders (/fi/cafe/); false links to index.html files "
        "so the site also works opened straight from disk",
    )
    life_events: list[Grouping] = Field(default_factory=list)
    audiences: list[Grouping] = Field(default_factory=list)
    feedback: Feedback = Feedback()
    accessibility_contact: AccessibilityContact | None = None
    search: StrictBool = Field(True, description="A search page per language, with a Pagefind index")
    open_data_licence: Licence | None = Field(
        None, description="Publish every path as JSON under this licence; absent: no JSON is published"
    )
    accessibility_statement: AccessibilityStatement | None = Field(
        None, description="Required by the build: every site publishes an accessibility statement")

    @property
    def default_language(self) -> str:
        return self.languages[0]


Translatable = Union[Text, LocalizedUrl]


def iter_translatable(obj: BaseModel, path: tuple = ()) -> Iterator[tuple[tuple, Translatable]]:
    """Every translatable value inside `obj`, with its data path (keys as written in YAML)."""
    if isinstance(obj, Text) or (isinstance(obj, LocalizedUrl) and obj.languages is not None):
        yield path, obj
        return
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        key = info.alias or name
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, BaseModel):
                yield from iter_translatable(item, path + ((key,) if index is None else (key, index)))
