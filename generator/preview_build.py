"""The live preview's build: the pipeline's stages, written into the preview directory.

Every rebuild runs the pipeline (check_content → render_site → check_links) as `build`
does, with a memo kept in memory: only files whose bytes changed since the last rebuild
are parsed, validated and checked again, and only paths whose inputs changed (their file,
the providers they name, site.yaml, the theme) are rendered again. Then only the files
whose bytes changed are written, each replaced atomically, so the server never serves a
half-written file. While the content has errors the preview directory keeps the last good
site and `state.errors` lists every error.

The search index takes seconds for a large site, so it is brought up to date in the
background once the editor has stopped saving for a second, at the lowest priority, and
only for the languages whose pages changed: the reload does not wait for it, and a rebuild
seldom shares the processor with it.

The memo holds millions of objects at 1,000 paths; after each rebuild they are frozen out
of the garbage collector's sight (`_settle_garbage`), or every few rebuilds a full
collection would add about a second.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline, search
from .errors import ContentError
from .i18n import Messages
from .memo import Memo
from .validate import Content


FULL_COLLECTION_EVERY = 100  # rebuilds
SEARCH_QUIET_SECONDS = 1.0  # after the last rebuild, before the search index is brought up to date


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
        self.memo = Memo()
        self._lock = threading.Lock()
        self._written: dict[str, str] = {}  # output name -> digest of the bytes in output_dir
        self._search = SearchRefresh(output_dir)
        self._rebuilds = 0

    def rebuild(self) -> Rebuilt:
        """Bring the preview up to date; what did not change is found in the memo.

        Never raises for anything content, theme or file system can do: every problem becomes
        an error in the result, which the preview shows on its error page.
        """
        started = time.perf_counter()
        with self._lock:
            pages, changed, catalogues = 0, (), self.state.catalogues
            try:
                checked = pipeline.check_content(self.content_dir, self.theme_dir, self.memo)
                errors, content = checked.errors, checked.content
                catalogues = checked.catalogues or catalogues  # none when the theme's are broken
                if not errors:
                    rendered = pipeline.render_site(checked, self.theme_dir, memo=self.memo, reuse=self._has)
                    errors = pipeline.check_links(checked, rendered, self.memo)
                    if not errors:
                        pages, changed = rendered.pages, self._write(rendered)
                        self._search.refresh(rendered, checked)
                self.memo.forget_unused()
            except Exception as exc:  # noqa: BLE001 - the preview must outlive any theme error, bug or I/O error
                traceback.print_exc()
                errors, content = [_unexpected(exc)], self.state.content
            previous = self.state
            errors = tuple(errors)
            generation = previous.generation + (1 if changed or errors != previous.errors else 0)
            self.state = State(generation, errors, content, catalogues)
            self._settle_garbage()
        return Rebuilt(errors, changed, generation, time.perf_counter() - started, pages)

    def _settle_garbage(self) -> None:
        """Take what the preview keeps out of the garbage collector's sight.

        The memo holds millions of objects at 1,000 paths; a full collection looks at every
        one of them (about a second) and happens every few rebuilds. Frozen objects are
        not looked at, which leaves only what one rebuild makes. Garbage in reference cycles
        among frozen objects is not freed, so once in a while everything is collected."""
        self._rebuilds += 1
        if self._rebuilds % FULL_COLLECTION_EVERY == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def _has(self, digests: dict[str, str]) -> bool:
        """A unit the memo kept can be reused when its files are in the preview as it made them."""
        return digests.items() <= self._written.items()

    def _write(self, rendered: pipeline.Rendered) -> tuple[str, ...]:
        """Write the files whose bytes changed and remove those no longer made; their names."""
        changed = []
        for name in sorted(self._written.keys() - rendered.digests.keys()):
            (self.output_dir / name).unlink(missing_ok=True)
            del self._written[name]
            changed.append(name)
        for name, data in sorted(rendered.files.items()):
            digest = rendered.digests[name]
            if self._written.get(name) != digest:
                replace_file(self.output_dir / name, data)
                self._written[name] = digest
                changed.append(name)
        return tuple(changed)

    def wait_for_search(self) -> None:
        """Until the search index is as up to date as the last rebuild (for tests)."""
        self._search.wait()

    def stop(self) -> None:
        """Let a search index being made finish, write nothing more (the server is going away)."""
        self._search.stop()


class SearchRefresh:
    """Re-indexes the preview for search in a background thread, one run at a time, only
    the languages whose pages changed since their last run, and only once no rebuild came
    for `quiet` seconds: while an editor keeps saving, Pagefind (seconds on a large site)
    would make every reload slower (by about 30 ms at 1,000 paths, even at the lowest priority)."""

    def __init__(self, output_dir: Path, quiet: float = SEARCH_QUIET_SECONDS):
        self.output_dir = output_dir
        self.quiet = quiet
        self._due = 0.0  # time.monotonic() when the index may be brought up to date
        self._latest: tuple[pipeline.Checked, pipeline.Rendered] | None = None  # the last rebuild's
        self._published: dict[str, str] = {}  # language -> digest of the pages its index in output_dir reflects
        self._parts: dict[str, tuple[str, dict[str, bytes]]] = {}  # language -> (digest, its part)
        self._files: dict[str, bytes] = {}
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def refresh(self, rendered: pipeline.Rendered, checked: pipeline.Checked) -> None:
        assert checked.content is not None
        if not checked.content.site.search:
            return
        with self._condition:
            self._latest = (checked, rendered)  # what the keys are made from, in the thread: not during the rebuild
            self._due = time.monotonic() + self.quiet
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        with self._condition:
            self._condition.wait_for(lambda: self._thread is None)

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        self.wait()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._stopped and time.monotonic() < self._due:
                    self._condition.wait(self._due - time.monotonic())
                latest = self._latest
            assert latest is not None
            wanted, keep_index_url = pipeline.search_keys(*latest), pipeline.keep_index_url(latest[0])
            with self._condition:
                if self._latest is not latest and not self._stopped:
                    continue  # another rebuild came meanwhile: wait for quiet again
                if wanted == self._published or self._stopped:
                    self._thread = None
                    self._condition.notify_all()
                    return
            stale = [lang for lang, key in wanted.items() if self._parts.get(lang, ("",))[0] != key]
            try:
                made = search.build_index(self.output_dir, keep_index_url, stale, in_background=True) if stale else {}
            except search.SearchError as exc:  # the build reports it; the preview keeps its old index
                print(f"preview: search index: {exc}", file=sys.stderr)
                made = None
            if made is not None and not self._stopped:
                self._parts = {lang: (key, made[lang]) if lang in made else self._parts[lang] for lang, key in wanted.items()}
                self._publish(search.join(part for _, part in self._parts.values()))
            with self._condition:
                self._published = wanted

    def _publish(self, files: dict[str, bytes]) -> None:
        """Write the files whose bytes changed, the entry file last (it names the others, so a
        search never starts from an entry whose files are not there yet); remove those no
        longer made."""
        for name in self._files.keys() - files.keys():
            (self.output_dir / name).unlink(missing_ok=True)
        for name, data in sorted(files.items(), key=lambda item: item[0] == search.ENTRY_FILE):
            if self._files.get(name) != data:
                replace_file(self.output_dir / name, data)
        self._files = files


def replace_file(target: Path, data: bytes) -> None:
    """Write a file atomically: a request sees the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def _unexpected(exc: Exception) -> ContentError:
    """A failure that is not the content's fault (a theme error, a bug), shown like an error."""
    return ContentError("(preview)", 1, 1, "", f"{type(exc).__name__}: {exc}",
                        "the terminal shows the details; `python build.py build` reports the same")
