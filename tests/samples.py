"""Sample content shared by the stage tests, so each test file adds only what it varies."""

# A path's required fields and one single-choice question: lines 1-16 of a path file.
PATH_HEAD = """\
id: p
languages: [fi, en]
title: {fi: Otsikko, en: Title}
summary: {fi: Tiivistelmä, en: Summary}
life_event: business
owner: {team: {fi: Tiimi, en: Team}, email: team@example.fi}
last_reviewed: 2026-10-01
review_by: 2027-04-01
service_promise: {handled_by: {fi: Tiimi, en: Team}, reply_within_working_days: 5}
questions:
  - id: place
    type: single
    label: {fi: Missä?, en: Where?}
    options:
      - {id: indoors, label: {fi: Sisällä, en: Indoors}}
      - {id: outdoors, label: {fi: Ulkona, en: Outdoors}}
"""

# A multiple-choice question to follow PATH_HEAD: lines 17-22.
SELLS_QUESTION = """\
  - id: sells
    type: multiple
    label: {fi: Mitä?, en: What?}
    options:
      - {id: food, label: {fi: Ruokaa, en: Food}}
      - {id: tobacco, label: {fi: Tupakkaa, en: Tobacco}}
"""

# The test site's texts in Swedish, for tests that make it a three-language site.
SITE_IN_SWEDISH = (
    ("Testipolut", "Test paths", "Teststigar"),
    ("Testikaupunki", "Test City", "Teststaden"),
    ("Yrittäminen", "Business", "Företagande"),
    ("Yritykset", "Businesses", "Företag"),
    ("Kartat", "Maps", "Kartor"),
    ("Karttakuvilla ei ole tekstivastinetta.", "Map images have no text alternative.", "Kartbilderna saknar textalternativ."),
    ("Osoitteet ovat myös tekstinä.", "The addresses are also given as text.", "Adresserna finns också som text."),
    ("Valvontavirasto (esimerkki)", "Supervisory agency (example)", "Tillsynsmyndighet (exempel)"),
)


def add_swedish_to_site(site_yaml) -> None:  # type: ignore[no-untyped-def]
    """Make the test site's site.yaml fi, sv, en, with every text in Swedish too."""
    text = site_yaml.read_text().replace("languages: [fi, en]", "languages: [fi, sv, en]")
    for fi, en, sv in SITE_IN_SWEDISH:
        text = text.replace(f"{{fi: {fi}, en: {en}}}", f"{{fi: {fi}, sv: {sv}, en: {en}}}")
    site_yaml.write_text(text)
