"""Documents that are printed or sent, made from the process model.

- :mod:`.press` press releases (announcement, call, report) as DOCX, Markdown, text, HTML
- :mod:`.invitation` the A4 invitation (PDF and HTML)
- :mod:`.signup` sign-in sheets (PDF), optionally prefilled from the tracker
- :mod:`.qr` QR codes of registration links (PNG, SVG)
- :mod:`.calendar` calendar files (.ics)
- :mod:`.kit` everything at once (``ik build``), with the documented file names

Each module offers a function that renders (model in, text/bytes out) and a
``write_…`` function that hands the result to :class:`integrakonzept.output.Writer`.
"""
