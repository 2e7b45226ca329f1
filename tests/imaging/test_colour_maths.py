"""Colour maths against published reference data: Sharma's CIEDE2000 pairs and sRGB/Lab values."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw
from skimage import data

from brandcheck.imaging.colour import (
    chroma,
    cluster_regions,
    delta_e00,
    flat_regions,
    hex_to_lab,
    hex_to_rgb,
    lab_to_srgb,
    nearest,
    rgb_to_hex,
    within_tolerance,
)
from brandcheck.imaging.contrast import contrast_ratio, is_large_text, relative_luminance

# Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
# supplementary test data, and mathematical observations", Table 1: L1 a1 b1 L2 a2 b2 ΔE00.
SHARMA = """
50.0000 2.6772 -79.7751 50.0000 0.0000 -82.7485 2.0425
50.0000 3.1571 -77.2803 50.0000 0.0000 -82.7485 2.8615
50.0000 2.8361 -74.0200 50.0000 0.0000 -82.7485 3.4412
50.0000 -1.3802 -84.2814 50.0000 0.0000 -82.7485 1.0000
50.0000 -1.1848 -84.8006 50.0000 0.0000 -82.7485 1.0000
50.0000 -0.9009 -85.5211 50.0000 0.0000 -82.7485 1.0000
50.0000 0.0000 0.0000 50.0000 -1.0000 2.0000 2.3669
50.0000 -1.0000 2.0000 50.0000 0.0000 0.0000 2.3669
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0009 7.1792
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0010 7.1792
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0011 7.2195
50.0000 2.4900 -0.0010 50.0000 -2.4900 0.0012 7.2195
50.0000 -0.0010 2.4900 50.0000 0.0009 -2.4900 4.8045
50.0000 -0.0010 2.4900 50.0000 0.0010 -2.4900 4.8045
50.0000 -0.0010 2.4900 50.0000 0.0011 -2.4900 4.7461
50.0000 2.5000 0.0000 50.0000 0.0000 -2.5000 4.3065
50.0000 2.5000 0.0000 73.0000 25.0000 -18.0000 27.1492
50.0000 2.5000 0.0000 61.0000 -5.0000 29.0000 22.8977
50.0000 2.5000 0.0000 56.0000 -27.0000 -3.0000 31.9030
50.0000 2.5000 0.0000 58.0000 24.0000 15.0000 19.4535
50.0000 2.5000 0.0000 50.0000 3.1736 0.5854 1.0000
50.0000 2.5000 0.0000 50.0000 3.2972 0.0000 1.0000
50.0000 2.5000 0.0000 50.0000 1.8634 0.5757 1.0000
50.0000 2.5000 0.0000 50.0000 3.2592 0.3350 1.0000
60.2574 -34.0099 36.2677 60.4626 -34.1751 39.4387 1.2644
63.0109 -31.0961 -5.8663 62.8187 -29.7946 -4.0864 1.2630
61.2901 3.7196 -5.3901 61.4292 2.2480 -4.9620 1.8731
35.0831 -44.1164 3.7933 35.0232 -40.0716 1.5901 1.8645
22.7233 20.0904 -46.6940 23.0331 14.9730 -42.5619 2.0373
36.4612 47.8580 18.3852 36.2715 50.5065 21.2231 1.4146
90.8027 -2.0831 1.4410 91.1528 -1.6435 0.0447 1.4441
90.9257 -0.5406 -0.9208 88.6381 -0.8985 -0.7239 1.5381
6.7747 -0.2908 -2.4247 5.8714 -0.0985 -2.2286 0.6377
2.0776 0.0795 -1.1350 0.9033 -0.0636 -0.5514 0.9082
"""


def _sharma() -> np.ndarray:
    rows = [list(map(float, line.split())) for line in SHARMA.strip().splitlines()]
    return np.array(rows)


def test_sharma_table_has_all_34_pairs_and_matches_to_4_decimals() -> None:
    table = _sharma()
    assert table.shape == (34, 7)
    got = delta_e00(table[:, 0:3], table[:, 3:6])
    np.testing.assert_allclose(got, table[:, 6], atol=5e-5)
    # the formula is symmetric in its two colours
    np.testing.assert_allclose(delta_e00(table[:, 3:6], table[:, 0:3]), table[:, 6], atol=5e-5)


@pytest.mark.parametrize(
    ("hex_", "lab"),
    [
        # sRGB primaries and neutrals under D65 (IEC 61966-2-1 with CIE 15 Lab; widely tabulated)
        ("#FFFFFF", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
        ("#FF0000", (53.2408, 80.0925, 67.2032)),
        ("#00FF00", (87.7347, -86.1827, 83.1793)),
        ("#0000FF", (32.2970, 79.1875, -107.8602)),
        ("#808080", (53.5850, 0.0, 0.0)),
    ],
)
def test_srgb_to_lab_uses_the_d65_white_point(hex_: str, lab: tuple[float, float, float]) -> None:
    # 0.01 allows for the 4-decimal matrices different references use; a wrong white point
    # (D50 instead of D65) moves these by whole units
    np.testing.assert_allclose(hex_to_lab(hex_), lab, atol=1e-2)


def test_hex_round_trip_and_lab_back_to_srgb() -> None:
    hexes = ["#E5006C", "#009991", "#FCBF0A", "#00594F", "#FCE3EB"]
    rgb = hex_to_rgb(hexes)
    assert [rgb_to_hex(v) for v in rgb] == hexes
    back = lab_to_srgb(hex_to_lab(hexes))
    assert [rgb_to_hex(v) for v in back] == hexes
    with pytest.raises(ValueError):
        hex_to_rgb("#12345")


def test_nearest_palette_colour_is_vectorised_and_correct() -> None:
    palette = ["#E5006C", "#009991", "#E9500E", "#000000", "#FFFFFF"]
    pal = hex_to_lab(palette)
    queries = hex_to_lab(["#E6006D", "#FF0000", "#019A90", "#303030"])
    idx, de = nearest(queries, pal)
    assert [palette[i] for i in idx] == ["#E5006C", "#E9500E", "#009991", "#000000"]
    assert de[0] < 1.0 and de[2] < 1.0
    assert de[1] > 5.0  # pure red is far from every palette colour (nearest: the orange)
    # the distance reported is exactly CIEDE2000 to the palette entry returned
    np.testing.assert_allclose(de, delta_e00(queries, pal[idx]))
    ok = within_tolerance(queries, pal, np.full(len(pal), 3.0))
    assert ok.tolist() == [True, False, True, False]


def test_chroma_separates_greys_from_the_palettes_palest_tint() -> None:
    greys = hex_to_lab(["#FFFFFF", "#777777", "#EEEEEE", "#202020"])
    assert np.all(chroma(greys) < 1.0)
    assert chroma(hex_to_lab("#E1F1EF")) > 5.0  # Ljusgrön 2, the least saturated tint


def test_wcag_luminance_and_contrast_reference_values() -> None:
    assert relative_luminance(hex_to_rgb("#FFFFFF")) == pytest.approx(1.0)
    assert relative_luminance(hex_to_rgb("#000000")) == pytest.approx(0.0)
    assert contrast_ratio(hex_to_rgb("#000000"), hex_to_rgb("#FFFFFF")) == pytest.approx(21.0)
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails
    assert contrast_ratio(hex_to_rgb("#767676"), hex_to_rgb("#FFFFFF")) == pytest.approx(
        4.54, abs=0.01
    )
    assert contrast_ratio(hex_to_rgb("#777777"), hex_to_rgb("#FFFFFF")) < 4.5
    assert is_large_text(18, False) and is_large_text(14, True)
    assert not is_large_text(17.9, False) and not is_large_text(13.9, True)


def _poster(size=(900, 1200)) -> Image.Image:
    img = Image.new("RGB", size, "#FFFFFF")
    d = ImageDraw.Draw(img)
    w, h = size
    d.rectangle([0, 0, w, h // 4], fill="#E5006C")
    d.rectangle([0, 3 * h // 4, w, h], fill="#009991")
    d.ellipse([w // 2, h // 3, w // 2 + 250, h // 3 + 250], fill="#FCBF0A")
    for i in range(10):  # small black text-like strokes: antialiased, never flat
        d.line([(40, 420 + 22 * i), (400, 420 + 22 * i)], fill="#000000", width=2)
    return img


def _jpeg(img: Image.Image, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB"))


@pytest.mark.parametrize("quality", [None, 60])
def test_flat_regions_find_the_solid_areas_with_their_colours(quality: int | None) -> None:
    img = _poster()
    rgb = np.asarray(img) if quality is None else _jpeg(img, quality)
    clusters = cluster_regions(flat_regions(rgb))
    found = {c.hex: c for c in clusters}
    pal = hex_to_lab(["#E5006C", "#009991", "#FCBF0A", "#FFFFFF"])
    idx, de = nearest(np.array([c.lab for c in clusters]), pal)
    assert np.all(de < 2.0), found.keys()  # every cluster is one of the four drawn colours
    assert sorted(set(idx.tolist())) == [0, 1, 2, 3]
    pink = clusters[int(np.flatnonzero(idx == 0)[0])]
    assert pink.share == pytest.approx(0.25, abs=0.02)
    x0, y0, x1, y1 = pink.bbox
    assert x0 < 5 and y0 < 5 and x1 > 890 and 290 < y1 < 310


def test_flat_regions_ignore_photographs() -> None:
    for photo in (data.astronaut(), data.chelsea(), data.rocket()):
        img = Image.fromarray(photo).resize((800, 600))
        rgb = _jpeg(img, 75)
        regions = flat_regions(rgb)
        coloured = [r for r in regions if chroma(np.array(r.lab)) > 4.0]
        assert coloured == []


def test_flat_regions_take_a_coloured_box_over_a_photo() -> None:
    img = Image.fromarray(data.astronaut()).resize((800, 800))
    ImageDraw.Draw(img).rectangle([100, 100, 400, 300], fill="#FF0000")
    clusters = cluster_regions(flat_regions(_jpeg(img, 60)))
    reds = [c for c in clusters if delta_e00(np.array(c.lab), hex_to_lab("#FF0000")) < 3]
    assert len(reds) == 1
    x0, _, _, y1 = reds[0].bbox
    assert abs(x0 - 100) < 8 and abs(y1 - 300) < 8
