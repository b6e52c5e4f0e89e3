"""The import writes exactly what it wrote before it was made faster.

A generated matrix of scenarios (seeded, so every run sees the same inputs): exports in
three layouts with German and non-ASCII names and addresses, repeat registrations with
changed answers, invalid addresses, nameless, totals and note rows, right-to-left names,
multi-line comments, several events per answer, full events (waiting list), late
registrations; imported into a new tracker, then edited by hand (a status, a corrected
name, a colour, a row typed in), then more exports into it, then the first export again;
and the fixture exports of real tools one after another into one tracker.

After every step the tracker is read back with openpyxl (every cell's value or formula and
its look, row heights, table ranges, the other sheets), along with the report (counts,
rejections, notes, event figures) and the rejects files. The snapshots are compared with
``tests/data/import-equivalence.json``, saved from the import before any speed work: a
faster import that writes, rejects, merges or reports anything differently fails here.

Regenerate only for an intended change of the output (and say so in the commit):
``IK_SAVE_EXPECTATIONS=1 pytest tests/people/test_import_equivalence.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import shutil
import warnings
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from people_helpers import EXPORTS, PROCESS

from integrakonzept.people.imports import ImportReport, import_registrations
from integrakonzept.people.workbook import WRAPPED_FOR_PRINT
from integrakonzept.process.load import load_process

EXPECTED = Path(__file__).parent.parent / "data" / "import-equivalence.json"
SAVE = os.environ.get("IK_SAVE_EXPECTATIONS") == "1"

FIRST = [
    "Anna", "João", "Ayşe", "Mehmet", "Olena", "Fatima", "Jürgen", "Lena", "Sami", "Chen",
    "Zoë", "Björn", "Małgorzata", "Đorđe", "Renée", "Ольга", "محمد", "زهرا", "Kim",
]  # fmt: skip
LAST = [
    "Schmidt", "da Silva", "Yılmaz", "Özdemir", "Kovalenko", "Al-Hassan", "Müller", "Weiß",
    "Groß", "Nguyễn", "Jovanović", "Lefèvre", "Шевченко", "الخطيب", "احمدی",
]  # fmt: skip
ORGS = [
    "Stadt Musterstadt", "Brasil e.V.", "", "Caritas", "Frauencafé", "جمعية الجالية",
    "Türkischer Elternbund", "  Volkshochschule  ",
]  # fmt: skip
ROLES = ["Einwohner*in", "Hauptamt", "Ehrenamt", "Migrantenorganisation", "Verwaltung",
         "Sonstiges: Lehrerin", ""]  # fmt: skip
EVENTS = [
    "Auftaktveranstaltung Integrationskonzept", "Workshop Bildung und Sprache",
    "Fachforum Arbeit", "auftakt", "Workshop Bildung", "Sommerfest", "",
]  # fmt: skip
DOMAINS = ["example.de", "beispiel.de", "müller-büro.de", "web.example"]
INTERPRETING = ["", "", "Arabisch", "Türkisch", "ukrainisch", "Arabisch, Farsi", "nein"]
CHILDCARE = ["ja", "nein", "", "Ja, 2 Kinder", "nein"]
COMMENTS = ["", "", "Komme mit\nRollstuhl", "Vegetarisch", "  ", "Rückfragen bitte per Telefon"]
TOPICS = ["", "Sprache und Bildung", "Arbeit und Ausbildung; Begegnung und Zusammenleben"]


def _address(rng: random.Random, n: int, first: str, last: str) -> str:
    local = f"{first}.{last}{n}".lower().replace(" ", "")
    domain = DOMAINS[n % len(DOMAINS)]
    if n % 3:
        local = local.encode("ascii", "ignore").decode().strip(".") or f"person{n}"
        domain = domain.replace("ü", "ue")
    address = f"{local}@{domain}"
    roll = rng.random()
    if roll < 0.04:
        return address.replace("@", "@@")  # invalid
    if roll < 0.07:
        return ""
    if roll < 0.10:
        return " " + address.upper() + " "
    return address


def _person(rng: random.Random, n: int) -> dict[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // 2) % len(LAST)]
    if rng.random() < 0.03:
        first = last = ""
    return {
        "first": first,
        "last": f"{last} {n}" if last and n % 4 else last,
        "email": _address(rng, n, first, last),
        "org": ORGS[n % len(ORGS)],
        "phone": rng.choice(["", f"0171 {1000000 + n}", f"+49 4121 {n:04d}"]),
    }


def _answers(rng: random.Random) -> dict[str, str]:
    events = rng.sample(EVENTS[:3], rng.choice([1, 1, 1, 2]))
    event = ", ".join(events) if rng.random() < 0.9 else rng.choice(EVENTS[3:])
    return {
        "role": rng.choice(ROLES),
        "event": event,
        "interpreting": rng.choice(INTERPRETING),
        "childcare": rng.choice(CHILDCARE),
        "comments": rng.choice(COMMENTS),
        "topics": rng.choice(TOPICS),
        "privacy": rng.choice(["Ich stimme zu", "ja", "", "nein"]),
        "photo": rng.choice(["ja", "nein", "", "Nur Gruppenfotos"]),
    }


LAYOUTS: dict[str, list[tuple[str, Callable[[dict[str, str], datetime], str]]]] = {
    "gforms": [
        ("Zeitstempel", lambda r, w: w.strftime("%d.%m.%Y %H:%M:%S")),
        ("E-Mail-Adresse", lambda r, w: r["email"]),
        ("Vorname", lambda r, w: r["first"]),
        ("Nachname", lambda r, w: r["last"]),
        ("Organisation", lambda r, w: r["org"]),
        ("Rolle", lambda r, w: r["role"]),
        ("Telefon", lambda r, w: r["phone"]),
        ("Welche Veranstaltung?", lambda r, w: r["event"]),
        ("Dolmetschen", lambda r, w: r["interpreting"]),
        ("Kinderbetreuung", lambda r, w: r["childcare"]),
        ("Anmerkungen", lambda r, w: r["comments"]),
    ],
    "fullname": [
        ("Zeitstempel", lambda r, w: w.strftime("%d.%m.%Y %H:%M:%S")),
        ("E-Mail-Adresse", lambda r, w: r["email"]),
        ("Vor- und Nachname", lambda r, w: f"{r['first']} {r['last']}".strip()),
        ("Organisation", lambda r, w: r["org"]),
        ("Rolle", lambda r, w: r["role"]),
        ("An welchen Veranstaltungen nehmen Sie teil?", lambda r, w: r["event"]),
        ("Dolmetschen", lambda r, w: r["interpreting"]),
        ("Kinderbetreuung", lambda r, w: r["childcare"]),
        ("Datenschutz", lambda r, w: r["privacy"]),
        ("Fotos", lambda r, w: r["photo"]),
        ("Anmerkungen", lambda r, w: r["comments"]),
    ],
    "nextcloud": [
        ("User ID", lambda r, w: ""),
        ("User display name", lambda r, w: "Anonymous user"),
        ("Timestamp", lambda r, w: w.strftime("%Y-%m-%dT%H:%M:%S+01:00")),
        ("Vorname", lambda r, w: r["first"]),
        ("Nachname", lambda r, w: r["last"]),
        ("E-Mail", lambda r, w: r["email"]),
        ("Organisation", lambda r, w: r["org"]),
        ("Rolle", lambda r, w: r["role"]),
        ("Welche Veranstaltungen besuchen Sie?", lambda r, w: r["event"].replace(", ", "; ")),
        ("Handlungsfelder", lambda r, w: r["topics"]),
        ("Dolmetschen", lambda r, w: r["interpreting"]),
        ("Anmerkungen", lambda r, w: r["comments"]),
    ],
}


def make_export(
    path: Path, layout: str, seed: int, rows: int, people: range, start: datetime
) -> Path:
    """``rows`` registrations of the people ``people`` (about half repeat someone, with
    partly changed answers), a few rows that are no registrations, in ``layout``."""
    rng = random.Random(seed)
    columns = LAYOUTS[layout]
    seen: dict[int, dict[str, str]] = {}
    when = start
    lines: list[list[str]] = [[header for header, _ in columns]]
    for _ in range(rows):
        when += timedelta(minutes=rng.randrange(1, 60 * 30))
        roll = rng.random()
        if roll < 0.03:
            lines.append(["Summe", str(rows)] + [""] * (len(columns) - 2))
            continue
        if roll < 0.05:
            lines.append(["", "", "Nachmeldungen bitte telefonisch"] + [""] * (len(columns) - 3))
            continue
        if seen and roll < 0.5:
            n = rng.choice(sorted(seen))
            row = dict(seen[n])
            for key, value in _answers(rng).items():
                if rng.random() < 0.4:
                    row[key] = value
        else:
            n = rng.choice(people)
            row = {**_person(rng, n), **_answers(rng)}
        seen[n] = row
        lines.append([make(row, when) for _, make in columns])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";" if layout == "fullname" else ",").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# --- snapshots ---------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float | int | bool | str) or value is None:
        return value
    return repr(value)


def _colour(colour: Any) -> str | None:
    if colour is None:
        return None
    if isinstance(colour.rgb, str):
        return colour.rgb
    return f"theme {colour.theme} tint {colour.tint} indexed {colour.indexed}"


def _look(cell: Any) -> list[Any]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return [
        cell.number_format,
        bool(font.b),
        bool(font.i),
        _colour(font.color),
        fill.fill_type,
        _colour(fill.fgColor),
        align.horizontal,
        align.vertical,
        bool(align.wrap_text),
        align.readingOrder,
        cell.protection.locked,
    ]


def tracker_snapshot(path: Path) -> dict[str, Any]:
    """Everything of the tracker an import may touch, as plain data."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Data Validation extension", UserWarning)
        wb = load_workbook(path)
    result: dict[str, Any] = {"sheets": [ws.title for ws in wb.worksheets]}
    for ws in wb.worksheets:
        looks: list[list[Any]] = []
        rows: list[list[Any]] = []
        for row in ws.iter_rows():
            cells: list[Any] = []
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                look = _look(c)
                if look not in looks:
                    looks.append(look)
                cells.append([c.coordinate, _value(c.value), looks.index(look)])
            if cells:
                rows.append(cells)
        sheet = {
            "rows": rows,
            "looks": looks,
            "heights": {str(n): d.height for n, d in sorted(ws.row_dimensions.items()) if d.height},
            "tables": {name: ws.tables[name].ref for name in sorted(ws.tables)},
            "validations": sorted(f"{v.sqref}" for v in ws.data_validations.dataValidation),
            "conditional": sorted(str(r.sqref) for r in ws.conditional_formatting),
        }
        if ws.title == "Anmeldungen":
            result[ws.title] = sheet
        else:  # derived from the process file: a digest is enough to notice a change
            result[ws.title] = _digest(sheet)
    wb.close()
    return result


