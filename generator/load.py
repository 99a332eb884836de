"""Stage 1, load: strict YAML into plain values, remembering where each value stood.

PyYAML's own constructors follow YAML 1.1, where `NO` is false, `00100` is octal and
`1.10` is a float. We build values from the parser's events instead: every scalar stays
text except the plain words `true` and `false` (and empty/`null`, which mean "no value").
The model stage then parses numbers and dates for the fields that want them.

Line and column numbers are only needed to report an error, and recording one for every
value costs as much as the parsing itself. So a file is first read without them, and read
again, recording them, only when something asks where a value stood (or when the first
reading meets anything unusual, which the located reading then reports).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from .errors import ContentError, ContentErrors, field_path
from .memo import Memo, digest

try:  # libyaml's parser is several times faster; the events are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 32

DataPath = tuple[Any, ...]
Mark = tuple[int, int]


_RELEASED = object()  # a document's values, let go after validation
_UNREAD = object()  # a document's values, not read yet: see `unread`


class Document:
    """A loaded YAML file: its data and the 1-based line/column of every value and key.

    A document read without marks keeps its source and locates its values the first time a
    mark is asked for. It keeps the source as UTF-8 bytes: a build holds every file's, and
    as text one non-Latin-1 character (a dash, a euro sign) doubles its size.
    """

    def __init__(self, file: str, data: Any, marks: dict[DataPath, Mark] | None = None,
                 key_marks: dict[DataPath, Mark] | None = None, source: bytes | None = None):
        self.file = file
        self._data = data
        self.digest = ""  # of the file's name and bytes, set by load_content: results made from it are kept under it
        self.results: dict[str, tuple[str, Any]] = {}  # kind -> (context, result): see Memo.per_file
        self._marks = {} if marks is None else marks
        self._key_marks = {} if key_marks is None else key_marks
        self._source = source

    @classmethod
    def unread(cls, file: str, raw: bytes) -> Document:
        """A file that an earlier build read and validated without an error, with these same
        bytes: its values are read only when something asks for them (a build that finds
        every result made from the file in its memo never does)."""
        return cls(file, _UNREAD, source=raw)

    @property
    def data(self) -> Any:
        if self._data is _RELEASED or self._data is _UNREAD:
            self._data = _values(self._source.decode("utf-8"))  # type: ignore[union-attr]
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data = value

    def release_data(self) -> None:
        """Let the values go once they are validated: the content objects share their texts,
        and a build holds every file (the containers alone, tens of KB a path). They are read
        again from the source if an error needs them."""
        if self._source is not None:
            self._data = _RELEASED

    @property
    def source(self) -> bytes:
        """The bytes of a file not read yet (see `unread`)."""
        assert self._data is _UNREAD and self._source is not None
        return self._source

    @property
    def read(self) -> bool:
        """Whether the file's values have been read (they may have been let go since)."""
        return self._data is not _UNREAD

    def may_contain(self, text: str) -> bool:
        """Whether some value could contain `text`, without reading released values again: a
        value's text stands in the source as written, unless an escape (a backslash) or a
        doubled quote wrote it otherwise, or it spans folded lines (only at white space)."""
        if self._data is not _RELEASED and self._data is not _UNREAD:
            return True
        source: bytes = self._source  # type: ignore[assignment]  # kept while the values are released
        return b"\\" in source or "'" in text or any(char.isspace() for char in text) or text.encode() in source

    @property
    def marks(self) -> dict[DataPath, Mark]:
        self._locate()
        return self._marks

    @property
    def key_marks(self) -> dict[DataPath, Mark]:
        self._locate()
        return self._key_marks

    def _locate(self) -> None:
        if self._source is not None:
            located = _load_located(self._source.decode("utf-8"), self.file)
            self._marks, self._key_marks, self._source = located.marks, located.key_marks, None
            if self._data is _RELEASED or self._data is _UNREAD:
                self._data = located.data

    def mark(self, path: DataPath, key: bool = False) -> Mark:
        """Where `path` stands; the nearest enclosing value when it is absent."""
        table = self.key_marks if key else self.marks
        while path not in table and path:
            path = path[:-1]
            table = self.marks
        return table.get(path, (1, 1))

    def error(self, path: DataPath, message: str, hint: str = "", key: bool = False) -> ContentError:
        line, column = self.mark(path, key)
        return ContentError(self.file, line, column, field_path(path), message, hint)

    def resolve(self, loc: tuple[Any, ...]) -> DataPath:
        """Follow a pydantic `loc` through the data, dropping union tags and model names."""
        current, path = self.data, ()
        for part in loc:
            if isinstance(current, dict) and isinstance(part, str) and part in current:
                current, path = current[part], path + (part,)
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                current, path = current[part], path + (part,)
        return path


