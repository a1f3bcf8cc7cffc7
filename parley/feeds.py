"""Feed URLs as a source: fetch each RSS/Atom feed (conditional GET, so an unchanged feed
costs one 304), then each new item's page, as HTML articles.

Only http and https (redirects too), a deadline for each whole download, a size cap and a
user agent that says who is asking. A feed item's link is written by whoever wrote the feed,
so its page is not fetched from a private, loopback or link-local address (the address the
connection really reached is checked, so a name that resolves differently the second time
gains nothing) unless PARLEY_FEEDS_ALLOW_PRIVATE=1. The standard library's urllib is enough
for that; a failed fetch is a Problem, never a stopped run.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from parley.read import MAX_BYTES, Problem, SourceItem, Unreadable, content_hash, decode, feed_items

USER_AGENT = "Parley/0.1 (diplomatic event warehouse; feed reader)"
TIMEOUT_SECONDS = 10  # for each connection and each read
DEADLINE_SECONDS = 30  # for a whole download, redirects included: a server dripping bytes gets no longer
HTTP_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Fetched:
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None


class FeedState:
    """ETag and Last-Modified per feed, kept beside the warehouse between runs (a run's
    state replaces the kept one only when the run publishes)."""

    def __init__(self, path: Path):
        self.path = path
        self.data = json.loads(path.read_text()) if path.exists() else {}

    def headers(self, url: str) -> dict[str, str]:
        seen = self.data.get(url, {})
        headers = {}
        if seen.get("etag"):
            headers["If-None-Match"] = seen["etag"]
        if seen.get("last_modified"):
            headers["If-Modified-Since"] = seen["last_modified"]
        return headers

    def remember(self, url: str, fetched: Fetched) -> None:
        self.data[url] = {"etag": fetched.etag, "last_modified": fetched.last_modified}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.data, indent=1))


def fetch(url: str, headers: dict[str, str] | None = None, public_only: bool = False) -> Fetched:
    """The URL's response; with public_only, only from a public address."""
    _check_scheme(url)
    deadline = _Deadline(DEADLINE_SECONDS)
    too_slow = Unreadable("fetch_failed", f"the download of {url} took over {DEADLINE_SECONDS} s")
    allow = not public_only or os.environ.get("PARLEY_FEEDS_ALLOW_PRIVATE") == "1"
    opener = urllib.request.build_opener(_HTTPHandler(deadline, allow), _HTTPSHandler(deadline, allow),
                                         _HttpOnlyRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = _read_body(response)
        if deadline.passed():  # the body may have been cut short
            raise too_slow
        return Fetched(response.status, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(304, b"", None, None)
        raise Unreadable("fetch_failed", f"HTTP {error.code} from {url}") from error
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        if deadline.passed():
            raise too_slow from error
        raise Unreadable("fetch_failed", f"could not fetch {url}: {getattr(error, 'reason', error)}") from error
    finally:
        deadline.cancel()


def _check_scheme(url: str) -> None:
    if urlparse(url).scheme not in HTTP_SCHEMES:
        raise Unreadable("unsupported_url", f"only http and https URLs are fetched, not {url!r}")


def _read_body(response: http.client.HTTPResponse) -> bytes:
    """The body, read as it comes, up to the size cap."""
    chunks, size = [], 0
    while chunk := response.read1(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            raise Unreadable("too_large", f"the response is over the {MAX_BYTES:,}-byte limit")
    return b"".join(chunks)


class _Deadline:
    """The end of one download, redirects included. Each read has its timeout, but a server
    that drips a byte at a time (in its headers or its body) would meet every one of them:
    when the time is up, the download's connections are shut, which ends any read waiting."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.timers: list[tuple[threading.Timer, socket.socket]] = []

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.remaining() <= 0

    def watch(self, sock: socket.socket) -> None:
        """Shut the connection when the time is up. The timer holds a duplicate of the socket:
        TLS takes the socket's own descriptor over while it shakes hands, and shutting down a
        duplicate ends the connection all the same."""
        duplicate = sock.dup()
        timer = threading.Timer(max(0.0, self.remaining()), _shut, [duplicate])
        timer.daemon = True
        timer.start()
        self.timers.append((timer, duplicate))

    def cancel(self) -> None:
        for timer, duplicate in self.timers:
            timer.cancel()
            duplicate.close()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect to ftp:// as well."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _checked_connection(base: type[http.client.HTTPConnection], deadline: _Deadline, allow_private: bool):
    class Connection(base):
        """Connects within the deadline, to a public address unless private ones are allowed,
        and is shut when the deadline passes. Both are settled as the TCP connection is made,
        before a TLS handshake: no byte goes to a private address, and a server that drips
        its handshake meets the deadline too."""

        def connect(self):
            self.timeout = max(0.1, min(TIMEOUT_SECONDS, deadline.remaining()))
            self._create_connection = self._checked_socket
            super().connect()

        def _checked_socket(self, address, timeout, source_address=None):
            sock = socket.create_connection(address, timeout, source_address)
            peer = ipaddress.ip_address(sock.getpeername()[0])
            peer = getattr(peer, "ipv4_mapped", None) or peer  # ::ffff:127.0.0.1 is loopback
            if not allow_private and not peer.is_global:
                sock.close()
                raise Unreadable("private_address", f"{self.host} is at {peer}, a private, loopback or "
                                                    f"link-local address (PARLEY_FEEDS_ALLOW_PRIVATE=1 allows it)")
            deadline.watch(sock)
            return sock

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline, allow_private: bool):
        super().__init__()
        self.connection = _checked_connection(http.client.HTTPConnection, deadline, allow_private)

    def http_open(self, req):
        return self.do_open(self.connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline, allow_private: bool):
        super().__init__()
        self.connection = _checked_connection(http.client.HTTPSConnection, deadline, allow_private)

    def https_open(self, req):
        return self.do_open(self.connection, req)


def read_feed(url: str, state: FeedState, known: set[tuple[str, str]]) -> list[SourceItem | Problem]:
    """The feed's new or changed item pages; nothing when the feed is unchanged."""
    try:
        fetched = fetch(url, state.headers(url))
        if fetched.status == 304:
            return []
        text, encoding = decode(fetched.body)
        entries = feed_items(text, url, content_hash(fetched.body), encoding)
    except Exception as error:  # noqa: BLE001 (a feed fails alone, whatever it raises)
        failed = _problem(url, url, "", error)
        return [] if (url, "") in known else [failed]
    items: list[SourceItem | Problem] = []
    for entry in entries:
        if isinstance(entry, Problem) or not entry.url:
            items.append(entry if isinstance(entry, Problem) else Problem(
                entry.source_uri, url, entry.content_hash, "no_link", "the feed entry has no link to a page"))
            continue
        items.append(_page(entry, known))
    state.remember(url, fetched)
    # A problem already quarantined (the same broken item of an unchanged feed, a page still
    # gone) is not quarantined again: a run with nothing else new would read "nothing".
    return [item for item in items if item is not None and (item.file_uri, item.content_hash) not in known]


def _page(entry: SourceItem, known: set[tuple[str, str]]) -> SourceItem | Problem | None:
    try:
        page = fetch(entry.url, public_only=True)
        digest = content_hash(page.body)
        if (entry.url, digest) in known:
            return None
        text, encoding = decode(page.body)
    except Exception as error:  # noqa: BLE001 (an item fails alone, a link urllib cannot parse too)
        return _problem(entry.url, entry.url, "", error)
    return SourceItem(entry.url, entry.url, digest, "html", text, encoding, title=entry.title, url=entry.url,
                      published=entry.published, site=entry.site)


def _problem(source_uri: str, file_uri: str, digest: str, error: Exception) -> Problem:
    if isinstance(error, Unreadable):
        return Problem(source_uri, file_uri, digest, error.reason, error.detail)
    return Problem(source_uri, file_uri, digest, "fetch_failed", f"{type(error).__name__}: {error}"[:500])
