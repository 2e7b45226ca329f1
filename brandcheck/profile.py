"""Brand profiles: a folder with profile.toml and its assets, validated with pydantic."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tomllib
from collections.abc import Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from brandcheck.errors import ProfileError
from brandcheck.formats import special_kind
from brandcheck.rules import Severity, expand_selectors

PROFILE_FILE = "profile.toml"
OFFICIAL_LOGO_HELP = '"Using the official logo" in the README'  # where stand-in notes point
LOGO_LISTS = ("templates", "forbidden_templates")  # [[logo.KEY]] tables naming logo files
SHIPPED_PACKAGE = "brandcheck_profiles"  # reference_assets/, mapped in pyproject.toml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """A value with where it comes from and whether the city has confirmed it. The subclasses
    below give the value its type, checked when the profile loads (a tolerance of "three" is a
    profile error naming the key, not a failed check on every file); they are plain classes,
    not generic ones, so a profile pickles for worker processes."""

    value: Any
    source: str
    verified: bool = False


def _hex(value: str) -> str:
    v = value.strip().upper()
    if not v.startswith("#"):
        v = "#" + v
    if len(v) != 7 or any(c not in "0123456789ABCDEF" for c in v[1:]):
        raise ValueError(f"{value!r} is not a #RRGGBB colour")
    return v


class SourcedAmount(Sourced):
    """A size, tolerance or share: a number, never negative."""

    value: Annotated[float, Field(ge=0)]


class SourcedShare(Sourced):
    """A share from 0 to 1."""

    value: Annotated[float, Field(ge=0, le=1)]


class SourcedSwitch(Sourced):
    value: bool


class SourcedColours(Sourced):
    value: list[Annotated[str, AfterValidator(_hex)]]


class SourcedPlacement(Sourced):
    value: Literal["corners", "top-corners", "any"]


class PaletteColour(_Strict):
    """One palette colour with its print and screen definitions."""

    name: str
    hex: str
    cmyk: tuple[float, float, float, float] | None = None
    pantone: str | None = None
    ncs: str | None = None
    role: str = "profile"
    tolerance: float | None = Field(None, ge=0, description="ΔE00; defaults to [colour].tolerance")
    missing_shades: list[str] = Field(
        [], description="shades of its family the manual has and the profile lacks (unknown)"
    )
    source: str
    verified: bool = False

    @field_validator("hex")
    @classmethod
    def _valid_hex(cls, value: str) -> str:
        return _hex(value)


_WCAG_NORMAL = (
    "https://www.w3.org/TR/WCAG21/#contrast-minimum (WCAG 2.x for text; the manual states no ratio)"
)
_WCAG_LARGE = (
    "https://www.w3.org/TR/WCAG21/#contrast-minimum (WCAG 2.x for large text: 18 pt, or 14 pt "
    "bold; the manual states no ratio)"
)
_GREYS = (
    "project default: C*ab up to which a colour is a grey of the manual's grey scale, whose "
    "values it does not give (UNVERIFIED)"
)


NO_SOURCE = "none given: a bare number in the profile (UNVERIFIED)"


def _bare_number(value: Any) -> Any:
    """A value given as a bare number, as profiles gave it before it carried its source: the
    value, with a source that says it has none (never verified)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"value": value, "source": NO_SOURCE}
    return value


BareAmount = Annotated[SourcedAmount, BeforeValidator(_bare_number)]
"""A SourcedAmount that was a plain number before: a profile may still give it bare."""


class ColourRules(_Strict):
    """How colours are judged."""

    tolerance: SourcedAmount
    print_spaces: list[str] = ["DeviceCMYK", "Separation", "DeviceN", "DeviceGray"]
    digital_spaces: list[str] = ["DeviceRGB", "ICCBased", "DeviceGray"]
    min_area_share: float = Field(0.002, description="ignore raster colours covering less")
    # the manual states no contrast ratio (WCAG's are the project's choice) and no grey values
    # (a colour of C*ab at or below neutral_chroma is a grey of the base scale): sourced values,
    # which a profile without them gets as they are here; a bare number, as these were before,
    # is still read
    contrast_normal: BareAmount = SourcedAmount(value=4.5, source=_WCAG_NORMAL)
    contrast_large: BareAmount = SourcedAmount(value=3.0, source=_WCAG_LARGE)
    neutral_chroma: BareAmount = SourcedAmount(value=4.0, source=_GREYS)


