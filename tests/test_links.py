"""Link integrity: broken internal links, missing anchors and assets, and duplicate outputs stop the build."""

from __future__ import annotations

import pickle
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import links, pipeline
from generator.load import load_text

from .conftest import DEFAULT_THEME, FIXTURE_SITE, files_of

BASE = "https://polku.example.fi/palvelut/"
STYLE = b"body{}"


def page(*body: str, head: str = "") -> bytes:
    return ("<!doctype html>\n<html>\n<head>" + head + "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n").encode()


def errors(files: dict[str, bytes], made_by: dict[str, list[str]] | None = None, sources=()) -> list[str]:
    made_by = made_by if made_by is not None else {name: ["page.html"] for name in files}
    return [error.format() for error in links.check_site(parsed(files), files.keys(), made_by, BASE, list(sources))]


def parsed(files: dict[str, bytes]) -> dict[str, links.ParsedPage]:
    return {name: links.parse_page(name, data) for name, data in files.items() if name.endswith(".html")}


def site(**pages: bytes) -> dict[str, bytes]:
    """A root, a language index and a path page; keyword names use '__' for '/'."""
    files = {"index.html": page('<a href="fi/">fi</a>'), "assets/style.css": STYLE,
             "fi/index.html": page('<h2 id="paths">Paths</h2><a href="cafe/">Café</a>',
                                   head='<link rel="stylesheet" href="../assets/style.css">'),
             "fi/cafe/index.html": page("<h1>Café</h1>")}
    files.update({name.replace("__", "/").replace("_html", ".html"): data for name, data in pages.items()})
    return files


def test_a_consistent_site_has_no_errors():
    files = site(fi__cafe__index_html=page('<a href="../#paths">Paths</a> <a href="#top">Top</a> <a href="../">Up</a>',
                                           '<img src="../../assets/style.css" srcset="../../assets/style.css 2x">',
                                           head='<link rel="canonical" href="https://polku.example.fi/palvelut/fi/cafe/">'))
    assert errors(files) == []


def test_broken_link_is_located_in_the_rendered_page_with_the_template():
    files = site()
    files["fi/index.html"] = page("<p>", '  <a href="kahvila/">Café</a></p>')
    assert errors(files) == [
        "fi/index.html:6:3: a[href]: the link 'kahvila/' leads to no page of the site (made by the theme's page.html)"]


def test_missing_anchor_suggests_the_nearest_id():
    files = site()
    files["fi/index.html"] = page('<h2 id="paths">Paths</h2>', '<a href="#path">Paths</a>')
    assert errors(files) == [
        "fi/index.html:6:1: a[href]: '#path' points to no element with id 'path' on this page"
        " (did you mean 'paths'?; made by the theme's page.html)"]


def test_missing_anchor_on_another_page():
    files = site()
    files["index.html"] = page('<a href="fi/#groups">fi</a>', head="")
    assert errors(files) == [
        "index.html:5:1: a[href]: 'fi/#groups' points to no element with id 'groups' on fi/index.html"
        " (made by the theme's page.html)"]


@pytest.mark.parametrize("in_groups", [False, True], ids=["files compared", "files in groups"])
def test_a_checker_checks_again_only_what_changed_and_still_sees_what_an_edit_broke(in_groups: bool):
    checker, made_by = links.LinkChecker(BASE), {}
    files = site(fi__cafe__index_html=page('<a href="../#paths">Paths</a>'))
    groups: dict[tuple[str, str], dict[str, str]] = {}  # each file its own group, the same object while it is the same

    def check(files: dict[str, bytes]) -> list[str]:
        digests = {name: str(hash(data)) for name, data in files.items()}
        kept = [groups.setdefault(item, dict([item])) for item in digests.items()] if in_groups else None
        return [error.format() for error in checker.check(parsed(files), digests, made_by, [], kept)]

    assert check(files) == []
    checked: list[str] = []
    real = checker._check_page
    checker._check_page = lambda page, *rest: checked.append(page) or real(page, *rest)  # type: ignore[method-assign]
    assert check(files) == [] and checked == []  # nothing changed: nothing checked
    files["fi/index.html"] = page('<h2 id="groups">Paths</h2><a href="cafe/">Café</a>')  # the café's anchor is gone
    assert check(files) == [
        "fi/cafe/index.html:5:1: a[href]: '../#paths' points to no element with id 'paths' on fi/index.html"
        " (made by the theme)"]
    # The edited page and the café, which links to an anchor on it; not the root, which links to it without one.
    assert sorted(checked) == ["fi/cafe/index.html", "fi/index.html"]
    files["fi/index.html"] = page('<h2 id="paths">Paths</h2><a href="cafe/">Café</a>')
    assert check(files) == []
    del files["fi/cafe/index.html"]  # gone: the unchanged page that links to it is checked again
    assert [error.split(":")[0] for error in check(files)] == ["fi/index.html"]


