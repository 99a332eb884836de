"""Link integrity: every link, anchor and asset of the rendered site leads to something real.

Runs on the rendered files before anything is written, so a broken link stops the build
like a content error. A link an editor wrote (in Markdown, or a URL field pointing into the
site) is reported at the content file and field it came from; the theme's own links are
reported at the rendered page, with the template that made it.
"""

from __future__ import annotations

import itertools
import marshal
import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from sys import intern
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


@dataclass(frozen=True, slots=True)  # slots: a build keeps hundreds of thousands
class Reference:
    """One URL in one rendered page, with its 1-based position there."""

    page: str
    line: int
    column: int
    tag: str
    attribute: str
    url: str
    nofollow: bool = False  # rel="nofollow": following it does something (a feedback vote)


class ParsedPage:
    """A page's ids and references. Kept in the build's memo for every page (hundreds of
    thousands of references at 1,000 paths), so it pickles as one marshalled blob, which
    loads and saves several times faster than as many small objects, and is unpacked only
    when asked: the link check does not look into pages that did not change."""

    __slots__ = ("_ids", "_references", "_packed")

    def __init__(self, ids: set[str] | None = None, references: list[Reference] | None = None):
        self._ids = set() if ids is None else ids
        self._references = [] if references is None else references
        self._packed: bytes | None = None

    @classmethod
    def _unpickled(cls, packed: bytes) -> ParsedPage:
        page = cls.__new__(cls)
        page._ids, page._references, page._packed = None, None, packed
        return page

    @property
    def ids(self) -> set[str]:
        if self._ids is None:
            self._unpack()
        return self._ids  # type: ignore[return-value]

    @property
    def references(self) -> list[Reference]:
        if self._references is None:
            self._unpack()
        return self._references  # type: ignore[return-value]

    def _unpack(self) -> None:
        ids, fields = marshal.loads(self._packed)  # type: ignore[arg-type]
        self._ids, self._references = set(ids), [Reference(*values) for values in fields]

    def pack(self) -> None:
        """Let the unpacked ids and references go (they are unpacked again when asked for).
        The packed form, once made, is kept: a page is read-only after it is parsed."""
        self._packed = self._packed_form()
        self._ids = self._references = None

    def _packed_form(self) -> bytes:
        if self._packed is not None:
            return self._packed
        return marshal.dumps((tuple(self._ids), [  # type: ignore[arg-type]
            (r.page, r.line, r.column, r.tag, r.attribute, r.url, r.nofollow) for r in self._references]))  # type: ignore[union-attr]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParsedPage) and (self.ids, self.references) == (other.ids, other.references)

    def __repr__(self) -> str:
        return f"ParsedPage(ids={self.ids!r}, references={self.references!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return ParsedPage._unpickled, (self._packed_form(),)


def parse_page(page: str, html: bytes) -> ParsedPage:
    """The ids and URLs of one page, as html.parser reads it (see _start_tags)."""
    parsed = ParsedPage()
    add_id, add_reference = parsed.ids.add, parsed.references.append
    text = html.decode("utf-8")
    line, line_start, counted = 1, -1, 0  # newlines counted up to `counted`; where the last was
    for start, tag, attributes in _start_tags(text):
        nofollow = None
        for name, equals, value in attributes:
            if not equals:
                continue
            if "&" in value:
                value = unescape(value)
            if name == "id" or (name == "name" and tag == "a"):
                add_id(value)
                continue
            one_url = (tag, name) in URL_ATTRIBUTES
            if not one_url and name != "srcset":
                continue
            if nofollow is None:  # the tag's first URL: find its line, and whether it is rel="nofollow"
                newlines = text.count("\n", counted, start)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", counted, start)
                counted = start
                nofollow = len(attributes) > 1 and _nofollow(attributes)  # else this URL is all it has
            # Interned: a build keeps every page's references, with the same few names, and the
            # same URLs on page after page (navigation, assets).
            tag, name = intern(tag), intern(name)
            if one_url:
                add_reference(Reference(page, line, start - line_start, tag, name, intern(value.strip()), nofollow))
            else:
                for candidate in value.split(","):
                    if candidate.strip():
                        add_reference(Reference(page, line, start - line_start, tag, name, intern(candidate.split()[0]),
                                                nofollow))
    return parsed


# An attribute as read from a start tag: its name in lowercase, "=" if it has a value
# (else "", and the value is ""), and the value without quotes, its entities not yet unescaped.
Attribute = tuple[str, str, str]


def _nofollow(attributes: list[Attribute]) -> bool:
    """Whether rel holds "nofollow"; of two rel attributes the last counts (as in a dict)."""
    rel = ""
    for name, equals, value in attributes:
        if name == "rel":
            rel = unescape(value) if equals else ""
    return "nofollow" in rel.split()


