"""A polite HTTP client for the open-data sources: one request at a time per server, a rate
limit, a User-Agent that names Kamerzoek, and retries with backoff.

Standard library only (urllib): the harvester needs GET, headers, timeouts and a size limit,
and its retry policy (which failures are worth another try, how long to wait, ``Retry-After``)
is its own either way. The clock and the sleep are injectable, so tests run without waiting.
"""
from __future__ import annotations

import email.utils
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Callable

RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}
MAX_BODY_BYTES = 60 * 1024 * 1024  # the largest file the parsers accept
MAX_WAIT_SECONDS = 15 * 60  # a Retry-After beyond this is not waited for: the run reports the failure


def user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("kamerzoek")
    except PackageNotFoundError:
        own = "0"
    return f"Kamerzoek/{own}"


class FetchError(Exception):
    """A request failed for good (after its retries); the message says why, in Dutch."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(reason)
        self.url = url
        self.status = status


class Unusable(ValueError):
    """The body arrived but cannot be used (malformed, truncated): worth fetching again."""


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class Politeness:
    rate: float = 4.0  # requests per second per server; 0: no limit
    timeout: float = 60.0  # seconds for the connection and for each read
    retries: int = 5  # further attempts after the first
    backoff: float = 2.0  # seconds before the first retry, doubling each time
    max_backoff: float = 120.0


@dataclass
class Client:
    politeness: Politeness = field(default_factory=Politeness)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    opener: urllib.request.OpenerDirector = field(default_factory=urllib.request.build_opener)
    agent: str = field(default_factory=user_agent)
    requests_made: int = 0
    _next_slot: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, accept: str = "*/*", check: Callable[[Response], object] | None = None) -> Response:
        """GET ``url``; transient failures (timeouts, broken connections, 429, 5xx, and a body
        that ``check`` rejects with ``Unusable``) are retried; others raise ``FetchError``."""
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "geen http(s)-adres")
        attempt = 0
        while True:
            try:
                response = self._once(url, accept)
                if check:
                    check(response)
                return response
            except _Transient as exc:
                wait, reason = exc.wait, exc.reason
            except Unusable as exc:
                wait, reason = None, f"onbruikbaar antwoord: {exc}"
            if attempt >= self.politeness.retries:
                raise FetchError(url, f"{reason} (na {attempt + 1} pogingen)")
            wait = self._backoff(attempt) if wait is None else wait
            if wait > MAX_WAIT_SECONDS:
                raise FetchError(url, f"{reason}; de server vraagt {wait:.0f} s te wachten")
            self.sleep(wait)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        return min(self.politeness.max_backoff, self.politeness.backoff * (2 ** attempt))

    def _once(self, url: str, accept: str) -> Response:
        self._wait_for_slot(urllib.parse.urlsplit(url).netloc)
        self.requests_made += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.agent, "Accept": accept})
        try:
            with self.opener.open(request, timeout=self.politeness.timeout) as raw:
                body = raw.read(MAX_BODY_BYTES + 1)
                if len(body) > MAX_BODY_BYTES:
                    raise FetchError(url, f"bestand groter dan {MAX_BODY_BYTES // (1024 * 1024)} MB")
                return Response(raw.geturl(), raw.status, _lower_keys(raw.headers), body)
        except urllib.error.HTTPError as exc:
            headers = _lower_keys(exc.headers or {})
            exc.close()
            if exc.code in RETRY_STATUSES:
                raise _Transient(f"HTTP {exc.code}", _retry_after(headers.get("retry-after"))) from exc
            raise FetchError(url, f"HTTP {exc.code} {exc.reason}", status=exc.code) from exc
        except (socket.timeout, TimeoutError) as exc:
            raise _Transient("geen antwoord binnen de tijdslimiet") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise _Transient("geen antwoord binnen de tijdslimiet") from exc
            if isinstance(exc.reason, ConnectionError):
                raise _Transient(f"verbinding mislukt ({exc.reason})") from exc
            raise FetchError(url, f"verbinding mislukt ({exc.reason})") from exc
        except (HTTPException, ConnectionError) as exc:  # a transfer cut off halfway
            raise _Transient(f"overdracht afgebroken ({type(exc).__name__})") from exc

    def _wait_for_slot(self, host: str) -> None:
        """At most ``rate`` requests per second to one server."""
        if self.politeness.rate <= 0:
            return
        now = self.clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self.sleep(slot - now)
            now = slot
        self._next_slot[host] = now + 1.0 / self.politeness.rate


class _Transient(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _lower_keys(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    import datetime as _dt

    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())
