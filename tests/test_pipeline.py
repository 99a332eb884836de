"""The whole build: output written all or nothing, reproducible, and only changes rewritten."""

from __future__ import annotations

import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

import pytest
from pydantic import BaseModel

from generator import ics, pipeline, publishing, render, write
from generator.memo import Memo
from generator.model import LocalizedUrl, Text
from generator.validate import Located

from .conftest import DEFAULT_THEME, ROOT


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(site_dir: Path, output: Path) -> pipeline.Built:
    result = pipeline.build(site_dir, output, DEFAULT_THEME)
    assert isinstance(result, pipeline.Built), getattr(result, "errors", result)
    return result


def test_build_writes_every_page_for_every_language(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    files = set(_tree(output))
    for expected in ("index.html", "404.html", "fi/index.html", "en/index.html",
                     "fi/kiosk/index.html", "en/kiosk/index.html", "assets/style.css", write.MARKER):
        assert expected in files


def test_failed_build_leaves_previous_output_exactly_as_it_was(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    before = _tree(output)
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("provider: permits", "provider: nobody"))
    (site_dir / "broken.yaml").write_text("id: broken\ntitle: [\n")

    result = pipeline.build(site_dir, output, DEFAULT_THEME)

    assert isinstance(result, pipeline.Checked)
    assert {e.file.rsplit("/", 1)[-1] for e in result.errors} == {"kiosk.yaml", "broken.yaml"}
    assert _tree(output) == before
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "paths"]  # no staging left behind


