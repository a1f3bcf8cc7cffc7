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
]
BOILERPLATE = re.compile(r"^(?:" + "|".join(BOILERPLATE_LINES) + r")$", re.IGNORECASE)
# Photo captions: a credit in brackets, or a line that ends with the picture's date.
CAPTION = re.compile(r"\((?:AP|Reuters|AFP|Getty)[^)]*(?:Photo|Images|Video)[^)]*\)|"
                     rf"(?:,|in)\s+(?:{FULL_DATE.pattern})\.\s*$", re.IGNORECASE)
# "BEIRUT (AP) —", "MOSCOW, Feb. 21, 2012 —": the dateline goes on a line of its own,
# so that the parser does not take the city for the subject of the first sentence.
DATELINE = re.compile(r"^((?:[A-Z][A-Z.'\-]+ ?){1,3}(?:,[^—–\n]{3,40}?)?(?: \([^)]{1,40}\))?)\s+[—–-]{1,2}\s+(?=\S)")
# A date stamp that some exports put before the text: "date 2019-10-06 Headline ..."
METADATA_DATE = re.compile(r"^(?:date|published|updated):?\s+(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*",
                           re.IGNORECASE | re.MULTILINE)
BYLINE = re.compile(r"^by [A-Z][A-Za-z.'\- ]+(?: and [A-Z][A-Za-z.'\- ]+)?$", re.IGNORECASE)


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


def split_dateline(line: str) -> list[str]:
    match = DATELINE.match(line)
    return [match.group(1), line[match.end():]] if match else [line]


def clean_text(raw: str) -> CleanArticle:
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    story = [line for line in lines if not is_boilerplate(line)]
    title = next((line for line in story if len(line.split()) <= 20 and not DATELINE.match(line + " — x")
                  and not line.endswith((".", "\"", "”"))), None)
    kept = [part for line in story for part in split_dateline(line)]
    stamp = METADATA_DATE.search(raw)
    if stamp:
        published, source, confidence = date.fromisoformat(stamp.group(1)), "metadata", 1.0
        kept = [rest for rest in (METADATA_DATE.sub("", line, count=1).strip() for line in kept) if rest]
    else:
        published, source = find_article_date(raw)
        confidence = None if published is None else 0.8
    return CleanArticle(text="\n\n".join(kept), title=title, published=published, date_source=source,
                        date_confidence=confidence, dropped_lines=len(lines) - len(story))
