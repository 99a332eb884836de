"""Stage 2: pydantic errors turned into located, plain-language messages."""

from __future__ import annotations

import pytest

from generator import model
from generator.load import Sources, load_text
from generator.validate import validate

from .samples import PATH_HEAD

# Line 23 is the first line after the step; extra step fields are appended there, indented 8.
PATH = PATH_HEAD + """\
phases:
  - id: prepare
    title: {fi: Valmistelu, en: Preparation}
    steps:
      - id: register
        title: {fi: Rekisteröi, en: Register}
"""

# Channels are appended from line 5, indented 6.
PROVIDERS = """\
providers:
  - id: permits
    name: {fi: Luvat, en: Permits}
    channels:
"""


def path_errors(text: str) -> list[str]:
    content, errors = validate(Sources(None, None, [load_text(text, "p.yaml")]))
    assert (content.paths == []) == bool(errors)
    return [error.format() for error in sorted(errors)]


def step_errors(*lines: str) -> list[str]:
    return path_errors(PATH + "".join(f"        {line}\n" for line in lines))


def provider_errors(*channels: str) -> list[str]:
    text = PROVIDERS + "".join(f"      - {channel}\n" for channel in channels)
    content, errors = validate(Sources(None, load_text(text, "providers.yaml"), []))
    assert content.providers_valid is not bool(errors)
    return [error.format() for error in sorted(errors)]


def site_errors(text: str) -> list[str]:
    _, errors = validate(Sources(load_text(text, "site.yaml"), None, []))
    return [error.format() for error in sorted(errors)]


def test_valid_path_has_no_errors():
    content, errors = validate(Sources(None, None, [load_text(PATH, "p.yaml")]))
    assert errors == []
    [located] = content.paths
    assert located.value.id == "p" and located.doc.file == "p.yaml" and located.at == ()


# ---------------------------------------------------------------- missing and unknown fields


def test_missing_top_level_field_is_at_the_mapping_with_its_name():
    assert path_errors("# a comment\n" + PATH.replace("summary: {fi: Tiivistelmä, en: Summary}\n", "")) == [
        "p.yaml:2:1: summary: required field 'summary' is missing (add 'summary:')"]


def test_missing_nested_field_is_at_the_parent_mapping():
    assert path_errors(PATH.replace("{handled_by: {fi: Tiimi, en: Team}, ", "{")) == [
        "p.yaml:9:18: service_promise.handled_by: required field 'handled_by' is missing (add 'handled_by:')"]


def test_missing_field_in_list_item():
    assert provider_errors("{type: phone}") == [
        "providers.yaml:5:9: providers[0].channels[0].number: required field 'number' is missing (add 'number:')"]


def test_unknown_top_level_field_suggests_a_path_field():
    assert path_errors(PATH.replace("life_event: business\n", "life_event: business\nlife_evnt: x\n")) == [
        "p.yaml:6:1: life_evnt: unknown field 'life_evnt' (did you mean 'life_event'?)"]


def test_unknown_step_field_suggests_a_step_field():
    assert step_errors("titel: {fi: X, en: X}") == [
        "p.yaml:23:9: phases[0].steps[0].titel: unknown field 'titel' (did you mean 'title'?)"]


def test_unknown_channel_field_suggests_a_field_of_that_channel_type():
    # 'nmber' is close to the provider's 'name' too; the phone channel's 'number' must win
    assert provider_errors("{type: phone, number: '+358 9 123456', nmber: x}") == [
        "providers.yaml:5:48: providers[0].channels[0].nmber: unknown field 'nmber' (did you mean 'number'?)"]


def test_unknown_field_of_one_channel_type_is_not_suggested_from_another():
    # opening_hours belongs to visit channels; a phone channel has 'hours'
    [error] = provider_errors("{type: phone, number: '+358 9 123456', opening_hours: []}")
    assert error == ("providers.yaml:5:48: providers[0].channels[0].opening_hours: unknown field 'opening_hours'"
                     " (available: charge, hours, languages, name, note, number, type)")


def test_unknown_field_in_nested_hours_suggests_an_opening_hours_field():
    assert provider_errors("{type: phone, number: '+358 9 123456', hours: [{days: mon, opens: '08:00', closes: '09:00', close: x}]}") == [
        "providers.yaml:5:101: providers[0].channels[0].hours[0].close: unknown field 'close' (did you mean 'closes'?)"]


