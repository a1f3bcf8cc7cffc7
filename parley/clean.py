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


def clean_text(raw: str) -> CleanArticle:
    lines = [line.strip() for line in raw.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    kept = [line for line in lines if not is_boilerplate(line)]
    title = next((line for line in kept if len(line.split()) <= 20 and not line.endswith((".", "\"", "”"))), None)
    published, source = find_article_date(raw)
    confidence = None if published is None else 0.8
    return CleanArticle(text="\n\n".join(kept), title=title, published=published, date_source=source,
                        date_confidence=confidence, dropped_lines=len(lines) - len(kept))
