"""Stage 4, context: validated content into one plain dict per page, ready for templates.

Everything language-dependent is resolved here (texts, dates, money, condition wording,
step numbers), so templates only place values and never decide anything.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from . import conditions, feedback_form, personalise
from .i18n import Messages, autonym
from .markdown_html import render_markdown
from .memo import Memo
from .model import (
    STATEMENT_FOLDER,
    AccessibilityStatement,
    Channel,
    Cost,
    KeyDate,
    Link,
    OpeningHours,
    Path,
    Provider,
    SiteConfig,
    Step,
    Text,
)
from .validate import Content, Located

T = TypeVar("T")

ASSETS = "assets/"
SEARCH = "search"  # each language's search page: fi/search/
SEARCH_BUNDLE = "pagefind"  # where the search index goes
FEED = "feed.xml"  # each language's Atom feed: fi/feed.xml
RESERVED_IDS = (SEARCH, STATEMENT_FOLDER)  # folders beside the path pages; no path may take their name


def data_file(path_id: str) -> str:
    """Where a path is published as open data."""
    return f"data/{path_id}.json"


CHECKLIST = "checklist"  # folder of a path's checklist page, below the path's folder


@dataclass(frozen=True)
class Listing:
    """What the site's own pages and files show of a path: the front pages, the sitemap,
    the feeds and the open data catalogue see only this, so an edit elsewhere in a path
    (a step, a question) leaves them as they were, and a build can reuse them."""

    id: str
    languages: list[str]
    title: Text
    summary: Text
    life_event: str
    audience: list[str]
    last_reviewed: dt.date

    @classmethod
    def of(cls, path: Path) -> Listing:
        return cls(path.id, path.languages, path.title, path.summary, path.life_event, path.audience, path.last_reviewed)

    _keys: dict[tuple[str, ...] | None, str] = field(default_factory=dict, compare=False, repr=False)
    _parts: dict[str, tuple[str, Any]] = field(default_factory=dict, compare=False, repr=False)

    def key(self, languages: tuple[str, ...] | None = None) -> str:
        """All of it as text, for a digest of what the site's own files are made from; with
        `languages`, only the texts in those (what a file showing only them depends on)."""
        if languages not in self._keys:
            texts = [{lang: text.root[lang] for lang in (text.root if languages is None else languages) if lang in text.root}
                     for text in (self.title, self.summary)]
            self._keys[languages] = json.dumps([self.id, self.languages, texts, self.life_event, self.audience,
                                                self.last_reviewed.isoformat()], ensure_ascii=False)
        return self._keys[languages]

    def part(self, what: str, made_from: str, make: Callable[[Listing], T]) -> T:
        """`make(self)`: this path's part of one of the site's own files (its card, feed entry,
        catalogue entry), kept while `made_from` (what else the part shows: site settings, the
        theme) stays the same. A build keeps the listings of unchanged files, so an edit to one
        summary makes only that path's parts again."""
        kept = self._parts.get(what)
        if kept is None or kept[0] != made_from:
            kept = self._parts[what] = (made_from, make(self))
        return kept[1]


def listings(content: Content) -> list[Listing]:
    """Every path's listing, in the order of their ids."""
    return sorted((listing(located, Memo()) for located in content.paths), key=lambda listing: listing.id)


def listing(located: Located[Path], memo: Memo) -> Listing:
    """A path's listing, kept per version of its file: a build that kept it need not read
    the file (see `validate.Located`)."""
    return memo.per_file("listing", located.doc, lambda: Listing.of(located.value))


@dataclass(frozen=True)
class Page:
    """One file to render: where it goes, with which template and values."""

    output: str
    template: str
    context: dict[str, Any]


