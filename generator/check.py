"""Stage 3, check: what no single file can know — references, ids, conditions, translations."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Iterable, Iterator

from babel import Locale

from . import conditions
from .context import RESERVED_IDS, listing
from .errors import ContentError, did_you_mean
from .load import Document
from .memo import Memo
from .model import Path, iter_translatable
from .validate import Content, Located


@functools.cache  # asked for every text of every file by the translation report
def language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, LookupError):
        return code


STATEMENT_HELP = "see 'The accessibility statement' in README.md"


def check(content: Content, theme_languages: Iterable[str], memo: Memo | None = None) -> list[ContentError]:
    """Every cross-reference problem. With a memo, a path checked before against the same
    site.yaml and providers.yaml is not checked again."""
    memo = memo or Memo()
    errors = list(_check_site(content, set(theme_languages)))
    used_by: dict[str, set[str]] = {}
    for located in content.paths:
        errors.extend(check_path(located, content, memo))
        for provider in providers_named(located, memo):
            used_by.setdefault(provider, set()).update(listing(located, memo).languages)
    errors.extend(_check_provider_translations(content, used_by))
    return errors


def check_path(located: Located[Path], content: Content, memo: Memo) -> list[ContentError]:
    """What is wrong in one path file against site.yaml and providers.yaml, kept per version of the three."""
    context = "".join(doc.digest if doc else "-" for doc in (content.site_doc, content.providers_doc))
    return memo.per_file("check", located.doc, lambda: list(_check_path(located, content)), context)


def providers_named(located: Located[Path], memo: Memo) -> tuple[str, ...]:
    """The ids of the providers a path's steps name, in order (asked of every path on every rebuild)."""
    return memo.per_file("uses", located.doc, lambda: tuple(dict.fromkeys(
        step.provider for step in located.value.steps() if step.provider)))


def _check_site(content: Content, theme_languages: set[str]) -> Iterator[ContentError]:
    doc = content.site_doc
    if doc is None:
        return
    site = content.site
    for index, lang in enumerate(site.languages):
        if lang not in theme_languages:
            yield doc.error(("languages", index), f"the theme has no messages in {language_name(lang)} ('{lang}')",
                            "available: " + ", ".join(sorted(theme_languages)))
    yield from _duplicates(doc, [("life_events", i, "id") for i in range(len(site.life_events))],
                           [g.id for g in site.life_events], "life event")
    yield from _duplicates(doc, [("audiences", i, "id") for i in range(len(site.audiences))],
                           [g.id for g in site.audiences], "audience")
    yield from _missing_translations(doc, site, site.languages)
    yield from _check_statement(doc, content)


def _check_statement(doc: Document, content: Content) -> Iterator[ContentError]:
    """Finnish law requires every public-sector site to publish an accessibility statement."""
    # Asked of the file, not the model: a site.yaml that failed validation left defaults behind.
    if doc.data.get("accessibility_statement") is None:
        yield ContentError(doc.file, 1, 1, "accessibility_statement", "required field 'accessibility_statement' is missing",
                           f"every site must publish an accessibility statement; {STATEMENT_HELP}")
    elif doc.data.get("accessibility_contact") is None:
        yield doc.error(("accessibility_statement",), "the statement needs 'accessibility_contact': "
                        "where residents send accessibility feedback", "add 'accessibility_contact:' with an email")


def _check_path(located: Located[Path], content: Content) -> Iterator[ContentError]:
    path, doc = located.value, located.doc
    stem = doc.file.rsplit("/", 1)[-1].removesuffix(".yaml")
    if path.id != stem:
        yield doc.error(("id",), f"the id '{path.id}' differs from the file name '{stem}.yaml'",
                        f"rename the file to {path.id}.yaml or set id: {stem}")
    if path.id in RESERVED_IDS:
        yield doc.error(("id",), f"the id '{path.id}' is taken by the site's own pages",
                        f"choose another id; reserved: {', '.join(RESERVED_IDS)}")
    for index, lang in enumerate(path.languages):
        if lang not in content.site.languages:
            yield doc.error(("languages", index), f"{language_name(lang)} ('{lang}') is not one of the site's languages",
                            "add it to languages in site.yaml, or remove it here")
    yield from _duplicates(doc, [("languages", i) for i in range(len(path.languages))], path.languages, "language")
    yield from _missing_translations(doc, path, path.languages)

    if path.review_by <= path.last_reviewed:
        yield doc.error(("review_by",), f"review_by ({path.review_by}) is not after last_reviewed ({path.last_reviewed})",
                        "set the date by which the path must be reviewed again")
    life_events = [g.id for g in content.site.life_events]
    if path.life_event not in life_events:
        yield doc.error(("life_event",), f"unknown life event '{path.life_event}'",
                        did_you_mean(path.life_event, life_events) or "define life_events in site.yaml")
    audiences = [g.id for g in content.site.audiences]
    for index, audience in enumerate(path.audience):
        if audience not in audiences:
            yield doc.error(("audience", index), f"unknown audience '{audience}'",
                            did_you_mean(audience, audiences) or "define audiences in site.yaml")

    yield from _check_ids(path, doc)
    yield from _check_steps(path, doc, content)


