"""The editor's guide (docs/editing.md) cannot drift from the model or from Polku's messages."""

from __future__ import annotations

import re

from pydantic import BaseModel, RootModel

from generator import fieldref, model

from .conftest import ROOT

GUIDE = ROOT / "docs" / "editing.md"


def test_field_reference_is_generated_from_the_model(update_golden: bool):
    guide = GUIDE.read_text(encoding="utf-8")
    if update_golden:
        GUIDE.write_text(fieldref.updated(guide), encoding="utf-8")
        guide = GUIDE.read_text(encoding="utf-8")
    assert fieldref.START in guide and fieldref.END in guide
    assert guide == fieldref.updated(guide), "run: python -m generator.fieldref"


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def visit(cls: type[BaseModel]) -> None:
        if cls in found or issubclass(cls, RootModel):
            return
        found.append(cls)
        for info in cls.model_fields.values():
            for inner in re.findall(r"generator\.model\.(\w+)", repr(info.annotation)):
                candidate = getattr(model, inner)
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    visit(candidate)
    for top in (model.Path, model.ProvidersFile, model.SiteConfig):
        visit(top)
    return found


def test_every_field_of_every_file_is_in_the_guide_with_its_description():
    guide = GUIDE.read_text(encoding="utf-8")
    models = _models()
    assert {m.__name__ for m in models} >= {"Step", "KeyDate", "VisitChannel", "Feedback", "All", "Not"}
    for cls in models:
        for name, info in cls.model_fields.items():
            key = info.alias or name
            assert info.description and info.examples, f"{cls.__name__}.{key} needs a description and an example"
            assert f"| `{key}` |" in guide and info.description.replace("|", "\\|") in guide, f"{cls.__name__}.{key}"


def test_common_errors_quote_messages_polku_really_gives():
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## Common errors and what they mean", 1)[1].split("\n## ", 1)[0]
    quoted = re.findall(r"^\| `([^`]+)` \|", section, re.M)
    assert len(quoted) >= 25
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "bad_input").glob("*.expected"))
    assert [message for message in quoted if message not in corpus] == []
