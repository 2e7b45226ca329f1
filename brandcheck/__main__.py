"""`python -m brandcheck` and the `brandcheck` script: the command line, quiet on early Ctrl-C."""

import signal
import sys


def run() -> None:
    """Load and run the command line; a Ctrl-C that no command handles (while it loads or
    builds its options) exits 130 without a traceback, and one that comes while Python shuts
    down (a terminal's Ctrl-C as a scan ends, reaching PyMuPDF's exit hook) is ignored: the
    command has finished and its exit code stands."""
    try:
        from brandcheck.cli import main

        main()
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    run()
