"""The common date phrases resolved without dateparser answer exactly what dateparser answers."""
from datetime import date, datetime, timedelta
from itertools import cycle

import pytest
from dateparser.date import DateDataParser

from extractors.dates import _common_shape, find_article_date, time_named

PREFERS = ("past", "current_period", "future")
SHAPES = {
    "relative day": ["today", "Yesterday", "tomorrow", "Today"],
    "relative period": ["this month", "last month", "next month", "this year", "Last year", "next year"],
    "bare year": ["1998", "2003", "2016", "2024", "2031"],
    "month": ["January", "Feb.", "March", "Apr", "May", "June", "Jul.", "August", "Sept.", "October",
              "Nov", "December", "sep", "dec.", "April\n\n", " may "],
    "month and day": ["March 4", "Jan. 31", "February 28", "Sept 30", "April 31", "Dec 1", "June 15",
                      "Oct. 9", "May 20", "August 2", "July 31", "November 11"],
    "day and month": ["4 March", "31 January", "29 February", "30 Sept.", "1 Dec", "15 June", "21 may"],
    "month and year": ["November 2012", "Feb. 2016", "February 2015", "Sept 2019", "April, 2011", "june 2024"],
    "full date": ["June 30, 2012", "Feb. 29, 2016", "Sept. 3, 2019", "March 3 2019", "30 June 2012",
                  "1 Jan 2020", "February 30, 2015"],
}
# three years, one of them a leap year: every phrase meets every kind of day in turn
DAYS = [date(2015, 1, 1) + timedelta(days=n) for n in range((date(2018, 1, 1) - date(2015, 1, 1)).days)]


def dateparser_answer(phrase: str, base: date, prefer: str) -> tuple[date | None, str | None]:
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False,
                "RELATIVE_BASE": datetime(base.year, base.month, base.day)}
    found = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    return (found.date_obj.date(), found.period or "day") if found.date_obj else (None, None)


def disagreements(cases):
    answered, wrong = 0, []
    for phrase, base, prefer in cases:
        fast = _common_shape(phrase, base, prefer)
        if fast is None:
            continue  # left to dateparser
        answered += 1
        expected = dateparser_answer(phrase, base, prefer)
        if fast != expected:
            wrong.append((phrase, base, prefer, fast, expected))
    return answered, wrong


@pytest.mark.parametrize("shape", SHAPES)
def test_every_day_of_2015_to_2017_each_shape_as_dateparser(shape):
    """Each day of three years as the article's date, with the shape's phrases, each under
    each preference, taken in turn, so that every phrase meets every kind of day."""
    turns = cycle([(phrase, prefer) for prefer in PREFERS for phrase in SHAPES[shape]])
    cases = [(phrase, base, prefer) for base, (phrase, prefer) in zip(DAYS, turns)]
    answered, wrong = disagreements(cases)
    assert wrong == []
    assert answered > 0.8 * len(cases)  # the rest: days that exist in no year of the preference, Feb. 29


def test_month_ends_every_phrase_and_preference_as_dateparser():
    """The days where years and month lengths differ: the last three days of each month
    and the first of the next, with every phrase and preference."""
    edges = [day for day in DAYS if day.day == 1 or (day + timedelta(days=3)).month != day.month]
    edges = edges[::3]  # a third of them, in turn, keeps the test short
    phrases = [phrase for shape in SHAPES.values() for phrase in shape]
    answered, wrong = disagreements((phrase, base, prefer) for base in edges for phrase in phrases
                                    for prefer in PREFERS)
    assert wrong == []
    assert answered > 0


@pytest.mark.parametrize("phrase", ["in two weeks", "next Saturday", "this morning", "3rd March 2019",
                                    "between April and June", "Maybe", "2015-06-01", "Tuesday, June 30, 2012"])
def test_other_phrases_are_left_to_dateparser(phrase):
    assert _common_shape(phrase, date(2019, 5, 15), "past") is None


@pytest.mark.parametrize("phrase, named", [
    ("Tuesday", ("weekday", 1)), ("on Friday night", ("weekday", 4)), ("in October", ("month", 10)),
    ("Sept.", ("month", 9)), ("Nov. 25", ("day", 11)), ("3 May", ("day", 5)),
    ("next week", None), ("last year", None), ("June 30, 2012", None), ("Maybe", None)])
def test_what_a_phrase_names_of_when_without_an_article_date(phrase, named):
    assert time_named(phrase) == named


@pytest.mark.parametrize("shape", ["%Y-%m-%d", "%b. %d, %Y", "%B %d, %Y", "%d %B %Y"])
def test_an_articles_full_date_as_dateparser_reads_it(shape):
    """The article's own date, read from a dateline of each common shape on every day of a
    leap year, is the day dateparser reads there."""
    parser = DateDataParser(languages=["en"])
    for day in (d for d in DAYS if d.year == 2016):
        written = day.strftime(shape)
        text = f"Envoys meet again\n{written}\nThe envoys met on Tuesday."
        assert find_article_date(text) == (parser.get_date_data(written).date_obj.date(), "text"), written


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


ORDINAL_SHAPES = [lambda d: f"{_ordinal(d.day)} {d:%B %Y}", lambda d: f"{d:%B} {_ordinal(d.day)}, {d:%Y}",
                  lambda d: f"{d:%b}. {_ordinal(d.day)} {d:%Y}", lambda d: f"{d:%B}  {d.day},\n{d:%Y}"]


@pytest.mark.parametrize("shape", ORDINAL_SHAPES)
def test_an_ordinal_or_spaced_full_date_as_dateparser_reads_it(shape):
    parser = DateDataParser(languages=["en"])
    for day in (d for d in DAYS if d.year == 2016):
        written = shape(day)
        text = f"Envoys meet again\nPosted {written}\nThe envoys met on Tuesday."
        assert find_article_date(text) == (parser.get_date_data(written).date_obj.date(), "text"), written


def test_an_ordinal_full_date_is_read_without_dateparser(monkeypatch):
    def no_dateparser(*_args):
        raise AssertionError("dateparser was asked")

    monkeypatch.setattr("extractors.dates._parser", no_dateparser)
    for written, day in [("Wed 16th June 2021", date(2021, 6, 16)), ("March 1st, 2014", date(2014, 3, 1)),
                         ("the 22nd  Nov. 2019", date(2019, 11, 22)), ("Aug. 3rd 2013", date(2013, 8, 3))]:
        assert find_article_date(f"Talks go on\n{written}\nThe talks went on.") == (day, "text")
