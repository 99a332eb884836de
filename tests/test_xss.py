"""Sanitisation against an XSS corpus: hostile text in every text field of a path, its providers
and the site settings. Nothing may execute, and nothing may reach the HTML as markup.

Each payload is put into every field at once and the test site is rendered (without the link
check, so payloads that are merely broken links still get rendered and inspected). The HTML is
parsed and compared with a clean build; then every page is opened in the browser with
JavaScript on, the page's Content-Security-Policy bypassed (sanitising must hold without it)
and the questions answered, listening for any dialog.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import pipeline, write
from generator.load import load_file
from generator.markdown_html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from generator.model import Path as PathModel
from generator.model import ProvidersFile, SiteConfig, iter_translatable

from .conftest import DEFAULT_THEME, FIXTURE_SITE
from .pages import open_page

TEXT_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><svg/onload=alert(1)//",
    '<a href="javascript:alert(1)">a</a> [b](javascript:alert(1)) [c](JaVaScRiPt:alert(1)) <javascript:alert(1)>',
    "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![e](data:image/svg+xml,<svg onload=alert(1)>)",
    "<svg><script>alert(1)</script></svg><math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; %3Cscript%3Ealert(1)%3C/script%3E"
    " \\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "[f](jav&#x09;ascript:alert(1)) [g](&#106;avascript:alert(1)) [h](java\tscript:alert(1))",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data="javascript:alert(1)"></object>'
    '<embed src="javascript:alert(1)">',
    '<style>body{background:url("javascript:alert(1)")}</style><div style="background:url(javascript:alert(1))">i</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">'
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">j</button></form>',
    "<details open ontoggle=alert(1)><summary>k</summary></details><input autofocus onfocus=alert(1)>",
    "{{ 7*191 }} {% raw %} {0} {n} {path} ${alert(1)} </textarea><!--<script>alert(1)</script>-->",
    "[l][r]\n\n[r]: javascript:alert(1)\n\n<scr<script>ipt>alert(1)</scr</script>ipt>",
]
URL_PAYLOADS = [
    'https://x.example.fi/"><script>alert(1)</script>',
    "https://x.example.fi/'onmouseover='alert(1)'",
    "https://x.example.fi/?q=<svg/onload=alert(1)>",
]
EMAIL_PAYLOAD = 'a"><img/src/onerror=alert(1)>@example.fi'
CASES = [(text, URL_PAYLOADS[index % len(URL_PAYLOADS)]) for index, text in enumerate(TEXT_PAYLOADS)]

# Attributes that carry a URL, and the schemes a sanitised page may use in them.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")


# ---------------------------------------------------------------- poisoning the content


def _poison(site_dir: Path, text: str, url: str) -> None:
    """Replace every text, URL and e-mail address of the test site's files with payloads."""
    for name, model in (("site.yaml", SiteConfig), ("providers.yaml", ProvidersFile), ("kiosk.yaml", PathModel)):
        file = site_dir / name
        data = load_file(file, name).data
        for path, value in iter_translatable(model.model_validate(data)):
            node = _at(data, path)
            if node is not None:
                for lang in node:
                    node[lang] = url if "url" in path else text
        _poison_plain(data, text, url)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9, sort_keys=False), encoding="utf-8")


def _poison_plain(value: Any, text: str, url: str) -> None:
    """The fields that are one string for every language: URLs, addresses, streets."""
    if isinstance(value, list):
        for item in value:
            _poison_plain(item, text, url)
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if key == "url" and isinstance(item, str):
            value[key] = url + ("?p={path}" if "{" in item else "")  # feedback.url is a template
        elif key == "email" or (key == "address" and value.get("type") == "email"):
            value[key] = EMAIL_PAYLOAD
        elif key == "street":
            value[key] = text
        else:
            _poison_plain(item, text, url)


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, dict) else None


def _render(content: Path) -> dict[str, bytes]:
    checked = pipeline.check_content(content, DEFAULT_THEME)
    assert not checked.errors, [error.format() for error in checked.errors]
    return pipeline.render_site(checked, DEFAULT_THEME).files


# ---------------------------------------------------------------- reading the HTML


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self.data_blocks: list[str] = []  # <script type="application/json">: data, never run
        self._in_script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._in_script = self.data_blocks if attributes.get("type") == "application/json" else self.inline_scripts

    def handle_endtag(self, tag: str) -> None:
        self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and data.strip():
            self._in_script.append(data)


def _elements(html: bytes) -> _Elements:
    parser = _Elements()
    parser.feed(html.decode("utf-8"))
    return parser


def _vocabulary(files: dict[str, bytes]) -> dict[str, set[str]]:
    """Every tag with every attribute name the theme itself uses, plus what Markdown may produce."""
    allowed: dict[str, set[str]] = {tag: set(ALLOWED_ATTRIBUTES.get(tag, ())) | {"rel"} for tag in ALLOWED_TAGS}
    for name, data in files.items():
        if name.endswith(".html"):
            for tag, attrs in _elements(data).elements:
                allowed.setdefault(tag, set()).update(attrs)
    return allowed