# ---------------------------------------------------------------- reading start tags
#
# The link check needs only the start tags with an id or a URL. html.parser handles every
# piece of text and every tag in Python: 7 ms for a page of the benchmark corpus, where this
# scan takes 0.7 ms. The theme and the Markdown sanitiser write tags plainly: a lowercase
# name, attributes after white space, values in double quotes. One regular expression skips,
# in C, text, end tags, comments, declarations and the plain tags with nothing to read, and
# stops at the next plain tag with something to read. Whatever is written otherwise (capital
# letters, other quotes or none, a '<' that starts no tag, a tag that never ends) is read by
# a copy of html.parser's own steps (_careful). So the result is html.parser's (Python 3.11)
# on any text it reads without failing; tests/test_links.py compares the two.

_RAW_TEXT = ("script", "style")  # elements whose text html.parser reads no tags in
_SPACE = r"[ \t\n\r\f]"
_NAME = "[a-z_:][-a-z0-9_:.]*+"
_VALUE = '(?:="[^"]*+")?'
# The attributes the check reads, and plain attributes with another name.
_WATCHED = "|".join(sorted({attribute for _, attribute in URL_ATTRIBUTES} | {"id", "name", "srcset", "rel"}))
_QUIET_ATTRIBUTES = rf"(?:{_SPACE}++(?!(?:{_WATCHED})(?![-a-z0-9_:.])){_NAME}{_VALUE})*+"
# A plain tag with nothing to read; not script or style, whose text is skipped unread.
_QUIET_TAG = rf"(?!(?:{'|'.join(_RAW_TEXT)})[ \t\n\r\f/>])[a-z][a-z0-9-]*+{_QUIET_ATTRIBUTES}{_SPACE}*+/?>"
# Text, then an end tag (to the first '>', whatever is in it), a quiet tag, a comment, a
# doctype or bogus comment or a processing instruction; as many times as they come.
_SKIP = rf"(?:[^<]*+<(?:/[^>]*+>|{_QUIET_TAG}|!--.*?--\s*>|!(?!--|\[)[^>]*+>|\?[^>]*+>))*+[^<]*+"
# ... then a plain tag with an attribute to read: its name, the first such attribute (name,
# "=", value), from the next such attribute on (usually none) and '/' if it ends in '/>'.
_NEXT = re.compile(rf"""{_SKIP}(?:<([a-z][a-z0-9-]*+){_QUIET_ATTRIBUTES}{_SPACE}++({_NAME})(?:(=)"([^"]*+)")?"""
                   rf"{_QUIET_ATTRIBUTES}((?:{_SPACE}++{_NAME}{_VALUE})*+){_SPACE}*+(/?)>)?", re.DOTALL)
_PLAIN_ATTRIBUTE = re.compile(rf'{_SPACE}++({_NAME})(?:(=)"([^"]*+)")?')
_RAW_TEXT_END = {tag: re.compile(rf"</\s*(?i:{tag})\s*>") for tag in _RAW_TEXT}


def _start_tags(text: str) -> Iterator[tuple[int, str, list[Attribute]]]:
    """The start tags html.parser reports (fed the whole text at once), each with the
    position of its '<', its name in lowercase and its attributes. Leaves out plain tags
    without an attribute the link check reads, and may leave out the other attributes."""
    position, end = 0, len(text)
    while True:
        match = _NEXT.match(text, position)
        position = match.end()
        tag, name, equals, value, more, empty = match.groups("")
        if tag:
            start = match.start(1) - 1
            attributes = _PLAIN_ATTRIBUTE.findall(text, match.end(1), match.end(5)) if more else [(name, equals, value)]
        elif position < end:
            start, (position, found) = position, _careful(text, position)
            if found is None:
                continue
            tag, attributes, empty = found
        else:
            return
        yield start, tag, attributes
        if tag in _RAW_TEXT and not empty:
            close = _RAW_TEXT_END[tag].search(text, position)
            if close is None:
                return  # the rest of the page is the element's text
            position = close.end()


