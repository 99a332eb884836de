"""Stage 1: the strict YAML loader, its marks, and every way it refuses a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.errors import ContentErrors
from generator.load import MAX_BYTES, MAX_DEPTH, load_bytes, load_content, load_file, load_text


def load(text: str):
    return load_text(text, "f.yaml").data


def errors_of(text: str) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_text(text, "f.yaml")
    return [error.format() for error in info.value.errors]


# ---------------------------------------------------------------- scalars


def test_only_plain_true_and_false_are_booleans():
    data = load("a: true\nb: false\n")
    assert data == {"a": True, "b": False}
    assert type(data["a"]) is bool


@pytest.mark.parametrize("word", ["yes", "no", "NO", "on", "off", "True", "FALSE", "y", "n"])
def test_yaml_1_1_booleans_stay_text(word):
    assert load(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("text", ['"true"', "'false'", '"null"', "'~'"])
def test_quoted_keywords_stay_text(text):
    assert load(f"a: {text}\n") == {"a": text[1:-1]}


@pytest.mark.parametrize("word", ["00100", "1.10", "0x1F", "1e3", "2026-01-01", "0o17", ".inf", "12:30", "-0", "450"])
def test_numbers_and_dates_stay_text(word):
    assert load(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("text", ["a:\n", "a: ~\n", "a: null\n"])
def test_empty_tilde_and_null_mean_no_value(text):
    assert load(text) == {"a": None}


def test_empty_quotes_are_empty_text_not_none():
    assert load("a: ''\nb: \"\"\n") == {"a": "", "b": ""}


def test_block_scalars_keep_their_text():
    assert load("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n") == {
        "a": "line one\nline two\n", "b": "folded text\n"}


def test_keys_are_text_even_when_they_look_like_keywords():
    assert load("true: a\nnull: b\n1: c\n") == {"true": "a", "null": "b", "1": "c"}


# ---------------------------------------------------------------- marks


NESTED = "a:\n  b:\n    - c: 1\n      d: [x, {e: y}]\n"


def test_marks_of_values_are_one_based_line_and_column():
    doc = load_text(NESTED, "f.yaml")
    assert doc.mark(("a", "b", 0, "c")) == (3, 10)
    assert doc.mark(("a", "b", 0, "d", 0)) == (4, 11)
    assert doc.mark(("a", "b", 0, "d", 1, "e")) == (4, 18)
    assert doc.mark(("a", "b", 0)) == (3, 7)


def test_key_marks_point_at_the_key():
    doc = load_text(NESTED, "f.yaml")
    assert doc.mark(("a", "b"), key=True) == (2, 3)
    assert doc.mark(("a", "b", 0, "d", 1, "e"), key=True) == (4, 15)


def test_absent_path_falls_back_to_nearest_enclosing_value():
    doc = load_text(NESTED, "f.yaml")
    assert doc.mark(("a", "b", 0, "missing")) == (3, 7)
    assert doc.mark(("a", "b", 0, "missing", "deeper", 3)) == (3, 7)
    assert doc.mark(("a", "b", 0, "missing"), key=True) == (3, 7)
    assert doc.mark(("nothing",)) == (1, 1)


def test_error_is_located_and_names_the_field():
    doc = load_text(NESTED, "f.yaml")
    assert doc.error(("a", "b", 0, "c"), "bad", "fix it").format() == "f.yaml:3:10: a.b[0].c: bad (fix it)"
    assert doc.error(("a", "b", 0, "q"), "unknown", key=True).format() == "f.yaml:3:7: a.b[0].q: unknown"


def test_marks_count_characters_not_bytes():
    doc = load_text("a: {ää: 1, b: 2}\n", "f.yaml")
    assert doc.mark(("a", "b"), key=True) == (1, 12)


def test_marks_skip_leading_comments():
    doc = load_text("# comment\n\nid: x\n", "f.yaml")
    assert doc.mark(("id",)) == (3, 5)
    assert doc.mark(("id",), key=True) == (3, 1)


def test_resolve_drops_union_tags_and_model_names():
    doc = load_text(NESTED, "f.yaml")
    assert doc.resolve(("a", "b", 0, "Mapping", "d", "List", 1, "Chosen", "e")) == ("a", "b", 0, "d", 1, "e")


def test_resolve_stops_at_what_the_data_does_not_have():
    doc = load_text(NESTED, "f.yaml")
    assert doc.resolve(("a", "missing")) == ("a",)
    assert doc.resolve(("a", "b", 5, "c")) == ("a", "b")
    assert doc.resolve(("a", "b", "0")) == ("a", "b")


# ---------------------------------------------------------------- refused structures


def test_duplicate_top_level_key_names_the_first_line():
    assert errors_of("title: a\nid: x\ntitle: b\n") == [
        "f.yaml:3:1: title: duplicate key 'title' (first given on line 1) (remove one of them)"]


def test_duplicate_nested_key_is_reported_at_the_second_key():
    text = "a:\n  - b:\n      c: 1\n      d: 2\n      c: 3\n"
    assert errors_of(text) == [
        "f.yaml:5:7: a[0].b.c: duplicate key 'c' (first given on line 3) (remove one of them)"]


def test_duplicate_key_in_flow_mapping():
    assert errors_of("a: {x: 1, x: 2}\n") == [
        "f.yaml:1:11: a.x: duplicate key 'x' (first given on line 1) (remove one of them)"]


def test_same_key_in_sibling_mappings_is_fine():
    assert load("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": "1"}, "b": {"x": "2"}}


def test_tab_indentation_is_refused_with_its_column():
    assert errors_of("a:\n  b: 1\n  \tc: 2\n") == [
        "f.yaml:3:3: tab character used for indentation (YAML indents with spaces; set your editor to insert spaces)"]


def test_tab_indentation_is_reported_at_the_tab():
    assert errors_of("a:\n  b: 1\n \tc: 2\n") == [
        "f.yaml:3:2: tab character used for indentation (YAML indents with spaces; set your editor to insert spaces)"]


def test_tab_inside_a_block_text_is_fine():
    assert load("a: |\n  code:\n  \tindented\n") == {"a": "code:\n\tindented\n"}


def test_tab_inside_a_quoted_value_is_fine():
    assert load('a: "x\ty"\nb: \'p\tq\'\n') == {"a": "x\ty", "b": "p\tq"}


def test_anchor_is_refused():
    assert errors_of("a: &shared text\n") == [
        "f.yaml:1:4: a: anchor '&shared' is not supported"
        " (write each value out in full; shared contact details belong in providers.yaml)"]


def test_alias_is_refused():
    assert errors_of("a: 1\nb:\n  - *x\n") == [
        "f.yaml:3:5: b[0]: alias '*x' is not supported (write the value out in full)"]


@pytest.mark.parametrize("tagged, shown", [
    ("!!str 1", "!!str"),
    ("!!python/object:os.system x", "!!python/object:os.system"),
    ("!custom x", "!custom"),
])
def test_tags_are_refused(tagged, shown):
    assert errors_of(f"a: {tagged}\n") == [
        f"f.yaml:1:4: a: YAML tag '{shown}' is not supported (remove the tag; values are read as plain text)"]


def test_non_scalar_key_is_refused():
    assert errors_of("? [a, b]\n: c\n") == ["f.yaml:1:3: a key must be a plain word (write 'key: value' without &, * or !)"]


def test_tagged_key_is_refused():
    assert errors_of("!!str a: b\n") == ["f.yaml:1:1: a key must be a plain word (write 'key: value' without &, * or !)"]


def test_multiple_documents_are_refused_at_the_second():
    assert errors_of("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: the file holds more than one YAML document ('---') (keep one path per file)"]


def test_one_explicit_document_is_fine():
    assert load("---\na: 1\n...\n") == {"a": "1"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(text):
    assert errors_of(text) == ["f.yaml:1:1: the file is empty (write its content, or delete the file)"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "~\n"])
def test_top_level_must_be_a_mapping(text):
    assert errors_of(text) == ["f.yaml:1:1: the file must be a mapping of 'key: value' lines at the top level"]


def test_unclosed_quote_is_reported_where_it_opened():
    assert errors_of("a: 1\nb: \"open\nc: 2\n") == [
        "f.yaml:2:4: YAML syntax error: found unexpected end of stream (a quote or bracket is not closed)"]


def test_colon_in_plain_text_gets_a_quote_hint():
    # libyaml and pure-Python PyYAML word the problem differently; place and hint are ours
    [error] = errors_of("a: note: this\n")
    assert error.startswith("f.yaml:1:8: YAML syntax error: mapping values are not allowed")
    assert error.endswith(" (text containing ': ' must be put in quotes)")


def test_nesting_exactly_max_depth_is_fine():
    lists = MAX_DEPTH - 1  # the top mapping's values are one level deep; each list adds one
    doc = load_text("a: " + "[" * lists + "x" + "]" * lists + "\n", "f.yaml")
    assert max(len(path) for path in doc.marks) == MAX_DEPTH


def test_nesting_one_more_than_max_depth_is_refused():
    lists = MAX_DEPTH
    assert errors_of("a: " + "[" * lists + "x" + "]" * lists + "\n") == [
        f"f.yaml:1:{4 + lists}: the content is nested more than {MAX_DEPTH} levels deep (simplify the structure)"]


def test_very_deep_nesting_does_not_recurse_out():
    assert "nested more than" in errors_of("a: " + "[" * 5000 + "]" * 5000 + "\n")[0]


# ---------------------------------------------------------------- files and bytes


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")

    def no_reading(self):  # pragma: no cover - only runs if the limit is broken
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ContentErrors) as info:
        load_file(big, "big.yaml")
    assert [e.format() for e in info.value.errors] == [
        "big.yaml:1:1: the file is 1,000,004 bytes, more than the 1,000,000 allowed"
        " (split it into several paths, or move long texts out of it)"]


def test_file_at_the_limit_is_read(tmp_path):
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    assert exact.stat().st_size == MAX_BYTES
    assert len(load_file(exact, "exact.yaml").data["a"]) == MAX_BYTES - 4


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentErrors) as info:
        load_file(tmp_path / "gone.yaml", "gone.yaml")
    assert info.value.errors[0].format().startswith("gone.yaml:1:1: cannot read the file: ")


def test_non_utf8_is_located_at_the_bad_byte():
    with pytest.raises(ContentErrors) as info:
        load_bytes(b"a: 1\nb: caf\xe9\n", "f.yaml")
    assert [e.format() for e in info.value.errors] == [
        "f.yaml:2:7: the file is not valid UTF-8 (byte 0xe9) (save the file with UTF-8 encoding)"]


def test_non_utf8_on_first_line():
    with pytest.raises(ContentErrors) as info:
        load_bytes(b"\xffa: 1\n", "f.yaml")
    assert (info.value.errors[0].line, info.value.errors[0].column) == (1, 1)


def test_utf8_bom_is_accepted_and_does_not_shift_columns():
    doc = load_bytes(b"\xef\xbb\xbfa: 1\n", "f.yaml")
    assert doc.data == {"a": "1"}
    assert doc.mark(("a",), key=True) == (1, 1)


@pytest.mark.parametrize("raw", [b"a: b\x00\n", b"a: b\x0c\n", b"a\x00:\x00 \x00b\x00\n"], ids=["nul", "form-feed", "utf16-no-bom"])
def test_control_characters_are_a_located_content_error(raw):
    with pytest.raises(ContentErrors):
        load_bytes(raw, "f.yaml")


# ---------------------------------------------------------------- content directories


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_load_content_recognises_site_and_providers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "paths"
    content.mkdir()
    _write(content, "site.yaml", "name: {fi: x}\n")
    _write(content, "providers.yaml", "providers: []\n")
    _write(content, "b.yaml", "id: b\n")
    _write(content, "a.yaml", "id: a\n")
    sources, errors = load_content(content)
    assert errors == []
    assert sources.site.file == "paths/site.yaml"
    assert sources.providers.data == {"providers": []}
    assert [doc.file for doc in sources.paths] == ["paths/a.yaml", "paths/b.yaml"]


def test_load_content_without_site_or_providers(tmp_path):
    _write(tmp_path, "a.yaml", "id: a\n")
    sources, errors = load_content(tmp_path)
    assert (sources.site, sources.providers, len(sources.paths), errors) == (None, None, 1, [])


def test_yml_file_is_an_error_with_a_rename_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "cafe.yml", "id: cafe\n")
    sources, errors = load_content(tmp_path)
    assert [e.format() for e in errors] == ["cafe.yml:1:1: content files must end in .yaml (rename it to cafe.yaml)"]
    assert sources.paths == []


def test_non_yaml_files_and_folders_are_ignored(tmp_path):
    _write(tmp_path, "README.md", "# notes\n")
    _write(tmp_path, "notes.txt", "a: [\n")
    _write(tmp_path, "a.yaml.bak", "a: [\n")
    (tmp_path / "images.yaml").mkdir()
    sources, errors = load_content(tmp_path)
    assert (sources.paths, errors) == ([], [])


def test_errors_of_several_files_are_all_collected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "a.yaml", "a: 1\na: 2\n")
    _write(tmp_path, "b.yaml", "b: &x 1\n")
    _write(tmp_path, "c.yaml", "id: c\n")
    _write(tmp_path, "d.yml", "id: d\n")
    (tmp_path / "e.yaml").write_bytes(b"e: \xe4\n")
    _write(tmp_path, "providers.yaml", "p:\n\t- x\n")
    sources, errors = load_content(tmp_path)
    assert sorted((e.file, e.line) for e in errors) == [
        ("a.yaml", 2), ("b.yaml", 1), ("d.yml", 1), ("e.yaml", 1), ("providers.yaml", 2)]
    assert [doc.file for doc in sources.paths] == ["c.yaml"]
    assert sources.providers is None


def test_file_outside_working_directory_keeps_its_full_name(tmp_path, monkeypatch):
    elsewhere = tmp_path / "content"
    elsewhere.mkdir()
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    _write(elsewhere, "x.yaml", "x: [\n")
    _, errors = load_content(elsewhere)
    assert errors[0].file == str(elsewhere / "x.yaml")


# ---------------------------------------------------------------- properties


KEYS = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
TEXTS = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=120)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, TEXTS, min_size=1, max_size=6))
def test_dumped_text_round_trips(mapping):
    assert load(yaml.safe_dump(mapping)) == mapping


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9.]+", fullmatch=True))
def test_plain_word_stays_text(word):
    expected = {"true": True, "false": False, "null": None}.get(word, word)
    assert load(f"key: {word}\n") == {"key": expected}


def _yaml_printable(char: str) -> bool:
    code = ord(char)
    return (char in "\t\n\r\x85" or 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD or code >= 0x10000)


YAML_SYNTAX = st.text(st.sampled_from(list(" \n\t-:[]{}?&*!|>'\"%@`#,ab1~\\")), max_size=60)


def _only_content_errors(text: str) -> None:
    try:
        load_text(text, "f.yaml")
    except ContentErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.file == "f.yaml" and error.line >= 1 and error.column >= 1 and error.message


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)).filter(_yaml_printable)), YAML_SYNTAX))
def test_garbage_of_printable_text_gives_only_content_errors(text):
    _only_content_errors(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("a: \x00")
def test_garbage_of_any_text_gives_only_content_errors(text):
    _only_content_errors(text)


# ---------------------------------------------------------------- reading without marks first


def _located(text: str):
    from generator.load import _load_located

    return _load_located(text, "f.yaml")


@pytest.mark.parametrize("file", sorted((Path(__file__).parent.parent / "paths").glob("*.yaml"))
                         + sorted((Path(__file__).parent / "fixtures" / "site").glob("*.yaml")), ids=lambda p: p.name)
def test_fast_and_located_readings_agree(file: Path):
    text = file.read_text(encoding="utf-8")
    fast, located = load_text(text, "f.yaml"), _located(text)
    assert fast.data == located.data
    assert fast.marks == located.marks and fast.key_marks == located.key_marks  # located on demand


@given(st.recursive(st.one_of(st.text(max_size=5), st.booleans(), st.none()),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
                    max_leaves=12))
@settings(max_examples=100, deadline=None)
def test_fast_reading_gives_what_the_located_one_gives(value):
    text = yaml.safe_dump({"root": value}, allow_unicode=True)
    try:
        expected = _located(text).data
    except ContentErrors as exc:
        with pytest.raises(ContentErrors) as info:
            load_text(text, "f.yaml")
        assert info.value.errors == exc.errors
    else:
        assert load_text(text, "f.yaml").data == expected


def test_a_file_untouched_since_it_was_read_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import load
    from generator.memo import Memo

    (tmp_path / "a.yaml").write_text("id: a\n")
    (tmp_path / "b.yaml").write_text("id: b\n")
    reads: list[str] = []
    real = load.read_file
    monkeypatch.setattr(load, "read_file", lambda path, display: reads.append(path.name) or real(path, display))
    memo = Memo()

    def loaded() -> list[object]:
        reads.clear()
        sources, errors = load_content(tmp_path, memo)
        assert errors == []
        return [doc.data["id"] for doc in sources.paths]

    assert loaded() == ["a", "b"] and reads == ["a.yaml", "b.yaml"]
    assert loaded() == ["a", "b"] and reads == ["a.yaml", "b.yaml"]  # just written: its time stamps prove nothing yet
    monkeypatch.setattr(load, "RACY_NS", 0)  # as if written long ago
    assert loaded() == ["a", "b"] and reads == ["a.yaml", "b.yaml"]
    assert loaded() == ["a", "b"] and reads == []
    before = (tmp_path / "b.yaml").stat().st_mtime_ns
    (tmp_path / "b.yaml").write_text("id: c\n")  # the same size: the time stamps tell
    os.utime(tmp_path / "b.yaml", ns=(before + 10**9, before + 10**9))  # however fine the file system's clock
    assert loaded() == ["a", "c"] and reads == ["b.yaml"]


def test_released_values_are_read_again_when_asked_for():
    text = "id: kiosk\ntitle: {fi: Kioski – luvat, en: Kiosk}\n"
    doc = load_text(text, "kiosk.yaml")
    values = doc.data
    doc.release_data()
    assert doc.data == values and doc.data is not values  # read again from the kept source
    doc.release_data()
    assert doc.mark(("title", "en")) == (2, 33)  # locating reads the source once more, keeping the values
    assert doc.data == values
    doc.release_data()  # the source is gone now: the values stay
    assert doc.data == values


def test_a_released_document_is_read_again_only_if_it_may_hold_a_text():
    doc = load_text("id: kiosk\nbody: {fi: 'Katso [ohje](../ohje/), it''s', en: See ../guide/}\n", "kiosk.yaml")
    assert doc.may_contain("../nowhere/")  # values at hand: the caller looks
    doc.release_data()
    assert doc.may_contain("../ohje/") and doc.may_contain("../guide/")
    assert not doc.may_contain("../nowhere/")
    assert doc.may_contain("it's") and doc.may_contain("ohje/), it")  # a doubled quote, white space: may be
    escaped = load_text('id: kiosk\nbody: "Katso \\u00e4/"\n', "kiosk.yaml")
    escaped.release_data()
    assert escaped.may_contain("ä/")  # an escape: may be
    assert escaped.data["body"] == "Katso ä/"


def test_a_file_an_earlier_build_found_valid_is_read_only_when_asked_and_reads_the_same(tmp_path: Path):
    (tmp_path / "kiosk.yaml").write_bytes("\ufeffid: kiosk\ntitle: {fi: Kioski, en: Kiosk}\n".encode())  # with a BOM
    from generator.load import VALID
    from generator.memo import Memo

    fresh = load_content(tmp_path)[0].paths[0]
    memo = Memo()
    memo.put(VALID + fresh.digest, True)
    known = load_content(tmp_path, memo)[0].paths[0]
    assert not known.read and fresh.read
    assert known.data == fresh.data and known.read
    assert known.mark(("title", "en")) == fresh.mark(("title", "en")) == (2, 25)
    assert known.mark(("id",)) == fresh.mark(("id",)) == (1, 5)
