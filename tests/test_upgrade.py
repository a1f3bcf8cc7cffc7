"""A warehouse made by an earlier release is migrated in place by the next run.

tests/data/warehouse-6e8798d/ holds what `parley run` of commit 6e8798d (the release before
this round of work) made from the bundled samples: the warehouse (gzipped) and the
validation history beside it. The checks are generic, so that columns and tables added later
migrate under the same test: every declared column exists, every table keeps its columns,
every row of the tables a run keeps survives, and every event id stays.
"""
import gzip
import shutil

import duckdb
import pytest

from conftest import REPO, SAMPLES, query, run_parley
from parley.dq_history import HISTORY_DDL
from parley.load import RAW_TABLES, _declared_columns, ensure_tables

OLD_RELEASE = REPO / "tests" / "data" / "warehouse-6e8798d"


def _tables(warehouse) -> dict[str, list[str]]:
    rows = query(warehouse, """
        select c.table_schema || '.' || c.table_name, list(c.column_name order by c.ordinal_position)
        from information_schema.columns c join information_schema.tables t using (table_catalog, table_schema, table_name)
        where t.table_type = 'BASE TABLE' group by 1""")
    return dict(rows)


def _kept_across_runs(table: str) -> bool:
    """What a run adds to rather than rebuilds: the loaded rows, the incremental models, the history."""
    schema, name = table.split(".")
    return schema == "raw" or name.startswith("int_") or name == "dq_validation_runs"


@pytest.mark.slow
def test_a_warehouse_of_the_last_release_is_migrated_in_place_by_the_next_run(tmp_path):
    warehouse = tmp_path / "parley.duckdb"
    with gzip.open(OLD_RELEASE / "parley.duckdb.gz") as packed, warehouse.open("wb") as out:
        shutil.copyfileobj(packed, out)
    (tmp_path / "parley.duckdb.parley").mkdir()
    shutil.copy(OLD_RELEASE / "dq_validation_runs.jsonl", tmp_path / "parley.duckdb.parley")
    old = tmp_path / "old.duckdb"
    shutil.copy(warehouse, old)
    old_tables = _tables(old)
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES, inbox)
    (inbox / "upgrade-day.txt").write_text(
        "VIENNA, March 4 (Parley) - Austria invited Portugal to talks in Vienna next week, the Austrian\n"
        "foreign ministry said on Tuesday.\n")

    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr

    new_tables = _tables(warehouse)
    declared = {*_declared_columns(RAW_TABLES), *_declared_columns(HISTORY_DDL)}
    missing = {(s, t, c) for s, t, c in declared if c not in new_tables.get(f"{s}.{t}", [])}
    assert not missing, missing
    for table, columns in old_tables.items():
        assert set(columns) <= set(new_tables.get(table, [])), f"{table} lost columns or is gone"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{old}' as old (read_only)")
        for table, columns in old_tables.items():
            if _kept_across_runs(table):
                names = ", ".join(f'"{c}"' for c in columns)
                lost = con.execute(f"select count(*) from (select {names} from old.{table} "
                                   f"except all select {names} from {table})").fetchone()[0]
                assert lost == 0, f"{lost} row(s) of {table} lost or changed"
        gone = con.execute("select count(*) from (select distinct event_id from old.main.event_mentions "
                           "except select event_id from main.event_mentions)").fetchone()[0]
        assert gone == 0, f"{gone} event id(s) gone"
        added = con.execute("select count(*) from raw.articles where source_uri like '%upgrade-day.txt'").fetchone()[0]
        assert added == 1, "the run after the upgrade loads new articles too"


def test_ensure_tables_adds_the_declared_columns_an_older_table_lacks_and_keeps_its_rows(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create schema raw")
        con.execute("create table raw.runs (run_id varchar primary key, files_discovered integer not null)")
        con.execute("insert into raw.runs values ('run-1', 3)")
        ensure_tables(con)
        columns = dict(con.execute("select column_name, data_type from information_schema.columns "
                                   "where table_schema = 'raw' and table_name = 'runs'").fetchall())
        declared = {c: t for (s, table, c), (t, _) in _declared_columns(RAW_TABLES).items() if table == "runs"}
        assert columns == declared
        assert con.execute("select run_id, files_discovered, loaded_at is not null from raw.runs").fetchall() == [
            ("run-1", 3, True)]  # the new column's default fills the old row
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'raw'").fetchall()}
        assert tables == {t for _, t, _ in _declared_columns(RAW_TABLES)}
        ensure_tables(con)  # twice is once
        assert con.execute("select count(*) from raw.runs").fetchone()[0] == 1
