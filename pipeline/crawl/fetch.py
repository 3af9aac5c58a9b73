"""HTTP for the crawler: one GET with the safety rules (domain.md §4.1, politeness.py).

Every request passes the host allow-list, the public-address check and robots.txt,
waits for its host's turn, is retried with back-off on 5xx, 429 and time-outs, follows
at most a few redirects (each checked again) and is abandoned past the size limit.
`Fetcher.get` never raises: a refusal or a give-up is `Fetched.error`, with its reason.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from .politeness import HostGate, Politeness, Robots, address_problem, host_allowed

log = logging.getLogger("xxgk.scrape")

# The longest pause granted to a 429/503 Retry-After header, in seconds.
MAX_RETRY_AFTER = 300.0
# Statuses worth another try (after a back-off); when the tries run out, a later run tries again.
_RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


@dataclass
class Fetched:
    """The outcome of one URL: the final response, or why the crawler gave up."""

    url: str
    final_url: str
    status: Optional[int] = None
    reason_phrase: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: Optional[str] = None
    transient: bool = False  # failed on 5xx / time-out / connection: worth trying again later

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")


class Fetcher:
    """GET with the safety rules: allow-list, public addresses, robots.txt, pacing, retries,
    a redirect limit and a size limit. Never raises; a refusal or give-up is a `Fetched.error`."""

    def __init__(self, settings: Politeness, allow_hosts: frozenset[str],
                 transport: Optional[httpx.BaseTransport] = None):
        self.settings = settings
        self.allow_hosts = allow_hosts
        self.gate = HostGate(settings.delay, settings.per_host)
        self.client = httpx.Client(headers={"User-Agent": settings.user_agent}, follow_redirects=False,
                                   timeout=settings.timeout, transport=transport)
        self.robots = Robots(self._robots_text, self.gate)
        self.requests = 0
        self._count_lock = threading.Lock()
        self._address: dict[str, Optional[str]] = {}

    def close(self) -> None:
        self.client.close()

    def refusal(self, url: str, robots: bool = True) -> Optional[str]:
        """Why `url` must not be fetched, or None (robots.txt itself is checked with robots=False)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return f"not an http(s) URL: {url}"
        if not host_allowed(parts.hostname, self.allow_hosts):
            return f"off-site host {parts.hostname} is not on the allow-list"
        if parts.hostname not in self._address:
            self._address[parts.hostname] = address_problem(parts.hostname, self.settings.allow_private)
        problem = self._address[parts.hostname]
        if problem:
            return problem
        if robots and not self.robots.allowed(url):
            return "disallowed by robots.txt"
        return None

    def get(self, url: str, robots: bool = True) -> Fetched:
        """Fetch `url`, following at most `max_redirects` allowed redirects."""
        chain = [url]
        current = url
        while True:
            problem = self.refusal(current, robots)
            if problem:
                return Fetched(url, current, error=problem)
            got = self._with_retries(current)
            if got.error or got.status is None or got.status not in (301, 302, 303, 307, 308):
                got.url = url
                return got
            location = next((v for k, v in got.headers if k.lower() == "location"), None)
            if not location:
                got.url = url
                return got
            current = urldefrag(urljoin(current, location))[0]
            if current in chain:
                return Fetched(url, current, status=got.status,
                               error=f"redirect loop: {' → '.join(chain)} → {current}")
            chain.append(current)
            if len(chain) > self.settings.max_redirects + 1:
                return Fetched(url, current, status=got.status,
                               error=f"more than {self.settings.max_redirects} redirects")

    def _with_retries(self, url: str) -> Fetched:
        s = self.settings
        got = Fetched(url, url)
        for attempt in range(s.retries + 1):
            if attempt:
                time.sleep(max(s.backoff * 2 ** (attempt - 1), retry_after(got)))
            got = self._once(url)
            if not (got.transient or (got.error is None and got.status in _RETRY_STATUSES)):
                return got
            log.info("try %d of %s failed: %s", attempt + 1, url, got.error or f"HTTP {got.status}")
        tries = s.retries + 1
        got.error = f"gave up after {tries} tries: {got.error or f'HTTP {got.status}'}"
        got.transient = True
        return got

    def _once(self, url: str) -> Fetched:
        host = urlsplit(url).hostname or ""
        with self.gate.slot(host):
            with self._count_lock:
                self.requests += 1
            try:
                with self.client.stream("GET", url) as resp:
                    got = Fetched(url, url, status=resp.status_code, reason_phrase=resp.reason_phrase,
                                  headers=list(resp.headers.items()))
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > self.settings.max_bytes:
                        got.error = (f"response of {int(declared)} bytes is over the "
                                     f"{self.settings.max_bytes} byte limit")
                        return got
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > self.settings.max_bytes:
                            got.error = f"response is over the {self.settings.max_bytes} byte limit"
                            return got
                        chunks.append(chunk)
                    got.body = b"".join(chunks)
                    return got
            except httpx.TimeoutException as exc:
                return Fetched(url, url, error=f"timed out ({type(exc).__name__})", transient=True)
            except httpx.TransportError as exc:
                return Fetched(url, url, error=f"connection failed: {exc}", transient=True)

    def _robots_text(self, robots_url: str) -> tuple[Optional[int], str]:
        got = self.get(robots_url, robots=False)
        if got.error and got.status is None:
            return None, ""
        return got.status, got.body.decode("utf-8", errors="replace")


def retry_after(got: Fetched) -> float:
    """Seconds a 429/503 response asks to wait (Retry-After in seconds), capped; 0 if none."""
    value = next((v for k, v in got.headers if k.lower() == "retry-after"), "").strip()
    return min(float(value), MAX_RETRY_AFTER) if value.isdigit() else 0.0
