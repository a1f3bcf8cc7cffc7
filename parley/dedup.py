"""Duplicates: exact copies (same normalised text) and syndicated near-copies of one wire
story (MinHash LSH over word shingles, datasketch) map to one canonical article."""
from __future__ import annotations

import functools
import hashlib
import re

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 64
SCHEME = "affine64"  # datasketch's scheme, named so that stored signatures can be read back
THRESHOLD = 0.8
SHINGLE = 5


def normalise(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(normalise(text)).encode()).hexdigest()


@functools.cache
def _permutations() -> np.ndarray:
    """The permutations every signature uses. MinHash draws them from its seed at every
    construction, which took a quarter of signing an article; drawn once, they are the same."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str) -> list[int]:
    words = normalise(text)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    minhash.update_batch([s.encode() for s in shingles])
    return [int(v) for v in minhash.hashvalues]


def _minhash(values: list[int]) -> LeanMinHash:
    """A stored signature read back; lean, since a full MinHash draws its permutations anew
    (most of the time of reading 10,000 signatures)."""
    return LeanMinHash(seed=1, hashvalues=np.array(values, dtype=np.uint64), scheme=SCHEME)


class Deduplicator:
    """Remembers canonical articles (those already in the warehouse, then each new one)."""

    def __init__(self, existing: list[tuple[str, str, list[int]]] = ()):
        self.by_hash: dict[str, str] = {}
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        for article_id, exact, values in existing:
            self._remember(article_id, exact, values)

    def _remember(self, article_id: str, exact: str, values: list[int]) -> None:
        self.by_hash.setdefault(exact, article_id)
        if values:
            self.lsh.insert(article_id, _minhash(values))

    def canonical_of(self, article_id: str, exact: str, values: list[int]) -> str | None:
        """The canonical article this one copies, or None (and it becomes canonical)."""
        if exact in self.by_hash:
            return self.by_hash[exact]
        near = self.lsh.query(_minhash(values))
        if near:
            return sorted(near)[0]
        self._remember(article_id, exact, values)
        return None
