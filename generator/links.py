"""Link integrity: every link, anchor and asset of the rendered site leads to something real.

Runs on the rendered files before anything is written, so a broken link stops the build
like a content error. A link an editor wrote (in Markdown, or a URL field pointing into the
site) is reported at the content file and field it came from; the theme's own links are
reported at the rendered page, with the template that made it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Collection, Iterator
from urllib.parse import SplitResult, unquote, urlsplit

from .errors import ContentError, did_you_mean
from .load import Document

# Attributes that hold one URL, by element; srcset (several) is handled on its own.
URL_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("form", "action"), ("script", "src"),
    ("img", "src"), ("source", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
    ("audio", "src"), ("video", "src"), ("video", "poster"), ("track", "src"), ("input", "src"),
}
# Elements that navigate; everything else loads an asset.
NAVIGATING = {"a", "area", "form"}
# '#top' scrolls to the top of any page, with or without such an element.
TOP = "top"


@dataclass(frozen=True)
class Reference:
    """One URL in one rendered page, with its 1-based position there."""

    page: str
    line: int
    column: int
    tag: str
    attribute: str
    url: str
    nofollow: bool = False  # rel="nofollow": following it does something (a feedback vote)


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, ...]:
        # The build's memo keeps one for every page: as plain tuples they pickle in a
        # fraction of the space and time.
        return _restore, (tuple(self.ids), [(r.page, r.line, r.column, r.tag, r.attribute, r.url, r.nofollow)
                                            for r in self.references])


def _restore(ids: tuple[str, ...], references: list[tuple[Any, ...]]) -> ParsedPage:
    return ParsedPage(set(ids), [Reference(*fields) for fields in references])


class _Parser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.parsed = ParsedPage()
        self.nofollow = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        self.nofollow = "nofollow" in (dict(attrs).get("rel") or "").split()
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.parsed.ids.add(value)
            elif (tag, name) in URL_ATTRIBUTES:
                self._add(line, offset, tag, name, value.strip())
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self._add(line, offset, tag, name, candidate.split()[0])

    def _add(self, line: int, offset: int, tag: str, attribute: str, url: str) -> None:
        self.parsed.references.append(Reference(self.page, line, offset + 1, tag, attribute, url, self.nofollow))


def parse_page(page: str, html: bytes) -> ParsedPage:
    parser = _Parser(page)
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser.parsed


def external_references(pages: dict[str, ParsedPage], base_url: str) -> dict[str, list[Reference]]:
    """Links to other sites by URL, for `check --external`. Only links a reader follows: not
    form actions (a visit would post nothing but could count), nor rel="nofollow" links."""
    found: dict[str, list[Reference]] = {}
    for parsed in pages.values():
        for reference in parsed.references:
            if reference.tag in ("a", "area") and is_external(reference.url, base_url) and not reference.nofollow:
                found.setdefault(reference.url, []).append(reference)
    return found


def is_external(url: str, base_url: str) -> bool:
    """A web address outside the site (what `check --external` visits)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and _inside(parts, urlsplit(base_url)) is None


def check_site(pages: dict[str, ParsedPage], files: Collection[str], made_by: dict[str, list[str]], base_url: str,
               sources: list[Document], resolutions: dict[tuple[str, str], Resolved] | None = None) -> list[ContentError]:
    """Every duplicate output, broken internal link, missing anchor and missing asset, from
    the parsed pages and the names of all files of the site. `resolutions` remembers where
    each URL leads, for the next check of the same site."""
    errors = [
        ContentError(output, 1, 1, "", f"{len(makers)} files would be written here: " + ", ".join(makers),
                     "two pages (or a page and a theme file) have the same address; this is a bug in the theme or in Polku")
        for output, makers in sorted(made_by.items())
        if len(makers) > 1
    ]
    base = urlsplit(base_url)
    resolutions = {} if resolutions is None else resolutions
    for page, parsed in pages.items():
        folder = posixpath.dirname(page)
        for reference in parsed.references:
            url = reference.url
            # The commonest link by far: to an element of the same page, which is there.
            if url.startswith("#") and (url[1:] in parsed.ids or url == f"#{TOP}"):
                continue
            # Where a URL leads depends only on the folder it is in (or, with no path, the page).
            key = (page if url[:1] in ("", "#", "?") else folder, url)
            resolved = resolutions.get(key)
            if resolved is None:
                resolved = resolutions[key] = _resolve(reference, base)
            problem = _problem(reference, resolved, files, pages)
            if problem is not None:
                errors.append(locate(reference, *problem, sources, made_by)[0])
    return sorted(set(errors))


# Where a URL leads: (site path, fragment, None), (None, "", None) outside the site, or
# (None, "", (message, hint)) when it cannot lead anywhere.
Resolved = tuple[str | None, str, tuple[str, str] | None]


