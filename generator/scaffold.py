"""`build.py new <id>`: a commented path file, in every site language, that builds as it is."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from . import load, pipeline, validate
from .errors import ContentError, ContentErrors
from .ics import build_date
from .model import ID_HINT, ID_PATTERN, SiteConfig

RESERVED = (load.SITE_FILE, load.PROVIDERS_FILE)
REVIEW_AFTER = dt.timedelta(days=182)  # about six months

# Placeholder texts; a language without its own falls back to English.
WORDS: dict[str, dict[str, str]] = {
    "title": {"fi": "Uusi palvelupolku", "sv": "Ny servicestig", "en": "New service path"},
    "summary": {"fi": "Yksi tai kaksi virkettä siitä, mitä tämä polku auttaa tekemään.",
                "sv": "En eller två meningar om vad den här stigen hjälper invånare att göra.",
                "en": "One or two sentences on what this path helps residents do."},
    "team": {"fi": "Palvelupolkujen toimitus", "sv": "Redaktionen för servicestigar", "en": "Service path editors"},
    "handled_by": {"fi": "Kaupungin neuvonta", "sv": "Stadens rådgivning", "en": "The city's advice service"},
    "question": {"fi": "Mikä kuvaa tilannettasi?", "sv": "Vad beskriver din situation?", "en": "What describes your situation?"},
    "option_a": {"fi": "Ensimmäinen vaihtoehto", "sv": "Första alternativet", "en": "The first option"},
    "option_b": {"fi": "Toinen vaihtoehto", "sv": "Andra alternativet", "en": "The second option"},
    "phrase_b": {"fi": "valitsit toisen vaihtoehdon", "sv": "du valde det andra alternativet",
                 "en": "you chose the second option"},
    "phase": {"fi": "Valmistelu", "sv": "Förberedelser", "en": "Preparation"},
    "step_1": {"fi": "Ensimmäinen vaihe", "sv": "Första steget", "en": "The first step"},
    "body_1": {"fi": "Kerro, mitä asukkaan pitää tehdä. Voit käyttää **lihavointia**, listoja ja linkkejä.",
               "sv": "Berätta vad invånaren ska göra. Du kan använda **fetstil**, listor och länkar.",
               "en": "Say what the resident has to do. You can use **bold**, lists and links."},
    "step_2": {"fi": "Vaihe vain toisen vaihtoehdon valinneille", "sv": "Ett steg bara för dem som valde det andra alternativet",
               "en": "A step only for those who chose the second option"},
}


class ScaffoldError(Exception):
    """The path cannot be created (a usage error: bad id, existing file, no life events)."""


def new_path(content_dir: Path, path_id: str, schema_dir: Path) -> Path:
    """Write `<content_dir>/<path_id>.yaml`; raises ScaffoldError or ContentErrors (site.yaml is broken)."""
    if not re.match(ID_PATTERN, path_id):
        raise ScaffoldError(f"'{path_id}' is not a valid id ({ID_HINT})")
    target = content_dir / f"{path_id}.yaml"
    if target.name in RESERVED:
        raise ScaffoldError(f"'{path_id}' is reserved for {target.name}; choose another id")
    for existing in (target, target.with_suffix(".yml")):
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists; Polku does not overwrite it")
    site, providers = _site(content_dir), _provider_ids(content_dir)
    if not site.life_events:
        raise ScaffoldError("site.yaml defines no life_events, and every path belongs to one; add one first "
                            "(see 'Site settings' in README.md)")
    schema = Path(os.path.relpath(schema_dir / "path.schema.json", content_dir)).as_posix()
    target.write_text(render(path_id, site, providers, schema, build_date()), encoding="utf-8")
    return target


def _site(content_dir: Path) -> SiteConfig:
    file = content_dir / load.SITE_FILE
    if not file.exists():
        return SiteConfig()
    site, errors = validate.model_of(SiteConfig, load.load_file(file, load.display_name(file)))
    if site is None:
        raise ContentErrors(errors)
    return site


def _provider_ids(content_dir: Path) -> list[str]:
    """The provider ids, for a helpful comment; a broken providers.yaml just gives none."""
    file = content_dir / load.PROVIDERS_FILE
    try:
        data = load.load_file(file, load.display_name(file)).data if file.exists() else {}
    except ContentErrors:
        return []
    providers = data.get("providers") if isinstance(data, dict) else None
    return [p["id"] for p in providers or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]


def render(path_id: str, site: SiteConfig, providers: list[str], schema: str, on: dt.date) -> str:
    langs = site.languages

    def text(key: str, indent: int) -> str:
        pad = " " * indent
        return "".join(f"\n{pad}{lang}: {json.dumps(WORDS[key].get(lang, WORDS[key]['en']), ensure_ascii=False)}"
                       for lang in langs)

    events = ", ".join(g.id for g in site.life_events)
    audiences = ", ".join(g.id for g in site.audiences)
    provider_line = (f"        # provider: {providers[0]}   # who handles it; ids in providers.yaml: "
                     + ", ".join(providers[:8]) + (", …" if len(providers) > 8 else "") + "\n") if providers else ""
    audience_line = f"# audience: [{site.audiences[0].id}]   # who it is for; ids in site.yaml: {audiences}\n" if audiences else ""
    return f"""\
# yaml-language-server: $schema={schema}
# A new service path, made by `python build.py new {path_id}`. Replace the example texts;
# every text is given in each of this file's languages. docs/editing.md explains every
# field, and `python build.py serve` shows the page as you save.

id: {path_id}   # the same as the file name
languages: [{", ".join(langs)}]

# The life event as residents would say it, and one or two sentences about it.
title:{text("title", 2)}
summary:{text("summary", 2)}
life_event: {site.life_events[0].id}   # groups the index page; ids in site.yaml: {events}
{audience_line}
# Who keeps this path up to date. "Last updated" on the page is last_reviewed.
owner:
  team:{text("team", 4)}
  email: polku@example.fi   # your team's address
last_reviewed: {on.isoformat()}
review_by: {(on + REVIEW_AFTER).isoformat()}

# Who answers residents' questions about this matter, and how fast.
service_promise:
  handled_by:{text("handled_by", 4)}
  reply_within_working_days: 5

# Questions about the resident's situation; the answers decide which steps apply.
questions:
  - id: situation
    type: single   # single: one answer; multiple: any number of answers
    label:{text("question", 6)}
    options:
      - id: first
        label:{text("option_a", 10)}
      - id: second
        label:{text("option_b", 10)}
        phrase:{text("phrase_b", 10)}   # how "Applies if …" reads

# Phases in order, each with its steps in order. Steps are numbered across the path.
phases:
  - id: preparation
    title:{text("phase", 6)}
    steps:
      - id: first-step
        title:{text("step_1", 10)}
        body:{text("body_1", 10)}
{provider_line}      - id: second-step
        title:{text("step_2", 10)}
        when: {{question: situation, chosen: second}}   # shown only to those who chose it
"""


def check_new(content_dir: Path, created: Path, theme_dir: Path) -> list[ContentError]:
    """The new file's own errors once the whole content is checked (there should be none)."""
    name = load.display_name(created)
    return [error for error in pipeline.check_content(content_dir, theme_dir).errors if error.file == name]
