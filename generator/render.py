"""Stage 5, render: page contexts through the theme's Jinja templates into bytes.

StrictUndefined turns a misspelt variable into an error instead of an empty string, and
autoescape is on for every template, so editor text can never become markup by accident.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .context import Page
from .i18n import UnknownMessage

TEXT_SUFFIXES = (".css", ".js", ".svg", ".txt", ".json", ".xml", ".webmanifest")


class ThemeError(Exception):
    """The theme is broken: a template error is a developer's problem, not an editor's."""


def environment(theme_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # `tojson` data blocks for polku.js: compact, sorted (deterministic), UTF-8 rather than \u escapes.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def render_pages(pages: list[Page], theme_dir: Path) -> dict[str, bytes]:
    env = environment(theme_dir)
    files: dict[str, bytes] = {}
    for page in pages:
        try:
            html = env.get_template(page.template).render(page.context)
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""
            raise ThemeError(f"{where}{exc} (while rendering {page.output})") from exc
        except UnknownMessage as exc:
            raise ThemeError(f"{exc} (while rendering {page.output})") from exc
        files[page.output] = html.encode("utf-8")
    return files


def theme_assets(theme_dir: Path) -> dict[str, bytes]:
    """The theme's static files, copied to output/assets/ as they are."""
    static = theme_dir / "static"
    return {
        "assets/" + file.relative_to(static).as_posix(): file.read_bytes()
        for file in sorted(static.rglob("*"))
        if file.is_file()
    }
