"""Read what users have into articles: text files, HTML pages, JSON/JSONL exports and
RSS/Atom files, each through a small reader; anything that cannot become an article
becomes a Problem with a reason a person understands."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from parley.contract import QUARANTINE_REASONS

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}


@dataclass(frozen=True)
class ArticleFile:
    """A file to read, named by its real path; or an entry of the input that cannot be read
    (a FIFO, a link out of the folder), with the reason, so that it gets a quarantine row."""
    source_uri: str
    content_hash: str
    problem: tuple[str, str] | None = None  # (reason, detail)


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

    def __post_init__(self):
        _check_reason(self.reason)


class Unreadable(Exception):
    def __init__(self, reason: str, detail: str):
        _check_reason(reason)
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def _check_reason(reason: str) -> None:
    if reason not in QUARANTINE_REASONS:
        raise ValueError(f"{reason!r} is not a quarantine reason of parley.contract.QUARANTINE_REASONS")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def list_files(input_path: Path) -> list[ArticleFile]:
    """Every regular file below the folder (or the one file given), hidden ones aside, in a
    stable order, each named by its real path. Only what lies inside the folder is read: a
    link out of it, a broken link, a FIFO or a socket is listed with its problem instead."""
    root = os.path.realpath(input_path)
    if os.path.isfile(root):
        return [_listed(root, root)]
    if not os.path.isdir(root):
        raise FileNotFoundError(f"input {input_path} is neither a folder nor a file")
    found = {file.source_uri: file for file in _walk(root)}
    return [found[uri] for uri in sorted(found)]


def _walk(root: str):
    """The entries below the folder. With os.scandir the listing says what is a file, a folder
    and a link, so a folder of 10,000 files costs no realpath or stat call each (they were a
    third of listing it). Linked folders are not followed, as with os.walk; folders are kept
    on a list, not in recursion, so that no depth of folders is too deep."""
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            yield _unlisted(folder, "unreadable_file", f"the folder cannot be listed: {error.strerror}")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                yield from _linked(entry.path, root)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                yield _listed(entry.path, entry.path)


def _linked(link: str, root: str):
    """A link: its target if that is a file inside the input folder, else its problem."""
    target = os.path.realpath(link)
    try:
        mode = os.stat(link).st_mode
    except OSError as error:  # ENOENT: points at nothing; ELOOP: a loop of links
        yield _unlisted(link, "broken_link", f"the link cannot be followed: {error.strerror}")
        return
    if os.path.commonpath([root, target]) != root:
        yield _unlisted(link, "outside_input", f"the link points outside the input folder, to {target}")
    elif not stat.S_ISDIR(mode):  # a linked folder inside the input is listed where it is
        yield _listed(link, target)


def _listed(path: str, real_path: str) -> ArticleFile:
    try:
        return ArticleFile(real_path, _file_hash(real_path))
    except Unreadable as problem:
        return _unlisted(path, problem.reason, problem.detail)


def _unlisted(path: str, reason: str, detail: str) -> ArticleFile:
    """An entry that cannot be read; its 'hash' names the problem, so that a rerun skips it
    while it stays the same."""
    return ArticleFile(path, content_hash(f"{reason}\n{detail}".encode()), (reason, detail))


def _open_regular(path: str) -> int:
    """A descriptor of the file, opened without blocking on a FIFO and without following a
    link put in its place since it was listed; only a regular file is accepted."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable("broken_link", "the file became a link after it was listed") from error
        if error.errno == errno.ENXIO:
            raise Unreadable("not_a_file", "a socket or device, not a regular file: nothing is read from it") from error
        raise Unreadable("unreadable_file", f"the file cannot be opened: {error.strerror}") from error
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device or other special file"
        raise Unreadable("not_a_file", f"a {kind}, not a regular file: nothing is read from it")
    return fd


