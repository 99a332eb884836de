"""The JSON Schemas for editors' tools: up to date, complete, and in agreement with the model."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator import load, model, validate
from generator.errors import ContentErrors
from generator.schema import SCHEMAS, schema_files

from .conftest import FIXTURE_SITE, ROOT, compare_golden

SCHEMA_DIR = ROOT / "schema"
KINDS = {"path": "path.schema.json", "providers": "providers.schema.json", "site": "site.schema.json"}
MODELS = {"path": model.Path, "providers": model.ProvidersFile, "site": model.SiteConfig}


def yaml_as_editors_see_it(text: str) -> Any:
    """YAML 1.2 core schema, as yaml-language-server reads it: `yes` is text, `5` a number, dates text."""
    def build(node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return {build(key): build(value) for key, value in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [build(item) for item in node.value]
        value = node.value
        if node.style:  # quoted or block: text ('' or None is plain, depending on the parser)
            return value
        if re.fullmatch(r"~|null|Null|NULL|", value):
            return None
        if re.fullmatch(r"true|True|TRUE|false|False|FALSE", value):
            return value.lower() == "true"
        if re.fullmatch(r"[-+]?[0-9]+", value):
            return int(value)
        if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
            return float(value)
        return value
    return build(yaml.compose(text, Loader=yaml.CSafeLoader))  # libyaml, as Polku's loader


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMA_DIR / KINDS[kind]).read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def polku_accepts(kind: str, text: str) -> bool:
    try:
        doc = load.load_text(text, "sample.yaml")
    except ContentErrors:
        return False
    return not validate.model_of(MODELS[kind], doc)[1]


def schema_accepts(kind: str, text: str) -> bool:
    return validator(kind).is_valid(yaml_as_editors_see_it(text))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schemas_are_generated_from_the_model(name: str, update_golden: bool):
    compare_golden(schema_files()[name], SCHEMA_DIR / name, update_golden)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_draft_07_with_a_description_and_example_for_every_field(name: str):
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    for owner, properties in _properties(schema):
        for field, spec in properties.items():
            assert spec.get("description"), f"{owner}.{field} has no description"
            assert spec.get("examples"), f"{owner}.{field} has no example"


def _properties(schema: dict) -> list[tuple[str, dict]]:
    found = [("(top)", schema.get("properties", {}))]
    found += [(name, definition.get("properties", {})) for name, definition in schema.get("definitions", {}).items()]
    return found


def _examples() -> list[tuple[str, Path]]:
    files = sorted(ROOT.glob("paths/*.yaml")) + sorted(FIXTURE_SITE.glob("*.yaml"))
    return [(file.stem if file.stem in ("site", "providers") else "path", file) for file in files]


@pytest.mark.parametrize("kind, file", _examples(), ids=lambda value: getattr(value, "name", value))
def test_every_example_file_validates_against_its_schema(kind: str, file: Path):
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(kind).iter_errors(yaml_as_editors_see_it(file.read_text(encoding="utf-8")))]
    assert errors == []


def test_bundled_paths_name_their_schema_on_the_first_line():
    for file in sorted((ROOT / "paths").glob("*.yaml")):
        kind = file.stem if file.stem in ("site", "providers") else "path"
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{KINDS[kind]}"


KIOSK = (FIXTURE_SITE / "kiosk.yaml").read_text(encoding="utf-8")
PROVIDERS = (FIXTURE_SITE / "providers.yaml").read_text(encoding="utf-8")
SITE = (FIXTURE_SITE / "site.yaml").read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (kind, what, text): Polku and the schema must give the same verdict on each.
GOOD = [
    ("path", "the fixture path", KIOSK),
    ("path", "a fee in quotes with cents", _edit(KIOSK, "cost: {amount: 60}", 'cost: {amount: "12.50"}')),
    ("path", "chosen as a list", _edit(KIOSK, "chosen: food}", "chosen: [food, tobacco]}")),
    ("path", "a URL per language", _edit(KIOSK, "url: https://www.example.fi/ohje",
                                         "url: {fi: 'https://www.example.fi/ohje', en: 'https://www.example.fi/en/guide'}")),
    ("path", "an optional field left empty", _edit(KIOSK, "        required: false\n", "        required: false\n        body:\n")),
    ("path", "a mailto link", _edit(KIOSK, "url: https://www.example.fi/ohje", "url: 'mailto:yritys@example.fi'")),
    ("providers", "the fixture providers", PROVIDERS),
    ("providers", "a day list", _edit(PROVIDERS, "days: mon-fri", "days: 'mon, wed-fri'")),
    ("providers", "special hours with both times", _edit(PROVIDERS, "{date: 2026-12-24}", '{date: 2026-12-24, opens: "10:00", closes: "12:00"}')),
    ("site", "the fixture site", SITE),
    ("site", "feedback to another form endpoint", _edit(SITE, "send_to: receiver", "send_to: endpoint")),
    ("site", "no settings at all", "clean_urls: true\n"),
]
BAD = [
    ("path", "yes for a yes/no field", _edit(KIOSK, "required: false", "required: yes")),
    ("path", "a misspelt key", _edit(KIOSK, "summary:", "sumary:")),
    ("path", "a title that is not per language", _edit(KIOSK, "title: {fi: Kioskin perustaminen, en: Opening a kiosk}", "title: Opening a kiosk")),
    ("path", "a language key in capitals", _edit(KIOSK, "{fi: Avaa ovet, en: Open the doors}", "{fi: Avaa ovet, EN: Open the doors}")),
    ("path", "a blank text", _edit(KIOSK, "{fi: Avaa ovet, en: Open the doors}", "{fi: Avaa ovet, en: '  '}")),
    ("path", "an id with capitals", _edit(KIOSK, "id: register", "id: Register")),
    ("path", "an unknown relation", _edit(KIOSK, "relation: and", "relation: also")),
    ("path", "a condition without chosen", _edit(KIOSK, "when: {question: sells, chosen: food}", "when: {question: sells}")),
    ("path", "an empty all", _edit(KIOSK, "        when:\n          all:", "        when:\n          all: []\n          x:")),
    ("path", "a negative fee", _edit(KIOSK, "cost: {amount: 60}", "cost: {amount: -5}")),
    ("path", "a date with no form", _edit(KIOSK, '{kind: deadline, yearly: "04-29"}', "{kind: deadline}")),
    ("path", "a date with two forms", _edit(KIOSK, '{kind: deadline, yearly: "04-29"}', '{kind: deadline, yearly: "04-29", month: 5}')),
    ("path", "30 February every year", _edit(KIOSK, 'yearly: "04-29"', 'yearly: "02-30"')),
    ("path", "month 13", _edit(KIOSK, "month: 5", "month: 13")),
    ("path", "a date that does not exist", _edit(KIOSK, "date: 2027-05-01", "date: 2027-02-30")),
    ("path", "a javascript: link", _edit(KIOSK, "url: https://www.example.fi/ohje", "url: 'javascript:alert(1)'")),
    ("path", "an ftp: link", _edit(KIOSK, "url: https://www.example.fi/ohje", "url: ftp://example.fi/ohje")),
    ("path", "a web link without host", _edit(KIOSK, "url: https://www.example.fi/ohje", "url: 'https:///ohje'")),
    ("path", "a duration in years", _edit(KIOSK, "unit: weeks", "unit: years")),
    ("path", "a question with one option", _edit(KIOSK, "      - id: tobacco\n        label: {fi: Tupakkaa, en: Tobacco}\n", "")),
    ("path", "no phases", KIOSK[: KIOSK.index("phases:")] + "phases: []\n"),
    ("path", "an owner e-mail without @", _edit(KIOSK, "email: yritys@example.fi", "email: yritys.example.fi")),
    ("path", "a reply time of 0 days", _edit(KIOSK, "reply_within_working_days: 5", "reply_within_working_days: 0")),
    ("providers", "a misspelt day", _edit(PROVIDERS, "days: mon-fri", "days: mon-fry")),
    ("providers", "25 o'clock", _edit(PROVIDERS, 'opens: "08:15"', 'opens: "25:00"')),
    ("providers", "special hours with only an opening time", _edit(PROVIDERS, "{date: 2026-12-24}", '{date: 2026-12-24, opens: "10:00"}')),
    ("providers", "a fax channel", _edit(PROVIDERS, "type: email", "type: fax")),
    ("providers", "a postal code without quotes", _edit(PROVIDERS, 'postal_code: "00100"', "postal_code: 100")),
    ("providers", "a provider without channels", _edit(PROVIDERS, "    channels:\n", "    channels: []\n    x:\n")),
    ("site", "no for a yes/no setting", "clean_urls: no\n"),
    ("site", "an unknown feedback destination", _edit(SITE, "send_to: receiver", "send_to: email")),
    ("site", "an accessibility statement without its authority", "accessibility_statement: {status: fully, "
     "prepared: 2026-09-15, method: self-assessment, reply_within_days: 14}\n"),
    ("site", "a reply time beyond the law's 14 days", "accessibility_statement: {status: fully, prepared: 2026-09-15, "
     "method: self-assessment, reply_within_days: 30, supervisory_authority: {name: {fi: V, en: A}, url: 'https://v.example.fi/'}}\n"),
    ("site", "a base URL without scheme", "base_url: polku.example.fi\n"),
    ("site", "no languages", "languages: []\n"),
]
# Checks that compare two fields' values: beyond JSON Schema, so only `check`/the model reports them.
BEYOND_SCHEMA = [
    ("path", "a fee range that ends below its start", _edit(KIOSK, 'cost: {amount: 120, up_to: "340.50"}', "cost: {amount: 120, up_to: 100}")),
    ("providers", "closing before opening", _edit(PROVIDERS, 'closes: "16:00"', 'closes: "07:00"')),
    ("site", "a feedback address with send_to: mailto", _edit(SITE, "send_to: receiver", "send_to: mailto")),
]


@pytest.mark.parametrize("kind, what, text", GOOD, ids=[what for _, what, _ in GOOD])
def test_schema_and_model_accept_the_same_good_samples(kind: str, what: str, text: str):
    assert polku_accepts(kind, text)
    assert schema_accepts(kind, text)


@pytest.mark.parametrize("kind, what, text", BAD, ids=[what for _, what, _ in BAD])
def test_schema_and_model_reject_the_same_bad_samples(kind: str, what: str, text: str):
    assert not polku_accepts(kind, text)
    assert not schema_accepts(kind, text)


@pytest.mark.parametrize("kind, what, text", BEYOND_SCHEMA, ids=[what for _, what, _ in BEYOND_SCHEMA])
def test_comparisons_between_fields_are_left_to_polku(kind: str, what: str, text: str):
    assert not polku_accepts(kind, text)
    assert schema_accepts(kind, text)


CORPUS = sorted((ROOT / "tests" / "bad_input").glob("*.yaml"))
# Errors Polku finds while reading YAML that editors' YAML parsers accept or report themselves.
STRICTER_YAML = {"alias", "anchor", "comments-only", "deep-nesting", "duplicate-key", "empty", "latin1",
                 "python-tag", "tab-indent", "two-documents", "unclosed-quote"}


@pytest.mark.parametrize("case", CORPUS, ids=[case.stem for case in CORPUS])
def test_bad_input_corpus_is_classified(case: Path):
    """Structural errors fail the schema too; cross-file errors (ids, references, translations) cannot."""
    prefix, _, rest = case.name.partition("__")
    kind = prefix if rest else "path"
    try:
        doc = load.load_bytes(case.read_bytes(), case.name)
    except ContentErrors:
        assert case.stem in STRICTER_YAML
        return
    assert case.stem not in STRICTER_YAML
    structural = bool(validate.model_of(MODELS[kind], doc)[1])
    beyond = case.stem in {"cost-range", "site__statement-inconsistent"}  # compares two fields, like BEYOND_SCHEMA
    assert schema_accepts(kind, case.read_text(encoding="utf-8")) == (not structural or beyond)


def test_schema_command_writes_the_three_schemas(tmp_path: Path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "schema", "--out", "s"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(SCHEMAS)
    assert (tmp_path / "s" / "path.schema.json").read_text() == (SCHEMA_DIR / "path.schema.json").read_text()
