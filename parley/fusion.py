"""Fusion: the events that several articles (or one article over days) report, as one
real-world event. The dbt model int_event_clusters calls cluster_events. Reports are
clustered greedily in one fixed order (article date, then the article's source and the
event's place in it), so the same events give the same clusters whatever order DuckDB
hands them over in; a report joins the first cluster, in creation order, that is
compatible with it (`compatible`):

- only events of the same type, from different articles, fuse;
- refusals and acceptances: the same actor, targets equal or one unknown;
  invitations: the same invitee and status, inviters equal or one unknown;
  meetings: parties that agree (`parties_agree`, also the article-level merge's rule);
- places equal or one unknown; meeting names equal or one unknown;
- dates: both known and at most 2 days apart (EVENT_DAYS), or else article dates at most
  14 days from the cluster's latest report (REPORT_DAYS); with no dates to compare, the
  same place or name. Two rounds of talks a month apart stay apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from datetime import date, timedelta
from typing import TYPE_CHECKING, Iterator

from parley.contract import EVENT_TYPES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# pandas and numpy are imported by the functions that handle frames: the extractor imports
# this module for parties_agree and otherwise never loads them (0.3 s per process).


@dataclass(frozen=True)
class DayWindow:
    """A date rule: two days fall under it when at most `days` apart."""
    days: int

    def holds(self, one: date, other: date) -> bool:
        return abs((one - other).days) <= self.days

    @cache  # a run looks up the same few thousand days again and again
    def around(self, day: date) -> tuple[date, ...]:
        """The days that fall under the rule with `day`: what an index looks up."""
        return tuple(day + timedelta(days=offset) for offset in range(-self.days, self.days + 1))


EVENT_DAYS = DayWindow(2)    # both reports date the event
REPORT_DAYS = DayWindow(14)  # else: the report's article date and the cluster's latest report


def parties_agree(mine: set[str], theirs: set[str]) -> bool:
    """Two sets of parties are one meeting's: both known, and one holds the other or they share two."""
    return bool(mine) and bool(theirs) and (mine <= theirs or theirs <= mine or len(mine & theirs) >= 2)


def agree(one, other) -> bool:
    """Equal, or one unknown."""
    return one is None or other is None or one == other


@dataclass(slots=True)
class Report:
    """One article's event, as the rules read it; evidence and the like stay in DuckDB."""
    article_event_id: str
    event_id: str | None  # set when an earlier run assigned it
    article_id: str
    article_date: date | None
    event_type: str
    actor_code: str | None
    target_code: str | None
    participant_codes: list[str]
    host_code: str | None
    location: str | None
    event_date: date | None
    status: str | None
    meeting_name: str | None
    char_start: int
    source_uri: str
    parties: set[str] = field(init=False)  # the countries (or organisations) taking part

    def __post_init__(self):
        codes = set(self.participant_codes) | {c for c in (self.actor_code, self.target_code, self.host_code) if c}
        self.parties = {_country(code) for code in codes}


COLUMNS = [f.name for f in fields(Report) if f.init]
# The order reports are clustered in. The article's source, not its id (a hash of its path):
# the order of paths in a folder does not change when the folder moves. The last keys part
# events of one sentence.
ORDER = ["event_type", "article_date", "source_uri", "char_start", "actor_code", "target_code", "article_event_id"]


def _country(code: str) -> str:
    return code if code.startswith(("IGO", "GRP:")) else code[:3]


@dataclass
class Cluster:
    """One real-world event: its first report and what its reports have made known so far."""
    id: str
    first: Report
    position: int = -1  # in the index's creation order
    articles: set[str] = field(default_factory=set)
    location: str | None = None
    name: str | None = None
    event_date: date | None = None
    last_reported: date | None = None
    actor: str | None = None
    target: str | None = None
    parties: set[str] = field(default_factory=set)
    keys: set[tuple] = field(default_factory=set)  # what the index files it under

    def absorb(self, report: Report) -> None:
        self.articles.add(report.article_id)
        self.location = self.location or report.location
        self.name = self.name or report.meeting_name
        self.event_date = self.event_date or report.event_date
        self.actor = self.actor or report.actor_code
        self.target = self.target or report.target_code
        self.parties |= report.parties
        if report.article_date is not None:
            self.last_reported = max(filter(None, [self.last_reported, report.article_date]))
        self.keys |= _keys(report) | {(self.first.event_type, party) for party in self.parties}


