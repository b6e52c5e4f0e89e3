"""Rows per page of a sign-up sheet: computed from the page geometry and the font's metrics,
laid out once, and exactly what WeasyPrint lays out.

:func:`integrakonzept.documents.signup.signup_sheet` computes how many empty rows fill the
last page without a trial layout (``fill_to_page``) and only checks that on the one layout
it needs anyway; a second layout happens only when the computation was wrong (a user's own
style sheet). Over generated sheets – long and short event titles, few and many rows,
pre-printed names that wrap, the photo column, the funding variant, several languages –
the real PDF (its row anchors with their pages and positions, read with pypdf) shows:

* the sheet was laid out once (the computed split was right);
* every row is printed once, on the page the computation put it, in order;
* every row is as tall as computed (wrapped names included), so no row is cut or runs
  into the page foot;
* the last page is full: one more row would start a new page.

Arabic script is measured letter by letter, without shaping (ik has no shaper of its own):
for sheets with Arabic text these hold up to one row (a second layout corrects an estimate
that was too high; one that was too low leaves at most one row out on the last page).
"""

from __future__ import annotations

import io

import pytest
from documents_support import example
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrakonzept.documents import signup
from integrakonzept.documents.signup import Attendee, SheetRow, sort_attendees
from integrakonzept.render import pdf as render_pdf

PROCESS = example("elmshorn-2025")

WORDS = st.sampled_from(
    [
        "Auftakt", "Integrationskonzept", "Elmshorn", "im", "Dialog", "Workshop", "für",
        "Zusammenleben", "Bildungs\u00adberatung", "Arbeitsmarktintegrationsveranstaltung",
        "Ehrenamt", "und", "Verwaltung", "Sprachmittlung", "Çalıştay", "Зустріч", "لقاء",
    ]
)  # fmt: skip
NAMES = st.sampled_from(
    [
        "Abel", "Zoë", "Yılmaz", "Nguyễn", "Wiśniewska", "Шевченко", "محمد", "Al-Hassan",
        "Müller-Lüdenscheidt", "Schwarzenberger-Hohenlohe-Waldenburg", "da Silva Pereira",
        "Ana Maria Sofia", "Papadopoulou-Konstantinidou",
    ]
)  # fmt: skip
ORGS = st.sampled_from(
    [
        "", "Caritas", "Stadt Elmshorn", "Türkischer Elternbund Elmshorn und Umgebung e.V.",
        "Jugendmigrationsdienst des Diakonischen Werks im Kreis Pinneberg",
        "Arbeitsgemeinschaft der Migrantenselbstorganisationen Schleswig-Holstein",
    ]
)  # fmt: skip


def _shaped(text: str) -> bool:
    """Whether ``text`` has letters that change shape with their neighbours (Arabic)."""
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _tops_of(pdf: bytes) -> dict[int, float]:
    """Row number -> the top of the row on its page (points from the bottom edge)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        int(name.removeprefix("row-")): float(dest.top or 0)
        for name, dest in reader.named_destinations.items()
        if name.startswith("row-")
    }


def _pages_of(pdf: bytes) -> dict[int, int]:
    """Row number -> page index, from the PDF's named destinations (the rows' ids)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {
        int(name.removeprefix("row-")): reader.get_destination_page_number(dest) or 0
        for name, dest in reader.named_destinations.items()
        if name.startswith("row-")
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    title=st.lists(WORDS, min_size=1, max_size=14).map(" ".join),
    rows=st.integers(min_value=0, max_value=70),
    people=st.lists(st.tuples(NAMES, NAMES, ORGS), max_size=45),
    photo=st.booleans(),
    funding=st.sampled_from([None, "", "KIT-Richtlinie Schleswig-Holstein, Förderaufruf 2025"]),
    lang=st.sampled_from(["de", "en", "tr", "ar", "uk"]),
)
def test_rows_per_page_are_those_laid_out(
    title: str,
    rows: int,
    people: list[tuple[str, str, str]],
    photo: bool,
    funding: str | None,
    lang: str,
) -> None:
    if not people and rows == 0:
        rows = 1  # a sheet without rows is refused (tested elsewhere)
    attendees = sort_attendees([Attendee(last, first, org) for last, first, org in people])
    phases = [
        p.model_copy(update={"title": title}) if p.id == "auftakt" else p for p in PROCESS.phases
    ]
    process = PROCESS.model_copy(update={"phases": phases})
    layouts: list[int] = []
    real_layout = render_pdf.render_documents

    def counted(documents: list[str]) -> list[object]:
        layouts.append(len(documents))
        return real_layout(documents)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_pdf, "render_documents", counted)
        patch.setattr(signup, "attendees", lambda roster, phase: attendees)
        sheet = signup.signup_sheet(
            process,
            "auftakt",
            rows=rows,
            roster=object() if people else None,  # type: ignore[arg-type]
            photo_consent=photo,
            funding=funding is not None,
            funding_programme=funding or None,
            lang=lang,
        )
    pdf = sheet.pdf()
    # Arabic script is measured letter by letter (no shaping): there the computation is
    # an estimate, which the one layout checks (and corrects with a second one).
    exact = lang != "ar" and not _shaped(title + "".join(map("".join, people)))
    if exact:
        assert layouts == [1], "laid out twice: the computed rows per page were wrong"
    else:
        assert layouts in ([1], [1, 1])

    total = sheet.html.count('<td class="no">')
    assert total >= len(attendees) + rows
    # the computation's split, from the same functions signup_sheet uses
    room = signup._PAGE_BODY - signup._repeated_height(sheet.html)
    heights = [signup._row_height(SheetRow(0, a.last_name, a.first_name, a.organisation))
               for a in attendees] + [signup._ROW] * (total - len(attendees))  # fmt: skip
    computed = signup._pages(heights, room)
    page_of = _pages_of(pdf)
    assert sorted(page_of) == list(range(1, total + 1))  # every row once
    pages = max(page_of.values()) + 1
    laid_out = [sum(1 for page in page_of.values() if page == i) for i in range(pages)]
    if exact:
        assert laid_out == computed
    assert [page_of[n] for n in sorted(page_of)] == sorted(page_of.values())  # in order

    # The last page is full: one more empty row starts a new page (with Arabic script at
    # most one row is missing: two more rows start a new page).
    more = 1 if exact else 2
    rows_more = "".join(
        f'    <tr id="row-{n}"><td class="no">{n}</td><td></td><td></td><td></td>'
        + ("<td></td>" if photo else "") + "<td></td></tr>\n"
        for n in range(total + 1, total + more + 1)
    )  # fmt: skip
    one_more = sheet.html.replace("  </tbody>", rows_more + "  </tbody>", 1)
    assert len(render_pdf.anchors_per_page(one_more)) == pages + 1

    # Every row is as tall as computed (the tops of consecutive rows on a page are that far
    # apart): with the split above, the rows fill no more than the computed room, and a
    # row never breaks (break-inside: avoid) – none is cut or runs into the page foot.
    tops = _tops_of(pdf)
    for n in range(1, total):
        if page_of[n] == page_of[n + 1]:
            assert tops[n] - tops[n + 1] == pytest.approx(heights[n - 1], abs=0.05), n