def _check_ids(path: Path, doc: Document) -> Iterator[ContentError]:
    yield from _duplicates(doc, [("questions", i, "id") for i in range(len(path.questions))],
                           [q.id for q in path.questions], "question")
    for qi, question in enumerate(path.questions):
        yield from _duplicates(doc, [("questions", qi, "options", i, "id") for i in range(len(question.options))],
                               [o.id for o in question.options], "option")
    yield from _duplicates(doc, [("topics", i, "id") for i in range(len(path.topics))],
                           [t.id for t in path.topics], "topic")
    yield from _duplicates(doc, [("phases", i, "id") for i in range(len(path.phases))],
                           [p.id for p in path.phases], "phase")
    step_places = [("phases", pi, "steps", si, "id") for pi, phase in enumerate(path.phases) for si in range(len(phase.steps))]
    yield from _duplicates(doc, step_places, [step.id for step in path.steps()], "step")


def _check_steps(path: Path, doc: Document, content: Content) -> Iterator[ContentError]:
    questions = {question.id: question for question in path.questions}
    topics = [topic.id for topic in path.topics]
    for pi, phase in enumerate(path.phases):
        for si, step in enumerate(phase.steps):
            here = ("phases", pi, "steps", si)
            if si == 0 and step.relation:
                yield doc.error(here + ("relation",), f"the first step of a phase cannot be an '{step.relation}' step",
                                "'and'/'or' link a step to the step before it in the same phase")
            if step.topic is not None and step.topic not in topics:
                yield doc.error(here + ("topic",), f"unknown topic '{step.topic}'",
                                did_you_mean(step.topic, topics) or "define topics in the path")
            if step.provider is not None and content.providers_valid and step.provider not in content.providers:
                yield doc.error(here + ("provider",), f"unknown provider '{step.provider}'",
                                did_you_mean(step.provider, content.providers) or "define it in providers.yaml")
            if step.when is not None:
                yield from _check_condition(step.when, here + ("when",), questions, doc)


def _check_condition(condition: conditions.Condition, where: tuple, questions: dict, doc: Document) -> Iterator[ContentError]:
    sound = True
    for leaf_path, leaf in conditions.chosen_leaves(condition):
        at = where + leaf_path
        if leaf.question not in questions:
            sound = False
            yield doc.error(at + ("question",), f"unknown question '{leaf.question}'",
                            did_you_mean(leaf.question, questions) or "the path has no questions")
            continue
        option_ids = [option.id for option in questions[leaf.question].options]
        for index, option in enumerate(leaf.options):
            if option not in option_ids:
                sound = False
                place = at + (("chosen", index) if isinstance(leaf.chosen, list) else ("chosen",))
                yield doc.error(place, f"unknown answer '{option}' for question '{leaf.question}'",
                                did_you_mean(option, option_ids))
    if sound and not conditions.can_be_true(condition, questions):
        yield doc.error(where, "this condition can never be true, so the step would never be shown",
                        "check for 'all' with two answers of a single-choice question, or a 'not' too many")


def _duplicates(doc: Document, places: list[tuple], values: list[str], noun: str) -> Iterator[ContentError]:
    seen = Counter()
    for place, value in zip(places, values):
        seen[value] += 1
        if seen[value] == 2:
            yield doc.error(place, f"{noun} id '{value}' is used twice", f"give each {noun} its own id")


def _missing_translations(doc: Document, obj, languages: Iterable[str]) -> Iterator[ContentError]:
    languages = list(languages)
    listed = ", ".join(languages)
    for path, value in iter_translatable(obj):
        for lang in languages:
            if lang not in value.languages:
                hint = (f"add '{lang}:'; this file's languages are {listed}" if doc.resolve(path) == path
                        else f"the built-in default has only {', '.join(sorted(value.languages))}; set it in this file")
                yield doc.error(path, f"missing {language_name(lang)} translation", hint)


def _check_provider_translations(content: Content, used_by: dict[str, set[str]]) -> Iterator[ContentError]:
    for provider_id, languages in sorted(used_by.items()):
        located = content.providers.get(provider_id)
        if located is None:
            continue
        for path, value in iter_translatable(located.value, located.at):
            for lang in sorted(languages - value.languages):
                yield located.doc.error(path, f"missing {language_name(lang)} translation",
                                        f"add '{lang}:'; a path in {language_name(lang)} uses this provider")
