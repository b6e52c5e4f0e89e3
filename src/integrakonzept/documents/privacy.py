"""``ik privacy-notice``: the data-protection information (Art. 13 DSGVO) from the process file.

One template (``privacy-notice/datenschutzhinweise.md.j2``) writes ik-Text; the parsed text
becomes a DOCX (for the files and the data-protection officer) and an HTML page (beside the
registration form). A second template writes the short version for the sign-up sheet
(plain text). Controller, officer, authority, legal basis, purposes and recipients come
from the section ``datenschutz:``; the retention period from ``aufbewahrung_monate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from integrakonzept.documents.common import add_blocks, office_document, output_dir, stamp
from integrakonzept.documents.textdoc import TextDoc, parse, to_text
from integrakonzept.errors import IkError
from integrakonzept.output import Writer
from integrakonzept.process.model import Privacy, Process

FILE_STEM = "datenschutzhinweise"
SHORT_STEM = "datenschutzhinweise-kurz"

EXAMPLE = (
    "datenschutz:\n"
    "  datenschutzbeauftragte:\n"
    "    email: datenschutz@musterstadt.de\n"
    "  aufsichtsbehoerde:\n"
    "    name: Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein"
)


@dataclass(frozen=True)
class PrivacyNotice:
    """The notice in full (``doc``) and short (``short``), ready to be written."""

    process: Process
    doc: TextDoc
    short: str
    issued: date
    templates: Path | None = None

    def docx(self) -> bytes:
        from integrakonzept.render import docx as word

        document = office_document(
            self.process,
            self.doc.title,
            "Datenschutzinformation nach Art. 13 DSGVO",
            self.process.title,
            logo=False,
        )
        add_blocks(document, self.doc)
        return word.to_bytes(document, stamp(self.issued))

    def html(self) -> str:
        from integrakonzept.render.templating import render_template

        context = {
            "doc": self.doc,
            "process": self.process,
            "issued": self.issued,
            "lang": "de",
            "gender_style": self.process.gender_style,
        }
        return render_template("privacy-notice/page.html.j2", context, self.templates)


def _privacy(process: Process) -> Privacy:
    if process.privacy is None:
        raise IkError(
            "In der Prozessdatei fehlt der Abschnitt „datenschutz:“ mit den Angaben für die "
            "Datenschutzinformation (Datenschutzbeauftragte, Aufsichtsbehörde).",
            "Ergänzen Sie zum Beispiel:\n" + EXAMPLE,
        )
    return process.privacy


def controller_with_article(process: Process, name: str, issued: date) -> str | None:
    """``die Stadt Elmshorn``, ``der Kreis Ostholstein`` – as the press texts name the
    municipality; another name by its head noun; ``None`` if the article cannot be told."""
    from integrakonzept.documents.phrases import PhraseBook
    from integrakonzept.documents.wording import noun_phrase

    m = process.municipality
    if " ".join(name.split()) == f"{m.kind} {m.name}":
        return PhraseBook(process, issued).org.nom
    phrase = noun_phrase(name)
    return phrase.definite("nom") if phrase is not None else None


def controller_of(process: Process, name: str, issued: date) -> str:
    """``von der Stadt Elmshorn``, ``vom Kreis Ostholstein``; ``von KIESEL e.V.`` where the
    article cannot be told."""
    from integrakonzept.documents.phrases import PhraseBook
    from integrakonzept.documents.wording import noun_phrase

    m = process.municipality
    if " ".join(name.split()) == f"{m.kind} {m.name}":
        return PhraseBook(process, issued).org.np.of()
    phrase = noun_phrase(name)
    return phrase.of() if phrase is not None else f"von {name}"


def privacy_notice(
    process: Process, *, issued: date, delete_by: date | None, templates: Path | None = None
) -> PrivacyNotice:
    """Render the notice; ``delete_by`` is the day the registrations are deleted, if known."""
    from integrakonzept.render.templating import render_template

    privacy = _privacy(process)
    controller = privacy.controller or process.organiser.institution
    # A deletion day already past is no promise: the notice states the rule and that the
    # data are deleted now.
    overdue = delete_by is not None and delete_by < issued
    context: dict[str, Any] = {
        "process": process,
        "privacy": privacy,
        "controller": controller,
        "controller_nom": controller_with_article(process, controller, issued),
        "contact": process.contact,
        "months": process.retention_months,
        "delete_by": None if overdue else delete_by,
        "deletion_overdue": overdue,
        "lang": "de",
        "gender_style": process.gender_style,
    }
    doc = parse(render_template("privacy-notice/datenschutzhinweise.md.j2", context, templates))
    short = to_text(parse(render_template("privacy-notice/kurz.md.j2", context, templates)))
    return PrivacyNotice(process, doc, short, issued, templates)


def write_privacy_notice(
    process: Process,
    writer: Writer,
    *,
    issued: date,
    delete_by: date | None,
    output: Path | None = None,
    templates: Path | None = None,
) -> PrivacyNotice:
    """Write ``datenschutzhinweise.docx``/``.html`` and ``datenschutzhinweise-kurz.txt``."""
    notice = privacy_notice(process, issued=issued, delete_by=delete_by, templates=templates)
    folder = output_dir(process, output)
    writer.write(folder / f"{FILE_STEM}.docx", notice.docx())
    writer.write(folder / f"{FILE_STEM}.html", notice.html())
    writer.write(folder / f"{SHORT_STEM}.txt", notice.short)
    return notice