def values_key(page: Page) -> str | None:
    """A page's values as text, for keeping the page rendered from them; None when they
    hold something that has no exact text form (then the page is rendered every time)."""
    try:
        return json.dumps(page.context, sort_keys=True, ensure_ascii=False, default=_plain)
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> str:
    if isinstance(value, Messages):
        return f"messages {value.lang}"  # the theme's messages: part of every kept page's key already
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class Urls:
    """Relative links between output folders, so the site works under any base path."""

    def __init__(self, site: SiteConfig, here: str):
        self.clean = site.clean_urls
        self.base_url = site.base_url.rstrip("/") + "/"
        self.here = here  # folder of the current page, '' for the root

    def page(self, folder: str) -> str:
        link = _relative(folder, self.here)
        link = "" if link == "." else link + "/"
        return link if self.clean else (link + "index.html")

    def assets(self) -> str:
        return _relative(ASSETS, self.here) + "/"

    def file(self, name: str) -> str:
        """A link to a file such as data/cafe.json or fi/feed.xml."""
        return _relative(name, self.here)

    def absolute(self, folder: str) -> str:
        """The published address of a folder, for canonical and hreflang links.

        Always the folder itself: every static host serves its index.html there, and
        it stays the same whether the site links to folders or to index.html files.
        """
        return self.base_url + (folder + "/" if folder else "")



def _relative(target: str, start: str) -> str:
    """posixpath.relpath between two of the site's folders, without asking the system for
    the working directory (as relpath does, a dozen times a page)."""
    to = [part for part in target.split("/") if part not in ("", ".")]
    at = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."

def build_pages(content: Content, catalogues: dict[str, Messages]) -> list[Page]:
    """Every page of the site but the front pages (made with their cards by the build,
    generator/pipeline.py): its own pages, then each path's."""
    return site_pages(content.site, catalogues) + [
        page for located in content.paths for page in path_pages(content, catalogues, located.value)]


def site_pages(site: SiteConfig, catalogues: dict[str, Messages]) -> list[Page]:
    """The pages that are not one path's and list none: the language choice, 404, and per
    language the search page and the accessibility statement."""
    pages = [_root_page(site, catalogues, "", "index.html", "root.html"),
             _root_page(site, catalogues, "", "404.html", "404.html")]
    for lang in site.languages:
        t = catalogues[lang]
        if site.search:
            pages.append(_search_page(site, t, catalogues))
        pages.append(_statement_page(site, t, catalogues))
    return pages


def path_pages(content: Content, catalogues: dict[str, Messages], path: Path) -> list[Page]:
    """A path's guide page in each of its languages."""
    return [path_page(content, catalogues, path, lang) for lang in content.site.languages if lang in path.languages]


def path_page(content: Content, catalogues: dict[str, Messages], path: Path, lang: str) -> Page:
    """A path's guide page in `lang`. It depends on nothing but the path as read in `lang`
    (its texts in `lang` and what is not text), the providers it names, site.yaml and the theme."""
    return _path_page(content.site, catalogues[lang], catalogues, path, content)


def common_context(site: SiteConfig, t: Messages, catalogues: dict[str, Messages], here: str, title: str,
            description: str, available: list[str], folder: str) -> dict[str, Any]:
    """What every page has. `folder` is the page's folder below its language folder."""
    urls = Urls(site, here)
    versions = [
        {
            "lang": lang,
            "name": autonym(lang),
            "url": urls.page(f"{lang}/{folder}".rstrip("/")),
            "absolute_url": urls.absolute(f"{lang}/{folder}".rstrip("/")),
        }
        for lang in site.languages
        if lang in available
    ]
    return {
        "lang": t.lang,
        "t": t,
        "title": title,
        "description": description,
        "site_name": site.name.get(t.lang),
        "organisation": site.organisation.get(t.lang),
        "home_url": urls.page(t.lang),
        "statement_url": urls.page(f"{t.lang}/{STATEMENT_FOLDER}"),
        "assets": urls.assets(),
        "canonical_url": urls.absolute(here),
        "versions": versions,
        "alternates": _language_links(site, catalogues, urls, t.lang, available, folder),
        "search_url": urls.page(f"{t.lang}/{SEARCH}") if site.search else None,
        "feed_url": urls.file(f"{t.lang}/{FEED}"),
        "data_url": None,
    }


