"""Find article files in an input folder and read them into text, or say why not."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ""}
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ArticleFile:
    source_uri: str
    content_hash: str


@dataclass(frozen=True)
class RawArticle:
    source_uri: str
    content_hash: str
    text: str


class Unreadable(Exception):
    """A file that cannot become an article; its message is the quarantine reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def list_files(input_dir: Path) -> list[ArticleFile]:
    """Every regular file below the folder, hidden ones aside, in a stable order."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    files = []
    for path in sorted(input_dir.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(input_dir).parts):
            files.append(ArticleFile(str(path.resolve()), content_hash(path.read_bytes())))
    return files


def read_article(file: ArticleFile) -> RawArticle:
    path = Path(file.source_uri)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise Unreadable("unsupported_format", f"{path.suffix} files are not read yet; use .txt")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise Unreadable("too_large", f"{len(data)} bytes, over the {MAX_BYTES} byte limit")
    if not data.strip():
        raise Unreadable("empty", "the file holds no text")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("binary", "the file holds NUL bytes, so it is not text")
    return RawArticle(file.source_uri, file.content_hash, decode(data))


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Latin-1 when it reads as text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / len(text)
    if printable < 0.95:
        raise Unreadable("undecodable", "neither UTF-8, UTF-16 nor Latin-1 text")
    return text
