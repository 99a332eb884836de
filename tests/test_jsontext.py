"""Documents joined from parts kept encoded are the bytes of encoding them whole."""

from __future__ import annotations

from generator import jsontext


def test_a_member_joined_in_encoded_gives_the_bytes_of_the_whole_object_encoded():
    entries = {"kiosk": {"title": {"fi": "Kioski – ”lupa”"}}, "cafe": {"steps": [1, None, True]}}
    head = {"format": 2, "base_url": "https://example.fi/"}
    joined = jsontext.with_last_member(head, "paths", b"{", b",".join(
        f"{jsontext.compact(key)}:{jsontext.compact(value)}".encode() for key, value in entries.items()), b"}")
    assert joined == (jsontext.compact({**head, "paths": entries}) + "\n").encode()


def test_the_member_may_be_the_only_one():
    assert jsontext.with_last_member({}, "paths", b"[]") == b'{"paths":[]}\n'