def _leaks(files: dict[str, bytes], allowed: dict[str, set[str]]) -> list[str]:
    problems = []
    for name, data in sorted(files.items()):
        if name.endswith(".json"):
            json.loads(data)  # must stay valid JSON whatever the text
        if not name.endswith(".html"):
            continue
        parsed = _elements(data)
        problems += [f"{name}: inline script {script[:60]!r}" for script in parsed.inline_scripts]
        for block in parsed.data_blocks:  # must stay one valid JSON value that no text can end early
            json.loads(block)
            if "<" in block:
                problems.append(f"{name}: '<' in a JSON data block")
        for tag, attrs in parsed.elements:
            if tag not in allowed:
                problems.append(f"{name}: <{tag}> element")
                continue
            for attribute, value in attrs.items():
                if attribute not in allowed[tag] or attribute.startswith("on") or attribute in ("style", "srcdoc"):
                    problems.append(f"{name}: {attribute}= on <{tag}>")
                elif attribute in URL_ATTRIBUTES and _unsafe_url(value):
                    problems.append(f"{name}: <{tag} {attribute}={value!r}>")
            from_assets = re.fullmatch(r"(\.\./)*assets/[\w.-]+\.js|/assets/[\w.-]+\.js", attrs.get("src", ""))
            if tag == "script" and not from_assets and attrs.get("type") != "application/json":
                problems.append(f"{name}: <script> not from the theme's assets")
            if tag == "meta" and "http-equiv" in attrs:
                problems.append(f"{name}: <meta http-equiv>")
    return problems


def _unsafe_url(value: str) -> bool:
    """A scheme outside the allow-list, read as browsers do (WHATWG URL: outer controls and
    spaces are trimmed, tabs and newlines removed anywhere)."""
    squeezed = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    return scheme is not None and not squeezed.startswith(SAFE_SCHEMES)


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def clean_vocabulary() -> dict[str, set[str]]:
    return _vocabulary(_render(FIXTURE_SITE))


@pytest.fixture(scope="module")
def poisoned_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, bytes]]:
    """The test site rendered once per payload, every field poisoned."""
    sites = {}
    for index, (text, url) in enumerate(CASES):
        content = tmp_path_factory.mktemp(f"poisoned{index}") / "paths"
        shutil.copytree(FIXTURE_SITE, content)
        _poison(content, text, url)
        sites[index] = _render(content)
    return sites


def test_every_field_was_poisoned(poisoned_sites: dict[int, dict[str, bytes]]):
    page = poisoned_sites[0]["en/kiosk/index.html"].decode()
    # title, summary, question, option, phase, step, body, documents, provider, address, site name …
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 40
    assert "Opening a kiosk" not in page and "Test paths" not in page and "Testikatu" not in page
    statement = poisoned_sites[0]["en/accessibility/index.html"].decode()
    assert "Maps" not in statement and statement.count("&lt;script&gt;") > 5


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"payload{index}" for index in range(len(CASES))])
def test_payload_never_becomes_markup(poisoned_sites, clean_vocabulary, index: int):
    files = poisoned_sites[index]
    assert _leaks(files, clean_vocabulary) == []
    html = b"".join(data for name, data in files.items() if name.endswith(".html")).decode()
    assert "1337" not in html  # {{ 7*191 }} stays text: editor text is never a template
    # Quoted attribute values are text (feedback.js puts its data-* messages in with textContent).
    tags_only = re.sub(r'="[^"]*"', '=""', html)
    assert not re.search(r"<(script|svg|img|iframe|style|object|embed|base|math|details|meta http)\b[^>]*alert", tags_only, re.I)


def test_the_checks_notice_markup_that_gets_through(clean_vocabulary):
    leaked = {"x.html": b'<p onclick="alert(1)">a</p><a href=" JaVa\tScRiPt:alert(1)">b</a><svg></svg><script>alert(1)</script>'}
    problems = _leaks(leaked, clean_vocabulary)
    assert problems[:4] == [
        "x.html: inline script 'alert(1)'", "x.html: onclick= on <p>",
        "x.html: <a href=' JaVa\\tScRiPt:alert(1)'>", "x.html: <svg> element"]
    assert problems[4] in ("x.html: <script> element", "x.html: <script> not from the theme's assets")


@pytest.mark.browser
def test_nothing_executes_in_the_browser(browser, poisoned_sites, tmp_path: Path):
    from scripts.chromium import serve

    for index, files in poisoned_sites.items():
        write.write_site(files, tmp_path / f"p{index}")
    fired: list[str] = []
    with serve(tmp_path) as url, open_page(browser, True, bypass_csp=True) as tab:
        tab.on("dialog", lambda dialog: (fired.append(f"{tab.url}: {dialog.type} {dialog.message}"), dialog.dismiss()))
        for index, files in poisoned_sites.items():
            for name in sorted(name for name in files if name.endswith(".html")):
                tab.goto(f"{url}p{index}/{name}")
                tab.evaluate("document.querySelectorAll('fieldset input').forEach((choice) => choice.click())")
                tab.mouse.move(300, 300)  # for anything listening to the pointer
    assert fired == []
