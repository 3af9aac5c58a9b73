"""Crawl politeness and safety: settings, per-host pacing, robots.txt, which hosts may be fetched.

The crawler (`scrape.py`) asks here before every request: is the host on the
allow-list and not a private address, does robots.txt allow the path, and when may
the next request to this host start.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Optional
from urllib.parse import urlsplit

from ..read.base import MAX_BYTES
from ..version import __version__

if TYPE_CHECKING:  # imported by `Robots` when a crawl first reads robots.txt: with urllib.request,
    # http and ssl it costs ~0.04 s, which `xxgk parse` (its --help shows `Politeness`) does without
    from urllib.robotparser import RobotFileParser

# The token robots.txt groups are matched against, and the honest User-Agent sent.
ROBOTS_TOKEN = "xxgk"
USER_AGENT = (f"xxgk/{__version__} (government information-disclosure annual report research crawler; "
              "obeys robots.txt)")


@dataclass
class Politeness:
    """How gently and how safely to crawl. Defaults suit small government servers."""

    user_agent: str = USER_AGENT
    # Seconds between the starts of two requests to one host; robots.txt Crawl-delay raises it.
    delay: float = 2.0
    # Requests to one host at the same time.
    per_host: int = 1
    # Seconds to connect or to wait for the next bytes of a response.
    timeout: float = 30.0
    # Further tries after a 5xx, a 429 or a time-out; waits backoff, 2×backoff, … between tries.
    retries: int = 3
    backoff: float = 5.0
    max_redirects: int = 5
    # A larger response is abandoned: the reader refuses documents over this size anyway.
    max_bytes: int = MAX_BYTES
    # Addresses (or host names) allowed although private or loopback, e.g. {"127.0.0.1"} in tests.
    allow_private: frozenset[str] = field(default_factory=frozenset)


class HostGate:
    """Per-host pacing: at most `per_host` requests at once, starts at least `delay` apart."""

    def __init__(self, delay: float, per_host: int):
        self.delay = delay
        self.per_host = per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        """Slow one host down (robots.txt Crawl-delay); never below the global delay."""
        with self._lock:
            self._delays[host] = max(self.delay, seconds)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of the host's request slots, waiting for its turn."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self._delays.get(host, self.delay)
            if start > now:
                time.sleep(start - now)
            yield


def host_allowed(host: str, allow_hosts: frozenset[str]) -> bool:
    """True when the host is on the allow-list; an entry ".gov.cn" or "*.gov.cn" allows subdomains."""
    host = host.lower().rstrip(".")
    for entry in allow_hosts:
        entry = entry.lower().rstrip(".")
        if entry.startswith(("*.", ".")):
            suffix = entry[entry.index("."):]
            if host.endswith(suffix) or host == suffix[1:]:
                return True
        elif host == entry:
            return True
    return False


def address_problem(host: str, allow_private: frozenset[str]) -> Optional[str]:
    """Why the host must not be fetched (private, loopback, unresolvable), or None when it may."""
    if host in allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve {host}: {exc}"
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if str(ip) in allow_private:
            continue
        if (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified):
            return f"{host} resolves to the non-public address {ip}"
    return None


class Robots:
    """robots.txt of each origin, fetched once (RFC 9309: 4xx → allow all, 5xx/unreachable → allow none)."""

    def __init__(self, fetch_text: Callable[[str], tuple[Optional[int], str]], gate: HostGate):
        self._fetch_text = fetch_text
        self._gate = gate
        self._lock = threading.Lock()
        self._parsers: dict[str, RobotFileParser] = {}

    def allowed(self, url: str) -> bool:
        """May `url` be fetched under its origin's robots.txt?"""
        return self._parser(url).can_fetch(ROBOTS_TOKEN, url)

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if origin in self._parsers:
                return self._parsers[origin]
            from urllib.robotparser import RobotFileParser

            status, text = self._fetch_text(origin + "/robots.txt")
            parser = RobotFileParser(origin + "/robots.txt")
            if status is not None and 200 <= status < 300:
                parser.parse(text.splitlines())
            elif status is not None and 400 <= status < 500:
                parser.allow_all = True
            else:
                parser.disallow_all = True
            delay = parser.crawl_delay(ROBOTS_TOKEN)
            if delay:
                self._gate.set_delay(parts.hostname or "", float(delay))
            self._parsers[origin] = parser
            return parser
