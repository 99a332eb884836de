"""The live preview's own pages (errors, content health, path maps), in the theme's look.

They extend the theme's base.html, so they look like the site, and take every word from
the theme's catalogues. Their templates live in generator/preview_files/, not in the theme,
so a built site can never contain them. They are served at root-relative addresses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import errors as content_errors
from . import pathmap, render, report
from .context import FEED, SEARCH
from .errors import ContentError
from .i18n import Messages, autonym
from .ics import build_date
from .preview_build import State
from .model import STATEMENT_FOLDER, SiteConfig, Text

PREVIEW_FILES = Path(__file__).resolve().parent / "preview_files"


class PreviewPages:
    """Renders preview pages for one theme; the environment is kept while the theme is unchanged."""

    def __init__(self, theme_dir: Path):
        self.theme_dir = theme_dir
        self._env: jinja2.Environment | None = None

    def language(self, state: State, wanted: str | None) -> str | None:
        """`wanted` if the site and theme have it, else the site's default language."""
        site = _site(state)
        for lang in (wanted, site.default_language, *site.languages, *sorted(state.catalogues)):
            if lang in state.catalogues:
                return lang
        return None

    def errors(self, state: State, lang: str | None) -> bytes:
        """Every error, grouped by file, with where, field, message and hint.

        In the theme's look and `lang`; plain and in English when the theme itself is broken.
        """
        found = list(state.errors)
        summary = content_errors.summary(found, wrote_nothing=False).removesuffix(".")
        by_file: dict[str, list[dict[str, str]]] = {}
        for error in found:
            by_file.setdefault(error.file, []).append(_error(error))
        if lang is not None:
            t = state.catalogues[lang]
            words = t("preview_errors_summary", errors=t.count("preview_error_count", len(found)),
                      files=t.count("preview_file_count", len(by_file)))
            try:
                return self.render("preview-errors.html", state, lang, t("preview_errors_title"), summary=words,
                                   files=[{"name": name, "errors": items} for name, items in by_file.items()])
            except render.ThemeError:
                pass  # the theme's own templates are what is broken
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(PREVIEW_FILES), autoescape=True,
                                 undefined=jinja2.StrictUndefined)
        html = env.get_template("fallback-errors.html").render(summary=summary + ".", errors=[_error(e) for e in found])
        return html.encode()

    def report(self, state: State, lang: str) -> bytes:
        """The content health report (/_report/); links were checked by the build without errors."""
        assert state.content is not None
        t, today = state.catalogues[lang], build_date()
        health = report.health(state.content, list(state.errors), today, None if state.errors else [])
        models = {located.value.id: located.value for located in state.content.paths}
        sections = [{
            "id": name,
            "title": t(f"preview_report_{name}"),
            "count": len(found),
            "findings": [{"where": f"{f.file}:{f.line}:{f.column}", "field": f.field, "message": f.message} for f in found],
            "note": t("preview_report_links_unchecked") if name == "links" and not health.links_checked else None,
        } for name, found in ((name, health.section(name)) for name in report.SECTIONS)]
        paths = []
        for item in health.paths:
            shown = lang if lang in item.languages else item.languages[0]
            paths.append({
                "id": item.id, "title": models[item.id].title.get(shown), "url": f"/{shown}/{item.id}/",
                "last_reviewed": t.date(item.last_reviewed), "last_reviewed_iso": item.last_reviewed.isoformat(),
                "review_by": t.date(item.review_by), "review_by_iso": item.review_by.isoformat(),
                "review": item.review, "status": t(f"preview_review_{item.review}"),
            })
        lead = t("preview_report_lead", paths=t.count("preview_path_count", len(health.paths)),
                 providers=t.count("preview_provider_count", len(health.providers)), date=t.date(today))
        return self.render("preview-report.html", state, lang, t("preview_report_title"),
                           lead=lead, sections=sections, paths=paths)

    def maps(self, state: State, lang: str) -> bytes:
        """The list of path maps (/_map/)."""
        assert state.content is not None
        paths = sorted(({"id": p.value.id, "title": p.value.title.get(_shown(p.value.languages, lang))}
                        for p in state.content.paths), key=lambda p: p["title"].casefold())
        return self.render("preview-maps.html", state, lang, state.catalogues[lang]("preview_maps_title"), paths=paths)

    def path_map(self, state: State, lang: str, path_id: str) -> bytes | None:
        """One path's map (/_map/<id>/), in `lang` when the path has it; None for an unknown path."""
        assert state.content is not None
        path = next((p.value for p in state.content.paths if p.value.id == path_id), None)
        if path is None:
            return None
        shown = _shown(path.languages, lang)
        t = state.catalogues[shown] if shown in state.catalogues else state.catalogues[lang]
        drawn = pathmap.build_map(path, t)
        steps = drawn.steps()
        page_url = f"/{shown}/{path.id}/"

        def step_link(step_id: str) -> dict[str, str]:
            return {"ref": steps[step_id].ref, "url": f"{page_url}#step-{step_id}"}

        questions = [{
            "label": question.label,
            "how": t(f"preview_map_{question.type}"),
            "options": [{"label": option.label, "effects": [
                {"words": t(f"preview_map_switches_{switched}"), "steps": [step_link(i) for i in ids]}
                for switched, ids in (("on", option.on), ("off", option.off)) if ids]} for option in question.options],
        } for question in drawn.questions]
        phases = [{"title": phase.title, "steps": [{
            **step_link(step.id),
            "when": t("applies_if", condition=step.applies_if) if step.applies_if else t("preview_map_for_everyone"),
        } for step in phase.steps]} for phase in drawn.phases]
        return self.render("preview-map.html", state, lang, t("preview_map_title", title=drawn.title), map=drawn,
                           summary=pathmap.describe(drawn, t), svg=pathmap.svg(drawn, t), questions=questions, phases=phases)

    def render(self, template: str, state: State, lang: str, title: str, **values: Any) -> bytes:
        """A preview page in `lang`, framed by the theme's base.html."""
        t = state.catalogues[lang]
        site = _site(state)
        page = {**_frame(site, t, state, title), **values}
        try:
            return self._environment().get_template(template).render(page).encode()
        except jinja2.TemplateError as exc:
            raise render.ThemeError(f"{exc} (while rendering the preview page {template})") from exc

    def _environment(self) -> jinja2.Environment:
        """The theme's environment, also loading the preview's templates (it notices edited templates)."""
        if self._env is None:
            self._env = render.environment(self.theme_dir)
            self._env.loader = jinja2.ChoiceLoader([self._env.loader, jinja2.FileSystemLoader(PREVIEW_FILES)])
        return self._env


