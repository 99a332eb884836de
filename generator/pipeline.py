"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from feedback import protocol

from . import (analysis, check, checklist, context, feedback_index, ics, load, open_data, publishing, render, search,
               validate, write)
from .errors import ContentError, ContentErrors, ContentWarning
from .i18n import Messages, load_catalogues


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


def check_content(content_dir: Path, theme_dir: Path) -> Checked:
    """Load, validate and cross-check everything, collecting every error of every file."""
    try:
        catalogues = load_catalogues(theme_dir)
    except ContentErrors as exc:
        return Checked(None, {}, exc.errors)
    sources, errors = load.load_content(content_dir)
    content, model_errors = validate.validate(sources)
    errors += model_errors
    errors += check.check(content, catalogues)
    if errors:
        return Checked(content, catalogues, sorted(set(errors)))
    return Checked(content, catalogues, [], analysis.analyse(content))


def render_site(checked: Checked, theme_dir: Path, file_urls: bool = False) -> tuple[int, dict[str, bytes]]:
    """Every output file. `file_urls` links to index.html files whatever site.yaml says,
    for a copy of the site to open straight from disk."""
    assert checked.content is not None and not checked.errors
    content = checked.content
    if file_urls:
        content = replace(content, site=content.site.model_copy(update={"clean_urls": False}))
    pages = context.build_pages(content, checked.catalogues)
    checklists, downloads = checklist.build(content, pages, ics.build_date(), checked.catalogues)
    pages += checklists
    files = render.render_pages(pages, theme_dir)
    files.update(downloads)
    files.update(render.theme_assets(theme_dir))
    files.update(publishing.publishing_files(content, checked.catalogues))
    files.update(open_data.open_data_files(content))
    if content.site.search:
        files.update(search.build_index(files, keep_index_url=not content.site.clean_urls))
    files[protocol.INDEX_FILE] = feedback_index.index_json(checked.content, checked.catalogues)
    files[".nojekyll"] = b""  # GitHub Pages: serve the files as they are
    return len(pages), files


def build(content_dir: Path, output_dir: Path, theme_dir: Path, file_urls: bool = False,
          strict: bool = False) -> Built | Checked:
    """Build the site; on content errors (or warnings, when `strict`) returns them and
    leaves the output untouched."""
    checked = check_content(content_dir, theme_dir)
    if checked.errors or (strict and checked.warnings):
        return checked
    return publish(checked, output_dir, theme_dir, file_urls)


def publish(checked: Checked, output_dir: Path, theme_dir: Path, file_urls: bool = False) -> Built:
    """Render and write content that passed every check."""
    pages, files = render_site(checked, theme_dir, file_urls)
    written, unchanged = write.write_site(files, output_dir)
    return Built(pages, written, unchanged, checked.warnings)
