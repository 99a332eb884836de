"""Conditions on answers: evaluation, answer enumeration, satisfiability and wording."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import model
from generator.conditions import (
    MAX_COMBINATIONS,
    answer_sets,
    can_be_true,
    chosen_leaves,
    combination_count,
    describe,
    evaluate,
    evaluate_partial,
    possible_answers,
    questions_in,
)
from generator.i18n import load_catalogues

ROOT = Path(__file__).resolve().parent.parent


def question(qid: str, kind: str, *options: str, phrases: dict[str, dict[str, str]] | None = None) -> model.Question:
    phrases = phrases or {}
    return model.Question.model_validate({
        "id": qid, "type": kind, "label": {"en": qid, "fi": qid},
        "options": [
            {"id": o, "label": {"en": o.capitalize(), "fi": o.upper()}, **({"phrase": phrases[o]} if o in phrases else {})}
            for o in options
        ],
    })


def chosen(qid: str, *options: str) -> model.Chosen:
    return model.Chosen(question=qid, chosen=list(options) if len(options) > 1 else options[0])


def all_(*parts) -> model.All:
    return model.All(all=list(parts))


def any_(*parts) -> model.AnyOf:
    return model.AnyOf(any=list(parts))


def not_(part) -> model.Not:
    return model.Not.model_validate({"not": part})


PLACE = question("place", "single", "indoors", "outdoors")
SELLS = question("sells", "multiple", "food", "tobacco", "alcohol")
QUESTIONS = {"place": PLACE, "sells": SELLS}


def answers(**chosen_options: str) -> dict[str, frozenset[str]]:
    return {qid: frozenset(options.split()) for qid, options in chosen_options.items()}


# ---------------------------------------------------------------- evaluate


def test_chosen_single_option():
    assert evaluate(chosen("place", "indoors"), answers(place="indoors"))
    assert not evaluate(chosen("place", "indoors"), answers(place="outdoors"))


def test_chosen_unanswered_question_is_false():
    assert not evaluate(chosen("place", "indoors"), {})
    assert not evaluate(chosen("sells", "food"), answers(sells=""))


def test_chosen_list_means_any_of():
    condition = chosen("sells", "food", "tobacco")
    assert evaluate(condition, answers(sells="tobacco"))
    assert evaluate(condition, answers(sells="food alcohol"))
    assert not evaluate(condition, answers(sells="alcohol"))
    assert not evaluate(condition, answers(sells=""))


def test_multiple_choice_answer_matches_any_chosen_option():
    assert evaluate(chosen("sells", "food"), answers(sells="food tobacco alcohol"))


def test_all_any_not():
    food, indoors = chosen("sells", "food"), chosen("place", "indoors")
    given_answers = answers(sells="food", place="outdoors")
    assert not evaluate(all_(food, indoors), given_answers)
    assert evaluate(all_(food, not_(indoors)), given_answers)
    assert evaluate(any_(food, indoors), given_answers)
    assert not evaluate(any_(not_(food), indoors), given_answers)
    assert evaluate(not_(not_(food)), given_answers)


# ---------------------------------------------------------------- enumeration


def test_possible_answers_of_single_choice():
    assert possible_answers(PLACE) == [frozenset({"indoors"}), frozenset({"outdoors"})]


def test_possible_answers_of_multiple_choice_are_all_subsets():
    subsets = possible_answers(SELLS)
    assert len(subsets) == 8 == len(set(subsets))
    assert frozenset() in subsets and frozenset({"food", "tobacco", "alcohol"}) in subsets
    assert set(subsets) == {frozenset(s) for s in [(), ("food",), ("tobacco",), ("alcohol",), ("food", "tobacco"),
                                                    ("food", "alcohol"), ("tobacco", "alcohol"),
                                                    ("food", "tobacco", "alcohol")]}


def test_answer_sets_are_the_product():
    sets = list(answer_sets([PLACE, SELLS]))
    assert len(sets) == 16 == combination_count([PLACE, SELLS])
    assert {"place": frozenset({"outdoors"}), "sells": frozenset()} in sets


def test_questions_in_and_leaves():
    condition = all_(chosen("place", "indoors"), not_(any_(chosen("sells", "food"), chosen("sells", "tobacco", "alcohol"))))
    assert questions_in(condition) == {"place", "sells"}
    assert [path for path, _ in chosen_leaves(condition)] == [("all", 0), ("all", 1, "not", "any", 0), ("all", 1, "not", "any", 1)]


# ---------------------------------------------------------------- can_be_true


def test_can_be_true():
    assert can_be_true(chosen("place", "indoors"), QUESTIONS)
    assert can_be_true(all_(chosen("sells", "food"), chosen("sells", "tobacco")), QUESTIONS)
    assert can_be_true(not_(chosen("sells", "food", "tobacco", "alcohol")), QUESTIONS)  # choosing nothing
    assert not can_be_true(all_(chosen("place", "indoors"), chosen("place", "outdoors")), QUESTIONS)
    assert not can_be_true(not_(chosen("place", "indoors", "outdoors")), QUESTIONS)
    assert not can_be_true(not_(any_(chosen("place", "indoors"), chosen("place", "outdoors"))), QUESTIONS)
    assert not can_be_true(all_(chosen("sells", "food"), not_(chosen("sells", "food"))), QUESTIONS)


def test_can_be_true_gives_up_rather_than_reporting_when_too_many_combinations():
    many = {f"q{i}": question(f"q{i}", "multiple", "a", "b") for i in range(7)}
    assert combination_count(list(many.values())) > MAX_COMBINATIONS
    contradiction = all_(chosen("q0", "a"), not_(chosen("q0", "a")), any_(*(chosen(q, "a") for q in many)))
    assert can_be_true(contradiction, many)
    small = all_(chosen("q0", "a"), not_(chosen("q0", "a")))
    assert not can_be_true(small, many)


# ---------------------------------------------------------------- describe


@pytest.fixture(scope="module")
def catalogues():
    return load_catalogues(ROOT / "themes" / "default")


PHRASED = question("sells", "multiple", "food", "tobacco",
                   phrases={"food": {"en": "you sell food", "fi": "myyt ruokaa"}})
WORDED = {"place": PLACE, "sells": PHRASED}


def words(condition, lang, catalogues) -> str:
    t = catalogues[lang]
    return describe(condition, WORDED, lang, lambda key, values: t(key, **values))


def test_describe_uses_the_option_phrase(catalogues):
    assert words(chosen("sells", "food"), "en", catalogues) == "you sell food"
    assert words(chosen("sells", "food"), "fi", catalogues) == "myyt ruokaa"


def test_describe_uses_label_without_phrase(catalogues):
    assert words(chosen("place", "indoors"), "en", catalogues) == "you chose “Indoors”"
    assert words(chosen("place", "indoors"), "fi", catalogues) == "valitsit ”INDOORS”"


def test_describe_lists_several_options_with_labels_even_if_one_has_a_phrase(catalogues):
    assert words(chosen("sells", "food", "tobacco"), "en", catalogues) == "you chose “Food” or “Tobacco”"
    assert words(chosen("sells", "food", "tobacco"), "fi", catalogues) == "valitsit ”FOOD” tai ”TOBACCO”"


def test_describe_negated_option_uses_label_not_phrase(catalogues):
    assert words(not_(chosen("sells", "food")), "en", catalogues) == "you did not choose “Food”"
    assert words(not_(chosen("sells", "food")), "fi", catalogues) == "et valinnut vaihtoehtoa ”FOOD”"


def test_describe_and_or(catalogues):
    condition = all_(chosen("sells", "food"), not_(chosen("place", "indoors")))
    assert words(condition, "en", catalogues) == "you sell food and you did not choose “Indoors”"
    assert words(condition, "fi", catalogues) == "myyt ruokaa ja et valinnut vaihtoehtoa ”INDOORS”"
    assert words(any_(chosen("sells", "food"), chosen("place", "outdoors")), "en", catalogues) == \
        "you sell food or you chose “Outdoors”"


def test_describe_three_parts_without_parentheses(catalogues):
    condition = all_(chosen("sells", "food"), chosen("sells", "tobacco"), chosen("place", "outdoors"))
    assert words(condition, "en", catalogues) == "you sell food and you chose “Tobacco” and you chose “Outdoors”"


def test_describe_nested_group_gets_parentheses(catalogues):
    condition = any_(chosen("sells", "food"), all_(chosen("place", "indoors"), chosen("sells", "tobacco")))
    assert words(condition, "en", catalogues) == "you sell food or (you chose “Indoors” and you chose “Tobacco”)"
    assert words(condition, "fi", catalogues) == "myyt ruokaa tai (valitsit ”INDOORS” ja valitsit ”TOBACCO”)"


def test_describe_not_of_a_group(catalogues):
    condition = not_(all_(chosen("place", "indoors"), chosen("sells", "tobacco")))
    assert words(condition, "en", catalogues).startswith("it is not the case that ")
    assert words(condition, "fi", catalogues).startswith("ei päde, että ")


def test_describe_group_under_not_inside_a_group_is_unambiguous(catalogues):
    condition = all_(chosen("sells", "food"), not_(any_(chosen("place", "indoors"), chosen("sells", "tobacco"))))
    assert words(condition, "en", catalogues) == (
        "you sell food and it is not the case that (you chose “Indoors” or you chose “Tobacco”)")


# ---------------------------------------------------------------- properties

SMALL = [
    question("a", "single", "x", "y"),
    question("b", "multiple", "x", "y"),
    question("c", "single", "x", "y", "z"),
]
SMALL_BY_ID = {q.id: q for q in SMALL}
ALL_ANSWERS = list(answer_sets(SMALL))


@st.composite
def leaves(draw):
    q = draw(st.sampled_from(SMALL))
    ids = [o.id for o in q.options]
    picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    return model.Chosen(question=q.id, chosen=picked if len(picked) > 1 or draw(st.booleans()) else picked[0])


conditions = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: model.All(all=parts)),
        st.lists(inner, min_size=1, max_size=3).map(lambda parts: model.AnyOf(any=parts)),
        inner.map(not_),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(conditions)
def test_not_negates(condition):
    for given_answers in ALL_ANSWERS:
        assert evaluate(not_(condition), given_answers) is (not evaluate(condition, given_answers))


@settings(max_examples=200, deadline=None)
@given(conditions, conditions)
def test_de_morgan(left, right):
    for given_answers in ALL_ANSWERS:
        assert evaluate(not_(all_(left, right)), given_answers) == evaluate(any_(not_(left), not_(right)), given_answers)
        assert evaluate(not_(any_(left, right)), given_answers) == evaluate(all_(not_(left), not_(right)), given_answers)


@settings(max_examples=200, deadline=None)
@given(conditions)
def test_can_be_true_agrees_with_brute_force(condition):
    assert can_be_true(condition, SMALL_BY_ID) == any(evaluate(condition, a) for a in ALL_ANSWERS)


# ---------------------------------------------------------------- evaluate_partial (still answering)


def test_partial_unanswered_question_is_unknown():
    assert evaluate_partial(chosen("place", "indoors"), {}) is None
    assert evaluate_partial(not_(chosen("place", "indoors")), {}) is None
    assert evaluate_partial(chosen("sells", "food"), answers(sells="")) is False  # answered: none of these


def test_partial_a_settled_part_decides_despite_unknowns():
    food, indoors = chosen("sells", "food"), chosen("place", "indoors")
    only_sells = answers(sells="food")
    assert evaluate_partial(any_(food, indoors), only_sells) is True
    assert evaluate_partial(all_(not_(food), indoors), only_sells) is False
    assert evaluate_partial(all_(food, indoors), only_sells) is None
    assert evaluate_partial(any_(not_(food), indoors), only_sells) is None


PARTIAL_ANSWERS = [
    {q.id: chosen for q, chosen in zip(SMALL, combo) if chosen is not None}
    for combo in itertools.product(*([None, *possible_answers(q)] for q in SMALL))
]


@settings(max_examples=200, deadline=None)
@given(conditions)
def test_partial_equals_evaluate_once_everything_is_answered(condition):
    for given_answers in ALL_ANSWERS:
        assert evaluate_partial(condition, given_answers) is evaluate(condition, given_answers)


@settings(max_examples=200, deadline=None)
@given(conditions)
def test_partial_true_or_false_holds_however_the_rest_is_answered(condition):
    for partial in PARTIAL_ANSWERS:
        value = evaluate_partial(condition, partial)
        completions = [full for full in ALL_ANSWERS if all(full[q] == chosen for q, chosen in partial.items())]
        if value is not None:
            assert all(evaluate(condition, full) is value for full in completions)
        else:  # unknown only when unanswered questions are involved
            assert questions_in(condition) - set(partial)
