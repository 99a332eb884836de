"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import check, context, headers, load, render, validate, write
from .errors import ContentError, ContentErrors
from .i18n import Messages, load_catalogues


@dataclass
class Checked:
    """Content that passed every stage up to rendering, or the errors that stopped it."""

    content: validate.Content | None
    catalogues: dict[str, Messages]
    errors: list[ContentError] = field(default_factory=list)


@dataclass
class Built:
    pages: int
    written: int
    unchanged: int


def check_content(content_dir: Path, theme_dir: Path) -> Checked:
    """Load, validate and cross-check everything, collecting every error of every file."""
    try:
        catalogues = load_catalogues(theme_dir)
    except ContentErrors as exc:
        return Checked(None, {}, exc.errors)
    sources, errors = load.load_content(content_dir)
    if sources.site is None and not any(Path(error.file).name == load.SITE_FILE for error in errors):
        errors.append(ContentError(load.display_name(content_dir / load.SITE_FILE), 1, 1, "", "site.yaml is missing",
                                   f"every site needs one, with at least its accessibility statement; {check.STATEMENT_HELP}"))
    content, model_errors = validate.validate(sources)
    errors += model_errors
    errors += check.check(content, catalogues)
    return Checked(content, catalogues, sorted(set(errors)))


def render_site(checked: Checked, theme_dir: Path) -> tuple[int, dict[str, bytes]]:
    assert checked.content is not None and not checked.errors
    pages = context.build_pages(checked.content, checked.catalogues)
    files = render.render_pages(pages, theme_dir)
    files.update(render.theme_assets(theme_dir))
    files[headers.HEADERS_FILE] = headers.headers_file(checked.content.site)
    return len(pages), files


def build(content_dir: Path, output_dir: Path, theme_dir: Path) -> Built | Checked:
    """Build the site; on content errors returns them and leaves the output untouched."""
    checked = check_content(content_dir, theme_dir)
    if checked.errors:
        return checked
    pages, files = render_site(checked, theme_dir)
    written, unchanged = write.write_site(files, output_dir)
    return Built(pages, written, unchanged)
