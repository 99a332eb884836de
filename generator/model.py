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
from functools import cache, cached_property
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

# What JSON Schema can say of checks done in Python here, for editors' tools (schema.py).
SCHEMA_URL_PATTERN = r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/\s]+\S*|[Mm][Aa][Ii][Ll][Tt][Oo]:\S*|[Tt][Ee][Ll]:\S*)$"
SCHEMA_DAY = "(?:mon|tue|wed|thu|fri|sat|sun)"
SCHEMA_DAYS_PATTERN = rf"^ *{SCHEMA_DAY} *(?:- *{SCHEMA_DAY} *)?(?:, *{SCHEMA_DAY} *(?:- *{SCHEMA_DAY} *)?)*$"
SCHEMA_MONTH_DAY_PATTERN = (r"^(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-9])"
                            r"|(?:0[13-9]|1[0-2])-30|(?:0[13578]|1[02])-31)$")

Id = Annotated[str, Field(pattern=ID_PATTERN, description="Identifier: " + ID_HINT)]
Lang = Annotated[str, Field(pattern=LANG_PATTERN, description="Language code, e.g. fi, sv, en")]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, description="E-mail address")]
Phone = Annotated[str, Field(pattern=PHONE_PATTERN, description="Phone number, e.g. +358 9 310 12345")]
WcagCriterion = Annotated[str, Field(pattern=WCAG_CRITERION_PATTERN, description="WCAG success criterion, e.g. 1.4.3")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text_schema(schema: dict) -> None:
    for value in schema["patternProperties"].values():
        value["pattern"] = r"\S"  # not blank, as _not_blank says


class Text(RootModel[dict[Lang, str]]):
    """Human-readable text, one entry per language: `{fi: …, sv: …, en: …}`."""

    model_config = ConfigDict(json_schema_extra=_text_schema)
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


Url = Annotated[str, AfterValidator(_check_url), Field(json_schema_extra={"pattern": SCHEMA_URL_PATTERN})]


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


Days = Annotated[str, AfterValidator(_check_days), Field(json_schema_extra={"pattern": SCHEMA_DAYS_PATTERN})]
Time = Annotated[str, Field(pattern=TIME_PATTERN, description="24-hour time, e.g. 08:15")]


def minutes(time: str) -> int:
    hours, mins = time.replace(".", ":").split(":")
    return int(hours) * 60 + int(mins)


class OpeningHours(Strict):
    """Regular hours, e.g. `{days: mon-fri, opens: "08:15", closes: "16:00"}`."""

    days: Days = Field(description="Days these hours apply: a day, a range or a list, with mon tue wed thu fri sat sun", examples=["mon-fri", "sat, sun"])
    opens: Time = Field(description="Opening time on a 24-hour clock, in quotes", examples=["08:15"])
    closes: Time = Field(description="Closing time on a 24-hour clock, in quotes; after opens", examples=["16:00"])

    @model_validator(mode="after")
    def _in_order(self) -> "OpeningHours":
        if minutes(self.closes) <= minutes(self.opens):
            raise ValueError(f"closes ({self.closes}) is not after opens ({self.opens})")
        return self


class HoursException(Strict):
    """A date with other hours than usual (holidays); omit opens/closes when closed."""

    model_config = ConfigDict(json_schema_extra={"dependencies": {"opens": ["closes"], "closes": ["opens"]}})

    date: dt.date = Field(description="The day, written YYYY-MM-DD", examples=["2026-12-24"])
    opens: Time | None = Field(None, description="Opening time that day; leave out opens and closes when closed all day", examples=["10:00"])
    closes: Time | None = Field(None, description="Closing time that day", examples=["13:00"])
    note: Text | None = Field(None, description="Why the hours differ", examples=[{"fi": "Jouluaatto", "en": "Christmas Eve"}])

    @model_validator(mode="after")
    def _both_or_neither(self) -> "HoursException":
        if (self.opens is None) != (self.closes is None):
            raise ValueError("give both opens and closes, or neither when closed all day")
        if self.opens and self.closes and minutes(self.closes) <= minutes(self.opens):
            raise ValueError(f"closes ({self.closes}) is not after opens ({self.opens})")
        return self


class Address(Strict):
    street: str = Field(description="Street and number", examples=["Työpajankatu 8"])
    postal_code: Annotated[str, Field(pattern=POSTAL_CODE_PATTERN)] = Field(description="Five-digit postal code, in quotes", examples=["00580"])
    city: Text = Field(description="City, per language", examples=[{"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"}])


class ChannelBase(Strict):
    name: Text | None = Field(None, description="The channel's own name, if it has one", examples=[{"fi": "Asiakaspalvelu", "en": "Customer service"}])
    languages: list[Lang] = Field(default_factory=list, description="Languages residents are served in on this channel", examples=[["fi", "sv", "en"]])
    note: Text | None = Field(None, description="Anything else residents should know about this channel", examples=[{"fi": "Varaa aika etukäteen.", "en": "Book an appointment first."}])


class VisitChannel(ChannelBase):
    """A service location residents can visit."""

    type: Literal["visit"] = Field(description="A service location residents can visit", examples=["visit"])
    address: Address = Field(description="Where the service location is", examples=[{"street": "Työpajankatu 8", "postal_code": "00580", "city": {"fi": "Helsinki", "en": "Helsinki"}}])
    opening_hours: list[OpeningHours] = Field(default_factory=list, description="Regular opening hours", examples=[[{"days": "mon-fri", "opens": "08:15", "closes": "16:00"}]])
    exceptions: list[HoursException] = Field(default_factory=list, description="Days with other hours (holidays); without times: closed", examples=[[{"date": "2026-12-24"}, {"date": "2026-12-31", "opens": "08:15", "closes": "13:00"}]])
    accessibility: Text | None = Field(None, description="Access for wheelchairs, prams, hearing loops and so on", examples=[{"fi": "Esteetön sisäänkäynti pihan puolelta.", "en": "Step-free entrance from the yard."}])


class PhoneChannel(ChannelBase):
    type: Literal["phone"] = Field(description="A phone service", examples=["phone"])
    number: Phone = Field(description="Phone number with the country code", examples=["+358 9 310 12345"])
    charge: Text | None = Field(None, description="What a call costs, if more than a normal call", examples=[{"fi": "Puhelun hinta 0,12 €/min", "en": "Calls cost €0.12 a minute"}])
    hours: list[OpeningHours] = Field(default_factory=list, description="When the line is answered", examples=[[{"days": "mon-thu", "opens": "09:00", "closes": "15:00"}]])


class EmailChannel(ChannelBase):
    type: Literal["email"] = Field(description="An e-mail address for questions", examples=["email"])
    address: Email = Field(description="The e-mail address", examples=["rakennusvalvonta@example.fi"])


class ChatChannel(ChannelBase):
    type: Literal["chat"] = Field(description="An online chat", examples=["chat"])
    url: LocalizedUrl = Field(description="Where the chat opens: one address, or one per language", examples=["https://chat.example.fi/"])
    hours: list[OpeningHours] = Field(default_factory=list, description="When the chat is staffed", examples=[[{"days": "mon-fri", "opens": "09:00", "closes": "16:00"}]])


class EServiceChannel(ChannelBase):
    """An online service where the matter is handled."""

    type: Literal["e-service"] = Field(description="An online service where the matter is handled", examples=["e-service"])
    url: LocalizedUrl = Field(description="The e-service: one address, or one per language", examples=["https://asiointi.example.fi/lupa"])
    sign_in: StrictBool = Field(False, description="true when residents must identify themselves (online banking codes, mobile certificate, ID card)", examples=[True])


class WebChannel(ChannelBase):
    type: Literal["web"] = Field(description="A web page with information", examples=["web"])
    url: LocalizedUrl = Field(description="The page: one address, or one per language", examples=[{"fi": "https://www.example.fi/luvat", "en": "https://www.example.fi/en/permits"}])


class FormChannel(ChannelBase):
    """A printable form."""

    type: Literal["form"] = Field(description="A printable form", examples=["form"])
    url: LocalizedUrl = Field(description="The form: one address, or one per language", examples=["https://www.example.fi/lomake.pdf"])


Channel = Annotated[
    Union[VisitChannel, PhoneChannel, EmailChannel, ChatChannel, EServiceChannel, WebChannel, FormChannel],
    Field(discriminator="type"),
]
CHANNEL_TYPES = ("visit", "phone", "email", "chat", "e-service", "web", "form")


class Provider(Strict):
    """An organisation unit that handles matters, defined once in providers.yaml."""

    id: Id = Field(description="The provider's id, used by steps' provider field", examples=["building-control"])
    name: Text = Field(description="The organisation unit's name", examples=[{"fi": "Rakennusvalvonta", "en": "Building control"}])
    description: Text | None = Field(None, description="What the unit does, in a sentence", examples=[{"fi": "Myöntää rakennus- ja toimenpideluvat.", "en": "Grants building and action permits."}])
    channels: list[Channel] = Field(min_length=1, description="How residents reach the unit, at least one; each has a type", examples=[[{"type": "email", "address": "rakennusvalvonta@example.fi"}]])


class ProvidersFile(Strict):
    providers: list[Provider] = Field(default_factory=list, description="Every organisation unit the paths refer to, each defined once", examples=[[{"id": "building-control", "name": {"fi": "Rakennusvalvonta", "en": "Building control"}, "channels": [{"type": "email", "address": "rakennusvalvonta@example.fi"}]}]])


# ---------------------------------------------------------------- conditions


class Chosen(Strict):
    """True when the resident chose any of the listed options of a question."""

    question: Id = Field(description="The id of a question of this path", examples=["premises"])
    chosen: one_or_many(Id, Annotated[list[Id], Field(min_length=1)], "List") = Field(  # type: ignore[valid-type]
        description="An option id of that question, or a list of them (any of them)", examples=["alcohol", ["new-premises", "change-of-use"]])

    @property
    def options(self) -> list[str]:
        return [self.chosen] if isinstance(self.chosen, str) else list(self.chosen)


class All(Strict):
    all: list[Condition] = Field(min_length=1, description="True when every condition in the list is true", examples=[[{"question": "details", "chosen": "alcohol"}, {"not": {"question": "premises", "chosen": "change-of-owner"}}]])


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1, description="True when at least one condition in the list is true", examples=[[{"question": "details", "chosen": "alcohol"}, {"question": "details", "chosen": "terrace"}]])