def test_unknown_field_in_condition_suggests_question():
    assert step_errors("when: {question: place, chosen: indoors, qustion: x}") == [
        "p.yaml:23:50: phases[0].steps[0].when.qustion: unknown field 'qustion' (did you mean 'question'?)"]


def test_unknown_field_in_condition_under_not_and_all():
    errors = step_errors("when: {all: [{not: {question: place, chosen: indoors, questin: x}}]}")
    assert errors == [
        "p.yaml:23:63: phases[0].steps[0].when.all[0].not.questin: unknown field 'questin' (did you mean 'question'?)"]


def test_misspelt_key_gives_missing_and_unknown_together():
    assert step_errors("when: {questin: place, chosen: indoors}") == [
        "p.yaml:23:15: phases[0].steps[0].when.question: required field 'question' is missing (add 'question:')",
        "p.yaml:23:16: phases[0].steps[0].when.questin: unknown field 'questin' (did you mean 'question'?)",
    ]


def test_unknown_field_far_from_every_choice_lists_them():
    [error] = site_errors("zzzz: 1\n")
    assert error.startswith("site.yaml:1:1: zzzz: unknown field 'zzzz' (available: ")
    assert "accessibility_contact" in error and "life_events" in error


# ---------------------------------------------------------------- values


def test_literal_with_did_you_mean():
    assert step_errors("relation: andd") == [
        "p.yaml:23:19: phases[0].steps[0].relation: 'andd' is not one of the allowed values (did you mean 'and'?)"]


def test_literal_far_from_every_choice_lists_them():
    assert step_errors("relation: both") == [
        "p.yaml:23:19: phases[0].steps[0].relation: 'both' is not one of the allowed values (use one of: and, or)"]


def test_question_type_literal():
    assert path_errors(PATH.replace("type: single", "type: singel")) == [
        "p.yaml:12:11: questions[0].type: 'singel' is not one of the allowed values (did you mean 'single'?)"]


@pytest.mark.parametrize("word", ["yes", "no", "NO", "on", "True"])
def test_yaml_1_1_boolean_words_are_not_booleans(word):
    assert step_errors(f"required: {word}") == [
        f"p.yaml:23:19: phases[0].steps[0].required: expected true or false, got '{word}'"
        " (only the words true and false are yes/no values)"]


def test_boolean_where_text_is_expected_suggests_quotes():
    assert path_errors(PATH.replace("email: team@example.fi", "email: true")) == [
        "p.yaml:6:45: owner.email: expected text, got true (put it in quotes to make it text)"]


def test_whole_number_expected():
    assert path_errors(PATH.replace("reply_within_working_days: 5", "reply_within_working_days: five")) == [
        "p.yaml:9:81: service_promise.reply_within_working_days: expected a whole number, got 'five'"]


def test_number_expected_with_euro_hint():
    assert step_errors("cost: {amount: '12,50'}") == [
        "p.yaml:23:24: phases[0].steps[0].cost.amount: expected a number, got '12,50' (write euros like 450 or 12.50)"]


def test_too_many_decimals():
    assert step_errors("cost: {amount: 1.234}") == [
        "p.yaml:23:24: phases[0].steps[0].cost.amount: '1.234' has more than 2 decimals"]


def test_numbers_out_of_range():
    assert step_errors("duration: {value: 0, unit: days}", "dates: [{kind: deadline, month: 13}]") == [
        "p.yaml:23:27: phases[0].steps[0].duration.value: '0' is too small; the smallest allowed is 1",
        "p.yaml:24:41: phases[0].steps[0].dates[0].month: '13' is too large; the largest allowed is 12",
    ]


def test_bad_date():
    assert path_errors(PATH.replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-02-30")) == [
        "p.yaml:7:16: last_reviewed: '2026-02-30' is not a valid date (write dates as YYYY-MM-DD, e.g. 2027-04-29)"]


def test_list_expected():
    assert path_errors(PATH.replace("languages: [fi, en]", "languages: fi")) == [
        "p.yaml:2:12: languages: expected a list, got 'fi' (write each item on its own line starting with '- ')"]


