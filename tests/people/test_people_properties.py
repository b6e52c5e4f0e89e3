"""Property tests: people → CSV (any supported encoding and delimiter) → import → same people;
importing twice equals importing once; any text survives the tracker unchanged."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from people_helpers import PROCESS

from integrakonzept.people.events import Catalog
from integrakonzept.people.imports import import_registrations
from integrakonzept.people.readers import read_csv_bytes
from integrakonzept.people.trackerfile import read_tracker, write_rows
from integrakonzept.people.workbook import save_new
from integrakonzept.process.load import load_process

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252")
DELIMITERS = (";", ",", "\t")
EVENTS = {
    "auftakt": "auftakt",
    "Workshop Bildung und Sprache": "workshop-bildung",
    "FACHFORUM  arbeit": "fachforum-arbeit",
}

# letters people's names are made of, including the traps (umlauts, ß, João, Ayşe, Arabic)
NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßãçéèñ'-şıأحمد"
TEXT_CHARS = NAME_CHARS + ' 0123456789.,;:!?"()/&<>=+@_\t\n\r€–„“%*~'


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


names = (
    st.text(alphabet=NAME_CHARS, min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda s: bool(s) and not s.startswith("'"))
)
free_text = st.text(alphabet=TEXT_CHARS, max_size=40).filter(
    lambda s: not _clean(s).startswith("'")
)


@st.composite
def people(draw: st.DrawFn) -> list[dict[str, str]]:
    count = draw(st.integers(min_value=1, max_value=12))
    start = datetime(2025, 2, 1, 8, 0)
    result = []
    for i in range(count):
        when = start + timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
        result.append(
            {
                "Vorname": draw(names),
                "Nachname": draw(names),
                "E-Mail": f"person{i}.{draw(st.sampled_from(['a', 'b', 'x-y']))}@example.de",
                "Organisation": draw(free_text),
                "Veranstaltung": draw(st.sampled_from(sorted(EVENTS))),
                "Zeitstempel": draw(st.sampled_from([when.strftime("%d.%m.%Y %H:%M:%S"), ""])),
            }
        )
    return result


def _csv(rows: list[dict[str, str]], delimiter: str, encoding: str, line_end: str) -> bytes:
    buffer = io.StringIO(newline="")
    # csv leaves a lone CR unquoted when lines end in LF alone (no real tool does that):
    # LF files are fully quoted, as LimeSurvey writes them
    quoting = csv.QUOTE_MINIMAL if line_end == "\r\n" else csv.QUOTE_ALL
    writer = csv.DictWriter(
        buffer,
        fieldnames=list(rows[0]),
        delimiter=delimiter,
        lineterminator=line_end,
        quoting=quoting,
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _expected(rows: list[dict[str, str]]) -> set[tuple[str, str, str, str, str]]:
    return {
        (
            EVENTS[r["Veranstaltung"]],
            " ".join(r["Vorname"].split()),
            " ".join(r["Nachname"].split()),
            r["E-Mail"],
            _clean(r["Organisation"]),
        )
        for r in rows
    }


def _found(path: Path) -> set[tuple[str, str, str, str, str]]:
    return {
        (
            r.text("event"),
            r.text("first_name"),
            r.text("last_name"),
            r.text("email"),
            r.text("organisation"),
        )
        for r in read_tracker(path).rows
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    rows=people(),
    delimiter=st.sampled_from(DELIMITERS),
    encoding=st.sampled_from(ENCODINGS),
    line_end=st.sampled_from(["\r\n", "\n"]),
)
def test_people_survive_any_csv_and_a_second_import_changes_nothing(
    rows: list[dict[str, str]], delimiter: str, encoding: str, line_end: str
) -> None:
    if encoding == "cp1252":
        rows = [dict(r) for r in rows if all(_cp1252(v) for v in r.values())]
        if not rows:
            return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(PROCESS, work / "prozess.yaml")
        export = work / "export.csv"
        export.write_bytes(_csv(rows, delimiter, encoding, line_end))
        first = import_registrations(load_process(work / "prozess.yaml"), [export])
        [report] = first.files
        assert report.rejected == [] and report.balanced
        tracker = work / "anmeldungen.xlsx"
        assert _found(tracker) == _expected(rows)
        before = tracker.read_bytes()
        second = import_registrations(load_process(work / "prozess.yaml"), [export])
        assert not second.changed
        assert second.files[0].unchanged == len(rows)
        assert tracker.read_bytes() == before


@settings(max_examples=80, deadline=None)
@given(
    table=st.lists(
        st.lists(st.text(alphabet=TEXT_CHARS, max_size=15), min_size=3, max_size=3),
        min_size=1,
        max_size=8,
    ),
    delimiter=st.sampled_from(DELIMITERS),
    encoding=st.sampled_from(ENCODINGS),
)
def test_csv_reader_round_trip(table: list[list[str]], delimiter: str, encoding: str) -> None:
    header = ["Vorname", "Nachname", "Anmerkungen"]
    rows = [r for r in table if any(c.strip() for c in r)]
    if encoding == "cp1252":
        rows = [r for r in rows if all(_cp1252(c) for c in r)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    sheet = read_csv_bytes(Path("x.csv"), buffer.getvalue().encode(encoding))
    assert sheet.delimiter == delimiter
    assert sheet.rows == [header, *rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(st.text(max_size=30).filter(lambda s: "\x00" not in s), min_size=1, max_size=6)
)
def test_any_text_survives_the_tracker_as_text(values: list[str]) -> None:
    """Control characters, ``_x0041_``, leading ``=``: stored as written, never a formula."""
    from integrakonzept.process.load import load_process

    catalog = Catalog.from_process(load_process(PROCESS))
    with tempfile.TemporaryDirectory() as folder:
        blank = Path(folder) / "leer.xlsx"
        target = Path(folder) / "anmeldungen.xlsx"
        save_new(catalog, blank)
        appends = [{"event": "auftakt", "last_name": "X", "notes": v} for v in values]
        write_rows(read_tracker(blank), {}, appends, target)
        assert [r.text("notes") for r in read_tracker(target).rows] == [
            v if v else "" for v in values
        ]


_local_chars = "abcXYZ019!#$%&'*+/=?^_`{|}~-."
_domain_chars = "abcXYZ019-."


@settings(max_examples=300, deadline=None)
@given(
    local=st.text(alphabet=_local_chars, min_size=1, max_size=70),
    domain=st.text(alphabet=_domain_chars, min_size=1, max_size=30),
    tld=st.sampled_from(["de", "COM", "test", "local", "x", "d3", "info", "Berlin"]),
)
def test_fast_email_check_agrees_with_email_validator(local: str, domain: str, tld: str) -> None:
    from email_validator import EmailNotValidError, validate_email

    from integrakonzept.people.normalize import email

    address = f"{local}@{domain}.{tld}"
    try:
        expected = (validate_email(address, check_deliverability=False).normalized, True)
    except EmailNotValidError:
        expected = (address, False)
    assert email(address) == expected


_intl_local = "abcäöüßçğøéñ019.+-_"
_intl_domain = "aäöüßbç-.xn"


@settings(max_examples=400, deadline=None)
@given(
    local=st.text(alphabet=_intl_local, min_size=1, max_size=20),
    domain=st.text(alphabet=_intl_domain, min_size=1, max_size=12),
    tld=st.sampled_from(["de", "рф", "中国", "x", "example", "museum", "test"]),
)
def test_internationalised_email_check_with_domain_cache_agrees_with_email_validator(
    local: str, domain: str, tld: str
) -> None:
    """The domain check is remembered per domain (few domains, many addresses): the verdict
    and the normalised address are still exactly the library's own."""
    import importlib

    from email_validator import EmailNotValidError, syntax, validate_email

    from integrakonzept.people.normalize import _validate_email, email

    module = importlib.import_module("email_validator.validate_email")
    checked = _validate_email()  # installs the cached domain check
    cached = module.validate_email_domain_name
    assert cached is not syntax.validate_email_domain_name
    address = f"{local}@{domain}.{tld}"
    module.validate_email_domain_name = syntax.validate_email_domain_name  # the library as shipped
    try:
        try:
            expected = (validate_email(address, check_deliverability=False).normalized, True)
        except EmailNotValidError:
            expected = (address, False)
    finally:
        module.validate_email_domain_name = cached
    assert checked is validate_email
    assert email.__wrapped__(address) == expected  # type: ignore[attr-defined]
