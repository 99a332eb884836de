"""Stage 4b: each path's checklist page, and its downloads as a text file and a calendar.

The checklist lists every step with what a resident needs for it: documents, costs,
dates, duration and whom to contact, without the long explanations of the guide. The
build writes it with every step, so it is complete without JavaScript, together with
a text (Markdown) file and an iCalendar file of the dated steps. In the browser,
polku.js filters the page by the resident's answers and writes both files again from
the data below with only the resident's steps (the same format, checked by the tests).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from . import ics
from .context import CHECKLIST, Page, Urls, common_context
from .i18n import Messages
from .model import Path, SiteConfig
from .validate import Content


def build(content: Content, pages: list[Page], today: dt.date,
          catalogues: dict[str, Messages]) -> tuple[list[Page], dict[str, bytes]]:
    """Checklist pages for the path pages among `pages`, and their download files."""
    return for_paths(content.site, pages, [located.value for located in content.paths], today, catalogues)


def for_paths(site: SiteConfig, pages: list[Page], paths: list[Path], today: dt.date,
              catalogues: dict[str, Messages]) -> tuple[list[Page], dict[str, bytes]]:
    """Checklist pages for the guide pages among `pages` of `paths`, and their download files."""
    by_id = {path.id: path for path in paths}
    checklists: list[Page] = []
    files: dict[str, bytes] = {}
    for page in pages:
        if page.template == "path.html":
            checklist, downloads = _checklist(site, page, by_id[page.context["path"]["id"]], today, catalogues)
            checklists.append(checklist)
            files.update(downloads)
    return checklists, files


def _checklist(site: SiteConfig, guide: Page, path: Path, today: dt.date,
               catalogues: dict[str, Messages]) -> tuple[Page, dict[str, bytes]]:
    t: Messages = guide.context["t"]
    lang, guide_path = t.lang, guide.context["path"]
    folder = f"{path.id}/{CHECKLIST}"
    here = f"{lang}/{folder}"
    urls = Urls(site, here)
    guide_url = urls.page(f"{lang}/{path.id}")
    guide_absolute = urls.absolute(f"{lang}/{path.id}")
    title = t("checklist_title", title=guide_path["title"])

    export = text_export(guide_path, t, title, guide_absolute)
    events = calendar_export(guide_path, path, t, site, guide_absolute)
    static_events = resolve_events(events, today)
    text_name = f"{path.id}-{t('checklist_file')}.txt"
    calendar_name = f"{path.id}-{t('calendar_file')}.ics" if static_events else None

    context = common_context(site, t, catalogues, here, t("page_title", page=title, site=site.name.get(lang)),
                             t("checklist_description", title=guide_path["title"]), path.languages, folder)
    context["path"] = {
        "id": path.id,
        "title": guide_path["title"],
        "checklist_title": title,
        "guide_url": guide_url,
        "last_updated": guide_path["last_updated"],
        "last_updated_iso": guide_path["last_updated_iso"],
        "has_questions": bool(path.questions),
        "phases": guide_path["phases"],
        "step_count": guide_path["step_count"],
        "providers": guide_path["providers"],
        "text_file": text_name,
        "calendar_file": calendar_name,
        "month_dates": any(date["iso"] is None and date["yearly"] is None
                           for step in _steps(guide_path) for date in step["dates"]),
        "personal": {**guide_path["personal"], "checklist": {"text": export, "calendar": events}},
    }
    files = {f"{here}/{text_name}": static_text(export, _steps(guide_path)).encode("utf-8")}
    if calendar_name:
        files[f"{here}/{calendar_name}"] = ics.calendar(events["name"], events["stamp"], static_events).encode("utf-8")
    return Page(f"{here}/index.html", "checklist.html", context), files


def _steps(guide_path: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for phase in guide_path["phases"] for step in phase["steps"]]


# ---------------------------------------------------------------- text (Markdown)


def text_export(guide_path: dict[str, Any], t: Messages, title: str, guide_absolute: str) -> dict[str, Any]:
    """The checklist as text pieces: the script puts together the resident's steps from them."""
    return {
        "head": f"# {title}\n\n{guide_absolute}\n\n{t('last_updated')} {guide_path['last_updated']}",
        "all": t("checklist_text_all"),
        "answers": t("your_answers"),
        "none": t("none_of_these"),
        "questions": [{"id": question["id"], "label": question["label"],
                       "options": {option["id"]: option["label"] for option in question["options"]}}
                      for question in guide_path["questions"]],
        "contact": t("contact_heading"),
        "phases": [{"title": phase["title"], "steps": [step["id"] for step in phase["steps"]]}
                   for phase in guide_path["phases"]],
        "steps": {
            step["id"]: {
                "title": step["title"],
                "if": t("applies_if", condition=step["applies_if"]) if step["applies_if"] else None,
                "lines": _step_lines(step, t),
            }
            for step in _steps(guide_path)
        },
        "providers": [{"steps": provider["steps"], "lines": _provider_lines(provider, t)}
                      for provider in guide_path["providers"]],
    }