def test_mapping_expected():
    assert path_errors(PATH.replace("owner: {team: {fi: Tiimi, en: Team}, email: team@example.fi}", "owner: team")) == [
        "p.yaml:6:8: owner: expected a mapping of 'key: value' lines, got 'team'"]


def test_empty_list_where_items_are_needed():
    assert step_errors("when: {question: place, chosen: []}") == [
        "p.yaml:23:41: phases[0].steps[0].when.chosen: needs at least 1 item"]


def test_text_given_as_plain_string():
    assert path_errors(PATH.replace("title: {fi: Otsikko, en: Title}", "title: Otsikko")) == [
        "p.yaml:3:8: title: expected the text per language"
        " (write it as 'fi: …' and 'en: …' lines, indented under this key)"]


def test_optional_text_given_as_plain_string():
    assert step_errors("body: Tee näin.") == [
        "p.yaml:23:15: phases[0].steps[0].body: expected the text per language"
        " (write it as 'fi: …' and 'en: …' lines, indented under this key)"]


def test_blank_translation():
    assert step_errors("body: {fi: '  ', en: Do this.}") == [
        "p.yaml:23:15: phases[0].steps[0].body: the fi text is empty"]


def test_bad_condition_shape():
    assert step_errors("when: [place]") == [
        "p.yaml:23:15: phases[0].steps[0].when: a condition must be a mapping with question/chosen, all, any or not"]


def test_url_scheme_in_per_language_url():
    assert step_errors("links: [{title: {fi: a, en: b}, url: {fi: 'https://x.fi', en: 'javascript:alert(1)'}}]") == [
        "p.yaml:23:71: phases[0].steps[0].links[0].url.en: URL scheme 'javascript:' is not allowed"
        " (allowed: https:, http:, mailto:, tel:)"]


# ---------------------------------------------------------------- patterns


def test_id_pattern():
    assert path_errors(PATH.replace("id: p\n", "id: Bad_Id\n")) == [
        "p.yaml:1:5: id: 'Bad_Id' is not a valid id"
        " (use lowercase letters, digits and single hyphens, e.g. 'building-permit')"]


def test_time_pattern():
    assert provider_errors("{type: phone, number: '+358 9 123456', hours: [{days: mon-fri, opens: '8:75', closes: '24:00'}]}") == [
        "providers.yaml:5:79: providers[0].channels[0].hours[0].opens: '8:75' is not a time"
        " (write times on a 24-hour clock in quotes, e.g. \"08:15\" or \"8.15\")",
        "providers.yaml:5:95: providers[0].channels[0].hours[0].closes: '24:00' is not a time"
        " (write times on a 24-hour clock in quotes, e.g. \"08:15\" or \"8.15\")",
    ]


def test_finnish_style_times_are_accepted():
    assert provider_errors("{type: phone, number: '+358 9 123456', hours: [{days: mon-fri, opens: '8.15', closes: '16:00'}]}") == []


def test_closing_before_opening_is_an_error():
    assert provider_errors("{type: phone, number: '+358 9 123456', hours: [{days: mon-fri, opens: '16:00', closes: '8.15'}]}") == [
        "providers.yaml:5:56: providers[0].channels[0].hours[0]: closes (8.15) is not after opens (16:00)"]


def test_postal_code_pattern():
    assert provider_errors("{type: visit, address: {street: Katu 1, postal_code: 100, city: {fi: Helsinki}}}") == [
        "providers.yaml:5:62: providers[0].channels[0].address.postal_code: '100' is not a postal code"
        " (postal codes have five digits; put them in quotes, e.g. \"00100\")"]


def test_unquoted_postal_code_with_leading_zeros_is_fine():
    assert provider_errors("{type: visit, address: {street: Katu 1, postal_code: 00100, city: {fi: Helsinki}}}") == []


def test_email_pattern():
    assert provider_errors("{type: email, address: 'name@example'}") == [
        "providers.yaml:5:32: providers[0].channels[0].address: 'name@example' is not an e-mail address"
        " (write it like name@example.fi)"]


def test_phone_pattern():
    assert provider_errors("{type: phone, number: 'call us'}") == [
        "providers.yaml:5:31: providers[0].channels[0].number: 'call us' is not a phone number"
        " (write digits and spaces, e.g. +358 9 310 12345)"]


