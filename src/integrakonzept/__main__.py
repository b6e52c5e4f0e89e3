"""Allow ``python -m integrakonzept``."""

from integrakonzept.cli import main

main()
