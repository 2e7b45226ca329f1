"""The logo benchmark's page generator (bench/logo_detection.py), loaded once for tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_NAME = "bench_logo"


def load():
    """The benchmark module (its pages, logo art and IoU), imported from its file."""
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, _ROOT / "bench" / "logo_detection.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]
