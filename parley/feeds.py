"""Feed URLs as a source: fetch each RSS/Atom feed (conditional GET, so an unchanged feed
costs one 304), then each new item's page, as HTML articles.

Only http and https, a timeout, a size cap and a user agent that says who is asking.
The standard library's urllib is enough for that; a failed fetch is a Problem, never a
stopped run.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from parley.read import MAX_BYTES, Problem, SourceItem, Unreadable, content_hash, decode, feed_items

USER_AGENT = "Parley/0.1 (diplomatic event warehouse; feed reader)"
TIMEOUT_SECONDS = 10


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


def fetch(url: str, headers: dict[str, str] | None = None) -> Fetched:
    if urlparse(url).scheme not in ("http", "https"):
        raise Unreadable("unsupported_url", f"only http and https URLs are fetched, not {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise Unreadable("too_large", f"the response is over the {MAX_BYTES:,}-byte limit")
            return Fetched(response.status, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(304, b"", None, None)
        raise Unreadable("fetch_failed", f"HTTP {error.code} from {url}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise Unreadable("fetch_failed", f"could not fetch {url}: {getattr(error, 'reason', error)}") from error


def read_feed(url: str, state: FeedState, known: set[tuple[str, str]]) -> list[SourceItem | Problem]:
    """The feed's new or changed item pages; nothing when the feed is unchanged."""
    try:
        fetched = fetch(url, state.headers(url))
        if fetched.status == 304:
            return []
        text, encoding = decode(fetched.body)
        entries = feed_items(text, url, content_hash(fetched.body), encoding)
    except Unreadable as problem:
        return [Problem(url, url, "", problem.reason, problem.detail)]
    items: list[SourceItem | Problem] = []
    for entry in entries:
        if isinstance(entry, Problem) or not entry.url:
            items.append(entry if isinstance(entry, Problem) else
                         Problem(entry.source_uri, url, "", "no_link", "the feed entry has no link to a page"))
            continue
        items.append(_page(entry, known))
    state.remember(url, fetched)
    return [item for item in items if item is not None]


def _page(entry: SourceItem, known: set[tuple[str, str]]) -> SourceItem | Problem | None:
    try:
        page = fetch(entry.url)
        digest = content_hash(page.body)
        if (entry.url, digest) in known:
            return None
        text, encoding = decode(page.body)
    except Unreadable as problem:
        return Problem(entry.url, entry.url, "", problem.reason, problem.detail)
    return SourceItem(entry.url, entry.url, digest, "html", text, encoding, title=entry.title, url=entry.url,
                      published=entry.published, site=entry.site)
