"""Stage 5, render: page contexts through the theme's Jinja templates into bytes.

StrictUndefined turns a misspelt variable into an error instead of an empty string, and
autoescape is on for every template, so editor text can never become markup by accident.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import parallel
from .context import Page
from .i18n import Messages, UnknownMessage

TEXT_SUFFIXES = (".css", ".js", ".svg", ".txt", ".json", ".xml", ".webmanifest")


class ThemeError(Exception):
    """The theme is broken: a template error is a developer's problem, not an editor's."""


_DICT_ATTRIBUTES = frozenset(dir(dict))
# A page takes about 2 ms to render and a pool about 50 ms to start: workers from 64 pages.
PAGES_PER_WORKER = 32


class _Context(jinja2.runtime.Context):
    """Calls the message catalogue, `t("key")`, directly: a page makes hundreds of such calls
    and Jinja's general path inspects each callable for context-passing markers first."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        if type(__obj) is Messages:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


class _Environment(jinja2.Environment):
    """Jinja with a shortcut for the page contexts' plain dicts.

    `step.title` first tries an attribute, which on a dict fails with an exception, and
    only then the key; pages do that hundreds of thousands of times. Looking up the key
    first gives the same value (dict methods such as `items` still win, as in Jinja).
    """

    context_class = _Context

    def make_globals(self, d: Any = None) -> Any:
        # Jinja layers template globals over the environment's with a ChainMap, whose
        # Python-level lookups cost every include and import; ours never change after
        # start-up, so one merged dict holds the same names.
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(theme_dir: Path) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(theme_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build sees one version of the theme; skip a stat per include
    )
    # `tojson` data blocks for polku.js: compact, sorted (deterministic), UTF-8 rather than \u escapes.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def render_pages(pages: list[Page], theme_dir: Path, jobs: int | None = None) -> dict[str, bytes]:
    """Every page through its template; over `jobs` processes (default: one per core) when
    there are enough pages. Each page's bytes depend only on the page, so who renders it
    does not matter."""
    rendered = parallel.map_shared(render_page, environment(theme_dir), pages, jobs, PAGES_PER_WORKER)
    return {page.output: html for page, html in zip(pages, rendered)}


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    return _render(env, page.template, page.context, page.output).encode("utf-8")


def render_part(env: jinja2.Environment, template: str, values: dict[str, Any], page: str) -> Markup:
    """A piece of `page` (a path's card on a front page), rendered on its own to be kept."""
    return Markup(_render(env, template, values, page))


def _render(env: jinja2.Environment, template: str, values: dict[str, Any], page: str) -> str:
    try:
        return env.get_template(template).render(values)
    except jinja2.TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "lineno", None) else ""
        raise ThemeError(f"{where}{exc} (while rendering {page})") from exc
    except UnknownMessage as exc:
        raise ThemeError(f"{exc} (while rendering {page})") from exc


def theme_assets(theme_dir: Path) -> dict[str, bytes]:
    """The theme's static files, copied to output/assets/ as they are."""
    static = theme_dir / "static"
    return {
        "assets/" + file.relative_to(static).as_posix(): file.read_bytes()
        for file in sorted(static.rglob("*"))
        if file.is_file()
    }