def _language_links(site: SiteConfig, catalogues: dict[str, Messages], urls: Urls, lang: str,
                    available: list[str], folder: str) -> list[dict[str, Any]]:
    """The language switcher: the same page in each other language, or, where the page
    is not translated, that language's front page with a note saying so in its words."""
    links = []
    for other in site.languages:
        if other == lang:
            continue
        translated = other in available
        links.append({
            "lang": other,
            "name": autonym(other),
            "url": urls.page(f"{other}/{folder}".rstrip("/") if translated else other),
            "available": translated,
            "text": autonym(other) if translated else catalogues[other]("language_unavailable", language=autonym(other)),
        })
    return links


def _root_page(site: SiteConfig, catalogues: dict[str, Messages], here: str, output: str, template: str) -> Page:
    first = catalogues[site.default_language]
    urls = Urls(site, here)
    choices = [
        {
            "lang": lang,
            "name": autonym(lang),
            "site_name": site.name.get(lang),
            "organisation": site.organisation.get(lang),
            "url": urls.page(lang),
            "statement_url": urls.page(f"{lang}/{STATEMENT_FOLDER}"),
            "t": catalogues[lang],
        }
        for lang in site.languages
    ]
    context = common_context(site, first, catalogues, here, site.name.get(first.lang), site.organisation.get(first.lang),
                      [], "")
    # The 404 page is served at any depth, so it cannot use relative links.
    if output == "404.html":
        base = posixpath.join(_base_path(site), "")
        context["assets"] = base + ASSETS
        for choice in choices:
            choice["url"] = base + choice["lang"] + "/"
            choice["statement_url"] = f"{choice['url']}{STATEMENT_FOLDER}/"
    context["choices"] = choices
    return Page(output, template, context)


def _base_path(site: SiteConfig) -> str:
    after_host = site.base_url.split("://", 1)[1]
    return "/" + after_host.split("/", 1)[1] if "/" in after_host else "/"


def front_page(lang: str) -> str:
    return f"{lang}/index.html"


def index_page(site: SiteConfig, t: Messages, catalogues: dict[str, Messages], paths: list[Listing],
               card: Callable[[Listing], str]) -> Page:
    """A language's front page: its `paths` by life event. It shows only their texts in that
    language, each path as its `card` (HTML rendered from `card_values`, kept per path by the
    build: a thousand cards take longer to render than the rest of the page)."""
    groups = []
    for group in site.life_events:
        members = sorted((p for p in paths if p.life_event == group.id), key=lambda p: p.title.get(t.lang).casefold())
        if members:
            groups.append({"id": group.id, "title": group.title.get(t.lang), "cards": [card(p) for p in members]})
    context = common_context(site, t, catalogues, t.lang, site.name.get(t.lang),
                      t("index_description", organisation=site.organisation.get(t.lang)), site.languages, "")
    context["groups"] = groups
    return Page(front_page(t.lang), "index.html", context)


def card_values(site: SiteConfig, t: Messages, path: Listing) -> dict[str, Any]:
    """What a path's card on its language's front page shows (the theme's _card.html)."""
    audiences = {group.id: group.title.get(t.lang) for group in site.audiences}
    return {
        "t": t,
        "item": {
            "title": path.title.get(t.lang),
            "summary": path.summary.get(t.lang),
            "url": Urls(site, t.lang).page(f"{t.lang}/{path.id}"),
            "audience": [audiences[a] for a in path.audience],
        },
    }


def _search_page(site: SiteConfig, t: Messages, catalogues: dict[str, Messages]) -> Page:
    """The search form; its script loads the Pagefind index only when this page is used."""
    here = f"{t.lang}/{SEARCH}"
    urls = Urls(site, here)
    context = common_context(site, t, catalogues, here, t("page_title", page=t("search_title"), site=site.name.get(t.lang)),
                      t("search_description", site=site.name.get(t.lang)), site.languages, SEARCH)
    context["search"] = {"bundle": urls.file(SEARCH_BUNDLE) + "/"}
    return Page(f"{here}/index.html", "search.html", context)


