"""Places as written resolved offline: country code, coordinates and kind."""
import pytest

from parley.places import resolve


def test_a_city_and_its_country_share_the_country_code():
    tunis, tunisia = resolve("Tunis"), resolve("Tunisia")
    assert (tunis.kind, tunisia.kind) == ("city", "country")
    assert tunis.country_code == tunisia.country_code == "TUN"
    assert tunis.latitude == pytest.approx(36.8, abs=0.1) and tunis.longitude == pytest.approx(10.2, abs=0.1)


@pytest.mark.parametrize("written, code, kind", [
    ("Geneva", "CHE", "city"),
    ("the Swiss city of Geneva", "CHE", "city"),
    ("Moscow", "RUS", "city"),
    ("Britain", "GBR", "country"),
    ("U.S.", "USA", "country"),
    ("Crimea", "UKR", "region"),
    ("Bali", "IDN", "region"),
])
def test_places_in_news_usage(written, code, kind):
    place = resolve(written)
    assert (place.country_code, place.kind) == (code, kind)
    assert place.latitude is not None and place.longitude is not None
    assert place.place == written


def test_a_place_no_gazetteer_knows_has_no_coordinates():
    place = resolve("Nowhere-on-Sea")
    assert (place.country_code, place.latitude, place.longitude, place.kind) == (None, None, None, None)


def test_a_known_capital_is_in_its_own_country_over_a_larger_namesake():
    # GeoNames also lists "Islamabad" as an old name of Chittagong, the larger city.
    assert resolve("Islamabad").country_code == "PAK"


def test_a_seat_of_power_is_placed_at_its_countrys_capital():
    kremlin, moscow = resolve("the Kremlin"), resolve("Moscow")
    assert (kremlin.country_code, kremlin.kind) == ("RUS", "city")
    assert (kremlin.latitude, kremlin.longitude) == (moscow.latitude, moscow.longitude)
    assert resolve("White House").country_code == "USA"
