"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, TypeVar

import jinja2
from markupsafe import Markup

from feedback import protocol

from . import (analysis, check, checklist, context, feedback_index, headers, ics, links, load, model, open_data,
               parallel, prevalidate, publishing, render, search, translations, validate, write)
from .errors import ContentError, ContentErrors, ContentWarning
from .i18n import Messages, load_catalogues
from .memo import Memo
from .memo import digest as memo_digest


T = TypeVar("T")


@dataclass
class Checked:
    """Content that passed every stage up to rendering, or the errors that stopped it."""

    content: validate.Content | None
    catalogues: dict[str, Messages]
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentWarning] = field(default_factory=list)


@dataclass
class Built:
    pages: int
    written: int
    unchanged: int
    warnings: list[ContentWarning] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # of every file written or kept


@dataclass(frozen=True)
class Lean:
    """Check many new path files in workers and keep only what later stages need of them
    (generator/prevalidate.py): for a build, not for the live preview, whose rebuilds want
    every file's objects at hand. `translations` are the record and whether findings are
    located, when the translation report will be made."""

    translations: tuple[translations.Lock | None, bool] | None = None

    def facts(self) -> list[prevalidate.Fact]:
        """What the stages after validation ask of each path file."""
        facts: list[prevalidate.Fact] = [
            check.check_path,
            lambda located, _, memo: check.providers_named(located, memo),
            lambda located, _, memo: context.listing(located, memo),
            lambda located, _, memo: analysis.path_warnings(located, memo),
        ]
        if self.translations is not None:
            lock, locate = self.translations
            facts.append(lambda located, settings, memo: translations.judged(
                located, context.listing(located, memo).languages[0], settings.site.languages, lock, locate, memo))
        return facts


def check_content(content_dir: Path, theme_dir: Path, memo: Memo | None = None, lean: Lean | None = None) -> Checked:
    """Load, validate and cross-check everything, collecting every error of every file.
    With a memo, what was done before for a file's current bytes is not done again."""
    memo = memo or Memo()
    try:
        catalogues = load_catalogues(theme_dir)
    except ContentErrors as exc:
        return Checked(None, {}, exc.errors)
    in_workers = functools.partial(prevalidate.prevalidate, facts=lean.facts(), memo=memo) if lean else None
    sources, errors = load.load_content(content_dir, memo, in_workers)
    if sources.site is None and not any(Path(error.file).name == load.SITE_FILE for error in errors):
        errors.append(ContentError(load.display_name(content_dir / load.SITE_FILE), 1, 1, "", "site.yaml is missing",
                                   f"every site needs one, with at least its accessibility statement; {check.STATEMENT_HELP}"))
    content, model_errors = validate.validate(sources, memo)
    errors += model_errors
    errors += check.check(content, catalogues, memo)
    if errors:
        return Checked(content, catalogues, sorted(set(errors)))
    return Checked(content, catalogues, [], analysis.analyse(content, memo))


@dataclass
class Unit:
    """What rendering one part of the site made (one path's files in all its languages, or
    the site's own files): each file's digest and maker, and the links and ids of its pages.
    A path's unit is kept in the memo, without the bytes, to be reused while its inputs stay
    the same."""

    pages: int = 0
    digests: dict[str, str] = field(default_factory=dict)
    made_by: dict[str, list[str]] = field(default_factory=dict)
    parsed: dict[str, links.ParsedPage] = field(default_factory=dict)
    unchanged: int = 0  # files linked from the old output rather than written
    data: dict[str, bytes] = field(default_factory=dict)  # the bytes, when nothing is staged
    # A path's unit: a digest of the providers it names and what every page shares, and
    # its pages in each language, under the digest of the path as read in that language.
    made_with: str = ""
    parts: dict[str, tuple[str, Unit]] = field(default_factory=dict)


