"""Allow ``python -m integrakonzept``."""

from integrakonzept.start import entry

entry()