def report_snapshot(report: ImportReport) -> dict[str, Any]:
    files = []
    for f in report.files:
        files.append(
            {
                "label": f.label,
                "tool": f.tool,
                "encoding": f.encoding,
                "delimiter": f.delimiter,
                "counts": [f.rows, f.read, f.new, f.updated, f.unchanged, f.merged, f.kept_edits],
                "rejected": [[r.row, r.reason] for r in f.rejected],
                "unrecognised": f.unrecognised,
                "notes": f.notes,
                "event_how": f.event_how,
                "rejects": f.rejects_path.name if f.rejects_path else None,
                "rejects_removed": f.rejects_removed is not None,
                "error": f.error,
            }
        )
    return {
        "files": files,
        "events": [asdict(e) for e in report.events],
        "created": report.created,
        "changed": report.changed,
        "refreshed": report.refreshed,
        "losses": report.losses,
        "notes": report.notes,
    }


def rejects_snapshot(folder: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for path in sorted(folder.glob("*-abgelehnt.*")):
        if path.suffix == ".csv":
            result[path.name] = path.read_text(encoding="utf-8-sig")
        else:
            from openpyxl import load_workbook

            wb = load_workbook(path)
            result[path.name] = [
                [_value(v) for v in row]
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
            ]
            wb.close()
    return result


# --- scenarios ---------------------------------------------------------------------------


def _edit_by_hand(tracker: Path, rng: random.Random) -> None:
    """What a coordinator does between imports: a status, a corrected name, a colour, a
    note, a row typed in without ids."""
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Data Validation extension", UserWarning)
        wb = load_workbook(tracker)
    ws = wb["Anmeldungen"]
    header = {c.value: c.column for c in ws[1]}
    last = ws.max_row
    rows = list(range(2, last + 1))
    for row in rng.sample(rows, min(3, len(rows))):
        ws.cell(row, header["Status"]).value = rng.choice(
            ["abgesagt", "teilgenommen", "Warteliste"]
        )
    for row in rng.sample(rows, min(2, len(rows))):
        ws.cell(row, header["Vorname"]).value = "Korrigiert"
        ws.cell(row, header["Notizen"]).value = "von Hand"
    for row in rng.sample(rows, min(2, len(rows))):
        ws.cell(row, header["Organisation"]).fill = PatternFill("solid", start_color="FFFF00")
    new = last + 1
    ws.cell(new, header["Veranstaltung"]).value = "auftakt"
    ws.cell(new, header["Vorname"]).value = "Telefon"
    ws.cell(new, header["Nachname"]).value = "Anmeldung"
    ws.cell(new, header["E-Mail"]).value = "telefon@example.de"
    table = ws.tables["tblAnmeldungen"]
    first, _, end = table.ref.partition(":")
    letters = "".join(ch for ch in end if ch.isalpha())
    table.ref = f"{first}:{letters}{new}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    wb.save(tracker)


def _step(name: str, folder: Path, exports: list[Path], tracker: Path) -> dict[str, Any]:
    report = import_registrations(load_process(folder / "prozess.yaml"), exports, tracker=tracker)
    return {
        "step": name,
        "report": report_snapshot(report),
        "tracker": tracker_snapshot(tracker),
        "rejects": rejects_snapshot(folder),
    }


def scenario_generated(folder: Path, seed: int) -> list[dict[str, Any]]:
    shutil.copy(PROCESS, folder / "prozess.yaml")
    rng = random.Random(seed)
    layouts = list(LAYOUTS)
    first_layout = layouts[seed % 3]
    start = datetime(2025, 2, 20, 8, 0) + timedelta(days=seed)
    a = make_export(folder / "a.csv", first_layout, seed, 40, range(0, 30), start)
    b = make_export(folder / "b.csv", layouts[(seed + 1) % 3], seed + 100, 40, range(15, 45),
                    start + timedelta(days=9))  # fmt: skip
    c = make_export(folder / "c.csv", first_layout, seed + 200, 25, range(40, 60),
                    start + timedelta(days=14))  # fmt: skip
    tracker = folder / "anmeldungen.xlsx"
    steps = [_step("first", folder, [a], tracker)]
    _edit_by_hand(tracker, rng)
    steps.append(_step("after hand edits", folder, [b, c], tracker))
    steps.append(_step("first again", folder, [a], tracker))
    # the same people answer again later (changed answers: updates, hand corrections kept)
    d = make_export(folder / "d.csv", first_layout, seed + 300, 30, range(0, 30),
                    start + timedelta(days=20))  # fmt: skip
    steps.append(_step("later answers", folder, [d], tracker))
    return steps


def scenario_fixtures(folder: Path) -> list[dict[str, Any]]:
    shutil.copy(PROCESS, folder / "prozess.yaml")
    tracker = folder / "anmeldungen.xlsx"
    steps = []
    for name in ("msforms-de.xlsx", "gforms-de.csv", "nextcloud.csv", "pretix.csv",
                 "liste-cp1252.csv", "gforms-en.csv", "msforms-en.xlsx", "pretix.xlsx"):  # fmt: skip
        shutil.copy(EXPORTS / name, folder / name)
        steps.append(_step(name, folder, [folder / name], tracker))
    return steps


SEEDS = range(5)


def _run_all(tmp_path: Path, seeds: range = SEEDS, fixtures: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for seed in seeds:
        folder = tmp_path / f"seed{seed}"
        folder.mkdir()
        result[f"generated-{seed}"] = scenario_generated(folder, seed)
    if fixtures:
        folder = tmp_path / "fixtures"
        folder.mkdir()
        result["fixtures"] = scenario_fixtures(folder)
    for steps in result.values():
        # the cells of earlier steps as one digest per row (the file stays small); the last
        # step of each scenario in full, readable in a diff
        for step in steps[:-1]:
            sheet = step["tracker"]["Anmeldungen"]
            sheet["rows"] = [_digest(row) for row in sheet["rows"]]
    plain: dict[str, Any] = json.loads(json.dumps(result, ensure_ascii=False))  # tuples → lists
    return plain


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def test_import_writes_what_it_wrote_before(tmp_path: Path) -> None:
    found = _run_all(tmp_path)
    if SAVE:
        EXPECTED.write_text(
            json.dumps(found, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
            encoding="utf-8",
        )
        pytest.fail(f"expectations saved to {EXPECTED}; run again without IK_SAVE_EXPECTATIONS")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(expected)
    for name in expected:
        for got, want in zip(found[name], expected[name], strict=True):
            where = f"{name}, step {want['step']}"
            assert got["report"] == want["report"], where
            assert got["rejects"] == want["rejects"], where
            for sheet in want["tracker"]:
                assert got["tracker"][sheet] == want["tracker"][sheet], f"{where}, {sheet}"


def test_without_the_per_export_caches_the_import_writes_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose answer, event and source cells were seen before reuse what was worked
    out for them; an export with more combinations than are kept works the rest out row
    by row. Both give the saved result (here: nothing kept at all)."""
    from integrakonzept.people import entries

    monkeypatch.setattr(entries, "_CACHED_COMBINATIONS", 0)
    found = _run_all(tmp_path, seeds=range(2), fixtures=False)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    for name in found:
        assert found[name] == expected[name], name


def test_the_matrix_covers_what_the_import_decides(tmp_path: Path) -> None:
    """The saved scenarios exercise every decision (else the comparison proves little)."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    steps = [s for name in expected for s in expected[name]]
    files = [f for s in steps for f in s["report"]["files"]]
    counts = [f["counts"] for f in files]
    assert sum(c[2] for c in counts) > 200  # new
    assert sum(c[3] for c in counts) > 20  # updated
    assert sum(c[4] for c in counts) > 50  # unchanged
    assert sum(c[5] for c in counts) > 20  # merged duplicates
    assert sum(c[6] for c in counts) >= 1  # hand corrections kept
    reasons = " ".join(r[1] for f in files for r in f["rejected"])
    for reason in ("ungültige E-Mail-Adresse", "Summenzeile", "Notiz", "unbekannte Veranstaltung"):
        assert reason in reasons
    events = [e for s in steps for e in s["report"]["events"]]
    assert any(e["waitlist"] for e in events) and any(e["late"] for e in events)
    rows = [row for s in steps for row in s["tracker"]["Anmeldungen"]["rows"]]
    cells = [c for row in rows if isinstance(row, list) for c in row]
    values = [str(c[1]) for c in cells]
    assert any(v.startswith("=") for v in values)  # the table's formulas
    assert any("\n" in v for v in values)  # multi-line answers
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in v) for v in values)  # Arabic script
    looks = [look for s in steps for look in s["tracker"]["Anmeldungen"]["looks"]]
    assert any(look[9] == 2 for look in looks)  # right-to-left reading order
    assert any(s["tracker"]["Anmeldungen"]["heights"] for s in steps)
    assert any(s["rejects"] for s in steps)


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(alphabet="ab iIWMmü.-\nأحمد漢字", max_size=60),
    key=st.sampled_from(WRAPPED_FOR_PRINT),
)
def test_row_height_shortcut_counts_lines_like_the_wrap(value: str, key: str) -> None:
    """The one-line shortcut (and the cache) of the print row heights gives the greedy
    wrap's count, also at the edge of the column's width."""
    from integrakonzept.people.workbook import _WRAPPED_INNER, _print_lines
    from integrakonzept.render.fonts import line_count, text_width

    inner = dict(_WRAPPED_INNER)[key]
    assert _print_lines(value, inner) == line_count(value, inner, 10)
    # a text of exactly the box's width (the rounding edge): still the wrap's count
    edge = value.replace("\n", " ") or "W"
    while text_width(edge, 10) < inner:
        edge += "W"
    assert _print_lines(edge, inner) == line_count(edge, inner, 10)
    assert _print_lines(edge[:-1], inner) == line_count(edge[:-1], inner, 10)