def _file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with os.fdopen(_open_regular(path), "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_bytes(path: str) -> bytes:
    with os.fdopen(_open_regular(path), "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_BYTES:
            raise Unreadable("too_large", f"{size:,} bytes, over the {MAX_BYTES:,}-byte limit for one file")
        return fh.read(MAX_BYTES + 1)


# Windows-1252 is what the web means by Latin-1 (WHATWG): it reads bytes 0x80-0x9F as curly
# quotes, dashes and the euro sign where Latin-1 gives control characters; every other byte
# reads the same in both. charset-normalizer is not asked: on short texts it guesses wrong
# (cp852 for an English sentence with one curly quote, cp1250 for plain Latin-1).
WINDOWS_ONLY_BYTES = bytes(range(0x80, 0xA0))


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (BOM or not), UTF-16 with a BOM,
    else Windows-1252 or Latin-1, only when what it gives reads as text."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8"), "utf-8-sig"
    except UnicodeDecodeError as error:
        raise Unreadable("undecodable", f"the file starts with a byte-order mark but is not valid "
                                        f"{error.encoding}: {error.reason} at byte {error.start}") from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "windows-1252" if any(byte in WINDOWS_ONLY_BYTES for byte in set(data)) else "latin-1"
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        text, encoding = data.decode("latin-1"), "latin-1"
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / len(text)
    if printable < 0.97:
        raise Unreadable("undecodable", "neither UTF-8, UTF-16 with a BOM, nor Windows-1252 or Latin-1 "
                                        "that reads as text")
    return text, encoding


def read_file(file: ArticleFile) -> list[SourceItem | Problem]:
    suffix = Path(file.source_uri).suffix.lower()
    try:
        if file.problem:
            raise Unreadable(*file.problem)
        data = _read_bytes(file.source_uri)
        if not data.strip():
            raise Unreadable("empty", "the file holds no text")
        # A NUL in a JSON export is one broken record's (the JSON reader says so), not the file's.
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and suffix not in JSON_SUFFIXES:
            raise Unreadable("binary", "the file holds NUL bytes, so it is not text")
        reader = READERS.get(suffix)
        if reader is None:
            raise Unreadable("unsupported_format", f"'{suffix}' files are not read; use .txt, .html, .json(l) or .xml feeds")
        text, encoding = decode(data)
        items = reader(file, text, encoding)
        if not items:  # blank but for characters bytes.strip() keeps, or a JSON []
            raise Unreadable("empty", "the file holds no text or no records")
        return items
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
    """One article per object: `text` or `html`, optional `url`, `title`, `published`, `source`.
    A record that cannot be read is quarantined on its own; the others load."""
    if Path(file.source_uri).suffix.lower() == ".json":
        loaded = _parse_json(text, "the file")
        if isinstance(loaded, Unreadable):
            raise loaded
        objects = [(i + 1, o) for i, o in enumerate(loaded if isinstance(loaded, list) else [loaded])]
        marker = "item"
    else:
        # Only "\n" ends a record: str.splitlines would also cut at U+2028 and the like,
        # which JSON allows unescaped inside a string.
        objects = [(number, _parse_json(line, f"line {number}"))
                   for number, line in enumerate(text.split("\n"), start=1) if line.strip()]
        marker = "L"
    return [_json_item(file, f"{file.source_uri}#{marker}{number}", obj, encoding) for number, obj in objects]


def _parse_json(text: str, what: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return Unreadable("bad_json", f"{what} is not valid JSON: {error}")
    except RecursionError:
        return Unreadable("bad_json", f"{what} nests its values too deeply to be read")


ARTICLE_FIELDS = ("text", "html", "title", "url", "source")


def _json_item(file: ArticleFile, uri: str, obj, encoding: str) -> SourceItem | Problem:
    if isinstance(obj, Unreadable):
        return Problem(uri, file.source_uri, file.content_hash, obj.reason, obj.detail)
    if isinstance(obj, dict):
        wrong = _wrong_field(obj)
        if wrong:
            return Problem(uri, file.source_uri, file.content_hash, "bad_field", wrong)
    if not isinstance(obj, dict) or not (obj.get("text") or obj.get("html")):
        return Problem(uri, file.source_uri, file.content_hash, "no_text", "the object has neither `text` nor `html`")
    return SourceItem(uri, file.source_uri, file.content_hash, "html" if obj.get("html") and not obj.get("text") else "text",
                      obj.get("text") or obj["html"], encoding, title=obj.get("title"), url=obj.get("url"),
                      published=_iso_date(obj.get("published")), site=obj.get("source"))


def _wrong_field(obj: dict) -> str | None:
    """What is wrong with the record's fields, if anything: each is a string or absent."""
    for name in ARTICLE_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            return f"`{name}` is {type(value).__name__ if not isinstance(value, dict) else 'an object'}, not a string"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"`{name}` holds a lone UTF-16 surrogate (an escape such as \\ud800), which is not text"
    return None


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
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


READERS = {**{s: _text for s in TEXT_SUFFIXES}, **{s: _html for s in HTML_SUFFIXES},
           **{s: _json for s in JSON_SUFFIXES}, **{s: _feed for s in FEED_SUFFIXES}}