def compatible(cluster: Cluster, report: Report) -> bool:
    """Whether the report can be one more of the cluster's: the rules of the module docstring."""
    return (report.event_type == cluster.first.event_type and report.article_id not in cluster.articles
            and agree(cluster.location, report.location) and agree(cluster.name, report.meeting_name)
            and _same_time(cluster, report) and _same_parties(cluster, report))


def _same_time(cluster: Cluster, report: Report) -> bool:
    if cluster.event_date is not None and report.event_date is not None:
        return EVENT_DAYS.holds(cluster.event_date, report.event_date)
    if report.article_date is not None and cluster.last_reported is not None:
        return REPORT_DAYS.holds(report.article_date, cluster.last_reported)
    # no dates to compare: only a shared place or name can say it is the same event
    return bool((report.location and report.location == cluster.location)
                or (report.meeting_name and report.meeting_name == cluster.name))


def _same_parties(cluster: Cluster, report: Report) -> bool:
    first = cluster.first
    if report.event_type in ("refusal", "acceptance"):
        return first.actor_code == report.actor_code and agree(cluster.target, report.target_code)
    if report.event_type == "invitation":
        return (first.target_code == report.target_code and first.status == report.status
                and agree(cluster.actor, report.actor_code))
    return parties_agree(cluster.parties, report.parties)


def _keys(report: Report) -> set[tuple]:
    """Keys a compatible cluster shares with the report (see _same_parties)."""
    kind = report.event_type
    if kind in ("refusal", "acceptance"):
        return {(kind, report.actor_code)}
    if kind == "invitation":
        return {(kind, report.target_code)}
    return {(kind, party) for party in report.parties}


# Where the index files a cluster, and what a report looks up: slots derived from the date
# rules, so that every cluster `compatible` can accept is among those a report looks up.
ANY, EVENT_DAY, REPORT_DAY, UNREPORTED = "any", "event day", "report day", "unreported"


def _filed_under(cluster: Cluster) -> Iterator[tuple]:
    for key in cluster.keys:
        yield ANY, key
        if cluster.event_date is not None:
            yield EVENT_DAY, key, cluster.event_date
        if cluster.last_reported is None:
            yield UNREPORTED, key
        else:
            yield REPORT_DAY, key, cluster.last_reported


def _looked_up(report: Report) -> Iterator[tuple]:
    for key in _keys(report):
        if report.article_date is None:
            yield ANY, key  # such a report is compared with every cluster of its keys
            continue
        yield UNREPORTED, key
        if report.event_date is not None:
            yield from ((EVENT_DAY, key, day) for day in EVENT_DAYS.around(report.event_date))
        yield from ((REPORT_DAY, key, day) for day in REPORT_DAYS.around(report.article_date))


class ClusterIndex:
    """Clusters in creation order, filed by the keys their reports share and the days the
    date rules compare, so that a report is compared with the few clusters it could join,
    not with every cluster of its type: the cost of a run follows its new events."""

    def __init__(self):
        self.clusters: list[Cluster] = []
        self._filed: dict[tuple, set[int]] = {}

    def find(self, report: Report) -> Cluster | None:
        positions = set().union(*(self._filed.get(slot, ()) for slot in _looked_up(report)))
        return next((self.clusters[n] for n in sorted(positions) if compatible(self.clusters[n], report)), None)

    def add(self, report: Report, cluster: Cluster | None = None) -> Cluster:
        if cluster is None:
            cluster = Cluster(id=report.event_id or report.article_event_id, first=report,
                              position=len(self.clusters))
            self.clusters.append(cluster)
        cluster.absorb(report)
        for slot in _filed_under(cluster):
            self._filed.setdefault(slot, set()).add(cluster.position)
        if cluster.last_reported is not None:
            for key in cluster.keys:
                self._filed.get((UNREPORTED, key), set()).discard(cluster.position)
        return cluster


