"""One table of condition cases that the build (Python) and the browser (polku.js) must agree on.

tests/condition_cases.json is generated from Python enumerations: every single
leaf, every negated leaf, every `all`/`any` of two leaves, and a fixed sample of deeper
conditions, each evaluated for every partial set of answers (a question may be
unanswered). After an intended change of the evaluation, regenerate it with
`pytest --update-golden` and update polku.js to match.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from generator import model
from generator.conditions import evaluate, evaluate_partial, possible_answers

from .conftest import DEFAULT_THEME, compare_golden

TABLE = Path(__file__).resolve().parent / "condition_cases.json"
QUESTIONS = [
    model.Question.model_validate({"id": qid, "type": kind, "label": {"en": qid},
                                   "options": [{"id": o, "label": {"en": o}} for o in options]})
    for qid, kind, options in (("a", "single", "xyz"), ("b", "multiple", "xy"))
]
CODES = {True: "T", False: "F", None: "?"}


def leaves() -> list[model.Chosen]:
    return [
        model.Chosen(question=q.id, chosen=list(subset))
        for q in QUESTIONS
        for size in range(1, len(q.options) + 1)
        for subset in itertools.combinations([o.id for o in q.options], size)
    ]


def negate(condition) -> model.Not:
    return model.Not.model_validate({"not": condition})


def deeper(rng: random.Random, depth: int):
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(leaves())
    kind = rng.choice(["all", "any", "not"])
    if kind == "not":
        return negate(deeper(rng, depth - 1))
    parts = [deeper(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    return model.All(all=parts) if kind == "all" else model.AnyOf(any=parts)


def conditions() -> list:
    single = leaves()
    pairs = list(itertools.permutations(single, 2))
    rng = random.Random(4)  # a fixed sample: the table must not change between runs
    return (single + [negate(leaf) for leaf in single]
            + [model.All(all=list(pair)) for pair in pairs] + [model.AnyOf(any=list(pair)) for pair in pairs]
            + [deeper(rng, 4) for _ in range(150)])


def answer_sets() -> list[dict[str, frozenset[str]]]:
    """Every partial set of answers: each question unanswered or answered in each way."""
    per_question = [[None, *possible_answers(q)] for q in QUESTIONS]
    return [{q.id: chosen for q, chosen in zip(QUESTIONS, combo) if chosen is not None}
            for combo in itertools.product(*per_question)]


def as_json(condition) -> dict:
    """As polku.js reads conditions (generator/personalise.py): `chosen` always a list."""
    if isinstance(condition, model.Chosen):
        return {"question": condition.question, "chosen": condition.options}
    if isinstance(condition, model.Not):
        return {"not": as_json(condition.not_)}
    key = "all" if isinstance(condition, model.All) else "any"
    return {key: [as_json(part) for part in getattr(condition, key)]}


def table() -> dict:
    answers = answer_sets()
    return {
        "questions": [{"id": q.id, "type": q.type, "options": [{"id": o.id} for o in q.options]} for q in QUESTIONS],
        "answers": [{qid: sorted(chosen) for qid, chosen in a.items()} for a in answers],
        "cases": [
            {"when": as_json(condition), "results": "".join(CODES[evaluate_partial(condition, a)] for a in answers)}
            for condition in conditions()
        ],
    }


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def test_the_table_is_up_to_date(update_golden: bool):
    data = table()
    lines = [f'{{"questions":{dumps(data["questions"])},', f'"answers":{dumps(data["answers"])},', '"cases":[']
    lines += [dumps(case) + ("," if i < len(data["cases"]) - 1 else "") for i, case in enumerate(data["cases"])]
    compare_golden("\n".join(lines) + "\n]}\n", TABLE, update_golden)  # one case a line, for readable diffs


def test_the_table_agrees_with_the_two_valued_evaluation_when_everything_is_answered():
    answers = answer_sets()
    complete = [i for i, a in enumerate(answers) if len(a) == len(QUESTIONS)]
    assert len(complete) == 3 * 4
    for condition, case in zip(conditions(), json.loads(TABLE.read_text())["cases"]):
        assert all(case["results"][i] == CODES[evaluate(condition, answers[i])] for i in complete), case["when"]


def test_the_table_covers_unknown_and_every_kind_of_condition():
    cases = json.loads(TABLE.read_text())["cases"]
    assert len(cases) > 300
    results = "".join(case["results"] for case in cases)
    assert {"T", "F", "?"} <= set(results)
    kinds = {next(iter(case["when"])) for case in cases}
    assert kinds == {"question", "not", "all", "any"}


@pytest.mark.browser
def test_polku_js_agrees_with_the_table(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>cases</title>")
    page.add_script_tag(path=str(DEFAULT_THEME / "static" / "polku.js"))
    mismatches = page.evaluate(
        """table => {
            const codes = v => v === true ? "T" : v === false ? "F" : "?";
            const wrong = [];
            for (const c of table.cases) {
                const got = table.answers.map(a => codes(window.polku.evaluate(c.when, a))).join("");
                if (got !== c.results) wrong.push([JSON.stringify(c.when), got, c.results]);
            }
            return wrong;
        }""",
        json.loads(TABLE.read_text()),
    )
    page.close()
    assert mismatches == []
