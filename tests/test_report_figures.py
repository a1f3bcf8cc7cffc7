"""The report's figures: the map's land comes from a file, each figure is drawn once."""
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


def test_a_figure_is_drawn_once_and_cropped_to_what_it_draws():
    import re

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(9, 6))
    axis.plot([0, 1], [0, 1])
    axis.set_title("a title")
    draw, draws = figure.draw, []
    figure.draw = lambda renderer: draws.append(renderer) or draw(renderer)
    box = figure.get_tightbbox(figure.canvas.get_renderer())
    svg = report._svg(figure)
    assert len(draws) == 1
    width, height = map(float, re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    pad = 2 * 72 * matplotlib.rcParams["savefig.pad_inches"]
    assert (width, height) == pytest.approx((box.width * 72 + pad, box.height * 72 + pad), abs=0.5)
    assert width < 9 * 72 - 20  # cropped, not the whole figure
