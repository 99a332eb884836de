"""The built site's path index for the feedback receiver: `feedback-index.json`.

The receiver checks submissions against it (known paths, steps and languages), builds
its thank-you pages from it (titles, messages, the link back) and the editors' report
names paths and steps with it. It holds nothing that the pages do not already show.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any, Iterable

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from feedback import protocol

from . import jsontext
from .i18n import Messages
from .model import LocalizedUrl, Path, Text
from .validate import Content


def content_version(path: Path, lang: str) -> str:
    """A short hash of the path as a reader of `lang` reads it: its texts in that language and
    everything that is not text (steps, their order, conditions, dates). Feedback is tied to
    what was read, so an edit to the Finnish text leaves the English version as it was (and
    the English pages, which carry it, the same bytes: their search index is kept)."""
    return content_digest(path, lang)[:16]


def content_digest(path: Path, lang: str) -> str:
    """The whole hash behind `content_version`, which the build also keeps a path's pages in
    `lang` under. Kept with the path: its pages, the feedback index and the build each ask."""
    kept = path.read_digests.get(lang)
    if kept is None:
        canonical = json.dumps(_as_read(path, lang), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        kept = path.read_digests[lang] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return kept


def _as_read(value: Any, lang: str) -> Any:
    """`value` as plain JSON values, with every text and per-language link in `lang` only."""
    if value is None or isinstance(value, (str, bool, int, float)):  # most values: first
        return value
    if isinstance(value, (Text, LocalizedUrl)):
        return value.root.get(lang) if isinstance(value.root, dict) else value.root
    if isinstance(value, BaseModel):  # its fields only: __dict__ also holds cached properties
        fields = value.__dict__
        return {name: _as_read(fields[name], lang) for name in _field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return [_as_read(item, lang) for item in value]
    if isinstance(value, dict):
        return {str(key): _as_read(item, lang) for key, item in value.items()}
    return to_jsonable_python(value)


@functools.cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def promise(path: Path, t: Messages) -> str:
    """'Business services handles feedback and replies within 5 working days.'"""
    days = path.service_promise.reply_within_working_days
    return t.count("feedback_promise", days, team=path.service_promise.handled_by.get(t.lang))


def index_json(content: Content, catalogues: dict[str, Messages], entries: Iterable[bytes] | None = None) -> bytes:
    """The index; `entries` are the paths' entries (`entry_json`) in the order of their ids,
    when the build kept them."""
    site = content.site
    if entries is None:
        entries = (entry_json(located.value, catalogues) for located in sorted(content.paths, key=lambda path: path.value.id))
    head = {
        "format": protocol.INDEX_FORMAT,
        "base_url": site.base_url.rstrip("/") + "/",
        "clean_urls": site.clean_urls,
        "languages": site.languages,
        "site_name": {lang: site.name.get(lang) for lang in site.languages},
        # Unformatted: the receiver fills in the placeholders.
        "messages": {lang: {key: catalogues[lang].table[key] for key in protocol.RECEIVER_MESSAGES}
                     for lang in site.languages},
    }
    # The paths' entries are joined in as they were kept, not encoded again: the same JSON
    # as encoding the whole index at once, in a fraction of the time (joined as bytes: the
    # index of 1,000 paths is 2 MB of mostly non-ASCII text, costly to copy as a str).
    return jsontext.with_last_member(head, "paths", b"{", b",".join(entries), b"}")


def entry_json(path: Path, catalogues: dict[str, Messages]) -> bytes:
    return f"{jsontext.compact(path.id)}:{jsontext.compact(path_entry(path, catalogues))}".encode()


def path_entry(path: Path, catalogues: dict[str, Messages]) -> dict[str, Any]:
    return {
        "version": {lang: content_version(path, lang) for lang in path.languages},
        "languages": path.languages,
        "title": {lang: path.title.get(lang) for lang in path.languages},
        "owner": {"team": {lang: path.owner.team.get(lang) for lang in path.languages}, "email": path.owner.email},
        "reply_within_working_days": path.service_promise.reply_within_working_days,
        "promise": {lang: promise(path, catalogues[lang]) for lang in path.languages},
        "steps": {step.id: {lang: step.title.get(lang) for lang in path.languages} for step in path.steps()},
    }
