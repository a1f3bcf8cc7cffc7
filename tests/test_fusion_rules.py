"""The fusion rules (parley/fusion.py, which the dbt model int_event_clusters calls), run on
their own: each rule, the index that finds a report's candidates, and clustering in
increments, as incremental runs do, giving the event ids one full run gives."""
import random
from datetime import date, timedelta

import pandas as pd
import pytest

from parley import fusion


def _event(event_id, article, day, kind="meeting", parties=("IRNGOV", "IRQGOV"), location="Baghdad", actor=None,
           target=None, event_date="same", status="held", name=None):
    return {"article_event_id": event_id, "article_id": article, "article_date": day, "event_type": kind,
            "actor_code": actor, "target_code": target, "participant_codes": list(parties), "host_code": None,
            "location": location, "event_date": day if event_date == "same" else event_date,
            "meeting_name": name, "status": status, "char_start": 0, "source_uri": f"/corpus/{article}.txt"}


def _report(event_id, article, day, **fields):
    return fusion.Report(event_id=None, **_event(event_id, article, day, **fields))


def _cluster_of(*reports):
    cluster = fusion.Cluster(id=reports[0].article_event_id, first=reports[0])
    for report in reports:
        cluster.absorb(report)
    return cluster


EVENTS = pd.DataFrame([
    _event("m1", "a1", date(2020, 3, 2)), _event("m2", "a2", date(2020, 3, 3)),
    _event("m3", "a3", date(2020, 4, 7)),  # the next round, a month later
    _event("m4", "a4", date(2020, 3, 3), parties=("TURGOV", "GRCGOV"), location="Ankara"),
    _event("r1", "a1", date(2020, 3, 2), kind="refusal", parties=(), location=None, actor="SYROPP"),
    _event("r2", "a5", date(2020, 3, 4), kind="refusal", parties=(), location=None, actor="SYROPP"),
])


def _ids(assigned: pd.DataFrame) -> dict:
    return dict(zip(assigned["article_event_id"], assigned["event_id"]))


@pytest.mark.parametrize("mine, theirs, agree", [
    ({"IRN", "IRQ"}, {"IRN", "IRQ", "TUR"}, True),   # one holds the other
    ({"IRN", "IRQ", "SYR"}, {"IRN", "IRQ", "TUR"}, True),  # they share two
    ({"IRN", "SYR"}, {"IRN", "TUR"}, False),         # one in common is not enough
    (set(), {"IRN", "IRQ"}, False),                   # unknown parties agree with nothing
    (set(), set(), False),
])
def test_parties_agree(mine, theirs, agree):
    assert fusion.parties_agree(mine, theirs) is agree
    assert fusion.parties_agree(theirs, mine) is agree


def test_the_date_rules_hold_up_to_their_width_and_no_further():
    day = date(2020, 3, 10)
    assert fusion.EVENT_DAYS.holds(day, day + timedelta(days=2)) and not fusion.EVENT_DAYS.holds(day, day - timedelta(days=3))
    assert fusion.REPORT_DAYS.holds(day, day - timedelta(days=14)) and not fusion.REPORT_DAYS.holds(day, day + timedelta(days=15))
    assert fusion.EVENT_DAYS.around(day) == tuple(day + timedelta(days=n) for n in range(-2, 3))


def test_a_report_has_the_countries_of_its_codes_as_parties():
    report = _report("m", "a", date(2020, 1, 1), parties=("IRNGOV", "IGOUNO", "GRP:HEZ"), actor="IRQGOVFOR")
    assert report.parties == {"IRN", "IGOUNO", "GRP:HEZ", "IRQ"}


MARCH_2 = date(2020, 3, 2)


@pytest.mark.parametrize("report, compatible", [
    (_report("x", "b", date(2020, 3, 4)), True),                          # event dates 2 days apart
    (_report("x", "b", date(2020, 3, 5)), False),                         # 3 days apart
    (_report("x", "a", date(2020, 3, 2)), False),                         # the same article
    (_report("x", "b", MARCH_2, location="Ankara"), False),               # another place
    (_report("x", "b", MARCH_2, location=None), True),                    # place unknown
    (_report("x", "b", MARCH_2, name="Astana talks"), True),              # name unknown to the cluster
    (_report("x", "b", MARCH_2, parties=("IRNGOV", "TURGOV")), False),    # parties disagree
    (_report("x", "b", date(2020, 3, 16), event_date=None), True),        # undated, reported 14 days later
    (_report("x", "b", date(2020, 3, 17), event_date=None), False),       # 15 days later
    (_report("x", "b", None, event_date=None), True),                     # no dates, the same place
    (_report("x", "b", None, event_date=None, location=None), False),     # no dates, nothing shared
])
def test_a_meeting_cluster_takes_what_the_rules_allow(report, compatible):
    cluster = _cluster_of(_report("m", "a", MARCH_2, event_date=None))
    cluster.event_date = MARCH_2 if report.event_date else None
    assert fusion.compatible(cluster, report) is compatible


@pytest.mark.parametrize("fields, compatible", [
    ({}, True),
    ({"actor": "TURGOV"}, False),                       # another actor
    ({"target": "IRNGOV"}, False),                      # another target
    ({"target": None}, True),                           # target unknown
    ({"kind": "invitation", "actor": None, "target": "USAGOV"}, True),       # inviter unknown
    ({"kind": "invitation", "target": "USAGOV", "status": "declined"}, False),  # another status
    ({"kind": "invitation", "actor": "SYRGOV", "target": "FRAGOV"}, False),  # another invitee
])
def test_answers_and_invitations_fuse_on_their_actors(fields, compatible):
    first_fields = {"kind": "refusal", "actor": "SYRGOV", "target": "USAGOV", "parties": (), "location": None}
    if fields.get("kind") == "invitation":
        first_fields["kind"] = "invitation"
    cluster = _cluster_of(_report("r", "a", MARCH_2, **first_fields))
    assert fusion.compatible(cluster, _report("x", "b", MARCH_2, **{**first_fields, **fields})) is compatible