LogoRole = Literal["own", "forbidden"]


class LogoTemplateSpec(_Strict):
    """A logo artwork file, relative to the profile folder."""

    id: str
    file: str
    name: str = Field("", description="what findings call it, e.g. 'the S:t Erik logotype'")
    variant: str = "positive"
    standin: bool = False
    source: str


class TemplatesOf(_Strict):
    """An entry of [[logo.forbidden_templates]] that stands for another profile's own logo
    files (its [[logo.templates]], whatever files they name), read when the profile loads:
    the bolag profile forbids the city profile's logo, so the official file put there is
    the one forbidden, with nothing to keep in step."""

    templates_of: str = Field(description="a profile name or folder (relative to this one)")
    name: str = Field("", description="what findings call these logos; else the other's names")
    source: str


class LogoRules(_Strict):
    """Where, how big and in which colours the logotype may appear.

    Two lists of logo files with two jobs: ``templates`` are the material's own logotype,
    judged where it appears (BC102–BC107, BC109) and required by ``required`` (BC101);
    ``forbidden_templates`` are logos that must not appear (BC108) while ``forbidden`` is on,
    the city logotype for a city-owned company. Each list is inherited or replaced on its own,
    so a company's profile that extends stockholm-bolag names only its own logo.
    """

    required: SourcedSwitch
    forbidden: SourcedSwitch
    templates: list[LogoTemplateSpec] = []
    forbidden_templates: list[LogoTemplateSpec] = []
    min_width_mm: SourcedAmount
    min_width_px: SourcedAmount
    clear_space: SourcedAmount
    aspect_tolerance: SourcedAmount
    rotation_tolerance_deg: SourcedAmount
    allowed_colours: SourcedColours
    colour_tolerance: SourcedAmount
    placement: SourcedPlacement
    busy_background: SourcedShare

    def searched(self) -> list[tuple[LogoRole, LogoTemplateSpec]]:
        """The logo files the check looks for, each with its role: the own ones, and the
        forbidden ones while ``forbidden`` is on."""
        own: list[tuple[LogoRole, LogoTemplateSpec]] = [("own", t) for t in self.templates]
        if not self.forbidden.value:
            return own
        return own + [("forbidden", t) for t in self.forbidden_templates]


class FontFamily(_Strict):
    """An allowed typeface family."""

    family: str
    weights: list[str] = []
    role: str = "complement"
    source: str
    verified: bool = False


class FontRules(_Strict):
    """Allowed and forbidden families and minimum sizes per target."""

    allowed: list[FontFamily]
    forbidden: list[str] = []
    aliases: dict[str, str] = {}
    min_size_print_pt: SourcedAmount
    min_size_digital_px: SourcedAmount
    heading_min_print_pt: SourcedAmount
    heading_min_digital_px: SourcedAmount
    # the least size of a bold heading next to a picture in print; 0: no exception
    heading_min_beside_picture_print_pt: SourcedAmount = SourcedAmount(
        value=0.0, source="no exception"
    )
    require_embedded: SourcedSwitch


class OtherSender(_Strict):
    """Another sender's recognition line: material that shows it belongs to another profile."""

    who: str = Field(description="the other sender, e.g. 'a city-owned company'")
    phrases: list[str] = Field(min_length=1)
    profile: str = Field(description="the profile to check such material with")
    source: str = ""


class SenderRules(_Strict):
    """Sender texts that must or must not appear."""

    required_any: list[str] = []
    required_source: str = ""
    outdated: list[str] = []
    message_required: bool = False
    message_any: list[str] = []
    other_senders: list[OtherSender] = []


class ProductionRules(_Strict):
    """Print production and accessibility basics."""

    min_image_ppi: SourcedAmount
    require_title: bool = True
    require_language: bool = True
    require_tags: bool = True


class RuleSettings(_Strict):
    """Profile-level selection and re-grading of rules by code or name."""

    ignore: list[str] = []
    severity: dict[str, Severity] = {}


