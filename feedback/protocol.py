"""What the built site and the receiver agree on: form fields, limits and the path index.

The generator writes the form and `feedback-index.json` from these names; the receiver
reads submissions and the index with the same names. Standard library only, so the
receiver can import it without the build pipeline.
"""

from __future__ import annotations

# Hidden fields of every form: which page, step, language and content version it is about.
PATH, STEP, LANG, VERSION = "path", "step", "lang", "version"
# What the resident gives: yes/no, optional comment and optional reply address.
USEFUL, COMMENT, EMAIL = "useful", "comment", "email"
# Left empty by people; bots that fill in every field fill it too.
HONEYPOT = "website"
FIELDS = (PATH, STEP, LANG, VERSION, USEFUL, COMMENT, EMAIL, HONEYPOT)
ANSWERS = ("yes", "no")

COMMENT_MAX = 2000  # characters
EMAIL_MAX = 254  # the longest address SMTP can carry
VERSION_PATTERN = r"^[0-9a-f]{8,64}$"

INDEX_FILE = "feedback-index.json"  # written into the built site's root
INDEX_FORMAT = 2  # 2: each path's content version per language

# Catalogue messages the receiver needs for its own pages, copied into the index.
RECEIVER_MESSAGES = (
    "feedback_thanks_title",
    "feedback_thanks",
    "feedback_back",
    "feedback_error_title",
    "feedback_error_useful",
    "feedback_error_comment",
    "feedback_error_email",
    "feedback_error_busy",
    "feedback_error_later",
    "feedback_error_general",
)
