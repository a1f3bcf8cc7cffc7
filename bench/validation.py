"""Benchmark: validate 1,000,000 loaded event rows with the staging suite (Great
Expectations over DataFrames that DuckDB hands over through Arrow), next to the same
checks written as plain DuckDB SQL.

Why the DataFrame path: GX's SQL path would run the expectations inside DuckDB, but it
needs a SQLAlchemy dialect for DuckDB, and with duckdb-engine 0.17.0 (the latest), SQLAlchemy
2.1 and GX 1.24 every metric fails ("MetricResolutionError: list index out of range": the
bundled metric query returns no row). The DataFrame path costs a couple of seconds at a
million rows, which this script measures (GX's time includes recording every expectation's
result in dq_expectation_results).

    .venv/bin/python bench/validation.py [--rows 1000000]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from parley.contract import EVENT_TYPES, STATUSES
from parley.load import ensure_tables
from parley.validate import validate
from parley.workspace import Workspace

ARTICLES = 10_000

SQL_CHECKS = """
with m as ({query})
select
  count(*) filter (where article_id is null) as null_article,
  count(*) filter (where event_type not in {event_types}) as bad_type,
  count(*) filter (where status is not null and status not in {statuses}) as bad_status,
  count(*) filter (where not regexp_full_match(actor_code, '{regex}')) as bad_actor,
  count(*) filter (where not regexp_full_match(target_code, '{regex}')) as bad_target,
  count(*) filter (where confidence < 0 or confidence > 1) as bad_confidence,
  count(*) filter (where not evidence_at_offsets) as evidence_missing,
  count(*) filter (where not has_article) as orphan,
  count(*) filter (where abs(days_from_article_date) > {window}) as far_date
from m
"""


def build_warehouse(path: Path, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        ensure_tables(con)
        con.execute(f"""
            insert into raw.articles (article_id, source_uri, file_uri, content_hash, kind, title, published,
                                      raw_text, clean_text, text_hash, run_id)
            select 'a' || i, '/bench/' || i || '.txt', '/bench/' || i || '.txt', md5(i::varchar), 'text',
                   'Title ' || i, date '2013-11-08',
                   'Russia declined to attend the talks in Moscow. Talks were held in Geneva on Monday.',
                   'Russia declined to attend the talks in Moscow. Talks were held in Geneva on Monday.',
                   md5(i::varchar), 'bench'
            from range({ARTICLES}) t(i)""")
        con.execute(f"""
            insert into raw.event_mentions
            select 'a' || (i % {ARTICLES}), (['meeting', 'refusal', 'invitation', 'acceptance'])[i % 4 + 1] || '-' || i,
                   (['meeting', 'refusal', 'invitation', 'acceptance'])[i % 4 + 1],
                   'RUSGOV', 'SYROPP', ['RUSGOV', 'SYROPP'], null, 'Moscow', date '2013-11-11', 'day',
                   case when i % 4 = 0 then 'planned' when i % 4 = 2 then 'extended' end, null, false,
                   'Russia declined to attend the talks in Moscow.', 0, 46, 0.8, 'bench',
                   (['meeting.noun', 'refusal.refusal_verb', 'invitation.invited', 'acceptance.agreed_to_meet'])[i % 4 + 1],
                   null, null, null, 'bench'
            from range({rows}) t(i)""")
        con.execute(f"insert into raw.runs values ('bench', {ARTICLES}, {ARTICLES}, {ARTICLES}, {ARTICLES}, 0, 0, {rows}, now())")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from expectations.suites import ACTOR_CODE, DATE_WINDOW_DAYS, STAGING

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "bench.duckdb", "bench")
        ws.build_db.parent.mkdir(parents=True)
        started = time.perf_counter()
        build_warehouse(ws.build_db, args.rows)
        print(f"built {args.rows:,} event rows over {ARTICLES:,} articles in {time.perf_counter() - started:.1f}s")

        started = time.perf_counter()
        results = validate("staging", ws, "bench")
        gx_seconds = time.perf_counter() - started
        staging = [r for r in results if r.suite == "staging"]
        rows = sum({r.table_name: r.rows_checked for r in staging}.values())
        print(f"Great Expectations, staging suite: {gx_seconds:.1f}s for {len(staging)} expectations over "
              f"{rows:,} rows (and {len(results) - len(staging)} health checks), "
              f"all passed: {all(r.success for r in results)}")

        mentions = next(c for c in STAGING if c.name == "staging.event_mentions")
        sql = SQL_CHECKS.format(query=mentions.query, regex=ACTOR_CODE.replace("'", "''"), window=DATE_WINDOW_DAYS,
                                event_types=EVENT_TYPES, statuses=STATUSES)
        started = time.perf_counter()
        with duckdb.connect(str(ws.build_db), read_only=True) as con:
            violations = con.execute(sql).fetchone()
            con.execute("select count(*) - count(distinct article_id) from raw.articles").fetchone()
        sql_seconds = time.perf_counter() - started
        print(f"plain DuckDB SQL, same mention checks: {sql_seconds:.2f}s, violations: {sum(violations)}")
        print(f"ratio GX / SQL: {gx_seconds / sql_seconds:.0f}x")


if __name__ == "__main__":
    main()
