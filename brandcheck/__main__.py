"""`python -m brandcheck` runs the command line."""

from brandcheck.cli import main

main()
