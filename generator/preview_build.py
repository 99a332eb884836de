"""The live preview's build: the pipeline's stages, written into the preview directory.

`PreviewBuild.rebuild(changed_files)` is the one entry point, so a cache can later use
`changed_files` to redo only what an edit touched. For now every rebuild runs the whole
pipeline (check_content → render_site → check_links), as `build` does, and then writes only
the files whose bytes changed, each replaced atomically, so the server never serves a
half-written file. While the content has errors the preview directory keeps the last good
site and `state.errors` lists every error.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import pipeline
from .errors import ContentError
from .i18n import Messages
from .validate import Content


@dataclass(frozen=True)
class State:
    """What the preview shows, replaced as a whole at the end of each rebuild."""

    generation: int = 0  # goes up whenever what the browser would see changed
    errors: tuple[ContentError, ...] = ()
    content: Content | None = None
    catalogues: dict[str, Messages] = field(default_factory=dict)


@dataclass(frozen=True)
class Rebuilt:
    """One rebuild: the errors found and the output files written or removed."""

    errors: tuple[ContentError, ...]
    changed: tuple[str, ...]
    generation: int
    seconds: float
    pages: int


class PreviewBuild:
    """Builds `content_dir` with `theme_dir` into `output_dir`; one rebuild at a time."""

    def __init__(self, content_dir: Path, theme_dir: Path, output_dir: Path):
        self.content_dir = content_dir
        self.theme_dir = theme_dir
        self.output_dir = output_dir
        self.state = State()
        self._lock = threading.Lock()
        self._written: dict[str, bytes] = {}  # output name -> digest of the bytes in output_dir

    def rebuild(self, changed_files: Iterable[Path] | None = None) -> Rebuilt:
        """Bring the preview up to date. `changed_files` (None: anything may have changed) is
        not used yet: it is where an incremental cache slots in.

        Never raises for anything content, theme or file system can do: every problem becomes
        an error in the result, which the preview shows on its error page.
        """
        started = time.perf_counter()
        with self._lock:
            pages, changed, catalogues = 0, (), self.state.catalogues
            try:
                checked = pipeline.check_content(self.content_dir, self.theme_dir)
                errors, content = checked.errors, checked.content
                catalogues = checked.catalogues or catalogues  # none when the theme's are broken
                if not errors:
                    rendered = pipeline.render_site(checked, self.theme_dir)
                    errors = pipeline.check_links(checked, rendered)
                    if not errors:
                        pages, changed = rendered.pages, self._write(rendered.files)
            except Exception as exc:  # noqa: BLE001 - the preview must outlive any theme error, bug or I/O error
                traceback.print_exc()
                errors, content = [_unexpected(exc)], self.state.content
            previous = self.state
            errors = tuple(errors)
            generation = previous.generation + (1 if changed or errors != previous.errors else 0)
            self.state = State(generation, errors, content, catalogues)
        return Rebuilt(errors, changed, generation, time.perf_counter() - started, pages)

    def _write(self, files: dict[str, bytes]) -> tuple[str, ...]:
        """Write the files whose bytes changed and remove those no longer made; their names."""
        changed = []
        for name in sorted(self._written.keys() - files.keys()):
            (self.output_dir / name).unlink(missing_ok=True)
            del self._written[name]
            changed.append(name)
        for name, data in sorted(files.items()):
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if self._written.get(name) == digest:
                continue
            target = self.output_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            partial.write_bytes(data)
            os.replace(partial, target)  # atomic: a request sees the old file or the new one
            self._written[name] = digest
            changed.append(name)
        return tuple(changed)


def _unexpected(exc: Exception) -> ContentError:
    """A failure that is not the content's fault (a theme error, a bug), shown like an error."""
    return ContentError("(preview)", 1, 1, "", f"{type(exc).__name__}: {exc}",
                        "the terminal shows the details; `python build.py build` reports the same")
