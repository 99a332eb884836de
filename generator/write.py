"""Stage 6, write: the rendered files into the output directory, all or nothing.

The new site is assembled in a temporary directory beside the output and swapped in with
renames, so readers never see a half-written site and a failed build changes nothing.
Files whose bytes are unchanged are hard-linked from the old output rather than
rewritten, so their modification times (and any CDN's caches) stay as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".polku-output"


class OutputError(Exception):
    """The output directory cannot be used (a usage error, not a content one)."""


def check_output_dir(output: Path, protected: list[Path]) -> None:
    """Refuse to replace a directory Polku did not make, or one holding the sources."""
    resolved = output.resolve()
    for source in protected:
        source = source.resolve()
        if resolved == source or resolved in source.parents:
            raise OutputError(f"the output directory {output} contains {source}; choose another --output")
    if resolved.exists() and not resolved.is_dir():
        raise OutputError(f"{output} exists and is not a directory")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        raise OutputError(
            f"{output} is not empty and was not made by Polku; refusing to replace it "
            "(empty it or choose another --output)"
        )


def write_site(files: dict[str, bytes], output: Path) -> tuple[int, int]:
    """Replace `output` with exactly `files`; returns (files written, files unchanged)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    written = unchanged = 0
    try:
        for relative, data in sorted({**files, MARKER: b"Built by Polku; replaced on every build.\n"}.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            old = output / relative
            if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written, unchanged


def _swap(staging: Path, output: Path) -> None:
    previous = output.with_name(f".{output.name}.old")
    if output.exists():
        os.rename(output, previous)
    os.rename(staging, output)
    shutil.rmtree(previous, ignore_errors=True)


def _recover(output: Path) -> None:
    """Finish a swap that an earlier, interrupted build left half done, and tidy up."""
    for leftover in output.parent.glob(f".{output.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    previous = output.with_name(f".{output.name}.old")
    if previous.exists():
        if output.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.rename(previous, output)
