"""Which extractor made a row: the package version plus a hash of what decides the output.

The hash covers the extractor's data files (`extractors/data/**`: lexicons, patterns,
places), its code (`extractors/*.py`, and the `parley` modules it calls: fusion's party
rule and the places gazetteer, which merge an article's mentions), the user's actor file
(`PARLEY_ACTORS`) and the pipeline config (spaCy model and version, the sentence
selection, where the entities come from: PARLEY_NER), so a lexicon edit gives a new
version and `parley reextract` can say which rows an older extractor made.
"""
from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from extractors.components import ner_mode
from extractors.kb import USER_FILE_VARIABLE
from parley.fingerprint import add_files

EXTRACTORS = Path(__file__).resolve().parent.parent / "extractors"
CALLED_MODULES = [Path(__file__).resolve().parent / name for name in ("fusion.py", "places.py")]


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def extractor_version(model: str, prefilter: bool = True) -> str:
    """`parley 0.1.0+<12 hex digits>`, the same for the same data, code, actor file and config."""
    return _version(model, prefilter, _user_actors(), ner_mode())


def _user_actors() -> bytes:
    path = os.environ.get(USER_FILE_VARIABLE)
    return Path(path).read_bytes() if path and Path(path).is_file() else b""


@cache
def _version(model: str, prefilter: bool, user_actors: bytes, ner: str) -> str:
    digest = hashlib.sha256()
    files = sorted([*EXTRACTORS.glob("data/**/*"), *EXTRACTORS.glob("*.py")])
    add_files(digest, [(path.relative_to(EXTRACTORS).as_posix(), path) for path in files if path.is_file()])
    add_files(digest, [(f"parley/{path.name}", path) for path in CALLED_MODULES])
    digest.update(user_actors + b"\0")
    model_package = model.replace("_", "-")
    selection = "sentences" if prefilter else "whole text"  # what of an article is parsed
    digest.update(f"model={model} {_package_version(model_package)} selection={selection} ner={ner}".encode())
    return f"parley {_package_version('parley')}+{digest.hexdigest()[:12]}"
