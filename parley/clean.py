"""Clean a wire-style text article: keep the story, drop the page furniture around it.

The raw text is kept too; extraction reads the cleaned text, and every offset the
warehouse stores points into it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractors.dates import FULL_DATE, find_article_date

# Lines that are page furniture rather than story: navigation, appeals for money or
# sign-ups, pagination. Matched against a whole stripped line, case-insensitively.
BOILERPLATE_LINES = [
    r"(accessibility|skip to|jump to) (links|content|main content)",
    r"breaking news",
    r"read more.*", r"related( stories| articles)?:?", r"advertisement", r"sponsored( content)?",
    r"(prev|previous|next)", r"\d+ of \d+",
    r"support .{1,60}!?", r"contribute( today| now)?!?", r"donate( now| today)?!?",
    r"(sign up|subscribe)( for| to)? .{0,80}", r".*newsletter.*",
    r"now is the time to support .*", r".* (is|are) under attack\.?",
    r".* needs your help .*", r"(share|tweet|email|print)( this( article| story)?)?",
    r"(copyright|©|\(c\)) .*", r"all rights reserved\.?",
    r"mideast \w+", r"(photo|image|video)( credit)?:.*",
    r"(latest|more|most (read|viewed|popular)|top|trending|recommended)( \w+)? (videos|stories|news|articles|reads)",
]
BOILERPLATE = re.compile(r"^(?:" + "|".join(BOILERPLATE_LINES) + r")$", re.IGNORECASE)
# Every pattern here reads a line in time linear in its length, whatever the line: the
# atomic group (?>...) and the possessive ++ and *+ (Python 3.11) stop the retries that made a
# hostile line of 96 KB take 28 s (tests/test_read_clean.py reads 1 MB lines of each kind).
# Photo captions: a credit in brackets ("(AP Photo/...)", a closing "(Yonhap)"), a handout or
# file photo, where someone stands in the picture ("Haftar (left) shakes hands", "al-Jarba,
# left, listens"), or a line that ends with the picture's date.
CAPTION = re.compile(r"\((?:AP|Reuters|AFP|Getty)(?>[^()]*?(?:Photo|Images|Video))[^()]*+\)|"
                     r"\((?:AP|AFP|Reuters|Yonhap|Xinhua|EPA|Getty Images)\)\s*$|"
                     r"\b(?:handout|file photo)\b|"
                     r"\((?:left|right|cent(?:er|re))\)|, (?:left|right|cent(?:er|re)),|"
                     rf"(?:,|in)\s+(?:{FULL_DATE.pattern})\.\s*$", re.IGNORECASE)
# "BEIRUT (AP) —", "MOSCOW, Feb. 21, 2012 —": the dateline goes on a line of its own,
# so that the parser does not take the city for the subject of the first sentence.
DATELINE = re.compile(r"^((?:[A-Z][A-Z.'\-]++ ?){1,3}(?:,[^—–\n]{3,40}?)?(?: \([^)]{1,40}\))?)\s+[—–-]{1,2}\s+(?=\S)")
# A date stamp that some exports put before the text: "date 2019-10-06 Headline ..."
METADATA_DATE = re.compile(r"^[ \t]*(?:date|published|updated):?\s+(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*",
                           re.IGNORECASE | re.MULTILINE)
# "By Jane Doe and John Roe": " and " is made of letters and a space, so one character class
# says it all; a second, optional name part made the pattern try every split of a long line.
BYLINE = re.compile(r"^by [A-Z][A-Za-z.'\- ]+$", re.IGNORECASE)


@dataclass(frozen=True)
class CleanArticle:
    text: str
    title: str | None
    published: date | None
    date_source: str | None
    date_confidence: float | None
    dropped_lines: int


def is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line) or CAPTION.search(line) or BYLINE.match(line))


# "- Talks on Ukraine: what next?": an item of a bulleted list
LIST_ITEM = re.compile(r"^[-•*·▪] ")


def _story_lines(lines: list[str]) -> list[str]:
    """The lines that are not furniture; a bulleted list right under a furniture line (the
    links under "Latest Videos" or "Related stories") is furniture too."""
    story, under_furniture = [], False
    for line in lines:
        under_furniture = is_boilerplate(line) or (under_furniture and bool(LIST_ITEM.match(line)))
        if not under_furniture:
            story.append(line)
    return story


def split_dateline(line: str) -> list[str]:
    match = DATELINE.match(line)
    return [match.group(1), line[match.end():]] if match else [line]


def is_dateline(line: str) -> bool:
    """A whole line that is a dateline, as split_dateline leaves it: "PALERMO, Sicily (AP)"."""
    match = DATELINE.match(line + " — x")
    return match is not None and match.group(1) == line


# No-break and other typographic spaces: spaCy's tokenizer splits only on the plain one, so
# "to\u00a0Moscow" would be one token and its place lost.
UNICODE_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def clean_text(raw: str) -> CleanArticle:
    raw = UNICODE_SPACES.sub(" ", raw)
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    story = _story_lines(lines)
    dropped = len(lines) - len(story)
    title = next((line for line in story if len(line.split()) <= 20 and not DATELINE.match(line + " — x")
                  and not line.endswith((".", "\"", "”"))), None)
    stamp = METADATA_DATE.search(raw)
    if stamp:
        published, source, confidence = date.fromisoformat(stamp.group(1)), "metadata", 1.0
        story = [rest for rest in (METADATA_DATE.sub("", line, count=1).strip() for line in story) if rest]
    kept = [part for line in story for part in split_dateline(line)]
    if not stamp:
        published, source = find_article_date(raw)
        confidence = None if published is None else 0.8
    return CleanArticle(text="\n\n".join(kept), title=title, published=published, date_source=source,
                        date_confidence=confidence, dropped_lines=dropped)


@dataclass(frozen=True)
class Article:
    """A cleaned article ready for extraction, with where it came from."""
    source_uri: str
    file_uri: str
    content_hash: str
    kind: str
    encoding: str
    raw_text: str
    clean_text: str
    title: str | None
    url: str | None
    site: str | None
    published: date | None
    date_source: str | None
    date_confidence: float | None
    language: str


def clean_html(html: str) -> tuple[str, dict]:
    """Main text and metadata of a page, by trafilatura (htmldate finds the date when
    the page's metadata has none)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta = trafilatura.extract_metadata(html)
    found = {"title": None, "date": None, "site": None}
    if meta is not None:
        found = {"title": meta.title, "date": meta.date, "site": meta.sitename}
    if not found["date"]:
        from htmldate import find_date

        found["date"] = find_date(html, extensive_search=False)
    return text, found


ENGLISH_FUNCTION_WORDS = {"the", "and", "of", "to", "in", "a", "on", "said", "for", "with", "that", "was", "is",
                          "by", "at", "as", "its", "his", "their", "has", "have", "will", "would", "from"}


def function_word_share(text: str) -> float:
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words) if words else 0.0


