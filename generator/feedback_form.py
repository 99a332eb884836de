""""Was this useful?" on path pages (and optionally under each step), as page context.

Where the answer goes is site.yaml's `feedback.send_to`: a form posting to Polku's
receiver (sent in place by feedback.js when JavaScript runs), a form posting to another
endpoint, or mailto: links to the path's owner. The form carries only which page, step,
language and content version it is about, and what the resident types into it; the
answers to the path's questions live in another form and are never sent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from feedback import protocol

from .feedback_index import content_version, promise
from .i18n import Messages
from .model import Path, SiteConfig, Step


def forms(site: SiteConfig, path: Path, t: Messages) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The feedback block of the whole path, and one per step id if the site asks under steps."""
    version = content_version(path, t.lang)
    steps = {step.id: _form(site, path, t, version, step) for step in path.steps()} if site.feedback.steps else {}
    return _form(site, path, t, version), steps


def _form(site: SiteConfig, path: Path, t: Messages, version: str, step: Step | None = None) -> dict[str, Any]:
    send_to = site.feedback.send_to
    data: dict[str, Any] = {
        "send_to": send_to,
        "id": f"feedback-step-{step.id}" if step else "feedback",
        "question": t("feedback_step_question") if step else t("feedback_heading"),
        "promise": promise(path, t),
    }
    if send_to == "mailto":
        data["mail"] = _mail_links(path, t, step)
        return data
    hidden = {protocol.PATH: path.id, protocol.STEP: step.id if step else None, protocol.LANG: t.lang,
              protocol.VERSION: version}
    data.update(
        action=site.feedback.url,
        enhance=send_to == "receiver",  # feedback.js sends it in place: the receiver answers in JSON
        hidden=[{"name": name, "value": value} for name, value in hidden.items() if value is not None],
        names={"useful": protocol.USEFUL, "comment": protocol.COMMENT, "email": protocol.EMAIL,
               "honeypot": protocol.HONEYPOT},
        answers=list(protocol.ANSWERS),
        comment_max=protocol.COMMENT_MAX,
        email_max=protocol.EMAIL_MAX,
    )
    return data


def _mail_links(path: Path, t: Messages, step: Step | None) -> dict[str, str]:
    title = path.title.get(t.lang)
    subject = t("feedback_step_subject", title=title, step=step.title.get(t.lang)) if step else t("feedback_subject", title=title)

    def mail(answer: str) -> str:
        body = f"&body={quote(t('feedback_body_' + answer))}" if answer else ""
        return f"mailto:{path.owner.email}?subject={quote(subject)}{body}"
    return {"yes": mail("yes"), "no": mail("no"), "give": mail("")}
