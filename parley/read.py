"""Read what users have into articles: text files, HTML pages, JSON/JSONL exports and
RSS/Atom files, each through a small reader; anything that cannot become an article
becomes a Problem with a reason a person understands."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class ArticleFile:
    source_uri: str
    content_hash: str


@dataclass(frozen=True)
class SourceItem:
    """One article as a source gives it, before cleaning."""
    source_uri: str          # the file, or file#L3 for a JSONL line, file#item-2 for a feed entry
    file_uri: str            # the file (or feed URL) it came from
    content_hash: str        # hash of that file's bytes: what makes a rerun skip it
    kind: str                # "text" or "html"
    body: str
    encoding: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    site: str | None = None


@dataclass(frozen=True)
class Problem:
    """Why a file, a line of it or a feed could not become an article."""
    source_uri: str
    file_uri: str
    content_hash: str
    reason: str
    detail: str


class Unreadable(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def list_files(input_dir: Path) -> list[ArticleFile]:
    """Every regular file below the folder, hidden ones aside, in a stable order, each named
    by its real path (a link by its target)."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    found = sorted(_walk(os.path.realpath(input_dir)))
    return [ArticleFile(real_path, _file_hash(Path(real_path))) for _, real_path in found]


def _walk(folder: str):
    """(path, real path) of the files below a folder. With os.scandir the listing says what
    is a file and what a link, so a folder of 10,000 files costs no realpath or stat call each
    (they were a third of listing it). Linked folders are not followed, as with os.walk."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
            elif entry.is_symlink():
                if os.path.isfile(entry.path):
                    yield entry.path, os.path.realpath(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path, entry.path


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (BOM or not), UTF-16 with a BOM,
    else Latin-1 only when what it gives reads as text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / len(text)
    if printable < 0.97:
        raise Unreadable("undecodable", "neither UTF-8, UTF-16 with a BOM, nor Latin-1 that reads as text")
    return text, "latin-1"


def read_file(file: ArticleFile) -> list[SourceItem | Problem]:
    path = Path(file.source_uri)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable("too_large", f"{size:,} bytes, over the {MAX_BYTES:,}-byte limit for one file")
        data = path.read_bytes()
        if not data.strip():
            raise Unreadable("empty", "the file holds no text")
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise Unreadable("binary", "the file holds NUL bytes, so it is not text")
        reader = READERS.get(suffix)
        if reader is None:
            raise Unreadable("unsupported_format", f"'{suffix}' files are not read; use .txt, .html, .json(l) or .xml feeds")
        text, encoding = decode(data)
        return reader(file, text, encoding)
    except Unreadable as problem:
        return [Problem(file.source_uri, file.source_uri, file.content_hash, problem.reason, problem.detail)]


def _text(file: ArticleFile, text: str, encoding: str) -> list[SourceItem | Problem]:
    return [SourceItem(file.source_uri, file.source_uri, file.content_hash, "text", text, encoding)]


def _html(file: ArticleFile, text: str, encoding: str) -> list[SourceItem | Problem]:
    lowered = text.lower()
    if "</body>" not in lowered and "</html>" not in lowered:
        raise Unreadable("truncated_html", "the page ends before </body> or </html>: the download was cut short")
    return [SourceItem(file.source_uri, file.source_uri, file.content_hash, "html", text, encoding)]


def _json(file: ArticleFile, text: str, encoding: str) -> list[SourceItem | Problem]:
    """One article per object: `text` or `html`, optional `url`, `title`, `published`, `source`."""
    if Path(file.source_uri).suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            raise Unreadable("bad_json", f"not valid JSON: {error}") from error
        objects = [(i + 1, o) for i, o in enumerate(loaded if isinstance(loaded, list) else [loaded])]
        marker = "item"
    else:
        objects = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                objects.append((number, Unreadable("bad_json", f"line {number} is not valid JSON: {error}")))
        marker = "L"
    return [_json_item(file, f"{file.source_uri}#{marker}{number}", obj, encoding) for number, obj in objects]


def _json_item(file: ArticleFile, uri: str, obj, encoding: str) -> SourceItem | Problem:
    if isinstance(obj, Unreadable):
        return Problem(uri, file.source_uri, file.content_hash, obj.reason, obj.detail)
    if not isinstance(obj, dict) or not (obj.get("text") or obj.get("html")):
        return Problem(uri, file.source_uri, file.content_hash, "no_text", "the object has neither `text` nor `html`")
    return SourceItem(uri, file.source_uri, file.content_hash, "html" if obj.get("html") and not obj.get("text") else "text",
                      obj.get("text") or obj["html"], encoding, title=obj.get("title"), url=obj.get("url"),
                      published=_iso_date(obj.get("published")), site=obj.get("source"))


def _feed(file: ArticleFile, text: str, encoding: str) -> list[SourceItem | Problem]:
    return feed_items(text, file.source_uri, file.content_hash, encoding)


def feed_items(text: str, file_uri: str, file_hash: str, encoding: str) -> list[SourceItem | Problem]:
    """The entries of an RSS or Atom document, each with its content (or summary) as HTML."""
    import feedparser

    parsed = feedparser.parse(text)
    if not parsed.entries:
        reason = "bad_feed" if parsed.bozo else "empty_feed"
        raise Unreadable(reason, f"no feed entries could be read ({parsed.get('bozo_exception', 'no entries')})")
    items: list[SourceItem | Problem] = []
    for number, entry in enumerate(parsed.entries, start=1):
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        uri = f"{file_uri}#item{number}"
        if not body.strip():
            items.append(Problem(uri, file_uri, file_hash, "no_text", "the feed entry has no content or summary"))
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        items.append(SourceItem(uri, file_uri, file_hash, "html", f"<html><body>{body}</body></html>", encoding,
                                title=entry.get("title"), url=entry.get("link"),
                                published=date(*published[:3]) if published else None,
                                site=parsed.feed.get("title")))
    return items


def _iso_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


READERS = {**{s: _text for s in TEXT_SUFFIXES}, **{s: _html for s in HTML_SUFFIXES},
           **{s: _json for s in JSON_SUFFIXES}, **{s: _feed for s in FEED_SUFFIXES}}