def _resolve(reference: Reference, base: SplitResult) -> Resolved:
    url, parts = reference.url, urlsplit(reference.url)
    if url.startswith("#") and not parts.fragment:
        return None, "", (f"the link '{url}' leads nowhere", "give the id of an element on the page after '#'")
    if parts.scheme or parts.netloc:
        path = _inside(parts, base)
        if path is None:
            return None, "", None
    elif parts.path.startswith("/"):
        path = _inside(parts._replace(scheme=base.scheme, netloc=base.netloc), base)
        if path is None:
            return None, "", (f"'{url}' is outside the site's address {base.geturl()}",
                              "use a relative link, or fix base_url in site.yaml")
    else:
        path = _relative(reference.page, unquote(parts.path))
        if path is None:
            return None, "", (f"'{url}' points above the top folder of the site", "remove a '../'")
    return path, unquote(parts.fragment), None


def _problem(reference: Reference, resolved: Resolved, files: Collection[str],
             pages: dict[str, ParsedPage]) -> tuple[str, str] | None:
    """What is wrong with one reference, as (message, hint); None when it is fine or external."""
    path, fragment, problem = resolved
    if path is None:
        return problem
    target = _target(path, files)
    if target is None:
        return _missing(reference, path, files)
    if fragment and fragment != TOP and target in pages and fragment not in pages[target].ids:
        where = "this page" if target == reference.page else target
        return f"'{reference.url}' points to no element with id '{fragment}' on {where}", _close(fragment, pages[target].ids)
    return None


def _inside(parts: SplitResult, base: SplitResult) -> str | None:
    """The site-relative path of an absolute URL, or None when it is not under the site's address."""
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
        return None
    base_path = base.path or "/"
    path = parts.path or "/"
    if path + "/" == base_path:
        path = base_path
    if not path.startswith(base_path):
        return None
    return unquote(path[len(base_path):])


def _relative(page: str, link: str) -> str | None:
    """A relative link from `page`, as a site-relative path; None if it climbs above the site."""
    if not link:
        return page
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
    if joined == ".." or joined.startswith("../"):
        return None
    if joined == ".":
        return ""
    return joined + "/" if link.endswith("/") else joined


def _target(path: str, files: Collection[str]) -> str | None:
    """The file a path is served from: folders by their index.html, as static hosts do."""
    if path == "" or path.endswith("/"):
        candidates = [path + "index.html"]
    else:
        candidates = [path, path + "/index.html"]
    return next((candidate for candidate in candidates if candidate in files), None)


def _missing(reference: Reference, path: str, files: Collection[str]) -> tuple[str, str]:
    url = reference.url
    if reference.tag not in NAVIGATING:
        return f"'{url}' is not a file of the site", "a missing asset: is the file in the theme's static/ folder?"
    folders = {name.removesuffix("index.html") for name in files if name.endswith(".html")}
    written = urlsplit(url).path
    if written and not written.startswith("/") and not urlsplit(url).netloc:
        # Suggest the link as the editor would write it from this page.
        here = posixpath.dirname(reference.page) or "."
        return (f"the link '{url}' leads to no page of the site",
                _close(written, {posixpath.relpath(folder or ".", here) + "/" for folder in folders}))
    return f"the link '{url}' leads to no page of the site", _close(path, folders)


def _close(word: str, choices: set[str]) -> str:
    """A 'did you mean' hint, but no list of every page or id when nothing is close."""
    hint = did_you_mean(word, choices)
    return hint if hint.startswith("did you mean") else ""


def locate(reference: Reference, message: str, hint: str, sources: list[Document],
           made_by: dict[str, list[str]]) -> list[ContentError]:
    """Where to report a problem with a link: every content text holding it, the likeliest first
    (the page's own path file, in the page's language); else the rendered page itself."""
    lang, _, rest = reference.page.partition("/")
    path_id = rest.split("/", 1)[0]
    found = sorted(holding(reference.url, sources),
                   key=lambda hit: (posixpath.basename(hit[0].file) != f"{path_id}.yaml", hit[1][-1:] != (lang,),
                                    hit[0].file, hit[0].mark(hit[1])))
    if found:
        return [doc.error(path, message, hint) for doc, path in found]
    makers = " and ".join(made_by.get(reference.page, []))
    made = f"made by the theme's {makers}" if makers else "made by the theme"
    return [ContentError(reference.page, reference.line, reference.column, f"{reference.tag}[{reference.attribute}]",
                         message, f"{hint}; {made}" if hint else made)]


def holding(url: str, sources: list[Document]) -> Iterator[tuple[Document, tuple[Any, ...]]]:
    """Every text in the content that contains `url`, with its data path."""
    for doc in sources:
        for path, text in _strings(doc.data, ()):
            if url in text:
                yield doc, path


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
