"""Compact JSON text, and documents joined from parts that were kept already encoded.

Python's JSON encoder runs in C only for compact output (indenting the open data catalogue
of 1,000 paths took 70 ms of every rebuild that changed it). The site's large JSON files
(the feedback index, the catalogue) list every path; a rebuild keeps each path's part
encoded and joins the parts in, rather than encoding them all again.
"""

from __future__ import annotations

import json
from typing import Any


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def with_last_member(head: dict[str, Any], name: str, *encoded: bytes) -> bytes:
    """The object `head` with one more member, `name`, whose value is the JSON text `encoded`
    (pieces joined as they are), and a newline: the bytes of `compact` on the whole object."""
    opening = compact(head)[:-1] + ("," if head else "")
    return b"".join((f"{opening}{compact(name)}:".encode(), *encoded, b"}\n"))
