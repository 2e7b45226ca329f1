"""The colours a PDF page paints, read from its content stream with pikepdf, in their own spaces.

PyMuPDF reports every colour as RGB; for print checks the original space matters (CMYK values are
compared with the profile's CMYK, spot colours by name). This module walks the page's content
stream (and the Form XObjects it draws) tracking the graphics state: colour spaces and values
set by rg/RG/k/K/g/G/cs/CS/sc/scn/SC/SCN, the CTM, the current path and the text position, the
clip's bounds, the constant alphas, the soft mask (where it lets paint show: `soft_masks`), the
optional content (layers) marked with BDC/EMC, and records one `Paint` per painting operator
(fill, stroke, text show, image) that shows. The stream is split by `pdf_content_tokens`, its
colour spaces resolved by `pdf_colour_spaces`. Following the text matrices anyway, it notes
whether any text may be drawn stretched (see `PageColours.text_maybe_stretched`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pikepdf

from brandcheck import soft_masks
from brandcheck.geometry import apart
from brandcheck.optional_content import Layers
from brandcheck.pdf_colour_spaces import GRAY, UNPRINTED, Colour, SpaceResolver, image_inks
from brandcheck.pdf_content_tokens import OPERAND_FIRST, content_tokens

BBox = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]

_MAX_DEPTH = 8
_MAX_FORM_USES = 200  # times one form is walked a page (drawn with Do or as an appearance)


@dataclass(frozen=True)
class Paint:
    """One painting operation: what was painted (fill/stroke/text/image), in which colour, where.

    Paints nobody sees are not recorded: in a hidden layer (see `optional_content`), entirely
    outside the clip, fully transparent (text that is becomes `invisible`).
    `kind` is fill, stroke, text, invisible (text drawn in render mode 3 or 7, or with alpha
    0), image or
    gradient: one paint per colour stop of a shading (`sh`, or a path or text filled or stroked
    with a shading pattern; see `pdf_functions.stops`), over the path painted (for text its
    origin, as for text), or for `sh` the clip (else the shading's own box; None when neither
    is known; a clip made of text is not followed).
    `bbox` is in PyMuPDF page coordinates (points, origin top left). For text it is the text
    origin point (x, y, x, y); for images the colour is None and `device` is set. `source` is
    an image XObject's resource-name path: the names of the forms it is drawn through, then its
    own (as in the content streams: ``("/Fm0", "/Im3")``); empty for everything else.
    `see_through` is True for a paint what lies under it shows through: drawn with an alpha
    below 1, a blend mode other than Normal or a soft mask, or an image with a mask of its own.
    `own_alpha` is True for an image see-through only by its own mask: its pixels cover what
    lies under them or let it show as it is, so it veils nothing (see `text_contrast.veiled`).
    `shown` is an image's box cut to its clipping path's bounds, for an image upright or turned
    by quarter turns (None for one turned otherwise, whose box holds corners it leaves bare): a
    picture cropped by its frame covers only that (see `painted_over.under_pictures`).
    `inks` are the spot inks of an image in a Separation or DeviceN space (or an Indexed one
    over it): a duotone or a spot-colour picture prints on those plates.
    """

    kind: str
    colour: Colour | None
    bbox: BBox | None
    device: str = ""
    source: tuple[str, ...] = ()
    see_through: bool = False
    inks: tuple[str, ...] = ()
    own_alpha: bool = False  # see-through only by an image's own mask (a PNG's transparency)
    shown: BBox | None = None  # an image's box cut to the clip's bounds (None: not known)


@dataclass
class PageColours:
    """All paints of a page plus the ICC profiles their colours refer to.

    `text_maybe_stretched` is False when every text show is drawn with a uniform scale and
    rotation (a reflection allowed): no horizontal scaling (Tz), and no text, form or CTM matrix
    that scales x and y differently or shears. Then PyMuPDF's span sizes of the page content are
    the text's real height (see `text_sizes`). It is True when some text is stretched, and when
    the walk may have missed text: a stream or form it could not read, forms nested too deep or
    drawn too often, a tiling pattern or a soft mask's group (they draw content of their own).
    `inkless_text` are the origins (as text paints' boxes) of text that prints no ink, walked
    for print: white set to overprint (see `_inkless`), which shows on screen and vanishes on
    the press.
    `forms` are the frames of the form XObjects the page draws (each form's /BBox on the page,
    as drawn, cut to the clip it is drawn in: a frame cropped in the layout): a placed PDF or
    SVG, whose frame holds its artwork and the file's margin.
    """

    paints: list[Paint] = field(default_factory=list)
    icc: dict[str, bytes] = field(default_factory=dict)
    text_maybe_stretched: bool = False
    inkless_text: list[BBox] = field(default_factory=list)
    forms: list[BBox] = field(default_factory=list)


def _num(v: object) -> float:
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n (apply m first, then n), PDF row-vector convention."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _uniform(m: Matrix) -> bool:
    """Whether the linear part of `m` is a uniform scale and rotation, possibly reflected."""
    a, b, c, d = m[:4]
    tolerance = 1e-6 * max(abs(a), abs(b), abs(c), abs(d))
    rotation = abs(a - d) <= tolerance and abs(b + c) <= tolerance
    reflection = abs(a + d) <= tolerance and abs(b - c) <= tolerance
    return rotation or reflection


def _draws_content(resources: object, category: str, args: Sequence[bytes]) -> bool:
    """Whether the named resource (the last operand) draws content of its own that the walk
    does not follow: a tiling pattern (/Pattern), or an ExtGState with a soft-mask group.
    False for a name the resources lack (nothing is drawn); True when the lookup fails."""
    last = args[-1] if args else b""
    name = last.decode("utf-8", "surrogateescape") if last.startswith(b"/") else None
    if name is None:
        return False  # a colour for a non-pattern space, or no operand
    try:
        entry = resources.get(category, {}).get(name)  # type: ignore[union-attr]
        if entry is None:
            return False  # nothing is drawn with a missing resource
        if category == "/Pattern":
            return int(entry.get("/PatternType", 1)) == 1
        mask = entry.get("/SMask")
        return isinstance(mask, pikepdf.Dictionary) and "/G" in mask
    except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
        return True


def _resource(resources: object, category: str, args: Sequence[bytes]) -> object | None:
    """The resource of `category` (/Pattern, /Shading) that the last operand names; None when
    there is no such name or entry, or the lookup fails."""
    name = _name(args[-1]) if args else None
    if name is None:
        return None
    try:
        return resources.get(category, {}).get(str(name))  # type: ignore[union-attr]
    except (AttributeError, TypeError, pikepdf.PdfError):  # resources of the wrong type
        return None


def _bbox_on_page(shading: object, ctm: Matrix) -> BBox | None:
    """The page-space bounds of a shading's or form's own /BBox, if it has one."""
    try:
        x0, y0, x1, y1 = (float(v) for v in shading.get("/BBox"))  # type: ignore[union-attr]
    except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
        return None
    return _box([_apply(ctm, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))])


def _intersection(a: BBox, b: BBox) -> BBox:
    """The overlap of two boxes (an empty box where they do not meet)."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    return (x0, y0, max(x0, min(a[2], b[2])), max(y0, min(a[3], b[3])))


def _shown(box: BBox | None, st: _State) -> BBox | None:
    """What an image placed at ``box`` by ``st``'s CTM covers: the box cut to the clip's
    bounds, for an image the CTM leaves upright or turns by quarter turns (None otherwise: its
    box, the bounds of its corners, holds page it does not cover)."""
    a, b, c, d = st.ctm[:4]
    tol = 1e-6 * max(abs(a), abs(b), abs(c), abs(d), 1e-12)
    square = (abs(b) <= tol and abs(c) <= tol) or (abs(a) <= tol and abs(d) <= tol)
    if box is None or not square:
        return None
    return box if st.clip is None else _intersection(box, st.clip)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _box(points: Sequence[tuple[float, float]]) -> BBox | None:
    if not points:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass
class _State:
    ctm: Matrix
    fill_spec: tuple = GRAY
    stroke_spec: tuple = GRAY
    fill: Colour | None = None
    stroke: Colour | None = None
    render_mode: int = 0
    horizontal_scale: float = 1.0  # Tz / 100
    # what a pattern paints with: (kind, colour) of a shading's stops or a tiling cell's paints
    fill_stops: tuple[tuple[str, Colour], ...] = ()
    stroke_stops: tuple[tuple[str, Colour], ...] = ()
    clip: BBox | None = None  # the clipping path's bounds in page space (None: not clipped)
    fill_alpha: float = 1.0  # ExtGState /ca
    stroke_alpha: float = 1.0  # ExtGState /CA
    blended: bool = False  # an ExtGState's blend mode other than Normal, or its soft mask
    mask: soft_masks.Shows = None  # where the soft mask lets paint show (None: everywhere)
    overprint_fill: bool = False  # ExtGState /op (defaults to /OP)
    overprint_stroke: bool = False  # ExtGState /OP
    overprint_mode: int = 0  # ExtGState /OPM

    def copy(self) -> _State:
        return _State(
            self.ctm,
            self.fill_spec,
            self.stroke_spec,
            self.fill,
            self.stroke,
            self.render_mode,
            self.horizontal_scale,
            self.fill_stops,
            self.stroke_stops,
            self.clip,
            self.fill_alpha,
            self.stroke_alpha,
            self.blended,
            self.mask,
            self.overprint_fill,
            self.overprint_stroke,
            self.overprint_mode,
        )


def _nums(args: Sequence[bytes]) -> list[float]:
    """The numeric operands (a pattern name among them is left out)."""
    return [_num(a) for a in args if a[0] not in _NOT_NUMBER]


_NOT_NUMBER = frozenset(b"/?")


def _name(arg: bytes) -> pikepdf.Name | None:
    if arg[:1] == b"/":
        return pikepdf.Name(arg.decode("utf-8", "surrogateescape"))
    return None


_PAINT_OPS = {
    b"f": (True, False),
    b"F": (True, False),
    b"f*": (True, False),
    b"S": (False, True),
    b"s": (False, True),
    b"B": (True, True),
    b"B*": (True, True),
    b"b": (True, True),
    b"b*": (True, True),
    b"n": (False, False),
}
(
    _Q_PUSH,
    _Q_POP,
    _DEVICE_FILL,
    _DEVICE_STROKE,
    _PATH,
    _PAINT,
    _TEXT_SHOW,
    _TEXT_POS,
    _CM,
    _SPACE,
    _SPACE_COLOUR,
    _TR,
    _DO,
    _BI,
    _TZ,
    _GS,
    _SH,
    _CLIP,
    _MARK,
    _MARK_END,
) = range(1, 21)
#: The operators the walker interprets, by what they do (all others only end an operand list).
_CODES: dict[bytes, int] = {
    b"q": _Q_PUSH,
    b"Q": _Q_POP,
    **{op: _DEVICE_FILL for op in (b"g", b"rg", b"k")},
    **{op: _DEVICE_STROKE for op in (b"G", b"RG", b"K")},
    **{op: _PATH for op in (b"m", b"l", b"c", b"v", b"y", b"re")},
    **{op: _PAINT for op in _PAINT_OPS},
    **{op: _TEXT_SHOW for op in (b"Tj", b"TJ", b"T*", b"'", b'"')},
    **{op: _TEXT_POS for op in (b"BT", b"Tm", b"Td", b"TD", b"TL")},
    b"cm": _CM,
    b"cs": _SPACE,
    b"CS": _SPACE,
    **{op: _SPACE_COLOUR for op in (b"sc", b"scn", b"SC", b"SCN")},
    b"Tr": _TR,
    b"Tz": _TZ,
    b"gs": _GS,
    b"sh": _SH,
    b"W": _CLIP,
    b"W*": _CLIP,
    b"BMC": _MARK,
    b"BDC": _MARK,
    b"EMC": _MARK_END,
    b"Do": _DO,
    b"BI": _BI,
}


class _Walker:
    """Interprets a content stream's colour, path and text-position operators."""

    def __init__(
        self, out: PageColours, max_paints: int, layers: Layers | None = None, target: str = ""
    ) -> None:
        self.out = out
        self.target = target
        self.res = SpaceResolver(out.icc)
        self.max_paints = max_paints
        self.forms_seen: dict[tuple[int, int], int] = {}
        self._device_colours: dict[tuple, Colour | None] = {}
        self.layers = layers
        self.base: Matrix = (1, 0, 0, 1, 0, 0)  # the page's user space to page points
        self._cells: dict[tuple[int, int], tuple[tuple[str, Colour], ...]] = {}
        self.masks = soft_masks.SoftMasks(self._group_paints)
        # open marked-content sequences, True for those of a hidden layer, and how many are
        self._marks: list[bool] = []
        self.hidden = 0

    def _mark(self, args: list[bytes], resources: object) -> None:
        """BMC/BDC: a marked-content sequence begins; `/OC /name BDC` in a hidden layer hides
        what it paints."""
        hidden = False
        name = _name(args[1]) if len(args) >= 2 and args[0] == b"/OC" else None
        if self.layers is not None and name is not None:
            try:
                properties = resources.get("/Properties", {})  # type: ignore[union-attr]
                hidden = self.layers.hidden(properties.get(name))
            except (AttributeError, TypeError, pikepdf.PdfError):
                hidden = False
        self._marks.append(hidden)
        self.hidden += hidden

    def _unmark(self, floor: int) -> None:
        """Close the marked-content sequences opened above `floor` (a stream's are its own)."""
        while len(self._marks) > floor:
            self.hidden -= self._marks.pop()

    def _add(
        self,
        kind: str,
        colour: Colour | None,
        bbox: BBox | None,
        device: str = "",
        source: tuple[str, ...] = (),
        see_through: bool = False,
        inks: tuple[str, ...] = (),
        own_alpha: bool = False,
        shown: BBox | None = None,
    ) -> None:
        if self.hidden or (colour is not None and colour.family in UNPRINTED):
            return  # in a hidden layer; registration marks, or an ink that never marks
        if len(self.out.paints) < self.max_paints:
            paint = Paint(kind, colour, bbox, device, source, see_through, inks, own_alpha, shown)
            self.out.paints.append(paint)

    def _device_colour(self, spec: tuple, args: list) -> Colour | None:
        """g/rg/k colours, made once per space and distinct operand list."""
        key = (spec, *args)
        colour = self._device_colours.get(key, _MISSING)
        if colour is _MISSING:
            colour = self.res.colour(spec, [_num(a) for a in args])
            self._device_colours[key] = colour
        return colour  # type: ignore[return-value]

    def walk(
        self,
        stream: object,
        resources: object,
        st: _State,
        depth: int = 0,
        forms: tuple[str, ...] = (),
    ) -> None:
        """Interpret `stream` starting from (a copy of) the graphics state `st`; `forms` are
        the names of the form XObjects it is drawn through."""
        if depth > _MAX_DEPTH:
            self.out.text_maybe_stretched = True  # unknown: the form is not walked
            return
        read = content_tokens(stream)
        if read is None:
            self.out.text_maybe_stretched = True  # unknown: the stream is not walked
            return
        tokens, images = read
        marks = len(self._marks)
        try:
            self._walk(tokens, iter(images), resources, st, depth, forms, marks)
        finally:
            self._unmark(marks)  # unbalanced BDC/EMC end with their stream

    def _walk(
        self,
        tokens: list[bytes],
        next_image: Iterator[object],
        resources: object,
        st: _State,
        depth: int,
        forms: tuple[str, ...],
        marks: int,
    ) -> None:
        """The walk itself; `marks` is the number of marked-content sequences open outside."""
        st = st.copy()
        stack: list[_State] = []
        device_ops = self.res.device_ops(resources)
        # the current path's bounds in page space (has_path False: no point yet)
        px0 = py0 = px1 = py1 = 0.0
        has_path = False
        clipping = False  # W or W*: the next path-painting operator also clips
        tm: Matrix = (1, 0, 0, 1, 0, 0)
        tlm: Matrix = tm
        leading = 0.0
        spaces: dict[bytes, tuple] = {}
        args: list[bytes] = []
        codes = _CODES
        operand_first = OPERAND_FIRST
        for tok in tokens:
            code = codes.get(tok)
            if code is None:
                if tok[0] in operand_first:
                    args.append(tok)
                else:
                    args = []  # an operator this walker does not need
                continue
            if code == _Q_PUSH:
                stack.append(st.copy())
            elif code == _Q_POP:
                if stack:
                    st = stack.pop()
            elif code == _DEVICE_FILL:
                spec = device_ops[tok]
                st.fill_spec, st.fill = spec, self._device_colour(spec, args)
                st.fill_stops = ()
            elif code == _DEVICE_STROKE:
                spec = device_ops[tok]
                st.stroke_spec, st.stroke = spec, self._device_colour(spec, args)
                st.stroke_stops = ()
            elif code == _PATH:
                if tok == b"re":
                    if len(args) != 4:
                        args = []
                        continue
                    x, y, w, h = (_num(a) for a in args)
                    pts: Sequence[tuple[float, float]] = (
                        (x, y),
                        (x + w, y),
                        (x, y + h),
                        (x + w, y + h),
                    )
                else:
                    nums = [_num(a) for a in args]
                    if tok in (b"m", b"l"):
                        nums = nums[:2] if len(nums) >= 2 else []
                    pts = tuple(zip(nums[0:-1:2], nums[1::2], strict=False))
                a, b, c, d, e, f = st.ctm
                for x, y in pts:
                    tx, ty = a * x + c * y + e, b * x + d * y + f
                    if not has_path:
                        px0 = px1 = tx
                        py0 = py1 = ty
                        has_path = True
                    else:
                        px0, px1 = min(px0, tx), max(px1, tx)
                        py0, py1 = min(py0, ty), max(py1, ty)
            elif code == _PAINT:
                fill, stroke = _PAINT_OPS[tok]
                box = (px0, py0, px1, py1) if has_path else None
                if st.clip is not None and box is not None and apart(box, st.clip):
                    fill = stroke = False  # entirely outside the clipping path
                if soft_masks.hides(st.mask, box):
                    fill = stroke = False  # where the soft mask hides everything
                fill = fill and st.fill_alpha > 0.0
                stroke = stroke and st.stroke_alpha > 0.0
                if fill:
                    veiled = st.blended or st.fill_alpha < 1.0
                    self._add("fill", st.fill, box, see_through=veiled)
                    for kind, stop in st.fill_stops:
                        self._add(kind, stop, box, see_through=veiled)
                if stroke:
                    veiled = st.blended or st.stroke_alpha < 1.0
                    self._add("stroke", st.stroke, box, see_through=veiled)
                    for kind, stop in st.stroke_stops:
                        self._add(kind, stop, box, see_through=veiled)
                if clipping and box is not None:
                    st.clip = box if st.clip is None else _intersection(st.clip, box)
                clipping = has_path = False
            elif code == _CLIP:
                clipping = True
            elif code == _SH:
                shading = _resource(resources, "/Shading", args)
                area = st.clip or _bbox_on_page(shading, st.ctm)
                veiled = st.blended or st.fill_alpha < 1.0
                shown = st.fill_alpha > 0.0 and not soft_masks.hides(st.mask, area)
                for stop in self.res.stops(shading, resources) if shown else ():
                    self._add("gradient", stop, area, see_through=veiled)
            elif code == _TEXT_SHOW:
                if tok != b"Tj" and tok != b"TJ":  # T*, ' and " move to the next line first
                    tm = tlm = _mul((1, 0, 0, 1, 0, -leading), tlm)
                if tok != b"T*":
                    self._text(st, tm)
            elif code == _TEXT_POS:
                if tok == b"BT":
                    tm = tlm = (1, 0, 0, 1, 0, 0)
                elif tok == b"Tm":
                    if len(args) == 6:
                        tm = tlm = tuple(_num(a) for a in args)  # type: ignore[assignment]
                elif tok == b"TL":
                    if args:
                        leading = _num(args[0])
                elif len(args) == 2:  # Td, TD
                    tx, ty = _num(args[0]), _num(args[1])
                    if tok == b"TD":
                        leading = -ty
                    tm = tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
            elif code == _CM:
                if len(args) == 6:
                    st.ctm = _mul(tuple(_num(a) for a in args), st.ctm)  # type: ignore[arg-type]
            elif code == _SPACE:
                if args:
                    spec = spaces.get(args[0])
                    if spec is None:
                        spec = self.res.space(_name(args[0]), resources)
                        spaces[args[0]] = spec
                    colour = self.res.initial(spec)
                    if tok == b"cs":
                        st.fill_spec, st.fill, st.fill_stops = spec, colour, ()
                    else:
                        st.stroke_spec, st.stroke, st.stroke_stops = spec, colour, ()
            elif code == _SPACE_COLOUR:
                spec = st.fill_spec if tok in (b"sc", b"scn") else st.stroke_spec
                stops: tuple[tuple[str, Colour], ...] = ()
                if spec[0] == "pattern":
                    pattern = _resource(resources, "/Pattern", args)
                    if _draws_content(resources, "/Pattern", args):
                        self.out.text_maybe_stretched = True  # a tiling pattern's cells
                        stops = self._cell_paints(pattern, depth)
                    shading = self.res.pattern_stops(pattern, resources)
                    stops += tuple(("gradient", c) for c in shading)
                if tok in (b"sc", b"scn"):
                    st.fill = self.res.colour(st.fill_spec, _nums(args))
                    st.fill_stops = stops
                else:
                    st.stroke = self.res.colour(st.stroke_spec, _nums(args))
                    st.stroke_stops = stops
            elif code == _GS:
                gstate = _resource(resources, "/ExtGState", args)
                if _draws_content(resources, "/ExtGState", args):
                    self.out.text_maybe_stretched = True  # a soft mask's group
                _set_alpha(st, gstate)
                st.mask = self.masks.set_by(gstate, st.ctm, depth, st.mask)
            elif code == _MARK:
                self._mark(args, resources)
            elif code == _MARK_END:
                if len(self._marks) > marks:
                    self.hidden -= self._marks.pop()
            elif code == _TR:
                if args:
                    st.render_mode = int(_num(args[0]))
            elif code == _TZ:
                if args:
                    st.horizontal_scale = _num(args[0]) / 100.0
            elif code == _DO:
                if args:
                    name = args[0].decode("utf-8", "surrogateescape")
                    self._xobject(name, resources, st, depth, forms)
            elif code == _BI:
                self._inline_image(next(next_image, None), resources, st)
            args = []

    def _inline_image(self, ins: object, resources: object, st: _State) -> None:
        if not isinstance(ins, pikepdf.ContentStreamInlineImage):
            return
        cs = ins.iimage.obj.get("/CS", ins.iimage.obj.get("/ColorSpace"))
        spec = self.res.space(cs, resources) if cs is not None else GRAY
        box = _box(self._unit(st.ctm))
        if not _shows(st, box):
            return
        veiled = st.blended or st.fill_alpha < 1.0
        if ins.iimage.obj.get("/IM", ins.iimage.obj.get("/ImageMask", False)):
            self._add("fill", st.fill, box, see_through=veiled)
        else:
            inks, shown = image_inks(spec), _shown(box, st)
            self._add("image", None, box, spec[2], see_through=veiled, inks=inks, shown=shown)

    @staticmethod
    def _unit(ctm: Matrix) -> list[tuple[float, float]]:
        return [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]

    def _text(self, st: _State, tm: Matrix) -> None:
        if not self.out.text_maybe_stretched:
            h = st.horizontal_scale
            scaled = (h * tm[0], h * tm[1], tm[2], tm[3], 0.0, 0.0)
            self.out.text_maybe_stretched = not _uniform(_mul(scaled, st.ctm))
        # the text origin: (0, 0) through tm then the CTM (what _mul(tm, ctm) does to it)
        x, y = _apply(st.ctm, tm[4], tm[5])
        mode = st.render_mode
        masked = soft_masks.hides(st.mask, (x, y, x, y))  # the mask hides where it starts
        fills = mode in (0, 2, 4, 6) and st.fill_alpha > 0.0 and not masked
        strokes = mode in (1, 2, 5, 6) and st.stroke_alpha > 0.0 and not masked
        printed = fills and not self.hidden and self.target == "print"  # not in a hidden layer
        if printed and _inkless(st, st.fill, st.overprint_fill):
            self.out.inkless_text.append((x, y, x, y))
        if fills:
            self._add("text", st.fill, (x, y, x, y))
            for kind, stop in st.fill_stops:  # text filled with a gradient or pattern
                self._add(kind, stop, (x, y, x, y))
        if strokes:
            self._add("text", st.stroke, (x, y, x, y))
            for kind, stop in st.stroke_stops:
                self._add(kind, stop, (x, y, x, y))
        if not fills and not strokes:  # render mode 3 or 7, or fully transparent
            self._add("invisible", st.fill, (x, y, x, y))

    def _cell_paints(self, pattern: object, depth: int) -> tuple[tuple[str, Colour], ...]:
        """What a coloured tiling pattern's cell paints, as (kind, colour), walked once per
        pattern; painting with the pattern paints these over the area filled."""
        if not isinstance(pattern, pikepdf.Stream):
            return ()
        try:
            paint_type = int(pattern.get("/PaintType", 1))
        except (TypeError, ValueError, pikepdf.PdfError):
            return ()  # unknown: no cell colours (the caller notes the text may be missed)
        if paint_type != 1:
            return ()  # uncoloured: the colour comes with scn (see `SpaceResolver.colour`)
        key = pattern.objgen
        if key in self._cells:
            return self._cells[key]
        self._cells[key] = ()  # a pattern whose cell paints with itself
        outer, hidden = self.out.paints, self.hidden
        self.out.paints, self.hidden = [], 0  # the cell as it shows wherever it is used
        try:
            black = self.res.colour(GRAY, (0.0,))
            cell = _State(self.base, fill=black, stroke=black)
            self.walk(pattern, pattern.get("/Resources", pikepdf.Dictionary()), cell, depth + 1)
            found = [(p.kind, p.colour) for p in self.out.paints if p.colour is not None]
        finally:
            self.out.paints, self.hidden = outer, hidden
        self._cells[key] = tuple(dict.fromkeys(k for k in found if k[0] in _PAINTED_KINDS))
        return self._cells[key]

    def _group_paints(self, group: pikepdf.Stream, ctm: Matrix, depth: int) -> list[Paint] | None:
        """What a soft mask's group paints, walked on its own at `ctm` from black in its own
        /BBox (see `soft_masks`); None when the walk may have missed some of it."""
        outer, hidden, unsure = self.out.paints, self.hidden, self.out.text_maybe_stretched
        self.out.paints, self.hidden, self.out.text_maybe_stretched = [], 0, False
        try:
            black = self.res.colour(GRAY, (0.0,))
            matrix = tuple(_num(v) for v in group.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            inner = _State(_mul(matrix, ctm), fill=black, stroke=black)  # type: ignore[arg-type]
            inner.clip = _bbox_on_page(group, inner.ctm)
            self.walk(group, group.get("/Resources", pikepdf.Dictionary()), inner, depth + 1)
            painted, walked = self.out.paints, not self.out.text_maybe_stretched
        finally:
            self.out.paints, self.hidden = outer, hidden
            self.out.text_maybe_stretched = unsure or self.out.text_maybe_stretched
        return painted if walked else None

    def annotations(self, page: pikepdf.Page) -> None:
        """Walk the normal appearance of each annotation the page shows in its target (see
        `page_colours`; not in a hidden layer, popups left out), fitted to its /Rect."""
        try:
            annots = page.obj.get("/Annots")
            for annot in annots if isinstance(annots, pikepdf.Array) else ():
                self._annotation(annot)
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            self.out.text_maybe_stretched = True  # unknown: an annotation is not walked

    def _annotation(self, annot: object) -> None:
        if not isinstance(annot, pikepdf.Dictionary) or str(annot.get("/Subtype")) == "/Popup":
            return
        if not _annotation_shown(int(annot.get("/F", 0)), self.target):
            return
        if self.layers is not None and self.layers.hidden(annot.get("/OC")):
            return
        ap = annot.get("/AP", {}).get("/N")
        if isinstance(ap, pikepdf.Dictionary):  # appearance states: the one /AS names
            ap = ap.get(str(annot.get("/AS", "/Off")))
        if not isinstance(ap, pikepdf.Stream) or not self._form_walked(ap):
            return
        matrix = tuple(_num(v) for v in ap.get("/Matrix", [1, 0, 0, 1, 0, 0]))
        box = _bbox_on_page(ap, matrix)  # type: ignore[arg-type]
        rect = [_num(v) for v in annot.get("/Rect", [])]
        if box is None or len(rect) != 4 or box[2] <= box[0] or box[3] <= box[1]:
            return
        x0, x1 = min(rect[0], rect[2]), max(rect[0], rect[2])
        y0, y1 = min(rect[1], rect[3]), max(rect[1], rect[3])
        sx, sy = (x1 - x0) / (box[2] - box[0]), (y1 - y0) / (box[3] - box[1])
        fit = (sx, 0.0, 0.0, sy, x0 - box[0] * sx, y0 - box[1] * sy)
        black = self.res.colour(GRAY, (0.0,))
        st = _State(_mul(_mul(matrix, fit), self.base), fill=black, stroke=black)  # type: ignore[arg-type]
        st.clip = _box([_apply(self.base, x, y) for x in (x0, x1) for y in (y0, y1)])
        self.walk(ap, ap.get("/Resources", pikepdf.Dictionary()), st, 1)

    def _form_walked(self, form: pikepdf.Stream) -> bool:
        """Whether a form (drawn with Do, or an annotation's appearance) is walked this time:
        each is walked at most `_MAX_FORM_USES` times a page, so a form shared by thousands of
        uses is not tokenised and walked again for each."""
        key = form.objgen
        self.forms_seen[key] = self.forms_seen.get(key, 0) + 1
        if self.forms_seen[key] > _MAX_FORM_USES:
            self.out.text_maybe_stretched = True  # unknown: the form is not walked
            return False
        return True

    def _xobject(
        self, name: str, resources: object, st: _State, depth: int, forms: tuple[str, ...]
    ) -> None:
        try:
            xobj = resources.get("/XObject", {}).get(name)  # type: ignore[union-attr]
        except (AttributeError, pikepdf.PdfError):
            self.out.text_maybe_stretched = True  # unknown: the XObject is not walked
            return
        if not isinstance(xobj, pikepdf.Stream) or self.hidden:
            return  # nothing, or nothing seen (drawn in a hidden layer)
        if self.layers is not None and self.layers.hidden(xobj.get("/OC")):
            return  # the XObject's own layer is hidden
        subtype = str(xobj.get("/Subtype", ""))
        if subtype == "/Image":
            box = _box(self._unit(st.ctm))
            if not _shows(st, box):
                return
            veiled = st.blended or st.fill_alpha < 1.0
            if bool(xobj.get("/ImageMask", False)):
                self._add("fill", st.fill, box, see_through=veiled)
                return
            cs = xobj.get("/ColorSpace")
            spec = self.res.space(cs, resources) if cs is not None else ("other", "", "", 0, None)
            masked = "/SMask" in xobj or "/Mask" in xobj or bool(xobj.get("/SMaskInData", 0))
            inks = image_inks(spec)
            source = (*forms, name)
            own = masked and not veiled  # its pixels cover or let through, veiling nothing
            shown = _shown(box, st)
            self._add("image", None, box, spec[2], source, veiled or masked, inks, own, shown)
        elif subtype == "/Form":
            if not self._form_walked(xobj):
                return
            matrix = tuple(_num(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            inner = xobj.get("/Resources", resources)
            form_state = st.copy()
            form_state.ctm = _mul(matrix, st.ctm)  # type: ignore[arg-type]
            bbox = _bbox_on_page(xobj, form_state.ctm)  # the form's /BBox clips what it draws
            if bbox is not None:
                form_state.clip = bbox if st.clip is None else _intersection(st.clip, bbox)
                if form_state.clip is not None:  # its frame as the layout shows it: cropped
                    self.out.forms.append(form_state.clip)
            self.walk(xobj, inner, form_state, depth + 1, (*forms, name))


_MISSING = object()
_PAINTED_KINDS = frozenset({"fill", "stroke", "text", "gradient"})
_HIDDEN, _PRINT, _NO_VIEW = 2, 4, 32  # annotation flags


def _annotation_shown(flags: int, target: str) -> bool:
    """Whether an annotation with these /F flags shows in the target: in print when it has
    the Print flag (NoView does not matter), on screen when it is not NoView, and for no
    target given when both (printed and viewed); never when Hidden."""
    if flags & _HIDDEN:
        return False
    printed, viewed = bool(flags & _PRINT), not flags & _NO_VIEW
    if target == "print":
        return printed
    if target == "digital":
        return viewed
    return printed and viewed


def _shows(st: _State, box: BBox | None) -> bool:
    """Whether an image (or image mask) placed at `box` shows: not fully transparent, not
    entirely outside the clip."""
    if st.fill_alpha <= 0.0 or soft_masks.hides(st.mask, box):
        return False
    return st.clip is None or box is None or not apart(box, st.clip)


def _set_alpha(st: _State, gstate: object) -> None:
    """Take the constant alphas (/ca, /CA), the blend mode, the soft mask and the overprint
    (/OP, /op, /OPM) an ExtGState sets."""
    if not isinstance(gstate, pikepdf.Dictionary):
        return
    try:
        if "/ca" in gstate:
            st.fill_alpha = float(gstate.ca)
        if "/CA" in gstate:
            st.stroke_alpha = float(gstate.CA)
        if "/BM" in gstate:
            mode = gstate.BM
            first = mode[0] if isinstance(mode, pikepdf.Array) and len(mode) else mode
            st.blended = str(first) not in ("/Normal", "/Compatible")
        if "/SMask" in gstate:
            st.blended = st.blended or str(gstate.SMask) != "/None"
        if "/OP" in gstate:
            st.overprint_stroke = bool(gstate.OP)
            st.overprint_fill = bool(gstate.get("/op", gstate.OP))
        if "/op" in gstate:
            st.overprint_fill = bool(gstate.op)
        if "/OPM" in gstate:
            st.overprint_mode = int(gstate.OPM)
    except (TypeError, ValueError, IndexError, pikepdf.PdfError):
        pass


def _inkless(st: _State, colour: Colour | None, overprint: bool) -> bool:
    """Whether a paint in `colour` with overprint on leaves every plate as it was: DeviceCMYK
    0/0/0/0 in overprint mode 1 (zero components leave their plates alone). It shows as white
    on screen, not on the press. A spot ink at 0 % is not: overprint mode applies to
    DeviceCMYK only, so its own plate is painted 0 and the letters knock out of a ground in
    that ink (white on the press); whether they vanish depends on the ground's inks."""
    if not overprint or colour is None or not colour.values:
        return False
    if any(v > 0.0 for v in colour.values):
        return False
    return colour.space == "DeviceCMYK" and st.overprint_mode == 1


def page_colours(
    page: pikepdf.Page,
    to_page: Matrix,
    max_paints: int = 200_000,
    layers: Layers | None = None,
    target: str = "",
) -> PageColours:
    """Walk a page's content stream; `to_page` maps PDF user space to top-left page points.
    With the document's `layers`, what its hidden layers draw is left out. Annotations are
    walked as the `target` shows them: "print" those with the Print flag, "digital" those
    not NoView; without a target those both printed and viewed (never Hidden ones)."""
    out = PageColours()
    walker = _Walker(out, max_paints, layers, target)
    walker.base = to_page
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    gray = walker.res.colour(GRAY, (0.0,))
    walker.walk(page, resources, _State(to_page, fill=gray, stroke=gray))
    walker.annotations(page)
    return out