class Not(Strict):
    not_: Condition = Field(alias="not", description="True when the condition is false", examples=[{"question": "premises", "chosen": "change-of-owner"}])


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
    title: Text = Field(description="The link text: say where it leads", examples=[{"fi": "Hae lupaa", "en": "Apply for the permit"}])
    url: LocalizedUrl = Field(description="https:, http:, mailto: or tel: address; one, or one per language", examples=["https://asiointi.example.fi/lupa"])
    kind: Literal["e-service", "form", "reading"] = Field("reading", description="e-service (do it online), form (print and fill in) or reading (more information)", examples=["e-service"])


class Option(Strict):
    id: Id = Field(description="The option's id, used in conditions", examples=["change-of-use"])
    label: Text = Field(description="The answer as residents choose it", examples=[{"fi": "Muutan toimitilan käyttötarkoitusta", "en": "I am changing the use of the premises"}])
    phrase: Text | None = Field(
        None,
        description="How choosing this reads in 'Applies if …' labels", examples=[{"fi": "myyt alkoholia", "en": "you sell alcohol"}],
    )


class Question(Strict):
    id: Id = Field(description="The question's id, used in conditions", examples=["premises"])
    type: Literal["single", "multiple"] = Field(description="single: one answer (radio buttons); multiple: any number (checkboxes)", examples=["single"])
    label: Text = Field(description="The question as residents read it", examples=[{"fi": "Millaista kahvilaa olet perustamassa?", "en": "What kind of café are you starting?"}])
    hint: Text | None = Field(None, description="Help for answering, shown under the question", examples=[{"fi": "Valitse kaikki sopivat.", "en": "Choose all that apply."}])
    options: list[Option] = Field(min_length=2, description="The answers, at least two", examples=[[{"id": "new-premises", "label": {"fi": "Uusi tila", "en": "New premises"}}, {"id": "change-of-owner", "label": {"fi": "Omistajanvaihdos", "en": "Change of owner"}}]])


