"""The feedback receiver: a Starlette application served by uvicorn.

POST /feedback takes one form (urlencoded, as browsers send it, or JSON), checks where it
comes from, how often, how big and what is in it, stores it and answers: JSON for
feedback.js (which asks for it), otherwise a redirect to a thank-you page in the
resident's language. GET /health is for monitoring. Nothing about the client (address,
user agent, referrer) is stored or logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator, Callable
from urllib.parse import urlencode

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from . import protocol
from .ratelimit import RateLimiter
from .site_index import LiveIndex, SiteIndex
from .store import Store
from .submission import Invalid, Malformed, Problem, parse_form, parse_json, resident_messages, validate
from .writer import Writer

log = logging.getLogger("polku.feedback")

MAX_BODY = 32 * 1024  # a full comment of emoji, percent-encoded, still fits
FORM, JSON = "application/x-www-form-urlencoded", "application/json"
COMMON_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("feedback", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class Refused(Exception):
    """A submission that is not stored: the HTTP status, a code, what is wrong, what to tell the resident."""

    def __init__(self, status: int, error: str, detail: str, problems: list[Problem] | None = None,
                 resident_key: str = "feedback_error_general", headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail
        self.problems = problems or []
        self.resident_key = resident_key
        self.headers = headers or {}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Receiver:
    index: LiveIndex
    store: Store
    limiter: RateLimiter
    origins: frozenset[str]
    clock: Callable[[], dt.datetime] = field(default=_now)
    writer: Writer = field(init=False)

    def __post_init__(self) -> None:
        self.writer = Writer(self.store)

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """The writer task runs while the server does."""
        task = asyncio.create_task(self.writer.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def submit(self, request: Request) -> Response:
        index = self.index.current()
        fields: dict[str, Any] = {}
        try:
            self._check_origin(request)
            fields = _parse(request, await _read_body(request))
            # Limited after parsing (bounded and cheap) so the answer can be in the resident's language.
            wait = self.limiter.take(request.client.host if request.client else "")
            if wait:
                raise Refused(429, "rate_limited", f"too many submissions from this client; try again in {math.ceil(wait)} s",
                              resident_key="feedback_error_busy", headers={"Retry-After": str(math.ceil(wait))})
            submission = validate(fields, index)
            try:
                await self.writer.add(submission, self.clock())
            except sqlite3.Error as exc:
                log.error("could not store feedback: %s", exc)
                raise Refused(503, "storage", "the feedback could not be stored; try again later",
                              resident_key="feedback_error_later", headers={"Retry-After": "30"}) from None
        except Invalid as exc:
            return self._refuse(request, index, fields, Refused(422, "invalid", str(exc), exc.problems))
        except Malformed as exc:
            return self._refuse(request, index, fields, Refused(400, "malformed", str(exc)))
        except Refused as exc:
            return self._refuse(request, index, fields, exc)
        if _wants_json(request):
            return _json({"ok": True, "message": index.message(submission.lang, "feedback_thanks")}, 201)
        query = {"path": submission.path, "lang": submission.lang, **({"step": submission.step} if submission.step else {})}
        thanks = request.scope.get("root_path", "") + "/feedback/thanks?" + urlencode(query)
        return RedirectResponse(thanks, status_code=303, headers=COMMON_HEADERS)

    def _check_origin(self, request: Request) -> None:
        origin = request.headers.get("origin")
        allowed = ", ".join(sorted(self.origins))
        if origin is None:
            raise Refused(403, "origin", f"the Origin header is missing; feedback is taken only from forms on {allowed}")
        if origin.lower() not in self.origins:
            raise Refused(403, "origin", f"feedback from {origin[:100]} is not accepted (allowed: {allowed})")

    def _refuse(self, request: Request, index: SiteIndex, fields: dict[str, Any], refused: Refused) -> Response:
        lang = index.language(fields.get(protocol.LANG))
        told = (resident_messages(refused.problems, index, lang) if refused.problems
                else [index.message(lang, refused.resident_key)])
        if _wants_json(request):
            problems = [{"field": p.field, "message": p.message} for p in refused.problems]
            body = {"ok": False, "error": refused.error, "detail": refused.detail, "problems": problems,
                    "message": " ".join(told)}
            return _json(body, refused.status, refused.headers)
        path, step = fields.get(protocol.PATH), fields.get(protocol.STEP) or None
        return self._page(index, lang, index.message(lang, "feedback_error_title"), [], told, path, step,
                          refused.status, refused.headers)

    async def thanks(self, request: Request) -> Response:
        index = self.index.current()
        lang = index.language(request.query_params.get("lang"))
        path, step = request.query_params.get("path"), request.query_params.get("step") or None
        info = index.paths.get(path or "")
        paragraphs = [info.promise[lang]] if info is not None and lang in info.promise else []
        return self._page(index, lang, index.message(lang, "feedback_thanks_title"), paragraphs, [], path, step)

    def _page(self, index: SiteIndex, lang: str, title: str, paragraphs: list[str], problems: list[str],
              path: object, step: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        info = index.paths.get(path) if isinstance(path, str) else None
        if info is not None and lang in info.languages:
            step_id = step if isinstance(step, str) and step in info.steps else None
            back_url, back_text = index.page_url(info.id, lang, step_id), index.message(lang, "feedback_back", title=info.title[lang])
        else:
            back_url, back_text = index.home_url(lang), index.site_name[lang]
        html = TEMPLATES.get_template("page.html").render(
            lang=lang, title=title, site_name=index.site_name[lang], home_url=index.home_url(lang),
            assets=index.base_url + "assets/", paragraphs=paragraphs, problems=problems,
            back_url=back_url, back_text=back_text)
        policy = (f"default-src 'none'; style-src {index.origin}; img-src {index.origin}; "
                  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return HTMLResponse(html, status, headers={**COMMON_HEADERS, "Content-Security-Policy": policy, **(headers or {})})

    async def health(self, request: Request) -> Response:
        try:
            await run_in_threadpool(self.store.check)
        except sqlite3.Error as exc:
            log.error("health check: database unusable: %s", exc)
            return _json({"status": "error", "database": "unusable"}, 503)
        return _json({"status": "ok", "paths": len(self.index.current().paths)}, 200)


def _json(body: dict[str, Any], status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status, headers={**COMMON_HEADERS, **(headers or {})})


def _wants_json(request: Request) -> bool:
    return JSON in request.headers.get("accept", "") or _media_type(request) == JSON


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _read_body(request: Request) -> bytes:
    too_large = Refused(413, "too_large", f"the body is larger than {MAX_BODY} bytes")
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit():
        raise Refused(400, "malformed", "the Content-Length header is not a number")
    if int(declared) > MAX_BODY:
        raise too_large
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise too_large
    except ClientDisconnect:
        raise Refused(400, "malformed", "the client went away before sending the whole body") from None
    return bytes(body)


def _parse(request: Request, body: bytes) -> dict[str, Any]:
    media_type = _media_type(request)
    if media_type == FORM:
        return parse_form(body)
    if media_type == JSON:
        return parse_json(body)
    raise Refused(415, "media_type", f"send the form as {FORM} or {JSON}, not '{media_type[:60] or 'nothing'}'")


def create_app(receiver: Receiver) -> Starlette:
    routes = [
        Route("/feedback", receiver.submit, methods=["POST"]),
        Route("/feedback/thanks", receiver.thanks, methods=["GET"]),
        Route("/health", receiver.health, methods=["GET"]),
    ]
    cors = Middleware(CORSMiddleware, allow_origins=sorted(receiver.origins), allow_methods=["POST"],
                      allow_headers=["Accept", "Content-Type"], max_age=86400)
    return Starlette(routes=routes, middleware=[cors], lifespan=receiver.lifespan)


def open_receiver(site_dir: Path, db_url: str, origins: list[str], rate_limit: int) -> Receiver:
    """Raises SiteIndexError or StoreError (usage errors) when the site or database is unusable."""
    index = LiveIndex(site_dir)
    store = Store(db_url)
    allowed = frozenset(origin.rstrip("/").lower() for origin in origins) or frozenset({index.current().origin})
    return Receiver(index, store, RateLimiter(rate_limit), allowed)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the server starts so port 0 gives a known free port.

    Made with an explicit IPPROTO_TCP: asyncio switches Nagle's algorithm off (TCP_NODELAY)
    only on such sockets, and without that every keep-alive answer waits ~40 ms for an ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def server(receiver: Receiver, forwarded_allow_ips: str = "127.0.0.1", log_level: str = "info") -> uvicorn.Server:
    config = uvicorn.Config(
        create_app(receiver),
        access_log=False,  # an access log would record client addresses
        server_header=False,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level=log_level,
        lifespan="on",
        limit_concurrency=512,
        timeout_graceful_shutdown=10,
    )
    return uvicorn.Server(config)


def serve(receiver: Receiver, sock: socket.socket, forwarded_allow_ips: str, log_level: str) -> None:
    """Run until SIGINT/SIGTERM; finishes requests in flight, then closes the database."""
    try:
        server(receiver, forwarded_allow_ips, log_level).run(sockets=[sock])
    finally:
        receiver.store.close()
