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
MARKER_TEXT = b"Built by Polku; replaced on every build.\n"


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
    with Staging(output) as staging:
        unchanged = sum(staging.put(name, data, "") for name, data in sorted(files.items()))
        staging.commit()
    return len(files) - unchanged, unchanged


class Staging:
    """The next version of the output, assembled in a folder beside it and swapped in by
    `commit`; left without a commit (an error, an exception), it is removed and the output
    stays as it was.

    `known` holds digests of the old output's files that the cache vouches for (their sizes
    and modification times are as the last build left them), so an identical file is
    hard-linked without being read; other files are compared byte for byte.
    Worker processes may put files into the same staging folder.
    """

    def __init__(self, output: Path, known: dict[str, str] | None = None):
        self.output = output.resolve()
        self.known = known or {}
        self.output.parent.mkdir(parents=True, exist_ok=True)
        _recover(self.output)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
        self._folders = {""}  # made in the staging folder (by this process; workers have their own)
        self._committed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._committed:
            shutil.rmtree(self.folder, ignore_errors=True)

    def put(self, name: str, data: bytes, digest: str) -> bool:
        """Add one file; True when the old output's identical file was linked instead."""
        target = self._place(name)
        old = self.output / name
        if (self.known[name] == digest) if name in self.known else _same(old, data):
            try:
                os.link(old, target)
                return True
            except OSError:  # gone meanwhile, or a file system without hard links
                pass
        # Never write through a link to the old output (left by a unit reused in part).
        target.unlink(missing_ok=True)
        target.write_bytes(data)
        return False

    def reuse_all(self, digests: dict[str, str]) -> bool:
        """Link files of the old output the cache vouches for; False if any of them is not
        there as it was (the caller then makes them again)."""
        for name, digest in digests.items():
            if self.known.get(name) != digest:
                return False
            try:
                os.link(self.output / name, self._place(name))
            except FileExistsError:  # made by another unit: the link check reports the clash
                pass
            except OSError:
                return False
        return True

    def _place(self, name: str) -> Path:
        """Where a file goes in the staging folder, its folder made (once: asking the system
        for every file of a site took 0.6 s at 1,000 paths)."""
        target = self.folder / name
        folder = name.rpartition("/")[0]
        if folder not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        return target

    def commit(self) -> None:
        self.put(MARKER, MARKER_TEXT, "")
        _swap(self.folder, self.output)
        self._committed = True


def _same(old: Path, data: bytes) -> bool:
    try:
        return old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


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