def static_text(export: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    """The whole checklist as the build writes it; polku.js `checklistText` writes the same
    from the same pieces, leaving out the steps that do not apply."""
    labels = {step["id"]: text_label(step) for step in steps}
    blocks = [export["head"], export["all"]]
    for phase in export["phases"]:
        items = [_text_item(export["steps"][step_id], labels[step_id]) for step_id in phase["steps"]]
        blocks.append(f"## {phase['title']}\n\n" + "\n".join(items))
    if export["providers"]:
        blocks.append(f"## {export['contact']}\n\n" + "\n".join(
            line for provider in export["providers"] for line in provider["lines"]))
    return "\n\n".join(blocks) + "\n"


def text_label(step: dict[str, Any]) -> str:
    """'1.' for a numbered step, 'and:' / 'or:' for a step joined to the one before."""
    return f"{step['label']}:" if step["relation"] else f"{step['number']}."


def _text_item(step: dict[str, Any], label: str) -> str:
    lines = ([f"- {step['if']}"] if step["if"] else []) + step["lines"]
    return f"- [ ] {label} {step['title']}" + "".join(f"\n  {line}" for line in lines)


def _step_lines(step: dict[str, Any], t: Messages) -> list[str]:
    lines = []
    if step["documents"]:
        lines.append(f"- {t('documents_heading')}:")
        lines += [f"  - {document['title']}{_note(document['note'])}" for document in step["documents"]]
    if step["cost"]:
        lines.append(f"- {t('cost')}: {step['cost']['text']}{_note(step['cost']['note'])}")
    lines += [f"- {date['label']}: {date['text']}" for date in step["dates"]]
    if step["duration"]:
        lines.append(f"- {t('duration')}: {step['duration']['text']}{_note(step['duration']['note'])}")
    if step["provider"]:
        quick = "".join(f"; {channel['type_label']}: {_channel_value(channel)}" for channel in step["provider"]["quick"])
        lines.append(f"- {t('handled_by')}: {step['provider']['name']}{quick}")
    lines += [f"- {link['kind_label']}: {link['title']} <{link['url']}>" for link in step["links"]]
    return lines


def _provider_lines(provider: dict[str, Any], t: Messages) -> list[str]:
    lines = [f"- {provider['name']}"]
    for channel in provider["channels"]:
        hours = ", ".join(f"{row['days']} {row['time']}" for row in channel.get("hours", []))
        lines.append(f"  - {channel['type_label']}: {_channel_value(channel)}{_note(hours)}")
    return lines


def _channel_value(channel: dict[str, Any]) -> str:
    if channel["type"] == "visit":
        return ", ".join(channel["address_lines"])
    if channel["type"] == "phone":
        return channel["number"]
    if channel["type"] == "email":
        return channel["address"]
    return channel["url"]


def _note(note: str | None) -> str:
    return f" ({note})" if note else ""


# ---------------------------------------------------------------- calendar


def calendar_export(guide_path: dict[str, Any], path: Path, t: Messages, site: SiteConfig,
                    guide_absolute: str) -> dict[str, Any]:
    """The dated steps as calendar events; dates given only as a month are not events."""
    host = urlsplit(site.base_url).hostname
    events = []
    for step in _steps(guide_path):
        for date in step["dates"]:
            if date["iso"] is None and date["yearly"] is None:
                continue
            events.append({
                "step": step["id"],
                "uid": f"{path.id}-{step['id']}-{date['kind']}",
                "date": date["iso"],
                "yearly": date["yearly"],
                "summary": f"{date['label']}: {step['title']}",
                "description": f"{guide_path['title']}\n{guide_absolute}#{step['anchor']}",
                "url": f"{guide_absolute}#{step['anchor']}",
                "reminder": date["kind"] == "deadline",
            })
    return {"name": t("calendar_name", title=guide_path["title"]), "host": host, "prodid": ics.PRODID,
            "trigger": ics.REMINDER, "stamp": f"{path.last_reviewed:%Y%m%d}T000000Z", "events": events}


def resolve_events(calendar: dict[str, Any], today: dt.date) -> list[ics.Event]:
    """Events on actual days: yearly dates at their next occurrence, past dates left out."""
    resolved = []
    for event in calendar["events"]:
        if event["yearly"]:
            start = ics.next_occurrence(event["yearly"], today)
        else:
            start = dt.date.fromisoformat(event["date"])
            if start < today:
                continue
        resolved.append(ics.Event(f"{event['uid']}-{start:%Y%m%d}@{calendar['host']}", start, event["summary"],
                                  event["description"], event["url"], event["reminder"]))
    return resolved
