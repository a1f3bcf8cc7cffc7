"""Load stage: the run's Parquet files into the build warehouse's ``raw`` schema.

The only writer of the build file, in one transaction. A file already loaded is never
read again (discover skips it); a file whose content changed replaces what its previous
version produced; an article already present is not inserted twice.
"""
from __future__ import annotations

import functools
from pathlib import Path

import duckdb

from parley.read import ArticleFile
from parley.settings import settings

RAW_TABLES = """
create schema if not exists raw;
create table if not exists raw.articles (
    article_id varchar primary key, source_uri varchar not null, file_uri varchar not null,
    content_hash varchar not null, kind varchar not null, encoding varchar, title varchar, url varchar,
    site varchar, published date, date_source varchar, date_confidence double, language varchar,
    raw_text varchar not null, clean_text varchar not null, text_hash varchar not null, minhash ubigint[],
    run_id varchar not null, loaded_at timestamptz not null default now());
create table if not exists raw.article_sources (
    article_id varchar not null, source_uri varchar not null, file_uri varchar not null,
    content_hash varchar not null, url varchar, title varchar, published date, is_canonical boolean not null,
    run_id varchar not null, loaded_at timestamptz not null default now());
create table if not exists raw.event_mentions (
    article_id varchar not null, event_key varchar not null, event_type varchar not null,
    actor_code varchar, target_code varchar, participant_codes varchar[], host_code varchar,
    location varchar, event_date date, date_precision varchar, status varchar, meeting_name varchar,
    conditional boolean, evidence varchar not null, char_start integer not null, char_end integer not null,
    confidence double not null, run_id varchar not null);
-- the rules that made each event and set its status, date and place (extractors/data/rules.yaml);
-- added in place to a warehouse made before them, whose rows keep null there
alter table raw.event_mentions add column if not exists rule_id varchar;
alter table raw.event_mentions add column if not exists status_rule_id varchar;
alter table raw.event_mentions add column if not exists date_rule_id varchar;
alter table raw.event_mentions add column if not exists place_rule_id varchar;
alter table raw.event_mentions add column if not exists extractor_version varchar;
create table if not exists raw.actor_aliases (
    article_id varchar not null, actor_code varchar not null, alias varchar not null, run_id varchar not null);
create table if not exists raw.quarantine (
    source_uri varchar not null, file_uri varchar not null, content_hash varchar not null,
    reason varchar not null, detail varchar, quarantined_at timestamptz not null, run_id varchar not null);
create table if not exists raw.runs (
    run_id varchar primary key, files_discovered integer not null, items_read integer not null,
    sources_loaded integer not null, articles_loaded integer not null, duplicates integer not null,
    quarantined integer not null, mentions_loaded integer not null,
    loaded_at timestamptz not null default now());
"""


class NothingReadable(Exception):
    pass


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path), read_only=read_only)
    threads = settings().duckdb_threads
    if threads:  # set, not given as config: dbt's connection to the same file has none
        con.execute(f"set threads = {int(threads)}")
    return con


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    ensure_schema(con, RAW_TABLES)


def ensure_schema(con: duckdb.DuckDBPyConnection, ddl: str) -> None:
    """Bring a warehouse up to the tables and columns ``ddl`` declares, in place.

    The DDL creates the tables a warehouse lacks; the columns it declares that an existing
    table lacks (a warehouse made by an earlier release) are added to it, with their
    default. Additive only: no row and no column is ever dropped, so an upgrade keeps every
    row and every id. Every table declared with ``create table if not exists`` migrates this way.
    """
    con.execute(ddl)
    present = set(con.execute("""
        select table_schema, table_name, column_name from information_schema.columns
        where table_catalog = current_database()""").fetchall())
    for (schema, table, column), (data_type, default) in _declared_columns(ddl).items():
        if (schema, table, column) not in present:
            con.execute(f'alter table {schema}.{table} add column if not exists "{column}" {data_type}'
                        + (f" default {default}" if default is not None else ""))


@functools.cache
def _declared_columns(ddl: str) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    """(schema, table, column) -> (type, default) of what the DDL declares, read back from DuckDB itself."""
    with duckdb.connect(":memory:") as scratch:
        scratch.execute(ddl)
        rows = scratch.execute("""
            select table_schema, table_name, column_name, data_type, column_default
            from information_schema.columns order by table_schema, table_name, ordinal_position""").fetchall()
    return {(schema, table, column): (data_type, default) for schema, table, column, data_type, default in rows}


def _existing(db_path: Path, sql: str) -> list[tuple]:
    if not db_path.exists():
        return []
    with connect(db_path) as con:
        ensure_tables(con)
        return con.execute(sql).fetchall()


def known_files(db_path: Path) -> set[tuple[str, str]]:
    """(file or page URI, content hash) of everything already loaded or quarantined."""
    return set(_existing(db_path, "select file_uri, content_hash from raw.article_sources "
                                  "union select file_uri, content_hash from raw.quarantine"))


def new_files(files: list[ArticleFile], known: set[tuple[str, str]]) -> list[ArticleFile]:
    """Files not yet loaded or quarantined with this content."""
    return [f for f in files if (f.source_uri, f.content_hash) not in known]


