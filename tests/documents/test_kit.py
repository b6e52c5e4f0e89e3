"""``ik build`` on the shipped examples: the documented files, a working index, safe to re-run."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from documents_support import decode_qr_pages, example, needs_poppler, pdf_pages_text

from integrakonzept.documents.kit import KitResult, build_kit
from integrakonzept.output import STAMPS, Change, Writer

pytestmark = needs_poppler

RELEASE = date(2025, 4, 10)
NOW = datetime(2025, 4, 10, 8, 0, tzinfo=UTC)

EXPECTED = {
    "elmshorn-2025": {
        "index.html",
        "termine.ics",
        "auftakt/auftakt-einladung.pdf",
        "auftakt/auftakt-einladung.html",
        *(f"auftakt/auftakt-einladung-{code}.{ext}" for code in ("ar", "tr", "uk") for ext in ("pdf", "html")),
        "auftakt/auftakt-pressemitteilung-nachbericht.docx",
        "auftakt/auftakt-pressemitteilung-nachbericht.md",
        "auftakt/auftakt-pressemitteilung-nachbericht.txt",
        "auftakt/auftakt-teilnahmeliste.pdf",
        "auftakt/auftakt-qr-anmeldung.png",
        "auftakt/auftakt-qr-anmeldung.svg",
        "auftakt/auftakt-termin.ics",
        "fachrunde-hauptamt/fachrunde-hauptamt-teilnahmeliste.pdf",
        "fachrunde-ehrenamt/fachrunde-ehrenamt-teilnahmeliste.pdf",
    },
    "ostholstein-2025": {
        "index.html",
        "termine.ics",
        *(
            f"zukunftskonferenz/zukunftskonferenz-{name}"
            for name in (
                "einladung.pdf",
                "einladung.html",
                *(f"einladung-{code}.{ext}" for code in ("pl", "ar", "uk") for ext in ("pdf", "html")),
                "teilnahmeliste.pdf",
                "termin.ics",
                "pressemitteilung-nachbericht.docx",
                "pressemitteilung-nachbericht.md",
                "pressemitteilung-nachbericht.txt",
            )
        ),
        *(
            f"expertenrunden/expertenrunden-{name}"
            for name in (
                "teilnahmeliste.pdf",
            )
        ),
        *(
            f"beteiligung-ehrenamt/beteiligung-ehrenamt-{name}"
            for name in (
                "einladung.pdf",
                "einladung.html",
                *(f"einladung-{code}.{ext}" for code in ("pl", "ar", "uk") for ext in ("pdf", "html")),
                "teilnahmeliste.pdf",
                "termin.ics",
                "pressemitteilung-ankuendigung.docx",
                "pressemitteilung-ankuendigung.md",
                "pressemitteilung-ankuendigung.txt",
            )
        ),
        *(
            f"{phase}/{phase}-{name}"
            for phase in ("befragung", "kommentierung")
            for name in (
                "pressemitteilung-aufruf.docx",
                "pressemitteilung-aufruf.md",
                "pressemitteilung-aufruf.txt",
                "qr.png",
                "qr.svg",
                "termin.ics",
            )
        ),
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, KitResult, Writer]]:
    out = {}
    for name in EXPECTED:
        root = tmp_path_factory.mktemp(name)
        writer = Writer()
        steps: list[tuple[int, int, str]] = []
        result = build_kit(
            example(name),
            writer,
            output=root,
            release_date=RELEASE,
            now=NOW,
            on_step=lambda done, total, text, steps=steps: steps.append((done, total, text)),  # type: ignore[misc]
        )
        assert steps[0][0] == 0 and steps[-1] == (steps[-1][1], steps[-1][1], "fertig")
        out[name] = (root, result, writer)
    return out


@pytest.mark.parametrize("name", list(EXPECTED))
def test_documented_set_of_files(
    built: dict[str, tuple[Path, KitResult, Writer]], name: str
) -> None:
    root, _, writer = built[name]
    made = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    # and the stamps of what was made, and the record of the calendar entries issued (hidden)
    assert made == EXPECTED[name] | {STAMPS, ".ik-kalender.json"}
    assert {w.change for w in writer.written} == {Change.CREATED}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_running_again_changes_nothing(
    built: dict[str, tuple[Path, KitResult, Writer]], name: str
) -> None:
    root, _, _ = built[name]
    writer = Writer()
    build_kit(
        example(name),
        writer,
        output=root,
        release_date=RELEASE,
        now=datetime(2025, 4, 11, tzinfo=UTC),
    )
    assert {w.change for w in writer.written} == {Change.UNCHANGED}
    assert len(writer.written) == len(EXPECTED[name])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_index_links_every_file_and_names_what_is_missing(
    built: dict[str, tuple[Path, KitResult, Writer]], name: str
) -> None:
    root, result, _ = built[name]
    index = (root / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    # … and the public page, which ik build writes after the overview (site/, see the CLI)
    assert links == (EXPECTED[name] - {"index.html"}) | {"seite/index.html"}
    for skipped in result.skipped:
        assert skipped.phase_id in {p.id for p in example(name).phases}
    if name == "elmshorn-2025":
        assert "Noch nicht erstellt: Einladung – es steht erst der Monat fest" in index
        assert (
            "Noch nicht erstellt: Pressemitteilung (Ankündigung) – nur für Eingeladene" in index
        )
        assert "der Termin liegt vor dem Datum der Pressemitteilung" in index
        assert "QR-Code der Anmeldung" not in index.split("Fachrunde mit Hauptamtlichen")[1], (
            "an invitation-only event without registration needs no QR code"
        )


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_invitation_fits_front_and_back_and_scans(
    built: dict[str, tuple[Path, KitResult, Writer]], name: str, tmp_path: Path
) -> None:
    root, _, _ = built[name]
    pdfs = sorted(root.glob("*/*-einladung*.pdf"))
    assert len(pdfs) == 2 * 4 if name == "ostholstein-2025" else 4
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert len(pdf_pages_text(data, tmp_path)) <= 2, pdf.name
        phase = example(name).phase(pdf.parent.name)
        url = getattr(getattr(phase, "registration", None), "url", None)
        # Invitations in other languages than German tell the tracker where they came from.
        code = pdf.stem.rpartition("einladung")[2].lstrip("-")
        if url and code:
            url += f"?utm_source=einladung-{code}"
        assert decode_qr_pages(data, tmp_path) == ([url] if url else []), pdf.name


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    writer = Writer(dry_run=True)
    build_kit(
        example("elmshorn-2025"), writer, output=tmp_path / "kit", release_date=RELEASE, now=NOW
    )
    assert not (tmp_path / "kit").exists()
    assert {w.change for w in writer.written} == {Change.PLANNED}


def test_one_phase_only(tmp_path: Path) -> None:
    writer = Writer()
    build_kit(
        example("ostholstein-2025"),
        writer,
        output=tmp_path,
        phase_id="befragung",
        release_date=RELEASE,
        now=NOW,
    )
    assert sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and p.name not in (STAMPS, ".ik-kalender.json")
    ) == sorted(e for e in EXPECTED["ostholstein-2025"] if e.startswith("befragung/"))


@needs_poppler
def test_build_prefills_sign_up_sheet_once_the_tracker_exists(tmp_path: Path) -> None:
    import shutil

    from documents_support import EXAMPLES

    from integrakonzept.people.imports import import_registrations
    from integrakonzept.people.tracker import make_tracker
    from integrakonzept.process.load import load_process

    folder = tmp_path / "p"
    shutil.copytree(
        EXAMPLES / "elmshorn-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    export = tmp_path / "export.csv"
    export.write_text(
        "Vorname;Nachname;E-Mail;Telefon;Veranstaltung\r\nGisela;Gründlich;gisela@example.de;0151 12345678;auftakt\r\n",
        encoding="utf-8-sig",
    )
    make_tracker(load_process(process_file), process_file)
    import_registrations(load_process(process_file), [export])
    from integrakonzept.people.roster import roster_for

    process = load_process(process_file)
    build_kit(
        process,
        Writer(),
        phase_id="auftakt",
        release_date=date(2025, 2, 18),
        roster=roster_for(process),
    )
    text = "\n".join(
        pdf_pages_text(
            (folder / "ausgabe" / "auftakt" / "auftakt-teilnahmeliste.pdf").read_bytes(), tmp_path
        )
    )
    assert "Gründlich" in text and "Gisela" in text
    assert "gisela@example.de" not in text and "0151" not in text


def test_build_writes_the_report_from_tracker_attendance(tmp_path: Path) -> None:
    import shutil

    from documents_support import EXAMPLES

    from integrakonzept.people.attendance import mark_attendance
    from integrakonzept.people.imports import import_registrations
    from integrakonzept.people.tracker import make_tracker
    from integrakonzept.process.load import load_process

    folder = tmp_path / "p"
    shutil.copytree(
        EXAMPLES / "ostholstein-2025", folder, ignore=shutil.ignore_patterns("ausgabe", "*.xlsx")
    )
    process_file = folder / "prozess.yaml"
    rows = [f"V{i};N{i};p{i}@example.de;beteiligung-ehrenamt" for i in range(30)]
    (tmp_path / "export.csv").write_text(
        "Vorname;Nachname;E-Mail;Veranstaltung\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    (tmp_path / "da.txt").write_text(
        "\n".join(f"p{i}@example.de" for i in range(23)) + "\n", encoding="utf-8"
    )
    make_tracker(load_process(process_file), process_file)
    import_registrations(load_process(process_file), [tmp_path / "export.csv"])
    process = load_process(process_file)
    phase_folder = folder / "ausgabe" / "beteiligung-ehrenamt"
    report = phase_folder / "beteiligung-ehrenamt-pressemitteilung-nachbericht.md"
    from integrakonzept.people.roster import roster_for

    def build() -> None:
        build_kit(
            process,
            Writer(),
            phase_id="beteiligung-ehrenamt",
            release_date=date(2025, 6, 2),
            roster=roster_for(process),
        )

    build()
    assert not report.exists()  # no results and no attendance yet: nothing to report
    mark_attendance(load_process(process_file), "beteiligung-ehrenamt", tmp_path / "da.txt")
    build()
    assert "# Rund 20 Teilnehmer:innen" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("release", "stale"),
    [(date(2025, 3, 20), False), (date(2025, 4, 2), False), (date(2025, 4, 3), True),
     (date(2026, 11, 25), True)],
)
def test_build_warns_about_a_stale_report_once_like_press_release(
    tmp_path: Path, release: date, stale: bool
) -> None:
    """ik build gives the warning ik press-release -k nachbericht gives (the same text), once
    for the phase – not once per format; none while the report is still news."""
    from integrakonzept.documents.press import timing_warnings

    process = example("elmshorn-2025")
    result = build_kit(
        process, Writer(dry_run=True), output=tmp_path / "kit", phase_id="auftakt",
        release_date=release, now=NOW,
    )
    expected = timing_warnings(process, "auftakt", "nachbericht", release)
    assert result.warnings == expected
    assert bool(expected) is stale
    if stale:
        days = (release - date(2025, 3, 19)).days
        assert f"{days} Tage nach der Veranstaltung" in result.warnings[0]
        assert "„Auftaktveranstaltung ‚Elmshorn im Dialog‘“" in result.warnings[0]
