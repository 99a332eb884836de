"""Content health: what editors should look at next, beyond errors (`build.py report`, `/_report/`).

Nothing here stops a build. Each finding is located like an error (file:line:col, field) so
editors can jump to it; `--json` gives the same for CI dashboards (shape in README.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Any, Iterator

from .check import language_name
from .errors import ContentError, field_path
from .model import Path, Provider, iter_translatable
from .validate import Content, Located

DUE_WITHIN_DAYS = 30
JSON_VERSION = 1
SECTIONS = {  # section: the kinds of finding in it, in the order shown
    "reviews": ("review_overdue", "review_due"),
    "translations": ("missing_translation",),
    "providers": ("provider_unused", "provider_no_person", "provider_no_hours", "provider_language"),
    "steps": ("step_without_provider", "permit_without_documents"),
    "links": ("broken_link",),
}
PERSON_CHANNELS = ("phone", "email", "chat", "visit")
# A step involves a permit when it has a decision date or its title names a permit or licence.
PERMIT_WORDS = re.compile(r"\bpermit|\blicen[cs]e|tillstånd|lupa\b|luvan\b|luvat\b|lupaa\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """One thing to look at, located like an error."""

    kind: str
    subject: str  # the path or provider id
    file: str
    line: int
    column: int
    field: str
    message: str

    def format(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {field}{self.message}"


@dataclass
class PathHealth:
    id: str
    file: str
    title: str
    languages: list[str]
    last_reviewed: dt.date
    review_by: dt.date
    days_to_review: int
    review: str  # overdue, due or ok
    missing_translations: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Report:
    today: dt.date
    paths: list[PathHealth]
    providers: dict[str, list[str]]  # provider id -> the paths that use it
    findings: list[Finding]
    errors: list[ContentError]
    links_checked: bool

    def section(self, name: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind in SECTIONS[name]]

    def to_json(self) -> dict[str, Any]:
        by_kind = {kind: 0 for kinds in SECTIONS.values() for kind in kinds}
        for finding in self.findings:
            by_kind[finding.kind] += 1
        return {
            "version": JSON_VERSION,
            "today": self.today.isoformat(),
            "due_within_days": DUE_WITHIN_DAYS,
            "summary": {"paths": len(self.paths), "providers": len(self.providers), "errors": len(self.errors),
                        "findings": len(self.findings), "by_kind": by_kind, "links_checked": self.links_checked},
            "paths": [{**asdict(p), "last_reviewed": p.last_reviewed.isoformat(), "review_by": p.review_by.isoformat()}
                      for p in self.paths],
            "providers": [{"id": pid, "used_by": used} for pid, used in self.providers.items()],
            "findings": [asdict(finding) for finding in self.findings],
            "errors": [asdict(error) for error in self.errors],
        }

    def format_text(self, content_dir: str) -> str:
        lines = [f"Content health of {content_dir} on {self.today.isoformat()}: {len(self.paths)} paths, "
                 f"{len(self.providers)} providers, {len(self.findings)} findings."]
        for name in SECTIONS:
            found = self.section(name)
            unchecked = name == "links" and not self.links_checked
            lines += ["", f"{name.capitalize()} ({'not checked until the errors are fixed' if unchecked else len(found)})"]
            lines += [finding.format() for finding in found]
        lines += ["", "Last updated"]
        for p in sorted(self.paths, key=lambda p: (p.review_by, p.id)):
            lines.append(f"  {p.last_reviewed.isoformat()}  review by {p.review_by.isoformat()} "
                         f"({_days(p.days_to_review)})  {p.id}: {p.title}")
        return "\n".join(lines) + "\n"


def _days(days: int) -> str:
    return f"{-days} days ago" if days < 0 else ("today" if days == 0 else f"in {days} days")


def health(content: Content, errors: list[ContentError], today: dt.date,
           link_errors: list[ContentError] | None) -> Report:
    """The report of `content` on `today`.

    `link_errors` are the build's link check of the rendered site (pipeline.check_links);
    None (while the content has errors, when pages cannot be rendered) leaves links unchecked.
    """
    site = content.site
    paths = [_path_health(located, site.languages, site.default_language, today) for located in content.paths]
    used = {pid: sorted(l.value.id for l in content.paths if pid in l.value.provider_ids) for pid in sorted(content.providers)}
    findings: list[Finding] = []
    for located, health_of in zip(content.paths, paths):
        findings += _review(located, health_of)
        findings += _translations(located, health_of)
        findings += _steps(located)
    for pid, located in content.providers.items():
        findings += _provider(located, used[pid], content, site.languages)
    findings += [Finding("broken_link", PurePath(error.file).stem, error.file, error.line, error.column, error.field,
                         f"{error.message} ({error.hint})" if error.hint else error.message) for error in link_errors or ()]
    order = {kind: i for i, kind in enumerate(k for kinds in SECTIONS.values() for k in kinds)}
    findings.sort(key=lambda f: (order[f.kind], f.file, f.line, f.column, f.message))
    return Report(today, sorted(paths, key=lambda p: p.id), used, findings, sorted(errors), link_errors is not None)


def _finding(kind: str, subject: str, located: Located, at: tuple, message: str) -> Finding:
    error = located.doc.error(located.at + at, message)
    return Finding(kind, subject, error.file, error.line, error.column, error.field, message)


def _path_health(located: Located[Path], site_languages: list[str], default: str, today: dt.date) -> PathHealth:
    path = located.value
    days = (path.review_by - today).days
    title_lang = default if default in path.languages else path.languages[0]
    missing = {lang: [field_path(at) for at, text in iter_translatable(path) if lang not in text.languages]
               for lang in site_languages if lang not in path.languages}
    return PathHealth(path.id, located.doc.file, path.title.get(title_lang), list(path.languages), path.last_reviewed,
                      path.review_by, days, "overdue" if days < 0 else ("due" if days <= DUE_WITHIN_DAYS else "ok"),
                      {lang: fields for lang, fields in missing.items() if fields})


def _review(located: Located[Path], health_of: PathHealth) -> Iterator[Finding]:
    when = f"{health_of.review_by.isoformat()}, {_days(health_of.days_to_review)}"
    if health_of.review == "overdue":
        yield _finding("review_overdue", health_of.id, located, ("review_by",), f"review is overdue (review_by {when})")
    elif health_of.review == "due":
        yield _finding("review_due", health_of.id, located, ("review_by",), f"review is due soon (review_by {when})")


def _translations(located: Located[Path], health_of: PathHealth) -> Iterator[Finding]:
    for lang, fields in health_of.missing_translations.items():
        shown = ", ".join(fields[:3]) + (", …" if len(fields) > 3 else "")
        yield _finding("missing_translation", health_of.id, located, ("languages",),
                       f"no {language_name(lang)} version: {len(fields)} texts to translate ({shown})")


def _steps(located: Located[Path]) -> Iterator[Finding]:
    path = located.value
    for pi, phase in enumerate(path.phases):
        for si, step in enumerate(phase.steps):
            here = ("phases", pi, "steps", si)
            if not step.provider:
                yield _finding("step_without_provider", path.id, located, here + ("id",),
                               f"step '{step.id}' names no provider, so residents see no contact for it")
            permit = any(d.kind == "decision" for d in step.dates) or any(PERMIT_WORDS.search(t) for t in step.title.root.values())
            if permit and not step.documents:
                yield _finding("permit_without_documents", path.id, located, here + ("id",),
                               f"step '{step.id}' involves a permit or decision but lists no documents")


def _provider(located: Located[Provider], used_by: list[str], content: Content, site_languages: list[str]) -> Iterator[Finding]:
    provider = located.value
    if not used_by:
        yield _finding("provider_unused", provider.id, located, ("id",), f"provider '{provider.id}' is not used by any path")
    types = {channel.type for channel in provider.channels}
    if not types & set(PERSON_CHANNELS):
        yield _finding("provider_no_person", provider.id, located, ("channels",),
                       f"provider '{provider.id}' has no phone, e-mail, chat or visit channel to reach a person")
    for index, channel in enumerate(provider.channels):
        hours = getattr(channel, "opening_hours", None) if channel.type == "visit" else getattr(channel, "hours", None)
        if channel.type in ("visit", "phone", "chat") and not hours:
            yield _finding("provider_no_hours", provider.id, located, ("channels", index, "type"),
                           f"provider '{provider.id}': the {channel.type} channel gives no hours")
    served = {lang for channel in provider.channels for lang in channel.languages}
    needed = {lang for l in content.paths if l.value.id in used_by for lang in l.value.languages}
    for lang in sorted(needed - served if served else ()):
        yield _finding("provider_language", provider.id, located, ("channels",),
                       f"provider '{provider.id}': no channel serves in {language_name(lang)}, a language of paths using it")
    for at, text in iter_translatable(provider):
        for lang in [lang for lang in site_languages if lang not in text.languages]:
            yield _finding("missing_translation", provider.id, located, at,
                           f"provider '{provider.id}' has no {language_name(lang)} text here")