def _match_text_before(value: str) -> str:
    """:func:`normalize.match_text` as it was before its ASCII shortcut (the reference)."""
    import re
    import unicodedata

    translit = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "o"})
    v = unicodedata.normalize("NFKC", value).casefold().translate(translit)
    v = unicodedata.normalize("NFKD", v)
    v = "".join(ch for ch in v if not unicodedata.combining(ch))
    v = re.sub(r"[\W_]+", " ", v)
    return " ".join(v.split())


@settings(max_examples=500, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=30),
        st.text(alphabet="aAzZ09 _-.,'ÄäÖöÜüßÆæØøéÉçãİıŞşﬁ²Ⅻ\u0301\u00a0\t", max_size=30),
    )
)
def test_name_matching_shortcut_gives_the_same_keys(value: str) -> None:
    from integrakonzept.people.normalize import match_text

    assert match_text(value) == _match_text_before(value)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet='ab;,"\r\n\t \x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029', max_size=60))
def test_csv_lines_split_like_stringio(text: str) -> None:
    """The CSV reader's line splitter gives the lines a StringIO gives (only LF, CR and
    CRLF end a line; other Unicode line breaks stay inside), and so the same records."""
    from integrakonzept.people.readers import lines

    assert list(lines(text)) == list(io.StringIO(text, newline=""))
    for delimiter in (";", ",", "\t"):
        expected = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        )
        assert list(csv.reader(lines(text), delimiter=delimiter, strict=False)) == expected


