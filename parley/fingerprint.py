"""Fingerprints of files: what a version or a cache stamp is computed from."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def add_files(digest, files: Iterable[tuple[str, Path]]) -> None:
    """Each file's name and content into `digest`, each ended by a zero byte, so that no other
    set of files feeds it the same bytes."""
    for name, path in files:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
