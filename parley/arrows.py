"""A network's arrows drawn as two collections (the curves, then the heads), their geometry
computed once with numpy.

networkx draws each edge as a matplotlib FancyArrowPatch, whose curve is clipped to its two
nodes by bisection every time matplotlib asks for its path: when the patch is added, when
`bbox_inches="tight"` measures it and when it is drawn. With hundreds of edges that was most
of the run report's time. The shapes here are those of networkx's `arrowstyle="-|>"` and
`connectionstyle="arc3,rad=..."` with round nodes: a quadratic curve that bows by `rad`, cut
where it leaves its source's and enters its target's marker, and a filled head at its end.
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.path import Path

# networkx's "-|>": head length and half width as shares of the arrow size.
HEAD_LENGTH, HEAD_WIDTH = 0.4, 0.2
CURVE = [Path.MOVETO, Path.CURVE3, Path.CURVE3]
WEDGE = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]


def draw_arrows(axis, sources, targets, widths, colour, rad: float, node_size: float, arrow_size: float) -> None:
    """Arrows from each source to its target (data coordinates of the node centres), `widths`
    in points, on an axis whose limits are already set (the geometry is in points)."""
    to_display = axis.transData
    points = axis.figure.dpi / 72
    start, end = to_display.transform(np.asarray(sources, float)), to_display.transform(np.asarray(targets, float))
    widths = np.asarray(widths, float) * points
    curve = _arc3(start, end, rad)
    curve = _leave_circle(curve, np.sqrt(node_size) / 2 * points)
    curve = _leave_circle(curve[:, ::-1], np.sqrt(node_size) / 2 * points)[:, ::-1]
    curve, wedge = _head(curve, widths, arrow_size * points)
    to_data = to_display.inverted()
    lines = [Path(to_data.transform(c), CURVE) for c in curve]
    heads = [Path(to_data.transform(w), WEDGE) for w in wedge]
    linewidths = widths / points
    # zorder 1: behind the nodes, as networkx puts its arrows.
    axis.add_collection(PathCollection(lines, facecolors="none", edgecolors=colour, linewidths=linewidths,
                                       capstyle="butt", joinstyle="round", zorder=1), autolim=False)
    axis.add_collection(PathCollection(heads, facecolors=colour, edgecolors=colour, linewidths=linewidths,
                                       joinstyle="round", zorder=1), autolim=False)


def frame(axis, centres: list) -> None:
    """The axis limits networkx gives a network (its nodes and a twentieth of their span
    around), fixed before the arrows are shaped in points."""
    (left, bottom), (right, top) = np.min(centres, axis=0), np.max(centres, axis=0)
    pad_x, pad_y = 0.05 * (right - left), 0.05 * (top - bottom)
    axis.update_datalim([(left - pad_x, bottom - pad_y), (right + pad_x, top + pad_y)])
    axis.autoscale_view()
    axis.set_xlim(axis.get_xlim())
    axis.set_ylim(axis.get_ylim())


def _arc3(start: np.ndarray, end: np.ndarray, rad: float) -> np.ndarray:
    """Quadratic curves (n, 3, 2) from start to end whose control point lies `rad` times their
    distance off the middle, as matplotlib's arc3 connection style."""
    d = end - start
    control = (start + end) / 2 + rad * np.column_stack([d[:, 1], -d[:, 0]])
    return np.stack([start, control, end], axis=1)


def _at(curve: np.ndarray, t: np.ndarray) -> np.ndarray:
    t = t[:, None]
    return (1 - t) ** 2 * curve[:, 0] + 2 * (1 - t) * t * curve[:, 1] + t ** 2 * curve[:, 2]


def _leave_circle(curve: np.ndarray, radius: float) -> np.ndarray:
    """Each curve from where it leaves the circle of `radius` around its first point; a curve
    that never leaves it stays whole (as matplotlib leaves it)."""
    centre = curve[:, 0]
    inside = lambda t: np.hypot(*(_at(curve, t) - centre).T) < radius
    low, high = np.zeros(len(curve)), np.ones(len(curve))
    for _ in range(40):
        middle = (low + high) / 2
        within = inside(middle)
        low, high = np.where(within, middle, low), np.where(within, high, middle)
    return _part(curve, np.where(inside(np.ones(len(curve))), 0.0, high))


def _part(curve: np.ndarray, t0: np.ndarray) -> np.ndarray:
    """The part of each quadratic curve from t0 to its end, itself a quadratic curve."""
    t = t0[:, None]
    return np.stack([_at(curve, t0), (1 - t) * curve[:, 1] + t * curve[:, 2], curve[:, 2]], axis=1)


def _head(curve: np.ndarray, widths: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """The curves pulled back so that their stroke ends under the head, and the heads: what
    matplotlib's "-|>" arrow style draws, whose stroked tip lands on the curve's end."""
    length, width = HEAD_LENGTH * size, HEAD_WIDTH * size
    side = np.hypot(length, width)
    cos, sin = length / side, width / side
    back = curve[:, 1] - curve[:, 2]
    distance = np.hypot(*back.T)
    back = back / np.where(distance == 0, 1, distance)[:, None]
    tip = curve[:, 2] + back * (0.5 * widths / sin)[:, None]
    dx, dy = back[:, 0] * side, back[:, 1] * side
    left = np.column_stack([cos * dx + sin * dy, -sin * dx + cos * dy])
    right = np.column_stack([cos * dx - sin * dy, sin * dx + cos * dy])
    wedge = np.stack([tip + left, tip, tip + right, tip], axis=1)
    pulled = curve.copy()
    pulled[:, 2] = tip
    return pulled, wedge
