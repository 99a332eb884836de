"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import analysis, check, checklist, context, ics, load, render, validate, write
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


def render_site(checked: Checked, theme_dir: Path) -> tuple[int, dict[str, bytes]]:
    assert checked.content is not None and not checked.errors
    pages = context.build_pages(checked.content, checked.catalogues)
    checklists, downloads = checklist.build(checked.content, pages, ics.build_date())
    pages += checklists
    files = render.render_pages(pages, theme_dir)
    files.update(downloads)
    files.update(render.theme_assets(theme_dir))
    return len(pages), files


def build(content_dir: Path, output_dir: Path, theme_dir: Path, strict: bool = False) -> Built | Checked:
    """Build the site; on content errors (or warnings, when `strict`) returns them and
    leaves the output untouched."""
    checked = check_content(content_dir, theme_dir)
    if checked.errors or (strict and checked.warnings):
        return checked
    pages, files = render_site(checked, theme_dir)
    written, unchanged = write.write_site(files, output_dir)
    return Built(pages, written, unchanged, checked.warnings)
