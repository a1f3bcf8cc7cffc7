"""Query results as CSV or JSON on standard output, for `parley sql --format`."""
from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from decimal import Decimal

FORMATS = ("table", "csv", "json")


def _plain(value):
    """A value JSON can hold: dates as ISO text, lists and structs as themselves."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value) -> str:
    """A CSV cell: nulls empty, lists and structs as JSON, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(_plain(value), ensure_ascii=False)
    return str(_plain(value))


def write_rows(columns: list[str], rows: list[tuple], fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "csv":
        # Every text field quoted, numbers bare: evidence sentences hold commas and quotes.
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([v if isinstance(v, (int, float)) and not isinstance(v, bool) else _cell(v) for v in row])
    elif fmt == "json":
        json.dump([{c: _plain(v) for c, v in zip(columns, row)} for row in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")
