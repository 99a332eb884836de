"""Located content errors, printed compiler-style so editors can jump to them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one place: `file:line:col: field: message (hint)`."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


@dataclass(frozen=True, order=True)
class ContentWarning(ContentError):
    """Probably not what the editor meant, but the site still builds (unless --strict)."""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: "
        return where + "warning: " + super().format().removeprefix(where)


class ContentErrors(Exception):
    """Raised by a stage when content is wrong; carries every error found."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(error.format() for error in self.errors))


def summary(errors: Sequence[ContentError], wrote_nothing: bool) -> str:
    files = len({error.file for error in errors})
    noun = "error" if len(errors) == 1 else "errors"
    file_noun = "file" if files == 1 else "files"
    tail = "; nothing was written." if wrote_nothing else "."
    return f"{len(errors)} {noun} in {files} {file_noun}{tail}"


def warnings_summary(warnings: Sequence[ContentWarning]) -> str:
    """'2 warnings in 1 file', for the end of a sentence."""
    files = len({warning.file for warning in warnings})
    noun = "warning" if len(warnings) == 1 else "warnings"
    return f"{len(warnings)} {noun} in {files} {'file' if files == 1 else 'files'}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or listing what is available."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return ""
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return f"available: {shown}"


def field_path(path: Sequence[str | int]) -> str:
    """('phases', 0, 'steps', 2, 'when') -> 'phases[0].steps[2].when'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
