"""Run a command as an ordinary user meets file permissions, also when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def user_prefix() -> list[str]:
    """A command prefix under which permissions stop a child process as they stop any user:
    nothing when not root; as root, ``setpriv`` dropping CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from the bounding set (the child keeps uid 0, so it still owns the
    test's files, and their owner bits apply). Skips the test when neither works."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the permission")
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    with tempfile.TemporaryDirectory() as scratch:
        closed = Path(scratch) / "closed"
        closed.mkdir()
        (closed / "f").write_bytes(b"x")
        closed.chmod(0o644)  # listable, not searchable
        try:
            works = subprocess.run([*prefix, "true"], capture_output=True, timeout=60)
            stopped = subprocess.run([*prefix, "cat", str(closed / "f")], capture_output=True)
        finally:
            closed.chmod(0o755)
    if works.returncode != 0 or stopped.returncode == 0:
        pytest.skip("running as root and setpriv cannot drop CAP_DAC_OVERRIDE here")
    return prefix
