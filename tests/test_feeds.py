"""Feed URLs: conditional GET, each item's page fetched, failures quarantined, never a stopped run."""
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import query, run_parley
from fixtures import as_html, story_lines
from parley import feeds
from parley.read import Problem, SourceItem

PAGES = {"/tunis.html": ("Russia Will Stay Away From Tunis Talks", "01-russia-skips-friends-of-syria.txt"),
         "/moscow.html": ("Syrian Opposition Rejects Moscow Talks", "03-opposition-rejects-moscow.txt")}


class Site(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Site.requests.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/slow.xml":
            time.sleep(3)
        if self.path == "/drip.xml":
            return self._drip()
        if self.path == "/drip-headers.xml":
            return self._drip_headers()
        if self.path == "/to-ftp.xml":
            return self._redirect("ftp://127.0.0.1/feed.xml")
        if self.path == "/to-feed.xml":
            return self._redirect(f"{base}/feed.xml")
        if self.path == "/mixed.xml":
            return self._send(_mixed_feed(base).encode(), "application/rss+xml")
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            items = "".join(f"<item><title>{title}</title><link>{base}{path}</link>"
                            f"<pubDate>Tue, 21 Feb 2012 10:00:00 GMT</pubDate><description>summary</description></item>"
                            for path, (title, _) in PAGES.items())
            body = f"<rss version='2.0'><channel><title>Parley Wire</title>{items}</channel></rss>".encode()
            self._send(body, "application/rss+xml", etag='"v1"')
        elif self.path in PAGES:
            title, sample = PAGES[self.path]
            self._send(as_html(title, story_lines(sample), "2012-02-21").encode(), "text/html")
        else:
            self.send_response(404)
            self.end_headers()

    def _drip(self):
        """A byte every half second, each read well within the timeout: 30 s in all."""
        self.send_response(200)
        self.send_header("Content-Length", "60")
        self.end_headers()
        for _ in range(60):
            try:
                self.wfile.write(b"x")
                self.wfile.flush()
            except OSError:  # the client gave up
                return
            time.sleep(0.5)

    def _drip_headers(self):
        """Headers a byte every half second: 30 s before the body would begin."""
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for byte in b"X-Padding: " + b"x" * 60 + b"\r\n\r\n":
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.5)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, kind: str, etag: str | None = None):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _mixed_feed(base: str) -> str:
    """Good items among an item with no link, one whose link is not http(s) and one whose page is gone."""
    items = [("Russia Will Stay Away From Tunis Talks", f"<link>{base}/tunis.html</link>"), ("No link", ""),
             ("Not http", "<link>ftp://127.0.0.1/story.html</link>"), ("Gone", f"<link>{base}/gone.html</link>"),
             ("Syrian Opposition Rejects Moscow Talks", f"<link>{base}/moscow.html</link>")]
    return ("<rss version='2.0'><channel><title>Parley Wire</title>"
            + "".join(f"<item><title>{title}</title>{link}<description>summary of the story</description></item>"
                      for title, link in items)
            + "</channel></rss>")


@pytest.fixture()
def site(monkeypatch):
    monkeypatch.setenv("PARLEY_FEEDS_ALLOW_PRIVATE", "1")  # the test site is on loopback
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_feed_items_pages_then_not_modified(site, tmp_path):
    state = feeds.FeedState(tmp_path / "feeds.json")
    items = feeds.read_feed(f"{site}/feed.xml", state, known=set())
    assert sorted(i.url.rsplit("/", 1)[1] for i in items) == ["moscow.html", "tunis.html"]
    assert all(isinstance(i, SourceItem) and i.kind == "html" and i.title for i in items)
    assert state.headers(f"{site}/feed.xml") == {"If-None-Match": '"v1"'}
    assert feeds.read_feed(f"{site}/feed.xml", state, known=set()) == []
    assert Site.requests.count("/tunis.html") == 1, "an unchanged feed costs one 304 and nothing more"


def test_known_pages_are_not_read_again(site, tmp_path):
    first = feeds.read_feed(f"{site}/feed.xml", feeds.FeedState(tmp_path / "a.json"), known=set())
    known = {(i.file_uri, i.content_hash) for i in first}
    assert feeds.read_feed(f"{site}/feed.xml", feeds.FeedState(tmp_path / "b.json"), known=known) == []


def test_failures_become_problems(site, tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "TIMEOUT_SECONDS", 1)
    state = feeds.FeedState(tmp_path / "feeds.json")
    [slow] = feeds.read_feed(f"{site}/slow.xml", state, set())
    [missing] = feeds.read_feed(f"{site}/gone.xml", state, set())
    [local] = feeds.read_feed("file:///etc/passwd", state, set())
    [malformed] = feeds.read_feed("http://[::1/feed.xml", state, set())
    assert malformed.reason == "fetch_failed" and "ValueError" in malformed.detail
    assert isinstance(slow, Problem) and slow.reason == "fetch_failed"
    assert missing.reason == "fetch_failed" and "404" in missing.detail
    assert local.reason == "unsupported_url"


