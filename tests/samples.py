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