def test_same_input_gives_byte_identical_output(site_dir: Path, tmp_path: Path):
    _build(site_dir, tmp_path / "a")
    _build(site_dir, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_unchanged_files_are_not_rewritten(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    page = output / "fi" / "kiosk" / "index.html"
    inode = page.stat().st_ino
    result = _build(site_dir, output)
    assert result.written == 0
    assert page.stat().st_ino == inode


def test_edited_path_rewrites_only_its_page_its_data_and_the_search_index(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    inodes = {name: (output / name).stat().st_ino for name in _tree(output)}
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("Avaa ovet", "Avaa ovet juhlallisesti"))
    _build(site_dir, output)
    assert "Avaa ovet juhlallisesti" in (output / "fi" / "kiosk" / "index.html").read_text()
    rewritten = {name for name in _tree(output) if inodes.get(name) != (output / name).stat().st_ino}
    assert "fi/kiosk/index.html" in rewritten
    # The Finnish guide, its checklist and downloads change, and the Finnish content version for
    # feedback (feedback-index.json); the English pages, whose version is the same, do not.
    assert {name for name in rewritten if not name.startswith("pagefind/")} == {
        "fi/kiosk/index.html", "fi/kiosk/checklist/index.html", "fi/kiosk/checklist/kiosk-muistilista.txt",
        "fi/kiosk/checklist/kiosk-kalenteri.ics", "data/kiosk.json", "feedback-index.json"}


def test_removed_path_disappears_from_output(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    (site_dir / "kiosk.yaml").unlink()
    _build(site_dir, output)
    assert not (output / "fi" / "kiosk").exists()
    assert "kiosk" not in (output / "fi" / "index.html").read_text()


def test_interrupted_swap_is_recovered(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    os.rename(output, tmp_path / ".out.old")  # as if the build died between the two renames
    (tmp_path / ".out.new-x").mkdir()
    _build(site_dir, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "paths"]


class _Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src", "action") and value is not None]


def _internal_links(output: Path) -> Iterator[tuple[Path, str, Path]]:
    """(page, link, file it leads to) for every link between files of the site."""
    for page in sorted(output.rglob("*.html")):
        if page.name == "404.html":  # served at any depth, so it links from the site's root
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.found:
            target = urlsplit(link)
            if target.scheme or target.netloc or not target.path:
                continue  # another site, mailto:, tel:, or a place on the same page
            resolved = (page.parent / unquote(target.path)).resolve()
            yield page, link, resolved


@pytest.mark.parametrize("file_urls", [False, True], ids=["clean-urls", "file-urls"])
def test_every_internal_link_leads_to_a_file(built_example_site: Path, tmp_path: Path, file_urls: bool):
    output = built_example_site
    if file_urls:
        output = tmp_path / "local"
        assert isinstance(pipeline.build(ROOT / "paths", output, DEFAULT_THEME, file_urls=True), pipeline.Built)
    links = list(_internal_links(output))
    assert len(links) > 150
    for page, link, resolved in links:
        if file_urls:  # opened from disk nothing serves a folder's index.html: every link names a file
            assert resolved.is_file(), f"{page.relative_to(output)}: {link}"
        else:
            assert resolved.is_file() or (resolved / "index.html").is_file(), f"{page.relative_to(output)}: {link}"


def test_a_copy_for_disk_keeps_the_published_addresses(built_example_site: Path, tmp_path: Path):
    pipeline.build(ROOT / "paths", tmp_path / "local", DEFAULT_THEME, file_urls=True)
    local = (tmp_path / "local" / "sv" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://polku.example.fi/sv/cafe/">' in local
    assert '<a class="site-name" href="../index.html">' in local
    published = (built_example_site / "sv" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert '<a class="site-name" href="../">' in published


def test_a_site_without_site_yaml_is_told_it_needs_an_accessibility_statement(site_dir: Path, tmp_path: Path):
    (site_dir / "site.yaml").unlink()
    result = pipeline.build(site_dir, tmp_path / "out", DEFAULT_THEME)
    assert isinstance(result, pipeline.Checked)
    error = next(error for error in result.errors if error.file.endswith("paths/site.yaml"))
    assert error.message == "site.yaml is missing"
    assert "accessibility statement" in error.hint
    assert not (tmp_path / "out").exists()


def test_a_memo_renders_again_only_the_paths_whose_inputs_changed(site_dir: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    kiosk = site_dir / "kiosk.yaml"
    (site_dir / "stall.yaml").write_text(kiosk.read_text().replace("id: kiosk", "id: stall")
                                         .replace("        provider: permits\n", ""))
    rendered: list[str] = []
    real = pipeline._path_unit
    monkeypatch.setattr(pipeline, "_path_unit",
                        lambda job, task: rendered.append(job.content.paths[task[0]].value.id) or real(job, task))
    memo, output, known = Memo(), tmp_path / "out", {}

    def paths_rendered() -> list[str]:
        nonlocal known
        rendered.clear()
        built = _build_with(site_dir, output, memo, known)
        known = built.digests  # what build.py's record vouches for: the output is as this build left it
        return sorted(rendered)

    assert paths_rendered() == ["kiosk", "stall"]
    assert paths_rendered() == []
    _edit(site_dir / "providers.yaml", '"08:15"', '"08:30"')  # only the kiosk names this provider
    assert paths_rendered() == ["kiosk"]
    _edit(site_dir / "stall.yaml", "Opening a kiosk", "Opening a stall")
    assert paths_rendered() == ["stall"]
    _edit(site_dir / "site.yaml", "Testipolut", "Testipolut 2")
    assert paths_rendered() == ["kiosk", "stall"]
    _build(site_dir, tmp_path / "clean")
    assert _tree(output) == _tree(tmp_path / "clean")


def test_the_sites_own_files_are_made_again_only_when_what_they_show_changed(site_dir: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch):
    made: list[str] = []
    real_render, real_part, real_feed = render.render_page, render.render_part, publishing.feed
    monkeypatch.setattr(render, "render_page", lambda env, page: made.append(page.output) or real_render(env, page))
    monkeypatch.setattr(render, "render_part", lambda env, template, values, page:
                        made.append(f"{page} card {values['item']['url']}") or real_part(env, template, values, page))
    monkeypatch.setattr(publishing, "feed", lambda site, paths, t: made.append(f"{t.lang}/feed") or real_feed(site, paths, t))
    _copy_path(site_dir, "kiosk", "kiosk-stand")
    memo, output, known = Memo(), tmp_path / "out", {}

    def site_files_made() -> list[str]:
        nonlocal known
        made.clear()
        known = _build_with(site_dir, output, memo, known).digests
        return sorted(name for name in made if not name.endswith(("kiosk/index.html", "kiosk/checklist/index.html")))

    assert {"fi/index.html", "en/index.html", "fi/feed", "en/feed", "404.html", "fi/index.html card kiosk/",
            "fi/index.html card kiosk-stand/", "en/index.html card kiosk/"} <= set(site_files_made())
    _edit(site_dir / "kiosk.yaml", "Missä kioski on?", "Missä kioskisi on?")  # a question: no listing shows it
    assert site_files_made() == []
    _edit(site_dir / "kiosk.yaml", "Luvat ja ilmoitukset kioskille.", "Luvat kioskille.")  # the Finnish summary
    assert site_files_made() == ["fi/feed", "fi/index.html", "fi/index.html card kiosk/"]  # the other cards are kept
    _build(site_dir, tmp_path / "clean")
    assert _tree(output) == _tree(tmp_path / "clean")


def test_an_edit_to_one_languages_text_renders_again_only_that_languages_pages(site_dir: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    made: list[str] = []
    real_render = render.render_page
    monkeypatch.setattr(render, "render_page", lambda env, page: made.append(page.output) or real_render(env, page))
    memo, output, known = Memo(), tmp_path / "out", {}

    def kiosk_pages_made() -> list[str]:
        nonlocal known
        made.clear()
        known = _build_with(site_dir, output, memo, known).digests
        return sorted(name for name in made if "/kiosk/" in name)

    assert kiosk_pages_made() == ["en/kiosk/checklist/index.html", "en/kiosk/index.html",
                                  "fi/kiosk/checklist/index.html", "fi/kiosk/index.html"]
    _edit(site_dir / "kiosk.yaml", "Missä kioski on?", "Missä kioskisi on?")  # a Finnish question
    assert kiosk_pages_made() == ["fi/kiosk/checklist/index.html", "fi/kiosk/index.html"]
    _build(site_dir, tmp_path / "clean")
    assert _tree(output) == _tree(tmp_path / "clean")
    _edit(site_dir / "kiosk.yaml", "review_by: 2027-", "review_by: 2028-")  # not a text: every language
    assert len(kiosk_pages_made()) == 4
    _edit(site_dir / "kiosk.yaml", "Missä kioskisi on?", "Missä kioski on?")  # back: the Finnish pages of the first build
    assert kiosk_pages_made() == ["fi/kiosk/checklist/index.html", "fi/kiosk/index.html"]
    _build(site_dir, tmp_path / "clean 2")
    assert _tree(output) == _tree(tmp_path / "clean 2")


def test_a_path_page_shows_nothing_of_the_other_languages_texts():
    """What lets an edit to one language's text keep the other languages' pages: each part
    of a path's unit is the same however the path reads in the other languages."""
    checked = pipeline.check_content(ROOT / "paths", DEFAULT_THEME)
    assert checked.content is not None and not checked.errors
    env = render.environment(DEFAULT_THEME)
    for index, located in enumerate(checked.content.paths):
        path = located.value
        for lang in path.languages:
            others = _other_languages_changed(path, lang)
            assert others != path
            parts = []
            for version in (path, others):
                paths = list(checked.content.paths)
                paths[index] = Located(version, located.doc)
                job = pipeline._Job(replace(checked.content, paths=paths), checked.catalogues, env,
                                    ics.build_date(), None, True)
                parts.append(pipeline._path_unit(job, (index, ()))[0][lang][1].data)
            assert parts[0] == parts[1], (path.id, lang)


def _other_languages_changed(value: Any, lang: str) -> Any:
    """`value` with every text and per-language link in languages other than `lang` changed."""
    if isinstance(value, (Text, LocalizedUrl)) and isinstance(value.root, dict):
        change = (lambda text: text + "?changed") if isinstance(value, LocalizedUrl) else (lambda text: text + " (changed)")
        return type(value)(root={key: text if key == lang else change(text) for key, text in value.root.items()})
    if isinstance(value, BaseModel):
        return type(value).model_construct(**{name: _other_languages_changed(getattr(value, name), lang)
                                              for name in type(value).model_fields})
    if isinstance(value, list):
        return [_other_languages_changed(item, lang) for item in value]
    if isinstance(value, dict):
        return {key: _other_languages_changed(item, lang) for key, item in value.items()}
    return value


def _build_with(site_dir: Path, output: Path, memo: Memo, known: dict[str, str]) -> pipeline.Built:
    result = pipeline.build(site_dir, output, DEFAULT_THEME, memo=memo, known=known)
    assert isinstance(result, pipeline.Built), getattr(result, "errors", result)
    return result


def _copy_path(site_dir: Path, path_id: str, new_id: str) -> None:
    text = (site_dir / f"{path_id}.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"id: {path_id}\n")
    (site_dir / f"{new_id}.yaml").write_text(f"id: {new_id}\n" + text.split("\n", 1)[1], encoding="utf-8")


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
