"""The content-stream walk: colours inside strings, glued names and comments are not paints."""

from __future__ import annotations

import io

import pikepdf
import pytest

from brandcheck import pdf_colours
from brandcheck.pdf_colours import page_colours

FLIP = (1.0, 0.0, 0.0, -1.0, 0.0, 842.0)  # PDF user space to top-left A4 points


def _blank() -> tuple[pikepdf.Pdf, pikepdf.Page, pikepdf.Object]:
    """A new one-page A4 PDF, its page and a Helvetica font object to name /F1."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    return pdf, pdf.pages[0], font


def _page(content: bytes) -> tuple[pikepdf.Pdf, pikepdf.Page]:
    """A saved and reopened one-page PDF (the Pdf is returned too: a page needs it alive)."""
    pdf, page, font = _blank()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf)
    reopened = pikepdf.open(io.BytesIO(buf.getvalue()))
    return reopened, reopened.pages[0]


def _paints(content: bytes) -> list[tuple[str, str, tuple[float, ...]]]:
    pdf, page = _page(content)
    with pdf:
        out = page_colours(page, FLIP)
    return [(p.kind, p.colour.family, tuple(p.colour.values)) for p in out.paints if p.colour]


@pytest.mark.parametrize(
    "trick",
    [
        b"BT /F1 12 Tf 10 10 Td (0 1 0 rg 5 5 5 5 re f) Tj ET",  # operators inside a string
        b"BT /F1 12 Tf 10 10 Td (a \\) 0 1 0 rg) Tj ET",  # an escaped parenthesis
        b"% 0 1 0 rg 5 5 5 5 re f\n",  # a comment (takes the slow path)
        b"BT/F1 12 Tf 10 10 Td[(x)-20(0 1 0 rg)]TJ ET",  # glued names and an array
    ],
)
def test_only_real_operators_paint(trick: bytes):
    content = b"q 1 0 0 rg 0 0 100 100 re f Q\n" + trick + b"\nq 0 0 1 0 k 200 200 50 50 re f Q"
    paints = _paints(content)
    fills = [(family, values) for kind, family, values in paints if kind == "fill"]
    assert fills == [("rgb", (1.0, 0.0, 0.0)), ("cmyk", (0.0, 0.0, 1.0, 0.0))]
    texts = [(family, values) for kind, family, values in paints if kind == "text"]
    assert all(values != (0.0, 1.0, 0.0) for _, values in texts)
    assert all(family == "gray" for family, _ in texts)  # the default black, never the green
    assert bool(texts) == (b"BT" in trick)


def _stretch_flag(content: bytes, form: bytes | None = None, matrix=(1, 0, 0, 1, 0, 0)) -> bool:
    """PageColours.text_maybe_stretched of a page, optionally with a Form XObject /Fm0; the
    page also has a tiling pattern /Tile, a shading pattern /Ramp, and ExtGStates /Masked
    (a soft mask with its own group) and /Plain."""
    pdf, page, font = _blank()
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    if form is not None:
        fm0 = pdf.make_stream(form)
        fm0.Type, fm0.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        fm0.BBox, fm0.Matrix = pikepdf.Array([0, 0, 595, 842]), pikepdf.Array(matrix)
        fm0.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        inner = _tiling(pdf, TEXT, 9, font)
        fm0.Resources.Pattern = pikepdf.Dictionary(Inner=inner)  # the form's own
        fm0.Resources.XObject = pikepdf.Dictionary(Fm0=fm0)  # lets a form draw itself
        resources.XObject = pikepdf.Dictionary(Fm0=fm0)
    tile = _tiling(pdf, TEXT, 50, font)
    shading = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=pikepdf.Name.DeviceGray, Coords=pikepdf.Array([0, 0, 100, 0])
    )
    shading.Function = pikepdf.Dictionary(
        FunctionType=2, Domain=pikepdf.Array([0, 1]), N=1, C0=pikepdf.Array([0]), C1=[1]
    )
    ramp = pikepdf.Dictionary(PatternType=2, Shading=shading)
    stencil = _tiling(pdf, b"0 0 10 10 re f", 50, None)  # uncoloured: PaintType 2
    resources.Pattern = pikepdf.Dictionary(Tile=tile, Ramp=ramp, Stencil=stencil)
    resources.Pattern[pikepdf.Name("/Té")] = tile  # a name beyond ASCII
    resources.ColorSpace = pikepdf.Dictionary(
        CS0=pikepdf.Array([pikepdf.Name.Pattern, pikepdf.Name.DeviceRGB])
    )
    group = pdf.make_stream(TEXT)
    group.Type, group.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    group.BBox = pikepdf.Array([0, 0, 595, 842])
    mask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)
    resources.ExtGState = pikepdf.Dictionary(
        Masked=pikepdf.Dictionary(SMask=mask), Plain=pikepdf.Dictionary(CA=0.5)
    )
    page.obj.Resources = resources
    page.obj.Contents = pdf.make_stream(content)
    with pdf:
        return page_colours(page, FLIP).text_maybe_stretched


TEXT = b" BT /F1 12 Tf 10 10 Td (text) Tj ET "


def _tiling(pdf: pikepdf.Pdf, cell: bytes, step: int, font: pikepdf.Object | None) -> object:
    """A tiling pattern whose cell draws ``cell``: coloured with the font as /F1, or else an
    uncoloured one (PaintType 2, no resources)."""
    tile = pdf.make_stream(cell)
    tile.PatternType, tile.PaintType, tile.TilingType = 1, 1 if font is not None else 2, 1
    tile.BBox, tile.XStep, tile.YStep = pikepdf.Array([0, 0, step, step]), step, step
    if font is not None:
        tile.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    return tile


@pytest.mark.parametrize(
    "content",
    [
        TEXT,
        b"q 50 Tz Q" + TEXT,  # Tz is graphics state: Q restores it
        b"50 Tz 0 0 10 10 re f",  # no text shown while it is set
        b"BT /F1 12 Tf 0.7071 0.7071 -0.7071 0.7071 100 100 Tm (rotated) Tj ET",
        b"BT /F1 12 Tf -1 0 0 1 300 100 Tm (mirrored) Tj ET",
        b"BT /F1 12 Tf -100 Tz 300 10 Td (mirrored by Tz) Tj ET",
        b"BT /F1 -12 Tf 10 10 Td (negative size) Tj ET",
        b"2 0 0 2 0 0 cm BT /F1 6 Tf 10 10 Td (scaled evenly) Tj ET",
        b"/Pattern cs /Ramp scn 0 0 10 10 re f" + TEXT,  # a gradient draws no text
        b"/Plain gs" + TEXT,
    ],
)
def test_text_drawn_unstretched(content: bytes):
    assert _stretch_flag(content) is False


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F1 12 Tf 50 Tz 10 10 Td (condensed) Tj ET",
        b"BT /F1 1 Tf 8 0 0 5 10 10 Tm (squashed) Tj ET",
        b"2 0 0 1 0 0 cm" + TEXT,  # widened by the CTM
        b"1 0 0.3 1 0 0 cm" + TEXT,  # sheared
        b"/Pattern cs /Tile scn 0 0 10 10 re f" + TEXT,  # a tiling pattern's cells
        b"/CS0 cs 1 0 0 /Stencil scn 0 0 10 10 re f" + TEXT,  # colour operands before the name
        b"/Pattern cs /T\xc3\xa9 scn 0 0 10 10 re f" + TEXT,  # UTF-8 bytes of /T\xe9
        b"/Pattern cs /T#c3#a9 scn 0 0 10 10 re f" + TEXT,  # the same name, escaped
        b"/Masked gs" + TEXT,  # a soft mask's group
    ],
)
def test_text_maybe_stretched(content: bytes):
    assert _stretch_flag(content) is True


def test_stretched_text_through_forms():
    # the form inherits the page's Tz; the form's own matrix squashes; a Tz set inside a form
    # stays there; a form that draws itself is cut off, and what it would draw is unknown
    assert _stretch_flag(b"q 50 Tz /Fm0 Do Q", form=TEXT) is True
    assert _stretch_flag(b"/Fm0 Do", form=TEXT, matrix=(1, 0, 0, 0.5, 0, 0)) is True
    assert _stretch_flag(b"/Fm0 Do" + TEXT, form=b"50 Tz") is False
    assert _stretch_flag(b"/Fm0 Do", form=TEXT) is False
    assert _stretch_flag(b"/Fm0 Do", form=b"/Fm0 Do" + TEXT) is True
    # a tiling pattern named in the form's own resources
    assert _stretch_flag(b"/Fm0 Do", form=b"/Pattern cs /Inner scn 0 0 9 9 re f") is True


def _gradient_page(content: bytes, shading: pikepdf.Dictionary) -> list[tuple]:
    """Paints of a page with `shading` as /Sh0 and as the shading pattern /P0."""
    pdf, page, _font = _blank()
    page.obj.Resources = pikepdf.Dictionary(
        Shading=pikepdf.Dictionary(Sh0=shading),
        Pattern=pikepdf.Dictionary(P0=pikepdf.Dictionary(PatternType=2, Shading=shading)),
    )
    page.obj.Contents = pdf.make_stream(content)
    with pdf:
        out = page_colours(page, FLIP)
    return [(p.kind, p.colour.values if p.colour else None, p.bbox) for p in out.paints]


RAMP = pikepdf.Dictionary(
    ShadingType=2,
    ColorSpace=pikepdf.Name.DeviceRGB,
    Coords=[0, 0, 100, 0],
    Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1),
)


def test_a_gradient_painted_with_sh_gives_its_stops_over_the_clip() -> None:
    paints = _gradient_page(b"q 10 20 100 50 re W n /Sh0 sh Q /Sh0 sh", RAMP)
    clipped, unclipped = paints[:2], paints[2:]
    assert [(kind, values) for kind, values, _ in clipped] == [
        ("gradient", (1.0, 0.0, 0.0)),
        ("gradient", (0.0, 0.0, 1.0)),
    ]
    assert clipped[0][2] == (10, 842 - 70, 110, 842 - 20)  # the clip, in top-left page points
    assert [box for *_, box in unclipped] == [None, None]  # Q restored the unclipped state


def test_a_path_filled_with_a_shading_pattern_gives_its_stops_over_the_path() -> None:
    content = b"/Pattern cs /P0 scn 0 0 50 50 re f 0 1 0 rg 60 60 10 10 re f"
    paints = _gradient_page(content, RAMP)
    assert [(kind, values) for kind, values, _ in paints] == [
        ("fill", None),  # the fill itself: a pattern, no colour
        ("gradient", (1.0, 0.0, 0.0)),
        ("gradient", (0.0, 0.0, 1.0)),
        ("fill", (0.0, 1.0, 0.0)),  # a plain colour after it ends the pattern fill
    ]
    assert paints[1][2] == (0, 792, 50, 842)


def test_gradients_whose_colours_cannot_be_read_are_left_out() -> None:
    calculator = pikepdf.Dictionary(RAMP)
    calculator.Function = pikepdf.Dictionary(FunctionType=4, Domain=[0, 1])
    assert _gradient_page(b"/Sh0 sh /Pattern cs /P0 scn 0 0 5 5 re f", calculator) == [
        ("fill", None, (0, 837, 5, 842))
    ]


def test_text_filled_with_a_gradient_gives_its_stops_at_the_text() -> None:
    paints = _gradient_page(b"BT /Pattern cs /P0 scn 10 10 Td (x) Tj ET", RAMP)
    assert [(kind, values) for kind, values, _ in paints] == [
        ("text", None),
        ("gradient", (1.0, 0.0, 0.0)),
        ("gradient", (0.0, 0.0, 1.0)),
    ]
    assert paints[1][2] == (10, 832, 10, 832)  # the text's origin, as for its colour


def test_a_malformed_gradient_is_left_out_and_the_page_still_walked() -> None:
    broken = pikepdf.Dictionary(RAMP)
    broken.ColorSpace = pikepdf.Array([pikepdf.Name.ICCBased])  # the profile stream missing
    paints = _gradient_page(b"/Sh0 sh 1 0 0 rg 0 0 5 5 re f", broken)
    assert [(kind, values) for kind, values, _ in paints] == [("fill", (1.0, 0.0, 0.0))]


def test_pattern_and_shading_resources_of_the_wrong_type_are_no_gradient() -> None:
    pdf, page, _font = _blank()
    page.obj.Resources = pikepdf.Dictionary(
        Pattern=pikepdf.Array([1, 2]), Shading=pikepdf.Array([3])
    )
    page.obj.Contents = pdf.make_stream(
        b"/Sh0 sh /Pattern cs /P0 scn 0 0 5 5 re f 1 0 0 rg 0 0 5 5 re f"
    )
    with pdf:
        paints = page_colours(page, FLIP).paints
    assert [(p.kind, p.colour.values if p.colour else None) for p in paints] == [
        ("fill", None),
        ("fill", (1.0, 0.0, 0.0)),
    ]


def _shared_appearance(uses: int) -> tuple[int, bool]:
    """(fills, text_maybe_stretched) of a page whose `uses` annotations share one appearance
    (after as many Do of it in the page content)."""
    pdf, page, _font = _blank()
    ap = pdf.make_stream(b"1 0 0 rg 0 0 10 10 re f")
    ap.Type, ap.Subtype, ap.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 10, 10]
    page.obj.Annots = pikepdf.Array(
        pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Square,
                F=4,
                Rect=[i, 0, i + 10, 10],
                AP=pikepdf.Dictionary(N=ap),
            )
        )
        for i in range(uses)
    )
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=ap))
    page.obj.Contents = pdf.make_stream(b"/Fm0 Do\n" * 150)
    with pdf:
        out = page_colours(page, FLIP)
    return sum(p.kind == "fill" for p in out.paints), out.text_maybe_stretched


def test_an_appearance_shared_by_many_annotations_counts_towards_the_forms_cap() -> None:
    assert _shared_appearance(50) == (200, False)  # 150 Do and 50 annotations: all walked
    assert _shared_appearance(51) == (200, True)  # one more use is not walked, and noted


def _masked_fills(group: bytes, space: str = "/DeviceGray", **mask: object) -> list[float]:
    """The fills seen of two red boxes (left, right half of the page) painted under a soft
    mask whose group draws `group`; `mask` adds to or overrides the mask dictionary."""
    pdf, page, _font = _blank()
    form = pdf.make_stream(
        group,
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Form,
        BBox=[0, 0, 595, 842],
        Group=pikepdf.Dictionary(S=pikepdf.Name.Transparency, CS=pikepdf.Name(space)),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font)),
    )
    smask = pikepdf.Dictionary(Type=pikepdf.Name.Mask, S=pikepdf.Name.Luminosity, G=form)
    for key, value in mask.items():
        smask["/" + key] = value
    page.obj.Resources = pikepdf.Dictionary(
        ExtGState=pikepdf.Dictionary(M=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, SMask=smask))
    )
    page.obj.Contents = pdf.make_stream(
        b"q /M gs 1 0 0 rg 50 400 200 200 re f 350 400 200 200 re f Q 0 0 1 rg 0 0 9 9 re f"
    )
    with pdf:
        out = page_colours(page, FLIP)
    return [p.bbox[0] for p in out.paints if p.kind == "fill" and p.colour.values == (1, 0, 0)]


def test_a_soft_mask_hides_what_lies_where_it_is_black():
    # a luminosity mask is black on its backdrop and where its group paints black: a paint
    # entirely there is not seen; where the group paints white (the left half) it shows
    assert _masked_fills(b"0 g 0 0 595 842 re f") == []
    assert _masked_fills(b"") == []
    assert _masked_fills(b"1 g 0 0 300 842 re f") == [50.0]
    # an alpha mask shows wherever its group paints, whatever the colour
    assert _masked_fills(b"0 g 0 0 300 842 re f", S=pikepdf.Name.Alpha) == [50.0]


@pytest.mark.parametrize(
    "mask",
    [
        {"BC": pikepdf.Array([1])},  # a white backdrop shows where the group paints nothing
        {"TR": pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1)},
    ],
)
def test_a_soft_mask_that_may_show_everything_hides_nothing(mask):
    assert _masked_fills(b"0 g 0 0 595 842 re f", **mask) == [50.0, 350.0]


def test_a_cmyk_mask_on_a_paper_white_backdrop_hides_nothing():
    # in a CMYK group 0/0/0/0 is no ink, paper white: the mask shows everywhere the group
    # paints nothing (InDesign's default backdrop is black, 0/0/0/1)
    white = {"BC": pikepdf.Array([0, 0, 0, 0])}
    assert _masked_fills(b"", "/DeviceCMYK", **white) == [50.0, 350.0]
    assert _masked_fills(b"", "/DeviceCMYK", BC=pikepdf.Array([0, 0, 0, 1])) == []


def test_a_soft_mask_of_text_hides_nothing_its_letters_may_reach():
    # type as a mask (letters that let a picture through): a text paint is known by its
    # origin only, so where its letters show is not known and nothing is taken as hidden
    assert _masked_fills(b"1 g BT /F1 200 Tf 20 330 Td (HH) Tj ET") == [50.0, 350.0]


def test_a_soft_mask_set_many_times_in_one_place_is_walked_once(monkeypatch):
    # exporters write the mask dictionary direct in the ExtGState: its group is what repeats
    walks = []
    paints = pdf_colours._Walker._group_paints
    monkeypatch.setattr(
        pdf_colours._Walker, "_group_paints", lambda *a: walks.append(1) or paints(*a)
    )
    pdf, page, _font = _blank()
    group = pdf.make_stream(
        b"1 g 0 0 300 842 re f", Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842]
    )
    smask = pikepdf.Dictionary(S=pikepdf.Name.Luminosity, G=group)  # direct, as exported
    page.obj.Resources = pikepdf.Dictionary(
        ExtGState=pikepdf.Dictionary(M=pikepdf.Dictionary(SMask=smask))
    )
    page.obj.Contents = pdf.make_stream(b"q /M gs 1 0 0 rg 50 400 9 9 re f Q " * 50)
    with pdf:
        out = page_colours(page, FLIP)
    assert len(walks) == 1 and len([p for p in out.paints if p.kind == "fill"]) == 50
