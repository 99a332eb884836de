"""The documented ways to run the receiver (systemd unit, container) use options that exist."""

from __future__ import annotations

import argparse
import json
import shlex

from feedback import cli

from .conftest import ROOT

DOCS = ROOT / "docs"


def parse(words: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m feedback")
    cli.add_commands(parser.add_subparsers(dest="command", required=True), prefix="")
    return parser.parse_args(words)


def test_the_systemd_unit_starts_the_receiver_with_valid_options():
    unit = (DOCS / "feedback-receiver.service").read_text()
    [exec_start] = [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith("ExecStart=")]
    words = shlex.split(exec_start)
    assert words[1:4] == ["-m", "feedback", "server"]
    args = parse(words[3:])
    assert (args.host, args.port, str(args.site)) == ("127.0.0.1", 8080, "/srv/polku/output")
    assert "Environment=POLKU_FEEDBACK_DB=sqlite:////var/lib/polku-feedback/feedback.db" in unit
    assert "StateDirectory=polku-feedback" in unit


def test_the_container_starts_the_receiver_with_valid_options():
    containerfile = (DOCS / "feedback-receiver.Containerfile").read_text()
    [entrypoint] = [line.split(" ", 1)[1] for line in containerfile.splitlines() if line.startswith("ENTRYPOINT ")]
    words = json.loads(entrypoint)
    args = parse(words[3:] + ["--allow-origin", "https://polku.example.fi"])
    assert (args.host, args.port, str(args.site)) == ("0.0.0.0", 8080, "/site/output")
    assert "ENV POLKU_FEEDBACK_DB=sqlite:////data/feedback.db" in containerfile
    for copied in ("generator", "feedback"):  # every package pyproject.toml lists
        assert f"COPY {copied} ./{copied}" in containerfile
