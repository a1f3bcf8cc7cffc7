"""Fuse the events that several articles (or one article over days) report into one
real-world event. Rules, applied greedily in one fixed order (article date, then the
article's source and the event's place in it, so that the same events give the same
clusters whatever order DuckDB hands them over in):

- only events of the same type, from different articles, fuse;
- refusals and acceptances: the same actor, targets equal or one unknown;
  invitations: the same invitee and status, inviters equal or one unknown;
  meetings: parties that agree (one set holds the other, or they share two countries);
- places equal or one unknown; meeting names equal or one unknown;
- dates: both known and at most 2 days apart, or else article dates at most 14 days
  from the cluster's latest report; with no dates to compare, the same place or name.
  Two rounds of talks a month apart stay apart.
"""
from datetime import date, timedelta

import numpy as np
import pandas as pd

DAY_TOLERANCE = 2
REPORT_WINDOW = timedelta(days=14)
EVENT_TYPES = {"meeting": 0, "invitation": 1, "refusal": 2, "acceptance": 3}
TYPE_STRIDE = 1_000_000  # a (type, day) key is type * TYPE_STRIDE + the day's ordinal (< 1,000,000)


# What the rules read of an event; evidence and the like are left in DuckDB.
COLUMNS = ["article_event_id", "event_id", "article_id", "article_date", "event_type", "actor_code", "target_code",
           "participant_codes", "host_code", "location", "event_date", "status", "meeting_name", "char_start",
           "source_uri"]
# The order events are clustered in. The article's source, not its id (a hash of its path):
# the order of paths in a folder does not change when the folder moves. The last keys part
# events of one sentence.
ORDER = ["event_type", "article_date", "source_uri", "char_start", "actor_code", "target_code", "article_event_id"]


def _country(code):
    return code if code.startswith(("IGO", "GRP:")) else code[:3]


def _parties(row):
    codes = set(row["participant_codes"] or []) | {c for c in (row["actor_code"], row["target_code"], row["host_code"]) if c}
    return {_country(c) for c in codes}


def _agree(a, b):
    return a is None or b is None or a == b


def _compatible(cluster, row):
    first = cluster["first"]
    if row["article_id"] in cluster["articles"]:
        return False
    if not (_agree(cluster["location"], row["location"]) and _agree(cluster["name"], row["meeting_name"])):
        return False
    if cluster["event_date"] is not None and row["event_date"] is not None:
        if abs((cluster["event_date"] - row["event_date"]).days) > DAY_TOLERANCE:
            return False
    elif row["article_date"] is not None and cluster["last_reported"] is not None:
        if abs(row["article_date"] - cluster["last_reported"]) > REPORT_WINDOW:
            return False
    elif not ((row["location"] and row["location"] == cluster["location"])
              or (row["meeting_name"] and row["meeting_name"] == cluster["name"])):
        return False  # no dates to compare: only a shared place or name can say it is the same event
    kind = row["event_type"]
    if kind in ("refusal", "acceptance"):
        return first["actor_code"] == row["actor_code"] and _agree(cluster["target"], row["target_code"])
    if kind == "invitation":
        return (first["target_code"] == row["target_code"] and first["status"] == row["status"]
                and _agree(cluster["actor"], row["actor_code"]))
    mine, theirs = cluster["parties"], row["parties"]
    return bool(mine) and bool(theirs) and (mine <= theirs or theirs <= mine or len(mine & theirs) >= 2)


def _keys(row) -> set:
    """Index keys a compatible cluster must share with the row (see _compatible)."""
    kind = row["event_type"]
    if kind in ("refusal", "acceptance"):
        return {(kind, row["actor_code"])}
    if kind == "invitation":
        return {(kind, row["target_code"])}
    return {(kind, party) for party in row["parties"]}


