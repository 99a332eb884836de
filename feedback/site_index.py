"""The built site's `feedback-index.json`, as the receiver and the report read it.

The receiver re-reads the file when a new build replaces it, so new paths and steps are
accepted without a restart.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from . import protocol

log = logging.getLogger("polku.feedback")


class SiteIndexError(Exception):
    """The index is missing or not one this receiver understands (a usage error)."""


@dataclass(frozen=True)
class PathInfo:
    id: str
    version: Mapping[str, str]  # language -> the content version its page shows
    languages: tuple[str, ...]
    title: Mapping[str, str]
    owner_team: Mapping[str, str]
    owner_email: str
    reply_within_working_days: int
    promise: Mapping[str, str]
    steps: Mapping[str, Mapping[str, str]]  # step id -> title per language, in path order


@dataclass(frozen=True)
class SiteIndex:
    base_url: str
    clean_urls: bool
    languages: tuple[str, ...]
    site_name: Mapping[str, str]
    messages: Mapping[str, Mapping[str, str]]
    paths: Mapping[str, PathInfo]

    @property
    def origin(self) -> str:
        """'https://polku.example.fi' from base_url: what browsers send as Origin."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def language(self, lang: object) -> str:
        """`lang` if the site has it, else the site's default language."""
        return lang if isinstance(lang, str) and lang in self.languages else self.languages[0]

    def message(self, lang: str, key: str, **values: object) -> str:
        return self.messages[self.language(lang)][key].format(**values)

    def home_url(self, lang: str) -> str:
        return self.base_url + self.language(lang) + ("/" if self.clean_urls else "/index.html")

    def page_url(self, path_id: str, lang: str, step: str | None = None) -> str:
        """The published address of a path page, at its feedback form or at the step."""
        page = f"{self.base_url}{lang}/{path_id}/" + ("" if self.clean_urls else "index.html")
        return page + (f"#step-{step}" if step else "#feedback")

    def title(self, path_id: str, step: str | None = None, lang: str | None = None) -> str:
        """A path's (or step's) title in `lang` or its first language; the id if unknown."""
        info = self.paths.get(path_id)
        if info is None:
            return step or path_id
        texts = info.steps.get(step, {}) if step else info.title
        return texts.get(lang or "", "") or next(iter(texts.values()), step or path_id)


def load(site_dir: Path) -> SiteIndex:
    file = site_dir / protocol.INDEX_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteIndexError(f"{file} not found: build the site first (python build.py build --output {site_dir})") from None
    except (OSError, ValueError) as exc:
        raise SiteIndexError(f"{file} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != protocol.INDEX_FORMAT:
        raise SiteIndexError(f"{file} is not a feedback index of format {protocol.INDEX_FORMAT}; rebuild the site with this Polku")
    try:
        index = _parse(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SiteIndexError(f"{file} is damaged ({exc!r}); rebuild the site") from None
    missing = sorted({key for lang in index.languages for key in protocol.RECEIVER_MESSAGES
                      if key not in index.messages.get(lang, {})})
    if missing:
        raise SiteIndexError(f"{file} lacks the messages {', '.join(missing)}; rebuild the site with this Polku")
    return index


def _parse(data: dict[str, Any]) -> SiteIndex:
    paths = {
        path_id: PathInfo(
            id=path_id,
            version=info["version"],
            languages=tuple(info["languages"]),
            title=info["title"],
            owner_team=info["owner"]["team"],
            owner_email=info["owner"]["email"],
            reply_within_working_days=int(info["reply_within_working_days"]),
            promise=info["promise"],
            steps=info["steps"],
        )
        for path_id, info in data["paths"].items()
    }
    return SiteIndex(
        base_url=data["base_url"],
        clean_urls=bool(data["clean_urls"]),
        languages=tuple(data["languages"]),
        site_name=data["site_name"],
        messages=data["messages"],
        paths=paths,
    )


class LiveIndex:
    """The current index of a site directory, re-read when a build replaces the file."""

    RECHECK_SECONDS = 1.0

    def __init__(self, site_dir: Path, clock: Callable[[], float] = time.monotonic):
        self._file = site_dir / protocol.INDEX_FILE
        self._site_dir = site_dir
        self._clock = clock
        self._index = load(site_dir)
        self._stamp = self._stat()
        self._checked = clock()
        self._lock = threading.Lock()

    def _stat(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self._file)
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def current(self) -> SiteIndex:
        now = self._clock()
        if now - self._checked < self.RECHECK_SECONDS:
            return self._index
        with self._lock:
            self._checked = now
            stamp = self._stat()
            if stamp is not None and stamp != self._stamp:
                try:
                    self._index = load(self._site_dir)
                    self._stamp = stamp
                    log.info("re-read %s: %d paths", self._file, len(self._index.paths))
                except SiteIndexError as exc:  # keep serving with the index we have
                    log.error("%s; still using the previous index", exc)
        return self._index