class _Stop(Exception):
    """A structural problem after which the rest of the file cannot be read reliably."""


def load_file(path: Path, display: str) -> Document:
    """Read and parse one YAML file; raises ContentErrors with every problem found."""
    return load_bytes(read_file(path, display), display)


def read_file(path: Path, display: str) -> bytes:
    """A content file's bytes; raises ContentErrors when it cannot be read or is too big."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentErrors([ContentError(display, 1, 1, "", f"cannot read the file: {exc.strerror}")])
    if size > MAX_BYTES:
        raise ContentErrors([ContentError(
            display, 1, 1, "", f"the file is {size:,} bytes, more than the {MAX_BYTES:,} allowed",
            "split it into several paths, or move long texts out of it",
        )])
    try:
        return path.read_bytes()
    except OSError as exc:  # deleted or made unreadable since the stat
        raise ContentErrors([ContentError(display, 1, 1, "", f"cannot read the file: {exc.strerror}")])


def load_bytes(raw: bytes, display: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentErrors([ContentError(
            display, line, column, "", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            "save the file with UTF-8 encoding",
        )]) from None
    return _load(text.removeprefix("\ufeff"), raw.removeprefix(b"\xef\xbb\xbf"), display)


def load_text(text: str, display: str) -> Document:
    return _load(text, text.encode("utf-8"), display)


def _load(text: str, raw: bytes, display: str) -> Document:
    """`text`, whose UTF-8 bytes are `raw`."""
    try:
        data = _values(text)
    except (_Unusual, yaml.YAMLError):
        return _load_located(text, display)
    return Document(display, data, source=raw)


def _load_located(text: str, display: str) -> Document:
    """Read a file recording every value's line and column, and report what is wrong with it."""
    builder = _Builder(display)
    try:
        builder.build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        builder.errors.append(_syntax_error(exc, text, display))
    except yaml.reader.ReaderError as exc:
        builder.errors.append(_unprintable(exc, text, display))
    except _Stop:
        pass
    if builder.errors:
        raise ContentErrors(builder.errors)
    if builder.document is None:
        raise ContentErrors([ContentError(display, 1, 1, "", "the file is empty", "write its content, or delete the file")])
    if not isinstance(builder.document.data, dict):
        raise ContentErrors([ContentError(display, 1, 1, "", "the file must be a mapping of 'key: value' lines at the top level")])
    return builder.document


