"""The memo: results found again by the digest of their inputs, kept only while used."""

from __future__ import annotations

from pathlib import Path

from generator.load import Document
from generator.memo import Memo, digest


def test_a_result_is_made_once_and_found_again():
    memo, made = Memo(), []
    assert memo.get("unit:a", lambda: made.append(1) or "A") == "A"
    assert memo.get("unit:a", lambda: made.append(2) or "B") == "A"
    assert made == [1]


def test_only_what_the_last_build_used_is_kept():
    memo = Memo()
    memo.get("unit:old", lambda: 1)
    memo.forget_unused()
    memo.get("unit:new", lambda: 2)
    memo.forget_unused()
    assert memo.peek("unit:old") is None and memo.peek("unit:new") == 2


def test_a_result_without_a_file_version_is_never_kept():
    class Doc:
        digest = ""
    memo, made = Memo(), []
    for _ in range(2):
        memo.per_file("check", Doc(), lambda: made.append(1))
    assert made == [1, 1]


def test_digest_keeps_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest(b"x") == digest("x")


def test_the_memo_on_disk_is_used_only_by_the_same_code(tmp_path: Path):
    file = tmp_path / "memo.pickle"
    memo = Memo()
    memo.get("unit:a", lambda: "rendered")
    memo.get("load:b", lambda: "parsed")  # parsed content is cheaper to redo than to unpickle
    memo.save(file, "code-1")
    again = Memo.load(file, "code-1")
    assert again.peek("unit:a") == "rendered" and again.peek("load:b") is None
    assert Memo.load(file, "code-2").peek("unit:a") is None


def test_a_damaged_or_missing_memo_only_costs_time(tmp_path: Path):
    file = tmp_path / "memo.pickle"
    file.write_bytes(b"\x80\x05 not a pickle")
    assert Memo.load(file, "code").peek("unit:a") is None
    assert Memo.load(tmp_path / "missing.pickle", "code").peek("unit:a") is None


def test_a_files_result_is_kept_on_its_document_for_its_latest_context():
    doc = Document("paths/kiosk.yaml", {})
    doc.digest = "load:abc"
    memo, made = Memo(), []
    assert memo.per_file("check", doc, lambda: made.append(1) or "first", "site 1") == "first"
    memo.forget_unused()
    memo.forget_unused()  # the memo no longer has it: the document does
    assert memo.per_file("check", doc, lambda: made.append(2) or "again", "site 1") == "first"
    assert memo.per_file("check", doc, lambda: made.append(3) or "other", "site 2") == "other"
    assert doc.results == {"check": ("site 2", "other")} and made == [1, 3]
