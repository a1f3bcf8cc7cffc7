"""The fusion rules of int_event_clusters (a dbt Python model), run on their own: clustering
in increments, as incremental runs do, gives the event ids one full run gives."""
import importlib.util
from datetime import date

import pandas as pd

from conftest import REPO

spec = importlib.util.spec_from_file_location(
    "int_event_clusters", REPO / "dbt_project" / "models" / "intermediate" / "int_event_clusters.py")
clusters = importlib.util.module_from_spec(spec)
spec.loader.exec_module(clusters)


def _event(event_id, article, day, kind="meeting", parties=("IRNGOV", "IRQGOV"), location="Baghdad", actor=None):
    return {"article_event_id": event_id, "article_id": article, "article_date": day, "event_type": kind,
            "actor_code": actor, "target_code": None, "participant_codes": list(parties), "host_code": None,
            "location": location, "event_date": day, "meeting_name": None, "status": "held", "char_start": 0,
            "source_uri": f"/corpus/{article}.txt"}


EVENTS = pd.DataFrame([
    _event("m1", "a1", date(2020, 3, 2)), _event("m2", "a2", date(2020, 3, 3)),
    _event("m3", "a3", date(2020, 4, 7)),  # the next round, a month later
    _event("m4", "a4", date(2020, 3, 3), parties=("TURGOV", "GRCGOV"), location="Ankara"),
    _event("r1", "a1", date(2020, 3, 2), kind="refusal", parties=(), location=None, actor="SYROPP"),
    _event("r2", "a5", date(2020, 3, 4), kind="refusal", parties=(), location=None, actor="SYROPP"),
])


def _ids(assigned: pd.DataFrame) -> dict:
    return dict(zip(assigned["article_event_id"], assigned["event_id"]))


def test_the_rules_fuse_reports_and_keep_rounds_apart():
    ids = _ids(clusters.cluster_events(EVENTS))
    assert ids["m1"] == ids["m2"] != ids["m3"]
    assert ids["m4"] not in {ids["m1"], ids["m3"]}
    assert ids["r1"] == ids["r2"]


def test_clustering_in_increments_gives_the_same_event_ids():
    early = EVENTS[EVENTS["article_id"].isin(["a1", "a4"])]
    first = clusters.cluster_events(early)
    later = clusters.cluster_events(EVENTS, first)
    assert set(later["article_event_id"]) == {"m2", "m3", "r2"}, "only new article events are clustered"
    assert {**_ids(first), **_ids(later)} == _ids(clusters.cluster_events(EVENTS))


def test_the_order_events_come_in_does_not_change_the_clusters():
    # One sentence of a6 states two meetings that a7's report could both join: it joins the
    # one first in the clustering order, whichever row DuckDB hands over first.
    events = pd.DataFrame([_event("m5", "a6", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV")),
                           _event("m6", "a6", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV", "TURGOV")),
                           _event("m7", "a7", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV"))])
    found = {tuple(sorted(_ids(clusters.cluster_events(events.iloc[list(order)])).items()))
             for order in ((0, 1, 2), (1, 0, 2), (2, 1, 0), (2, 0, 1))}
    assert len(found) == 1, found


def test_a_rerun_with_nothing_new_assigns_nothing():
    assert clusters.cluster_events(EVENTS, clusters.cluster_events(EVENTS)).empty


def test_only_clusters_near_a_new_event_in_time_are_replayed():
    first = clusters.cluster_events(EVENTS[EVENTS["article_id"] != "a3"])
    assigned = EVENTS.merge(first, on="article_event_id")
    new_rows = clusters._rows(EVENTS[EVENTS["article_id"] == "a3"].assign(event_id=None))
    near = clusters._near_in_time(assigned, new_rows)
    assert near.empty, "the March clusters cannot take an event of April 7"
    new_rows = clusters._rows(EVENTS[EVENTS["article_id"] == "a2"].assign(event_id=None))
    near = clusters._near_in_time(assigned, new_rows)
    assert set(near["article_event_id"]) == {"m1", "m2", "m4"}, "meetings within 14 days, no refusals"
