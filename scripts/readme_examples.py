"""Run the example questions in docs/examples.sql against a warehouse and write them, with
their real output, into README.md between the example markers.

    .venv/bin/python scripts/readme_examples.py [WAREHOUSE] [--check]

--check exits 1 when the README does not show what the queries print (the tests use it).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
START, END = "<!-- examples:start -->", "<!-- examples:end -->"


def examples() -> list[tuple[str, str]]:
    text = (REPO / "docs" / "examples.sql").read_text()
    blocks = [b.strip() for b in text.split(";") if b.strip()]
    return [(re.match(r"--\s*(.*)", b).group(1), b) for b in blocks]


def cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render(warehouse: Path) -> str:
    parts = [START]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for question, sql in examples():
            cursor = con.execute(sql)
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            parts += [f"**{question}**", "", "```sql", sql, "```", "",
                      "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            parts += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
            parts.append("")
    parts.append(END)
    return "\n".join(parts)


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    warehouse = Path(args[0]) if args else REPO / "warehouse" / "parley.duckdb"
    readme = (REPO / "README.md").read_text()
    current = readme[readme.index(START):readme.index(END) + len(END)]
    fresh = render(warehouse)
    if "--check" in sys.argv:
        if current != fresh:
            print("README examples differ from what the queries print:\n" + fresh)
            return 1
        return 0
    (REPO / "README.md").write_text(readme.replace(current, fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main())