def _joinable(assigned: list[Report], new: list[Report]) -> list[Report]:
    """The assigned reports of the clusters a new report could join: those filed under a slot
    it looks up. Only these are replayed; the others can be no new report's candidate, so
    the ids are those a full replay gives."""
    if not assigned:
        return []
    wanted = {slot for report in new for slot in _looked_up(report)}
    clusters: dict[str, Cluster] = {}
    for report in assigned:
        clusters.setdefault(report.event_id, Cluster(id=report.event_id, first=report)).absorb(report)
    joinable = {event_id for event_id, cluster in clusters.items()
                if any(slot in wanted for slot in _filed_under(cluster))}
    return [report for report in assigned if report.event_id in joinable]


def _reports(events: pd.DataFrame) -> list[Report]:
    """Reports in the clustering order, as plain Python values (pandas gives timestamps for
    dates, NaN for nulls and arrays for lists), converted by column: row by row it was most
    of a run's clustering."""
    import pandas as pd

    ordered = events.sort_values(ORDER, na_position="last", kind="stable")
    ordered = ordered[COLUMNS].copy()
    for column in ("article_date", "event_date"):
        ordered[column] = pd.to_datetime(ordered[column]).dt.date
    ordered = ordered.astype(object).where(ordered.notna(), None)
    ordered["participant_codes"] = [list(codes) if codes is not None else [] for codes in ordered["participant_codes"]]
    return [Report(*values) for values in zip(*(ordered[column].tolist() for column in COLUMNS))]


TYPE_STRIDE = 1_000_000  # a (type, day) key is the type's number * TYPE_STRIDE + the day's ordinal (< 1,000,000)
TYPE_NUMBER = {kind: number for number, kind in enumerate(EVENT_TYPES)}


def _near_in_time(assigned: pd.DataFrame, new: list[Report]) -> pd.DataFrame:
    """The assigned events of the clusters whose dates the date rules could compare with a
    new report of their type: a coarse cut on the frame, keys aside, so that the clusters of
    other months never become Reports; _joinable then makes the exact one."""
    import numpy as np
    import pandas as pd

    if any(report.article_date is None for report in new):
        return assigned
    report_days = [_day_key(report.event_type, day) for report in new for day in REPORT_DAYS.around(report.article_date)]
    event_days = [_day_key(report.event_type, day) for report in new if report.event_date is not None
                  for day in EVENT_DAYS.around(report.event_date)]
    kinds = assigned["event_type"].map(TYPE_NUMBER).to_numpy()
    reported = pd.to_datetime(assigned["article_date"]).groupby(assigned["event_id"]).transform("max")
    near = reported.isna().to_numpy() | np.isin(_day_keys(kinds, reported), report_days)
    dated_near = assigned["event_id"][np.isin(_day_keys(kinds, assigned["event_date"]), event_days)]
    return assigned[near | assigned["event_id"].isin(dated_near).to_numpy()]


def _day_key(kind: str, day: date) -> int:
    return TYPE_NUMBER[kind] * TYPE_STRIDE + day.toordinal()


def _day_keys(kinds: np.ndarray, days: pd.Series) -> np.ndarray:
    """_day_key of each row, -1 where the day is unknown."""
    import numpy as np
    import pandas as pd

    days = pd.to_datetime(days)
    ordinals = days.to_numpy().astype("datetime64[D]").astype("int64") + date(1970, 1, 1).toordinal()
    return np.where(days.isna().to_numpy(), -1, kinds * TYPE_STRIDE + ordinals)


def cluster_events(events: pd.DataFrame, assigned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event ids (article_event_id, event_id) for the article events not yet assigned; those
    already assigned keep theirs and are replayed first, so a run adds to the clusters
    earlier runs made. `events` has the columns COLUMNS but event_id; `assigned` has
    article_event_id and event_id."""
    import pandas as pd

    known = {} if assigned is None else dict(zip(assigned["article_event_id"], assigned["event_id"]))
    events = events.assign(event_id=events["article_event_id"].map(known))
    result = []
    if events["event_id"].isna().any():
        index, by_id = ClusterIndex(), {}
        new = _reports(events[events["event_id"].isna()])
        replayed = _joinable(_reports(_near_in_time(events[events["event_id"].notna()], new)), new)
        for report in replayed:
            by_id[report.event_id] = index.add(report, by_id.get(report.event_id))
        for report in new:
            cluster = index.add(report, index.find(report))
            result.append({"article_event_id": report.article_event_id, "event_id": cluster.id})
    return pd.DataFrame(result, columns=["article_event_id", "event_id"], dtype="string")