# html.parser's own expressions (Python 3.11), for what the plain forms above do not cover.
_LOCATE_START_TAG_END = re.compile(r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""", re.VERBOSE)
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ANY_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTION_ENDS = {name: re.compile(r"]\s*]\s*>") for name in ("temp", "cdata", "ignore", "include", "rcdata")} | {
    name: re.compile(r"]\s*>") for name in ("if", "else", "endif")}
# A start tag: its name, attributes and whether it ends in '/>'.
StartTag = tuple[str, list[Attribute], bool]


def _careful(text: str, i: int) -> tuple[int, StartTag | None]:
    """What html.parser makes of a '<' that _NEXT stopped at: where it reads on, and the
    start tag if it is one."""
    if text[i + 1:i + 2].isascii() and text[i + 1:i + 2].isalpha():
        return _careful_start_tag(text, i)
    if text.startswith("<![", i):
        end = _marked_section_end(text, i)
        return (end if end >= 0 else _unfinished(text, i)), None
    if text.startswith(("</", "<!", "<?"), i):  # _SKIP took those that end
        return _unfinished(text, i), None
    return i + 1, None  # a '<' that starts nothing is text


def _careful_start_tag(text: str, i: int) -> tuple[int, StartTag | None]:
    """html.parser's parse_starttag and check_for_whole_start_tag."""
    j = _LOCATE_START_TAG_END.match(text, i).end()
    following = text[j:j + 1]
    if following == ">":
        end = j + 1
    elif following == "/" and text.startswith("/>", j):
        end = j + 2
    elif following in ("", "/") or following in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=":
        return _unfinished(text, i), None
    else:
        end = j
    name = _TAG_NAME.match(text, i + 1)
    k = name.end()
    attributes: list[Attribute] = []
    while k < end:
        attribute = _ANY_ATTRIBUTE.match(text, k)
        if not attribute:
            break
        key, rest, value = attribute.group(1, 2, 3)
        if not rest:
            value = ""
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attributes.append((key.lower(), "=" if rest else "", value))
        k = attribute.end()
    closing = text[k:end].strip()
    if closing not in (">", "/>"):
        return end, None  # not a tag after all: text
    return end, (name[1].lower(), attributes, closing == "/>")


def _marked_section_end(text: str, i: int) -> int:
    """Where '<![name[ ... ]]>' ends, or -1 if it does not. html.parser fails on a name it
    does not know; read that as a browser does, as a comment up to the next '>'."""
    name = _SECTION_NAME.match(text, i + 3)
    if name is not None and name.end() == len(text):
        return -1
    keyword = name[0].strip().lower() if name else ""
    if keyword not in _SECTION_ENDS:
        end = text.find(">", i + 2)
        return end + 1 if end >= 0 else -1
    found = _SECTION_ENDS[keyword].search(text, i + 3)
    return found.end() if found else -1


def _unfinished(text: str, i: int) -> int:
    """Where html.parser reads on after markup that never ends: it is text up to the next
    '>'. Without one no tag can follow, so the rest is text."""
    end = text.find(">", i + 1)
    return end + 1 if end >= 0 else len(text)


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
               sources: list[Document]) -> list[ContentError]:
    """Every duplicate output, broken internal link, missing anchor and missing asset, from
    the parsed pages and the names of all files of the site."""
    return LinkChecker(base_url).check(pages, dict.fromkeys(files, ""), made_by, sources)


