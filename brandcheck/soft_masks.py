"""Where a PDF soft mask lets paint show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pikepdf

from brandcheck.geometry import apart
from brandcheck.report import BBox

if TYPE_CHECKING:
    from brandcheck.pdf_colours import Matrix, Paint

#: Where a soft mask lets paint show: page-space boxes (empty: nowhere); None: everywhere.
Shows = tuple[BBox, ...] | None
#: What a mask's group paints, walked on its own at a CTM and nesting depth; None when the
#: walk could not follow all of it (the content-stream walker gives this).
GroupPaints = Callable[[pikepdf.Stream, "Matrix", int], "list[Paint] | None"]


class SoftMasks:
    """The soft masks one page's ExtGStates set, each group walked once per place it is set."""

    def __init__(self, group_paints: GroupPaints) -> None:
        self._group_paints = group_paints
        self._known: dict[tuple, Shows] = {}  # by group (and what else decides) and CTM

    def set_by(self, gstate: object, ctm: Matrix, depth: int, current: Shows) -> Shows:
        """The soft mask in force after `gs` sets `gstate` at `ctm`: the one it sets (see
        `_shows`; /None removes it), else `current`; everywhere when it cannot be read."""
        if not isinstance(gstate, pikepdf.Dictionary) or "/SMask" not in gstate:
            return current
        try:
            mask = gstate.SMask
            key = _key(mask, ctm)
            if key is not None and key in self._known:  # a mask used again in the same place
                return self._known[key]
            shows = self._shows(mask, ctm, depth)  # /None: no mask
            if key is not None:
                self._known[key] = shows
            return shows
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            return None  # unknown: everything may show

    def _shows(self, mask: object, ctm: Matrix, depth: int) -> Shows:
        """Where a soft mask lets paint show, as the page-space boxes of what its group
        paints that is not zero in the mask: for a luminosity mask what is not painted
        black, for an alpha mask whatever is painted. Outside them, on the mask's black (or
        empty) backdrop, nothing shows: a paint entirely there is not seen. None (shows
        everywhere) when that cannot be told: a transfer function, a backdrop colour other than
        black, a group that cannot be walked or paints in colours not known to be black."""
        if not isinstance(mask, pikepdf.Dictionary):
            return None
        group = mask.get("/G")
        luminosity = mask.get("/S") == pikepdf.Name.Luminosity
        transfer = mask.get("/TR")
        backdrop = _backdrop(mask) if luminosity else []
        if not isinstance(group, pikepdf.Stream) or (
            transfer is not None and transfer != "/Identity"
        ):
            return None
        if not _black_backdrop(backdrop):
            return None  # a backdrop other than black: it shows where the group paints nothing
        painted = self._group_paints(group, ctm, depth)
        if painted is None:
            return None
        shows = [p for p in painted if p.kind != "invisible" and not (luminosity and _black(p))]
        # a text paint's box is its origin only, not where its glyphs reach
        if any(p.bbox is None or p.kind == "text" for p in shows):
            return None
        return tuple(p.bbox for p in shows)  # type: ignore[misc]


def hides(shows: Shows, box: BBox | None) -> bool:
    """Whether a soft mask that lets paint show at `shows` hides everything a paint at `box`
    covers: it lets nothing show anywhere, or only apart from `box`."""
    if shows is None:
        return False
    if not shows:
        return True
    return box is not None and all(apart(box, where) for where in shows)


def _key(mask: object, ctm: Matrix) -> tuple | None:
    """What a soft mask's walk is memoised by: its group (and what else decides where it
    shows) and the CTM it is set at. Exporters mostly write the mask dictionary direct in
    each ExtGState, so its group, not the dictionary, is what repeats; None when unnamed."""
    if not isinstance(mask, pikepdf.Dictionary):
        return None
    group = mask.get("/G")
    if not isinstance(group, pikepdf.Stream) or not group.is_indirect:
        return None
    backdrop = tuple(_backdrop(mask))
    transfer = mask.get("/TR")
    named = transfer is None or isinstance(transfer, pikepdf.Name)
    if not named:
        return None  # a transfer function: not walked anyway
    return (group.objgen, str(mask.get("/S")), backdrop, str(transfer), ctm)


def _black(paint: Paint) -> bool:
    """Whether a paint is in a colour known to be black (zero luminosity in a mask); images
    have no colour of their own here."""
    colour = paint.colour
    if colour is None:
        return False
    if colour.family in ("gray", "rgb") and colour.icc is None and not colour.cie:
        return all(v <= 0.0 for v in colour.values)
    return False


def _black_backdrop(backdrop: list[float]) -> bool:
    """Whether a luminosity mask's /BC is black: absent (black by default), all zero in gray,
    RGB or Lab, and 0/0/0/1 in CMYK, where all zero is paper white."""
    if len(backdrop) == 4:
        return backdrop[:3] == [0.0, 0.0, 0.0] and backdrop[3] >= 1.0
    return all(v == 0.0 for v in backdrop)


def _backdrop(mask: pikepdf.Dictionary) -> list[float]:
    """A mask's /BC, its backdrop colour (a component that is no number counts as 0)."""
    values = []
    for v in mask.get("/BC", []):
        try:
            values.append(float(v))
        except (TypeError, ValueError):
            values.append(0.0)
    return values
