"""Entry point for ``python -m coopdocs``."""

from coopdocs.cli import main

main()
