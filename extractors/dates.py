"""Dates: the article's own date, and event dates resolved against it with dateparser."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "Friday, Nov. 8, 2013", "Feb. 16, 2012", "8 November 2013", "Wed 16th June 2021", "2013-11-08"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "two weeks", "a month", "three days' time": how long; "in two weeks" is a point in time
SPAN_OF_TIME = re.compile(r"(?:a|an|one|two|three|four|five|six|\d+) (?:days?|weeks?|months?)(?:'s?)?(?: time)?",
                          re.IGNORECASE)
FULL_DATE = re.compile(
    rf"\b(?:{MONTH}\s+{DAY},?\s+\d{{4}}|{DAY}\s+{MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")
RANGE_TAIL = re.compile(r"(\d{1,2})\s*(?:[-–]|\band\b|\bto\b)\s*\d{1,2}\b")  # "Jan. 26-29", "December 8 and 9"
# A DATE entity is an event date only when it names a point in time, not a duration.
POINT_IN_TIME = re.compile(
    rf"{MONTH}|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\btoday\b|\btomorrow\b|\byesterday\b|\btonight\b"
    r"|\bthis (?:morning|afternoon|evening)\b"
    r"|\b(?:this|next|last|coming) (?:week|month|year)\b|\b(?:19|20)\d\d\b"
    rf"|^in {SPAN_OF_TIME.pattern}\b", re.IGNORECASE)
# "later this month", "early next year", "late February", "the end of March": the period is the date
WITHIN_PERIOD = re.compile(r"^\s*(?:later|earlier|early|late|mid-?|(?:the )?(?:end|beginning|start|middle) of)\s*",
                           re.IGNORECASE)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_PHRASE = re.compile(r"\s*(?:on\s+)?(\w+day)(?:\s+(?:morning|afternoon|evening|night))?\s*", re.IGNORECASE)
WEEK_PHRASE = re.compile(r"\b(later |earlier )?(this|next|last|coming) week\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _parser(prefer: str, base: date | None = None) -> DateDataParser:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


# "Published: Tue 9 Mar 2021, 8:05 AM": a labelled line says which date is the article's
PUBLISHED_LINE = re.compile(r"^\W*(?:first\s+)?(?:published|posted|date)\b[^\n]*", re.IGNORECASE | re.MULTILINE)


# "14052018" on a line of its own near the top, as some sites print the day (DDMMYYYY)
COMPACT_DATE = re.compile(r"^\W*(\d{2})(\d{2})((?:19|20)\d{2})\b", re.MULTILINE)


def _compact_date(text: str) -> date | None:
    for match in COMPACT_DATE.finditer(text[:2000]):
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def find_article_date(text: str) -> tuple[date | None, str | None]:
    """The date of a "Published:" line, else the first full date in the text (dateline,
    date line or caption; a page header's date of the day comes first only when nothing says
    which date is the article's), else a compact "14052018" line."""
    labelled = (FULL_DATE.search(line.group(0)) for line in PUBLISHED_LINE.finditer(text))
    match = next(filter(None, labelled), None) or FULL_DATE.search(text)
    if not match:
        compact = _compact_date(text)
        return (compact, "text") if compact else (None, None)
    found = _full_date(match.group(0))
    return (found, "text") if found else (None, None)


# "16th June 2021": the day's ordinal ending, as FULL_DATE matches it
ORDINAL_ENDING = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def _full_date(text: str) -> date | None:
    """A date said in full ("2013-11-08", "Feb. 16, 2012", "16th February 2012"): the common
    shapes without dateparser, whose call costs more than reading an article's file."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    plain = " ".join(ORDINAL_ENDING.sub("", text).split())
    shaped = _with_year(plain, date(2000, 1, 1))  # a day of a year: the base is not read
    if shaped and shaped[1] == "day":
        return shaped[0]
    found = _parser("past").get_date_data(text)
    return found.date_obj.date() if found.date_obj else None


def _weekday_near(base: date, weekday: int, prefer: str) -> date:
    """"Monday" in an article: the article's day if it is a Monday, else the Monday before it
    (or after it, for what is planned). What dateparser answers, without its cost, for the
    commonest date phrase in news."""
    if weekday == base.weekday():
        return base
    if prefer == "future":
        return base + timedelta(days=(weekday - base.weekday()) % 7)
    return base - timedelta(days=(base.weekday() - weekday) % 7)


MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december"]
MONTH_NUMBERS = {name: number for number, month in enumerate(MONTH_NAMES, start=1)
                 for name in (month, month[:3])} | {"sept": 9}
# The commonest date phrases of news, resolved here as dateparser resolves them, at a fraction
# of its cost (tests/test_dates.py compares the two over every day of 2015-2017)
RELATIVE_DAY = re.compile(r"\s*(today|yesterday|tomorrow)\s*", re.IGNORECASE)
RELATIVE_PERIOD = re.compile(r"\s*(this|last|next) (month|year)\s*", re.IGNORECASE)
MONTH_ALONE = re.compile(r"\s*([a-z]+)\.?\s*", re.IGNORECASE)
# "March 17", "17 March"
MONTH_DAY = re.compile(r"\s*(?:([a-z]+)\.? (\d{1,2})|(\d{1,2}) ([a-z]+)\.?)\s*", re.IGNORECASE)
YEAR_ALONE = re.compile(r"\s*((?:19|20)\d\d)\s*")
# "November 2012", "June 30, 2012", "30 June 2012"
MONTH_YEAR = re.compile(r"\s*([a-z]+)\.?,? ((?:19|20)\d\d)\s*", re.IGNORECASE)
DAY_MONTH_YEAR = re.compile(r"\s*(?:([a-z]+)\.? (\d{1,2}),? ((?:19|20)\d\d)|(\d{1,2}) ([a-z]+)\.? ((?:19|20)\d\d))\s*",
                            re.IGNORECASE)


def _parse(expression: str, base: date | None, prefer: str) -> tuple[date | None, str | None]:
    """dateparser's date and period for the expression; the common shapes without it."""
    common = _common_shape(expression, base, prefer) if base is not None else None
    if common is not None:
        return common
    found = _parser(prefer, base).get_date_data(expression)
    if found.date_obj is None:
        return None, None
    return found.date_obj.date(), found.period or "day"


def _common_shape(expression: str, base: date, prefer: str) -> tuple[date, str] | None:
    """None when the expression is of no shape handled here, or an edge case of one (around a
    29th of February) that dateparser resolves its own way."""
    if base.month == 2 and base.day == 29:
        return None
    if match := RELATIVE_DAY.fullmatch(expression):
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.group(1).lower()]
        return base + timedelta(days=offset), "day"
    if match := RELATIVE_PERIOD.fullmatch(expression):
        offset = {"this": 0, "last": -1, "next": 1}[match.group(1).lower()]
        if match.group(2).lower() == "year":
            return _clamped(base.year + offset, base.month, base.day), "year"
        months = base.year * 12 + base.month - 1 + offset
        return _clamped(months // 12, months % 12 + 1, base.day), "month"
    if match := YEAR_ALONE.fullmatch(expression):
        return _clamped(int(match.group(1)), base.month, base.day), "year"
    if (match := MONTH_ALONE.fullmatch(expression)) and match.group(1).lower() in MONTH_NUMBERS:
        month = MONTH_NUMBERS[match.group(1).lower()]
        if month == 2 and base.day > 28:
            return None  # dateparser looks for a year whose February has that day
        return _clamped(_year_of(month, 0, base, prefer), month, base.day), "month"
    if match := MONTH_DAY.fullmatch(expression):
        name, day = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = MONTH_NUMBERS.get(name.lower())
        year = month and _year_of(month, int(day), base, prefer)
        if month and _valid(year, month, int(day)):
            return date(year, month, int(day)), "day"
    return _with_year(expression, base)


def _with_year(expression: str, base: date) -> tuple[date, str] | None:
    """A month or a day of a year said in full: the preference does not matter."""
    if (match := MONTH_YEAR.fullmatch(expression)) and match.group(1).lower() in MONTH_NUMBERS:
        return _clamped(int(match.group(2)), MONTH_NUMBERS[match.group(1).lower()], base.day), "month"
    if match := DAY_MONTH_YEAR.fullmatch(expression):
        name, day, year = match.group(1, 2, 3) if match.group(1) else match.group(5, 4, 6)
        month = MONTH_NUMBERS.get(name.lower())
        if month and _valid(int(year), month, int(day)):
            return date(int(year), month, int(day)), "day"
    return None


def _year_of(month: int, day: int, base: date, prefer: str) -> int:
    """The year of a month and day said without one; day 0 for the month as a whole."""
    if prefer == "past" and (month, day) > (base.month, base.day):
        return base.year - 1
    if prefer == "future" and (month, day) <= (base.month, base.day):
        return base.year + 1
    return base.year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _clamped(year: int, month: int, day: int) -> date:
    """The day of that month, or its last day: the 31st of a 30-day month is its 30th."""
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, min(day, (next_month - timedelta(days=1)).day))