def _unprintable(exc: yaml.reader.ReaderError, text: str, display: str) -> ContentError:
    before = text[: exc.position]
    line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    hint = "the file may be saved as UTF-16; save it as UTF-8" if exc.character == 0 else "delete the character"
    return ContentError(display, line, column, "", f"the file contains the control character U+{exc.character:04X}", hint)


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "text containing ': ' must be put in quotes"),
    ("could not find expected ':'", "each line inside a mapping needs 'key: value'"),
    ("did not find expected key", "check the indentation: items of one mapping must line up"),
    ("did not find expected '-' indicator", "check the indentation: items of one list must line up"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("while scanning a quoted scalar", "a quote is not closed"),
    ("found character '%' that cannot start any token", "put text starting with % in quotes"),
    ("found character '@' that cannot start any token", "put text starting with @ in quotes"),
    ("found character '`' that cannot start any token", "put text starting with ` in quotes"),
)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> ContentError:
    if exc.problem_mark is not None:
        # libyaml words a tab in indentation in several ways; say it plainly.
        number = exc.problem_mark.line + 1
        lines = text.splitlines()
        current = lines[number - 1] if number <= len(lines) else ""
        indent = re.match(r"[ \t]*", current).group(0)  # type: ignore[union-attr]
        if "\t" in indent:
            return ContentError(display, number, indent.index("\t") + 1, "", "tab character used for indentation",
                                "YAML indents with spaces; set your editor to insert spaces")
    # An unclosed quote is found at the end of the file; where it opened is more useful.
    opened = exc.context and "scanning a quoted" in exc.context and exc.context_mark
    mark = exc.context_mark if opened else (exc.problem_mark or exc.context_mark)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    text = f"{exc.context or ''} {problem}"
    hint = next((hint for needle, hint in _SYNTAX_HINTS if needle in text), "")
    return ContentError(display, line, column, "", f"YAML syntax error: {problem}", hint)


class _Unusual(Exception):
    """Something the fast reading leaves to the located one, which reports it in place."""


def _values(text: str) -> dict[str, Any]:
    """The data of a well-formed file, read straight from libyaml's events without marks."""
    loader = _Loader(text)
    try:
        next_event = loader.get_event
        next_event()  # the stream's start
        if type(next_event()) is not yaml.DocumentStartEvent:
            raise _Unusual  # an empty file
        data = _value(next_event, next_event(), 0)
        next_event()  # the document's end
        if type(next_event()) is not yaml.StreamEndEvent or type(data) is not dict:
            raise _Unusual  # a second document, or no mapping at the top
        return data
    finally:
        loader.dispose()


def _value(next_event: Any, event: yaml.Event, depth: int) -> Any:
    """One value and everything inside it; mirrors _Builder._node minus the bookkeeping."""
    # Aliases carry their name in `anchor` too, so this refuses them along with anchors.
    if event.anchor is not None or getattr(event, "tag", None) not in (None, "!") or depth > MAX_DEPTH:
        raise _Unusual
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return _scalar(event)
    if kind is yaml.MappingStartEvent:
        mapping: dict[str, Any] = {}
        while True:
            key = next_event()
            if type(key) is yaml.MappingEndEvent:
                return mapping
            if type(key) is not yaml.ScalarEvent or key.anchor is not None or key.tag not in (None, "!") \
                    or key.value in mapping:
                raise _Unusual
            mapping[key.value] = _value(next_event, next_event(), depth + 1)
    if kind is yaml.SequenceStartEvent:
        items: list[Any] = []
        while True:
            item = next_event()
            if type(item) is yaml.SequenceEndEvent:
                return items
            items.append(_value(next_event, item, depth + 1))
    raise _Unusual


