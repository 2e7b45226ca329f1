"""Hold a terminal's Ctrl-C until a block that must not be cut short is done, then raise it."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Run the block with a Ctrl-C recorded instead of raised, and raise KeyboardInterrupt
    after it if one came.

    For work a KeyboardInterrupt must not land in: loading a native library (pikepdf's
    bindings abort the whole process when one arrives while they load) and starting worker
    processes (a parent interrupted while it hands a worker its start-up data leaves the
    worker failing on the parent's vanished semaphore with a traceback). Outside the main
    thread, or where Ctrl-C is ignored (a background job) or handled by the program, the
    block runs as it is.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt
