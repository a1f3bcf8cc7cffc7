"""Load stage: the batches' Parquet files into the build warehouse's ``raw`` schema.

The only writer of the build file. One transaction for the whole run: an article whose
content is already loaded is skipped, so a rerun adds nothing; a file whose content
changed replaces what its previous version produced.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from parley.read import ArticleFile

RAW_TABLES = """
create schema if not exists raw;
create table if not exists raw.articles (
    article_id varchar primary key, source_uri varchar not null, content_hash varchar not null,
    title varchar, published date, date_source varchar, date_confidence double,
    raw_text varchar not null, clean_text varchar not null, run_id varchar not null,
    loaded_at timestamptz not null default now());
create table if not exists raw.event_mentions (
    article_id varchar not null, event_key varchar not null, event_type varchar not null,
    actor_code varchar, target_code varchar, participant_codes varchar[], host_code varchar,
    location varchar, event_date date, date_precision varchar, status varchar, meeting_name varchar,
    conditional boolean, evidence varchar not null, char_start integer not null, char_end integer not null,
    confidence double not null, run_id varchar not null);
create table if not exists raw.quarantine (
    source_uri varchar not null, content_hash varchar not null, reason varchar not null,
    detail varchar, quarantined_at timestamptz not null, run_id varchar not null);
create table if not exists raw.runs (
    run_id varchar primary key, files_discovered integer not null, articles_loaded integer not null,
    articles_extracted integer not null, quarantined integer not null, mentions_loaded integer not null,
    loaded_at timestamptz not null default now());
"""


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_TABLES)


def known_files(db_path: Path) -> set[tuple[str, str]]:
    """(source_uri, content_hash) of every file already loaded or quarantined."""
    if not db_path.exists():
        return set()
    with connect(db_path) as con:
        ensure_tables(con)
        rows = con.execute("select source_uri, content_hash from raw.articles "
                           "union select source_uri, content_hash from raw.quarantine").fetchall()
    return set(rows)


def new_files(files: list[ArticleFile], db_path: Path) -> list[ArticleFile]:
    known = known_files(db_path)
    return [f for f in files if (f.source_uri, f.content_hash) not in known]


def load_run(db_path: Path, run_id: str, batch_results: list[dict], files_discovered: int) -> dict:
    articles = [r["files"]["articles"] for r in batch_results]
    mentions = [r["files"]["mentions"] for r in batch_results]
    quarantine = [r["files"]["quarantine"] for r in batch_results]
    with connect(db_path) as con:
        ensure_tables(con)
        if not batch_results:
            con.execute("insert or replace into raw.runs (run_id, files_discovered, articles_loaded, "
                        "articles_extracted, quarantined, mentions_loaded) values (?, ?, 0, 0, 0, 0)",
                        [run_id, files_discovered])
            return {"articles_loaded": 0, "articles_extracted": 0, "quarantined": 0, "mentions_loaded": 0,
                    "files_discovered": files_discovered}
        con.execute("begin")
        con.execute("create temp table new_articles as select * from read_parquet(?)", [articles])
        con.execute("create temp table new_mentions as select * from read_parquet(?)", [mentions])
        con.execute("create temp table new_quarantine as select * from read_parquet(?)", [quarantine])
        # A file whose content changed: what its previous version produced goes.
        con.execute("""
            create temp table replaced as
            select a.article_id from raw.articles a join new_articles n using (source_uri)
            where a.content_hash <> n.content_hash
            union all
            select a.article_id from raw.articles a join new_quarantine q using (source_uri)""")
        con.execute("delete from raw.event_mentions where article_id in (select article_id from replaced)")
        con.execute("delete from raw.articles where article_id in (select article_id from replaced)")
        con.execute("delete from raw.quarantine where source_uri in "
                    "(select source_uri from new_articles union select source_uri from new_quarantine)")
        loaded = con.execute("""
            insert into raw.articles by name
            select * exclude (rn), ? as run_id from (
                select *, row_number() over (partition by article_id order by source_uri) rn from new_articles)
            where rn = 1 and article_id not in (select article_id from raw.articles)""", [run_id]).fetchone()[0]
        mention_count = con.execute("""
            insert into raw.event_mentions by name
            select m.*, ? as run_id from new_mentions m
            where m.article_id in (select article_id from raw.articles where run_id = ?)
              and not exists (select 1 from raw.event_mentions e where e.article_id = m.article_id)
            qualify row_number() over (partition by m.article_id, m.event_key, m.char_start) = 1""",
                                    [run_id, run_id]).fetchone()[0]
        quarantined = con.execute("insert into raw.quarantine by name select *, ? as run_id from new_quarantine",
                                  [run_id]).fetchone()[0]
        extracted = con.execute("select count(*) from new_articles").fetchone()[0]
        con.execute("""
            insert or replace into raw.runs (run_id, files_discovered, articles_loaded, articles_extracted,
                                             quarantined, mentions_loaded)
            values (?, ?, ?, ?, ?, ?)""", [run_id, files_discovered, loaded, extracted, quarantined, mention_count])
        con.execute("commit")
    return {"articles_loaded": loaded, "articles_extracted": extracted, "quarantined": quarantined,
            "mentions_loaded": mention_count, "files_discovered": files_discovered}