class Clusters:
    """Clusters in creation order, indexed by the keys their events share and by the days
    the date rules compare, so that a new event is compared with the few clusters it could
    join, not with every cluster of its type: the cost of a run follows its new events."""

    def __init__(self):
        self.clusters = []
        self.by_key = {}          # key -> positions
        self.by_event_day = {}    # (key, event date) -> positions
        self.by_report_day = {}   # (key, date last reported) -> positions
        self.unreported = {}      # key -> positions of clusters with no article date yet

    def find(self, row):
        candidates = set().union(*(self._candidates(row, key) for key in _keys(row)))
        return next((self.clusters[n] for n in sorted(candidates) if _compatible(self.clusters[n], row)), None)

    def _candidates(self, row, key) -> set:
        """A superset of the clusters _compatible can accept under the date rules."""
        if row["article_date"] is None:
            return self.by_key.get(key, set())
        found = set(self.unreported.get(key, set()))
        if row["event_date"] is not None:
            for day in _days_around(row["event_date"], DAY_TOLERANCE):
                found |= self.by_event_day.get((key, day), set())
        for day in _days_around(row["article_date"], REPORT_WINDOW.days):
            found |= self.by_report_day.get((key, day), set())
        return found

    def add(self, row, cluster=None):
        if cluster is None:
            cluster = {"id": row["event_id"] or row["article_event_id"], "position": len(self.clusters),
                       "type": row["event_type"], "first": row, "articles": set(), "location": None, "name": None,
                       "event_date": None, "last_reported": None, "target": None, "actor": None, "parties": set()}
            self.clusters.append(cluster)
        cluster["articles"].add(row["article_id"])
        cluster["location"] = cluster["location"] or row["location"]
        cluster["name"] = cluster["name"] or row["meeting_name"]
        cluster["event_date"] = cluster["event_date"] or row["event_date"]
        cluster["target"] = cluster["target"] or row["target_code"]
        cluster["actor"] = cluster["actor"] or row["actor_code"]
        cluster["parties"] |= row["parties"]
        if row["article_date"] is not None:
            cluster["last_reported"] = max(filter(None, [cluster["last_reported"], row["article_date"]]))
        self._index(cluster, _keys(row) | {(cluster["type"], party) for party in cluster["parties"]})
        return cluster

    def _index(self, cluster, keys) -> None:
        position = cluster["position"]
        for key in keys:
            self.by_key.setdefault(key, set()).add(position)
            if cluster["event_date"] is not None:
                self.by_event_day.setdefault((key, cluster["event_date"]), set()).add(position)
            if cluster["last_reported"] is None:
                self.unreported.setdefault(key, set()).add(position)
            else:
                self.unreported.get(key, set()).discard(position)
                self.by_report_day.setdefault((key, cluster["last_reported"]), set()).add(position)


def _days_around(day, width: int):
    return (day + timedelta(days=offset) for offset in range(-width, width + 1))


def _rows(events: pd.DataFrame):
    """Rows as plain Python values (pandas gives timestamps for dates, NaN for nulls and
    arrays for lists), converted by column: row by row it was most of a run's clustering."""
    ordered = events.sort_values(ORDER, na_position="last", kind="stable")
    ordered = ordered[COLUMNS].copy()
    for column in ("article_date", "event_date"):
        ordered[column] = pd.to_datetime(ordered[column]).dt.date
    ordered = ordered.astype(object).where(ordered.notna(), None)
    ordered["participant_codes"] = [list(codes) if codes is not None else [] for codes in ordered["participant_codes"]]
    rows = ordered.to_dict("records")
    for row in rows:
        row["parties"] = _parties(row)
    return rows


def _near_in_time(assigned: pd.DataFrame, new_rows: list[dict]) -> pd.DataFrame:
    """The assigned events of the clusters whose dates the date rules could compare with a
    new event of their type: a coarse cut on the frame, keys aside, so that the clusters of
    other months never become Python rows; _joinable then makes the exact one."""
    if any(row["article_date"] is None for row in new_rows):
        return assigned
    report_days = [_day_key(row["event_type"], day) for row in new_rows
                   for day in _days_around(row["article_date"], REPORT_WINDOW.days)]
    event_days = [_day_key(row["event_type"], day) for row in new_rows if row["event_date"] is not None
                  for day in _days_around(row["event_date"], DAY_TOLERANCE)]
    kinds = assigned["event_type"].map(EVENT_TYPES).to_numpy()
    reported = pd.to_datetime(assigned["article_date"]).groupby(assigned["event_id"]).transform("max")
    near = reported.isna().to_numpy() | np.isin(_day_keys(kinds, reported), report_days)
    dated_near = assigned["event_id"][np.isin(_day_keys(kinds, assigned["event_date"]), event_days)]
    return assigned[near | assigned["event_id"].isin(dated_near).to_numpy()]


