"""The meetings map's land is read from a file that holds what the gazetteer gives."""
import pytest

from parley import report


def test_land_file_holds_the_gazetteers_large_cities():
    assert report._land() == report.large_cities()


def test_the_map_does_not_load_the_gazetteer(monkeypatch):
    import duckdb

    monkeypatch.setattr(report, "large_cities", lambda: pytest.fail("the gazetteer was loaded"))
    monkeypatch.setattr(report, "_svg", lambda figure: "")
    con = duckdb.connect()
    con.execute("create table fct_meetings (location varchar, place_country_code varchar, latitude double,"
                " longitude double)")
    con.execute("insert into fct_meetings values ('Somewhere', 'XXX', 10.5, 20.25)")
    _, places = report._meeting_map(con)
    assert places == [{"place": "Somewhere", "country": "XXX", "latitude": 10.5, "longitude": 20.25, "meetings": 1}]
