"""QR codes of registration and participation links: PNG for print (300 dpi) and SVG.

Error correction level M (15 %) survives a smudged flyer; the quiet zone of four
modules is part of the image, as scanners need it. A model-2 QR code is always
used, never Micro QR (which phone cameras do not read). ``source`` adds a
``utm_source`` parameter so that registrations can be told apart by flyer,
partner or language in the form tool's or the website's statistics.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from integrakonzept.documents.common import find_phase, output_dir
from integrakonzept.errors import IkError, UsageError
from integrakonzept.output import Writer
from integrakonzept.process.model import AnyPhase, EventPhase, OnlinePhase, Process

SOURCE_PARAMETER = "utm_source"
PRINT_DPI = 300
PRINT_SIZE_MM = 30.0
_SOURCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def with_source(url: str, source: str | None) -> str:
    """``url`` with ``utm_source=<source>`` added (or replaced); unchanged without a source."""
    if not source:
        return url
    if not _SOURCE_RE.match(source):
        raise UsageError(
            f"„{source}“ taugt nicht als Quelle: erlaubt sind Buchstaben a–z, Ziffern, Punkt, - und _.",
            "Zum Beispiel --source flyer-rathaus oder --source kiesel.",
        )
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != SOURCE_PARAMETER]
    query.append((SOURCE_PARAMETER, source))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _code(data: str) -> Any:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, box_size=10)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str, title: str | None = None) -> str:
    """The QR code as an SVG element (no XML declaration): scales to any size, for HTML and print."""
    from qrcode.image.svg import SvgPathImage

    code = _code(data)
    image = code.make_image(image_factory=SvgPathImage)
    svg: str = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    label = title or data
    from html import escape

    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{escape(label, quote=True)}" ',
        1,
    )
    # the text alternative also as <title>: WeasyPrint writes it as /Alt of the tagged
    # PDF's Figure (screen readers read the QR code's purpose, PDF/UA requires it)
    start = svg.index(">", svg.index("<svg")) + 1
    return svg[:start] + f"<title>{escape(label, quote=False)}</title>" + svg[start:]


def qr_svg_file(data: str) -> bytes:
    """A standalone SVG file of the QR code."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + qr_svg(data) + "\n").encode("utf-8")


def qr_png(data: str, size_mm: float = PRINT_SIZE_MM, dpi: int = PRINT_DPI) -> bytes:
    """A black-and-white PNG that prints sharp at ``size_mm`` (quiet zone included) at ``dpi``.

    Each module is a whole number of pixels, so edges stay crisp; the file
    carries its resolution, so layout programs place it at the right size.
    """
    code = _code(data)
    modules = code.modules_count + 2 * 4
    needed = size_mm / 25.4 * dpi
    code.box_size = max(1, math.ceil(needed / modules))
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


@dataclass(frozen=True)
class QrTarget:
    """A link worth a QR code: the registration of an event or an online phase."""

    phase: AnyPhase
    url: str

    @property
    def file_stem(self) -> str:
        name = "qr-anmeldung" if isinstance(self.phase, EventPhase) else "qr"
        return f"{self.phase.id}-{name}"


def qr_target(phase: AnyPhase) -> QrTarget | None:
    """The link of ``phase`` (registration URL or online URL), if it has one."""
    if isinstance(phase, EventPhase):
        if phase.registration is not None and phase.registration.url:
            return QrTarget(phase, phase.registration.url)
        return None
    if isinstance(phase, OnlinePhase) and phase.url:
        return QrTarget(phase, phase.url)
    return None


def qr_targets(process: Process, phase_id: str | None = None) -> list[QrTarget]:
    """The phase's link, or every link of the process when ``phase_id`` is ``None``."""
    if phase_id is not None:
        phase = find_phase(process, phase_id)
        target = qr_target(phase)
        if target is None:
            what = "Anmelde-Link (anmeldung: url:)" if isinstance(phase, EventPhase) else "Link (url:)"
            raise IkError(
                f"Die Phase „{phase_id}“ hat keinen {what}; ohne Link gibt es keinen QR-Code.",
                "Tragen Sie den Link in der Prozessdatei ein.",
            )
        return [target]
    targets = [t for t in (qr_target(p) for p in process.phases) if t is not None]
    if not targets:
        raise IkError(
            "Keine Phase hat einen Link für einen QR-Code.",
            "Tragen Sie bei einer Veranstaltung „anmeldung: url:“ oder bei einer Online-Phase „url:“ ein.",
        )
    return targets


def write_qr_codes(
    process: Process,
    writer: Writer,
    *,
    phase_id: str | None = None,
    output: Path | None = None,
    source: str | None = None,
) -> list[Path]:
    """Write PNG and SVG for the phase (or all phases with a link); return the paths.

    Files: ``<phase>-qr-anmeldung.png`` / ``.svg`` for events, ``<phase>-qr.png`` /
    ``.svg`` for online phases; with ``source`` the name ends in ``-<source>``.
    ``output`` is a folder; with ``phase_id`` it may also name the PNG or SVG file.
    """
    targets = qr_targets(process, phase_id)
    paths: list[Path] = []
    for target in targets:
        data = with_source(target.url, source)
        stem = target.file_stem + (f"-{source}" if source else "")
        if output is not None and output.suffix.lower() in {".png", ".svg"} and len(targets) == 1:
            png, svg = output.with_suffix(".png"), output.with_suffix(".svg")
        else:
            folder = output_dir(process, output)
            png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
        writer.write(png, qr_png(data))
        writer.write(svg, qr_svg_file(data))
        paths += [png, svg]
    return paths
