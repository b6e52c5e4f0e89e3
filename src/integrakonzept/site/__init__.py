"""The public process page: a static, self-contained web page per language (``ik build``)."""