def test_large_parts_are_read_as_zipfile_reads_them(tmp_path: Path) -> None:
    """The one-buffer reading of large parts gives zipfile's bytes (deflated, stored,
    small and large parts) and the head up to a marker is the start of the part."""
    import zipfile

    from integrakonzept.people.xlsxpatch import Package

    rng = random.Random(5)
    pieces = ["".join(rng.choice("abcäöü<>& \n") for _ in range(4096)) for _ in range(16)]
    big = "".join(rng.choice(pieces) for _ in range(400)).encode("utf-8")  # ~2 MB
    path = tmp_path / "parts.zip"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("[Content_Types].xml", b"<Types/>")
        out.writestr("xl/workbook.xml", b"<workbook/>", zipfile.ZIP_DEFLATED)
        out.writestr("big.xml", big, zipfile.ZIP_DEFLATED)
        out.writestr("stored.xml", big, zipfile.ZIP_STORED)
        out.writestr("small.xml", b"<a/>" * 10, zipfile.ZIP_DEFLATED)
    with Package(path) as package:
        for name in ("big.xml", "stored.xml", "small.xml", "xl/workbook.xml"):
            assert package.read_part(name) == package.zip.read(name)
        marker = b"&<>&"
        head = package.read_head("big.xml", marker)
        assert big.startswith(head) and marker in head
        assert len(head) <= big.index(marker) + len(marker) + (1 << 18)
        assert package.read_head("small.xml", b"nowhere") == b"<a/>" * 10


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_new_rows_behave_like_the_dicts_they_replace(data: st.DataObject) -> None:
    """An appended row (NewRow) reads like the dict of its non-empty values it replaced."""
    from integrakonzept.people.plan import NEW_ROW_KEYS, NewRow

    values = tuple(
        data.draw(
            st.one_of(st.none(), st.just(""), st.text(max_size=5), st.just(datetime(2025, 3, 1)))
        )
        for _ in NEW_ROW_KEYS
    )
    row = NewRow(values)
    before = {k: v for k, v in zip(NEW_ROW_KEYS, values, strict=True) if v is not None and v != ""}
    assert dict(row) == before and dict(row.items()) == before and list(row) == list(before)
    assert len(row) == len(before)
    for key in (*NEW_ROW_KEYS, "unknown"):
        assert row.get(key) == before.get(key) and row.get(key, "x") == before.get(key, "x")
        assert (key in row) == (key in before)