class ProfileMeta(_Strict):
    name: str
    title: str
    version: str
    description: str = ""
    sender: Literal["city", "bolag"] = "city"


class Profile(_Strict):
    """A validated brand profile and the folder its assets live in."""

    profile: ProfileMeta
    palette: list[PaletteColour]
    colour: ColourRules
    logo: LogoRules
    fonts: FontRules
    sender: SenderRules = SenderRules()
    production: ProductionRules
    rules: RuleSettings = RuleSettings()
    root: Path = Field(exclude=True)
    digest: str = Field("", exclude=True)

    @property
    def name(self) -> str:
        return self.profile.name

    def logo_paths(self) -> list[tuple[LogoTemplateSpec, Path]]:
        """Every logo file the profile names: its own, then the forbidden ones."""
        specs = [*self.logo.templates, *self.logo.forbidden_templates]
        return [(t, self.logo_file(t)) for t in specs]

    def logo_file(self, spec: LogoTemplateSpec) -> Path:
        return (self.root / spec.file).resolve()


def standin_note(profile: Profile, roles: Collection[LogoRole] = ("own", "forbidden")) -> str:
    """What a run searching the logo files of ``roles`` should say when some are the project's
    stand-in artwork (``standin = true``), naming the profile and what it means for the
    material; "" when none are."""
    said = {
        "own": ("as its own logo", "material carrying the real logo is reported without it"),
        "forbidden": ("as the logo it forbids", "material carrying the real logo passes"),
    }
    parts = []
    for role in ("own", "forbidden"):
        ids = [t.id for r, t in profile.logo.searched() if r == role and t.standin]
        if ids and role in roles:
            parts.append(f"{said[role][0]} ({', '.join(ids)}): {said[role][1]}")
    if not parts:
        return ""
    return (
        f"profile {profile.name} searches stand-in artwork drawn by the brandcheck project, "
        f"not the official file, {'; and '.join(parts)}. To use the official file, see "
        f"{OFFICIAL_LOGO_HELP}."
    )


def shipped_dir() -> Path:
    """The shipped profiles: package brandcheck_profiles (reference_assets/ in a checkout)."""
    try:
        return Path(str(resources.files(SHIPPED_PACKAGE)))
    except ModuleNotFoundError:  # a checkout on PYTHONPATH without `pip install`
        return Path(__file__).resolve().parent.parent / "reference_assets"


def shipped_profiles() -> dict[str, Path]:
    """Shipped profiles by name, plus folders on BRANDCHECK_PROFILE_PATH."""
    dirs = [Path(p) for p in os.environ.get("BRANDCHECK_PROFILE_PATH", "").split(os.pathsep) if p]
    found: dict[str, Path] = {}
    for base in [*dirs, shipped_dir()]:
        if base.is_dir():
            for sub in sorted(base.iterdir()):
                if (sub / PROFILE_FILE).is_file():
                    found.setdefault(sub.name, sub)
    return found


def resolve_profile_dir(name_or_dir: str | Path, relative_to: Path | None = None) -> Path:
    """A profile name or a folder (or its profile.toml) to the profile folder.

    A bare name (a string without a folder part or ``.toml``) that names a shipped profile or
    one on BRANDCHECK_PROFILE_PATH is that profile, even when the current directory holds a
    folder of that name (material filed under "stockholm", say): ``./stockholm`` is the folder.
    Other paths are relative to ``relative_to`` (the folder of a profile that ``extends`` them)
    or else the current directory.
    """
    shipped = shipped_profiles()
    if isinstance(name_or_dir, str) and _bare_name(name_or_dir) and name_or_dir in shipped:
        return shipped[name_or_dir]
    path = Path(name_or_dir)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.is_file():
        if path.name == PROFILE_FILE:
            return path.parent
        raise ProfileError(f"{path}: a profile is a folder with a {PROFILE_FILE}, not this file")
    if path.is_dir():
        if not (path / PROFILE_FILE).is_file():
            raise ProfileError(f"{path}: no {PROFILE_FILE} in this folder")
        return path
    if str(name_or_dir) in shipped:  # a name given as a Path (API), with no such folder here
        return shipped[str(name_or_dir)]
    names = ", ".join(sorted(shipped)) or "none"
    raise ProfileError(f"profile {str(name_or_dir)!r} not found (shipped profiles: {names})")


