"""The translation report: which translations are missing, or older than their source text.

A path's first language is its source language; for providers.yaml and site.yaml it is the
site's first language. After translating, an editor runs
`python build.py translations --accept`, which records in `translations.lock` (beside the
content) a fingerprint of every translation paired with the fingerprint of the source text
it was made from. From then on each translation is

- up to date: accepted for exactly the current source text;
- outdated: accepted, but for another source text, so the source has changed since;
- not accepted: new, or edited since it was accepted (say so with `--accept`);

and a path that is not written in one of the site's languages at all is missing there.

Fingerprints fold whitespace, so re-wrapping a paragraph changes nothing, and pairs do not
depend on where a text stands, so moving or reordering steps changes nothing either.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Iterable, Iterator

from pydantic import BaseModel

from .check import language_name
from .context import listing
from .errors import ContentError
from .load import LOCK_FILE, Document
from .memo import Memo, digest
from .model import Path, Text, iter_translatable
from .validate import Content, Located

MISSING, OUTDATED, NOT_ACCEPTED = "missing", "outdated", "not accepted"
ACCEPT = "python build.py translations --accept"

# file name -> language -> sorted "source:translation" fingerprint pairs
Lock = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class Unit:
    """One translatable text of one file, with the language it is translated from."""

    doc: Document
    at: tuple
    source: str
    text: Text
    file: str  # the file's name, as translations.lock knows it


@dataclass(frozen=True, order=True)
class Finding:
    """A translation that needs attention, located like a content error."""

    file: str
    lang: str
    kind: str
    where: ContentError | None  # None when the report was made without locations


@dataclass
class Report:
    findings: list[Finding]
    languages: dict[str, tuple[str, list[str]]]  # file -> (source, translated languages)
    recorded: bool  # whether a translations.lock exists
    damaged: ContentError | None = None

    @property
    def problems(self) -> int:
        return len(self.findings) + (self.damaged is not None)


def fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def units(content: Content) -> Iterator[Unit]:
    """Every text written in a file, in every file, with its source language."""
    site_source = content.site.default_language
    if content.site_doc is not None:
        yield from _units(content.site_doc, content.site, site_source, ())
    for located in content.providers.values():
        yield from _units(located.doc, located.value, site_source, located.at)
    for located in content.paths:
        yield from _units(located.doc, located.value, located.value.languages[0], ())


def _units(doc: Document, obj: BaseModel, source: str, at: tuple) -> Iterator[Unit]:
    file = FilePath(doc.file).name
    # Built-in defaults (a site name not set in site.yaml) are not the editors' to translate.
    for path, value in iter_translatable(obj, at, written=True):
        if isinstance(value, Text) and source in value.languages:
            yield Unit(doc, path, source, value, file)


def report(content: Content, lock: Lock | None, damaged: ContentError | None = None, locate: bool = True,
           memo: Memo | None = None) -> Report:
    """Every translation that needs attention; nothing can be judged from a damaged record.
    Without `locate` the findings are only counted (finding each one's line means reading
    the files again, which a build that prints just the summary need not pay for). With a
    memo, a file is judged again only when it or its part of the record changed."""
    memo = Memo() if memo is None else memo
    site_source = content.site.default_language
    sources: list[tuple[Located[BaseModel], str]] = []  # each file or provider, with its source language
    if content.site_doc is not None:
        sources.append((Located(content.site, content.site_doc), site_source))
    sources += [(located, site_source) for located in content.providers.values()]
    sources += [(located, listing(located, memo).languages[0]) for located in content.paths]
    findings: list[Finding] = []
    languages: dict[str, tuple[str, set[str]]] = {}
    for located, source in sources:
        found, translated_into = judged(located, source, content.site.languages, lock, locate, memo)
        findings += found
        languages.setdefault(FilePath(located.doc.file).name, (source, set()))[1].update(translated_into)
    ordered = {file: (source, sorted(langs)) for file, (source, langs) in sorted(languages.items())}
    return Report([] if damaged else sorted(findings), ordered, lock is not None, damaged)


def judged(located: Located[BaseModel], source: str, site_languages: list[str], lock: Lock | None, locate: bool,
           memo: Memo) -> tuple[list[Finding], set[str]]:
    """One file's (or provider's) findings and the languages it is translated into, kept
    per version of the file and of its part of the record."""
    doc, at = located.doc, located.at
    recorded = (lock or {}).get(FilePath(doc.file).name, {})
    context = digest(json.dumps(recorded, sort_keys=True), repr(at), repr(site_languages), str(locate))
    return memo.per_file("translations", doc, lambda: _judge(
        doc, located.value, source, at, recorded, site_languages, locate), context)


def _judge(doc: Document, obj: BaseModel, source: str, at: tuple, recorded: dict[str, list[str]],
           site_languages: list[str], locate: bool) -> tuple[list[Finding], set[str]]:
    """One file's (or provider's) findings, and the languages it is translated into."""
    accepted = {lang: set(pairs) for lang, pairs in recorded.items()}
    translated = {lang: {pair.split(":")[1] for pair in pairs} for lang, pairs in accepted.items()}
    findings: list[Finding] = []
    languages: set[str] = set()
    for unit in _units(doc, obj, source, at):
        source_print = fingerprint(unit.text.get(unit.source))
        others = sorted(unit.text.languages - {unit.source})
        languages.update(others)
        for lang in others:
            print_ = fingerprint(unit.text.get(lang))
            if f"{source_print}:{print_}" in accepted.get(lang, ()):
                continue
            kind = OUTDATED if print_ in translated.get(lang, ()) else NOT_ACCEPTED
            findings.append(Finding(unit.file, lang, kind, _describe(unit, lang, kind) if locate else None))
    if isinstance(obj, Path):
        for lang in site_languages:
            if lang not in obj.languages:
                languages.add(lang)
                where = doc.error(("languages",), f"{MISSING}: the path is not translated into {language_name(lang)}",
                                  f"add {lang} to languages and translate every text") if locate else None
                findings.append(Finding(FilePath(doc.file).name, lang, MISSING, where))
    return findings, languages


def _describe(unit: Unit, lang: str, kind: str) -> ContentError:
    source, target = language_name(unit.source), language_name(lang)
    at = unit.at + (lang,)
    if kind == OUTDATED:
        return unit.doc.error(at, f"{OUTDATED}: the {source} text has changed since this {target} translation was accepted",
                              f"update it, then run `{ACCEPT} --lang {lang}`")
    return unit.doc.error(at, f"{NOT_ACCEPTED}: this {target} translation is new or edited",
                          f"if it matches the {source} text, run `{ACCEPT} --lang {lang}`")


def accept(content: Content, lock: Lock | None, languages: Iterable[str] = ()) -> Lock:
    """The lock with the current translations accepted: of `languages`, or of all."""
    current: dict[str, dict[str, set[str]]] = {}
    for unit in units(content):
        source_print = fingerprint(unit.text.get(unit.source))
        for lang in unit.text.languages - {unit.source}:
            pair = f"{source_print}:{fingerprint(unit.text.get(lang))}"
            current.setdefault(unit.file, {}).setdefault(lang, set()).add(pair)
    only = set(languages)
    merged: dict[str, dict[str, set[str]]] = {}
    if only:  # keep what was accepted for the other languages
        for file, recorded in (lock or {}).items():
            for lang, pairs in recorded.items():
                if lang not in only:
                    merged.setdefault(file, {})[lang] = set(pairs)
    for file, recorded in current.items():
        for lang, pairs in recorded.items():
            if not only or lang in only:
                merged.setdefault(file, {})[lang] = pairs
    return {file: {lang: sorted(pairs) for lang, pairs in sorted(langs.items())} for file, langs in sorted(merged.items())}


def counts(lock: Lock, languages: Iterable[str] = ()) -> Counter[str]:
    """How many translations the lock holds per language (of `languages`, or all)."""
    only = set(languages)
    total: Counter[str] = Counter()
    for recorded in lock.values():
        for lang, pairs in recorded.items():
            if not only or lang in only:
                total[lang] += len(pairs)
    return total


# ---------------------------------------------------------------- the lock file


def read_lock(content_dir: FilePath, display: str) -> tuple[Lock | None, ContentError | None]:
    """The recorded fingerprints: None when there is no record yet, with an error if damaged."""
    file = content_dir / LOCK_FILE
    if not file.exists():
        return None, None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        lock = data["fingerprints"]
        valid = isinstance(lock, dict) and all(
            isinstance(langs, dict) and all(
                isinstance(pairs, list) and all(isinstance(p, str) and p.count(":") == 1 for p in pairs)
                for pairs in langs.values())
            for langs in lock.values())
        if valid:
            return lock, None
        problem = "it does not have the expected shape"
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        problem = str(exc) or type(exc).__name__
    return None, ContentError(display, 1, 1, "", f"the translation record is damaged: {problem}",
                              f"restore it from version control, or run `{ACCEPT}` to record the current translations")


def write_lock(content_dir: FilePath, lock: Lock) -> None:
    data = {
        "about": "Which source text each translation was made from, as fingerprints 'source:translation'. "
                 f"Written by `{ACCEPT}`; see README.md (Translations). Do not edit by hand.",
        "fingerprints": lock,
    }
    target = content_dir / LOCK_FILE
    partial = target.with_name(f".{LOCK_FILE}.new")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, target)


# ---------------------------------------------------------------- printing


def format_report(result: Report) -> list[str]:
    """The report as lines: a summary per file and language, then every finding."""
    if result.damaged is not None:
        return [result.damaged.format()]
    lines = ["Translations (each file against its source language):"]
    by_file_lang = Counter((f.file, f.lang, f.kind) for f in result.findings)
    for file, (source, langs) in result.languages.items():
        states = []
        for lang in langs:
            found = [f"{by_file_lang[file, lang, kind]} {kind}" for kind in (OUTDATED, NOT_ACCEPTED)
                     if by_file_lang[file, lang, kind]]
            state = MISSING if by_file_lang[file, lang, MISSING] else (", ".join(found) or "up to date")
            states.append(f"{lang} {state}")
        lines.append(f"  {file} ({source} →) {'; '.join(states)}" if states else f"  {file} ({source}): no translations")
    if not result.recorded:
        missing = [f for f in result.findings if f.kind == MISSING]
        lines += [f.where.format() for f in missing]
        lines.append(f"Translations are not recorded yet: when they are current, run `{ACCEPT}`; "
                     "from then on this report shows every text whose source has changed.")
        return lines
    lines += [f.where.format() for f in sorted(result.findings, key=lambda f: f.where)]
    lines.append(summary(result))
    return lines


def summary(result: Report) -> str:
    if result.damaged is not None:
        return "Translations: the translation record is damaged."
    if not result.recorded:
        return f"Translations: not recorded yet (run `{ACCEPT}`)."
    kinds = Counter(f.kind for f in result.findings)
    if not kinds:
        return "Translations: all up to date."
    parts = [f"{kinds[kind]} {kind}" for kind in (OUTDATED, NOT_ACCEPTED, MISSING) if kinds[kind]]
    return "Translations: " + ", ".join(parts) + "."