def _path_page(site: SiteConfig, t: Messages, catalogues: dict[str, Messages], path: Path, content: Content) -> Page:
    here = f"{t.lang}/{path.id}"
    lang = t.lang
    questions = {question.id: question for question in path.questions}
    topics = {topic.id: topic.title.get(lang) for topic in path.topics}
    # In order of first use, so "Who to contact" follows the steps.
    providers = {s.provider: content.providers[s.provider].value for s in path.steps() if s.provider}
    # Each provider's channels, made once: its steps show some of them too.
    channels = {provider.id: [_channel(channel, t) for channel in provider.channels] for provider in providers.values()}

    def phrase(key: str, values: dict[str, str]) -> str:
        return t(key, **values)

    feedback, step_feedback = feedback_form.forms(site, path, t)
    phases, number = [], 0
    for phase in path.phases:
        steps = []
        for step in phase.steps:
            if step.relation is None:
                number += 1
            entry = _step(step, number, t, questions, topics, providers, channels, phrase)
            entry["feedback"] = step_feedback.get(step.id)
            steps.append(entry)
        phases.append({
            "id": phase.id,
            "anchor": f"phase-{phase.id}",
            "title": phase.title.get(lang),
            "summary": _optional(phase.summary, lang),
            "steps": steps,
        })

    context = common_context(site, t, catalogues, here, t("page_title", page=path.title.get(lang), site=site.name.get(lang)),
                      path.summary.get(lang), path.languages, path.id)
    if site.open_data_licence:
        context["data_url"] = Urls(site, here).file(data_file(path.id))
    context["path"] = {
        "id": path.id,
        "title": path.title.get(lang),
        "summary": path.summary.get(lang),
        "intro_html": render_markdown(path.intro.get(lang), heading_level=2) if path.intro else None,
        "last_updated": t.date(path.last_reviewed),
        "last_updated_iso": path.last_reviewed.isoformat(),
        "owner": {"team": path.owner.team.get(lang), "email": path.owner.email,
                  "email_href": f"mailto:{path.owner.email}", "phone": path.owner.phone,
                  "phone_href": _tel(path.owner.phone) if path.owner.phone else None},
        "promise": {
            "handled_by": path.service_promise.handled_by.get(lang),
            "reply": t.count("reply_within_working_days", path.service_promise.reply_within_working_days),
            "details": _optional(path.service_promise.details, lang),
        },
        "questions": [
            {
                "id": question.id,
                "type": question.type,
                "input_type": "radio" if question.type == "single" else "checkbox",
                "label": question.label.get(lang),
                "hint": _optional(question.hint, lang),
                "hint_id": f"q-{question.id}-hint",
                "options": [{"id": o.id, "input_id": f"q-{question.id}-{o.id}", "label": o.label.get(lang)}
                            for o in question.options],
            }
            for question in path.questions
        ],
        "phases": phases,
        "step_count": sum(len(phase["steps"]) for phase in phases),
        "topics": _topic_grid(path, phases, lang),
        "providers": [_provider(provider, t, [s.id for s in path.steps() if s.provider == provider.id], channels[provider.id])
                      for provider in providers.values()],
        "good_to_know": [_link(link, t) for link in path.good_to_know],
        "feedback": feedback,
        "checklist_url": Urls(site, here).page(f"{here}/{CHECKLIST}"),
        "personal": personalise.page_data(path, t, personalise.store_key(site, path)),
    }
    return Page(f"{here}/index.html", "path.html", context)


