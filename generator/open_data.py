"""Open data: every path as JSON, with a JSON Schema, under the licence named in site.yaml.

The data is the content itself, in every language of the path, as validated by the content
model: one file per path (`data/<id>.json`) with the providers its steps refer to and the
address of its page in each language, and a catalogue of all paths (`data/index.json`).
The schemas are generated from the same pydantic models, so they cannot drift apart from
what is published. Nothing is published unless site.yaml names a licence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from . import jsontext
from .context import Listing, Urls, data_file, listings
from .model import Lang, Licence, Path, Provider, SiteConfig, Text
from .validate import Content

DATA = "data"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class Published(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(alias="$schema", description="Address of this document's JSON Schema")
    licence: Licence
    publisher: Text = Field(description="The organisation publishing the data, per language")


class PublishedPath(Published):
    """One service path of a Polku site, in all its languages."""

    model_config = ConfigDict(title="Polku service path")

    pages: dict[Lang, str] = Field(description="The path's web page in each of its languages")
    path: Path
    providers: list[Provider] = Field(description="Every organisation the path's steps refer to")


class CatalogueEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: Text
    summary: Text
    languages: list[Lang]
    last_reviewed: dt.date
    data: str = Field(description="Address of the path's JSON document")
    pages: dict[Lang, str] = Field(description="The path's web page in each of its languages")


class Catalogue(Published):
    """Every service path of a Polku site, with links to their JSON documents."""

    model_config = ConfigDict(title="Polku service paths")

    paths: list[CatalogueEntry]


SCHEMAS = {"path.schema.json": PublishedPath, "index.schema.json": Catalogue}


def open_data_files(content: Content) -> dict[str, bytes]:
    """Every open data file: the schemas, the catalogue, and one document per path."""
    files = schema_files(content.site) | index_file(content.site, listings(content))
    for located in content.paths:
        files.update(path_file(content, located.value))
    return files


def schema_files(site: SiteConfig) -> dict[str, bytes]:
    if site.open_data_licence is None:
        return {}
    urls = Urls(site, "")
    return {f"{DATA}/{name}": _json(schema(model, _address(urls, name))) for name, model in SCHEMAS.items()}


def index_file(site: SiteConfig, paths: list[Listing]) -> dict[str, bytes]:
    """`data/index.json`, the catalogue of every path."""
    if site.open_data_licence is None:
        return {}
    urls = Urls(site, "")

    def entry(path: Listing) -> str:
        return jsontext.compact(_dump(CatalogueEntry(
            id=path.id, title=path.title, summary=path.summary, languages=path.languages,
            last_reviewed=path.last_reviewed, data=urls.base_url + data_file(path.id), pages=_pages(urls, path))))

    head = _dump(Catalogue(schema_=_address(urls, "index.schema.json"), licence=site.open_data_licence,
                           publisher=site.organisation, paths=[]))
    assert list(head)[-1] == "paths"  # the entries, kept encoded with each listing, are joined in last
    del head["paths"]
    entries = ",".join(path.part("catalogue entry", urls.base_url, entry) for path in paths)
    return {f"{DATA}/index.json": jsontext.with_last_member(head, "paths", f"[{entries}]".encode())}


def path_file(content: Content, path: Path) -> dict[str, bytes]:
    """`data/<id>.json`: the path with the providers it names (none without a licence)."""
    site = content.site
    if site.open_data_licence is None:
        return {}
    urls = Urls(site, "")
    provider_ids = dict.fromkeys(step.provider for step in path.steps() if step.provider)
    document = PublishedPath(
        schema_=_address(urls, "path.schema.json"), licence=site.open_data_licence, publisher=site.organisation,
        pages=_pages(urls, path), path=path, providers=[content.providers[p].value for p in provider_ids],
    )
    return {data_file(path.id): _json(_dump(document))}


def _pages(urls: Urls, path: Path | Listing) -> dict[str, str]:
    return {lang: urls.absolute(f"{lang}/{path.id}") for lang in path.languages}


def schema(model: type[BaseModel], address: str) -> dict[str, Any]:
    """The JSON Schema of a published document, generated from its model."""
    generated = model.model_json_schema(mode="serialization", by_alias=True)
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": address, **generated}


def _address(urls: Urls, name: str) -> str:
    return f"{urls.base_url}{DATA}/{name}"


def _dump(document: BaseModel) -> Any:
    return document.model_dump(mode="json", by_alias=True, exclude_none=True)


def _json(value: Any) -> bytes:
    return (jsontext.compact(value) + "\n").encode()
