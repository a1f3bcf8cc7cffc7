"""Fuse the events that several articles (or one article over days) report into one
real-world event. Rules, applied in article-date order, greedily:

- only events of the same type, from different articles, fuse;
- refusals and acceptances: the same actor, targets equal or one unknown;
  invitations: the same invitee and status, inviters equal or one unknown;
  meetings: parties that agree (one set holds the other, or they share two countries);
- places equal or one unknown; meeting names equal or one unknown;
- dates: both known and at most 2 days apart, or else article dates at most 14 days
  from the cluster's latest report; with no dates to compare, the same place or name.
  Two rounds of talks a month apart stay apart.
"""
from datetime import timedelta

import numpy as np
import pandas as pd

DAY_TOLERANCE = 2
REPORT_WINDOW = timedelta(days=14)


def _plain(value):
    """pandas gives arrays for lists and NaN/NaT for nulls."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return None if pd.isna(value) else value


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
    mine, theirs = cluster["parties"], _parties(row)
    return bool(mine) and bool(theirs) and (mine <= theirs or theirs <= mine or len(mine & theirs) >= 2)


def cluster_events(events: pd.DataFrame) -> pd.DataFrame:
    clusters, assigned = [], []
    ordered = events.sort_values(["event_type", "article_date", "article_id", "char_start"], na_position="last")
    for row in ordered.to_dict("records"):
        row = {key: _plain(value) for key, value in row.items()}
        row["participant_codes"] = row["participant_codes"] or []
        cluster = next((c for c in clusters if c["type"] == row["event_type"] and _compatible(c, row)), None)
        if cluster is None:
            cluster = {"id": row["article_event_id"], "type": row["event_type"], "first": row, "articles": set(),
                       "location": None, "name": None, "event_date": None, "last_reported": None,
                       "target": None, "actor": None, "parties": set()}
            clusters.append(cluster)
        cluster["articles"].add(row["article_id"])
        cluster["location"] = cluster["location"] or row["location"]
        cluster["name"] = cluster["name"] or row["meeting_name"]
        cluster["event_date"] = cluster["event_date"] or row["event_date"]
        cluster["target"] = cluster["target"] or row["target_code"]
        cluster["actor"] = cluster["actor"] or row["actor_code"]
        cluster["parties"] |= _parties(row)
        if row["article_date"] is not None:
            cluster["last_reported"] = max(filter(None, [cluster["last_reported"], row["article_date"]]))
        assigned.append({"article_event_id": row["article_event_id"], "event_id": cluster["id"]})
    return pd.DataFrame(assigned, columns=["article_event_id", "event_id"])


def model(dbt, session):
    dbt.config(materialized="table")
    events = dbt.ref("int_article_events").df()
    return cluster_events(events)
