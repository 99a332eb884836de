"""Stage 3: cross-file checks on small in-memory content."""

from __future__ import annotations

from generator.check import check
from generator.load import Sources, load_text
from generator.validate import validate

from .samples import PATH_HEAD, SELLS_QUESTION

THEME = {"fi", "en", "sv"}

# The smallest complete accessibility statement; every site.yaml needs one.
STATEMENT = """\
accessibility_contact: {email: a11y@example.fi}
accessibility_statement:
  status: fully
  prepared: 2026-09-01
  method: self-assessment
  reply_within_days: 14
  supervisory_authority: {name: {fi: Valvoja, en: Authority, sv: Tillsyn}, url: 'https://valvonta.example.fi/'}
"""

SITE = """\
name: {fi: Polut, en: Paths, sv: Stigar}
organisation: {fi: Kaupunki, en: City, sv: Staden}
languages: [fi, en, sv]
life_events:
  - {id: business, title: {fi: Yrittäminen, en: Business, sv: Företagande}}
  - {id: moving, title: {fi: Muutto, en: Moving, sv: Flytt}}
audiences:
  - {id: businesses, title: {fi: Yritykset, en: Businesses, sv: Företag}}
""" + STATEMENT

PROVIDERS = """\
providers:
  - id: permits
    name: {fi: Luvat, en: Permits}
    channels:
      - {type: email, address: luvat@example.fi}
  - id: parking
    name: {fi: Pysäköinti}
    channels:
      - {type: web, url: {fi: 'https://p.example.fi/fi'}, note: {fi: Huom}}
"""

# Line 29 is the first line after the first step; extra step fields go there, indented 8.
PATH = PATH_HEAD + SELLS_QUESTION + """\
phases:
  - id: prepare
    title: {fi: Valmistelu, en: Preparation}
    steps:
      - id: register
        title: {fi: Rekisteröi, en: Register}
"""


def checked(*paths: tuple[str, str], site: str | None = SITE, providers: str | None = PROVIDERS,
            theme: set[str] = THEME) -> list[str]:
    sources = Sources(
        load_text(site, "site.yaml") if site is not None else None,
        load_text(providers, "providers.yaml") if providers is not None else None,
        [load_text(text, name) for name, text in paths],
    )
    content, errors = validate(sources)
    assert all(error.file == "providers.yaml" for error in errors), errors
    return [error.format() for error in sorted(check(content, theme))]


def path_check(text: str = PATH, **kwargs) -> list[str]:
    return checked(("p.yaml", text), **kwargs)


def step_check(*lines: str, **kwargs) -> list[str]:
    return path_check(PATH + "".join(f"        {line}\n" for line in lines), **kwargs)


def test_consistent_content_has_no_errors():
    assert path_check() == []


# ---------------------------------------------------------------- path header


def test_id_must_match_file_name():
    assert checked(("paths/q.yaml", PATH)) == [
        "paths/q.yaml:1:5: id: the id 'p' differs from the file name 'q.yaml' (rename the file to p.yaml or set id: q)"]


def test_unknown_life_event_with_did_you_mean():
    assert path_check(PATH.replace("life_event: business", "life_event: busines")) == [
        "p.yaml:5:13: life_event: unknown life event 'busines' (did you mean 'business'?)"]


def test_unknown_life_event_lists_the_known_ones():
    assert path_check(PATH.replace("life_event: business", "life_event: family")) == [
        "p.yaml:5:13: life_event: unknown life event 'family' (available: business, moving)"]


def test_unknown_life_event_without_any_defined():
    assert path_check(PATH.replace("life_event: business", "life_event: family"),
                      site="languages: [fi, en]\nname: {fi: a, en: b}\norganisation: {fi: a, en: b}\n" + STATEMENT) == [
        "p.yaml:5:13: life_event: unknown life event 'family' (define life_events in site.yaml)"]


def test_unknown_audiences_each_located():
    assert path_check(PATH.replace("life_event: business", "life_event: business\naudience: [busineses, zz]")) == [
        "p.yaml:6:12: audience[0]: unknown audience 'busineses' (did you mean 'businesses'?)",
        "p.yaml:6:23: audience[1]: unknown audience 'zz' (available: businesses)",
    ]


def test_review_by_equal_to_last_reviewed():
    assert path_check(PATH.replace("review_by: 2027-04-01", "review_by: 2026-10-01")) == [
        "p.yaml:8:12: review_by: review_by (2026-10-01) is not after last_reviewed (2026-10-01)"
        " (set the date by which the path must be reviewed again)"]


