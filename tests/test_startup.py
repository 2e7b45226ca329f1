"""Process start-up: brandcheck declines PyMuPDF's optional layout and Markdown add-ons, and
the command line imports only what the command run needs (by behaviour: which modules a run
imports, not how long it takes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "stad" / "compliant-poster.pdf"

#: what a command that checks no file must not load: the image and PDF libraries (and what
#: loads them: the checks, the API, the scan engine), the HTML templates and Dask
HEAVY = (
    "numpy",
    "cv2",
    "skimage",
    "scipy",
    "pymupdf",
    "pikepdf",
    "PIL",
    "pytesseract",
    "jinja2",
    "dask",
    "distributed",
    "pebble",
    "brandcheck.api",
    "brandcheck.checks",
    "brandcheck.pipeline",
    "brandcheck.document",
    "brandcheck.batch",
)
#: what a plain terminal check of one file must not load: the scan and hot-folder engine, Dask,
#: the other report writers and their templates, page previews and the PDF annotator
NOT_FOR_A_TERMINAL_CHECK = (
    "dask",
    "distributed",
    "pebble",
    "jinja2",
    "sqlite3",
    "brandcheck.batch",
    "brandcheck.annotate",
    "brandcheck.previews",
    "brandcheck.reporters.html",
    "brandcheck.reporters.sarif",
    "brandcheck.reporters.junit",
)

PROBE = (
    "import brandcheck, pymupdf, sys; "
    "print(any(sys.modules.get(m) is not None for m in ('pymupdf.layout', 'pymupdf4llm')))"
)


def _layout_loaded(env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_layout_analyser_is_not_imported_but_pymupdf_works():
    env = {k: v for k, v in os.environ.items() if k != "BRANDCHECK_PYMUPDF_LAYOUT"}
    assert _layout_loaded(env) == "False"
    check = "import brandcheck, pymupdf; d = pymupdf.open(); d.new_page(); print(d.page_count)"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_the_opt_out_keeps_pymupdf_as_installed():
    import importlib.util

    if importlib.util.find_spec("pymupdf.layout") is None:
        pytest.skip("this PyMuPDF has no layout analyser to keep")
    assert _layout_loaded({**os.environ, "BRANDCHECK_PYMUPDF_LAYOUT": "1"}) == "True"


#: runs the command line as `python -m brandcheck` does and writes, at exit, the modules loaded
#: (`-X importtime` would miss those loaded with importlib.import_module, as report writers are)
RUN_AND_LIST = """
import atexit, json, os, runpy, sys
def _list():
    with open(os.environ["BRANDCHECK_TEST_MODULES"], "w") as out:
        json.dump(sorted(m for m, v in sys.modules.items() if v is not None), out)
atexit.register(_list)
sys.argv[0] = "brandcheck"
runpy.run_module("brandcheck", run_name="__main__", alter_sys=True)
"""


def _imported(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `brandcheck ARGS` from this checkout in a fresh process; the modules it loaded."""
    listing = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, *args],
        env={**os.environ, "PYTHONPATH": str(REPO), "BRANDCHECK_TEST_MODULES": str(listing)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listing.exists(), proc.stderr[-2000:]
    return proc, set(json.loads(listing.read_text()))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Those of ``names`` loaded, as packages (``dask`` also when only ``dask.array`` was)."""
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("--help",),
        ("check", "--help"),
        ("scan", "--help"),
        ("rules",),
        ("profile", "list"),
        ("profile", "show", "stockholm"),
    ],
    ids=" ".join,
)
def test_commands_that_check_nothing_load_no_image_library(args, tmp_path):
    proc, modules = _imported(tmp_path, *args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "brandcheck.cli" in modules  # the probe sees the command line's imports
    assert _loaded(modules, HEAVY) == []


def test_a_terminal_check_loads_no_scan_engine_html_or_dask(tmp_path):
    proc, modules = _imported(tmp_path, "check", str(SAMPLE), "--ocr", "off")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "PASS" in proc.stdout
    assert "brandcheck.checks" in modules and "brandcheck.reporters.text" in modules
    assert _loaded(modules, NOT_FOR_A_TERMINAL_CHECK) == []


#: runs `brandcheck --version`, then a Ctrl-C arrives while Python shuts down (in an exit hook,
#: as PyMuPDF's is when a terminal's Ctrl-C comes as a scan ends)
CTRL_C_AT_EXIT = """
import atexit, os, runpy, signal, sys
atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))
sys.argv[0] = "brandcheck"
runpy.run_module("brandcheck", run_name="__main__", alter_sys=True)
"""


def test_a_ctrl_c_while_python_shuts_down_prints_no_traceback():
    proc = subprocess.run(
        [sys.executable, "-c", CTRL_C_AT_EXIT, "--version"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr, proc.stderr
    assert proc.returncode == 0 and "brandcheck" in proc.stdout


#: runs the command line with a Ctrl-C sent just as pikepdf starts to load (its bindings abort
#: Python when a KeyboardInterrupt reaches them while they load) and says whether it was held
CTRL_C_AS_PIKEPDF_LOADS = """
import os, runpy, signal, sys

class CtrlCAtPikepdf:
    def find_spec(self, name, path=None, target=None):
        if name == "pikepdf":
            held = signal.getsignal(signal.SIGINT) is not signal.default_int_handler
            print("pikepdf loaded with Ctrl-C " + ("held" if held else "live"), flush=True)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, CtrlCAtPikepdf())
sys.argv[0] = "brandcheck"
runpy.run_module("brandcheck", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("check", str(SAMPLE), "--ocr", "off"),
        ("scan", str(SAMPLE), "--db", "{tmp}/scan.sqlite", "--jobs", "0"),
        ("watch", "{tmp}/in", "--pass-dir", "{tmp}/pass", "--fail-dir", "{tmp}/fail", "--once"),
        ("profile", "validate", str(REPO / "reference_assets" / "stockholm")),
    ],
    ids=lambda args: args[0],
)
def test_a_ctrl_c_while_the_native_libraries_load_waits_for_them(args, tmp_path):
    for folder in ("in", "pass", "fail"):
        (tmp_path / folder).mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", CTRL_C_AS_PIKEPDF_LOADS, *(a.format(tmp=tmp_path) for a in args)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "pikepdf loaded with Ctrl-C held" in proc.stdout, proc.stdout + proc.stderr[-2000:]
    assert proc.returncode == 130 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
