"""QR codes (decoded by zxing-cpp) and calendar files (parsed by icalendar and vobject)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from documents_support import (
    EDGE,
    EXAMPLES,
    decode_qr,
    example,
    needs_poppler,
    rasterise,
    write_process,
)

from integrakonzept.documents.calendar import (
    calendar_as_issued,
    render_calendar,
    uid,
    write_calendar,
)
from integrakonzept.documents.qr import qr_png, qr_svg, qr_targets, with_source, write_qr_codes
from integrakonzept.errors import IkError, UsageError
from integrakonzept.output import Change, Writer
from integrakonzept.process.model import Process

BERLIN = ZoneInfo("Europe/Berlin")
URL = "https://anmeldung.example.de/elmshorn-auftakt"


# --- QR --------------------------------------------------------------------------------


def test_png_scans_and_prints_sharp_at_3_cm() -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(qr_png(URL)))
    assert decode_qr(image.convert("L")) == [URL]
    dpi = image.info["dpi"]
    assert round(dpi[0]) == 300 and round(dpi[1]) == 300
    assert image.width >= 354 and image.width / 300 * 25.4 < 40  # ≥ 30 mm, not huge
    assert image.mode == "1"  # pure black and white, no blurred edges
    assert qr_png(URL) == qr_png(URL)


@needs_poppler
def test_svg_scans_after_printing(tmp_path: Path) -> None:
    from integrakonzept.render.pdf import html_to_pdf

    svg = qr_svg(URL)
    assert svg.startswith("<svg") and 'viewBox="' in svg
    pdf = html_to_pdf(f'<html><body><div style="width:30mm;height:30mm">{svg}</div></body></html>')
    assert decode_qr(rasterise(pdf, tmp_path, dpi=200)) == [URL]


def test_source_parameter() -> None:
    assert with_source(URL, "flyer") == URL + "?utm_source=flyer"
    assert with_source(URL + "?a=1&utm_source=x", "kiesel") == URL + "?a=1&utm_source=kiesel"
    assert with_source(URL, None) == URL
    with pytest.raises(UsageError, match="taugt nicht als Quelle"):
        with_source(URL, "Flyer am Rathaus")
    from PIL import Image

    assert decode_qr(Image.open(io.BytesIO(qr_png(with_source(URL, "tr")))).convert("L")) == [
        URL + "?utm_source=tr"
    ]


def test_targets_and_file_names(tmp_path: Path) -> None:
    process = example("ostholstein-2025")
    assert [t.phase.id for t in qr_targets(process)] == ["befragung", "kommentierung"]
    paths = write_qr_codes(process, Writer(), output=tmp_path, source="flyer")
    assert [p.name for p in paths] == [
        "befragung-qr-flyer.png",
        "befragung-qr-flyer.svg",
        "kommentierung-qr-flyer.png",
        "kommentierung-qr-flyer.svg",
    ]
    elmshorn = write_qr_codes(
        example("elmshorn-2025"), Writer(), phase_id="auftakt", output=tmp_path
    )
    assert [p.name for p in elmshorn] == ["auftakt-qr-anmeldung.png", "auftakt-qr-anmeldung.svg"]
    with pytest.raises(IkError) as none:
        qr_targets(process, "zukunftskonferenz")
    assert none.value.message == (
        "Die Phase „zukunftskonferenz“ hat keinen Anmelde-Link (anmeldung: url:); ohne Link gibt es keinen QR-Code."
    )


# --- calendar --------------------------------------------------------------------------


def _events(data: bytes) -> dict[str, object]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_both_parsers_read_berlin_times() -> None:
    import vobject

    data = render_calendar(example("ostholstein-2025"), now=datetime(2025, 1, 1, tzinfo=UTC))
    parsed = vobject.readOne(data.decode("utf-8"))
    by_summary = {e.summary.value: e for e in parsed.vevent_list}
    conference = by_summary[
        "Zukunftskonferenz – Ostholstein auf dem Weg zum Integrationskonzept (Integrationskonzept Ostholstein)"
    ]
    assert conference.dtstart.value == datetime(2025, 3, 25, 9, 30, tzinfo=BERLIN)
    assert conference.dtstart.value.astimezone(UTC) == datetime(
        2025, 3, 25, 8, 30, tzinfo=UTC
    )  # CET
    assert conference.dtend.value == datetime(2025, 3, 25, 15, 0, tzinfo=BERLIN)
    may = by_summary[
        "Beteiligungsveranstaltung für Zivilgesellschaft und Ehrenamt (Integrationskonzept Ostholstein)"
    ]
    assert may.dtstart.value.astimezone(UTC) == datetime(2025, 5, 24, 10, 30, tzinfo=UTC)  # CEST
    assert "Bungsberg 3, 23744 Schönwalde am Bungsberg" in may.location.value
    survey = by_summary[
        "Online-Befragung „Integration in Ostholstein“ (Integrationskonzept Ostholstein)"
    ]
    assert survey.dtstart.value == date(2025, 6, 16) and survey.dtend.value == date(2025, 8, 16)
    assert "https://beteiligung.kreis-oh.example.de/integration" in survey.description.value

    events = _events(data)
    ics_conference = events[
        uid(example("ostholstein-2025"), example("ostholstein-2025").phase("zukunftskonferenz"))
    ]
    assert ics_conference["DTSTART"].dt == datetime(2025, 3, 25, 9, 30, tzinfo=BERLIN)  # type: ignore[index]
    assert str(ics_conference["DTSTART"].params["TZID"]) == "Europe/Berlin"  # type: ignore[index]
    # Month-only phases cannot be in a calendar.
    assert not any("Experten-Runden" in str(e["SUMMARY"]) for e in events.values())  # type: ignore[index]
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Europe/Berlin" in data


def test_registration_and_contact_in_the_description() -> None:
    data = render_calendar(
        example("elmshorn-2025"), phase_id="auftakt", now=datetime(2025, 1, 1, tzinfo=UTC)
    )
    (event,) = _events(data).values()
    description = str(event["DESCRIPTION"])  # type: ignore[index]
    assert (
        "Anmeldung bis 05.03.2025: https://anmeldung.example.de/elmshorn-auftakt, integration@elmshorn.example.de"
        in description
    )
    assert (
        "Kontakt: Frau Katrin Beispiel, 04121 231-475, integration@elmshorn.example.de"
        in description
    )
    assert str(event["URL"]) == URL  # type: ignore[index]


def test_stable_uids_and_updates(tmp_path: Path) -> None:
    process = example("elmshorn-2025")
    writer = Writer()
    path = write_calendar(process, writer, output=tmp_path, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert path.name == "termine.ics"
    first = path.read_bytes()
    again = Writer()
    write_calendar(process, again, output=tmp_path, now=datetime(2025, 2, 1, tzinfo=UTC))
    assert again.written[0].change is Change.UNCHANGED and path.read_bytes() == first

    # The kick-off moves by an hour: the same entry, counted up.
    source = (EXAMPLES / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    (tmp_path / "p").mkdir()
    moved = write_process(tmp_path / "p", source.replace('beginn: "16:00"', 'beginn: "17:00"'))
    later = Writer()
    write_calendar(moved, later, output=tmp_path, now=datetime(2025, 2, 1, tzinfo=UTC))
    assert later.written[0].change is Change.UPDATED
    before, after = _events(first), _events(path.read_bytes())
    assert before.keys() == after.keys(), "same UIDs: the calendar program updates, not duplicates"
    key = uid(process, process.phase("auftakt"))
    assert after[key]["SEQUENCE"] == 1 and before[key]["SEQUENCE"] == 0  # type: ignore[index]
    assert after[key]["DTSTART"].dt == datetime(2025, 3, 19, 17, 0, tzinfo=BERLIN)  # type: ignore[index]
    assert after[key]["DTSTAMP"].dt == datetime(2025, 2, 1, tzinfo=UTC)  # type: ignore[index]
    unchanged = uid(process, process.phase("beschluss"))
    assert unchanged not in after  # month only


def test_all_day_and_month_only(tmp_path: Path) -> None:
    process = write_process(tmp_path, EDGE)
    with pytest.raises(IkError) as error:
        render_calendar(process, phase_id="monat")
    assert error.value.message == (
        "Für „Workshop Sprache“ steht erst der Monat fest (April 2030); ein Kalendereintrag braucht den genauen Tag."
    )
    events = _events(render_calendar(process, now=datetime(2030, 1, 1, tzinfo=UTC)))
    open_event = events[uid(process, process.phase("offen"))]
    assert open_event["DTSTART"].dt == datetime(2030, 5, 6, 18, 0, tzinfo=BERLIN)  # type: ignore[index]
    assert "DTEND" not in open_event  # type: ignore[operator]
    assert "Alte Feuerwache, Hauptstraße 1, 12345 Musterstadt" == str(open_event["LOCATION"])  # type: ignore[index]
    survey = events[uid(process, process.phase("umfrage"))]
    assert survey["DTSTART"].dt == date(2030, 7, 1) and survey["DTEND"].dt == date(2030, 8, 1)  # type: ignore[index]
    assert str(survey["TRANSP"]) == "TRANSPARENT"  # type: ignore[index]


def test_several_days_with_times_repeat_daily(tmp_path: Path) -> None:
    import vobject

    text = EDGE.replace(
        'datum: 2030-05-06\n    beginn: "18:00"',
        'datum: 2030-05-06\n    datum_bis: 2030-05-08\n    beginn: "10:00"\n    ende: "16:00"',
    )
    process = write_process(tmp_path, text)
    data = render_calendar(process, phase_id="offen", now=datetime(2030, 1, 1, tzinfo=UTC))
    event = vobject.readOne(data.decode("utf-8")).vevent
    starts = [start.astimezone(UTC) for start in event.getrruleset()]
    assert starts == [datetime(2030, 5, day, 8, 0, tzinfo=UTC) for day in (6, 7, 8)]  # 10:00 CEST
    assert event.dtend.value == datetime(2030, 5, 6, 16, 0, tzinfo=BERLIN)
    (parsed,) = _events(data).values()
    assert parsed["RRULE"]["COUNT"] == [3]  # type: ignore[index]


# --- SEQUENCE across every calendar file of a process ------------------------------------

JAN, FEB, MAR = (datetime(2025, m, 1, tzinfo=UTC) for m in (1, 2, 3))


def _entry(data: bytes, key: str) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == key]
    return event


def _moved(folder: Path, start: str) -> Process:
    """The Ostholstein example in ``folder`` (written anew each time), the conference
    starting at ``start``."""
    source = (EXAMPLES / "ostholstein-2025" / "prozess.yaml").read_text(encoding="utf-8")
    folder.mkdir(exist_ok=True)
    assert source.count('beginn: "09:30"') == 1
    return write_process(folder, source.replace('beginn: "09:30"', f'beginn: "{start}"'))


def test_a_changed_time_counts_up_in_every_file_and_unchanged_entries_keep_theirs(
    tmp_path: Path,
) -> None:
    """What ``ik build`` does (phase file in its folder, process file at the root, one
    record of what was issued), then a mail attachment and the terminal."""
    process = _moved(tmp_path, "09:30")
    root = process.output
    assert root is not None and root.is_relative_to(tmp_path)
    phase_file = root / "zukunftskonferenz" / "auftakt-termin.ics"

    def build(p: Process, now: datetime) -> tuple[bytes, bytes]:
        writer = Writer()
        write_calendar(
            p, writer, phase_id="zukunftskonferenz", output=phase_file, now=now, state=root
        )
        whole = write_calendar(p, writer, output=root / "termine.ics", now=now, state=root)
        return phase_file.read_bytes(), whole.read_bytes()

    key = uid(process, process.phase("zukunftskonferenz"))
    first_phase, first_all = build(process, JAN)
    assert _entry(first_phase, key)["SEQUENCE"] == 0 == _entry(first_all, key)["SEQUENCE"]

    # Unchanged data: same number, same stamp, byte-identical files.
    assert build(process, FEB) == (first_phase, first_all)

    # The conference moves by half an hour: the same UID, SEQUENCE 1 and a new DTSTAMP in
    # the phase file and in the process file alike.
    later = _moved(tmp_path, "10:00")
    second_phase, second_all = build(later, FEB)
    for data in (second_phase, second_all):
        event = _entry(data, key)
        assert event["SEQUENCE"] == 1
        assert event["DTSTAMP"].dt == FEB
        assert event["DTSTART"].dt == datetime(2025, 3, 25, 10, 0, tzinfo=BERLIN)
    # Entries that did not change keep SEQUENCE 0 and their first stamp.
    before = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(first_all).walk("VEVENT")}
    after = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(second_all).walk("VEVENT")}
    assert before.keys() == after.keys() and len(after) > 1
    for name, event in after.items():
        if name != key:
            assert event["SEQUENCE"] == 0 and event["DTSTAMP"].dt == JAN, name

    # The attachment of a reminder mail and `ik calendar -o -` say the same as the files.
    for data in (
        calendar_as_issued(later, "zukunftskonferenz", now=MAR),
        calendar_as_issued(later, None, now=MAR),
    ):
        assert (_entry(data, key)["SEQUENCE"], _entry(data, key)["DTSTAMP"].dt) == (1, FEB)

    # Rebuilt unchanged: still 1. Moved again, only the phase file made: 2 – and the
    # process file made afterwards follows the record, not its own older copy.
    assert build(later, MAR) == (second_phase, second_all)
    again = _moved(tmp_path, "10:30")
    write_calendar(
        again, Writer(), phase_id="zukunftskonferenz", output=phase_file, now=MAR, state=root
    )
    assert _entry(phase_file.read_bytes(), key)["SEQUENCE"] == 2
    assert _entry(calendar_as_issued(again, "zukunftskonferenz", now=MAR), key)["SEQUENCE"] == 2
    write_calendar(again, Writer(), output=root / "termine.ics", now=MAR, state=root)
    assert _entry((root / "termine.ics").read_bytes(), key)["SEQUENCE"] == 2


def test_a_dry_run_records_nothing(tmp_path: Path) -> None:
    process = example("elmshorn-2025")
    write_calendar(process, Writer(dry_run=True), output=tmp_path, now=JAN)
    assert list(tmp_path.iterdir()) == []


def test_every_link_is_in_the_description(tmp_path: Path) -> None:
    """Calendar programs hide URL; the registration link and the project page are in the
    text, also where no registration is needed."""
    source = (EXAMPLES / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")
    page = "https://www.elmshorn.example.de/integrationskonzept"
    assert "weitere_informationen:" not in source
    changed = source.replace("      frist: 2025-03-05\n", "      erforderlich: false\n", 1).replace(
        "phasen:\n", f"weitere_informationen: {page}\nphasen:\n", 1
    )
    assert changed.count(page) == 1 and "erforderlich: false" in changed
    process = write_process(tmp_path, changed)
    event = _entry(
        render_calendar(process, phase_id="auftakt"), uid(process, process.phase("auftakt"))
    )
    description = str(event["DESCRIPTION"])
    assert f"Anmeldung und Informationen: {URL}" in description
    assert f"Mehr zum Integrationskonzept: {page}" in description
    assert str(event["URL"]) == URL
    # a link already named with the registration is not repeated
    plain = example("elmshorn-2025")
    text = str(
        _entry(render_calendar(plain, phase_id="auftakt"), uid(plain, plain.phase("auftakt")))[
            "DESCRIPTION"
        ]
    )
    assert text.count(URL) == 1 and "Mehr zum Integrationskonzept" not in text