def test_review_by_before_last_reviewed():
    assert len(path_check(PATH.replace("review_by: 2027-04-01", "review_by: 2025-01-01"))) == 1


def test_review_by_one_day_after_is_fine():
    assert path_check(PATH.replace("review_by: 2027-04-01", "review_by: 2026-10-02")) == []


def test_path_language_not_in_site():
    assert path_check(PATH, site=SITE.replace("languages: [fi, en, sv]", "languages: [fi]")) == [
        "p.yaml:2:17: languages[1]: English ('en') is not one of the site's languages"
        " (add it to languages in site.yaml, or remove it here)"]


def test_duplicate_question_and_option_ids():
    text = PATH.replace("  - id: sells", "  - id: place").replace("{id: tobacco,", "{id: food,")
    assert path_check(text) == [
        "p.yaml:17:9: questions[1].id: question id 'place' is used twice (give each question its own id)",
        "p.yaml:22:14: questions[1].options[1].id: option id 'food' is used twice (give each option its own id)",
    ]


# ---------------------------------------------------------------- steps


def test_relation_on_first_step():
    assert step_check("relation: or") == [
        "p.yaml:29:19: phases[0].steps[0].relation: the first step of a phase cannot be an 'or' step"
        " ('and'/'or' link a step to the step before it in the same phase)"]


SECOND_STEP = "      - id: second\n        title: {fi: Toinen, en: Second}\n"


def test_relation_on_later_step_is_fine():
    assert path_check(PATH + SECOND_STEP + "        relation: and\n") == []


def test_unknown_topic_without_topics():
    assert step_check("topic: premises") == [
        "p.yaml:29:16: phases[0].steps[0].topic: unknown topic 'premises' (define topics in the path)"]


def test_unknown_topic_with_did_you_mean():
    text = PATH.replace("phases:\n", "topics:\n  - {id: premises, title: {fi: Tila, en: Premises}}\nphases:\n")
    assert path_check(text + "        topic: premise\n") == [
        "p.yaml:31:16: phases[0].steps[0].topic: unknown topic 'premise' (did you mean 'premises'?)"]


def test_unknown_provider_with_did_you_mean():
    assert step_check("provider: permit") == [
        "p.yaml:29:19: phases[0].steps[0].provider: unknown provider 'permit' (did you mean 'permits'?)"]


def test_unknown_provider_without_providers_file():
    assert step_check("provider: permits", providers=None) == [
        "p.yaml:29:19: phases[0].steps[0].provider: unknown provider 'permits' (define it in providers.yaml)"]


def test_provider_references_not_checked_when_providers_file_failed():
    broken = PROVIDERS.replace("address: luvat@example.fi", "address: luvat")
    assert step_check("provider: permits", providers=broken) == []
    assert step_check("provider: no-such-provider", providers=broken) == []


# ---------------------------------------------------------------- conditions


def test_satisfiable_conditions_pass():
    assert step_check("when: {question: place, chosen: indoors}") == []
    assert step_check("when: {all: [{question: sells, chosen: food}, {question: sells, chosen: tobacco}]}") == []
    assert step_check("when: {not: {question: place, chosen: indoors}}") == []
    assert step_check("when: {not: {question: sells, chosen: [food, tobacco]}}") == []
    assert step_check("when: {any: [{question: place, chosen: indoors}, {not: {question: place, chosen: indoors}}]}") == []


def test_unknown_question_with_did_you_mean():
    assert step_check("when: {question: plase, chosen: indoors}") == [
        "p.yaml:29:26: phases[0].steps[0].when.question: unknown question 'plase' (did you mean 'place'?)"]


def test_unknown_question_deep_in_all_any_not():
    text = PATH + (
        "        when:\n"
        "          all:\n"
        "            - {question: place, chosen: indoors}\n"
        "            - not:\n"
        "                any:\n"
        "                  - {question: sells, chosen: food}\n"
        "                  - {question: sels, chosen: tobacco}\n"
    )
    assert path_check(text) == [
        "p.yaml:35:32: phases[0].steps[0].when.all[1].not.any[1].question: unknown question 'sels'"
        " (did you mean 'sells'?)"]


