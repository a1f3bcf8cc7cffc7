"""Which real-world event each article event belongs to: the fusion rules are in
parley/fusion.py."""
from parley.fusion import COLUMNS, cluster_events


def model(dbt, session):
    # Incremental: the events of earlier runs keep their event ids; only new article
    # events are clustered (against the clusters they could join), so the cost follows them.
    dbt.config(materialized="incremental", unique_key="article_event_id")
    events = dbt.ref("int_article_events").project(", ".join(c for c in COLUMNS if c not in ("event_id", "source_uri")))
    sources = dbt.ref("stg_articles").project("article_id as article_of_source, source_uri")
    events = events.join(sources, "article_id = article_of_source").project(", ".join(c for c in COLUMNS if c != "event_id")).df()
    assigned = session.sql(f"select * from {dbt.this}").df() if dbt.is_incremental else None
    return cluster_events(events, assigned)
