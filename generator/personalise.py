"""A resident's answers as the browser keeps them: the address fragment format."""

from __future__ import annotations

from typing import Mapping

from .model import Question


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