def weekday_named(expression: str) -> int | None:
    """The day of the week an expression is ("on Tuesday", "Friday night"): 0 for Monday."""
    weekday = WEEKDAY_PHRASE.fullmatch(expression)
    if weekday and weekday.group(1).lower() in WEEKDAYS:
        return WEEKDAYS.index(weekday.group(1).lower())
    return None


def time_named(expression: str) -> tuple[str, int] | None:
    """What an expression says of when, without a date to resolve it by: a day of the week
    ("weekday", 1 for "on Tuesday"), a month alone ("month", 11 for "in November") or a day
    of a month ("day", 11 for "Nov. 25")."""
    weekday = weekday_named(expression)
    if weekday is not None:
        return "weekday", weekday
    expression = re.sub(r"^\s*(?:in|on)\s+", "", expression, flags=re.IGNORECASE)
    month_alone = MONTH_ALONE.fullmatch(expression)
    shape = month_alone or MONTH_DAY.fullmatch(expression)
    name = shape and next((g for g in shape.groups() if g and not g.isdigit()), None)
    if name and name.lower() in MONTH_NUMBERS:
        return "month" if month_alone else "day", MONTH_NUMBERS[name.lower()]
    return None


@lru_cache(maxsize=4096)  # the same phrase is resolved for each event of its sentence
def resolve_date(expression: str, base: date | None, prefer: str = "past") -> tuple[date | None, str | None]:
    """An event date and its precision (day, week, month, year), or (None, None).

    Expressions without a year ("Monday", "Nov. 25") need the article's date; without one
    they stay unresolved rather than being pinned to today.
    """
    if not POINT_IN_TIME.search(expression):
        return None, None
    has_year = re.search(r"\b(?:19|20)\d\d\b", expression)
    if base is None and not has_year:
        return None, None
    expression = WITHIN_PERIOD.sub("", RANGE_TAIL.sub(r"\1", expression))
    week = WEEK_PHRASE.search(expression)
    if week and base is not None:
        offset = {"this": 0, "coming": 7, "next": 7, "last": -7}[week.group(2).lower()]
        return date.fromordinal(base.toordinal() + offset), "week"
    weekday = weekday_named(expression)
    if weekday is not None and base is not None:
        return _weekday_near(base, weekday, prefer), "day"
    month_without_year = re.search(MONTH, expression) and not has_year
    month_of_past = month_without_year and prefer == "past"
    if month_without_year and prefer != "future":
        prefer = "current_period"  # "Nov. 25" in a November article is this year's
    day, precision = _parse(expression, base, prefer)
    if day is None:
        return None, None
    if month_of_past and precision == "month" and base is not None and (day.year, day.month) > (base.year, base.month):
        day = day.replace(year=day.year - 1)  # "visited China in October", said in May: last October
    # dateparser fills what the phrase does not say from the article's date, or without one
    # from today: "in 2011" is then the 1st of January, not today's day of 2011
    if base is None and precision in ("year", "month"):
        day = day.replace(month=1 if precision == "year" else day.month, day=1)
    if base is not None and precision == "month" and (day.year, day.month) == (base.year + 1, base.month):
        day = day.replace(year=base.year)  # "late February" planned in a February article: this one
    return day, precision