class Topic(Strict):
    id: Id = Field(description="The topic's id, used by steps' topic field", examples=["premises"])
    title: Text = Field(description="The topic's name", examples=[{"fi": "Toimitila", "en": "Premises"}])


class Document(Strict):
    title: Text = Field(description="The document residents need", examples=[{"fi": "Pää- ja rakennepiirustukset", "en": "Main and structural drawings"}])
    note: Text | None = Field(None, description="Where to get it, or what it must contain", examples=[{"fi": "Pääsuunnittelija laatii.", "en": "Drawn up by the chief designer."}])


class Cost(Strict):
    """A fee in euros; `amount: 0` means free. `up_to` makes it a range."""

    amount: Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)] = Field(description="The fee in euros; 0 means free of charge", examples=[450, "12.50"])
    up_to: Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)] | None = Field(None, description="The highest fee, making amount–up_to a range; larger than amount", examples=[1200])
    note: Text | None = Field(None, description="What the fee depends on", examples=[{"fi": "Hinta riippuu pinta-alasta.", "en": "The fee depends on the floor area."}])

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
    str, Field(pattern=MONTH_DAY_PATTERN, json_schema_extra={"pattern": SCHEMA_MONTH_DAY_PATTERN}),
    AfterValidator(_check_month_day),
]


class KeyDate(Strict):
    """A date in a step: exactly one of `date` (once), `yearly` (MM-DD) or `month` (1–12)."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in ("date", "yearly", "month")
    ]})

    kind: Literal["opens", "deadline", "decision", "starts", "event"] = Field(description="What happens on the date: opens, deadline, decision, starts or event", examples=["deadline"])
    date: dt.date | None = Field(None, description="A single date, YYYY-MM-DD", examples=["2027-04-29"])
    yearly: MonthDay | None = Field(None, description="The same day every year, month-day in quotes", examples=["01-27"])
    month: Annotated[int, Field(ge=1, le=12)] | None = Field(None, description="A month every year, 1–12, shown as \"in May\"", examples=[5])
    label: Text | None = Field(None, description="Wording that replaces the kind's default (\"Deadline\")", examples=[{"fi": "Haku päättyy", "en": "Applications close"}])

    @model_validator(mode="after")
    def _one_form(self) -> "KeyDate":
        given = [name for name in ("date", "yearly", "month") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of date (2027-04-29), yearly (04-29) or month (5)")
        return self


class Duration(Strict):
    value: Annotated[int, Field(ge=1, le=999)] = Field(description="How many units it usually takes, 1–999", examples=[4])
    unit: Literal["days", "weeks", "months"] = Field(description="days, weeks or months", examples=["weeks"])
    note: Text | None = Field(None, description="What makes it quicker or slower", examples=[{"fi": "Kesällä pidempään.", "en": "Longer in summer."}])


class Step(Strict):
    id: Id = Field(description="The step's id, unique in the path; also its #step-… anchor", examples=["building-permit"])
    title: Text = Field(description="What to do, as an instruction", examples=[{"fi": "Hae rakennuslupa", "en": "Apply for a building permit"}])
    body: Text | None = Field(None, description="Details in Markdown: paragraphs, lists, **bold**, links", examples=[{"fi": "Hae lupaa **ennen** remontin aloittamista.", "en": "Apply **before** you start the renovation."}])
    required: StrictBool = Field(True, description="false marks the step Optional", examples=[False])
    relation: Literal["and", "or"] | None = Field(
        None, description="and: done alongside the step before; or: instead of it (shares its number)", examples=["or"]
    )
    when: Condition | None = Field(None, description="Which answers make the step apply; without it the step applies to everyone", examples=[{"question": "details", "chosen": "alcohol"}])
    topic: Id | None = Field(None, description="The id of one of the path's topics", examples=["premises"])
    documents: list[Document] = Field(default_factory=list, description="What residents need to have at hand", examples=[[{"title": {"fi": "Pohjapiirros", "en": "Floor plan"}}]])
    cost: Cost | None = Field(None, description="What the step costs", examples=[{"amount": 450, "up_to": 1200}])
    dates: list[KeyDate] = Field(default_factory=list, description="Dates that matter: application periods, deadlines, decisions", examples=[[{"kind": "deadline", "yearly": "04-29"}]])
    duration: Duration | None = Field(None, description="How long the step usually takes", examples=[{"value": 4, "unit": "weeks"}])
    provider: Id | None = Field(None, description="The id of the provider in providers.yaml that handles the step", examples=["building-control"])
    links: list[Link] = Field(default_factory=list, description="E-services, forms and further reading for this step", examples=[[{"title": {"fi": "Hae lupaa", "en": "Apply for the permit"}, "url": "https://asiointi.example.fi/lupa", "kind": "e-service"}]])


class Phase(Strict):
    id: Id = Field(description="The phase's id; also its #phase-… anchor", examples=["preparation"])
    title: Text = Field(description="The phase's heading", examples=[{"fi": "Valmistelu", "en": "Preparation"}])
    summary: Text | None = Field(None, description="One sentence under the heading", examples=[{"fi": "Selvitä nämä ennen vuokrasopimusta.", "en": "Sort these out before signing a lease."}])
    steps: list[Step] = Field(min_length=1, description="The steps in order, at least one", examples=[[{"id": "register", "title": {"fi": "Rekisteröi yritys", "en": "Register the company"}}]])


class Owner(Strict):
    team: Text = Field(description="The team that keeps the path up to date", examples=[{"fi": "Yrityspalvelujen verkkotiimi", "en": "Business services web team"}])
    email: Email = Field(description="The team's e-mail address, shown on the page", examples=["polku-yritys@example.fi"])
    phone: Phone | None = Field(None, description="The team's phone number", examples=["+358 9 310 00310"])


class ServicePromise(Strict):
    handled_by: Text = Field(description="Who handles residents' questions and feedback", examples=[{"fi": "Kaupungin yritysneuvonta", "en": "The city's business advice service"}])
    reply_within_working_days: Annotated[int, Field(ge=1, le=90)] = Field(description="The promised reply time in working days, 1–90", examples=[5])
    details: Text | None = Field(None, description="More about the promise", examples=[{"fi": "Kerromme, kuka asiaasi hoitaa.", "en": "We tell you who is handling your matter."}])


class Path(Strict):
    id: Id = Field(description="The path's id: the same as the file name without .yaml, and its address", examples=["cafe"])
    languages: list[Lang] = Field(min_length=1, description="The languages the path is written in; every text must be given in each", examples=[["fi", "en"]])
    title: Text = Field(description="The life event as residents would say it", examples=[{"fi": "Kahvilan tai ravintolan perustaminen", "en": "Starting a café or restaurant"}])
    summary: Text = Field(description="One or two sentences, shown on the index and in search results", examples=[{"fi": "Mitä lupia tarvitset ja missä järjestyksessä.", "en": "Which permits you need, and in which order."}])
    life_event: Id = Field(description="The id of a life event in site.yaml: groups the index page", examples=["business"])
    audience: list[Id] = Field(default_factory=list, description="Ids of audiences in site.yaml, shown as tags", examples=[["businesses", "newcomers"]])
    owner: Owner = Field(description="Who keeps this path up to date", examples=[{"team": {"fi": "Yrityspalvelut", "en": "Business services"}, "email": "polku-yritys@example.fi"}])
    last_reviewed: dt.date = Field(description="When the path was last checked, YYYY-MM-DD; shown as \"Last updated\"", examples=["2026-10-12"])
    review_by: dt.date = Field(description="When it must be checked again, YYYY-MM-DD; after last_reviewed", examples=["2027-04-12"])
    service_promise: ServicePromise = Field(description="Who answers residents, and how fast", examples=[{"handled_by": {"fi": "Yritysneuvonta", "en": "Business advice"}, "reply_within_working_days": 5}])
    intro: Text | None = Field(None, description="Markdown shown above the questions", examples=[{"fi": "Osa luvista vie viikkoja, joten aloita ajoissa.", "en": "Some permits take weeks, so start early."}])
    questions: list[Question] = Field(default_factory=list, description="Questions about the resident's situation; the answers decide which steps apply", examples=[[{"id": "premises", "type": "single", "label": {"fi": "Onko sinulla tila?", "en": "Do you have premises?"}, "options": [{"id": "yes-premises", "label": {"fi": "Kyllä", "en": "Yes"}}, {"id": "no-premises", "label": {"fi": "Ei", "en": "No"}}]}]])
    topics: list[Topic] = Field(default_factory=list, description="Themes that cut across phases; the page also lists steps by topic", examples=[[{"id": "premises", "title": {"fi": "Toimitila", "en": "Premises"}}]])
    phases: list[Phase] = Field(min_length=1, description="The phases in order, each with its steps", examples=[[{"id": "preparation", "title": {"fi": "Valmistelu", "en": "Preparation"}, "steps": [{"id": "register", "title": {"fi": "Rekisteröi yritys", "en": "Register the company"}}]}]])
    good_to_know: list[Link] = Field(default_factory=list, description="Links to further reading at the end of the page", examples=[[{"title": {"fi": "Yrittäjän opas", "en": "Guide for entrepreneurs"}, "url": "https://www.example.fi/opas"}]])

    @cached_property  # not a private attribute: pydantic compares those, and this is filled in as asked
    def read_digests(self) -> dict[str, str]:
        """Digests of the path as read in each language, kept by feedback_index.content_digest."""
        return {}

    def steps(self) -> list[Step]:
        return [step for phase in self.phases for step in phase.steps]

    @cached_property
    def provider_ids(self) -> frozenset[str]:
        """The providers the steps refer to (kept: the object is immutable and this is asked often)."""
        return frozenset(step.provider for step in self.steps() if step.provider)


# ---------------------------------------------------------------- site.yaml


class Grouping(Strict):
    id: Id = Field(description="The id paths use to refer to it", examples=["business"])
    title: Text = Field(description="Its name, per site language", examples=[{"fi": "Yrittäminen", "sv": "Företagande", "en": "Running a business"}])


class Feedback(Strict):
    """Where "Was this useful?" goes: Polku's receiver, another form endpoint, or e-mail."""

    send_to: Literal["receiver", "endpoint", "mailto"] = Field(
        "mailto",
        description="receiver: Polku's feedback server (answers in place with JavaScript); "
        "endpoint: any URL that takes the form POST; mailto: links that e-mail the path's owner",
        examples=["receiver"],
    )
    url: Url | None = Field(None, description="Address the form posts to (receiver and endpoint)",
                            examples=["https://palaute.example.fi/feedback"])
    steps: StrictBool = Field(False, description="Also ask under every step", examples=[True])

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

    email: Email = Field(description="Where to send accessibility feedback", examples=["saavutettavuus@example.fi"])
    phone: Phone | None = Field(None, description="A phone number for accessibility feedback", examples=["+358 9 310 00200"])
    name: Text | None = Field(None, description="Who handles the feedback; default: the organisation",
                              examples=[{"fi": "Saavutettavuuspalaute", "en": "Accessibility feedback"}])
    url: LocalizedUrl | None = Field(None, description="A feedback form, if there is one",
                                     examples=["https://palaute.example.fi/saavutettavuus"])


