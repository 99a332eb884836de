"""Stage 2, model: loaded documents into pydantic objects, with errors editors can act on.

Pydantic reports errors as `loc` tuples and developer-oriented messages. Here each one
is mapped back to the file, line and column it came from and reworded in plain language,
with a hint, and every error of every file is collected before anything stops.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from . import model
from .errors import ContentError, did_you_mean, field_path
from .load import VALID, Document, Sources
from .memo import Memo

M = TypeVar("M", bound=BaseModel)


class Located(Generic[M]):
    """A validated object with the document it came from, for located cross-file errors.

    A path file that an earlier build validated, with the same bytes, is read and validated
    again only when something asks for its object (`value`): a build that finds everything
    made from the file in its memo (checks, warnings, listing, rendered pages) never does."""

    __slots__ = ("_value", "doc", "at")

    def __init__(self, value: M | None, doc: Document, at: tuple[str | int, ...] = ()):
        self._value, self.doc, self.at = value, doc, at

    @property
    def value(self) -> M:
        if self._value is None:
            self._value = self.read_value()
        return self._value

    def read_value(self) -> M:
        """The object, read and validated if need be but then not kept: a render worker asks
        this of each of its paths once, and would otherwise end up holding them all."""
        if self._value is not None:
            return self._value
        value = model.Path.model_validate(self.doc.data)  # a path known to be valid: see `validate`
        self.doc.release_data()
        return value  # type: ignore[return-value]


@dataclass
class Content:
    site: model.SiteConfig
    site_doc: Document | None
    providers: dict[str, Located[model.Provider]]
    providers_doc: Document | None
    providers_valid: bool
    paths: list[Located[model.Path]] = field(default_factory=list)


def validate(sources: Sources, memo: Memo | None = None) -> tuple[Content, list[ContentError]]:
    """Validate every loaded document; what fails is left out and reported. With a memo, a
    path file validated before (same name and bytes) is not validated again."""
    memo = memo or Memo()
    errors: list[ContentError] = []

    site = model.SiteConfig()
    if sources.site is not None:
        site = _validate(model.SiteConfig, sources.site, errors) or site

    providers: dict[str, Located[model.Provider]] = {}
    providers_file = None
    if sources.providers is not None:
        providers_file = _validate(model.ProvidersFile, sources.providers, errors)
        for index, provider in enumerate(providers_file.providers if providers_file else ()):
            if provider.id in providers:
                errors.append(sources.providers.error(
                    ("providers", index, "id"), f"provider id '{provider.id}' is used twice", "give each provider its own id"))
            providers[provider.id] = Located(provider, sources.providers, ("providers", index))

    content = Content(
        site=site,
        site_doc=sources.site,
        providers=providers,
        providers_doc=sources.providers,
        providers_valid=sources.providers is None or providers_file is not None,
    )
    for doc in sources.paths:
        if not doc.read:  # load_content leaves unread only a file an earlier build found valid
            content.paths.append(Located(None, doc))  # validated when (if ever) its object is asked for
            memo.put(VALID + doc.digest, True)
            continue
        path, path_errors = memo.per_file("validate", doc, lambda: model_of(model.Path, doc))
        errors += path_errors
        if path is not None:
            content.paths.append(Located(path, doc))
            doc.release_data()
            if doc.digest:
                memo.put(VALID + doc.digest, True)
    return content, errors


def _validate(cls: type[M], doc: Document, errors: list[ContentError]) -> M | None:
    value, found = model_of(cls, doc)
    errors.extend(found)
    return value


def model_of(cls: type[M], doc: Document) -> tuple[M | None, list[ContentError]]:
    """One document as a `cls` object, or None with its errors (the schema tests compare verdicts)."""
    try:
        return cls.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_friendly(cls, doc, error) for error in exc.errors(include_url=False)]


# ---------------------------------------------------------------- friendly messages


def _friendly(cls: type[BaseModel], doc: Document, error: Any) -> ContentError:
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    ctx = error.get("ctx") or {}
    path = doc.resolve(loc)
    target = _node_at(cls, loc)

    if kind == "missing":
        name = loc[-1]
        line, column = doc.mark(path)
        return ContentError(doc.file, line, column, field_path(path + (name,)),
                            f"required field '{name}' is missing", f"add '{name}:'")
    if kind == "extra_forbidden":
        name = loc[-1]
        allowed = _field_names(_node_at(cls, loc[:-1]))
        return doc.error(path, f"unknown field '{name}'", did_you_mean(str(name), allowed), key=True)
    if kind == "union_tag_not_found":
        tag_key = str(ctx.get("discriminator", "type")).strip("'")
        line, column = doc.mark(path)
        return ContentError(doc.file, line, column, field_path(path + (tag_key,)),
                            f"required field '{tag_key}' is missing", f"say which kind this is, e.g. '{tag_key}: phone'")
    if loc and loc[-1] == "[key]":  # a mapping key itself is wrong, e.g. a language code
        message, hint = _reword(kind, value, ctx, error["msg"], target)
        return doc.error(path, message, hint, key=True)
    if kind == "union_tag_invalid":
        tag_key = str(ctx.get("discriminator", "type")).strip("'")
        choices = [tag.strip(" '") for tag in str(ctx.get("expected_tags", "")).split(",")]
        return doc.error(doc.resolve(loc + (tag_key,)), f"unknown type '{ctx.get('tag')}'", _choices_hint(ctx.get("tag"), choices))
    message, hint = _reword(kind, value, ctx, error["msg"], target)
    return doc.error(path, message, hint)


def _reword(kind: str, value: Any, ctx: dict[str, Any], msg: str, target: Any) -> tuple[str, str]:
    shown = _show(value)
    if value is None and kind not in ("missing",):
        return ("is empty", "give a value after the colon, or remove the line")
    if kind in ("dict_type", "model_type") and _is_text(target):
        return ("expected the text per language", "write it as 'fi: …' and 'en: …' lines, indented under this key")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"expected a mapping of 'key: value' lines, got {shown}", "")
    if kind == "list_type":
        return (f"expected a list, got {shown}", "write each item on its own line starting with '- '")
    if kind == "string_type":
        hint = "put it in quotes to make it text" if isinstance(value, bool) else ""
        return (f"expected text, got {shown}", hint)
    if kind == "bool_type":
        return (f"expected true or false, got {shown}", "only the words true and false are yes/no values")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return (f"expected a whole number, got {shown}", "")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "finite_number"):
        return (f"expected a number, got {shown}", "write euros like 450 or 12.50")
    if kind == "decimal_max_places":
        return (f"{shown} has more than {ctx.get('decimal_places')} decimals", "")
    if kind.startswith("date") or kind.startswith("datetime"):
        return (f"{shown} is not a valid date", "write dates as YYYY-MM-DD, e.g. 2027-04-29")
    if kind == "string_pattern_mismatch":
        noun, hint = model.PATTERN_HINTS.get(ctx.get("pattern", ""), ("allowed here", ""))
        return (f"{shown} is not {noun}", hint)
    if kind == "literal_error":
        choices = [choice.strip(" '") for choice in ctx.get("expected", "").replace(" or ", ",").split(",")]
        return (f"{shown} is not one of the allowed values", _choices_hint(value, choices))
    if kind == "too_short":
        return (f"needs at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''}", "")
    if kind in ("greater_than_equal", "greater_than"):
        return (f"{shown} is too small; the smallest allowed is {ctx.get('ge', ctx.get('gt'))}", "")
    if kind in ("less_than_equal", "less_than"):
        return (f"{shown} is too large; the largest allowed is {ctx.get('le', ctx.get('lt'))}", "")
    if kind == "value_error":
        return (msg.removeprefix("Value error, "), "")
    return (msg[0].lower() + msg[1:], "")


def _choices_hint(value: Any, choices: list[str]) -> str:
    close = did_you_mean(str(value), choices)
    listed = "use one of: " + ", ".join(choices)
    return close if close.startswith("did you mean") else listed


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


# ---------------------------------------------------------------- walking the model by loc


def _flatten(annotation: Any) -> list[Any]:
    """The concrete types behind Annotated, Optional and Union wrappers."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _flatten(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _flatten(arg)]
    if isinstance(annotation, type) and issubclass(annotation, RootModel) and annotation is not model.Text:
        return [annotation, *_flatten(annotation.model_fields["root"].annotation)]
    return [annotation]


def _descend(node: Any, part: Any) -> Any:
    for candidate in _flatten(node):
        origin = typing.get_origin(candidate)
        if isinstance(part, int) and origin is list:
            return typing.get_args(candidate)[0]
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if candidate.__name__ == part or _literal_type(candidate) == part:
                return candidate
            for name, info in candidate.model_fields.items():
                if part in (name, info.alias):
                    return info.annotation
    for candidate in _flatten(node):
        if typing.get_origin(candidate) is dict and isinstance(part, str):
            return typing.get_args(candidate)[1]
    return node  # a union tag such as 'Scalar': stay where we are


def _node_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    node: Any = cls
    for part in loc:
        node = _descend(node, part)
    return node


def _literal_type(cls: type[BaseModel]) -> str | None:
    info = cls.model_fields.get("type")
    if info is not None and typing.get_origin(info.annotation) is typing.Literal:
        return typing.get_args(info.annotation)[0]
    return None


def _field_names(node: Any) -> set[str]:
    return {
        info.alias or name
        for candidate in _flatten(node)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and not issubclass(candidate, RootModel)
        for name, info in candidate.model_fields.items()
    }


def _is_text(node: Any) -> bool:
    return any(candidate is model.Text for candidate in _flatten(node))