def test_language_key_pattern():
    # located at the bad key itself
    assert path_errors(PATH.replace("summary: {fi: Tiivistelmä, en: Summary}", "summary: {fi: Tiivistelmä, EN: Summary}")) == [
        "p.yaml:4:28: summary.EN: 'EN' is not a language code (language codes are written like fi, sv or en)"]


def test_days():
    assert provider_errors("{type: phone, number: '+358 9 123456', hours: [{days: mon-fry, opens: '08:15', closes: '16:00'}]}") == [
        "providers.yaml:5:63: providers[0].channels[0].hours[0].days: 'mon-fry' is not a list of days;"
        " write e.g. 'mon-fri' or 'sat, sun' with mon tue wed thu fri sat sun"]


# ---------------------------------------------------------------- channel types


def test_unknown_channel_type_points_at_type():
    assert provider_errors("{number: '+358 9 123456', type: fax}") == [
        "providers.yaml:5:41: providers[0].channels[0].type: unknown type 'fax'"
        " (use one of: visit, phone, email, chat, e-service, web, form)"]


def test_misspelt_channel_type_gets_did_you_mean():
    assert provider_errors("{type: e-servce, url: 'https://x.fi'}") == [
        "providers.yaml:5:16: providers[0].channels[0].type: unknown type 'e-servce' (did you mean 'e-service'?)"]


def test_missing_channel_type():
    [error] = provider_errors("{number: '+358 9 123456'}")
    assert error.startswith("providers.yaml:5:9: ")
    assert error.endswith("required field 'type' is missing (say which kind this is, e.g. 'type: phone')")


def test_missing_channel_type_names_the_field():
    _, errors = validate(Sources(None, load_text(PROVIDERS + "      - {number: '+358 9 123456'}\n", "providers.yaml"), []))
    assert [error.field for error in errors] == ["providers[0].channels[0].type"]


def test_boolean_in_channel():
    assert provider_errors("{type: e-service, url: 'https://x.fi', sign_in: yes}") == [
        "providers.yaml:5:57: providers[0].channels[0].sign_in: expected true or false, got 'yes'"
        " (only the words true and false are yes/no values)"]


# ---------------------------------------------------------------- collecting


def test_every_error_of_a_file_is_collected():
    text = PATH.replace("id: p\n", "id: Bad_Id\n").replace("email: team@example.fi", "email: team") + (
        "        required: yes\n"
        "        titel: {fi: X, en: X}\n"
        "        cost: {amount: abc}\n"
    )
    errors = path_errors(text)
    assert [error.split(": ", 2)[1] for error in errors] == [
        "id", "owner.email", "phases[0].steps[0].required", "phases[0].steps[0].titel", "phases[0].steps[0].cost.amount"]
    assert [error.split(":")[1] for error in errors] == ["1", "6", "23", "24", "25"]


def test_errors_of_every_file_are_collected_and_valid_files_kept():
    good = load_text(PATH, "good.yaml")
    bad = load_text(PATH.replace("id: p\n", "id: P\n"), "bad.yaml")
    providers = load_text(PROVIDERS + "      - {type: fax}\n", "providers.yaml")
    site = load_text("languages: fi\n", "site.yaml")
    content, errors = validate(Sources(site, providers, [good, bad]))
    assert sorted(error.file for error in errors) == ["bad.yaml", "providers.yaml", "site.yaml"]
    assert [located.doc.file for located in content.paths] == ["good.yaml"]
    assert content.site == model.SiteConfig()
    assert not content.providers_valid and content.providers == {}


def test_site_errors():
    assert site_errors("name: Palvelut\nlanguages: [fi, EN]\nclean_urls: no\n") == [
        "site.yaml:1:7: name: expected the text per language"
        " (write it as 'fi: …' and 'en: …' lines, indented under this key)",
        "site.yaml:2:17: languages[1]: 'EN' is not a language code (language codes are written like fi, sv or en)",
        "site.yaml:3:13: clean_urls: expected true or false, got 'no' (only the words true and false are yes/no values)",
    ]


