"""The default theme speaks only through its catalogues: every key in every language, the
same placeholders everywhere, and no text of its own in templates or scripts."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from generator.i18n import load_catalogues

from .conftest import DEFAULT_THEME

TEMPLATES = sorted((DEFAULT_THEME / "templates").glob("*.html"))
CATALOGUES = {file.stem: yaml.safe_load(file.read_text(encoding="utf-8"))
              for file in sorted((DEFAULT_THEME / "messages").glob("*.yaml"))}
HUMAN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "content", "aria-description")


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


def test_the_theme_has_finnish_swedish_and_english():
    assert set(CATALOGUES) == {"fi", "sv", "en"}


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_key_is_in_every_catalogue(lang: str):
    every_key = set().union(*CATALOGUES.values())
    assert sorted(every_key - set(CATALOGUES[lang])) == []


@pytest.mark.parametrize("key", sorted(CATALOGUES["en"]))
def test_placeholders_are_the_same_in_every_language(key: str):
    found = {lang: placeholders(table[key]) for lang, table in CATALOGUES.items()}
    assert all(names == found["en"] for names in found.values()), found


def test_every_message_is_non_empty_text():
    for lang, table in CATALOGUES.items():
        for key, message in table.items():
            assert isinstance(message, str) and message.strip(), f"{lang}.yaml: {key}"


def test_the_loader_accepts_the_catalogues():
    assert sorted(load_catalogues(DEFAULT_THEME)) == ["en", "fi", "sv"]


def _visible_text(template: str) -> str:
    """What a template would show that does not come from a variable or a message."""
    text = re.sub(r"{#.*?#}", "", template, flags=re.S)
    text = re.sub(r"{%.*?%}|{{.*?}}", "", text, flags=re.S)
    text = re.sub(r"<[^>]*>", "", text, flags=re.S)
    return text


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_hold_no_text_or_punctuation_of_their_own(template: Path):
    leftover = _visible_text(template.read_text(encoding="utf-8"))
    assert leftover.strip() == "", f"hard-coded text in {template.name}: {leftover.strip()[:80]!r}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_human_readable_attributes_come_from_the_catalogue(template: Path):
    source = template.read_text(encoding="utf-8")
    for name in HUMAN_ATTRIBUTES:
        for value in re.findall(rf'\s{name}="([^"]*)"', source):
            assert value.startswith("{{") or name == "content" and value in ("width=device-width, initial-scale=1", "noindex"), \
                f'{template.name}: {name}="{value}"'