@dataclass
class Rendered:
    """The whole site: every file's digest, maker and (for pages) links and ids, and the
    bytes of the files rendered in memory."""

    pages: int = 0
    digests: dict[str, str] = field(default_factory=dict)
    made_by: dict[str, list[str]] = field(default_factory=dict)
    parsed: dict[str, links.ParsedPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    written: int = 0
    unchanged: int = 0
    groups: list[dict[str, str]] = field(default_factory=list)  # each unit's digests, for the link check

    def add(self, unit: Unit, reused: bool = False) -> None:
        self.pages += unit.pages
        self.groups.append(unit.digests)
        if self.digests.keys().isdisjoint(unit.made_by):
            self.made_by.update(unit.made_by)  # the unit's own lists: never extended below, only replaced
        else:  # two makers of one file: the link check reports it
            for name, makers in unit.made_by.items():
                self.made_by[name] = self.made_by.get(name, []) + makers
        self.digests.update(unit.digests)
        self.parsed.update(unit.parsed)
        self.files.update(unit.data)
        if reused:
            self.unchanged += len(unit.digests)
        else:
            self.unchanged += unit.unchanged
            self.written += len(unit.digests) - unit.unchanged


@dataclass
class _Job:
    """What every unit's rendering needs; worker processes inherit it."""

    content: validate.Content
    catalogues: dict[str, Messages]
    env: jinja2.Environment
    today: dt.date
    staging: write.Staging | None
    keep_files: bool

    def unit(self, memo: Memo | None = None) -> _Making:
        return _Making(Unit(), self.staging, self.keep_files, memo)


@dataclass
class _Making:
    unit: Unit
    staging: write.Staging | None
    keep_files: bool
    memo: Memo | None = None  # keeps pages' links and ids (those of a worker's unit are not kept)

    def add(self, files: dict[str, bytes], maker: str) -> None:
        for name, data in files.items():
            self.add_file(name, data, maker)

    def add_file(self, name: str, data: bytes, maker: str, digest: str = "") -> None:
        """One file; `digest` of `data` when it is known (kept with bytes the memo holds)."""
        digest = digest or memo_digest(data)
        self.unit.digests[name] = digest
        self.unit.made_by.setdefault(name, []).append(maker)
        if name.endswith(".html"):
            self.unit.parsed[name] = links.parse_page(name, data) if self.memo is None else \
                self.memo.get(f"parsed:{name}:{digest}", lambda: links.parse_page(name, data))
        if self.staging is not None:
            self.unit.unchanged += self.staging.put(name, data, digest)
        elif self.keep_files:
            self.unit.data[name] = data

    def add_pages(self, pages: list[context.Page], env: jinja2.Environment) -> None:
        self.unit.pages += len(pages)
        for page in pages:
            self.add({page.output: render.render_page(env, page)}, page.template)


# Makes a unit's files (name -> digest) present where the site is going, if it can.
Reuse = Callable[[dict[str, str]], bool]
PATH_UNITS = "unit:paths"  # in the memo: each path's unit in the last build, by file
# A path's files take about 20 ms to make and a worker about 50 ms to start.
PATHS_PER_WORKER = 8


def render_site(checked: Checked, theme_dir: Path, file_urls: bool = False, memo: Memo | None = None,
                staging: write.Staging | None = None, reuse: Reuse | None = None, keep_files: bool = True) -> Rendered:
    """Every output file but the search index, into `staging` (else in memory, in
    `Rendered.files`). A path whose inputs are those of a unit in `memo` is not rendered
    again when `reuse` (by default: the staging folder's) can provide the unit's files,
    e.g. by linking them from the old output; in memory, by default its files are left
    out (`check` needs only the links and ids kept in the memo, and asks for no bytes at
    all with `keep_files=False`).

    `file_urls` links to index.html files whatever site.yaml says, for a copy of the site
    to open straight from disk."""
    assert checked.content is not None and not checked.errors
    content, memo = checked.content, memo or Memo()
    if file_urls:
        content = replace(content, site=content.site.model_copy(update={"clean_urls": False}))
    theme = theme_digest(theme_dir)
    env = memo.get(f"env:{theme}", lambda: render.environment(theme_dir))  # compiled templates
    job = _Job(content, checked.catalogues, env, ics.build_date(), staging, keep_files)
    reuse = reuse or (staging.reuse_all if staging else lambda digests: True)
    shared = memo_digest(content.site.model_dump_json(), theme, job.today.isoformat())

    def digests() -> dict[str, str]:
        return {provider: memo_digest(located.value.model_dump_json()) for provider, located in content.providers.items()}

    providers = memo.per_file("providers", content.providers_doc, digests) if content.providers_doc else digests()
    # A path's key is kept per version of its file, of the providers and of `shared`.
    versions = memo_digest(shared, *(part for provider in sorted(providers.items()) for part in provider))

    def unit_key(located: validate.Located[model.Path]) -> tuple[str, str]:
        made_from = located.doc.digest or located.value.model_dump_json()
        made_with = memo_digest(_providers_of(located, providers, memo), shared)
        return f"unit:{memo_digest(made_from, made_with)}", made_with

    previous: dict[str, Unit] = memo.peek(PATH_UNITS) or {}
    units: dict[str, Unit] = {}  # file -> its path's unit
    rendered, todo = Rendered(), []
    for index, located in enumerate(content.paths):
        key, made_with = memo.per_file("unit key", located.doc, lambda: unit_key(located), versions)
        unit = _reuse_unit(memo, key, reuse, rendered)
        if unit is None:
            todo.append((index, key, made_with, _kept_parts(previous.get(located.doc.file), located, made_with, reuse)))
        else:
            units[located.doc.file] = unit
    made = parallel.map_shared(_path_unit, job, [(index, tuple(kept)) for index, _, _, kept in todo],
                               per_worker=PATHS_PER_WORKER)
    for (index, key, made_with, kept), (new_parts, rest, entry) in zip(todo, made):
        for _, part in kept.values():
            rendered.add(part, reused=True)
        for _, part in new_parts.values():
            rendered.add(part)
        rendered.add(rest)
        _feedback_entry(memo, content.paths[index].doc, lambda: entry, shared)
        parts = kept | {lang: (version, _without_bytes(part)) for lang, (version, part) in new_parts.items()}
        units[content.paths[index].doc.file] = memo.put(key, _joined(_without_bytes(rest), made_with, parts))
    memo.put(PATH_UNITS, units)
    # The site's own files change only with what they show of the paths (their listings).
    in_order = sorted(((context.listing(located, memo), located) for located in content.paths), key=lambda kept: kept[0].id)
    listed = [listing for listing, _ in in_order]
    key = f"unit:{memo_digest('site', shared, *(listing.key() for listing in listed))}"
    if _reuse_unit(memo, key, reuse, rendered) is None:
        unit = _site_unit(job, theme_dir, memo, shared, listed)
        memo.put(key, _without_bytes(unit))
        rendered.add(unit)

    making = job.unit()
    entries = (_feedback_entry(memo, located.doc, lambda: feedback_index.entry_json(located.value, checked.catalogues),
                               shared) for _, located in in_order)
    making.add({protocol.INDEX_FILE: feedback_index.index_json(content, checked.catalogues, entries)}, "site files")
    rendered.add(making.unit)
    return rendered


def _feedback_entry(memo: Memo, doc: load.Document, make: Callable[[], bytes], shared: str) -> bytes:
    """A path's entry in the feedback index, kept per version of its file and of `shared`."""
    return memo.per_file("feedback", doc, make, shared)


def _reuse_unit(memo: Memo, key: str, reuse: Reuse, rendered: Rendered) -> Unit | None:
    """Add the unit kept under `key` to `rendered` if there is one and its files can be had."""
    unit = memo.peek(key)
    if unit is None or not reuse(unit.digests):
        return None
    memo.put(key, unit)
    rendered.add(unit, reused=True)
    return unit


def _kept_parts(previous: Unit | None, located: validate.Located[model.Path], made_with: str,
                reuse: Reuse) -> dict[str, tuple[str, Unit]]:
    """The languages whose pages an edited path can keep from its unit in the last build:
    those it reads the same in (an edit to the Finnish text leaves the other languages'
    pages as they were), when the providers it names and all that is shared are the same."""
    if previous is None or previous.made_with != made_with:
        return {}
    path = located.value
    return {lang: (version, part) for lang, (version, part) in previous.parts.items()
            if lang in path.languages and version == feedback_index.content_digest(path, lang) and reuse(part.digests)}


def _without_bytes(unit: Unit) -> Unit:
    """A unit as the memo keeps it: the output (old or new) has its files."""
    return replace(unit, data={}, unchanged=0)


def _joined(rest: Unit, made_with: str, parts: dict[str, tuple[str, Unit]]) -> Unit:
    """A path's unit: its files in no one language (`rest`) and its parts in each language."""
    unit = replace(rest, digests=dict(rest.digests), made_by=dict(rest.made_by), parsed=dict(rest.parsed),
                   made_with=made_with, parts=parts)
    for _, part in parts.values():
        unit.pages += part.pages
        unit.digests.update(part.digests)
        for name, makers in part.made_by.items():
            unit.made_by[name] = unit.made_by.get(name, []) + makers
        unit.parsed.update(part.parsed)
    return unit


def _providers_of(located: validate.Located[model.Path], providers: dict[str, str], memo: Memo) -> str:
    """The providers a path names, as they are (digests): its pages change when one of them does."""
    return "".join(providers[provider] for provider in check.providers_named(located, memo))


def theme_digest(theme_dir: Path) -> str:
    """Every file of the theme: templates, messages and static files."""
    files = sorted(file for file in theme_dir.rglob("*") if file.is_file())
    return memo_digest(*(part for file in files for part in (file.relative_to(theme_dir).as_posix(), file.read_bytes())))


def _path_unit(job: _Job, task: tuple[int, tuple[str, ...]]) -> tuple[dict[str, tuple[str, Unit]], Unit, bytes]:
    """One path's files: its guide page, checklist and downloads in each of its languages
    but those `kept` (each under the digest of the path as read in it), and its open data;
    and its entry in the feedback index (made here, where the path is at hand)."""
    index, kept = task
    path = job.content.paths[index].read_value()
    parts = {}
    for lang in job.content.site.languages:
        if lang in path.languages and lang not in kept:
            making = job.unit()
            pages = [context.path_page(job.content, job.catalogues, path, lang)]
            checklists, downloads = checklist.for_paths(job.content.site, pages, [path], job.today, job.catalogues)
            making.add_pages(pages + checklists, job.env)
            making.add(downloads, "checklist downloads")
            parts[lang] = (feedback_index.content_digest(path, lang), making.unit)
    making = job.unit()
    making.add(open_data.path_file(job.content, path), "open data")
    return parts, making.unit, feedback_index.entry_json(path, job.catalogues)


def _site_unit(job: _Job, theme_dir: Path, memo: Memo, shared: str, listed: list[context.Listing]) -> Unit:
    """The files that are not one path's but the feedback index: front pages, 404,
    statements, search pages, the theme's static files, sitemap, feeds, open data
    catalogue, _headers. `shared` is the digest of site.yaml, the theme and the date,
    `listed` what they show of each path, in the order of their ids.

    This is made again whenever a path's listing changes, so each file is kept in the
    memo under what it shows (a page's values; a feed's texts in its language), and an
    edit to one summary makes again only the files that show it."""
    site, catalogues = job.content.site, job.catalogues
    making = job.unit(memo)

    def kept(what: str, made_from: list[str], make: Callable[[], T]) -> T:
        return memo.get(f"site:{memo_digest(shared, what, *made_from)}", make)

    def add_kept(name: str, maker: str, made_from: str, make: Callable[[], bytes]) -> None:
        """A file kept with its digest while `made_from` (and `name`) stays the same."""
        data, digest = kept(name, [made_from], lambda: _digested(make()))
        making.add_file(name, data, maker, digest)

    def cards(lang: str) -> Callable[[context.Listing], Markup]:
        """A path's card on the front page in `lang`, kept with its listing."""
        t, page = catalogues[lang], context.front_page(lang)

        def card(path: context.Listing) -> Markup:
            return render.render_part(job.env, "_card.html", context.card_values(site, t, path), page)

        return lambda path: path.part(f"card {lang}", shared, card)

    own_pages = context.site_pages(site, catalogues)
    for page in own_pages:
        values = context.values_key(page)
        if values is None:
            making.add({page.output: render.render_page(job.env, page)}, page.template)
        else:
            add_kept(page.output, page.template, values, lambda: render.render_page(job.env, page))
    published = "sitemap, feeds, robots.txt"
    add_kept("sitemap.xml", published, memo_digest(*(path.key(()) for path in listed)),
             lambda: publishing.sitemap(site, listed))
    making.add({"robots.txt": publishing.robots(site)}, published)
    for lang in site.languages:
        in_lang = [path for path in listed if lang in path.languages]
        texts = memo_digest(*(path.key((lang,)) for path in in_lang))  # all the front page and feed show
        add_kept(context.front_page(lang), "index.html", texts, lambda: render.render_page(
            job.env, context.index_page(site, catalogues[lang], catalogues, in_lang, cards(lang))))
        add_kept(f"{lang}/{context.FEED}", published, texts, lambda: publishing.feed(site, in_lang, catalogues[lang]))
    for name, data in render.theme_assets(theme_dir).items():
        making.add({name: data}, "static/" + name.removeprefix("assets/"))
    making.unit.pages += len(own_pages) + len(site.languages)
    making.add(kept("schemas", [], lambda: open_data.schema_files(site)) | open_data.index_file(site, listed), "open data")
    making.add({headers.HEADERS_FILE: headers.headers_file(site),
                ".nojekyll": b""}, "site files")  # .nojekyll: GitHub Pages serves the files as they are
    return making.unit


def _digested(data: bytes) -> tuple[bytes, str]:
    return data, memo_digest(data)


def check_links(checked: Checked, rendered: Rendered, memo: Memo | None = None) -> list[ContentError]:
    """Broken internal links, missing anchors and assets, two makers of one file. With a
    memo, only pages that changed or link to a file that changed are checked again."""
    assert checked.content is not None
    base_url = checked.content.site.base_url
    checker = memo.get(f"links:{base_url}", lambda: links.LinkChecker(base_url)) if memo else links.LinkChecker(base_url)
    return checker.check(rendered.parsed, rendered.digests, rendered.made_by, documents(checked.content), rendered.groups)


def keep_index_url(checked: Checked) -> bool:
    """Whether result links end in index.html (as the site's own links do)."""
    assert checked.content is not None
    return not checked.content.site.clean_urls


def search_keys(checked: Checked, rendered: Rendered, memo: Memo | None = None) -> dict[str, str]:
    """The languages to index for search, each with a digest of everything its part of the
    index is made from: its pages and how results link.

    The languages are those with guide pages. Pagefind indexes only elements marked
    `data-pagefind-body` (the guide pages' main content), or whole pages where it finds
    none: on a site with no paths yet, every language's own pages."""
    assert checked.content is not None
    site = checked.content.site
    memo = memo or Memo()
    written = {lang for located in checked.content.paths for lang in context.listing(located, memo).languages}
    languages = [lang for lang in site.languages if lang in written] or site.languages
    program = os.environ.get(search.BINARY_VARIABLE, "")  # another program may index differently
    pages: dict[str, list[str]] = {lang: [str(keep_index_url(checked)), program, lang] for lang in languages}
    for name, digest in sorted(rendered.digests.items()):
        folder = name.split("/", 1)[0]
        if folder in pages and name.endswith(".html"):
            pages[folder] += (name, digest)
    return {lang: memo_digest(*parts) for lang, parts in pages.items()}


def index_search(checked: Checked, rendered: Rendered, staging: write.Staging, memo: Memo) -> None:
    """The search index of the staged pages, into the staging folder: each language's part
    reused from the old output while its pages are as they were, the others made again."""
    keys = search_keys(checked, rendered, memo)
    parts: dict[str, tuple[dict[str, str], bytes]] = {}  # language -> its files' digests, its entry
    reused: dict[str, str] = {}
    for lang, key in keys.items():
        known = memo.peek(f"search:{key}")
        if known is not None and staging.reuse_all(known[0]):
            parts[lang] = known
            reused.update(known[0])
    missing = [lang for lang in keys if lang not in parts]
    made: dict[str, tuple[bytes, str]] = {}  # name -> bytes, digest; Pagefind's own files come with every language
    for lang, files in (search.build_index(staging.folder, keep_index_url(checked), missing) if missing else {}).items():
        entry = files.pop(search.ENTRY_FILE)
        digests = {name: memo_digest(data) for name, data in files.items()}
        parts[lang] = (digests, entry)
        made.update((name, (data, digests[name])) for name, data in files.items())
    for lang, key in keys.items():
        memo.put(f"search:{key}", parts[lang])
    entries = search.join_entries(parts[lang][1] for lang in keys)
    made[search.ENTRY_FILE] = (entries, memo_digest(entries))
    for name in reused.keys() - made.keys():
        rendered.digests[name] = reused[name]
        rendered.unchanged += 1
    for name, (data, digest) in made.items():  # each written once
        rendered.digests[name] = digest
        if staging.put(name, data, digest):
            rendered.unchanged += 1
        else:
            rendered.written += 1


def documents(content: validate.Content) -> list[load.Document]:
    """Every content file, for finding where a link in the rendered site was written."""
    return [doc for doc in (content.site_doc, content.providers_doc) if doc] + [path.doc for path in content.paths]


def build(content_dir: Path, output_dir: Path, theme_dir: Path, file_urls: bool = False,
          strict: bool = False, memo: Memo | None = None, known: dict[str, str] | None = None) -> Built | Checked:
    """Build the site; on content errors (or warnings, when `strict`) returns them and
    leaves the output untouched."""
    checked = check_content(content_dir, theme_dir, memo)
    if checked.errors or (strict and checked.warnings):
        return checked
    return publish(checked, output_dir, theme_dir, file_urls, memo, known)


def publish(checked: Checked, output_dir: Path, theme_dir: Path, file_urls: bool = False, memo: Memo | None = None,
            known: dict[str, str] | None = None) -> Built | Checked:
    """Render content that passed every check into a staging folder beside the output,
    check the links, index the pages for search and swap the new site in. `known` are
    the digests of the old output's files that the cache vouches for."""
    memo = memo or Memo()
    with write.Staging(output_dir, known) as staging:
        rendered = render_site(checked, theme_dir, file_urls, memo, staging)
        checked.errors = check_links(checked, rendered, memo)
        if checked.errors:
            return checked
        assert checked.content is not None
        if checked.content.site.search:
            index_search(checked, rendered, staging, memo)
        staging.commit()
    return Built(rendered.pages, rendered.written, rendered.unchanged, checked.warnings, rendered.digests)
