"""`python -m brandcheck` and the `brandcheck` script: the command line, quiet on early Ctrl-C."""

import sys


def run() -> None:
    """Load and run the command line; a Ctrl-C that no command handles (while it loads or
    builds its options) exits 130 without a traceback."""
    try:
        from brandcheck.cli import main

        main()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
