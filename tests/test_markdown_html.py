"""Editors' Markdown: rendered, headings shifted under the step heading, and sanitised."""

from __future__ import annotations

import pytest

from generator.markdown_html import render_markdown


def test_emphasis():
    assert render_markdown("*a* and **b**") == "<p><em>a</em> and <strong>b</strong></p>"


def test_lists():
    assert render_markdown("- x\n- y\n\n1. one\n2. two") == (
        "<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>")


def test_ordered_list_keeps_its_start():
    assert render_markdown("3. c\n4. d") == '<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>'


def test_link_is_escaped_and_gets_rel():
    assert render_markdown("[site](https://example.fi/a?b=1&c=2)") == (
        '<p><a href="https://example.fi/a?b=1&amp;c=2" rel="noopener noreferrer">site</a></p>')


@pytest.mark.parametrize("url", ["https://www.example.fi/", "http://example.fi/x", "mailto:luvat@example.fi", "tel:+358931012345"])
def test_allowed_schemes_keep_href(url):
    assert render_markdown(f"[x]({url})") == f'<p><a href="{url}" rel="noopener noreferrer">x</a></p>'


def test_editor_rel_and_target_are_replaced():
    assert render_markdown('<a href="https://x.fi" target="_blank" rel="opener">y</a>') == (
        '<p><a href="https://x.fi" rel="noopener noreferrer">y</a></p>')


def test_blockquote_and_code():
    assert render_markdown("> `<b>` quoted") == "<blockquote>\n<p><code>&lt;b&gt;</code> quoted</p>\n</blockquote>"


@pytest.mark.parametrize("hashes, level", [(1, 4), (2, 5), (3, 6), (4, 6), (6, 6)])
def test_headings_are_shifted_by_three_and_capped(hashes, level):
    assert render_markdown("#" * hashes + " Heading") == f"<h{level}>Heading</h{level}>"


def test_setext_heading_is_shifted_too():
    assert render_markdown("Heading\n=======") == "<h4>Heading</h4>"


def test_raw_html_headings_are_shifted_like_markdown_ones():
    assert render_markdown('<h1>Raw</h1>\n\n<H2 class="x">Loud</H2>') == "<h4>Raw</h4>\n<h5>Loud</h5>"
    assert render_markdown("`<h1>` stays text") == "<p><code>&lt;h1&gt;</code> stays text</p>"


def test_commonmark_list_right_after_a_paragraph_line():
    # As in GitHub's and VS Code's preview, which editors see: no blank line needed.
    assert render_markdown("Bring:\n- a passport\n- a photo") == (
        "<p>Bring:</p>\n<ul>\n<li>a passport</li>\n<li>a photo</li>\n</ul>")


def test_renderer_state_does_not_leak_between_calls():
    render_markdown("[a][ref]\n\n[ref]: https://example.fi/")
    assert render_markdown("[a][ref]") == "<p>[a][ref]</p>"


XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "[x](data:text/html,<script>alert(1)</script>)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src='https://evil.example'></iframe>",
    "<style>body { display: none }</style>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<div style="position:fixed;top:0">x</div>',
    '<p style="color:red" onclick="alert(1)">x</p>',
    "<!-- <script>alert(1)</script> -->text",
    "<a href='https://x.fi' onmouseover='alert(1)'>x</a>",
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    "<form action='javascript:alert(1)'><button>x</button></form>",
    "<object data='javascript:alert(1)'></object>",
    "<<script>script>alert(1)<</script>/script>",
    "![x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "<details open ontoggle=alert(1)>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
]
FORBIDDEN = ["<script", "onerror", "onload", "onclick", "onmouseover", "ontoggle", "javascript:", "vbscript:",
             "data:", "<iframe", "<svg", "<style", "style=", "<!--", "<img", "<form", "<object", "<math"]


@pytest.mark.parametrize("source", XSS)
def test_xss_corpus_is_neutralised(source):
    html = render_markdown(source).lower()
    assert [bad for bad in FORBIDDEN if bad in html] == []


def test_xss_link_keeps_text_but_loses_href():
    assert render_markdown("[click](javascript:alert(1))") == '<p><a rel="noopener noreferrer">click</a></p>'


def test_disallowed_tags_keep_their_text():
    assert render_markdown('<div style="color:red">kept</div>') == "kept"


def test_comment_is_removed():
    assert "secret" not in render_markdown("<!-- secret -->\n\ntext")
