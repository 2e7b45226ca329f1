"""numpy's BLAS held to one thread while brandcheck checks pages: its matrix products are small."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any


@functools.cache
def _controller() -> Any:
    """The BLAS libraries the checks use (numpy's OpenBLAS, OpenCV's copy, and SciPy's,
    which scikit-image loads on a first page: loaded here first, so it is found too),
    found once a process: finding them takes about 1 ms."""
    import scipy.linalg  # noqa: F401
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run the block with BLAS on one thread, and restore it after (about 30 µs).

    The logo search's least-squares fits and cell products are matrices of a few hundred
    values: OpenBLAS's threads only wait for each other there. With numpy 2.4's OpenBLAS
    on two cores they doubled the detector's CPU and slowed it in wall time too, and two
    scan workers each running two BLAS threads on two cores made `--jobs 2` slower than
    `--jobs 1` (docs/PERFORMANCE.md)."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
