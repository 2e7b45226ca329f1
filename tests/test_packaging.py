"""A built wheel carries the shipped profiles; an unpacked copy finds them outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ASSETS = REPO / "reference_assets"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources, so the shared checkout gets no build/ files."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("brandcheck", "reference_assets"):
        shutil.copytree(REPO / name, src / name, ignore=SKIP)
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    (whl,) = out.glob("*.whl")
    return whl


def test_wheel_holds_every_shipped_profile_file_and_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = _files(ASSETS)
    assert {"stockholm/profile.toml", "stockholm-bolag/profile.toml"} <= assets
    assert any(a.startswith("stockholm/logo/") for a in assets)
    missing = {f"brandcheck_profiles/{a}" for a in assets} - names
    # pyproject.toml lists the packages (a mapped package cannot join packages.find): a new
    # subpackage that is not listed would be left out of the wheel.
    modules = {f"brandcheck/{m}" for m in _files(REPO / "brandcheck") if m.endswith(".py")}
    missing |= modules - names
    assert not missing, sorted(missing)


def test_unpacked_wheel_loads_extended_profile_from_its_own_files(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    script = (
        "import json, brandcheck\n"
        "from brandcheck.profile import load_profile, shipped_profiles\n"
        "p = load_profile('stockholm-bolag')\n"
        "print(json.dumps({'module': brandcheck.__file__, 'root': str(p.root),\n"
        "    'shipped': {k: str(v) for k, v in shipped_profiles().items()},\n"
        "    'forbidden': p.logo.forbidden.value,\n"
        "    'logos': [str(path) for _, path in p.logo_paths()]}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "BRANDCHECK_PROFILE_PATH"}
    env["PYTHONPATH"] = str(site)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    inside = site.resolve()
    assert Path(got["module"]).resolve().is_relative_to(inside)
    assert set(got["shipped"]) == {"stockholm", "stockholm-bolag"}
    assert Path(got["root"]) == inside / "brandcheck_profiles" / "stockholm-bolag"
    assert got["forbidden"] is True  # from stockholm-bolag, over stockholm's settings
    assert got["logos"], "stockholm-bolag names the city logo files as forbidden"
    for logo in map(Path, got["logos"]):
        assert logo.is_relative_to(inside / "brandcheck_profiles" / "stockholm" / "logo")
        assert logo.is_file()
        assert not logo.is_relative_to(REPO)
