"""Reading and checking one submitted feedback form, before anything is stored.

Everything is checked and every problem reported at once. Unknown fields are refused
rather than ignored, so nothing but the form's own fields (never a resident's answers
to the path's questions) can reach the database.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Mapping
from urllib.parse import parse_qsl

from . import protocol
from .site_index import SiteIndex

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
VERSION = re.compile(protocol.VERSION_PATTERN)
# Control characters other than tab and newline: never typed by people.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# Which catalogue message tells the resident what to fix; anything else is "go back and retry".
RESIDENT_MESSAGES = {protocol.USEFUL: "feedback_error_useful", protocol.COMMENT: "feedback_error_comment",
                     protocol.EMAIL: "feedback_error_email"}


@dataclass(frozen=True)
class Submission:
    path: str
    step: str | None
    lang: str
    version: str
    useful: bool
    comment: str | None
    email: str | None


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class Malformed(Exception):
    """The body cannot be read as a form or as a JSON object at all."""


class Invalid(Exception):
    """The body was read, but fields are missing, unknown or wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def parse_form(body: bytes) -> dict[str, Any]:
    """application/x-www-form-urlencoded, as browsers send forms."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body),
                          encoding="utf-8", errors="strict", max_num_fields=2 * len(protocol.FIELDS))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Malformed(f"malformed form data ({exc})") from None
    repeated = sorted(name for name, count in Counter(name for name, _ in pairs).items() if count > 1)
    if repeated:
        raise Invalid([Problem(name, "given more than once") for name in repeated])
    return dict(pairs)


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Malformed(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise Malformed("the JSON must be an object of fields, e.g. {\"path\": \"cafe\", …}")
    return data


def validate(fields: Mapping[str, Any], index: SiteIndex) -> Submission:
    """A submission of a known path, step and language, or Invalid with every problem."""
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        if all(known.field != field for known in problems):  # the first problem of a field is enough
            problems.append(Problem(field, message))

    for name in sorted(set(fields) - set(protocol.FIELDS)):
        problem(name, f"unknown field (fields: {', '.join(protocol.FIELDS)})")
    text: dict[str, str] = {}
    for name in protocol.FIELDS:
        value = fields.get(name)
        if value is not None and not isinstance(value, str):
            problem(name, f"must be text, got {type(value).__name__}")
        text[name] = value.strip() if isinstance(value, str) else ""

    if text[protocol.HONEYPOT]:
        problem(protocol.HONEYPOT, "must be left empty (this field catches spam robots)")
    path = index.paths.get(text[protocol.PATH])
    if not text[protocol.PATH]:
        problem(protocol.PATH, "required")
    elif path is None:
        problem(protocol.PATH, f"unknown path '{text[protocol.PATH][:64]}'")
    step, lang = text[protocol.STEP] or None, text[protocol.LANG]
    if path is not None and step is not None and step not in path.steps:
        problem(protocol.STEP, f"unknown step '{step[:64]}' of path '{path.id}'")
    if not lang:
        problem(protocol.LANG, "required")
    elif path is not None and lang not in path.languages:
        problem(protocol.LANG, f"path '{path.id}' is not published in '{lang[:16]}' (languages: {', '.join(path.languages)})")
    if not VERSION.match(text[protocol.VERSION]):
        problem(protocol.VERSION, "required: the content version from the page (8–64 hexadecimal digits)")
    if text[protocol.USEFUL] not in protocol.ANSWERS:
        problem(protocol.USEFUL, "required: 'yes' or 'no'")
    comment = _comment(text[protocol.COMMENT], problem)
    email = text[protocol.EMAIL]
    if email and (len(email) > protocol.EMAIL_MAX or not EMAIL.match(email) or CONTROL.search(email)):
        problem(protocol.EMAIL, "not an e-mail address")

    if problems:
        raise Invalid(problems)
    return Submission(path=text[protocol.PATH], step=step, lang=lang, version=text[protocol.VERSION],
                      useful=text[protocol.USEFUL] == "yes", comment=comment, email=email or None)


def _comment(value: str, problem: Callable[[str, str], None]) -> str | None:
    # Browsers send newlines as CRLF but count them as one character against maxlength.
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if CONTROL.search(value):
        problem(protocol.COMMENT, "contains control characters")
    if len(value) > protocol.COMMENT_MAX:
        problem(protocol.COMMENT, f"too long: {len(value)} characters, at most {protocol.COMMENT_MAX}")
    return value or None


def resident_messages(problems: list[Problem], index: SiteIndex, lang: str) -> list[str]:
    """What the resident can fix, in their language; one general line for anything else."""
    keys = [RESIDENT_MESSAGES.get(problem.field, "feedback_error_general") for problem in problems]
    unique = sorted(set(keys), key=keys.index)
    return [index.message(lang, key, max=protocol.COMMENT_MAX) for key in unique]