def _timestamp_before(value: Any, order: str = "mdy") -> datetime | None:
    """:func:`normalize.timestamp` with its checks in the order before (the reference)."""
    from integrakonzept.people import normalize as n

    if isinstance(value, datetime):
        return n._local(value)
    v = value.strip()
    if not v:
        return None
    if n._ISO.match(v) or n._YMD_SLASH.match(v) or not n._GERMAN.match(v):
        return n.timestamp(value, order)  # not the German form: the same code as before
    m = n._GERMAN.match(v)
    assert m is not None
    d, mo, y, h, mi, s = m.groups()
    try:
        return datetime(n._year(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None


@settings(max_examples=500, deadline=None)
@given(
    value=st.one_of(
        st.text(alphabet="0123456789.:-/ TZ+apmAPMUhr٣", max_size=25),
        st.from_regex(
            r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}( \d{1,2}[:.]\d{2}([:.]\d{2})?)?", fullmatch=True
        ),
    ),
    order=st.sampled_from(["dmy", "mdy"]),
)
def test_timestamps_read_the_same_with_the_german_form_first(value: str, order: str) -> None:
    from integrakonzept.people.normalize import _GERMAN, _ISO, _YMD_SLASH, timestamp

    v = value.strip()
    # the three forms exclude each other, so checking the German one first changes nothing
    assert sum(bool(p.match(v)) for p in (_GERMAN, _ISO, _YMD_SLASH)) <= 1
    assert timestamp(value, order) == _timestamp_before(value, order)


def _merged_values_before(group: list[Any]) -> tuple[dict[str, str], set[str]]:
    """The answers and answered fields :func:`entries.merge` gave before (the reference)."""
    from integrakonzept.people.schema import ANSWER_KEYS, UNKNOWN

    ordered = sorted(group, key=lambda e: e.order())
    newest = ordered[-1]
    values = dict(zip(ANSWER_KEYS, newest.values, strict=True))
    answered = set(newest.answered)
    for older in reversed(ordered[:-1]):
        for key, value in zip(ANSWER_KEYS, older.values, strict=True):
            if key in answered:
                continue
            if key in older.answered:
                values[key] = value
                answered.add(key)
            elif not values.get(key) or (key == "photo" and values[key] == UNKNOWN):
                values[key] = value
    return values, answered


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_merging_duplicates_keeps_the_newest_answer_per_field(data: st.DataObject) -> None:
    from integrakonzept.people.entries import Entry, merge
    from integrakonzept.people.schema import ANSWER_KEYS

    size = data.draw(st.integers(2, 5))
    group = []
    for seq in range(size):
        values = tuple(
            data.draw(st.sampled_from(["", "a", "b", "unbekannt", "nein"])) for _ in ANSWER_KEYS
        )
        answered = frozenset(data.draw(st.sets(st.sampled_from(ANSWER_KEYS))))
        when = data.draw(st.one_of(st.none(), st.just(datetime(2025, 3, 1 + seq % 2))))
        group.append(
            Entry(
                event="auftakt", ekey="e", nkey="n", values=values, registered_at=when,
                cancelled=False, source="s", file_index=0, row=seq, seq=seq, updated_at=when,
                answered=answered,
            )
        )  # fmt: skip
    merged = merge(group)
    expected_values, expected_answered = _merged_values_before(group)
    assert dict(zip(ANSWER_KEYS, merged.values, strict=True)) == expected_values
    assert merged.answered == expected_answered
