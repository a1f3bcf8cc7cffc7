"""Which extractor made a row: the package version plus a hash of what decides the output.

The hash covers the extractor's data files (`extractors/data/**`: lexicons, patterns,
places), its code (`extractors/*.py`) and the pipeline config (spaCy model and version,
the sentence selection), so a lexicon edit gives a new version and `parley reextract` can
say which rows an older extractor made.
"""
from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

EXTRACTORS = Path(__file__).resolve().parent.parent / "extractors"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


@cache
def extractor_version(model: str, prefilter: bool = True) -> str:
    """`parley 0.1.0+<12 hex digits>`, the same for the same data, code and config."""
    digest = hashlib.sha256()
    for path in sorted([*EXTRACTORS.glob("data/**/*"), *EXTRACTORS.glob("*.py")]):
        if path.is_file():
            digest.update(path.relative_to(EXTRACTORS).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    model_package = model.replace("_", "-")
    selection = "sentences" if prefilter else "whole text"  # what of an article is parsed
    digest.update(f"model={model} {_package_version(model_package)} selection={selection}".encode())
    return f"parley {_package_version('parley')}+{digest.hexdigest()[:12]}"