def test_a_checker_kept_between_builds_forgets_the_groups_and_still_knows_which_pages_to_check_again():
    checker = links.LinkChecker(BASE)
    files = site(fi__cafe__index_html=page('<a href="../#paths">Paths</a>'))
    digests = {name: str(hash(data)) for name, data in files.items()}
    groups = [dict([item]) for item in digests.items()]
    assert checker.check(parsed(files), digests, {}, [], groups) == []
    loaded = pickle.loads(pickle.dumps(checker))
    assert (loaded.groups, loaded.targets, loaded.on_presence, loaded.on_ids) == \
        ({}, checker.targets, checker.on_presence, checker.on_ids)
    files["fi/index.html"] = page('<h2 id="groups">Paths</h2>')
    digests["fi/index.html"] = "edited"
    groups = [dict([item]) for item in digests.items()]
    found = loaded.check(parsed(files), digests, {}, [], groups)
    assert [error.file for error in found] == ["fi/cafe/index.html"]


def test_a_page_packed_or_kept_in_a_memo_has_the_same_ids_and_references():
    """Packed after the check (and when pickled), so that a build holds its pages' link facts
    as one string a page, not as hundreds of objects."""
    read = links.parse_page("fi/cafe/index.html", page('<h2 id="a">A</h2><a href="../#paths" rel="nofollow">P</a>',
                                                       '<img src="../../assets/x.png" srcset="a.png 1x, b.png 2x">'))
    kept = pickle.loads(pickle.dumps(read))
    assert kept == read and kept.ids == {"a"} and len(kept.references) == 4
    packed = pickle.loads(pickle.dumps(read))
    packed.pack()
    assert packed == read
    packed.pack()
    packed.pack()  # packing what is packed changes nothing
    assert packed == read and pickle.loads(pickle.dumps(packed)) == read


def test_after_the_check_no_page_is_held_unpacked_not_even_one_linked_into_with_an_id():
    files = site(fi__cafe__index_html=page('<h2 id="step">Step</h2>'),
                 fi__cafe__checklist__index_html=page('<a href="../#step">Step</a>'))
    pages = parsed(files)
    for parsed_page in pages.values():
        parsed_page.pack()
    assert links.LinkChecker(BASE).check(pages, {name: "" for name in files}, {}, []) == []
    assert all(parsed_page._ids is None and parsed_page._references is None for parsed_page in pages.values())


def test_missing_asset():
    files = site()
    del files["assets/style.css"]
    assert errors(files) == [
        "fi/index.html:3:7: link[href]: '../assets/style.css' is not a file of the site"
        " (a missing asset: is the file in the theme's static/ folder?; made by the theme's page.html)"]


def test_empty_fragment_and_links_out_of_the_site():
    files = site()
    files["fi/index.html"] = page('<a href="#">x</a>', '<a href="../../x/">x</a>', '<a href="/other/">x</a>')
    assert [error.split(": ", 2)[2] for error in errors(files)] == [
        "the link '#' leads nowhere (give the id of an element on the page after '#'; made by the theme's page.html)",
        "'../../x/' points above the top folder of the site (remove a '../'; made by the theme's page.html)",
        "'/other/' is outside the site's address https://polku.example.fi/palvelut/"
        " (use a relative link, or fix base_url in site.yaml; made by the theme's page.html)"]


def test_absolute_links_into_the_site_are_checked_and_other_sites_are_not():
    files = site()
    files["fi/index.html"] = page('<a href="https://polku.example.fi/palvelut/fi/missing/">x</a>',
                                  '<a href="https://polku.example.fi/muuta/">same host, outside the site</a>',
                                  '<a href="https://www.example.fi/missing/">other site</a>',
                                  '<a href="mailto:x@example.fi">mail</a> <a href="/palvelut/fi/">root-relative</a>')
    assert [error.split(": ", 2)[2] for error in errors(files)] == [
        "the link 'https://polku.example.fi/palvelut/fi/missing/' leads to no page of the site"
        " (made by the theme's page.html)"]


