"""What keeps the survey's confidential answers safe on the wire and in the logs.

The personal link is the only credential: whoever holds ``/r/<token>`` may answer for that
partner, whoever holds ``/k/<token>`` sees the progress and downloads the round. So:

- **CSRF**: every form carries ``HMAC-SHA256(secret, purpose:token-hash)``. Another site cannot
  compute it (the secret stays in the database), and a form for one purpose (saving answers)
  does not pass for another (closing the round). No cookie, no session: the token in the path
  says who is asking, the HMAC that the form came from our own page.
- **Guessing is rate-limited**: failed token lookups are counted per client address in memory;
  past the limit every lookup of that client is refused with 429 and ``Retry-After`` until its
  oldest failure leaves the window. With 256-bit tokens guessing is hopeless anyway; the limit
  keeps the log and the database quiet.
- **Headers on every response**: a strict Content-Security-Policy (no scripts at all, styles
  from our own origin, forms only to ourselves, no framing), ``Referrer-Policy: no-referrer``
  because the URL holds the token, ``Cache-Control: no-store`` because pages show
  confidential answers, HSTS only where the request came over TLS (over plain HTTP it would
  lock a browser out of a server that has no certificate).
- **Bounded input**: a request body over the limit is refused with 413 before it is parsed; a
  POST must be a form (``application/x-www-form-urlencoded`` or ``multipart/form-data``).
- **Logs without tokens**: the access log is written here, with every token in a path replaced
  by ``…`` and no query string; uvicorn's own access log is turned off (serve.py).
- **No traceback to the browser**: an unexpected error is logged and answered with a generic
  500 page.

The middlewares are plain ASGI classes (not Starlette's ``BaseHTTPMiddleware``), so a response
streams through them unchanged and an exception is caught where it is raised.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_FIELD = "csrf"
# The largest request body accepted. A form at its bounds (four lists of 20 texts of 1000
# characters, German text percent-encoded) stays below it; anything larger is no answer.
MAX_BODY = 256 * 1024
FAILURES_ALLOWED = 20  # failed token lookups per client address …
FAILURE_WINDOW = 600.0  # … within this many seconds
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cache-control", "no-store"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)
HSTS = ("strict-transport-security", "max-age=31536000")

ACCESS_LOG = logging.getLogger("coopdocs.survey.access")
ERROR_LOG = logging.getLogger("coopdocs.survey")

# A page for a refused or failed request: (scope, HTTP status) -> the response to send.
ErrorPage = Callable[[Scope, int], Response]

# The segment after /r/ or /k/ is a token; so is any long run of token characters elsewhere
# (a link pasted into the wrong path must not reach the log either).
_TOKEN_AFTER = re.compile(r"(/[rk]/)[^/]+")
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{20,}")


def csrf_token(secret: bytes, purpose: str, token_hash: str) -> str:
    """The value of a form's hidden CSRF field for ``purpose`` on the page of ``token_hash``."""
    message = f"{purpose}:{token_hash}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, purpose: str, token_hash: str, given: str) -> bool:
    """Whether ``given`` is the CSRF value of that form (compared in constant time)."""
    return hmac.compare_digest(csrf_token(secret, purpose, token_hash).encode(),
                               given.encode("utf-8", "replace"))


def redact(path: str) -> str:
    """``/r/AbC…xyz`` → ``/r/…``: a path as it may be written to a log."""
    return _TOKEN_LIKE.sub("…", _TOKEN_AFTER.sub(r"\1…", path))


