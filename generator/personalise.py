"""What the browser needs to personalise a path: conditions, phrases and interface text.

The server-rendered page is complete on its own; themes/default/static/polku.js reads
this data (a JSON block in the page, never executed) to hide the steps that do not apply,
renumber the rest and say why each conditional step is shown. The answers stay in the
browser: in localStorage and in the address's fragment, which is never sent to a server.
"""

from __future__ import annotations

from typing import Any, Mapping

from . import conditions
from .i18n import Messages
from .model import All, AnyOf, Chosen, Condition, Not, Path, Question, SiteConfig

# Format version of the data; stored answers of another version are not reused.
VERSION = 1

# Interface texts the script needs, by catalogue key (plural keys without _one/_other).
SCRIPT_TEXTS = ("result_all", "result_applies", "result_may_apply", "result_none", "shown_because", "next_step",
                "started_again", "condition_and", "step_number", "relation_and", "relation_or", "done")
PLURAL_TEXTS = ("result_all", "result_applies", "result_may_apply")


def fragment(answers: Mapping[str, frozenset[str]], questions: list[Question]) -> str:
    """Answers as an address fragment (without '#'): 'a=premises:change-of-use;details:alcohol,tobacco'.

    Questions and options keep the path's order; a question answered with nothing chosen
    is written with nothing after its colon.
    """
    parts = [
        question.id + ":" + ",".join(o.id for o in question.options if o.id in answers[question.id])
        for question in questions
        if question.id in answers
    ]
    return "a=" + ";".join(parts)


def page_data(path: Path, t: Messages, store: str) -> dict[str, Any]:
    """The JSON the script reads from the path and checklist pages of one path in one language."""
    questions = {question.id: question for question in path.questions}
    return {
        "version": VERSION,
        "store": store,
        "questions": [_question(question, t) for question in path.questions],
        "steps": [
            {"id": step.id, "relation": step.relation,
             "when": _condition(step.when, questions, t, negated=False) if step.when else None}
            for step in path.steps()
        ],
        "text": script_texts(t),
    }


def said(question: Question, option_id: str, t: Messages) -> str:
    """How choosing an option reads after "Shown because you said:"."""
    option = next(option for option in question.options if option.id == option_id)
    if option.phrase is not None:
        return option.phrase.get(t.lang)
    return t("condition_chosen", options=t("quoted", text=option.label.get(t.lang)))


def _question(question: Question, t: Messages) -> dict[str, Any]:
    return {
        "id": question.id,
        "type": question.type,
        "options": [{"id": option.id, "said": said(question, option.id, t)} for option in question.options],
    }


def _condition(condition: Condition, questions: dict[str, Question], t: Messages, negated: bool) -> dict[str, Any]:
    """The condition as in YAML (`chosen` always a list). A multiple-choice leaf under a `not`
    carries `unsaid`, its words when the resident did not choose it."""
    if isinstance(condition, Chosen):
        leaf: dict[str, Any] = {"question": condition.question, "chosen": condition.options}
        question = questions[condition.question]
        if negated and question.type == "multiple":
            leaf["unsaid"] = conditions.describe(Not.model_validate({"not": condition}), questions, t.lang,
                                                 lambda key, values: t(key, **values))
        return leaf
    if isinstance(condition, Not):
        return {"not": _condition(condition.not_, questions, t, not negated)}
    key = "all" if isinstance(condition, All) else "any"
    assert isinstance(condition, (All, AnyOf))
    return {key: [_condition(part, questions, t, negated) for part in getattr(condition, key)]}


def script_texts(t: Messages) -> dict[str, str]:
    texts = {}
    for key in SCRIPT_TEXTS:
        if key in PLURAL_TEXTS:
            texts[key + "_one"], texts[key + "_other"] = t.table[key + "_one"], t.table[key + "_other"]
        else:
            texts[key] = t.table[key]
    return texts


def store_key(site: SiteConfig, path: Path) -> str:
    """The browser's localStorage key for one path: shared by its languages and its checklist."""
    return f"polku:{site.base_url}:{path.id}"
