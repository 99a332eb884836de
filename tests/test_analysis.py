"""Build-time analysis: what some answers do to a path as a whole, as located warnings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from generator import analysis, conditions, model, pipeline
from generator.load import Sources, load_text
from generator.validate import validate

from .conftest import DEFAULT_THEME, ROOT
from .samples import PATH_HEAD, SELLS_QUESTION
from .test_conditions import ALL_ANSWERS, SMALL_BY_ID
from .test_conditions import conditions as condition_strategy

def path_text(*phases: list[str]) -> str:
    """A path whose phases hold steps given as their `when` (or '' for none)."""
    text = PATH_HEAD + SELLS_QUESTION + "phases:\n"
    for pi, whens in enumerate(phases):
        text += f"  - id: phase-{pi}\n    title: {{fi: V{pi}, en: P{pi}}}\n    steps:\n"
        for si, when in enumerate(whens):
            text += f"      - id: s{pi}-{si}\n        title: {{fi: A, en: S}}\n"
            if when:
                text += f"        when: {when}\n"
    return text


def warnings(*phases: list[str]) -> list[str]:
    content, errors = validate(Sources(None, None, [load_text(path_text(*phases), "p.yaml")]))
    assert errors == []
    return [warning.format() for warning in analysis.analyse(content)]


def test_a_path_where_some_answers_leave_no_step_is_reported_with_an_example():
    assert warnings(["{question: place, chosen: indoors}"], ["{question: sells, chosen: food}"]) == [
        "p.yaml:23:1: warning: phases: no step applies for 2 of 8 combinations of answers, e.g. when place is "
        "outdoors and sells has nothing chosen (every resident should get at least one step, e.g. one without "
        "'when'; open the path page with #a=place:outdoors;sells: to see it)",
        "p.yaml:24:9: warning: phases[0].id: no step of phase 'phase-0' applies for 2 of 8 combinations of answers, "
        "e.g. when place is outdoors and sells is food (the phase is then left out; if that is not intended, check "
        "its steps' conditions; open the path page with #a=place:outdoors;sells:food to see it)",
        "p.yaml:30:9: warning: phases[1].id: no step of phase 'phase-1' applies for 2 of 8 combinations of answers, "
        "e.g. when place is indoors and sells has nothing chosen (the phase is then left out; if that is not "
        "intended, check its steps' conditions; open the path page with #a=place:indoors;sells: to see it)",
    ]


def test_a_phase_with_a_step_for_everyone_is_never_empty():
    assert warnings(["", "{question: place, chosen: indoors}"], ["{question: place, chosen: indoors}",
                                                                  "{question: place, chosen: outdoors}"]) == []


def test_a_condition_that_is_always_true_is_reported():
    assert warnings(["", "{question: place, chosen: [indoors, outdoors]}"]) == [
        "p.yaml:31:15: warning: phases[0].steps[1].when: this condition is always true, so the step always applies "
        "(remove 'when', or check which answers it lists)"]


def test_a_part_that_makes_no_difference_is_reported_at_the_part():
    never = "{not: {question: place, chosen: [indoors, outdoors]}}"
    always = "{any: [{question: sells, chosen: food}, {not: {question: sells, chosen: food}}]}"
    assert warnings(["", f"{{any: [{{question: sells, chosen: tobacco}}, {never}]}}",
                     f"{{all: [{{question: sells, chosen: tobacco}}, {always}]}}"]) == [
        "p.yaml:31:58: warning: phases[0].steps[1].when.any[1]: this part of the condition is never true whatever "
        "the answers, so it makes no difference (remove it, or check which answers it lists)",
        "p.yaml:34:58: warning: phases[0].steps[2].when.all[1]: this part of the condition is always true whatever "
        "the answers, so it makes no difference (remove it, or check which answers it lists)",
    ]


def test_a_condition_that_is_never_true_is_left_to_check():
    assert warnings(["", "{not: {question: place, chosen: [indoors, outdoors]}}"]) == []


def test_the_bundled_example_paths():
    checked = pipeline.check_content(ROOT / "paths", DEFAULT_THEME)
    assert [(w.file, w.field) for w in checked.warnings] == [("paths/rental-housing.yaml", "phases[1].id")]
    assert "#a=household:alone;status:;tenure:" in checked.warnings[0].hint


def many_questions_path() -> model.Path:
    text = path_text(["{question: q0, chosen: a}"])
    text = text.replace("phases:\n", "".join(
        f"  - {{id: q{i}, type: multiple, label: {{fi: K, en: Q}}, options: [{{id: a, label: {{fi: A, en: A}}}}, "
        f"{{id: b, label: {{fi: B, en: B}}}}]}}\n" for i in range(7)) + "phases:\n")
    content, errors = validate(Sources(None, None, [load_text(text, "p.yaml")]))
    assert errors == []
    return content.paths[0].value


def test_too_many_combinations_are_sampled_the_same_way_every_time():
    path = many_questions_path()
    combos, total = analysis.combinations(path)
    assert total == 2 * 4 * 4 ** 7 > conditions.MAX_COMBINATIONS
    assert len(combos) == conditions.MAX_COMBINATIONS
    assert combos == analysis.combinations(path)[0]
    assert len({tuple(sorted((q, tuple(sorted(a))) for q, a in c.items())) for c in combos}) == len(combos)
    every = list(conditions.answer_sets(path.questions))
    assert all(combo in every for combo in combos[:50])


def test_a_sampled_report_says_so():
    path = many_questions_path()
    (warning,) = analysis.analyse_path(path, load_text(path_text(["{question: place, chosen: indoors}"]), "p.yaml"))
    assert "(a sample of 4096 of 131072 combinations was tried)" in warning.message


@settings(max_examples=150, deadline=None)
@given(condition_strategy)
def test_constant_agrees_with_trying_every_answer(condition):
    values = {conditions.evaluate(condition, answers) for answers in ALL_ANSWERS}
    assert analysis.constant(condition, SMALL_BY_ID) == (values.pop() if len(values) == 1 else None)


@pytest.mark.parametrize("when, expected", [("{question: place, chosen: indoors}", None),
                                            ("{question: sells, chosen: [food, tobacco]}", None),
                                            ("{not: {all: [{question: place, chosen: indoors}, "
                                             "{question: place, chosen: outdoors}]}}", True)])
def test_constant(when, expected):
    content, _ = validate(Sources(None, None, [load_text(path_text(["", when]), "p.yaml")]))
    path = content.paths[0].value
    assert analysis.constant(path.phases[0].steps[1].when, {q.id: q for q in path.questions}) is expected