class _Builder:
    """Turns parser events into dicts, lists and strings, recording marks on the way."""

    def __init__(self, display: str):
        self.display = display
        self.errors: list[ContentError] = []
        self.document: Document | None = None

    def build(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                if self.document is not None:
                    self._fail(event, "the file holds more than one YAML document ('---')", "keep one path per file")
                self.document = Document(self.display, None)
                self.document.data = self._node(next(events), (), 0)

    def _mark(self, event: yaml.Event) -> Mark:
        return (event.start_mark.line + 1, event.start_mark.column + 1)

    def _fail(self, event: yaml.Event, message: str, hint: str = "", path: DataPath = ()) -> None:
        line, column = self._mark(event)
        self.errors.append(ContentError(self.display, line, column, field_path(path), message, hint))
        raise _Stop

    def _node(self, event: yaml.Event, path: DataPath, depth: int) -> Any:
        assert self.document is not None
        if isinstance(event, yaml.AliasEvent):
            self._fail(event, f"alias '*{event.anchor}' is not supported", "write the value out in full", path)
        if getattr(event, "anchor", None):
            self._fail(event, f"anchor '&{event.anchor}' is not supported", "write each value out in full; shared contact details belong in providers.yaml", path)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(event, f"YAML tag '{short}' is not supported", "remove the tag; values are read as plain text", path)
        if depth > MAX_DEPTH:
            self._fail(event, f"the content is nested more than {MAX_DEPTH} levels deep", "simplify the structure")
        self.document.marks[path] = self._mark(event)
        if isinstance(event, yaml.ScalarEvent):
            return _scalar(event)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for item in iter(lambda: next(self.events), None):
                if isinstance(item, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(item, path + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(path, depth)
        self._fail(event, "unexpected YAML structure", "", path)  # pragma: no cover - parser guarantees

    def _mapping(self, path: DataPath, depth: int) -> dict[str, Any]:
        assert self.document is not None
        mapping: dict[str, Any] = {}
        while True:
            key_event = next(self.events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(key_event, yaml.ScalarEvent) or key_event.anchor or key_event.tag not in (None, "!"):
                self._fail(key_event, "a key must be a plain word", "write 'key: value' without &, * or !", path)
            key = key_event.value
            if key in mapping:
                first = self.document.key_marks[path + (key,)][0]
                self._fail(key_event, f"duplicate key '{key}' (first given on line {first})", "remove one of them", path + (key,))
            self.document.key_marks[path + (key,)] = self._mark(key_event)
            mapping[key] = self._node(next(self.events), path + (key,), depth + 1)


def _scalar(event: yaml.ScalarEvent) -> str | bool | None:
    plain = event.implicit[0] and event.style in (None, "")
    if plain:
        if event.value in ("true", "false"):
            return event.value == "true"
        if event.value in ("", "~", "null"):
            return None
    return event.value


SITE_FILE = "site.yaml"
PROVIDERS_FILE = "providers.yaml"
# In the memo, under VALID + a path file's digest: the file was read and validated without an
# error (which depends on nothing but its bytes and Polku's code, the memo's stamp).
VALID = "valid:"
LOCK_FILE = "translations.lock"  # not content: which translations were accepted (generator/translations.py)


@dataclass
class Sources:
    """Everything in a content directory, loaded: site settings, providers and paths."""

    site: Document | None
    providers: Document | None
    paths: list[Document]


# Given the path files not read (with their digests: those not known to be valid, and those
# that are) and the site settings and providers, notes in the memo which are valid, with
# what later stages will ask of them (see generator/prevalidate.py).
Prevalidate = Callable[[list[Document], Sources], None]


def load_content(content_dir: Path, memo: Memo | None = None,
                 prevalidate: Prevalidate | None = None) -> tuple[Sources, list[ContentError]]:
    """Load every YAML file of a content directory, collecting the errors of all of them.
    With a memo, a file whose bytes were parsed before is not parsed again, and a file that
    has not been touched since it was read (see `_signature`) is not even read again.

    `prevalidate` may vouch for path files before they are parsed here: those it finds
    valid stay unread, like the files an earlier build found valid (which it may also be
    given, for what the memo does not hold of them)."""
    memo = memo or Memo()
    errors: list[ContentError] = []
    sources = Sources(site=None, providers=None, paths=[])
    pending: dict[int, tuple[str, str | None]] = {}  # index in sources.paths -> the file's key, signature
    shown = display_name(content_dir)
    prefix = "" if shown == "." else os.path.join(shown, "")  # strings, not Paths: this runs on every rebuild
    now = time.time_ns()  # before any file is looked at: one changed meanwhile counts as recent
    for entry in sorted(os.scandir(content_dir), key=lambda entry: entry.name):
        display = prefix + entry.name
        if entry.name.endswith(".yml"):
            errors.append(ContentError(display, 1, 1, "", "content files must end in .yaml",
                                       f"rename it to {entry.name.removesuffix('.yml')}.yaml"))
            continue
        if not entry.name.endswith(".yaml") or not entry.is_file():
            continue
        signature = _signature(entry, display, now)
        doc = _remembered(signature, memo)
        if doc is None:
            try:
                raw = read_file(Path(entry.path), display)
            except ContentErrors as exc:
                errors.extend(exc.errors)
                continue
            key = "load:" + digest(display, raw)
            path_file = entry.name not in (SITE_FILE, PROVIDERS_FILE)
            known_valid = path_file and memo.peek(VALID + key) is not None
            if path_file and prevalidate and not known_valid and memo.peek(key) is None:
                pending[len(sources.paths)] = (key, signature)
                sources.paths.append(_unread(raw, display, key))
                continue
            doc = memo.get(key, lambda: _unread(raw, display, key) if known_valid else _parsed(raw, display, key))
            if signature:
                memo.put(signature, key)
        if isinstance(doc, ContentErrors):
            errors.extend(doc.errors)
        elif entry.name == SITE_FILE:
            sources.site = doc
        elif entry.name == PROVIDERS_FILE:
            sources.providers = doc
        else:
            sources.paths.append(doc)
    if prevalidate:
        _settle(sources, pending, prevalidate, memo, errors)
    return sources, errors


def _settle(sources: Sources, pending: dict[int, tuple[str, str | None]], prevalidate: Prevalidate, memo: Memo,
            errors: list[ContentError]) -> None:
    """The path files not read once `prevalidate` has looked at them: a pending one found
    valid stays unread, any other is parsed here (where its errors are found and located)."""
    prevalidate([doc for doc in sources.paths if not doc.read], sources)
    failed = set()
    for index, (key, signature) in pending.items():
        unread = sources.paths[index]
        doc = memo.get(key, lambda: unread if memo.peek(VALID + key) else _parsed(unread.source, unread.file, key))
        if signature:
            memo.put(signature, key)
        if isinstance(doc, ContentErrors):
            errors.extend(doc.errors)
            failed.add(index)
        else:
            sources.paths[index] = doc
    sources.paths[:] = [doc for index, doc in enumerate(sources.paths) if index not in failed]


# A file changed less than this long ago may change again keeping its size and time
# stamps (they are only so fine: 2 s on some network and FAT drives).
RACY_NS = 2_000_000_000


def _signature(entry: os.DirEntry[str], display: str, now: int) -> str | None:
    """The file's name, size, time stamps and inode: while they stay the same, so do its
    bytes. None when it changed too recently for that to hold (or cannot be seen)."""
    try:
        stat = entry.stat()
    except OSError:
        return None  # read_file reports it
    if now - max(stat.st_mtime_ns, stat.st_ctime_ns) < RACY_NS:
        return None
    return f"stat:{display}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def _remembered(signature: str | None, memo: Memo) -> Document | ContentErrors | None:
    """What an earlier build parsed from a file with this signature, without reading it."""
    key = memo.peek(signature) if signature else None
    doc = memo.peek(key) if key else None
    if doc is not None:
        memo.put(signature, key)
        memo.put(key, doc)
    return doc


def _unread(raw: bytes, display: str, key: str) -> Document:
    doc = Document.unread(display, raw)
    doc.digest = key
    return doc


def _parsed(raw: bytes, display: str, key: str) -> Document | ContentErrors:
    try:
        doc = load_bytes(raw, display)
    except ContentErrors as exc:
        return exc
    doc.digest = key
    return doc


def display_name(file: Path) -> str:
    """The file as an editor would type it: relative to the working directory when inside it."""
    try:
        return str(file.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(file)
