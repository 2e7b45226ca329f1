"""Which optional content (layers) a PDF shows: the document's default configuration.

A print file often carries several versions of its text as layers (one per language), only one
of them on; content in a layer that is off is not seen and not printed. A layer (an optional
content group, OCG) is on unless the default configuration (`/OCProperties /D`) turns it off:
`/BaseState` (on by default) with the groups listed in `/ON` and `/OFF`. A membership dictionary
(OCMD) is visible by its `/VE` expression when it has one, else by its `/P` policy (`AnyOn` by
default) over its `/OCGs`. Without `/OCProperties` everything shows. Usage-dependent states
(`/AS` with print or view events) are not applied: the default configuration is what a viewer
opens with and what MuPDF renders.
"""

from __future__ import annotations

import pikepdf

_MAX_DEPTH = 8  # nesting of /VE expressions followed


class Layers:
    """The default configuration's on/off state of a PDF's optional content groups."""

    def __init__(self, root: object) -> None:
        self.off: set[tuple[int, int]] = set()
        self.on: set[tuple[int, int]] = set()
        self.base_on = True
        self.active = False  # False: the PDF has no optional content, everything shows
        try:
            config = root.get("/OCProperties", {}).get("/D")  # type: ignore[union-attr]
            if not isinstance(config, pikepdf.Dictionary):
                return
            self.base_on = str(config.get("/BaseState", "/ON")) != "/OFF"
            self.on = _groups(config.get("/ON"))
            self.off = _groups(config.get("/OFF"))
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            return
        self.active = bool(self.off) or not self.base_on

    def hidden(self, oc: object) -> bool:
        """Whether content marked with this OCG or OCMD (an `/OC` entry or the property list
        of `/OC … BDC`) is hidden; False for anything that is neither."""
        if not self.active or not isinstance(oc, pikepdf.Dictionary):
            return False
        try:
            return not self._visible(oc, 0)
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            return False

    def _group_on(self, ocg: object) -> bool:
        if not isinstance(ocg, pikepdf.Dictionary) or not ocg.is_indirect:
            return True
        key = ocg.objgen
        return key in self.on if not self.base_on else key not in self.off

    def _visible(self, oc: pikepdf.Dictionary, depth: int) -> bool:
        if str(oc.get("/Type", "/OCG")) != "/OCMD":
            return self._group_on(oc)
        expression = oc.get("/VE")
        if isinstance(expression, pikepdf.Array):
            return self._expression(expression, depth)
        groups = oc.get("/OCGs")
        members = list(groups) if isinstance(groups, pikepdf.Array) else [groups]
        states = [self._group_on(g) for g in members if isinstance(g, pikepdf.Dictionary)]
        if not states:
            return True
        policy = str(oc.get("/P", "/AnyOn"))
        if policy == "/AllOn":
            return all(states)
        if policy == "/AnyOff":
            return not all(states)
        if policy == "/AllOff":
            return not any(states)
        return any(states)

    def _expression(self, ve: pikepdf.Array, depth: int) -> bool:
        """A visibility expression: [/And|/Or|/Not operand...], operands OCGs or expressions."""
        if depth > _MAX_DEPTH or len(ve) < 2:
            return True
        op = str(ve[0])
        values = [
            self._expression(v, depth + 1) if isinstance(v, pikepdf.Array) else self._group_on(v)
            for v in list(ve)[1:]
        ]
        if op == "/Not":
            return not values[0]
        if op == "/And":
            return all(values)
        return any(values)  # /Or


def _groups(array: object) -> set[tuple[int, int]]:
    if not isinstance(array, pikepdf.Array):
        return set()
    return {g.objgen for g in array if isinstance(g, pikepdf.Dictionary) and g.is_indirect}
