"""The documentation as a Word document, to be pasted into a Beschlussvorlage.

Same content and order as the PDF (:mod:`integrakonzept.results.html`): real heading
styles (so Word builds a table of contents), real tables with a repeated header
row, the charts as PNG pictures (python-docx cannot embed SVG) drawn from the same
:class:`~integrakonzept.results.charts.Drawing` as the PDF's SVG.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from integrakonzept.results.report import Chart, Report

if TYPE_CHECKING:
    from docx.document import Document

TEXT_WIDTH_MM = 165  # A4 minus the DIN 5008 margins of render.docx (25 + 20 mm)
HEADER_PT = 8.0
BODY_PT = 8.5
CELL_MARGIN_MM = 1.5


def _shade(cell: object, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    tc_pr.append(shading)


def _table(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    accent: str,
    numeric: Sequence[int] = (),
    footer: Sequence[str] | None = None,
    width_mm: float | None = None,
) -> None:
    """A table with widths from its content, cell margins, rows that never split."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from integrakonzept.render.docx import fit_columns, keep_rows_together, set_cell_margins
    from integrakonzept.render.fonts import hyphenate_to_fit

    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    all_rows = [list(headers), *[list(r) for r in rows]]
    if footer is not None:
        all_rows.append(list(footer))
    for _ in range(len(all_rows) - 1):
        table.add_row()
    sizes = [HEADER_PT if r == 0 else BODY_PT for r in range(len(all_rows))]

    def bold(r: int) -> bool:
        return r == 0 or (footer is not None and r == len(all_rows) - 1)

    # Widths from content; a header may be narrower than its longest word if that word can
    # be hyphenated (German rules, as in the PDF); only then it gets soft hyphens.
    texts = [
        [
            (hyphenate_to_fit(values[c], 0, sizes[r]) if r == 0 else values[c], sizes[r], bold(r))
            for r, values in enumerate(all_rows)
        ]
        for c in range(len(headers))
    ]
    padding = 2 * CELL_MARGIN_MM + 0.6
    widths = fit_columns(table, texts, width_mm or TEXT_WIDTH_MM, padding_mm=padding)
    all_rows = [
        [
            hyphenate_to_fit(v, (widths[c] - padding) / 25.4 * 72, sizes[r], bold=bold(r))
            for c, v in enumerate(values)
        ]
        for r, values in enumerate(all_rows)
    ]
    for r_index, values in enumerate(all_rows):
        row = table.rows[r_index]
        for c_index, value in enumerate(values):
            cell = row.cells[c_index]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            lines = value.split("\n")
            for l_index, line in enumerate(lines):
                if l_index:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(line)
                run.font.size = Pt(sizes[r_index])
                if bold(r_index):
                    run.bold = True
                if r_index == 0:
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
            if c_index in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r_index == 0:
                _shade(cell, accent)
            elif not (footer is not None and r_index == len(all_rows) - 1) and r_index % 2 == 0:
                _shade(cell, "#F4F6F8")
    set_cell_margins(table, left_mm=CELL_MARGIN_MM, right_mm=CELL_MARGIN_MM)
    keep_rows_together(table)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _picture(document: Document, chart: Chart, number: int) -> None:
    from docx.shared import Mm

    # Full text width, as in the PDF: the chart's smallest text then prints at 8 pt or more.
    width_mm = TEXT_WIDTH_MM
    document.add_picture(io.BytesIO(chart.drawing.png()), width=Mm(width_mm))
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    # Alternative text for screen readers (Word shows it under "Alt Text").
    for element in picture._p.iter():
        if element.tag.endswith("}docPr"):
            element.set("descr", chart.drawing.description or chart.caption)
            element.set("title", chart.drawing.title)
    document.add_paragraph(f"Abbildung {number}: {chart.caption}", style="Kleingedrucktes")


