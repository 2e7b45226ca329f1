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

from collections.abc import Callable

import pikepdf

_MAX_DEPTH = 8  # nesting of /VE expressions followed


class Layers:
    """The default configuration's on/off state of a PDF's optional content groups."""

    def __init__(self, root: object) -> None:
        self.off: set[tuple[int, int]] = set()
        self.on: set[tuple[int, int]] = set()
        self.base_on = True
        self.active = False  # False: the PDF has no optional content, everything shows
        # visibility of OCMDs and /VE expressions already worked out, by object
        self._memo: dict[tuple[int, int], bool] = {}
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
            return not self._visible(oc, 0, set())
        except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
            return False

    def _group_on(self, ocg: object) -> bool:
        if not isinstance(ocg, pikepdf.Dictionary) or not ocg.is_indirect:
            return True
        key = ocg.objgen
        return key in self.on if not self.base_on else key not in self.off

    def _visible(self, oc: pikepdf.Dictionary, depth: int, path: set[tuple[int, int]]) -> bool:
        if str(oc.get("/Type", "/OCG")) != "/OCMD":
            return self._group_on(oc)
        key = oc.objgen if oc.is_indirect else None
        if key is not None and key in self._memo:
            return self._memo[key]
        expression = oc.get("/VE")
        if isinstance(expression, pikepdf.Array):
            visible = self._expression(expression, depth, path)
        else:
            visible = _policy(oc, self._group_on)
        if key is not None:
            self._memo[key] = visible
        return visible

    def _expression(self, ve: pikepdf.Array, depth: int, path: set[tuple[int, int]]) -> bool:
        """A visibility expression: [/And|/Or|/Not operand...], operands OCGs or expressions.
        Worked out once per indirect expression; one that contains itself is visible where it
        recurs (as too deep a nesting is), and /And and /Or stop at the first operand that
        decides them."""
        if depth > _MAX_DEPTH or len(ve) < 2:
            return True
        key = ve.objgen if ve.is_indirect else None
        if key is not None:
            if key in path:
                return True  # a cycle: not followed
            if key in self._memo:
                return self._memo[key]
            path.add(key)
        try:
            op = str(ve[0])
            operands = list(ve)[1:]
            if op == "/Not":
                operands = operands[:1]
            decides = op != "/And"  # /Or is decided by a visible operand, /And by a hidden one
            visible = not decides
            for v in operands:
                if isinstance(v, pikepdf.Array):
                    value = self._expression(v, depth + 1, path)
                else:
                    value = self._group_on(v)
                if value == decides:
                    visible = decides
                    break
            if op == "/Not":
                visible = not visible
        finally:
            if key is not None:
                path.discard(key)
        if key is not None:
            self._memo[key] = visible
        return visible


def _policy(oc: pikepdf.Dictionary, group_on: Callable[[object], bool]) -> bool:
    """An OCMD without /VE: its /P policy (AnyOn by default) over its /OCGs."""
    groups = oc.get("/OCGs")
    members = list(groups) if isinstance(groups, pikepdf.Array) else [groups]
    states = [group_on(g) for g in members if isinstance(g, pikepdf.Dictionary)]
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


def _groups(array: object) -> set[tuple[int, int]]:
    if not isinstance(array, pikepdf.Array):
        return set()
    return {g.objgen for g in array if isinstance(g, pikepdf.Dictionary) and g.is_indirect}