def test_folder_without_trailing_slash_is_served_by_its_index():
    files = site()
    files["index.html"] = page('<a href="fi">fi</a>', head="")
    assert errors(files) == []


def test_two_pages_with_the_same_address():
    assert errors(site(), {"index.html": ["root.html"], "fi/index.html": ["index.html", "path.html"]}) == [
        "fi/index.html:1:1: 2 files would be written here: index.html, path.html (two pages (or a page and a theme"
        " file) have the same address; this is a bug in the theme or in Polku)"]


def test_an_editors_link_is_reported_in_the_content_file():
    doc = load_text("id: kiosk\nbody:\n  fi: Katso [ohje](../kafe/).\n  en: See [the guide](../kafe/).\n", "paths/kiosk.yaml")
    files = site(fi__kiosk__index_html=page('<p>Katso <a href="../kafe/">ohje</a>.</p>'))
    assert errors(files, sources=[doc]) == [
        "paths/kiosk.yaml:3:7: body.fi: the link '../kafe/' leads to no page of the site (did you mean '../cafe/'?)"]


def test_only_links_a_reader_follows_are_visited_by_the_external_check():
    files = site(fi__cafe__index_html=page('<a href="https://www.example.fi/a">a</a>',
                                           '<a href="https://palaute.example.fi/?a=yes" rel="nofollow">Yes</a>',
                                           '<form action="https://palaute.example.fi/"></form>',
                                           '<a href="https://polku.example.fi/palvelut/fi/">home</a>'))
    assert list(links.external_references(parsed(files), BASE)) == ["https://www.example.fi/a"]


def test_external_addresses_are_told_apart_from_the_sites_own():
    assert links.is_external("https://www.example.fi/x", BASE)
    assert links.is_external("https://polku.example.fi/muuta/", BASE)
    assert not links.is_external("https://polku.example.fi/palvelut/fi/", BASE)
    assert not links.is_external("mailto:x@example.fi", BASE)


# ---------------------------------------------------------------- in the build


def _with_body(site_dir: Path, body: str) -> None:
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace('en: "Submit the **start-up notification**."', f'en: "{body}"'))


def test_markdown_link_to_another_step_and_path_builds(site_dir: Path, tmp_path: Path):
    _with_body(site_dir, "See [the next step](#step-open-doors) and [all paths](../).")
    assert isinstance(pipeline.build(site_dir, tmp_path / "out", DEFAULT_THEME), pipeline.Built)