def canonical_signatures(db_path: Path) -> list[tuple[str, str, list[int]]]:
    return _existing(db_path, "select article_id, text_hash, minhash from raw.articles")


def load_run(db_path: Path, run_dir: Path, run_id: str, batches: list[str], files_discovered: int) -> dict:
    articles = [str(b) for b in batches]
    mentions = [b.replace(".articles.parquet", ".mentions.parquet") for b in articles]
    aliases = [b.replace(".articles.parquet", ".aliases.parquet") for b in articles]
    failures = [b.replace(".articles.parquet", ".failures.parquet") for b in articles]
    with connect(db_path) as con:
        ensure_tables(con)
        con.execute("begin")
        con.execute("create temp table new_articles as select * from read_parquet(?)", [articles])
        con.execute("create temp table new_mentions as select * from read_parquet(?)", [mentions])
        con.execute("create temp table new_aliases as select * from read_parquet(?)", [aliases])
        con.execute("create temp table new_sources as select * from read_parquet(?)", [str(run_dir / "sources.parquet")])
        con.execute("create temp table new_quarantine as select * from read_parquet(?)",
                    [str(run_dir / "quarantine.parquet")])
        con.execute("create temp table failed_extractions as select * from read_parquet(?)", [failures])
        _quarantine_failed_extractions(con)
        _replace_changed_files(con)
        loaded = con.execute("""
            insert into raw.articles by name
            select *, ? as run_id from new_articles
            where article_id not in (select article_id from raw.articles)""", [run_id]).fetchone()[0]
        sources = _insert_new_items(con, "article_sources", "new_sources", run_id)
        mention_count = _insert_for_this_runs_articles(con, "event_mentions", "new_mentions", run_id)
        _insert_for_this_runs_articles(con, "actor_aliases", "new_aliases", run_id)
        quarantined = _insert_new_items(con, "quarantine", "new_quarantine", run_id)
        items = sources + quarantined
        if files_discovered and not sources:
            reasons = con.execute("select string_agg(distinct reason, ', ') from new_quarantine").fetchone()[0]
            con.execute("rollback")
            raise NothingReadable(f"nothing could be read from the {files_discovered} new file(s): "
                                  f"all were quarantined ({reasons})")
        con.execute("""
            insert or replace into raw.runs (run_id, files_discovered, items_read, sources_loaded, articles_loaded,
                                             duplicates, quarantined, mentions_loaded)
            values (?, ?, ?, ?, ?, ?, ?, ?)""",
                    [run_id, files_discovered, items, sources, loaded, sources - loaded, quarantined, mention_count])
        con.execute("commit")
    return {"files_discovered": files_discovered, "items_read": items, "sources_loaded": sources,
            "articles_loaded": loaded, "duplicates": sources - loaded, "quarantined": quarantined,
            "mentions_loaded": mention_count}


def _quarantine_failed_extractions(con: duckdb.DuckDBPyConnection) -> None:
    """An article whose extraction failed is not loaded: each of its sources is quarantined."""
    con.execute("""
        insert into new_quarantine by name
        select s.source_uri, s.file_uri, s.content_hash, f.reason, f.detail, now() as quarantined_at
        from new_sources s join failed_extractions f using (article_id)""")
    for table in ("new_sources", "new_articles", "new_mentions", "new_aliases"):
        con.execute(f"delete from {table} where article_id in (select article_id from failed_extractions)")


def _insert_new_items(con: duckdb.DuckDBPyConnection, table: str, staged: str, run_id: str) -> int:
    """Rows of items (a source or a quarantined item) not yet in the table with this content."""
    return con.execute(f"""
        insert into raw.{table} by name
        select *, ? as run_id from {staged} n
        where not exists (select 1 from raw.{table} t
                          where t.source_uri = n.source_uri and t.content_hash = n.content_hash)""",
                       [run_id]).fetchone()[0]


def _insert_for_this_runs_articles(con: duckdb.DuckDBPyConnection, table: str, staged: str, run_id: str) -> int:
    """Rows of the articles this run loaded, unless an article already has rows there."""
    return con.execute(f"""
        insert into raw.{table} by name
        select n.*, ? as run_id from {staged} n
        where n.article_id in (select article_id from raw.articles where run_id = ?)
          and not exists (select 1 from raw.{table} t where t.article_id = n.article_id)""",
                       [run_id, run_id]).fetchone()[0]


def _replace_changed_files(con: duckdb.DuckDBPyConnection) -> None:
    """A file read again (its content changed): drop what its previous version produced."""
    con.execute("""
        create temp table changed as
        select file_uri from new_sources union select file_uri from new_quarantine""")
    con.execute("delete from raw.article_sources where file_uri in (select file_uri from changed)")
    con.execute("delete from raw.quarantine where file_uri in (select file_uri from changed)")
    con.execute("""
        create temp table orphaned as
        select article_id from raw.articles
        where article_id not in (select article_id from raw.article_sources union select article_id from new_sources)""")
    con.execute("delete from raw.event_mentions where article_id in (select article_id from orphaned)")
    con.execute("delete from raw.actor_aliases where article_id in (select article_id from orphaned)")
    con.execute("delete from raw.articles where article_id in (select article_id from orphaned)")
