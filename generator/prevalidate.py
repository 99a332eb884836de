"""Stage 2a: many path files not validated before, read, validated and checked in workers.

A cold build of a large site would otherwise hold every path's parsed file and validated
objects in its own process at once, about 230 MB per 1,000 paths, though after checking it
needs only a little of each. Here worker processes take the files one at a time: each is
read, validated and asked everything the later stages ask of every file (its own checks,
warnings, listing, the providers it names, its translation findings). Only those results
come back, into the memo under the keys the stages look them up by (`Memo.per_file`), and
the file is taken as known valid: it is read again only by whatever needs more of it (the
render workers, one path at a time).

Files an earlier build found valid are sent too when the memo lacks something the stages
will ask of them (`check` after a build: the translation findings with their places), with
the memo's answers at hand in the workers.

A file with any error is left to the build's own process, which reads it and reports its
errors as always, so errors are found and worded in one place. Files too few to be worth
workers are also left to it: there, keeping their objects costs little and saves reading
them again (the live preview's edits).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from . import load, model, parallel, validate
from .errors import ContentErrors
from .load import VALID, Document
from .memo import Memo
from .validate import Content, Located

# What a stage asks of one valid path file; its answer goes into the memo it is given.
Fact = Callable[[Located[model.Path], Content, Memo], object]
# A file takes about 8 ms to read, validate and check, and a worker about 50 ms to start.
FILES_PER_WORKER = 16


def prevalidate(unread: list[Document], sources: load.Sources, facts: Sequence[Fact], memo: Memo) -> None:
    """Note in `memo` which `unread` files (with their digests) are valid, with the `facts`
    of each, when the files the memo cannot answer for are enough to share among workers."""
    settings, _ = validate.validate(load.Sources(sources.site, sources.providers, []))  # its errors: reported later
    todo = [doc for doc in unread if not _answered(doc, settings, facts, memo)]
    if not parallel.workers_for(len(todo), None, FILES_PER_WORKER):
        return
    job = (todo, settings, facts, memo)
    for found in parallel.map_shared(_facts_of, job, range(len(todo)), per_worker=FILES_PER_WORKER):
        for key, value in (found or {}).items():
            memo.put(key, value)


class _Unanswered(Exception):
    """A fact needs a file's object: the memo has no answer for it."""


class _Probe(Located[model.Path]):
    """A file known to be valid, whose object is not to be read here."""

    __slots__ = ()

    @property
    def value(self) -> model.Path:
        raise _Unanswered


def _answered(doc: Document, settings: Content, facts: Sequence[Fact], memo: Memo) -> bool:
    """Whether the file is known to be valid and the memo holds every fact of it (e.g. a
    `check` after a build lacks only the translation findings with their places)."""
    if memo.peek(VALID + doc.digest) is None:
        return False
    probe = _Probe(None, doc)
    try:
        for fact in facts:
            fact(probe, settings, memo)
    except _Unanswered:
        return False
    return True


def _facts_of(job: tuple[list[Document], Content, Sequence[Fact], Memo], index: int) -> dict[str, Any] | None:
    """The memo entries of one valid file (none for a file with errors): what the build's
    memo holds of it, and what it did not."""
    todo, settings, facts, known = job
    unread = todo[index]
    try:
        doc = load.load_bytes(unread.source, unread.file)
    except ContentErrors:
        return None
    doc.digest = unread.digest
    path, _ = validate.model_of(model.Path, doc)
    if path is None:
        return None
    doc.release_data()
    located, memo = Located(path, doc), Memo.over(known)
    memo.put(VALID + doc.digest, True)
    for fact in facts:
        fact(located, settings, memo)
    return memo.used()