def _random_events(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    codes = ["IRNGOV", "IRQGOV", "TURGOV", "SYRGOV", "IGOUNO"]
    events = []
    for n in range(count):
        day = rng.choice([None, date(2020, 3, 1) + timedelta(days=rng.randrange(60))])
        event_date = rng.choice([None, "same", day and day + timedelta(days=rng.randrange(-4, 5))])
        kind = rng.choice(["meeting", "refusal", "invitation"])
        events.append(_event(f"e{n}", f"a{rng.randrange(count // 2)}", day, kind=kind,
                             parties=rng.sample(codes, rng.randrange(4)) if kind == "meeting" else (),
                             location=rng.choice([None, "Baghdad", "Ankara"]), actor=rng.choice([None, *codes]),
                             target=rng.choice([None, *codes]), event_date=event_date,
                             status=rng.choice(["held", "planned"]), name=rng.choice([None, None, "Astana talks"])))
    return events


def _scan(replayed: list, new: list) -> dict:
    """Clustering by the rules alone, no index: each new report is compared with every cluster."""
    clusters = {}
    for report in replayed:
        clusters.setdefault(report.event_id, fusion.Cluster(id=report.event_id, first=report)).absorb(report)
    ids = {}
    for report in new:
        cluster = next((c for c in clusters.values() if fusion.compatible(c, report)), None)
        if cluster is None:
            cluster = clusters[report.article_event_id] = fusion.Cluster(id=report.article_event_id, first=report)
        cluster.absorb(report)
        ids[report.article_event_id] = cluster.id
    return ids


@pytest.mark.parametrize("seed", range(5))
def test_the_index_finds_the_clusters_a_scan_of_every_cluster_finds(seed):
    events = pd.DataFrame(_random_events(seed, 300))
    ids = _ids(fusion.cluster_events(events))
    assert ids == _scan([], fusion._reports(events.assign(event_id=None)))
    assert len(set(ids.values())) < len(ids), "some reports fused"


@pytest.mark.parametrize("seed", range(5))
def test_a_run_adds_to_earlier_clusters_as_a_scan_of_every_cluster_does(seed):
    # Only the clusters near a new report are replayed (_near_in_time, _joinable) and
    # looked up (the index): none that the rules would let a new report join is left out.
    events = pd.DataFrame(_random_events(seed, 300))
    early = events[events["article_id"].isin([f"a{n}" for n in range(100)])]
    assigned = fusion.cluster_events(early)
    new = events[~events["article_event_id"].isin(assigned["article_event_id"])]
    expected = _scan(fusion._reports(early.merge(assigned, on="article_event_id")),
                     fusion._reports(new.assign(event_id=None)))
    assert _ids(fusion.cluster_events(events, assigned)) == expected
    assert set(expected.values()) & set(assigned["event_id"]), "new reports joined earlier clusters"


def test_the_rules_fuse_reports_and_keep_rounds_apart():
    ids = _ids(fusion.cluster_events(EVENTS))
    assert ids["m1"] == ids["m2"] != ids["m3"]
    assert ids["m4"] not in {ids["m1"], ids["m3"]}
    assert ids["r1"] == ids["r2"]


def test_clustering_in_increments_gives_the_same_event_ids():
    early = EVENTS[EVENTS["article_id"].isin(["a1", "a4"])]
    first = fusion.cluster_events(early)
    later = fusion.cluster_events(EVENTS, first)
    assert set(later["article_event_id"]) == {"m2", "m3", "r2"}, "only new article events are clustered"
    assert {**_ids(first), **_ids(later)} == _ids(fusion.cluster_events(EVENTS))


def test_the_order_events_come_in_does_not_change_the_clusters():
    # One sentence of a6 states two meetings that a7's report could both join: it joins the
    # one first in the clustering order, whichever row DuckDB hands over first.
    events = pd.DataFrame([_event("m5", "a6", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV")),
                           _event("m6", "a6", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV", "TURGOV")),
                           _event("m7", "a7", date(2020, 5, 4), parties=("IRNGOV", "IRQGOV"))])
    found = {tuple(sorted(_ids(fusion.cluster_events(events.iloc[list(order)])).items()))
             for order in ((0, 1, 2), (1, 0, 2), (2, 1, 0), (2, 0, 1))}
    assert len(found) == 1, found


def test_a_rerun_with_nothing_new_assigns_nothing():
    assert fusion.cluster_events(EVENTS, fusion.cluster_events(EVENTS)).empty


def test_only_clusters_near_a_new_event_in_time_are_replayed():
    first = fusion.cluster_events(EVENTS[EVENTS["article_id"] != "a3"])
    assigned = EVENTS.merge(first, on="article_event_id")
    new = fusion._reports(EVENTS[EVENTS["article_id"] == "a3"].assign(event_id=None))
    near = fusion._near_in_time(assigned, new)
    assert near.empty, "the March clusters cannot take an event of April 7"
    new = fusion._reports(EVENTS[EVENTS["article_id"] == "a2"].assign(event_id=None))
    near = fusion._near_in_time(assigned, new)
    assert set(near["article_event_id"]) == {"m1", "m2", "m4"}, "meetings within 14 days, no refusals"
    joinable = fusion._joinable(fusion._reports(near), new)
    assert {r.article_event_id for r in joinable} == {"m1", "m2"}, "Ankara's meeting shares no party with a2's"
