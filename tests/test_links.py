"""Link integrity: broken internal links, missing anchors and assets, and duplicate outputs stop the build."""

from __future__ import annotations

from pathlib import Path

from generator import links, pipeline
from generator.load import load_text

from .conftest import DEFAULT_THEME

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
