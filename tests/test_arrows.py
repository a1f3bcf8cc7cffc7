"""The network's arrows, drawn as two collections, have the shapes networkx's patches had."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from parley.arrows import draw_arrows, frame  # noqa: E402

NODE_SIZE, ARROW_SIZE = 900, 14
SOURCES = [(0.0, 0.0), (1.0, 0.2), (0.3, 0.9), (0.5, 0.5)]
TARGETS = [(1.0, 0.2), (0.0, 0.0), (0.9, 0.8), (0.52, 0.51)]  # the last two nodes overlap
WIDTHS = [1.0, 2.5, 7.0, 1.0]


@pytest.fixture
def axis():
    figure, axis = plt.subplots(figsize=(9, 6))
    frame(axis, SOURCES + TARGETS)
    yield axis
    plt.close(figure)


def patch_paths(axis, rad):
    """The curve and head matplotlib's FancyArrowPatch draws for each arrow, as networkx makes it."""
    paths = []
    for source, target, width in zip(SOURCES, TARGETS, WIDTHS):
        margin = np.sqrt(NODE_SIZE) / 2
        patch = FancyArrowPatch(source, target, arrowstyle="-|>", shrinkA=margin, shrinkB=margin,
                                mutation_scale=ARROW_SIZE, linewidth=width, connectionstyle=f"arc3,rad={rad}")
        axis.add_patch(patch)
        patch._dpi_cor = axis.figure.dpi / 72
        curve, head = patch._get_path_in_displaycoord()[0]
        paths.append((curve.vertices, head.vertices[:3]))
    return paths


@pytest.mark.parametrize("rad", [0.1, -0.1])
def test_curves_and_heads_match_networkx_arrows(axis, rad):
    expected = patch_paths(axis, rad)
    draw_arrows(axis, SOURCES, TARGETS, WIDTHS, "#55a868", rad, NODE_SIZE, ARROW_SIZE)
    curves, heads = [c for c in axis.collections if isinstance(c, PathCollection)]
    for (curve, head), line, wedge in zip(expected, curves.get_paths(), heads.get_paths()):
        # matplotlib finds where a curve leaves a node by bisection to a hundredth of a pixel
        assert axis.transData.transform(line.vertices) == pytest.approx(curve, abs=0.05)
        assert axis.transData.transform(wedge.vertices[:3]) == pytest.approx(head, abs=0.05)


def test_widths_are_in_points_and_arrows_sit_behind_nodes(axis):
    draw_arrows(axis, SOURCES, TARGETS, WIDTHS, "#c44e52", 0.1, NODE_SIZE, ARROW_SIZE)
    for collection in axis.collections:
        assert list(collection.get_linewidths()) == WIDTHS
        assert collection.get_zorder() == 1


def test_the_report_network_draws_no_patch_per_edge(monkeypatch):
    import duckdb

    from parley import report

    con = duckdb.connect()
    con.execute("create table dim_actors (actor_code varchar, actor_name varchar)")
    con.execute("create table event_mentions (event_id varchar, event_type varchar, actor_code varchar,"
                " target_code varchar, suppressed boolean)")
    con.execute("insert into event_mentions values ('e1', 'invitation', 'AAA', 'BBB', false),"
                " ('e2', 'invitation', 'BBB', 'CCC', false), ('e3', 'refusal', 'CCC', 'AAA', false),"
                " ('e4', 'refusal', 'AAA', 'AAA', false)")
    drawn = []
    monkeypatch.setattr(report, "_svg", lambda figure: drawn.append(figure) or "")
    report._network(con)
    axis = drawn[0].axes[0]
    assert len(axis.patches) == 1  # only the loop of an actor on itself
    assert sum(isinstance(c, PathCollection) for c in axis.collections) == 1 + 4  # nodes, then curves and heads
    plt.close(drawn[0])
