"""Reading and checking one submission: every problem at once, one per field, in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedback import protocol
from feedback.site_index import load
from feedback.submission import Invalid, Malformed, Submission, parse_form, parse_json, resident_messages, validate

from .receiver import fields


@pytest.fixture(scope="module")
def index(built_fixture_site: Path):
    return load(built_fixture_site)


def problems(data: dict, index) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        validate(data, index)
    return {problem.field: problem.message for problem in caught.value.problems}


def test_a_valid_form_becomes_a_submission_with_blanks_left_out(index):
    data = parse_form(b"path=kiosk&step=&lang=fi&version=" + fields()["version"].encode()
                      + b"&useful=no&comment=++Liian+pitk%C3%A4+jono.++&email=+&website=")
    assert validate(data, index) == Submission(path="kiosk", step=None, lang="fi", version=fields()["version"],
                                               useful=False, comment="Liian pitkä jono.", email=None)


def test_a_step_and_a_reply_address(index):
    submission = validate(fields(step="street-permit", email=" asukas@example.fi "), index)
    assert (submission.step, submission.email, submission.useful) == ("street-permit", "asukas@example.fi", True)


def test_every_problem_is_reported_once_per_field(index):
    assert problems({"path": "kiosk", "lang": 5, "useful": "maybe", "comment": "\x00" + "x" * 3000,
                     "website": "spam", "answers": "food"}, index) == {
        "answers": "unknown field (fields: path, step, lang, version, useful, comment, email, website)",
        "lang": "must be text, got int",
        "website": "must be left empty (this field catches spam robots)",
        "version": "required: the content version from the page (8–64 hexadecimal digits)",
        "useful": "required: 'yes' or 'no'",
        "comment": "contains control characters",
    }


def test_steps_and_languages_must_belong_to_the_path(index):
    assert problems(fields(step="open-door", lang="sv"), index) == {
        "step": "unknown step 'open-door' of path 'kiosk'",
        "lang": "path 'kiosk' is not published in 'sv' (languages: fi, en)",
    }


@pytest.mark.parametrize("address", ["a@b", "a b@example.fi", "@example.fi", "a\x01b@example.fi",
                                     "x" * 250 + "@example.fi"])
def test_addresses_that_cannot_be_replied_to(index, address):
    assert problems(fields(email=address), index) == {"email": "not an e-mail address"}


def test_the_comment_limit_counts_characters_not_bytes(index):
    assert validate(fields(comment="ä" * protocol.COMMENT_MAX), index).comment == "ä" * protocol.COMMENT_MAX
    assert problems(fields(comment="ä" * (protocol.COMMENT_MAX + 1)), index) == {
        "comment": "too long: 2001 characters, at most 2000"}


def test_malformed_bodies():
    for body in (b"path=%C3", b"a=1&&=", b"\xff=1"):
        with pytest.raises(Malformed):
            parse_form(body)
    with pytest.raises(Malformed, match="not valid JSON"):
        parse_json(b"{'path': 'kiosk'}")
    with pytest.raises(Malformed, match="must be an object"):
        parse_json(b"null")
    with pytest.raises(Malformed, match="Max number of fields"):
        parse_form(b"&".join(b"f%d=1" % n for n in range(100)))
    with pytest.raises(Invalid, match="useful: given more than once"):
        parse_form(b"useful=yes&useful=no")


def test_resident_messages_say_what_to_fix_and_nothing_twice(index):
    with pytest.raises(Invalid) as caught:
        validate(fields(useful=None, email="x", path="nope", lang="fi", website="x"), index)
    assert resident_messages(caught.value.problems, index, "fi") == [
        "Lomaketta ei voitu lukea. Palaa ohjeeseen ja lähetä palaute uudelleen.",
        "Valitse Kyllä tai Ei.",
        "Tarkista sähköpostiosoite. Kirjoita se muodossa nimi@example.fi.",
    ]
