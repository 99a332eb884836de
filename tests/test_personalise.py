"""The data polku.js reads: conditions, the words for answers, interface text, the fragment format."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import context, personalise, pipeline
from generator.i18n import load_catalogues

from .conftest import DEFAULT_THEME
from .test_conditions import PLACE, SELLS, question


@pytest.fixture
def pages(site_dir: Path) -> dict[str, context.Page]:
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    return {page.output: page for page in context.build_pages(checked.content, checked.catalogues)}


def data(pages, lang: str = "en") -> dict:
    return pages[f"{lang}/kiosk/index.html"].context["path"]["personal"]


def test_fragment_keeps_the_paths_order_and_writes_none_as_an_empty_list():
    answers = {"sells": frozenset({"tobacco", "food"}), "place": frozenset({"outdoors"})}
    assert personalise.fragment(answers, [PLACE, SELLS]) == "a=place:outdoors;sells:food,tobacco"
    assert personalise.fragment({"sells": frozenset()}, [PLACE, SELLS]) == "a=sells:"
    assert personalise.fragment({}, [PLACE, SELLS]) == "a="


def test_steps_carry_their_relation_and_condition_with_chosen_as_a_list(pages):
    steps = data(pages)["steps"]
    assert [(s["id"], s["relation"]) for s in steps] == [
        ("register", None), ("food-notice", "and"), ("street-permit", "or"), ("open-doors", None)]
    assert steps[0]["when"] is None
    assert steps[1]["when"] == {"question": "sells", "chosen": ["food"]}


def test_a_multiple_choice_answer_under_not_carries_its_words_for_not_choosing_it(pages):
    street = data(pages)["steps"][2]["when"]
    assert street == {"all": [
        {"question": "place", "chosen": ["outdoors"]},
        {"not": {"question": "sells", "chosen": ["tobacco"], "unsaid": "you did not choose “Tobacco”"}},
    ]}
    assert data(pages, "fi")["steps"][2]["when"]["all"][1]["not"]["unsaid"] == "et valinnut vaihtoehtoa ”Tupakkaa”"


def test_options_read_as_their_phrase_or_as_the_label_chosen(pages):
    sells = data(pages)["questions"][0]
    assert sells == {"id": "sells", "type": "multiple", "options": [
        {"id": "food", "said": "you sell food"}, {"id": "tobacco", "said": "you chose “Tobacco”"}]}
    assert data(pages, "fi")["questions"][1]["options"][1]["said"] == "valitsit ”Ulkona”"


def test_every_language_shares_one_store_so_answers_follow_a_language_switch(pages):
    assert data(pages, "en")["store"] == data(pages, "fi")["store"] == "polku:https://paths.example.fi/:kiosk"
    assert data(pages)["version"] == personalise.VERSION


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_script_gets_every_text_it_uses_in_every_language(lang):
    texts = personalise.script_texts(load_catalogues(DEFAULT_THEME)[lang])
    assert len(texts) == len(personalise.SCRIPT_TEXTS) + len(personalise.PLURAL_TEXTS)
    for plural in personalise.PLURAL_TEXTS:
        assert "{n}" in texts[plural + "_one"] and "{n}" in texts[plural + "_other"]
    assert "{reasons}" in texts["shown_because"]


def test_said_without_a_phrase_quotes_the_label():
    catalogue = load_catalogues(DEFAULT_THEME)["fi"]
    assert personalise.said(question("where", "single", "indoors", "outdoors"), "indoors", catalogue) == "valitsit ”INDOORS”"