# The Act on the Provision of Digital Services gives the provider 14 days to answer feedback.
MAX_REPLY_DAYS = 14


def _check_reply_days(value: int) -> int:
    if not 1 <= value <= MAX_REPLY_DAYS:
        raise ValueError(f"{value} days is not allowed: the law requires a reply within {MAX_REPLY_DAYS} days "
                         f"(give a number from 1 to {MAX_REPLY_DAYS})")
    return value


class KnownGap(Strict):
    """Content that is not accessible: what, why, and how to get it another way."""

    title: Text = Field(description="What is not accessible, in a few words", examples=[{"fi": "Tulostettavat lomakkeet", "en": "Printable forms"}])
    description: Text = Field(description="What the problem is for residents",
                              examples=[{"fi": "Osa lomakkeista on PDF-tiedostoja.", "en": "Some forms are PDF files."}])
    reason: Literal["non-compliance", "disproportionate-burden", "out-of-scope"] = Field(
        "non-compliance", description="Why: not yet fixed, too great a burden to fix, or outside the law's scope",
        examples=["out-of-scope"])
    criteria: list[WcagCriterion] = Field(default_factory=list, description="WCAG success criteria not met",
                                          examples=[["1.3.1", "2.4.2"]])
    alternative: Text | None = Field(None, description="How to get the content in an accessible form",
                                     examples=[{"fi": "Pyydä lomake sähköpostilla.", "en": "Ask for the form by e-mail."}])
    fix_by: dt.date | None = Field(None, description="When it will be fixed, YYYY-MM-DD", examples=["2027-06-30"])