def _bare_name(text: str) -> bool:
    """A profile name as opposed to a path: no folder part, not hidden, not a .toml file."""
    return (
        Path(text).name == text
        and "/" not in text
        and not text.startswith(".")
        and not text.endswith(".toml")
    )


def _format_validation(file: Path, err: ValidationError, within: str = "") -> str:
    """The errors pydantic found, each with its key (under ``within``, a table's key)."""
    lines = [f"{file}: invalid profile"]
    for e in err.errors():
        key = ".".join([*([within] if within else []), *(str(p) for p in e["loc"])])
        lines.append(f"  {key}: {e['msg']}")
    return "\n".join(lines)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge tables; lists and scalars in `override` replace those in `base`."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and "value" not in value:
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(root: Path, seen: tuple[Path, ...] = ()) -> tuple[dict[str, Any], bytes]:
    """Read a profile.toml, following `extends`, with logo files and the profiles that
    ``templates_of`` names made absolute."""
    root = root.resolve()  # `a/../b/../a` is `a`: the loop test compares real folders
    file = root / PROFILE_FILE
    if root in seen:
        raise ProfileError(f"{file}: 'extends' loops back to {root}")
    raw = file.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # a Windows editor's byte-order mark
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{file}: not valid TOML: {exc}") from exc
    logo = data.get("logo")  # of any type here: validation names what is wrong with it
    for key in LOGO_LISTS:
        templates = logo.get(key) if isinstance(logo, dict) else None
        for template in templates if isinstance(templates, list) else []:
            if isinstance(template, dict) and "file" in template:
                template["file"] = str((root / str(template["file"])).resolve())
            if isinstance(template, dict) and "templates_of" in template:
                try:
                    other = resolve_profile_dir(str(template["templates_of"]), relative_to=root)
                except ProfileError as exc:
                    raise ProfileError(f"{file}: logo.{key}: templates_of: {exc}") from exc
                template["templates_of"] = str(other.resolve())
    parent = data.pop("extends", None)
    if parent is None:
        return data, raw
    try:
        base_dir = resolve_profile_dir(str(parent), relative_to=root)
    except ProfileError as exc:
        raise ProfileError(f"{file}: extends: {exc}") from exc
    base, base_raw = _read_toml(base_dir, (*seen, root))
    merged = _merge(base, data)
    _own_logo_stated(file, str(parent), data, merged)
    return merged, base_raw + raw


def _own_logo_stated(file: Path, parent: str, data: dict[str, Any], merged: dict[str, Any]) -> None:
    """A profile that names logo files in [[logo.templates]] while the logos it forbids come
    from its parent must say in the same file whether its own logo is required.

    Before the two lists, a profile extending stockholm-bolag listed the official city logo
    under [[logo.templates]] (its parent's list of the logo that must not appear); read now,
    those files are the company's own logo and pass. A profile that states ``logo.required``
    next to its templates meant them as its own logo; one that does not is refused, not
    guessed at.
    """
    logo, whole = data.get("logo"), merged.get("logo")
    if not (isinstance(logo, dict) and isinstance(whole, dict)):
        return
    own, forbidden = logo.get("templates"), whole.get("forbidden_templates")
    switch = whole.get("forbidden")
    on = isinstance(switch, dict) and switch.get("value") is True
    if not (own and forbidden and on) or "forbidden_templates" in logo or "required" in logo:
        return
    ids = ", ".join(
        str(t.get("id") or f"the logo files of {t.get('templates_of')}")
        for t in forbidden
        if isinstance(t, dict)
    )
    raise ProfileError(
        f"{file}: logo.required: this profile lists logo files in [[logo.templates]] and "
        f"inherits from {parent!r} logos that must not appear ([[logo.forbidden_templates]]: "
        f"{ids}), so say whether its own logo is required. The two lists have two jobs: "
        "[[logo.templates]] is the material's OWN logo, required by logo.required (BC101) and "
        "judged where it appears (BC102-BC107, BC109), never reported as forbidden; "
        "[[logo.forbidden_templates]] are logos that must not appear (BC108). If the files "
        "you listed are the company's own logo, add `required = { value = true, source = "
        '"..." }` (or false) under [logo]. If they are the city\'s logo (earlier versions '
        "said to list it in [[logo.templates]]), move them to [[logo.forbidden_templates]] "
        "(which replaces the inherited list) and remove them from [[logo.templates]]"
    )


