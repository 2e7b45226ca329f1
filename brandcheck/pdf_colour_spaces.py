"""PDF colour spaces resolved to the colours they state, and a stated colour to its sRGB."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pikepdf
from PIL import Image

from brandcheck import cie_colours, pdf_calculator, pdf_functions
from brandcheck.document.cmyk import default_cmyk_to_srgb
from brandcheck.document.image import to_srgb

#: Device spaces by component count, for ICCBased/Cal spaces and images.
_DEVICE_BY_N = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}
_FAMILY = {"DeviceGray": "gray", "DeviceRGB": "rgb", "DeviceCMYK": "cmyk"}
#: Separation/DeviceN colorant names that are no spot ink: the process inks, /All and /None
NOT_SPOT_INKS = frozenset({"cyan", "magenta", "yellow", "black", "none", "all"})
#: Separation/DeviceN families that are not part of the design: /All (registration, printed
#: on every plate: printer's marks) and /None (never marks the page). Their paints are left out.
UNPRINTED = frozenset({"registration", "none"})


@dataclass(frozen=True)
class Colour:
    """A colour as the PDF states it.

    `family` is gray, rgb, cmyk, spot (Separation/DeviceN with a named ink), lab, other, or
    registration (Separation /All) or none (the /None ink), whose paints the walk leaves out;
    `space` the space's PDF name; `device` the device space it stands for (DeviceGray, DeviceRGB,
    DeviceCMYK, Separation, DeviceN; ICCBased and Cal spaces map by component count);
    `values` the components in 0..1 (tints for spot colours); `names` the inks of a spot
    colour; `icc` a key into `pdf_colours.PageColours.icc` for ICCBased spaces; `alternate` the
    colour in the alternate space when a spot colour's tint transform could be evaluated; `cie`
    the parameters of a Lab, CalRGB or CalGray space (see `cie_colours`). Lab values are L*,
    a*, b* as stated.
    """

    family: str
    space: str
    device: str
    values: tuple[float, ...]
    names: tuple[str, ...] = ()
    icc: str | None = None
    alternate: Colour | None = None
    cie: tuple[float, ...] = ()


def spot_key(name: str) -> str:
    """Normalise a spot/Pantone name: 'PANTONE Rubine Red C' and 'Rubine Red' -> 'rubinered',
    'Pantone 228C' and 'PANTONE 228 PC' -> '228'."""
    v = name.strip().lower()
    v = re.sub(r"^(pantone|pms)[\s_-]*", "", v)
    # the paper suffix, apart or, after a number, attached ('228C'): coated, uncoated, matte,
    # process coated/uncoated and the older CV names
    v = re.sub(r"(?:[\s_-]+|(?<=\d))(c|u|m|cp|up|pc|cv|cvc|cvu|coated|uncoated)$", "", v)
    return re.sub(r"[^0-9a-z]", "", v)


def _eval_function(fn: object, tints: Sequence[float]) -> list[float] | None:
    """Evaluate a tint transform: of one ink (see `pdf_functions.evaluate`), or of several
    when it is a calculator function (see `pdf_calculator`); else None."""
    if len(tints) == 1:
        return pdf_functions.evaluate(fn, tints[0])
    try:
        calculator = isinstance(fn, pikepdf.Stream) and int(fn.get("/FunctionType", -1)) == 4
    except (TypeError, ValueError, pikepdf.PdfError):
        return None
    return pdf_calculator.evaluate(fn, tints) if calculator else None


class SpaceResolver:
    """Turns colour space resources into `Colour` factories, remembering ICC profiles."""

    def __init__(self, icc: dict[str, bytes]) -> None:
        self.icc = icc  # the page's profiles by key (`pdf_colours.PageColours.icc`)
        self._stops: dict[tuple[int, int] | bytes, tuple[Colour, ...]] = {}

    def space(self, obj: object, resources: object, depth: int = 0) -> tuple:
        """(kind, space, device, n, extra) for a colour space name or array."""
        if depth > 4:
            return ("other", "Unknown", "", 1, None)
        if isinstance(obj, pikepdf.Name):
            name = str(obj)[1:]
            if name in ("DeviceGray", "G"):
                return self._default(GRAY, resources, depth)
            if name in ("DeviceRGB", "RGB"):
                return self._default(_RGB, resources, depth)
            if name in ("DeviceCMYK", "CMYK"):
                return self._default(_CMYK, resources, depth)
            if name == "Pattern":
                return ("pattern", "Pattern", "", 0, None)
            try:
                found = resources.get("/ColorSpace", {}).get(str(obj))  # type: ignore[union-attr]
            except (AttributeError, pikepdf.PdfError):
                found = None
            if found is None:
                return ("other", name, "", 1, None)
            return self.space(found, resources, depth + 1)
        if isinstance(obj, pikepdf.Array) and len(obj) > 0:
            head = str(obj[0])[1:]
            if head == "ICCBased":
                stream = obj[1]
                n = int(stream.get("/N", 3))
                key = f"icc{stream.objgen}"
                if key not in self.icc:
                    try:
                        self.icc[key] = bytes(stream.read_bytes())
                    except pikepdf.PdfError:
                        key = ""
                device = _DEVICE_BY_N.get(n, "")
                return (_FAMILY.get(device, "other"), "ICCBased", device, n, key or None)
            if head in ("CalRGB", "CalGray"):
                device = "DeviceRGB" if head == "CalRGB" else "DeviceGray"
                n = 3 if head == "CalRGB" else 1
                return (_FAMILY[device], head, device, n, _cie_params(head, obj))
            if head == "Lab":
                return ("lab", "Lab", "Lab", 3, _cie_params(head, obj))
            if head in ("Separation", "DeviceN"):
                raw = obj[1]
                names = (
                    (str(raw)[1:],)
                    if isinstance(raw, pikepdf.Name)
                    else tuple(str(v)[1:] for v in raw)
                )
                alt = self.space(obj[2], resources, depth + 1)
                inks = [n for n in names if n.lower() not in NOT_SPOT_INKS]
                family = "spot" if inks else ("cmyk" if names else "other")
                if names == ("All",):
                    family = "registration"  # printer's marks: every plate
                elif names and all(n == "None" for n in names):
                    family = "none"  # never marks the page
                return (family, head, head, len(names), (names, alt, obj[3]))
            if head == "Indexed":
                base = self.space(obj[1], resources, depth + 1)
                lookup = obj[3]
                data = (
                    bytes(lookup.read_bytes())
                    if isinstance(lookup, pikepdf.Stream)
                    else bytes(lookup)
                )
                return ("indexed", "Indexed", base[2], 1, (base, data))
            if head == "Pattern":  # with an underlying space: uncoloured tiling patterns
                base = self.space(obj[1], resources, depth + 1) if len(obj) > 1 else None
                return ("pattern", "Pattern", base[2] if base else "", base[3] if base else 0, base)
            return self.space(obj[0], resources, depth + 1)
        return ("other", "Unknown", "", 1, None)

    def _default(self, device: tuple, resources: object, depth: int) -> tuple:
        """A device space used directly, or the resources' Default space for it (/DefaultRGB
        and the like: a CIE-based space with as many components) when they have one."""
        if depth:
            return device  # an Indexed base or a spot colour's alternate is not substituted
        try:
            spaces = resources.get("/ColorSpace", {})  # type: ignore[union-attr]
            found = spaces.get(_DEFAULT[device[2]])
        except (AttributeError, TypeError, pikepdf.PdfError):
            found = None
        if found is None:
            return device
        spec = self.space(found, resources, depth + 1)
        return spec if spec[1] in _CIE_BASED and spec[3] == device[3] else device

    def device_ops(self, resources: object) -> dict[bytes, tuple]:
        """The spaces g/G, rg/RG and k/K set colours in: the device spaces, or the Default
        spaces of `resources` that stand for them."""
        try:
            spaces = resources.get("/ColorSpace")  # type: ignore[union-attr]
            if not isinstance(spaces, pikepdf.Dictionary) or not any(
                key in spaces for key in _DEFAULT.values()
            ):
                return _COLOUR_OPS
        except (AttributeError, TypeError, pikepdf.PdfError):
            return _COLOUR_OPS
        return {op: self._default(spec, resources, 0) for op, spec in _COLOUR_OPS.items()}

    def colour(self, spec: tuple, values: Sequence[float]) -> Colour | None:
        kind, space, device, n, extra = spec
        vals = tuple(float(v) for v in values[:n]) if n else ()
        if kind == "pattern":  # an uncoloured pattern's cells paint in the operands' colour
            return self.colour(extra, vals) if extra is not None and n and len(vals) == n else None
        if kind == "indexed":
            base, data = extra
            bn = base[3] or 1
            i = int(vals[0]) if vals else 0
            chunk = data[i * bn : (i + 1) * bn]
            if len(chunk) < bn:
                return None
            return self.colour(base, [b / 255.0 for b in chunk])
        if kind in UNPRINTED:
            return Colour(kind, space, device, vals, extra[0])
        if kind in ("spot", "cmyk") and isinstance(extra, tuple):
            names, alt_spec, fn = extra
            if kind == "cmyk":
                order = ["cyan", "magenta", "yellow", "black"]
                cmyk = [0.0, 0.0, 0.0, 0.0]
                for name, tint in zip(names, vals, strict=False):
                    if name.lower() in order:
                        cmyk[order.index(name.lower())] = tint
                return Colour("cmyk", space, "DeviceCMYK", tuple(cmyk), names)
            alt_vals = _eval_function(fn, vals)
            alternate = self.colour(alt_spec, alt_vals) if alt_vals is not None else None
            return Colour(kind, space, device, vals, names, alternate=alternate)
        icc = extra if kind in ("gray", "rgb", "cmyk") and isinstance(extra, str) else None
        cie = extra if isinstance(extra, tuple) and kind in ("gray", "rgb", "lab") else ()
        return Colour(kind, space, device, vals, (), icc, cie=cie)

    def stops(self, shading: object, resources: object) -> tuple[Colour, ...]:
        """The colour stops of an axial, radial or function-driven mesh shading (a gradient);
        () for others (function-based, free-form meshes with colours per vertex) and for
        functions `pdf_functions` does not evaluate."""
        if not isinstance(shading, pikepdf.Dictionary | pikepdf.Stream):
            return ()
        # a shading written directly into each pattern (Cairo) is worked out once too
        key = shading.objgen if shading.is_indirect else bytes(shading.unparse())
        if key in self._stops:
            return self._stops[key]
        found: tuple[Colour, ...] = ()
        try:
            fn = shading.get("/Function")
            if int(shading.get("/ShadingType", 0)) in _FUNCTION_GRADIENTS and fn is not None:
                spec = self.space(shading.get("/ColorSpace"), resources)
                domain = [float(v) for v in shading.get("/Domain", [])]
                span = (domain[0], domain[1]) if len(domain) >= 2 else None
                values = pdf_functions.stops(fn, span)
                colours = (self.colour(spec, v) for v in values or ())
                found = tuple(c for c in colours if c is not None)
        except pdf_functions.BROKEN:  # one malformed gradient is not judged; the page still is
            found = ()
        self._stops[key] = found
        return found

    def pattern_stops(self, pattern: object, resources: object) -> tuple[Colour, ...]:
        """The colour stops of a shading pattern (the one `scn`/`SCN` names); () for other
        patterns and for none."""
        try:
            if pattern is None or int(pattern.get("/PatternType", 1)) != 2:  # type: ignore[attr-defined]
                return ()
            return self.stops(pattern.get("/Shading"), resources)  # type: ignore[attr-defined]
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            return ()

    def initial(self, spec: tuple) -> Colour | None:
        kind, _space, _device, n, _extra = spec
        if kind == "pattern":
            return None
        if kind == "cmyk" and n == 4 and _space != "DeviceN":
            return self.colour(spec, (0.0, 0.0, 0.0, 1.0))
        if kind in ("spot", "cmyk"):
            return self.colour(spec, (1.0,) * n)
        return self.colour(spec, (0.0,) * n)


#: Shading types whose colours come from a function of one variable: axial, radial, and the
#: meshes (types 4 to 7) when they carry a /Function (their vertices then hold its input).
_FUNCTION_GRADIENTS = frozenset({2, 3, 4, 5, 6, 7})
GRAY = ("gray", "DeviceGray", "DeviceGray", 1, None)
_RGB = ("rgb", "DeviceRGB", "DeviceRGB", 3, None)
_CMYK = ("cmyk", "DeviceCMYK", "DeviceCMYK", 4, None)
#: The Default colour space that stands for each device space, when a resource has it.
_DEFAULT = {"DeviceGray": "/DefaultGray", "DeviceRGB": "/DefaultRGB", "DeviceCMYK": "/DefaultCMYK"}
_CIE_BASED = frozenset({"ICCBased", "CalRGB", "CalGray"})


def _cie_params(head: str, space: object) -> tuple[float, ...] | None:
    """The parameters `cie_colours` converts a Lab, CalRGB or CalGray colour with (defaults
    where the dictionary leaves them out); None when they cannot be read."""
    try:
        entries = space[1]  # type: ignore[index]
        white = tuple(float(v) for v in entries.get("/WhitePoint"))
        if len(white) != 3:
            return None
        if head == "Lab":
            ranges = tuple(float(v) for v in entries.get("/Range", [-100, 100, -100, 100]))
            return white + (ranges if len(ranges) == 4 else (-100.0, 100.0, -100.0, 100.0))
        if head == "CalGray":
            return (*white, float(entries.get("/Gamma", 1)))
        gamma = tuple(float(v) for v in entries.get("/Gamma", [1, 1, 1]))
        matrix = tuple(float(v) for v in entries.get("/Matrix", [1, 0, 0, 0, 1, 0, 0, 0, 1]))
        return white + gamma + matrix if len(gamma) == 3 and len(matrix) == 9 else None
    except (AttributeError, IndexError, TypeError, ValueError, pikepdf.PdfError):
        return None


_COLOUR_OPS = {b"g": GRAY, b"G": GRAY, b"rg": _RGB, b"RG": _RGB, b"k": _CMYK, b"K": _CMYK}


def image_inks(spec: tuple) -> tuple[str, ...]:
    """The spot inks an image's colour space (as `SpaceResolver.space` gives it) prints with: a
    Separation or DeviceN space's named inks, also as an Indexed space's base; () for others."""
    kind, extra = spec[0], spec[4]
    if kind == "indexed" and isinstance(extra, tuple):
        kind, extra = extra[0][0], extra[0][4]
    if kind == "spot" and isinstance(extra, tuple):
        return tuple(n for n in extra[0] if n.lower() not in NOT_SPOT_INKS)
    return ()


def cmyk_to_srgb(cmyk: np.ndarray, icc: bytes | None = None) -> np.ndarray:
    """CMYK in 0..1, shape (N, 4), to uint8 sRGB (N, 3).

    With an ICC profile the conversion is LittleCMS's (the same chain the image reader uses);
    without one it is MuPDF's default CMYK profile, i.e. how the page raster shows DeviceCMYK.
    """
    arr = np.clip(np.rint(np.atleast_2d(cmyk) * 255.0), 0, 255).astype(np.uint8)
    if len(arr) == 0:
        return np.zeros((0, 3), np.uint8)
    if icc:
        img = Image.frombytes("CMYK", (len(arr), 1), arr.tobytes())
        img.info["icc_profile"] = icc
        return np.asarray(to_srgb(img)).reshape(-1, 3)
    return default_cmyk_to_srgb(arr)


def colour_to_srgb(colour: Colour, icc: dict[str, bytes]) -> np.ndarray | None:
    """The sRGB (uint8, 3) a stated colour shows as, or None when it cannot be known:
    ICCBased grey and RGB, CalRGB, CalGray and Lab through `cie_colours`; device grey and
    RGB (and CIE-based ones whose profile or parameters cannot be used) as their numbers."""
    if colour.family == "spot":
        return colour_to_srgb(colour.alternate, icc) if colour.alternate else None
    v = colour.values
    if colour.family == "lab":
        return cie_colours.lab_to_srgb(v, colour.cie) if colour.cie else None
    if colour.family in ("gray", "rgb"):
        profile = icc.get(colour.icc) if colour.icc else None
        if profile:
            shown = cie_colours.icc_to_srgb(v, profile)
        else:
            shown = cie_colours.cal_to_srgb(colour.space, v, colour.cie) if colour.cie else None
        if shown is not None:
            return shown
    if colour.family == "gray" and len(v) >= 1:
        g = np.clip(np.rint(np.array([v[0]] * 3) * 255.0), 0, 255)
        return g.astype(np.uint8)
    if colour.family == "rgb" and len(v) >= 3:
        return np.clip(np.rint(np.array(v[:3]) * 255.0), 0, 255).astype(np.uint8)
    if colour.family == "cmyk" and len(v) >= 4:
        profile = icc.get(colour.icc) if colour.icc else None
        return cmyk_to_srgb(np.array([v[:4]]), profile)[0]
    return None
