"""Re-extraction: the stored articles read again by the current extractor (after a lexicon
or rule change), through the same DAG as a run (`mode = "reextract"`): its discover step
writes the warehouse's articles into batches instead of reading new files, extraction is
the same, and its load step replaces those articles' mentions and aliases. Validation,
dbt (which applies the analysts' corrections again), publishing and the report follow as
in any run.

Event ids stay where the event is unchanged: a re-extracted event that has a sentence of
an earlier event of its article and type (the same offsets) takes that event's key, so its
article event id (md5 of article id and key), and with it its fused event id, is the old one.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from parley.load import connect, ensure_tables

BATCH_SCHEMA = pa.schema([("article_id", pa.string()), ("clean_text", pa.string()), ("published", pa.date32())])


def prepare_batches(db_path: Path, run_dir: Path, batch_size: int) -> dict:
    """Every stored article, in batches for the mapped extraction, as discover writes them."""
    with connect(db_path) as con:
        ensure_tables(con)
        articles = con.execute("select article_id, clean_text, published from raw.articles "
                               "order by article_id").arrow().read_all().cast(BATCH_SCHEMA)
    batches = []
    for number, start in enumerate(range(0, max(articles.num_rows, 1), batch_size)):
        path = run_dir / f"batch-{number:05d}.articles.parquet"
        pq.write_table(articles.slice(start, batch_size), path)
        batches.append(str(path))
    return {"batches": batches, "articles": articles.num_rows, "sources": 0, "duplicates": 0, "quarantined": 0,
            "reasons": []}


def load_reextracted(db_path: Path, run_dir: Path, run_id: str, batches: list[str]) -> dict:
    """Replace the re-extracted articles' mentions and aliases in one transaction."""
    articles = pq.read_table(batches, columns=["article_id"]).column("article_id").to_pylist()
    # Beside each batch, as parley.extract writes them (not imported: it would load spaCy).
    new = pq.read_table([b.replace(".articles.parquet", ".mentions.parquet") for b in batches])
    aliases = [b.replace(".articles.parquet", ".aliases.parquet") for b in batches]
    with connect(db_path) as con:
        ensure_tables(con)
        old = con.execute("select article_id, event_key, event_type, char_start, char_end from raw.event_mentions"
                          ).fetchall()
        keyed = new.set_column(new.schema.get_field_index("event_key"), "event_key",
                               pa.array(stable_keys(old, new.to_pylist()), pa.string()))
        con.register("new_mentions", keyed)
        con.execute("begin")
        con.execute("create temp table reextracted as select unnest(?::varchar[]) as article_id", [articles])
        con.execute("delete from raw.event_mentions where article_id in (select article_id from reextracted)")
        con.execute("delete from raw.actor_aliases where article_id in (select article_id from reextracted)")
        mentions = con.execute("insert into raw.event_mentions by name select *, ? as run_id from new_mentions",
                               [run_id]).fetchone()[0]
        _forget_fused_events_gone(con)
        con.execute("insert into raw.actor_aliases by name select *, ? as run_id from read_parquet(?)",
                    [run_id, aliases])
        con.execute("""
            insert or replace into raw.runs (run_id, files_discovered, items_read, sources_loaded, articles_loaded,
                                             duplicates, quarantined, mentions_loaded)
            values (?, 0, 0, 0, 0, 0, 0, ?)""", [run_id, mentions])
        con.execute("commit")
        con.unregister("new_mentions")
    return {"files_discovered": 0, "items_read": 0, "sources_loaded": 0, "articles_loaded": 0, "duplicates": 0,
            "quarantined": 0, "mentions_loaded": mentions, "articles_reextracted": len(articles)}


def _forget_fused_events_gone(con) -> None:
    """An article event the extractor no longer finds leaves int_event_clusters (which dbt
    keeps incremental, so that fused ids stay) as it leaves int_article_events (which the
    re-extraction's dbt build rebuilds). Its id: md5(article_id:event_key), as stg_event_mentions."""
    exists = con.execute("select count(*) from information_schema.tables where table_schema = 'intermediate' "
                         "and table_name = 'int_event_clusters'").fetchone()[0]
    if exists:
        con.execute("""
            delete from intermediate.int_event_clusters
            where article_event_id not in (select md5(article_id || ':' || event_key) from raw.event_mentions)""")


def stable_keys(old: list[tuple], new: list[dict]) -> list[str]:
    """The event key of each new mention: its own key when the earlier event of that key
    had one of its sentences (same type and offsets), else the key of another earlier event
    of its article that had one, else a key no earlier event of the article had: an event
    that is new must not take the id (and the corrections) of another."""
    old_spans, keys_of_span, old_keys = defaultdict(set), defaultdict(list), defaultdict(set)
    for article, key, kind, start, end in old:
        old_spans[(article, key)].add((kind, start, end))
        keys_of_span[(article, kind, start, end)].append(key)
        old_keys[article].add(key)
    groups = defaultdict(set)  # (article, new key) -> its sentences' (type, start, end)
    for row in new:
        groups[(row["article_id"], row["event_key"])].add((row["event_type"], row["char_start"], row["char_end"]))
    renamed, taken = {}, defaultdict(set)
    for (article, key), spans in groups.items():
        if spans & old_spans.get((article, key), set()):
            renamed[(article, key)] = key
            taken[article].add(key)
    for (article, key), spans in groups.items():
        if (article, key) in renamed:
            continue
        earlier = [k for span in sorted(spans) for k in keys_of_span.get((article, *span), [])
                   if k not in taken[article]]
        candidate, number = (earlier[0], 1) if earlier else (key, 1)
        while not earlier and (candidate in taken[article] or candidate in old_keys[article]):
            candidate, number = f"{key}.{number}", number + 1
        renamed[(article, key)] = candidate
        taken[article].add(candidate)
    return [renamed[(row["article_id"], row["event_key"])] for row in new]
