"""Build-time analysis of a path's conditions over the residents' possible answers.

`check` already proves that each condition can be true (generator/check.py). This stage
looks at the path as a whole, answering every question in every way (all combinations
when there are at most `conditions.MAX_COMBINATIONS`, otherwise a fixed sample), and
warns about what is probably not what the editor meant:

- some answers leave no step at all;
- some answers empty a whole phase;
- a condition, or a part of one, is always true (or never true) whatever the answers.

These are warnings: the site still builds, unless `--strict` makes them fail the build.
"""

from __future__ import annotations

import random
import sys
from typing import Iterator

from . import conditions
from .errors import ContentWarning
from .load import Document
from .memo import Memo
from .model import All, AnyOf, Condition, Not, Path, Question
from .personalise import fragment
from .validate import Content, Located


def analyse(content: Content, memo: Memo | None = None) -> list[ContentWarning]:
    """Every path's warnings; with a memo, only paths not analysed before in this version."""
    memo = memo or Memo()
    return sorted(warning for located in content.paths for warning in path_warnings(located, memo))


def path_warnings(located: Located[Path], memo: Memo) -> list[ContentWarning]:
    """One path's warnings, kept per version of its file."""
    return memo.per_file("analyse", located.doc, lambda: list(analyse_path(located.value, located.doc)))


def analyse_path(path: Path, doc: Document) -> Iterator[ContentWarning]:
    questions = {question.id: question for question in path.questions}
    yield from _empty_path_or_phases(path, doc)
    for pi, phase in enumerate(path.phases):
        for si, step in enumerate(phase.steps):
            if step.when is not None:
                yield from _constant_parts(step.when, ("phases", pi, "steps", si, "when"), questions, doc)


def combinations(path: Path) -> tuple[list[dict[str, frozenset[str]]], int]:
    """The answer combinations to analyse, and how many there are in all.

    Every combination when feasible; otherwise a sample of `MAX_COMBINATIONS`, the same on
    every run (seeded by the path id) so that warnings do not come and go between builds.
    """
    total = conditions.combination_count(path.questions)
    if total <= conditions.MAX_COMBINATIONS:
        return list(conditions.answer_sets(path.questions)), total
    choices = [conditions.possible_answers(question) for question in path.questions]

    def combination(number: int) -> dict[str, frozenset[str]]:
        """The number-th combination, counting as answer_sets does with the last question fastest."""
        combo = {}
        for question, answers in reversed(list(zip(path.questions, choices))):
            number, digit = divmod(number, len(answers))
            combo[question.id] = answers[digit]
        return {question.id: combo[question.id] for question in path.questions}

    numbers = random.Random(path.id).sample(range(min(total, sys.maxsize)), conditions.MAX_COMBINATIONS)
    return [combination(number) for number in sorted(numbers)], total


def _empty_path_or_phases(path: Path, doc: Document) -> Iterator[ContentWarning]:
    if all(step.when is None for step in path.steps()):
        return
    combos, total = combinations(path)
    sampled = "" if len(combos) == total else f" (a sample of {len(combos)} of {total} combinations was tried)"
    applies = [
        [[step.when is None or conditions.evaluate(step.when, answers) for step in phase.steps] for phase in path.phases]
        for answers in combos
    ]
    empty_path = [answers for answers, phases in zip(combos, applies) if not any(any(phase) for phase in phases)]
    if empty_path:
        yield _warning(doc, ("phases",), f"no step applies {_example(empty_path, combos, path)}{sampled}",
                       f"every resident should get at least one step, e.g. one without 'when'; {_see(empty_path[0], path)}",
                       key=True)
    for pi, phase in enumerate(path.phases):
        emptied = [answers for answers, phases in zip(combos, applies) if not any(phases[pi]) and any(map(any, phases))]
        if emptied:
            yield _warning(doc, ("phases", pi, "id"),
                           f"no step of phase '{phase.id}' applies {_example(emptied, combos, path)}{sampled}",
                           f"the phase is then left out; if that is not intended, check its steps' conditions; "
                           f"{_see(emptied[0], path)}")


def _example(found: list[dict[str, frozenset[str]]], combos: list, path: Path) -> str:
    count = f"for {len(found)} of {len(combos)} combinations of answers"
    return f"{count}, e.g. when {_in_words(found[0], path.questions)}"


def _in_words(answers: dict[str, frozenset[str]], questions: list[Question]) -> str:
    """'premises is change-of-use and details has nothing chosen', in question order."""
    parts = []
    for question in questions:
        chosen = [option.id for option in question.options if option.id in answers[question.id]]
        if not chosen:
            parts.append(f"{question.id} has nothing chosen")
        else:
            parts.append(f"{question.id} is {' + '.join(chosen)}")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


def _see(answers: dict[str, frozenset[str]], path: Path) -> str:
    return f"open the path page with #{fragment(answers, path.questions)} to see it"


def _constant_parts(condition: Condition, where: tuple, questions: dict[str, Question],
                    doc: Document, root: bool = True) -> Iterator[ContentWarning]:
    """Warn about the outermost parts whose value no answer can change."""
    value = constant(condition, questions)
    if value is True and root:
        yield _warning(doc, where, "this condition is always true, so the step always applies",
                       "remove 'when', or check which answers it lists")
        return
    if value is not None and not root:
        yield _warning(doc, where, f"this part of the condition is {'always' if value else 'never'} true "
                       "whatever the answers, so it makes no difference",
                       "remove it, or check which answers it lists")
        return
    if value is not None:
        return  # never true at all: check reports that as an error
    if isinstance(condition, Not):
        yield from _constant_parts(condition.not_, where + ("not",), questions, doc, root=False)
    elif isinstance(condition, (All, AnyOf)):
        key = "all" if isinstance(condition, All) else "any"
        for index, part in enumerate(getattr(condition, key)):
            yield from _constant_parts(part, where + (key, index), questions, doc, root=False)


def constant(condition: Condition, questions: dict[str, Question]) -> bool | None:
    """The condition's value if no answers can change it; None if they can (or too many to try)."""
    involved = [questions[qid] for qid in sorted(conditions.questions_in(condition))]
    if conditions.combination_count(involved) > conditions.MAX_COMBINATIONS:
        return None
    values = {conditions.evaluate(condition, answers) for answers in conditions.answer_sets(involved)}
    return values.pop() if len(values) == 1 else None


def _warning(doc: Document, where: tuple, message: str, hint: str, key: bool = False) -> ContentWarning:
    error = doc.error(where, message, hint, key=key)
    return ContentWarning(error.file, error.line, error.column, error.field, error.message, error.hint)
