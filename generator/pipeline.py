"""The build as a readable sequence of stages: load, model, check, context, render, write."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from feedback import protocol

from . import (analysis, check, checklist, context, feedback_index, headers, ics, links, load, open_data, publishing,
               render, search, validate, write)
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
    if sources.site is None and not any(Path(error.file).name == load.SITE_FILE for error in errors):
        errors.append(ContentError(load.display_name(content_dir / load.SITE_FILE), 1, 1, "", "site.yaml is missing",
                                   f"every site needs one, with at least its accessibility statement; {check.STATEMENT_HELP}"))
    content, model_errors = validate.validate(sources)
    errors += model_errors
    errors += check.check(content, catalogues)
    if errors:
        return Checked(content, catalogues, sorted(set(errors)))
    return Checked(content, catalogues, [], analysis.analyse(content))


@dataclass
class Rendered:
    pages: int
    files: dict[str, bytes]
    made_by: dict[str, list[str]]  # output file -> what made it (templates, theme files, stages)

    def add(self, files: dict[str, bytes], maker: str) -> None:
        """Add files, remembering who made each, so two makers of one file are caught."""
        for name, data in files.items():
            self.made_by.setdefault(name, []).append(maker)
            self.files[name] = data


def render_site(checked: Checked, theme_dir: Path, file_urls: bool = False) -> Rendered:
    """Every output file, in memory. `file_urls` links to index.html files whatever
    site.yaml says, for a copy of the site to open straight from disk."""
    assert checked.content is not None and not checked.errors
    content = checked.content
    if file_urls:
        content = replace(content, site=content.site.model_copy(update={"clean_urls": False}))
    pages = context.build_pages(content, checked.catalogues)
    checklists, downloads = checklist.build(content, pages, ics.build_date(), checked.catalogues)
    pages += checklists
    rendered = Rendered(len(pages), {}, {})
    for page in pages:
        rendered.made_by.setdefault(page.output, []).append(page.template)
    rendered.files.update(render.render_pages(pages, theme_dir))
    rendered.add(downloads, "checklist downloads")
    for name, data in render.theme_assets(theme_dir).items():
        rendered.add({name: data}, "static/" + name.removeprefix("assets/"))
    rendered.add(publishing.publishing_files(content, checked.catalogues), "sitemap, feeds, robots.txt")
    rendered.add(open_data.open_data_files(content), "open data")
    rendered.add({protocol.INDEX_FILE: feedback_index.index_json(content, checked.catalogues),
                  headers.HEADERS_FILE: headers.headers_file(content.site),
                  ".nojekyll": b""}, "site files")  # .nojekyll: GitHub Pages serves the files as they are
    if content.site.search:  # last: it indexes the pages rendered above
        rendered.add(search.build_index(rendered.files, keep_index_url=not content.site.clean_urls), "search index")
    return rendered


def check_links(checked: Checked, rendered: Rendered) -> list[ContentError]:
    """Broken internal links, missing anchors and assets, two makers of one file."""
    assert checked.content is not None
    return links.check_site(rendered.files, rendered.made_by, checked.content.site.base_url,
                            documents(checked.content))


def documents(content: validate.Content) -> list[load.Document]:
    """Every content file, for finding where a link in the rendered site was written."""
    return [doc for doc in (content.site_doc, content.providers_doc) if doc] + [path.doc for path in content.paths]


def build(content_dir: Path, output_dir: Path, theme_dir: Path, file_urls: bool = False,
          strict: bool = False) -> Built | Checked:
    """Build the site; on content errors (or warnings, when `strict`) returns them and
    leaves the output untouched."""
    checked = check_content(content_dir, theme_dir)
    if checked.errors or (strict and checked.warnings):
        return checked
    return publish(checked, output_dir, theme_dir, file_urls)


def publish(checked: Checked, output_dir: Path, theme_dir: Path, file_urls: bool = False) -> Built | Checked:
    """Render content that passed every check, check the links, and write it."""
    rendered = render_site(checked, theme_dir, file_urls)
    checked.errors = check_links(checked, rendered)
    if checked.errors:
        return checked
    written, unchanged = write.write_site(rendered.files, output_dir)
    return Built(rendered.pages, written, unchanged, checked.warnings)