class SupervisoryAuthority(Strict):
    """The authority residents can complain to when feedback gets no satisfactory reply."""

    name: Text = Field(description="The authority's name, per language", examples=[{"fi": "Saavutettavuusvalvonta", "en": "Accessibility monitoring"}])
    url: LocalizedUrl = Field(description="The authority's web page for complaints",
                              examples=["https://saavutettavuusvalvonta.example.fi/"])
    email: Email | None = Field(None, description="The authority's e-mail address",
                                examples=["saavutettavuusvalvonta@example.fi"])
    phone: Phone | None = Field(None, description="The authority's phone number", examples=["+358 29 534 5000"])


# The statement is published at <lang>/accessibility/, so no path may have this id.
STATEMENT_FOLDER = "accessibility"


class AccessibilityStatement(Strict):
    """What the law requires an accessibility statement to say, rendered as a page per language."""

    status: Literal["fully", "partially", "not"] = Field(description="How well the site meets the requirements",
                                                         examples=["partially"])
    prepared: dt.date = Field(description="When the statement was first prepared, YYYY-MM-DD", examples=["2026-09-15"])
    reviewed: dt.date | None = Field(None, description="When it was last reviewed, YYYY-MM-DD", examples=["2026-10-12"])
    method: Literal["self-assessment", "third-party"] = Field(description="Who assessed the site: you, or a third party",
                                                              examples=["self-assessment"])
    assessor: Text | None = Field(None, description="Who assessed the site (required for third-party)",
                                  examples=[{"fi": "Esimerkkiarvioija Oy", "en": "Example Assessors Ltd"}])
    known_gaps: list[KnownGap] = Field(default_factory=list, description="Content that is not accessible, and why",
                                       examples=[[{"title": {"fi": "Tulostettavat lomakkeet", "en": "Printable forms"}, "description": {"fi": "Osa lomakkeista on PDF-tiedostoja.", "en": "Some forms are PDF files."}}]])
    reply_within_days: Annotated[int, AfterValidator(_check_reply_days)] = Field(
        description=f"Days within which feedback is answered, at most {MAX_REPLY_DAYS}", examples=[14],
        json_schema_extra={"minimum": 1, "maximum": MAX_REPLY_DAYS})
    supervisory_authority: SupervisoryAuthority = Field(
        description="Where residents complain when feedback gets no satisfactory reply",
        examples=[{"name": {"fi": "Saavutettavuusvalvonta", "en": "Accessibility monitoring"}, "url": "https://saavutettavuusvalvonta.example.fi/"}])

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

    name: str = Field(description="The licence's short name", examples=["CC BY 4.0"])
    url: Url = Field(description="Where the licence text is", examples=["https://creativecommons.org/licenses/by/4.0/"])