def _day_key(kind: str, day) -> int:
    return EVENT_TYPES[kind] * TYPE_STRIDE + day.toordinal()


def _day_keys(kinds: np.ndarray, days: pd.Series) -> np.ndarray:
    """_day_key of each row, -1 where the day is unknown."""
    days = pd.to_datetime(days)
    ordinals = days.to_numpy().astype("datetime64[D]").astype("int64") + date(1970, 1, 1).toordinal()
    return np.where(days.isna().to_numpy(), -1, kinds * TYPE_STRIDE + ordinals)


def _joinable(assigned_rows: list[dict], new_rows: list[dict]) -> list[dict]:
    """The assigned rows of the clusters a new event could join: a key in common, and a day
    the date rules compare (or no report date to compare). Only these are replayed; the others
    can be no new event's candidate, so the ids are those a full replay gives."""
    if any(row["article_date"] is None for row in new_rows):
        return assigned_rows  # such an event is compared with every cluster of its keys
    report_days, event_days = {}, {}
    for row in new_rows:
        for key in _keys(row):
            report_days.setdefault(key, set()).update(_days_around(row["article_date"], REPORT_WINDOW.days))
            if row["event_date"] is not None:
                event_days.setdefault(key, set()).update(_days_around(row["event_date"], DAY_TOLERANCE))
    summary = {}  # event id -> (keys, first event date, last report date), as Clusters.add builds them
    for row in assigned_rows:
        keys, event_date, reported = summary.get(row["event_id"], (set(), None, None))
        keys |= _keys(row) | {(row["event_type"], party) for party in row["parties"]}
        reported = max(filter(None, [reported, row["article_date"]]), default=None)
        summary[row["event_id"]] = (keys, event_date or row["event_date"], reported)
    joinable = {event_id for event_id, (keys, event_date, reported) in summary.items()
                if any(key in report_days and (reported is None or reported in report_days[key]
                                               or event_date in event_days.get(key, ()))
                       for key in keys)}
    return [row for row in assigned_rows if row["event_id"] in joinable]


def cluster_events(events: pd.DataFrame, assigned: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event ids for the article events not yet assigned; those already assigned keep theirs
    and are replayed first, so a run adds to the clusters earlier runs made."""
    known = {} if assigned is None else dict(zip(assigned["article_event_id"], assigned["event_id"]))
    clusters, by_id, result = Clusters(), {}, []
    events = events.assign(event_id=events["article_event_id"].map(known))
    if events["event_id"].notna().all():
        return pd.DataFrame(result, columns=["article_event_id", "event_id"], dtype="string")
    new_rows = _rows(events[events["event_id"].isna()])
    for row in _joinable(_rows(_near_in_time(events[events["event_id"].notna()], new_rows)), new_rows):
        by_id[row["event_id"]] = clusters.add(row, by_id.get(row["event_id"]))
    for row in new_rows:
        cluster = clusters.add(row, clusters.find(row))
        result.append({"article_event_id": row["article_event_id"], "event_id": cluster["id"]})
    return pd.DataFrame(result, columns=["article_event_id", "event_id"], dtype="string")


def model(dbt, session):
    # Incremental: the events of earlier runs keep their event ids; only new article
    # events are clustered (against the clusters they could join), so the cost follows them.
    dbt.config(materialized="incremental", unique_key="article_event_id")
    events = dbt.ref("int_article_events").project(", ".join(c for c in COLUMNS if c not in ("event_id", "source_uri")))
    sources = dbt.ref("stg_articles").project("article_id as article_of_source, source_uri")
    events = events.join(sources, "article_id = article_of_source").project(", ".join(c for c in COLUMNS if c != "event_id")).df()
    assigned = session.sql(f"select * from {dbt.this}").df() if dbt.is_incremental else None
    return cluster_events(events, assigned)