def test_feedback_settings_must_say_where_the_form_posts():
    assert site_errors("feedback: {send_to: receiver}\n") == [
        "site.yaml:1:11: feedback: send_to: receiver needs the url the form posts to"]
    assert site_errors("feedback: {url: 'https://palaute.example.fi/feedback'}\n") == [
        "site.yaml:1:11: feedback: url is only used with send_to: receiver or send_to: endpoint"
        " (mail goes to each path's owner)"]
    assert site_errors("feedback: {send_to: endpoint, url: 'mailto:palaute@example.fi'}\n") == [
        "site.yaml:1:11: feedback: the form must post to a web address (https://…)"]
    assert site_errors("feedback: {send_to: email, steps: yes}\n") == [
        "site.yaml:1:21: feedback.send_to: 'email' is not one of the allowed values (did you mean 'mailto'?)",
        "site.yaml:1:35: feedback.steps: expected true or false, got 'yes' (only the words true and false are yes/no values)"]


# ---------------------------------------------------------------- providers


def test_valid_providers_are_located():
    text = PROVIDERS + (
        "      - {type: email, address: a@example.fi}\n"
        "  - id: parking\n"
        "    name: {fi: Pysäköinti, en: Parking}\n"
        "    channels: [{type: web, url: 'https://parking.example.fi'}]\n"
    )
    doc = load_text(text, "providers.yaml")
    content, errors = validate(Sources(None, doc, []))
    assert errors == [] and content.providers_valid and content.providers_doc is doc
    assert {pid: located.at for pid, located in content.providers.items()} == {
        "permits": ("providers", 0), "parking": ("providers", 1)}
    assert content.providers["parking"].value.channels[0].type == "web"
    assert content.providers["parking"].doc is doc


def test_no_providers_file_counts_as_valid():
    content, errors = validate(Sources(None, None, []))
    assert (content.providers, content.providers_valid, errors) == ({}, True, [])


def test_provider_needs_a_channel():
    _, errors = validate(Sources(None, load_text("providers:\n  - {id: x, name: {fi: X}, channels: []}\n", "providers.yaml"), []))
    assert [error.format() for error in errors] == ["providers.yaml:2:38: providers[0].channels: needs at least 1 item"]


def test_duplicate_provider_id_is_reported_at_the_second():
    text = PROVIDERS + (
        "      - {type: email, address: a@example.fi}\n"
        "  - id: permits\n"
        "    name: {fi: Toinen}\n"
        "    channels: [{type: email, address: b@example.fi}]\n"
    )
    content, errors = validate(Sources(None, load_text(text, "providers.yaml"), []))
    assert [error.format() for error in errors] == [
        "providers.yaml:6:9: providers[1].id: provider id 'permits' is used twice (give each provider its own id)"]
    assert content.providers_valid


# ---------------------------------------------------------------- accessibility statement

STATEMENT = """\
accessibility_statement:
  status: partially
  prepared: 2026-09-01
  method: self-assessment
  reply_within_days: 14
  supervisory_authority: {name: {fi: Valvoja}, url: 'https://valvonta.example.fi/'}
  known_gaps:
    - {title: {fi: Kartat}, description: {fi: Ei tekstiä}}
"""


def test_complete_statement_is_valid():
    assert site_errors(STATEMENT) == []


@pytest.mark.parametrize("change, message", [
    (("status: partially", "status: fully"),
     "status is 'fully' but known_gaps lists content that is not accessible"),
    (("Ei tekstiä}}", "Ei tekstiä}, reason: out-of-scope}"),
     "status is 'partially' but known_gaps lists nothing that is not accessible"),
    (("prepared: 2026-09-01", "prepared: 2026-09-01\n  reviewed: 2026-08-31"),
     "reviewed (2026-08-31) is before prepared (2026-09-01)"),
    (("method: self-assessment", "method: third-party"),
     "method is 'third-party' but assessor is missing"),
])
def test_inconsistent_statement_is_located_at_the_statement(change, message):
    [error] = site_errors(STATEMENT.replace(*change))
    assert error.startswith(f"site.yaml:2:3: accessibility_statement: {message}")


def test_out_of_scope_content_may_be_listed_when_fully_accessible():
    assert site_errors(STATEMENT.replace("status: partially", "status: fully")
                       .replace("Ei tekstiä}}", "Ei tekstiä}, reason: out-of-scope}")) == []


def test_reply_time_is_bounded_by_the_law():
    assert site_errors(STATEMENT.replace("reply_within_days: 14", "reply_within_days: 15")) == [
        "site.yaml:5:22: accessibility_statement.reply_within_days: 15 days is not allowed: the law requires a reply"
        " within 14 days (give a number from 1 to 14)"]