def _step(step: Step, number: int, t: Messages, questions, topics, providers: dict[str, Provider],
          channels: dict[str, list[dict[str, Any]]], phrase) -> dict[str, Any]:
    lang = t.lang
    provider = providers.get(step.provider) if step.provider else None
    return {
        "id": step.id,
        "anchor": f"step-{step.id}",
        "number": number,
        "label": t(f"relation_{step.relation}") if step.relation else str(number),
        "relation": step.relation,
        "title": step.title.get(lang),
        "body_html": render_markdown(step.body.get(lang), heading_level=4) if step.body else None,
        "required": step.required,
        "applies_if": conditions.describe(step.when, questions, lang, phrase) if step.when else None,
        "topic": topics.get(step.topic) if step.topic else None,
        "documents": [{"title": d.title.get(lang), "note": _optional(d.note, lang)} for d in step.documents],
        "cost": _cost(step.cost, t) if step.cost else None,
        "dates": [_key_date(d, t) for d in step.dates],
        "duration": (
            {"text": t.count(f"duration_{step.duration.unit}", step.duration.value),
             "note": _optional(step.duration.note, lang)}
            if step.duration else None
        ),
        "provider": (
            {
                "name": provider.name.get(lang),
                "anchor": f"provider-{provider.id}",
                "quick": [channel for channel in channels[provider.id] if channel["type"] in ("e-service", "phone")][:2],
            }
            if provider else None
        ),
        "links": [_link(link, t) for link in step.links],
    }


def _cost(cost: Cost, t: Messages) -> dict[str, Any]:
    if cost.amount == 0 and cost.up_to is None:
        text = t("cost_free")
    elif cost.up_to is not None:
        text = t("cost_range", low=t.money(cost.amount), high=t.money(cost.up_to))
    else:
        text = t.money(cost.amount)
    return {"text": text, "note": _optional(cost.note, t.lang)}


def _key_date(key_date: KeyDate, t: Messages) -> dict[str, Any]:
    if key_date.date is not None:
        when, iso = t.date(key_date.date), key_date.date.isoformat()
    elif key_date.yearly is not None:
        when, iso = t("every_year", date=t.day_of_year(key_date.yearly)), None
    else:
        when, iso = t.in_month(key_date.month), None
    return {
        "kind": key_date.kind,
        "label": key_date.label.get(t.lang) if key_date.label else t(f"date_{key_date.kind}"),
        "text": when,
        "iso": iso,
        "yearly": key_date.yearly,
    }


def _link(link: Link, t: Messages) -> dict[str, Any]:
    return {"title": link.title.get(t.lang), "url": link.url.get(t.lang), "kind": link.kind,
            "kind_label": t(f"link_{link.kind.replace('-', '_')}")}


def _provider(provider: Provider, t: Messages, step_ids: list[str], channels: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": provider.id,
        "steps": step_ids,
        "anchor": f"provider-{provider.id}",
        "name": provider.name.get(t.lang),
        "description": _optional(provider.description, t.lang),
        "channels": channels,
    }


def _hours(hours: list[OpeningHours], t: Messages) -> list[dict[str, str]]:
    return [
        {"days": t.days(h.days), "days_long": t.days(h.days, width="wide"), "time": t.span(t.time(h.opens), t.time(h.closes))}
        for h in hours
    ]


def _channel(channel: Channel, t: Messages) -> dict[str, Any]:
    lang = t.lang
    data: dict[str, Any] = {
        "type": channel.type,
        "type_label": t(f"channel_{channel.type.replace('-', '_')}"),
        "name": _optional(channel.name, lang),
        "note": _optional(channel.note, lang),
        "languages": t.join(autonym(code) for code in channel.languages),
    }
    if channel.type == "visit":
        data.update(
            address_lines=[channel.address.street, f"{channel.address.postal_code} {channel.address.city.get(lang)}"],
            hours=_hours(channel.opening_hours, t),
            exceptions=[
                {
                    "date": t.date(e.date),
                    "iso": e.date.isoformat(),
                    "text": t.span(t.time(e.opens), t.time(e.closes)) if e.opens and e.closes else t("closed"),
                    "note": _optional(e.note, lang),
                }
                for e in channel.exceptions
            ],
            accessibility=_optional(channel.accessibility, lang),
        )
    elif channel.type == "phone":
        data.update(number=channel.number, href=_tel(channel.number), charge=_optional(channel.charge, lang),
                    hours=_hours(channel.hours, t))
    elif channel.type == "email":
        data.update(address=channel.address, href=f"mailto:{channel.address}")
    else:
        data.update(url=channel.url.get(lang), hours=_hours(getattr(channel, "hours", []), t),
                    sign_in=getattr(channel, "sign_in", False))
    return data


