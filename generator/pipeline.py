"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import check, context, headers, links, load, render, validate, write
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


@dataclass
class Rendered:
    pages: int
    files: dict[str, bytes]
    made_by: dict[str, list[str]]  # output file -> the templates or theme files that made it


def render_site(checked: Checked, theme_dir: Path) -> Rendered:
    assert checked.content is not None and not checked.errors
    pages = context.build_pages(checked.content, checked.catalogues)
    files = render.render_pages(pages, theme_dir)
    assets = render.theme_assets(theme_dir)
    made_by: dict[str, list[str]] = {}
    for page in pages:
        made_by.setdefault(page.output, []).append(page.template)
    for name in assets:
        made_by.setdefault(name, []).append("static/" + name.removeprefix("assets/"))
    files.update(assets)
    files[headers.HEADERS_FILE] = headers.headers_file(checked.content.site)
    return Rendered(len(pages), files, made_by)


def check_site(content_dir: Path, theme_dir: Path) -> tuple[Checked, Rendered | None]:
    """Check the content, then render it in memory and check its links, anchors and assets."""
    checked = check_content(content_dir, theme_dir)
    if checked.errors:
        return checked, None
    rendered = render_site(checked, theme_dir)
    checked.errors = links.check_site(rendered.files, rendered.made_by, checked.content.site.base_url,
                                      documents(checked.content))
    return checked, rendered


def documents(content: validate.Content) -> list[load.Document]:
    """Every content file, for finding where a link in the rendered site was written."""
    return [doc for doc in (content.site_doc, content.providers_doc) if doc] + [path.doc for path in content.paths]


def build(content_dir: Path, output_dir: Path, theme_dir: Path) -> Built | Checked:
    """Build the site; on content errors returns them and leaves the output untouched."""
    checked, rendered = check_site(content_dir, theme_dir)
    if checked.errors or rendered is None:
        return checked
    written, unchanged = write.write_site(rendered.files, output_dir)
    return Built(rendered.pages, written, unchanged)