def load_profile(name_or_dir: str | Path) -> Profile:
    """Load and validate a profile; errors name the file and the key."""
    return _load(resolve_profile_dir(name_or_dir), ())


def _load(root: Path, loading: tuple[Path, ...]) -> Profile:
    """Load the profile in ``root``; ``loading`` are the profiles whose ``templates_of``
    asked for it (a loop among them is an error, not a recursion)."""
    file = root / PROFILE_FILE
    if root.resolve() in loading:
        raise ProfileError(f"{file}: logo.forbidden_templates: templates_of loops back to {root}")
    data, raw_bytes = _read_toml(root)
    others = _templates_of(data, file, (*loading, root.resolve()))
    try:
        profile = Profile.model_validate({**data, "root": root, "digest": ""})
    except ValidationError as exc:
        raise ProfileError(_format_validation(file, exc)) from exc
    _check_references(profile, file)
    digest = hashlib.sha256(raw_bytes)
    for other in others:
        digest.update(other.digest.encode())
    for _, path in profile.logo_paths():
        digest.update(path.read_bytes())
    return profile.model_copy(update={"digest": digest.hexdigest()[:16]})


def _templates_of(data: dict[str, Any], file: Path, loading: tuple[Path, ...]) -> list[Profile]:
    """Replace each ``templates_of`` entry of [[logo.forbidden_templates]] by the other
    profile's own logo files (its [[logo.templates]], loaded and validated as that profile),
    named as the entry names them; the profiles read."""
    logo = data.get("logo")
    entries = logo.get("forbidden_templates") if isinstance(logo, dict) else None
    if not isinstance(entries, list):
        return []
    out: list[Any] = []
    others: list[Profile] = []
    for i, entry in enumerate(entries):
        if not (isinstance(entry, dict) and "templates_of" in entry):
            out.append(entry)
            continue
        key = f"logo.forbidden_templates.{i}"
        try:
            ref = TemplatesOf.model_validate(entry)
        except ValidationError as exc:
            raise ProfileError(_format_validation(file, exc, key)) from exc
        other = _load(Path(ref.templates_of), loading)
        if not other.logo.templates:
            raise ProfileError(
                f"{file}: {key}.templates_of: profile {other.name!r} ({other.root}) names no "
                "logo files of its own ([[logo.templates]]) to forbid"
            )
        for spec in other.logo.templates:
            named = {"name": ref.name} if ref.name else {}
            source = f"{ref.source}; the file from profile {other.name}: {spec.source}"
            out.append(spec.model_dump() | named | {"source": source})
        others.append(other)
    logo["forbidden_templates"] = out
    return others


def with_logo_files(
    profile: Profile, files: Sequence[Path] = (), forbidden: Sequence[Path] = ()
) -> Profile:
    """Replace the profile's own logo templates with user files (--logo), and the logos it
    forbids with others (--forbidden-logo), for one run; a list not given stays. Forbidden
    files given switch ``forbidden`` on (they are to be reported). Each file's id is its name
    without the suffix, made unique (``logo``, ``logo-2``) against every other id."""
    taken = [t.id for t in (() if files else profile.logo.templates)]
    taken += [t.id for t in (() if forbidden else profile.logo.forbidden_templates)]
    update: dict[str, Any] = {}
    if files:
        update["templates"] = [_cli_spec(p, "--logo", "logotype", taken) for p in files]
    if forbidden:
        update["forbidden_templates"] = [
            _cli_spec(p, "--forbidden-logo", "logo", taken) for p in forbidden
        ]
        if not profile.logo.forbidden.value:
            given = " ".join(str(p) for p in forbidden)
            update["forbidden"] = SourcedSwitch(value=True, source=f"--forbidden-logo {given}")
    logo = profile.logo.model_copy(update=update)
    _check_ids(logo, "--logo/--forbidden-logo")
    digest = hashlib.sha256(profile.digest.encode())
    for path in (*files, *forbidden):
        digest.update(path.read_bytes())
    return profile.model_copy(update={"logo": logo, "digest": digest.hexdigest()[:16]})