def test_unknown_option_single_and_in_list():
    text = PATH + (
        "        when:\n"
        "          any:\n"
        "            - {question: place, chosen: outdors}\n"
        "            - not: {question: sells, chosen: [food, tobaco]}\n"
    )
    assert path_check(text) == [
        "p.yaml:31:41: phases[0].steps[0].when.any[0].chosen: unknown answer 'outdors' for question 'place'"
        " (did you mean 'outdoors'?)",
        "p.yaml:32:53: phases[0].steps[0].when.any[1].not.chosen[1]: unknown answer 'tobaco' for question 'sells'"
        " (did you mean 'tobacco'?)",
    ]


def test_unknown_option_does_not_also_report_never_true():
    assert len(step_check("when: {all: [{question: place, chosen: indoors}, {question: place, chosen: nowhere}]}")) == 1


NEVER = ("p.yaml:29:15: phases[0].steps[0].when: this condition can never be true, so the step would never be shown"
         " (check for 'all' with two answers of a single-choice question, or a 'not' too many)")


def test_all_of_two_options_of_a_single_question_is_never_true():
    assert step_check("when: {all: [{question: place, chosen: indoors}, {question: place, chosen: outdoors}]}") == [NEVER]


def test_not_of_an_always_true_condition_is_never_true():
    assert step_check("when: {not: {any: [{question: place, chosen: indoors}, {question: place, chosen: outdoors}]}}") == [NEVER]
    assert step_check("when: {not: {question: place, chosen: [indoors, outdoors]}}") == [NEVER]


def test_condition_contradicting_itself_is_never_true():
    assert step_check("when: {all: [{question: sells, chosen: food}, {not: {question: sells, chosen: food}}]}") == [NEVER]


def test_never_true_condition_in_a_later_step_is_located_there():
    errors = path_check(PATH + SECOND_STEP +
                        "        when: {all: [{question: place, chosen: indoors}, {question: place, chosen: outdoors}]}\n")
    assert [error.split(": ", 2)[:2] for error in errors] == [["p.yaml:31:15", "phases[0].steps[1].when"]]


# ---------------------------------------------------------------- translations


def test_missing_translation_in_every_kind_of_text():
    text = (PATH
            .replace("label: {fi: Ulkona, en: Outdoors}", "label: {fi: Ulkona}")
            .replace("title: {fi: Valmistelu, en: Preparation}", "title: {fi: Valmistelu}")
            .replace("team: {fi: Tiimi, en: Team}", "team: {fi: Tiimi}")
            + "        documents:\n"
              "          - title: {fi: Kartta, en: Map}\n"
              "            note: {fi: Kopio käy}\n"
              "        links: [{title: {fi: Ohje, en: Guide}, url: {fi: 'https://x.fi/ohje'}}]\n")
    assert path_check(text) == [
        "p.yaml:6:15: owner.team: missing English translation (add 'en:'; this file's languages are fi, en)",
        "p.yaml:16:31: questions[0].options[1].label: missing English translation (add 'en:'; this file's languages are fi, en)",
        "p.yaml:25:12: phases[0].title: missing English translation (add 'en:'; this file's languages are fi, en)",
        "p.yaml:31:19: phases[0].steps[0].documents[0].note: missing English translation (add 'en:'; this file's languages are fi, en)",
        "p.yaml:32:53: phases[0].steps[0].links[0].url: missing English translation (add 'en:'; this file's languages are fi, en)",
    ]


def test_every_missing_language_is_reported():
    text = PATH.replace("languages: [fi, en]", "languages: [fi, en, sv]").replace(
        "title: {fi: Otsikko, en: Title}", "title: {fi: Otsikko}")
    errors = [error for error in path_check(text) if error.startswith("p.yaml:3:")]
    assert errors == [
        "p.yaml:3:8: title: missing English translation (add 'en:'; this file's languages are fi, en, sv)",
        "p.yaml:3:8: title: missing Swedish translation (add 'sv:'; this file's languages are fi, en, sv)",
    ]


def test_extra_languages_in_a_text_are_fine():
    assert path_check(PATH.replace("title: {fi: Otsikko, en: Title}", "title: {fi: Otsikko, en: Title, sv: Titel}")) == []


def test_single_url_for_every_language_is_not_a_missing_translation():
    assert step_check("links: [{title: {fi: Ohje, en: Guide}, url: 'https://x.fi/ohje'}]") == []


