"""The no-op fast path: a record of the last successful build, to skip the next one when
nothing it depends on has changed.

The record holds a fingerprint of every input of the build (each file of the content
folder and of the theme, Polku's own code, the versions of the libraries that shape the
output, the options, the environment variables it reads, and the build date that calendar
files and feeds depend on) and a list of the output files with their sizes and
modification times. When the fingerprint is the same and the output is exactly as that
build left it, the build would write the same bytes, so it is skipped.

Otherwise the record still vouches for the digests of the output files that are exactly
as that build left it, so the next build can link them instead of reading them; and the
memo beside it (generator/memo.py) lets that build skip the work whose inputs did not
change.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import ics
from .memo import CODE_DIRS, MEMO_FILE, library_versions
from .write import MARKER

RECORD_FILE = "last-build.json"
FORMAT = 2
# Environment variables the build reads: the build date, and which Pagefind program runs.
ENVIRONMENT = ("SOURCE_DATE_EPOCH", "PAGEFIND_BINARY_PATH")

Manifest = dict[str, list[int]]  # output file -> [size, modification time in ns]


def default_cache_dir(content_dir: Path) -> Path:
    """`.cache/polku/` beside the content folder."""
    return content_dir.resolve().parent / ".cache" / "polku"


@dataclass
class Record:
    fingerprint: str
    pages: int
    warnings: list[str]  # as printed, to print them again
    translations: str | None  # the translations summary line, if the build printed one
    files: Manifest
    digests: dict[str, str]  # output file -> digest of its bytes


def fingerprint(content_dir: Path, theme_dir: Path, output_dir: Path, options: dict[str, Any]) -> str:
    """A digest of everything the output depends on; raises BuildDateError for a bad
    SOURCE_DATE_EPOCH, as the build would."""
    digest = hashlib.sha256()
    settings = {
        "format": FORMAT, "python": sys.version, "options": options,
        "content": str(content_dir.resolve()), "theme": str(theme_dir.resolve()), "output": str(output_dir.resolve()),
        "libraries": library_versions(),
        "build_date": ics.build_date().isoformat(),
        "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
    }
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for folder in (content_dir, theme_dir, *CODE_DIRS):
        for file in _files(folder):
            if file.suffix != ".pyc":
                digest.update(f"\0{file.relative_to(folder).as_posix()}\0".encode())
                digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class LastBuild:
    """The last build's record, and the output as it is now: listed once per build, for the
    no-op check and for the digests the next build may trust."""

    record: Record | None
    files: Manifest

    @classmethod
    def read(cls, cache_dir: Path, output_dir: Path) -> LastBuild:
        return cls(_last(cache_dir), manifest(output_dir))

    def unchanged(self, current: str) -> Record | None:
        """The record when it had this fingerprint and the output is untouched."""
        record = self.record
        if record is None or record.fingerprint != current or MARKER not in record.files or self.files != record.files:
            return None
        return record

    def known_digests(self) -> dict[str, str]:
        """The digests of the output files that are as the last build left them."""
        if self.record is None:
            return {}
        return {name: self.record.digests[name] for name, stat in self.record.files.items()
                if self.files.get(name) == stat and name in self.record.digests}


def memo_file(cache_dir: Path) -> Path:
    return cache_dir / MEMO_FILE


def _last(cache_dir: Path) -> Record | None:
    try:
        return Record(**json.loads((cache_dir / RECORD_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def remember(cache_dir: Path, output_dir: Path, record: Record) -> None:
    """Keep the record of a build that just succeeded (written atomically)."""
    record.files = manifest(output_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{RECORD_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(asdict(record), sort_keys=True), encoding="utf-8")
    os.replace(temporary, cache_dir / RECORD_FILE)


def manifest(output_dir: Path) -> Manifest:
    """Every output file's size and modification time (os.scandir: pathlib's rglob and stat
    take several times as long for ten thousand files)."""
    found: Manifest = {}
    folders = [("", str(output_dir))] if output_dir.is_dir() else []
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    stat = entry.stat()
                    found[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]
    return dict(sorted(found.items()))


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)

