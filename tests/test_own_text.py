"""Our text is our own: the shared corpus is third-party news kept beside the repo for
measuring, and no test sentence, sample, data file or doc of ours may copy its sentences."""
import re
from pathlib import Path

import pytest

from conftest import REPO, SHARED_CORPUS

ARTICLES = SHARED_CORPUS / "articles"
# Every folder of text we write, and the top-level docs; not .venv, not the corpus.
OUR_TEXT = ["tests", "samples", "extractors", "parley", "dags", "dbt_project", "bench", "scripts",
            "expectations", "docs"]
NOT_OURS = {"__pycache__", "target", "logs"}  # built by Python and dbt, not written by us
RUN = 8  # this many words in a row, found in an article, count as copied
# Runs allowed through, each with its reason; prefer rewording our text to adding one.
ALLOWED = {
    "national coalition for syrian revolutionary and opposition forces",  # a body's full name, in the actor files
}

pytestmark = pytest.mark.skipif(not ARTICLES.is_dir(), reason=f"no shared corpus at {SHARED_CORPUS}")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs_by_line(text: str) -> list[tuple[int, str]]:
    """Each run of words with the line it starts on; a run goes on over line ends, as a
    sentence split over string literals does."""
    numbered = [(n, word) for n, line in enumerate(text.splitlines(), 1) for word in words(line)]
    return [(numbered[i][0], " ".join(word for _, word in numbered[i:i + RUN]))
            for i in range(len(numbered) - RUN + 1)]


def corpus_runs() -> dict[str, str]:
    """Every run of the corpus, with the first article that has it."""
    found = {}
    for article in sorted(ARTICLES.glob("*.txt")):
        for _, run in runs_by_line(article.read_text(encoding="utf-8", errors="ignore")):
            found.setdefault(run, article.name)
    return found


def copied_lines(name: str, text: str, corpus: dict[str, str]) -> list[str]:
    """One finding per line that starts a copied run."""
    first_run_of_line = {}
    for line, run in runs_by_line(text):
        if run in corpus and run not in ALLOWED:
            first_run_of_line.setdefault(line, f"{name}:{line}: {run!r} ({corpus[run]})")
    return list(first_run_of_line.values())


def our_text_files() -> list[Path]:
    files = [path for part in OUR_TEXT for path in sorted((REPO / part).rglob("*"))
             if path.is_file() and written_by_us(path.relative_to(REPO))]
    files += sorted(REPO.glob("*.md"))
    return [path for path in files if is_text(path)]


def written_by_us(relative: Path) -> bool:
    return not NOT_OURS.intersection(relative.parts)


def is_text(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # images, compressed warehouses
        return False
    return True


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return corpus_runs()


def test_no_file_of_ours_shares_eight_words_in_a_row_with_a_corpus_article(corpus):
    copied = [finding for path in our_text_files()
              for finding in copied_lines(str(path.relative_to(REPO)), path.read_text(encoding="utf-8"), corpus)]
    assert not copied, f"{len(copied)} lines copy the shared corpus:\n" + "\n".join(copied)


def test_a_sentence_copied_over_two_string_literals_is_found(corpus):
    article = sorted(ARTICLES.glob("*.txt"))[0]
    first = words(article.read_text(encoding="utf-8", errors="ignore"))[:RUN]
    source = f'text = ("{" ".join(first[:3])} "\n        "{" ".join(first[3:])}")\n'
    assert copied_lines("t.py", source, corpus) == [f"t.py:1: {' '.join(first)!r} ({article.name})"]


def test_a_sentence_of_our_own_is_not_found(corpus):
    source = 'text = "The envoys of Ruritania and Freedonia met twice in a quiet lakeside town."'
    assert copied_lines("t.py", source, corpus) == []


def test_the_guard_reads_our_code_and_top_level_docs_but_not_what_is_built_or_installed():
    files = {path.relative_to(REPO).as_posix() for path in our_text_files()}
    assert {"extractors/events.py", "parley/cli.py", "dags/parley_ingest.py", "README.md"} <= files
    assert not [name for name in files if name.startswith(".venv/")]
    assert not written_by_us(Path("dbt_project/target/manifest.json"))
    assert written_by_us(Path("dbt_project/models/events.sql"))
