"""Results of earlier builds, found again by a digest of everything they were made from.

Each result is stored under a key that is a digest of all of its inputs (a file's bytes,
site.yaml, the theme, the providers a path names, the build date, the options), so a key
that matches can only mean the same inputs and therefore the same result: nothing has to
decide what an edit invalidates, and a stale result cannot be served. What the code and
libraries themselves are goes into the stamp of the whole memo instead: a memo kept on
disk by another version of Polku is not used at all.

The live preview keeps its memo in memory; `build` keeps it in the cache folder between
runs. After every build only the results that build used are kept, so the memo does not
grow with each edit.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections import ChainMap
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

T = TypeVar("T")

MEMO_FILE = "memo.pickle"
# What is worth keeping between runs of `build`: rendered paths (kept without their bytes,
# which the output folder has), the search index, checks, warnings, the link check, and
# what the site's own pages show of each path (its listing) and which providers it names.
# Parsed and validated content is not: unpickling a thousand validated paths takes longer
# than parsing and validating them again. Instead the memo notes which files were valid, and
# a later build reads such a file only if it needs more of it than these results.
KEPT_ON_DISK = ("unit", "search", "check", "analyse", "feedback", "links", "translations", "valid", "uses", "listing")
# Libraries whose upgrade can change a result's bytes.
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Jinja2", "MarkupSafe", "pyromark", "nh3", "Babel", "pagefind")
CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "feedback")


def digest(*parts: bytes | str) -> str:
    """One short digest of several inputs; the lengths keep ('ab', 'c') apart from ('a', 'bc').
    SHA-256, not BLAKE2: processors with SHA extensions (most of today's) hash twice as fast
    with it, and every output file (3.7 MB for the feedback index at 1,000 paths) is hashed
    on every rebuild."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()[:32]


@functools.cache  # the code does not change under a running build, which asks twice (load and save)
def code_stamp() -> str:
    """A digest of Polku's own code, the libraries that shape its output and Python itself."""
    parts: list[bytes | str] = [sys.version]
    parts += [f"{name}={version}" for name, version in library_versions().items()]
    for folder in CODE_DIRS:
        for file in sorted(folder.rglob("*.py")):
            parts += [file.relative_to(folder).as_posix(), file.read_bytes()]
    return digest(*parts)


def library_versions() -> dict[str, str | None]:
    """The installed version of each library in LIBRARIES (None when it is missing)."""
    return {name: _version(name) for name in LIBRARIES}


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


class Memo:
    """Results by key; `get` makes what is missing, `forget_unused` drops what no build since
    the last call asked for."""

    def __init__(self, entries: Mapping[str, Any] | None = None):
        self._kept = {} if entries is None else entries
        self._used: dict[str, Any] = {}

    @classmethod
    def over(cls, base: Memo) -> Memo:
        """A memo that finds what `base` holds and keeps apart what is asked of it (a
        worker's, whose results go back to its build)."""
        return cls(ChainMap(base._used, base._kept))

    def get(self, key: str, make: Callable[[], T]) -> T:
        if key in self._used:
            return self._used[key]
        value = self._kept[key] if key in self._kept else make()
        self._used[key] = value
        return value

    def per_file(self, kind: str, doc: Any, make: Callable[[], T], context: str = "") -> T:
        """`make()` once per version of a content file (`doc.digest`; a document read some
        other way has none and is not remembered), and of `context`.

        The result is also kept on the document (`doc.results`, the latest `context` of each
        kind): the preview keeps a file's document while the file stays the same, and asks
        this for every file several times a rebuild, so a look-up there saves building the
        key. The memo keeps what it made for `build` to save."""
        if not doc.digest:
            return make()
        kept = doc.results.get(kind)
        if kept is not None and kept[0] == context:
            return kept[1]
        value = self.get(f"{kind}:{doc.digest}:{context}", make)
        doc.results[kind] = (context, value)
        return value

    def peek(self, key: str) -> Any | None:
        """A result if there is one, without making it (for results that need checking first)."""
        return self._used.get(key, self._kept.get(key))

    def put(self, key: str, value: T) -> T:
        self._used[key] = value
        return value

    def used(self) -> dict[str, Any]:
        """Every result asked for or made since the last `forget_unused` (a worker's, for its build)."""
        return dict(self._used)

    def forget_unused(self) -> None:
        self._kept, self._used = self._used, {}

    def save(self, file: Path, stamp: str, kinds: tuple[str, ...] = KEPT_ON_DISK) -> None:
        """Keep the results of `kinds` this build used, atomically."""
        self.forget_unused()
        kept = {key: value for key, value in self._kept.items() if key.split(":", 1)[0] in kinds}
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(f".{file.name}.{os.getpid()}")
        with open(temporary, "wb") as out:
            pickle.dump((stamp, kept), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)

    @classmethod
    def load(cls, file: Path, stamp: str) -> Memo:
        """The memo kept in `file` by this version of Polku; an empty one otherwise."""
        try:
            with open(file, "rb") as source:
                kept_stamp, entries = pickle.load(source)
        except Exception:  # noqa: BLE001 - a missing, truncated or foreign cache file only costs time
            return cls()
        return cls(entries) if kept_stamp == stamp and isinstance(entries, dict) else cls()