def client_address(scope: Scope) -> str:
    """The client's address (behind a trusted proxy uvicorn puts X-Forwarded-For's here)."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimiter:
    """Counts failed token lookups per client address within a sliding window, in memory.

    Memory is bounded: expired entries are dropped as they are met, and past ``max_clients``
    addresses the one that failed longest ago is forgotten first. The lock makes it safe for
    the thread pool the pages run in.
    """

    def __init__(self, limit: int = FAILURES_ALLOWED, window: float = FAILURE_WINDOW, *,
                 clock: Callable[[], float] = time.monotonic, max_clients: int = 100_000):
        self.limit, self.window, self.clock, self.max_clients = limit, window, clock, max_clients
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may look up a token again; None when it may now."""
        with self._lock:
            times = self._recent(client)
            if times is None or len(times) < self.limit:
                return None
            return max(1, int(times[0] + self.window - self.clock()) + 1)

    def failed(self, client: str) -> None:
        """Count a failed lookup of ``client``."""
        with self._lock:
            times = self._recent(client)
            if times is None:
                if len(self._failures) >= self.max_clients:
                    self._forget_oldest()
                times = self._failures[client] = deque()
            times.append(self.clock())
            while len(times) > self.limit:
                times.popleft()

    def _recent(self, client: str) -> deque[float] | None:
        times = self._failures.get(client)
        if times is None:
            return None
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[client]
            return None
        return times

    def _forget_oldest(self) -> None:
        oldest = min(self._failures, key=lambda client: self._failures[client][-1])
        del self._failures[oldest]


class SecurityHeaders:
    """Adds the security headers to every HTTP response; HSTS where the request came over TLS.

    ``secure``: the application is served over TLS (its own certificate, or a proxy in front
    that terminates TLS); a request whose scheme is https (uvicorn reads X-Forwarded-Proto from
    a trusted proxy) counts as well.
    """

    def __init__(self, app: ASGIApp, *, secure: bool = False):
        self.app, self.secure = app, secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(name.encode(), value.encode()) for name, value in HEADERS]
        if self.secure or scope.get("scheme") == "https":
            headers.append((HSTS[0].encode(), HSTS[1].encode()))
        names = {name for name, _value in headers}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(n, v) for n, v in message.get("headers", []) if n.lower() not in names]
                message = {**message, "headers": kept + headers}
            await send(message)

        await self.app(scope, receive, sending)


class AccessLog:
    """One line per request to ``coopdocs.survey.access``, with tokens redacted.

    ``127.0.0.1 "POST /r/…" 303 12ms``: the address, method, path without query string, the
    status and the time taken; never a header, a body or a query (a token could be in any).
    """

    def __init__(self, app: ASGIApp, *, logger: logging.Logger = ACCESS_LOG):
        self.app, self.logger = app, logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            self.logger.info('%s "%s %s" %d %.0fms', client_address(scope), scope["method"],
                             redact(scope["path"]), status[0], elapsed)


class BodyTooLargeError(Exception):
    """The request body grew past the limit while it was being read."""


class Guard:
    """Refuses what no page accepts and answers an unexpected error with a generic page.

    - a POST that is not a form: 415; a body over ``max_body`` bytes: 413 (by Content-Length
      before reading, or while reading a body sent without one);
    - an exception: logged with its traceback (the log line names the path redacted), the
      client gets the 500 page, never the traceback.
    """

    def __init__(self, app: ASGIApp, *, page: ErrorPage, max_body: int = MAX_BODY):
        self.app, self.page, self.max_body = app, page, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._refused(scope)
        if refused:
            await self.page(scope, refused)(scope, receive, send)
            return
        await self._guarded(scope, receive, send)

    def _refused(self, scope: Scope) -> int | None:
        headers = Headers(scope=scope)
        if scope["method"] != "POST":
            return None
        kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind not in FORM_TYPES:
            return 415
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return 413
        return None

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        started, received = [False], [0]

        async def counting() -> Message:
            message = await receive()
            received[0] += len(message.get("body", b""))
            if received[0] > self.max_body:
                raise BodyTooLargeError
            return message

        async def sending(message: Message) -> None:
            started[0] = started[0] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except BodyTooLargeError:
            await self._answer(scope, receive, send, 413, started=started[0])
        except Exception:
            ERROR_LOG.exception("%s %s failed", scope["method"], redact(scope["path"]))
            await self._answer(scope, receive, send, 500, started=started[0])

    async def _answer(self, scope: Scope, receive: Receive, send: Send, status: int, *,
                      started: bool) -> None:
        if started:  # too late for a page: the client sees the response break off
            return
        await self.page(scope, status)(scope, receive, send)