def test_missing_translation_in_a_provider_used_in_that_language():
    assert step_check("provider: parking") == [
        "providers.yaml:7:11: providers[1].name: missing English translation"
        " (add 'en:'; a path in English uses this provider)",
        "providers.yaml:9:26: providers[1].channels[0].url: missing English translation"
        " (add 'en:'; a path in English uses this provider)",
        "providers.yaml:9:65: providers[1].channels[0].note: missing English translation"
        " (add 'en:'; a path in English uses this provider)",
    ]


def test_provider_used_only_in_languages_it_has_is_fine():
    finnish = PATH.replace("languages: [fi, en]", "languages: [fi]") + "        provider: parking\n"
    assert checked(("p.yaml", finnish)) == []


def test_provider_used_by_no_path_is_not_checked_for_translations():
    assert path_check() == []  # 'parking' has only Finnish and no path uses it


def test_provider_translations_follow_the_languages_of_the_paths_using_it():
    finnish = PATH.replace("languages: [fi, en]", "languages: [fi]") + "        provider: permits\n"
    swedish = (PATH.replace("id: p", "id: s").replace("languages: [fi, en]", "languages: [fi, sv]")
               .replace("en: ", "sv: ") + "        provider: permits\n")
    assert checked(("p.yaml", finnish), ("s.yaml", swedish)) == [
        "providers.yaml:3:11: providers[0].name: missing Swedish translation"
        " (add 'sv:'; a path in Swedish uses this provider)"]


# ---------------------------------------------------------------- site


def test_site_language_the_theme_lacks():
    site = SITE.replace("languages: [fi, en, sv]", "languages: [fi, en, de]").replace("sv: Staden", "de: Stadt").replace(
        "sv: Stigar", "de: Pfade").replace(", sv: Företagande", ", de: Unternehmen").replace(
        ", sv: Flytt", ", de: Umzug").replace(", sv: Företag}", ", de: Unternehmen}").replace("sv: Tillsyn", "de: Aufsicht")
    assert path_check(site=site) == [
        "site.yaml:3:21: languages[2]: the theme has no messages in German ('de') (available: en, fi, sv)"]


def test_site_language_checked_against_the_given_theme_languages():
    assert path_check(theme={"fi", "en"}) == [
        "site.yaml:3:21: languages[2]: the theme has no messages in Swedish ('sv') (available: en, fi)"]


def test_site_text_missing_a_language():
    assert path_check(site=SITE.replace("name: {fi: Polut, en: Paths, sv: Stigar}", "name: {fi: Polut, en: Paths}")) == [
        "site.yaml:1:7: name: missing Swedish translation (add 'sv:'; this file's languages are fi, en, sv)"]


def test_built_in_site_default_missing_a_language_says_so():
    site = "languages: [fi, de]\nlife_events: [{id: business, title: {fi: Yritys, de: Firma}}]\n"
    errors = path_check(PATH.replace("languages: [fi, en]", "languages: [fi]"), site=site)
    assert "site.yaml:1:1: name: missing German translation" \
           " (the built-in default has only en, fi, sv; set it in this file)" in errors


def test_duplicate_life_event_ids():
    site = SITE.replace("{id: moving,", "{id: business,")
    assert path_check(site=site) == [
        "site.yaml:6:10: life_events[1].id: life event id 'business' is used twice (give each life event its own id)"]


# ---------------------------------------------------------------- accessibility statement


def test_every_site_needs_an_accessibility_statement():
    without = SITE.replace(STATEMENT, "")
    assert path_check(site=without) == [
        "site.yaml:1:1: accessibility_statement: required field 'accessibility_statement' is missing"
        " (every site must publish an accessibility statement; see 'The accessibility statement' in README.md)"]
    assert path_check(site=without + "accessibility_statement:\n") == path_check(site=without)


def test_the_statement_needs_a_feedback_contact():
    assert path_check(site=SITE.replace("accessibility_contact: {email: a11y@example.fi}\n", "")) == [
        "site.yaml:10:3: accessibility_statement: the statement needs 'accessibility_contact': where residents send"
        " accessibility feedback (add 'accessibility_contact:' with an email)"]


def test_a_path_cannot_take_the_address_of_the_statement():
    assert checked(("accessibility.yaml", PATH.replace("id: p", "id: accessibility"))) == [
        "accessibility.yaml:1:5: id: the id 'accessibility' is taken by the site's own pages"
        " (choose another id; reserved: search, accessibility)"]