def test_broken_markdown_link_fails_the_build_at_the_content(site_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(site_dir.parent)
    _with_body(site_dir, "See [the next step](#step-open-door) and [the café](../cafe/).")
    result = pipeline.build(Path("paths"), tmp_path / "out", DEFAULT_THEME)
    assert isinstance(result, pipeline.Checked)
    assert [error.format() for error in result.errors] == [
        "paths/kiosk.yaml:42:55: phases[0].steps[0].body.en: '#step-open-door' points to no element with id"
        " 'step-open-door' on this page (did you mean 'step-open-doors'?)",
        "paths/kiosk.yaml:42:55: phases[0].steps[0].body.en: the link '../cafe/' leads to no page of the site",
    ]
    assert not (tmp_path / "out").exists()


def test_check_command_reports_broken_links_without_writing(site_dir: Path):
    from .test_build_cli import run

    _with_body(site_dir, "See [the café](../cafe/).")
    result = run("check", cwd=site_dir.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "paths/kiosk.yaml:42:55: phases[0].steps[0].body.en: the link '../cafe/' leads to no page of the site",
        "1 error in 1 file.",
    ]


# ---------------------------------------------------------------- reading pages as html.parser does
# The check reads pages with its own scanner, for speed; it must find exactly what
# html.parser finds (the ids, and every URL with its tag, attribute, line, column and
# rel="nofollow"). This is how the check read pages before, kept as the reference.


class _HTMLParserReading(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.parsed = links.ParsedPage()
        self.nofollow = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        self.nofollow = "nofollow" in (dict(attrs).get("rel") or "").split()
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.parsed.ids.add(value)
            elif (tag, name) in links.URL_ATTRIBUTES:
                self._add(line, offset, tag, name, value.strip())
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self._add(line, offset, tag, name, candidate.split()[0])

    def _add(self, line: int, offset: int, tag: str, attribute: str, url: str) -> None:
        self.parsed.references.append(links.Reference(self.page, line, offset + 1, tag, attribute, url, self.nofollow))


def read_as_html_parser(page: str, html: bytes) -> links.ParsedPage:
    parser = _HTMLParserReading(page)
    parser.feed(html.decode("utf-8"))
    parser.close()
    return parser.parsed


def assert_read_alike(pages: dict[str, bytes]) -> None:
    html = {name: data for name, data in pages.items() if name.endswith(".html")}
    assert html
    for name, data in html.items():
        assert links.parse_page(name, data) == read_as_html_parser(name, data), name


def test_every_page_of_the_built_sites_is_read_as_html_parser_reads_it(built_example_site: Path,
                                                                       built_fixture_site: Path):
    assert_read_alike(files_of(built_example_site))
    assert_read_alike(files_of(built_fixture_site))


def test_pages_with_hostile_text_are_read_as_html_parser_reads_them(tmp_path: Path):
    from .test_xss import CASES, _poison, _render

    for index, (text, url) in enumerate(CASES):
        content = tmp_path / f"p{index}" / "paths"
        shutil.copytree(FIXTURE_SITE, content)
        _poison(content, text, url)
        assert_read_alike(_render(content))


def scan(html: str) -> list[tuple]:
    """Ids and references of a snippet, as (line, column, tag, attribute, url[, "nofollow"])."""
    parsed = links.parse_page("p.html", html.encode())
    assert parsed == read_as_html_parser("p.html", html.encode())
    return sorted(parsed.ids) + [(r.line, r.column, r.tag, r.attribute, r.url) + (("nofollow",) if r.nofollow else ())
                                 for r in parsed.references]


def test_links_in_comments_scripts_and_styles_are_not_links():
    assert scan('<!-- <a href="old/"> --><a href="new/">') == [(1, 25, "a", "href", "new/")]
    assert scan('<!--\n<img src="no.png">\n--><img src="yes.png">') == [(3, 4, "img", "src", "yes.png")]
    assert scan('<script type="application/json" id="data">{"x": "<a href=\\"no/\\">"}</script>\n<a href="yes/">') == [
        "data", (2, 1, "a", "href", "yes/")]
    assert scan('<script src="a.js">document.write("<a href=no/>")</SCRIPT ><a href="yes/">') == [
        (1, 1, "script", "src", "a.js"), (1, 60, "a", "href", "yes/")]
    assert scan('<style>a[href="<a href=no>"] {}</style><link rel="icon" href="i.svg">') == [
        (1, 40, "link", "href", "i.svg")]


def test_entities_in_addresses_are_read_as_the_browser_reads_them():
    assert scan('<a href="?a=1&amp;b=2&#x26;c=&lt;3&gt;">x</a> <a href="caf&eacute;/" id="&quot;q&quot;">') == [
        '"q"', (1, 1, "a", "href", "?a=1&b=2&c=<3>"), (1, 47, "a", "href", "café/")]


def test_capitals_quotes_and_bare_values():
    assert scan("<A HREF='one/' ID=Top>1</A><IMG SRC=two.png><a href = three/ ><a class=x href=\"four\" id=''>") == [
        "", "Top", (1, 1, "a", "href", "one/"), (1, 28, "img", "src", "two.png"), (1, 45, "a", "href", "three/"),
        (1, 63, "a", "href", "four")]


def test_a_tag_over_several_lines_is_located_at_its_start():
    assert scan('<p>\n  <a\n    class="x"\n    href="one/">1</a> <img\nsrc="two.png"\n  srcset="a.png 1x,  b.png 2x , ,c.png">') == [
        (2, 3, "a", "href", "one/"), (4, 23, "img", "src", "two.png"), (4, 23, "img", "srcset", "a.png"),
        (4, 23, "img", "srcset", "b.png"), (4, 23, "img", "srcset", "c.png")]
    assert scan("\r\n<a href='x'>ä\t<a href='y'>") == [(2, 1, "a", "href", "x"), (2, 15, "a", "href", "y")]


def test_nofollow_names_and_attributes_without_values():
    assert scan('<a href="a" rel="external nofollow"><a rel="nofollow" rel="me" href="b"><a rel=nofollow><a href="c">'
                '<a href="d" rel="&#110;ofollow">') == [
        (1, 1, "a", "href", "a", "nofollow"), (1, 37, "a", "href", "b"), (1, 89, "a", "href", "c"),
        (1, 101, "a", "href", "d", "nofollow")]
    assert scan('<a name="n"><p name="m" id="i"><a href><img src=""><form action="/send"><object data="d.svg">') == [
        "i", "n", (1, 40, "img", "src", ""), (1, 52, "form", "action", "/send"), (1, 73, "object", "data", "d.svg")]


def test_what_is_not_a_tag_is_text():
    assert scan('1 < 2 <3 <> <a\thref="x"> </ p> <!doctype html> <?pi <a href=no> ?> <a href="y">') == [
        (1, 13, "a", "href", "x"), (1, 68, "a", "href", "y")]
    assert scan('<a href="unfinished') == []
    assert scan('<script><a href="never/">') == []


# Well-formed markup in every way the scanner must read as html.parser does. (On broken
# markup html.parser's reading differs between Python versions; there the scanner only
# has to finish, without errors.)
_NAMES = st.sampled_from(["a", "A", "img", "IMG", "link", "form", "source", "object", "area", "p", "div"])
_ATTRIBUTES = st.sampled_from(["href", "HREF", "id", "Id", "name", "rel", "src", "srcset", "action", "data", "class",
                               "data-href", "hidden"])
_TEXT = st.lists(st.sampled_from(["a", "B", " ", "\n", "\t", "/", "#", "?", "=", ".", ",", "&amp;", "&lt;", "&#x41;",
                                  "&quot;", "&", ";", "ä", "nofollow", "<a href=x>"]), max_size=6).map("".join)
_BARE = st.from_regex(r"[a-z0-9.#?&;:-]{1,6}", fullmatch=True)
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \n  "])


@st.composite
def _start_tag(draw: st.DrawFn, names: st.SearchStrategy[str] = _NAMES, end: str = "") -> str:
    attributes = []
    for name in draw(st.lists(_ATTRIBUTES, max_size=4)):
        quote = draw(st.sampled_from(['"', "'", "", None]))
        value = draw(_BARE) if quote == "" else draw(_TEXT).replace(quote or "", "")
        attributes.append(draw(_SPACES) + name + ("" if quote is None else draw(st.sampled_from(["=", " = "])) + quote + value + quote))
    return "<" + draw(names) + "".join(attributes) + draw(st.sampled_from(["", " ", "\n"])) + (end or draw(st.sampled_from([">", " />"])))


def _raw_text(name: str) -> st.SearchStrategy[str]:
    """An element whose text html.parser reads no tags in."""
    return st.builds(lambda tag, text, end: tag + text + end, _start_tag(st.sampled_from([name, name.upper()]), ">"),
                     _TEXT, st.sampled_from([f"</{name}>", f"</{name.upper()} >"]))


_PAGES = st.lists(st.one_of(_start_tag(), _TEXT.map(lambda text: text.replace("<", "&lt;")), _NAMES.map(lambda name: f"</{name}>"),
                            _TEXT.map(lambda text: f"<!--{text}-->"), _raw_text("script"), _raw_text("style"),
                            st.just("<!doctype html>")), max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(_PAGES)
def test_well_formed_markup_is_read_as_html_parser_reads_it(html: str):
    scan(html)


MARKUP = st.sampled_from([
    "<a ", "<A ", "<img ", "<link ", "<script ", "<style ", "<p ", "</a>", "</script>", "</style>", "<!--", "-->", "<!",
    "<?", "<![CDATA[", "]]>", "</", "<", ">", "/>", "/", "=", '"', "'", " ", "\n", "\t", "href", "ID", "name",
    "rel", "nofollow", "srcset", "src", ",", "&amp;", "&", "#", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP | st.text(max_size=3), max_size=40).map("".join))
def test_any_text_is_scanned_and_every_reference_points_at_a_tag(text: str):
    lines = text.split("\n")
    for reference in links.parse_page("p.html", text.encode()).references:
        assert lines[reference.line - 1][reference.column - 1] == "<"