def reads_as_english(text: str) -> bool:
    """langdetect misjudges short texts; English function words are a second opinion."""
    return function_word_share(text) >= 0.12


# English news prose is at least a fifth these words (0.22 to 0.4 in our corpora; German
# and Spanish news 0.15 or less): above that share langdetect (5 ms an article) is not asked.
CLEARLY_ENGLISH = 0.2


LANGUAGE_SAMPLE = 5000  # characters langdetect reads


def detect_language(text: str) -> tuple[str, float]:
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0  # langdetect is random unless seeded
    best = detect_langs(text[:LANGUAGE_SAMPLE])[0]
    return best.lang, best.prob


# Longer texts than spaCy's 1,000,000 characters are parsed in pieces (parley/extract.py); past
# five times that, a text is not one news article, and parsing it would hold a batch for minutes.
MAX_ARTICLE_CHARS = 5_000_000


def clean_item(item) -> "Article | Problem":
    """Clean one source item into an article, or say why it cannot be one."""
    from parley.read import Problem

    def problem(reason: str, detail: str) -> Problem:
        return Problem(item.source_uri, item.file_uri, item.content_hash, reason, detail)

    meta_date = None
    if item.kind == "html":
        story, meta = clean_html(item.body)
        cleaned = clean_text(story) if story else None
        title = item.title or meta["title"] or (cleaned.title if cleaned else None)
        site = item.site or meta["site"]
        meta_date = date.fromisoformat(meta["date"][:10]) if meta["date"] else None
    else:
        cleaned = clean_text(item.body)
        title, site = item.title or cleaned.title, item.site
    if cleaned is None or len(cleaned.text.split()) < 5:
        return problem("no_story", "no article text is left once page furniture and boilerplate are removed")
    if len(cleaned.text) > MAX_ARTICLE_CHARS:
        return problem("too_long", f"{len(cleaned.text):,} characters of text, over the {MAX_ARTICLE_CHARS:,} "
                                   f"Parley parses for one article")
    if function_word_share(cleaned.text) >= CLEARLY_ENGLISH:
        language, probability = "en", 1.0
    else:
        language, probability = detect_language(cleaned.text)
    if language != "en" and not reads_as_english(cleaned.text):
        return problem("not_english", f"the text reads as '{language}' (p={probability:.2f}); Parley extracts English")
    if item.published or meta_date:
        published, source, confidence = item.published or meta_date, "metadata", 1.0
    else:
        published, source, confidence = cleaned.published, cleaned.date_source, cleaned.date_confidence
    return Article(item.source_uri, item.file_uri, item.content_hash, item.kind, item.encoding, item.body,
                   cleaned.text, title, item.url, site, published, source, confidence, language)
