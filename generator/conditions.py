"""Conditions on a resident's answers: evaluation, enumeration of answer sets, and wording.

Answers map a question id to the set of option ids chosen. A single-choice question
has exactly one option chosen; a multiple-choice one any subset, including none.

The browser evaluates the same conditions in themes/default/static/polku.js; both
must agree on tests/condition_cases.json (see tests/test_condition_cases.py).
"""

from __future__ import annotations

import itertools
from typing import Callable, Iterator, Mapping

from .model import All, AnyOf, Chosen, Condition, Not, Question

Answers = Mapping[str, frozenset[str]]

# Above this many combinations the analysis samples instead of enumerating.
MAX_COMBINATIONS = 4096


def evaluate(condition: Condition, answers: Answers) -> bool:
    if isinstance(condition, Chosen):
        return not answers.get(condition.question, frozenset()).isdisjoint(condition.options)
    if isinstance(condition, All):
        return all(evaluate(part, answers) for part in condition.all)
    if isinstance(condition, AnyOf):
        return any(evaluate(part, answers) for part in condition.any)
    return not evaluate(condition.not_, answers)


def evaluate_partial(condition: Condition, answers: Answers) -> bool | None:
    """Three-valued evaluation while the resident is still answering: None is "not known yet".

    A question missing from `answers` is unanswered. The result is True or False only when
    every way of answering the missing questions gives that result through `all`/`any`/`not`
    (Kleene's logic); with every question answered it equals `evaluate`.
    """
    if isinstance(condition, Chosen):
        if condition.question not in answers:
            return None
        return not answers[condition.question].isdisjoint(condition.options)
    if isinstance(condition, Not):
        inner = evaluate_partial(condition.not_, answers)
        return None if inner is None else not inner
    parts = [evaluate_partial(part, answers) for part in (condition.all if isinstance(condition, All) else condition.any)]
    decisive = isinstance(condition, AnyOf)  # the value that settles the whole: True for any, False for all
    if decisive in parts:
        return decisive
    return None if None in parts else not decisive


def questions_in(condition: Condition) -> set[str]:
    if isinstance(condition, Chosen):
        return {condition.question}
    if isinstance(condition, Not):
        return questions_in(condition.not_)
    parts = condition.all if isinstance(condition, All) else condition.any
    return set().union(*(questions_in(part) for part in parts))


def chosen_leaves(condition: Condition) -> Iterator[tuple[tuple[str | int, ...], Chosen]]:
    """Every question/chosen leaf with its data path relative to the condition."""
    if isinstance(condition, Chosen):
        yield (), condition
    elif isinstance(condition, Not):
        for path, leaf in chosen_leaves(condition.not_):
            yield ("not", *path), leaf
    else:
        key = "all" if isinstance(condition, All) else "any"
        for index, part in enumerate(getattr(condition, key)):
            for path, leaf in chosen_leaves(part):
                yield (key, index, *path), leaf


def possible_answers(question: Question) -> list[frozenset[str]]:
    options = [option.id for option in question.options]
    if question.type == "single":
        return [frozenset([option]) for option in options]
    return [
        frozenset(combo)
        for size in range(len(options) + 1)
        for combo in itertools.combinations(options, size)
    ]


def answer_sets(questions: list[Question]) -> Iterator[dict[str, frozenset[str]]]:
    """Every combination of answers to the given questions."""
    ids = [question.id for question in questions]
    for combo in itertools.product(*(possible_answers(question) for question in questions)):
        yield dict(zip(ids, combo))


def combination_count(questions: list[Question]) -> int:
    count = 1
    for question in questions:
        count *= len(possible_answers(question))
    return count


def can_be_true(condition: Condition, questions: Mapping[str, Question]) -> bool:
    """Whether some answers make the condition true (only its own questions vary)."""
    involved = [questions[qid] for qid in sorted(questions_in(condition)) if qid in questions]
    if combination_count(involved) > MAX_COMBINATIONS:
        return True  # too many to try; an unprovable condition is not reported as impossible
    return any(evaluate(condition, answers) for answers in answer_sets(involved))


Phrase = Callable[[str, dict[str, str]], str]


def describe(condition: Condition, questions: Mapping[str, Question], lang: str, phrase: Phrase) -> str:
    """The condition in words, e.g. 'you sell alcohol and you are not changing owner'.

    `phrase(key, values)` looks up a sentence pattern in the theme's message catalogue.
    """
    if isinstance(condition, Chosen):
        return _describe_chosen(condition, questions, lang, phrase, negated=False)
    if isinstance(condition, Not):
        inner = condition.not_
        if isinstance(inner, Chosen):
            return _describe_chosen(inner, questions, lang, phrase, negated=True)
        return phrase("condition_not", {"inner": _grouped(inner, questions, lang, phrase)})
    key, parts = ("condition_and", condition.all) if isinstance(condition, All) else ("condition_or", condition.any)
    words = [_grouped(part, questions, lang, phrase) for part in parts]
    joined = words[0]
    for word in words[1:]:
        joined = phrase(key, {"left": joined, "right": word})
    return joined


def _grouped(condition: Condition, questions: Mapping[str, Question], lang: str, phrase: Phrase) -> str:
    text = describe(condition, questions, lang, phrase)
    return phrase("grouped", {"text": text}) if isinstance(condition, (All, AnyOf)) else text


def _describe_chosen(
    condition: Chosen, questions: Mapping[str, Question], lang: str, phrase: Phrase, negated: bool
) -> str:
    options = {option.id: option for option in questions[condition.question].options}
    chosen = [options[option_id] for option_id in condition.options]
    if not negated and all(option.phrase is not None for option in chosen):
        labels = [option.phrase.get(lang) for option in chosen]
        return _join_or(labels, phrase)
    labels = [phrase("quoted", {"text": option.label.get(lang)}) for option in chosen]
    return phrase("condition_not_chosen" if negated else "condition_chosen", {"options": _join_or(labels, phrase)})


def _join_or(words: list[str], phrase: Phrase) -> str:
    joined = words[0]
    for word in words[1:]:
        joined = phrase("condition_or", {"left": joined, "right": word})
    return joined
