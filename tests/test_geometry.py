"""Box helpers shared by the checks."""

from __future__ import annotations

from brandcheck.geometry import contains, intersects, rounded, union


def test_union_ignores_none_and_handles_empty():
    assert union([(0, 0, 1, 1), None, (2, -1, 3, 0.5)]) == (0, -1, 3, 1)
    assert union([]) is None and union([None]) is None


def test_intersects_needs_area_and_contains_allows_slack():
    assert intersects((0, 0, 2, 2), (1, 1, 3, 3))
    assert not intersects((0, 0, 1, 1), (1, 0, 2, 1))  # touching edges only
    assert contains((0, 0, 10, 10), (0.2, -0.3, 10.4, 5))
    assert not contains((0, 0, 10, 10), (0, 0, 11, 5))


def test_rounded():
    assert rounded((0.123, 1.987, 2.0, 3.14159)) == (0.12, 1.99, 2.0, 3.14)
