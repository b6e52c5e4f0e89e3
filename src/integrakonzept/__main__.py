"""Allow ``python -m integrakonzept``."""

from integrakonzept.start import main

main()