class SiteConfig(Strict):
    """Site-wide settings from site.yaml in the content directory."""

    name: Text = Field(Text({"fi": "Palvelupolut", "sv": "Servicestigar", "en": "Service paths"}), description="The site's name, per language", examples=[{"fi": "Palvelupolut", "en": "Service paths"}])
    organisation: Text = Field(Text({"fi": "Esimerkkikaupunki", "sv": "Exempelstaden", "en": "Example City"}), description="Who publishes the site", examples=[{"fi": "Helsingin kaupunki", "en": "City of Helsinki"}])
    base_url: Url = Field("https://example.org/", description="Where the site is published, for canonical links", examples=["https://polku.example.fi/"])
    languages: list[Lang] = Field(default_factory=lambda: ["fi", "sv", "en"], min_length=1, description="The site's languages; the first is the default", examples=[["fi", "sv", "en"]])
    clean_urls: StrictBool = Field(
        True, examples=[False],
        description="Link to folders (/fi/cafe/); false links to index.html files "
        "so the site also works opened straight from disk",
    )
    life_events: list[Grouping] = Field(default_factory=list, description="The groups of the index page; every path names one", examples=[[{"id": "business", "title": {"fi": "Yrittäminen", "en": "Running a business"}}]])
    audiences: list[Grouping] = Field(default_factory=list, description="Who paths are for, shown as tags on path cards", examples=[[{"id": "families", "title": {"fi": "Lapsiperheet", "en": "Families with children"}}]])
    feedback: Feedback = Field(Feedback(), description="Where \"Was this useful?\" answers go", examples=[{"send_to": "receiver", "url": "https://palaute.example.fi/feedback"}])
    accessibility_contact: AccessibilityContact | None = Field(None, description="Contact for accessibility feedback", examples=[{"email": "saavutettavuus@example.fi"}])
    search: StrictBool = Field(True, description="A search page per language, with a Pagefind index", examples=[False])
    open_data_licence: Licence | None = Field(
        None, description="Publish every path as JSON under this licence; absent: no JSON is published",
        examples=[{"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}])
    accessibility_statement: AccessibilityStatement | None = Field(
        None, description="Required by the build: every site publishes an accessibility statement",
        examples=[{"status": "fully", "prepared": "2026-09-15", "method": "self-assessment", "reply_within_days": 14,
                   "supervisory_authority": {"name": {"fi": "Saavutettavuusvalvonta", "en": "Accessibility monitoring"}, "url": "https://saavutettavuusvalvonta.example.fi/"}}])

    @property
    def default_language(self) -> str:
        return self.languages[0]


Translatable = Union[Text, LocalizedUrl]


def iter_translatable(obj: BaseModel, path: tuple = (), written: bool = False) -> Iterator[tuple[tuple, Translatable]]:
    """Every translatable value inside `obj`, in order, with its data path (keys as written in
    YAML); `written`: only those written in the file, not built-in defaults (pydantic's
    `model_fields_set` holds the fields given, so the file need not be read again).

    Walked with a stack rather than by recursion: a path holds about a hundred texts, some
    six models deep, and every one would pass up through a generator per level."""
    stack: list[tuple[tuple, BaseModel]] = [(path, obj)]
    while stack:
        path, obj = stack.pop()
        if isinstance(obj, Text) or (isinstance(obj, LocalizedUrl) and obj.languages is not None):
            yield path, obj
            continue
        given = obj.model_fields_set if written else None
        inside: list[tuple[tuple, BaseModel]] = []
        for name, key in _keyed_fields(type(obj)):
            if given is not None and name not in given:
                continue
            value = getattr(obj, name)
            if isinstance(value, list):
                inside += [(path + (key, index), item) for index, item in enumerate(value) if isinstance(item, BaseModel)]
            elif isinstance(value, BaseModel):
                inside.append((path + (key,), value))
        stack += reversed(inside)


@cache
def _keyed_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """A model's fields, each with its key in YAML (its alias, if it has one)."""
    return tuple((name, info.alias or name) for name, info in model.model_fields.items())
