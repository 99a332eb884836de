"""Links to other sites, checked over the network: a few at a time, each within a time limit.

Used by `python build.py check --external`. Each address is asked for with HEAD (falling back
to GET for servers that refuse HEAD); redirects are followed. Every check runs in a daemon
thread with a deadline watched from here, so a server that never answers, or answers one byte
a minute, costs at most the time limit and can never hang the command.
"""

from __future__ import annotations

import queue
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass
from http.client import HTTPException
from typing import Iterable

USER_AGENT = "Polku-link-checker/1 (checks links of a service-path site)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class Result:
    url: str
    status: int | None  # the final HTTP status, None when there was no answer
    problem: str | None = None  # None when the link works

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_urls(urls: Iterable[str], timeout: float = DEFAULT_TIMEOUT,
               concurrency: int = DEFAULT_CONCURRENCY) -> dict[str, Result]:
    """Check every distinct URL, at most `concurrency` at once and each within `timeout` seconds."""
    pending = deque(sorted(set(urls)))
    deadlines: dict[str, float] = {}
    finished: queue.Queue[Result] = queue.Queue()
    results: dict[str, Result] = {}
    while pending or deadlines:
        while pending and len(deadlines) < concurrency:
            url = pending.popleft()
            deadlines[url] = time.monotonic() + timeout
            threading.Thread(target=lambda u=url: finished.put(fetch(u, timeout)), daemon=True).start()
        try:
            result = finished.get(timeout=max(0.0, min(deadlines.values()) - time.monotonic()))
            if deadlines.pop(result.url, None) is not None:  # a late answer to a check given up on is ignored
                results[result.url] = result
        except queue.Empty:
            now = time.monotonic()
            for url in [url for url, deadline in deadlines.items() if deadline <= now]:
                del deadlines[url]
                results[url] = Result(url, None, _no_answer(timeout))
    return results


def fetch(url: str, timeout: float) -> Result:
    """One address: HEAD first, then GET if the server refuses or fails HEAD."""
    head = _request(url, "HEAD", timeout)
    if head.ok or head.status is None:
        return head
    return _request(url, "GET", timeout)


def _request(url: str, method: str, timeout: float) -> Result:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by the caller
            return Result(url, response.status)
    except urllib.error.HTTPError as exc:
        return Result(url, exc.code, f"HTTP {exc.code} {exc.reason}".strip())
    except urllib.error.URLError as exc:
        return Result(url, None, _reason(exc.reason, timeout))
    except (OSError, HTTPException, ValueError) as exc:
        return Result(url, None, _reason(exc, timeout))


def _reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return _no_answer(timeout)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, ssl.SSLError):
        return f"secure connection failed ({reason.reason or reason})"
    return str(reason) or type(reason).__name__


def _no_answer(timeout: float) -> str:
    return f"no answer within {timeout:g} s"