def _shown(languages: list[str], wanted: str) -> str:
    """The language to show a path in: the one asked for when the path has it."""
    return wanted if wanted in languages else languages[0]


def _site(state: State) -> SiteConfig:
    return state.content.site if state.content is not None else SiteConfig()


def _frame(site: SiteConfig, t: Messages, state: State, title: str) -> dict[str, Any]:
    """The values base.html needs, with root-relative links and the other languages as ?lang=."""
    others = [lang for lang in site.languages if lang in state.catalogues and lang != t.lang]
    return {
        "lang": t.lang,
        "t": t,
        "title": f"{title} – {_text(site.name, t.lang)}",
        "description": title,
        "site_name": _text(site.name, t.lang),
        "organisation": _text(site.organisation, t.lang),
        "home_url": f"/{t.lang}/",
        "statement_url": f"/{t.lang}/{STATEMENT_FOLDER}/",
        "search_url": f"/{t.lang}/{SEARCH}/" if site.search else None,
        "feed_url": f"/{t.lang}/{FEED}",
        "data_url": None,
        "assets": "/assets/",
        "canonical_url": "",
        "versions": [],
        "alternates": [{"lang": lang, "text": autonym(lang), "available": True, "url": f"?lang={lang}"}
                       for lang in others],
    }


def _text(text: Text, lang: str) -> str:
    """A site text in `lang`, or in a language it has (site.yaml may be mid-edit)."""
    return text.get(lang) if lang in text.languages else text.get(sorted(text.languages)[0])


def _error(error: ContentError) -> dict[str, str]:
    return {"where": f"{error.file}:{error.line}:{error.column}", "field": error.field,
            "message": error.message, "hint": error.hint}
