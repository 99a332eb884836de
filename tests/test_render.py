"""Stage 5: templates render with autoescaping, and a broken theme is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import parallel, render
from generator.context import Page
from generator.i18n import Messages


def theme(tmp_path: Path, template: str) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(template)
    (tmp_path / "static").mkdir()
    return tmp_path


def test_editor_text_is_escaped(tmp_path: Path):
    files = render.render_pages([Page("x.html", "page.html", {"title": "<script>alert(1)</script>"})],
                                theme(tmp_path, "<h1>{{ title }}</h1>"))
    assert files["x.html"] == b"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"


def test_misspelt_variable_is_a_theme_error_naming_the_page(tmp_path: Path):
    with pytest.raises(render.ThemeError, match=r"'titel' is undefined \(while rendering x.html\)"):
        render.render_pages([Page("x.html", "page.html", {"title": "A"})], theme(tmp_path, "{{ titel }}"))


def test_static_files_are_copied_under_assets(tmp_path: Path):
    root = theme(tmp_path, "")
    (root / "static" / "img").mkdir()
    (root / "static" / "img" / "logo.svg").write_bytes(b"<svg/>")
    assert render.theme_assets(root) == {"assets/img/logo.svg": b"<svg/>"}


def test_unknown_catalogue_key_is_a_theme_error_naming_the_key(tmp_path: Path):
    with pytest.raises(render.ThemeError, match=r"no message 'skip_to_contnet' in the en catalogue \(while rendering x.html\)"):
        render.render_pages([Page("x.html", "page.html", {"t": Messages("en", {"skip_to_content": "Skip"})})],
                            theme(tmp_path, "{{ t('skip_to_contnet') }}"))


def test_many_pages_render_the_same_in_workers_as_in_one_process(tmp_path: Path):
    root = theme(tmp_path, "<p>{{ n }} {{ t('word') }}</p>")
    pages = [Page(f"{n}.html", "page.html", {"n": n, "t": Messages("en", {"word": "w"})})
             for n in range(render.PAGES_PER_WORKER * 2)]
    assert parallel.workers_for(len(pages), 2, render.PAGES_PER_WORKER) == 2
    in_workers = render.render_pages(pages, root, jobs=2)
    assert list(in_workers) == [page.output for page in pages]
    assert in_workers == render.render_pages(pages, root, jobs=1)
    assert in_workers["5.html"] == b"<p>5 w</p>"


def test_a_broken_template_in_a_worker_is_a_theme_error(tmp_path: Path):
    root = theme(tmp_path, "{{ n.missing.deeper }}")
    pages = [Page(f"{n}.html", "page.html", {"n": {}}) for n in range(render.PAGES_PER_WORKER * 2)]
    with pytest.raises(render.ThemeError, match=r"while rendering 0.html"):
        render.render_pages(pages, root, jobs=2)