def render_docx(report: Report, stamp: datetime) -> bytes:
    """The documentation as DOCX bytes (reproducible for the same ``stamp``)."""
    from integrakonzept.render.docx import (
        add_page_numbers,
        add_text,
        keep_with_next,
        new_document,
        to_bytes,
    )

    accent = report.accent
    document = new_document(
        title=f"{report.title}: {report.process_title}",
        author=report.organiser,
        subject=report.title,
        keywords="Integrationskonzept, Beteiligung, Dokumentation",
        accent=accent,
    )
    add_page_numbers(document, left=f"{report.title} · {report.process_title}")

    document.add_paragraph(report.title, style="Dachzeile")
    document.add_paragraph(report.process_title, style="Title")
    if report.motto:
        document.add_paragraph(f"„{report.motto}“", style="Subtitle")
    meta = report.organiser + (f" · {report.department}" if report.department else "")
    document.add_paragraph(f"{meta}\nStand: {report.stand_text}")

    figure_number = 0

    def figure(slug: str) -> None:
        nonlocal figure_number
        if slug in report.charts:
            figure_number += 1
            _picture(document, report.charts[slug], figure_number)

    document.add_heading("1 Überblick", level=1)
    for paragraph in report.intro:
        document.add_paragraph(paragraph)
    _table(
        document,
        ["Kennzahl", "Wert", "Erläuterung"],
        [[f.label, f.value, f.note] for f in report.key_figures],
        accent=accent,
        numeric=(1,),
    )

    document.add_heading("2 Ablauf des Prozesses", level=1)
    figure("zeitstrahl")
    _table(
        document,
        ["Phase", "Art", "Zeitraum", "Stand"],
        [
            [p.title + (f" ({p.body})" if p.body else ""), p.kind, p.when, p.state_text]
            for p in report.phases
        ],
        accent=accent,
    )
    summarised = [p for p in report.phases if p.summary]
    if summarised:
        document.add_heading("Ergebnisse der einzelnen Phasen", level=2)
        for p in summarised:
            head = document.add_paragraph()
            head.add_run(p.title).bold = True
            head.add_run(f" ({p.when})")
            head.paragraph_format.keep_with_next = True
            head.paragraph_format.space_after = 0
            document.add_paragraph(p.summary)
            if p.facts:
                document.add_paragraph(" · ".join(p.facts), style="Kleingedrucktes")

    document.add_heading("3 Beteiligung", level=1)
    if not report.tracker_used:
        document.add_paragraph(
            "Für diese Dokumentation lag keine Anmeldeliste vor; die Zahlen stammen aus den "
            "Ergebnissen in der Prozessdatei."
        )
    document.add_heading("Veranstaltungen", level=2)
    if report.tracker_used:
        # Portrait A4 has room for eight columns: date and audience go under the title.
        headers = [
            "Veranstaltung",
            "Plätze",
            "Anmeldungen",
            "Auslastung",
            "Teilgenommen",
            "Nicht erschienen",
            "Warteliste",
            "Abgesagt",
        ]
        rows = [
            [
                f"{e.title}\n{e.when} · {e.audience or 'Zielgruppe offen'}",
                str(e.capacity) if e.capacity else "–",
                e.registered.shown if e.registered else "–",
                e.utilisation or "–",
                e.attended_shown,
                e.absent.shown if e.absent else "–",
                e.waitlist.shown if e.waitlist else "–",
                e.cancelled.shown if e.cancelled else "–",
            ]
            for e in report.events
        ]
        _table(document, headers, rows, accent=accent, numeric=range(1, 8))
    else:
        _table(
            document,
            ["Veranstaltung", "Datum", "Zielgruppen", "Plätze", "Teilgenommen"],
            [
                [
                    e.title,
                    e.when,
                    e.audience or "–",
                    str(e.capacity) if e.capacity else "–",
                    e.attended_shown,
                ]
                for e in report.events
            ],
            accent=accent,
            numeric=(3, 4),
        )
    if report.any_from_file:
        document.add_paragraph(
            "¹ Zahl aus den Ergebnissen in der Prozessdatei.", style="Kleingedrucktes"
        )
    figure("teilnahme")

    if report.tracker_used and report.role_columns:
        document.add_heading("Wer hat sich beteiligt?", level=2)
        document.add_paragraph(
            "Personen nach ihrer Rolle, wie sie bei der Anmeldung angegeben wurde. Bei "
            "Veranstaltungen mit erfasster Teilnahme zählen die Teilnehmenden, sonst die Angemeldeten."
        )
        _table(
            document,
            ["Veranstaltung", "gezählt", *report.role_columns],
            [
                [
                    e.title,
                    e.role_basis,
                    *[e.roles[c].shown if c in e.roles else "0" for c in report.role_columns],
                ]
                for e in report.events
                if e.roles
            ],
            accent=accent,
            numeric=range(2, 2 + len(report.role_columns)),
        )
        if report.roles_overall:
            _table(
                document,
                ["Rolle", f"{report.roles_overall_basis} (ohne Doppelzählung)"],
                [[label, count.shown] for label, count in report.roles_overall.items()],
                accent=accent,
                numeric=(1,),
                footer=["Zusammen", report.roles_overall_total.shown]
                if report.roles_overall_total
                else None,
            )
        if report.any_suppressed:
            document.add_paragraph(
                f"„< {report.threshold}“: weniger als {report.threshold} Personen; „x“: ausgeblendet, "
                "damit sich eine kleine Zahl nicht aus der Summe errechnen lässt.",
                style="Kleingedrucktes",
            )
        figure("rollen")
        if report.roles_chart_note:
            document.add_paragraph(report.roles_chart_note)

    if report.has_registrations:
        document.add_heading("Dolmetschen, Kinderbetreuung und Barrierefreiheit", level=2)
        document.add_paragraph(
            "Bei der Anmeldung angefragte Unterstützung (Anmeldungen mit dem Status „angemeldet“)."
        )
        totals = report.support_totals
        _table(
            document,
            ["Veranstaltung", "Dolmetschen", "Kinderbetreuung", "Barrierefreiheit"],
            [
                [e.title, e.interpreter.shown, e.childcare.shown, e.accessibility.shown]
                for e in report.events
                if e.has_tracker_rows and e.interpreter and e.childcare and e.accessibility
            ],
            accent=accent,
            numeric=(1, 2, 3),
            footer=[
                "Zusammen",
                totals["interpreter"].shown,
                totals["childcare"].shown,
                totals["accessibility"].shown,
            ],
        )
        if report.languages:
            _table(
                document,
                ["Gewünschte Sprache beim Dolmetschen", "Anfragen"],
                [[language, count.shown] for language, count in report.languages.items()],
                accent=accent,
                numeric=(1,),
            )

    if report.online:
        document.add_heading("Online-Beteiligung", level=2)
        _table(
            document,
            ["Online-Phase", "Zeitraum", "Stand", "Teilnehmende", "Beiträge"],
            [
                [o.title, o.when, o.state_text, o.participants, o.contributions]
                for o in report.online
            ],
            accent=accent,
            numeric=(3, 4),
        )

    document.add_heading("4 Ergebnisse nach Handlungsfeldern", level=1)
    from integrakonzept.render.locale import counted

    count = report.measures_count
    document.add_paragraph(
        "Ziele, Maßnahmen und Ideen aus allen Phasen, zusammengeführt je Handlungsfeld"
        + (f" ({counted(count, 'Maßnahme', 'Maßnahmen')} insgesamt)." if count else ".")
    )
    for index, f in enumerate(report.fields, start=1):
        document.add_heading(f"4.{index} {f.title}", level=2)
        if f.description:
            document.add_paragraph(f.description)
        facts = []
        if f.worked_on_in:
            from integrakonzept.render.locale import join

            facts.append(f"Bearbeitet in: {join(f.worked_on_in)}.")
        if f.interest:
            facts.append(f.interest_text)
        if facts:
            document.add_paragraph(" ".join(facts), style="Kleingedrucktes")
        if f.empty:
            document.add_paragraph().add_run(
                "Für dieses Handlungsfeld sind noch keine Ergebnisse eingetragen."
            ).italic = True
        if f.goals:
            document.add_paragraph().add_run("Ziele").bold = True
            for goal in f.goals:
                document.add_paragraph(f"{goal.text} ({goal.source})", style="List Bullet")
        if f.measures:
            _table(
                document,
                ["Maßnahme", "Verantwortlich", "Priorität", "Zeitraum"],
                [
                    [
                        f"{m.title}\naus: {m.source}",
                        m.responsible or "–",
                        m.priority or "–",
                        m.timeframe or "–",
                    ]
                    for m in f.measures
                ],
                accent=accent,
            )
        if f.ideas:
            document.add_paragraph().add_run("Ideen und Vorschläge").bold = True
            for idea in f.ideas:
                document.add_paragraph(f"{idea.text} ({idea.source})", style="List Bullet")

    document.add_heading("5 Hinweise zu den Zahlen", level=1)
    notes = [document.add_paragraph(note, style="Kleingedrucktes") for note in report.notes]
    contact = document.add_paragraph()
    contact.add_run("Ansprechperson").bold = True
    for line in report.contact_lines:
        contact.add_run().add_break()
        add_text(contact, line)
    # The contact block never stands alone on the last page: it takes the last note along.
    keep_with_next([*notes[-1:], contact])
    return to_bytes(document, stamp)