def _cli_spec(path: Path, option: str, what: str, taken: list[str]) -> LogoTemplateSpec:
    """A logo file given on the command line, with an id no other logo file has (added to
    ``taken``)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            raise ProfileError(f"{option} {path}: no such file") from None
        why = "a link that cannot be followed" if os.path.islink(path) else "cannot reach it"
        raise ProfileError(f"{option} {path}: {why}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ProfileError(f"{option} {path}: is a folder; give the logo file")
    if not stat.S_ISREG(mode):  # never opened: a pipe would block
        what = special_kind(mode)
        raise ProfileError(f"{option} {path}: not a regular file ({what}); give the logo file")
    ident, n = path.stem, 1
    while ident in taken:
        n += 1
        ident = f"{path.stem}-{n}"
    taken.append(ident)
    # "negative", Swedish "negativ": the white version (the label only; both are searched)
    variant = "negative" if "negativ" in path.stem.lower() else "positive"
    return LogoTemplateSpec(
        id=ident,
        file=str(path.resolve()),
        name=f"the {what} in {path.name}",
        variant=variant,
        source=f"{option} {path}",
    )


def _check_references(profile: Profile, file: Path) -> None:
    for key in LOGO_LISTS:
        for i, spec in enumerate(getattr(profile.logo, key)):
            if not profile.logo_file(spec).is_file():
                raise ProfileError(f"{file}: logo.{key}.{i}.file: {spec.file!r} does not exist")
    _check_ids(profile.logo, str(file))
    keys = [*profile.rules.ignore, *profile.rules.severity]
    try:
        expand_selectors(keys)
    except Exception as exc:
        raise ProfileError(f"{file}: rules: {exc}") from exc
    _check_forbidden_switch(profile.logo, file)
    _check_other_senders(profile.sender, file)


def _check_forbidden_switch(logo: LogoRules, file: Path) -> None:
    """``forbidden`` and the list of forbidden logos agree: a switch with nothing to search
    for, or files that would never be searched, is a profile error, not a silent pass."""
    if logo.forbidden.value and not logo.forbidden_templates:
        raise ProfileError(
            f"{file}: logo.forbidden is true but no [[logo.forbidden_templates]] names the logo "
            "that must not appear. If no logo is forbidden, set `forbidden = { value = false, "
            'source = "..." }` under [logo]. Otherwise list the forbidden logo\'s files under '
            "[[logo.forbidden_templates]]: [[logo.templates]] are the material's own logo "
            "(judged by BC101-BC107 and BC109), not the forbidden one (for a city-owned "
            "company, extend 'stockholm-bolag', which forbids the city logotype)"
        )
    if not logo.forbidden.value and logo.forbidden_templates:
        ids = ", ".join(t.id for t in logo.forbidden_templates)
        raise ProfileError(
            f"{file}: logo.forbidden is false, so the logos in [[logo.forbidden_templates]] "
            f"({ids}) would never be searched for. Set `forbidden = {{ value = true, source = "
            '"..." }` to report them where they appear (BC108), or write '
            "`forbidden_templates = []` under [logo] to drop them"
        )


def _check_other_senders(sender: SenderRules, file: Path) -> None:
    """Each [[sender.other_senders]] names a profile BC101 can send the user to: a shipped
    one, one on BRANDCHECK_PROFILE_PATH, or a profile folder."""
    for i, other in enumerate(sender.other_senders):
        try:
            resolve_profile_dir(other.profile)
        except ProfileError as exc:
            raise ProfileError(f"{file}: sender.other_senders.{i}.profile: {exc}") from exc


def _check_ids(logo: LogoRules, where: str) -> None:
    """Every logo file has its own id: a logo found is told own or forbidden by its id."""
    ids = [t.id for t in (*logo.templates, *logo.forbidden_templates)]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ProfileError(
            f"{where}: logo template id {', '.join(map(repr, twice))} is given twice; "
            "every logo file in [[logo.templates]] and [[logo.forbidden_templates]] needs "
            "an id of its own"
        )
