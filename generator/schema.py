"""JSON Schemas for editors' tools, generated from the content model.

VS Code's YAML extension (yaml-language-server) reads draft-07, so pydantic's schema
(draft 2020-12 flavoured) is rewritten: `$defs` become `definitions`, a `$ref` with other
keywords beside it (ignored in draft-07) moves into `allOf`, the OpenAPI `discriminator` goes
(each channel's `type` is a `const`, so `oneOf` still picks one), a per-language mapping
allows no other keys (as pydantic checks them), and pydantic's generated field titles go
(the descriptions say more). The schema checks structure and values; what needs other files
or other fields (ids, references, translations, closes after opens) is left to `check`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from .model import Path as PathModel
from .model import ProvidersFile, SiteConfig

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "path.schema.json": (PathModel, "Polku path file", "One service path: paths/<id>.yaml"),
    "providers.schema.json": (ProvidersFile, "Polku providers", "Every organisation and its channels: paths/providers.yaml"),
    "site.schema.json": (SiteConfig, "Polku site settings", "Site-wide settings: paths/site.yaml"),
}
# Keywords whose value is data (not a schema), copied as they are.
_DATA = {"default", "examples", "const", "enum", "required"}
# Keywords whose value maps names to schemas.
_NAMED = {"properties", "patternProperties", "$defs", "definitions"}


class _AsWritten(GenerateJsonSchema):
    """Keeps keys in the order the model gives them, so examples read fi, sv, en and id first."""

    def sort(self, value: Any, parent_key: str | None = None) -> Any:
        return value


def json_schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    """A draft-07 JSON Schema of what `model` accepts."""
    raw = model.model_json_schema(mode="validation", schema_generator=_AsWritten)
    converted = _convert(raw, keep_title=False)
    return {"$schema": DRAFT_07, "title": title, "description": description,
            **{key: value for key, value in converted.items() if key not in ("title", "description")}}


def schema_files() -> dict[str, str]:
    """Each schema file's name and text, as committed in schema/."""
    return {name: json.dumps(json_schema(*spec), indent=2, ensure_ascii=False) + "\n"
            for name, spec in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def _convert(node: Any, keep_title: bool) -> Any:
    if isinstance(node, list):
        return [_convert(item, keep_title=False) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "discriminator" or (key == "title" and not keep_title):
            continue
        if key in _DATA:
            out[key] = value
        elif key in _NAMED:
            out["definitions" if key == "$defs" else key] = {
                name: _convert(schema, keep_title=key == "$defs") for name, schema in value.items()}
        elif key == "$ref":
            out[key] = value.replace("#/$defs/", "#/definitions/")
        else:
            out[key] = _convert(value, keep_title=False)
    if "$ref" in out and len(out) > 1:
        out["allOf"] = [{"$ref": out.pop("$ref")}, *out.get("allOf", [])]
    if "patternProperties" in out:
        out.setdefault("additionalProperties", False)
        if set(out.get("propertyNames", {})) <= {"description"}:
            out.pop("propertyNames", None)
    return out