@pytest.mark.slow
def test_parley_run_reads_feeds_and_a_rerun_adds_nothing(site, tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    warehouse = tmp_path / "w.duckdb"
    args = ("run", "--input", str(inbox), "--warehouse", str(warehouse), "--feed", f"{site}/feed.xml")
    result = run_parley(*args)
    assert result.returncode == 0, result.stdout
    facts = set(query(warehouse, "select event_type, actor_code from event_mentions"))
    assert ("refusal", "RUSGOV") in facts and ("refusal", "SYROPP") in facts
    urls = {u for (u,) in query(warehouse, "select url from dim_articles")}
    assert urls == {f"{site}/tunis.html", f"{site}/moscow.html"}
    before = query(warehouse, "select count(*) from raw.article_sources")
    assert run_parley(*args).returncode == 0
    assert query(warehouse, "select count(*) from raw.article_sources") == before
    assert Site.requests.count("/tunis.html") == 1


def test_a_download_has_a_deadline_for_the_whole_of_it(site, tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "DEADLINE_SECONDS", 2)
    started = time.monotonic()
    state = feeds.FeedState(tmp_path / "feeds.json")
    [body, headers] = [feeds.read_feed(f"{site}/{path}", state, set())[0] for path in ("drip.xml", "drip-headers.xml")]
    assert body.reason == headers.reason == "fetch_failed"
    assert "took over 2 s" in body.detail and "took over 2 s" in headers.detail
    assert time.monotonic() - started < 15  # the server would drip for 30 s each


def _listener_that_records() -> tuple[socket.socket, list[bytes]]:
    """A loopback server that keeps whatever a client sends it."""
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def serve():
        connection, _ = listener.accept()
        connection.settimeout(3)
        try:
            received.append(connection.recv(4096))
        except OSError:
            pass
        connection.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener, received


def test_no_byte_goes_to_a_private_address_not_even_a_tls_hello(monkeypatch):
    monkeypatch.delenv("PARLEY_FEEDS_ALLOW_PRIVATE", raising=False)
    listener, received = _listener_that_records()
    with pytest.raises(feeds.Unreadable) as refused:
        feeds.fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/story.html", public_only=True)
    assert refused.value.reason == "private_address"
    time.sleep(0.5)
    assert received in ([], [b""]), "the TLS hello was sent before the address was checked"
    listener.close()


def test_redirects_are_followed_only_to_http(site, tmp_path):
    state = feeds.FeedState(tmp_path / "feeds.json")
    [to_ftp] = feeds.read_feed(f"{site}/to-ftp.xml", state, set())
    assert to_ftp.reason == "unsupported_url" and "ftp://" in to_ftp.detail
    assert len(feeds.read_feed(f"{site}/to-feed.xml", state, set())) == 2


def test_item_pages_on_private_addresses_are_refused_unless_allowed(site, tmp_path, monkeypatch):
    monkeypatch.delenv("PARLEY_FEEDS_ALLOW_PRIVATE")
    items = feeds.read_feed(f"{site}/feed.xml", feeds.FeedState(tmp_path / "feeds.json"), set())
    assert [i.reason for i in items] == ["private_address", "private_address"]
    assert "127.0.0.1" in items[0].detail and "PARLEY_FEEDS_ALLOW_PRIVATE" in items[0].detail
    assert "/tunis.html" not in Site.requests, "the page was not requested"


def test_each_bad_item_of_a_feed_is_quarantined_and_the_good_ones_are_read(site, tmp_path):
    items = feeds.read_feed(f"{site}/mixed.xml", feeds.FeedState(tmp_path / "feeds.json"), set())
    assert [(i.reason, i.source_uri.rsplit("/", 1)[1]) if isinstance(i, Problem) else i.url.rsplit("/", 1)[1]
            for i in items] == ["tunis.html", ("no_link", "mixed.xml#item2"), ("unsupported_url", "story.html"),
                                ("fetch_failed", "gone.html"), "moscow.html"]


def test_a_bad_item_already_quarantined_is_not_quarantined_again(site, tmp_path):
    first = feeds.read_feed(f"{site}/mixed.xml", feeds.FeedState(tmp_path / "a.json"), set())
    known = {(i.file_uri, i.content_hash) for i in first}
    assert feeds.read_feed(f"{site}/mixed.xml", feeds.FeedState(tmp_path / "b.json"), known) == []
    [down] = feeds.read_feed(f"{site}/gone.xml", feeds.FeedState(tmp_path / "c.json"), set())
    assert feeds.read_feed(f"{site}/gone.xml", feeds.FeedState(tmp_path / "c.json"), {(down.file_uri, "")}) == []