@dataclass
class LinkChecker:
    """Checks one site's links build after build, redoing only what may have changed.

    Where a URL leads is worked out once per folder and URL in each check (pages are checked
    folder by folder, so only one folder's are held). A page whose links were all right last
    time is right again when its bytes are the same, no file its links lead to (or could
    lead to) appeared or went, and no page it links into with '#id' changed.
    Which pages those are is looked up, not searched for: each file knows the pages that
    depend on it."""

    base_url: str
    digests: dict[str, str] = field(default_factory=dict)  # every file's digest at the last check
    # page found right -> (files whose presence it depends on, pages whose ids it depends on)
    targets: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)
    # file -> the pages found right whose links depend on its presence, on its ids
    on_presence: dict[str, set[str]] = field(default_factory=dict)
    on_ids: dict[str, set[str]] = field(default_factory=dict)
    # The groups of files of the last check (see `check`), by id: kept, so no id is reused.
    groups: dict[int, Collection[str]] = field(default_factory=dict)

    def check(self, pages: dict[str, ParsedPage], digests: dict[str, str], made_by: dict[str, list[str]],
              sources: list[Document], groups: list[Collection[str]] | None = None) -> list[ContentError]:
        """`digests` of every file of the site ("" when unknown: such a page is always checked,
        unless `groups` are given). `groups` (optional) hold every file of `digests`, in groups
        that never change (a build's memo hands the same unit over while its inputs stay the
        same): the files of a group this checker saw last time are as they were, and are not
        compared."""
        errors = [
            ContentError(output, 1, 1, "", f"{len(makers)} files would be written here: " + ", ".join(makers),
                         "two pages (or a page and a theme file) have the same address; this is a bug in the theme or in Polku")
            for output, makers in sorted((output, makers) for output, makers in made_by.items() if len(makers) > 1)
        ]
        came_or_went, changed = self._changes(digests, groups)
        gone = self.targets.keys() - pages.keys()
        suspect = (pages.keys() - self.targets.keys()) | (changed & pages.keys())
        for name in came_or_went:
            suspect.update(self.on_presence.get(name, ()))
        for name in changed:
            suspect.update(self.on_ids.get(name, ()))
        suspect = {page for page in suspect if page in pages}  # not those that went
        for page in gone | suspect:
            self._forget(page)
        for _, in_folder in itertools.groupby(sorted((posixpath.dirname(page), page) for page in suspect),
                                              key=lambda pair: pair[0]):
            resolutions: dict[str, Resolved] = {}  # URL -> where it leads from this folder
            for _, page in in_folder:
                found, present, ids = self._check_page(page, pages[page], digests, pages, sources, made_by, resolutions)
                # A cold build checks every page: their ids and references, unpacked all at once
                # (the page's own, and those of the pages it links into), would double its memory.
                for name in (page, *(name for name in ids if name in pages)):
                    pages[name].pack()
                errors += found
                if not found:
                    self._remember(page, frozenset(present), frozenset(ids))
        self.digests = dict(digests)
        self.groups = {id(group): group for group in groups} if groups is not None else {}
        return sorted(set(errors))

    def _changes(self, digests: dict[str, str], groups: list[Collection[str]] | None) -> tuple[set[str], set[str]]:
        """The files that appeared or went since the last check, and those that did or changed."""
        if groups is None or not self.digests:
            # Copied: the set `^` makes keeps a table sized for every file, which the check
            # asks thousands of times (a 0.2 s slower check).
            came_or_went = set(digests.keys() ^ self.digests.keys())
            return came_or_went, {name for name, digest in digests.items()
                                  if not digest or digest != self.digests.get(name)} | came_or_went
        fresh = {name for group in groups if id(group) not in self.groups for name in group}
        came = {name for name in fresh if name not in self.digests}
        changed = {name for name in fresh if not digests[name] or digests[name] != self.digests.get(name)}
        # Every file that came is fresh (the others were all here last time); whether any went
        # follows from the counts.
        went_count = len(self.digests) + len(came) - len(digests)
        went = set(self.digests.keys() - digests.keys()) if went_count else set()
        return came | went, changed | went

    def _forget(self, page: str) -> None:
        present, ids = self.targets.pop(page, ((), ()))
        for name in present:
            self.on_presence[name].discard(page)
        for name in ids:
            self.on_ids[name].discard(page)

    def _remember(self, page: str, present: frozenset[str], ids: frozenset[str]) -> None:
        self.targets[page] = (present, ids)
        for name in present:
            self.on_presence.setdefault(name, set()).add(page)
        for name in ids:
            self.on_ids.setdefault(name, set()).add(page)

    def __getstate__(self) -> dict[str, Any]:
        """Kept between builds without the groups (ids mean nothing in another process) and
        without the look-ups by file, which are made again from `targets`."""
        return {"base_url": self.base_url, "digests": self.digests, "targets": self.targets}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["base_url"], state["digests"])  # type: ignore[misc]
        for page, (present, ids) in state["targets"].items():
            self._remember(page, present, ids)

    def _check_page(self, page: str, parsed: ParsedPage, files: Collection[str], pages: dict[str, ParsedPage],
                    sources: list[Document], made_by: dict[str, list[str]],
                    resolutions: dict[str, Resolved]) -> tuple[list[ContentError], set[str], set[str]]:
        """The page's problems, the files whose presence its links depend on, and the pages
        whose ids they depend on. `resolutions` are those known in the page's folder."""
        base = urlsplit(self.base_url)
        errors: list[ContentError] = []
        present: set[str] = set()
        ids: set[str] = set()
        for reference in parsed.references:
            url = reference.url
            # The commonest link by far: to an element of the same page, which is there.
            if url.startswith("#") and (url[1:] in parsed.ids or url == f"#{TOP}"):
                continue
            # Where a URL leads depends only on the folder it is in, or with no path on the page,
            # which is checked once.
            if url[:1] in ("", "#", "?"):
                resolved = _resolve(reference, base)
            elif (resolved := resolutions.get(url)) is None:
                resolved = resolutions[url] = _resolve(reference, base)
            if resolved[0] is not None:
                candidates = _candidates(resolved[0])
                present.update(candidates)
                if resolved[1]:
                    ids.update(candidates)
            problem = _problem(reference, resolved, files, pages)
            if problem is not None:
                errors.append(locate(reference, *problem, sources, made_by)[0])
        return errors, present, ids


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
    return next((candidate for candidate in _candidates(path) if candidate in files), None)


def _candidates(path: str) -> tuple[str, ...]:
    if path == "" or path.endswith("/"):
        return (path + "index.html",)
    return (path, path + "/index.html")


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
        if not doc.may_contain(url):  # not read again for nothing: an error names one URL of many files
            continue
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
