"""What the accessibility tests measure in the browser, page by page.

`survey()` visits every page of a built site once per mode and runs every probe on it,
so the browser work is shared by all the tests in test_accessibility.py, each of which
asserts the problems one probe found. A probe returns plain-language problems, each
naming the page and the element, so a failing test says what to fix.

Modes: "no-javascript" loads each page with scripting off (the page's scripts never run,
<noscript> content is shown); axe needs timers, so scripting is switched on only while it
runs, after the page has been built without it. "javascript" runs the page's scripts and
answers the questions (the first choice of every question) before measuring, so the
personalised state is what gets checked. Checks of steps read the default theme's markup
(`ol.steps > li`); everything else is generic HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.sync_playwright import Axe

from .conftest import BuiltSite
from .pages import page_url

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The rules whose outcome depends on colours, run again in the dark colour scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 640}
# Browser zoom of 200 % in a 1280 px window lays the page out in 640 CSS px: same as this.
ZOOMED = {"width": 640, "height": 400}
# The printable width of A4 with 15 mm margins (the theme's @page), in CSS px at 96 dpi.
A4_WIDTH = {"width": 680, "height": 960}

# Shared by the snippets below: a short, readable name for an element.
_DESCRIBE = """
const describe = (el) => {
  const text = (el.tagName === 'INPUT' ? '' : el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const id = el.id ? '#' + el.id : '';
  const href = el.getAttribute && el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : '';
  return `<${el.tagName.toLowerCase()}${id}${href}>${text ? ' "' + text + '"' : ''}`;
};
const TABBABLE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, ' +
                 '[tabindex], [contenteditable=""], [contenteditable=true]';
const shown = (el) => el.checkVisibility({visibilityProperty: true});
"""

HEADINGS = _DESCRIBE + """() => {
  const problems = [];
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown);
  const ones = headings.filter((h) => h.tagName === 'H1');
  if (ones.length !== 1) problems.push(`${ones.length} h1 headings; a page needs exactly one`);
  if (headings.length && headings[0].tagName !== 'H1') problems.push(`the first heading is ${describe(headings[0])}, not the h1`);
  let previous = 0;
  for (const heading of headings) {
    const level = Number(heading.tagName[1]);
    if (previous && level > previous + 1) problems.push(`h${previous} is followed by ${describe(heading)}: a level is skipped`);
    if (!heading.textContent.trim()) problems.push(`${describe(heading)} is empty`);
    previous = level;
  }
  return problems;
}"""

LANGUAGES = _DESCRIBE + """([expected, languages]) => {
  const problems = [];
  const root = document.documentElement.getAttribute('lang');
  if (root !== expected) problems.push(`<html lang="${root}">; the page is in '${expected}'`);
  for (const el of document.querySelectorAll('[lang]')) {
    if (!languages.includes(el.getAttribute('lang'))) problems.push(`${describe(el)} has lang="${el.getAttribute('lang')}", not a language of the site`);
  }
  for (const el of document.querySelectorAll('body [hreflang]')) {
    const marked = el.closest('[lang]').getAttribute('lang');
    if (marked !== el.getAttribute('hreflang')) problems.push(`${describe(el)} leads to the ${el.getAttribute('hreflang')} version but its text is marked lang="${marked}"`);
  }
  return problems;
}"""

FORMS = _DESCRIBE + """() => {
  const problems = [];
  const byId = (ids) => (ids || '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ');
  for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!shown(control)) continue;
    const name = [...(control.labels || [])].map((label) => label.textContent).join(' ')
      || control.getAttribute('aria-label') || byId(control.getAttribute('aria-labelledby'));
    if (!name.trim()) problems.push(`${describe(control)} has no label`);
    // Radio buttons, and checkboxes sharing a name, are choices of one question: they need a
    // fieldset and legend. A lone checkbox (e.g. "Done" on a step) is a complete control.
    const grouped = control.type === 'radio' || (control.type === 'checkbox' && control.name
      && document.querySelectorAll(`input[type=checkbox][name="${CSS.escape(control.name)}"]`).length > 1);
    if (grouped && !control.closest('fieldset')) problems.push(`${describe(control)} is a choice outside any fieldset`);
  }
  for (const group of document.querySelectorAll('fieldset')) {
    const legend = group.firstElementChild;
    if (!legend || legend.tagName !== 'LEGEND' || !legend.textContent.trim()) problems.push(`a fieldset (${describe(group)}) does not start with a legend`);
  }
  return problems;
}"""

# SC 2.5.8: a target is at least 24 by 24 CSS px, or its 24 px circle touches no other
# target, or it is a link inside a sentence. A choice's label is part of its target.
TARGETS = _DESCRIBE + """() => {
  const SIZE = 24;
  // Hidden from everyone (aria-hidden, or clipped to nothing like a spam trap) is no target.
  const clippedAway = (el) => {
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box), rect = box.getBoundingClientRect();
      if ((style.overflow !== 'visible' || style.clipPath !== 'none') && (rect.width <= 1 || rect.height <= 1)) return true;
    }
    return false;
  };
  const targets = [...document.querySelectorAll(TABBABLE + ', label[for], [role=button], [role=link]')]
    .filter((el) => shown(el) && el.getAttribute('tabindex') !== '-1' && !el.closest('[aria-hidden="true"], [inert]') && !clippedAway(el))
    .map((el) => ({el, rect: el.getBoundingClientRect()}))
    .filter(({rect}) => rect.width > 1 && rect.height > 1);  // 1 px: visually hidden, not a target
  const big = (rect) => rect.width >= SIZE - 0.01 && rect.height >= SIZE - 0.01;
  const labelled = ({el}) => [...(el.labels || [])].some((label) => big(label.getBoundingClientRect()));
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && block.textContent.replace(el.textContent, '').trim().length > 0;
  };
  const centre = (rect) => [rect.left + rect.width / 2, rect.top + rect.height / 2];
  const distance = ([x, y], rect) => Math.hypot(Math.max(rect.left - x, 0, x - rect.right), Math.max(rect.top - y, 0, y - rect.bottom));
  const small = targets.filter((t) => !big(t.rect) && !labelled(t) && !inSentence(t.el));
  const problems = [];
  for (const target of small) {
    const here = centre(target.rect);
    const crowded = targets.some((other) => other !== target && !other.el.contains(target.el) && !target.el.contains(other.el)
      && !(other.el.tagName === 'LABEL' && other.el.control === target.el)
      && (small.includes(other) ? Math.hypot(here[0] - centre(other.rect)[0], here[1] - centre(other.rect)[1]) < SIZE
                                : distance(here, other.rect) < SIZE / 2));
    if (crowded) problems.push(`${describe(target.el)} is ${Math.round(target.rect.width)}×${Math.round(target.rect.height)} px, too close to another target`);
  }
  return problems;
}"""

OVERFLOW = _DESCRIBE + """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const wide = [...document.body.querySelectorAll('*')].filter((el) => shown(el) && el.getBoundingClientRect().right > root.clientWidth + 1);
  const outermost = wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 3).map(describe);
  return [`the page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window (${outermost.join(', ')})`];
}"""

PRINTED = _DESCRIBE + """(allSteps) => {
  const problems = [];
  for (const el of document.querySelectorAll('nav, .skip-link, form')) {
    if (shown(el) && el.getBoundingClientRect().height > 0) problems.push(`${describe(el)} is printed`);
  }
  const main = document.querySelector('main');
  if (!main || !shown(main)) problems.push('the main content is not printed');
  const steps = [...document.querySelectorAll('ol.steps > li')];
  const printed = steps.filter(shown);
  if (steps.length && (allSteps ? printed.length !== steps.length : printed.length === 0)) {
    problems.push(`${printed.length} of ${steps.length} steps are printed`);
  }
  return problems;
}"""

# Remembers the tab stops in reading order and how each looks unfocused.
TAB_STOPS = _DESCRIBE + """() => {
  document.activeElement?.blur();
  const problems = [];
  const groups = new Set();
  const stops = [];
  for (const el of document.querySelectorAll(TABBABLE)) {
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && Number(tabindex) > 0) problems.push(`${describe(el)} has tabindex="${tabindex}", which breaks the reading order`);
    if (el.disabled || el.inert || el.closest('[inert]') || (tabindex !== null && Number(tabindex) < 0) || !shown(el)) continue;
    if (el.type === 'radio' && el.name) {  // a group of radio buttons is one stop: the chosen one, else the first
      const key = (el.form ? 'f' : 'd') + el.name;
      const group = [...document.querySelectorAll(`input[type=radio][name="${CSS.escape(el.name)}"]`)].filter((r) => r.form === el.form && shown(r));
      if (groups.has(key)) continue;
      groups.add(key);
      stops.push(group.find((r) => r.checked) || group[0]);
      continue;
    }
    stops.push(el);
  }
  const look = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
    return {outline: outline ? [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset].join(' ') : '',
            shadow: s.boxShadow, border: s.borderColor + s.borderWidth, background: s.backgroundColor};
  };
  window.__polkuStops = {stops, unfocused: stops.map(look), look};
  return {count: stops.length, names: stops.map(describe), problems};
}"""

# Where the focus is after one more Tab, and whether it can be seen there.
FOCUS = _DESCRIBE + """() => {
  const {stops, unfocused, look} = window.__polkuStops;
  const el = document.activeElement;
  const index = stops.indexOf(el);
  const now = look(el), before = unfocused[index] || now;
  // Seen if an outline or shadow appears or changes, or the border or background changes.
  const indicator = (now.outline !== '' && now.outline !== before.outline) || (now.shadow !== 'none' && now.shadow !== before.shadow)
    || now.border !== before.border || now.background !== before.background;
  const box = el.getClientRects()[0] || el.getBoundingClientRect();
  const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
  const hit = document.elementFromPoint(x, y);
  const seen = !!hit && (el.contains(hit) || hit.contains(el) || [...(el.labels || [])].some((label) => label.contains(hit)));
  return {index, name: describe(el), indicator: index >= 0 && indicator, seen};
}"""

ANSWER = """() => {
  for (const group of document.querySelectorAll('fieldset')) {
    const first = group.querySelector('input[type=radio], input[type=checkbox]');
    if (first && !first.checked) first.click();
  }
}"""

LIVE_REGION = """() => {
  const region = document.querySelector('[aria-live]:not([aria-live=off]), [role=status], [role=alert], output');
  return region ? region.textContent.trim() : null;
}"""

# How the steps look: changes when answers show, hide or mark steps.
STEPS = """() => [...document.querySelectorAll('ol.steps > li')]
  .map((step) => [step.checkVisibility(), step.className, step.hidden, step.getAttribute('aria-hidden')].join('|')).join(',')"""

SETTLE = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"


PROBES = ("axe", "axe dark", "skip link", "keyboard order", "focus visible", "target size", "reflow", "headings",
          "languages", "forms", "live region", "print")


@dataclass
class Findings:
    """Problems per probe, and how many pages had questions and changed their steps when answered."""

    problems: dict[str, list[str]] = field(default_factory=lambda: {probe: [] for probe in PROBES})
    answered_pages: int = 0
    personalised_pages: int = 0

    def add(self, probe: str, page: str, found: list[str]) -> None:
        self.problems[probe].extend(f"{page}: {problem}" for problem in found)


def survey(browser: Any, site: BuiltSite, mode: str) -> Findings:
    """Run every probe on every page of `site` in `mode` ("javascript" or "no-javascript")."""
    javascript = mode == "javascript"
    findings = Findings()
    axe = Axe()
    # Reduced motion: focus scrolls into view at once rather than smoothly, so it can be measured.
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        for page in site.pages:
            cdp.send("Emulation.setScriptExecutionDisabled", {"value": not javascript})
            tab.set_viewport_size(DESKTOP)
            tab.goto(page_url(site, page))
            findings.add("skip link", page, _skip_link(tab))
            if javascript:
                findings.add("live region", page, _answer(tab, findings))
            _probe_page(tab, site, page, javascript, findings)
            _keyboard(tab, page, findings)
            cdp.send("Emulation.setScriptExecutionDisabled", {"value": False})  # axe needs timers
            findings.add("axe", page, _axe(axe, tab, {"type": "tag", "values": WCAG_TAGS}))
            if not javascript:
                tab.emulate_media(color_scheme="dark")
                findings.add("axe dark", page, _axe(axe, tab, {"type": "rule", "values": COLOUR_RULES}))
                tab.emulate_media(color_scheme="light")
    finally:
        context.close()
    return findings


def _probe_page(tab: Any, site: BuiltSite, page: str, javascript: bool, findings: Findings) -> None:
    findings.add("headings", page, tab.evaluate(HEADINGS))
    findings.add("languages", page, tab.evaluate(LANGUAGES, [site.language_of(page), site.languages]))
    findings.add("forms", page, tab.evaluate(FORMS))
    for name, viewport in (("desktop", DESKTOP), ("320 px", PHONE)):
        tab.set_viewport_size(viewport)
        findings.add("target size", page, [f"{problem} (at {name})" for problem in tab.evaluate(TARGETS)])
    for name, viewport, text_zoom in (("320 px", PHONE, False), ("200 % zoom", ZOOMED, False),
                                      ("200 % text size", DESKTOP, True)):
        tab.set_viewport_size(viewport)
        if text_zoom:
            tab.evaluate("document.documentElement.style.fontSize = '200%'")
        findings.add("reflow", page, [f"at {name}: {problem}" for problem in tab.evaluate(OVERFLOW)])
        if text_zoom:
            tab.evaluate("document.documentElement.style.removeProperty('font-size')")
    tab.set_viewport_size(A4_WIDTH)
    tab.emulate_media(media="print")
    findings.add("print", page, tab.evaluate(PRINTED, not javascript) + tab.evaluate(OVERFLOW))
    tab.emulate_media(media="screen")
    tab.set_viewport_size(DESKTOP)


def _skip_link(tab: Any) -> list[str]:
    """The first Tab reaches a visible link to the main content; following it moves the focus there."""
    tab.keyboard.press("Tab")
    first = tab.evaluate("""() => {
      const el = document.activeElement, r = el.getBoundingClientRect(), s = getComputedStyle(el);
      const href = el.getAttribute('href') || '';
      const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
      return {tag: el.tagName, href, main: !!target && (target.tagName === 'MAIN' || !!target.closest('main')),
              visible: r.width > 1 && r.height > 1 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth,
              outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0};
    }""")
    if first["tag"] != "A" or not first["main"]:
        href = f' href="{first["href"]}"' if first["href"] else ""
        return [f"the first Tab goes to <{first['tag'].lower()}{href}>, not a link to the main content"]
    problems = [] if first["visible"] else ["the skip link is not visible when focused"]
    if not first["outline"]:
        problems.append("the focused skip link has no focus outline")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    inside = tab.evaluate("""() => {
      const main = document.querySelector('main');
      return main.contains(document.activeElement) || !main.querySelector('a[href], button, input, select, textarea');
    }""")
    if not inside:
        problems.append("after following the skip link, Tab does not go into the main content")
    return problems


def _answer(tab: Any, findings: Findings) -> list[str]:
    """Choose the first option of every question. If that changes the steps, a live region
    must say how many apply now."""
    if not tab.evaluate("document.querySelector('fieldset input') !== null"):
        return []
    findings.answered_pages += 1
    steps, before = tab.evaluate(STEPS), tab.evaluate(LIVE_REGION)
    tab.evaluate(ANSWER)
    tab.evaluate(SETTLE)
    if tab.evaluate(STEPS) == steps:
        return []  # nothing personalised: every step is still shown, so there is no count to announce
    findings.personalised_pages += 1
    after = tab.evaluate(LIVE_REGION)
    if after is None:
        return ["answering changes the steps, but no live region (aria-live or role=status) says how many apply"]
    if after == before or not any(char.isdigit() for char in after):
        return [f"the live region does not announce the number of applicable steps after answering (it says \"{after}\")"]
    return []


def _keyboard(tab: Any, page: str, findings: Findings) -> None:
    """Tab through the page: stops come in reading order, each with a visible, unobscured focus."""
    stops = tab.evaluate(TAB_STOPS)
    findings.add("keyboard order", page, stops["problems"])
    if not stops["count"]:
        return
    tab.evaluate("window.__polkuStops.stops[0].focus()")
    for expected in range(1, stops["count"]):
        tab.keyboard.press("Tab")
        focus = tab.evaluate(FOCUS)
        if focus["index"] != expected:
            findings.add("keyboard order", page, [
                f"after {stops['names'][expected - 1]} Tab goes to {focus['name']} instead of {stops['names'][expected]}"])
            return
        if not focus["indicator"]:
            findings.add("focus visible", page, [f"{focus['name']} looks the same focused and unfocused"])
        if not focus["seen"]:
            findings.add("focus visible", page, [f"{focus['name']} is hidden behind other content when focused"])


def _axe(axe: Axe, tab: Any, rules: dict[str, Any]) -> list[str]:
    results = axe.run(tab, options={"runOnly": rules, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]