def _topic_grid(path: Path, phases: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Steps by topic, then by phase: the café concept's 'premises before opening' view."""
    by_id = {step["id"]: step for phase in phases for step in phase["steps"]}
    grid = []
    for topic in path.topics:
        cells = []
        for phase in path.phases:
            steps = [by_id[s.id] for s in phase.steps if s.topic == topic.id]
            if steps:
                cells.append({"phase": phase.title.get(lang), "steps": steps})
        if cells:
            grid.append({"id": topic.id, "title": topic.title.get(lang), "phases": cells})
    return grid


def _statement_page(site: SiteConfig, t: Messages, catalogues: dict[str, Messages]) -> Page:
    """The accessibility statement the law requires, in the words of `t`'s language."""
    lang = t.lang
    here = f"{lang}/{STATEMENT_FOLDER}"
    statement, contact = site.accessibility_statement, site.accessibility_contact
    assert statement is not None and contact is not None  # the check stage requires both
    authority = statement.supervisory_authority
    context = common_context(site, t, catalogues, here, t("page_title", page=t("statement_title"), site=site.name.get(lang)),
                             t("statement_description", site=site.name.get(lang)), site.languages, STATEMENT_FOLDER)
    context["statement"] = {
        "site_url": site.base_url,
        "status": t(f"statement_status_{statement.status}"),
        "gaps": [
            {
                "title": gap.title.get(lang),
                "description": gap.description.get(lang),
                "reason": t(f"statement_reason_{gap.reason.replace('-', '_')}"),
                "criteria": ", ".join(f"WCAG {number}" for number in gap.criteria),
                "alternative": _optional(gap.alternative, lang),
                "fix_by": t.date(gap.fix_by) if gap.fix_by else None,
                "fix_by_iso": gap.fix_by.isoformat() if gap.fix_by else None,
            }
            for gap in statement.known_gaps
        ],
        "prepared": t.date(statement.prepared),
        "prepared_iso": statement.prepared.isoformat(),
        "reviewed": t.date(statement.reviewed) if statement.reviewed else None,
        "reviewed_iso": statement.reviewed.isoformat() if statement.reviewed else None,
        "method": _assessment(statement, site, t),
        "reply": t.count("statement_reply_within_days", statement.reply_within_days),
        "contact": {
            "name": contact.name.get(lang) if contact.name else site.organisation.get(lang),
            "email": contact.email,
            "email_href": f"mailto:{contact.email}",
            "phone": contact.phone,
            "phone_href": _tel(contact.phone) if contact.phone else None,
            "url": contact.url.get(lang) if contact.url else None,
        },
        "authority": {
            "name": authority.name.get(lang),
            "url": authority.url.get(lang),
            "email": authority.email,
            "email_href": f"mailto:{authority.email}" if authority.email else None,
            "phone": authority.phone,
            "phone_href": _tel(authority.phone) if authority.phone else None,
        },
    }
    return Page(f"{here}/index.html", "accessibility.html", context)


def _assessment(statement: AccessibilityStatement, site: SiteConfig, t: Messages) -> str:
    if statement.method == "third-party" and statement.assessor is not None:
        return t("statement_method_third_party", assessor=statement.assessor.get(t.lang))
    return t("statement_method_self", organisation=site.organisation.get(t.lang))


def _tel(number: str) -> str:
    return "tel:" + number.replace(" ", "")


def _optional(text: Text | None, lang: str) -> str | None:
    return text.get(lang) if text is not None else None
