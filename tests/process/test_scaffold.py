"""``ik new-process``: a valid, commented file from every preset."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from integrakonzept.errors import OutputError, UsageError
from integrakonzept.output import Writer
from integrakonzept.process.checks import plausibility_warnings
from integrakonzept.process.load import load_with_locator
from integrakonzept.process.presets import CUSTOM, PRESETS
from integrakonzept.process.scaffold import ScaffoldOptions, create_process

TODAY = date(2026, 11, 22)
#: every key the scaffold fills with a placeholder the user must replace
PLACEHOLDER_KEYS = {
    "kommune.website",
    "kontakt.name",
    "kontakt.telefon",
    "kontakt.email",
    "datenschutz.datenschutzbeauftragte.email",
    "datenschutz.aufsichtsbehoerde.name",
    "phasen[auftakt].ort.plz",
    "phasen[auftakt].anmeldung.url",
    "phasen[auftakt].anmeldung.email",
    "phasen[befragung].url",
}


def filled_in(text: str) -> str:
    """The scaffold with every placeholder replaced as a user would."""
    text = text.replace(".bitte-ersetzen.example.de", ".de")
    text = text.replace("Vorname Nachname", "Erika Mustermann").replace("1234567-", "9015-")
    text = re.sub(r" \(Name der Behörde Ihres Landes eintragen\)", " Schleswig-Holstein", text)
    return text.replace('plz: "12345"', 'plz: "23843"')


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_gives_a_valid_file_without_warnings(tmp_path: Path, preset: str) -> None:
    path = create_process(
        tmp_path / "p", ScaffoldOptions(name="Bad Oldesloe", preset=preset, today=TODAY), Writer()
    )
    process, locator = load_with_locator(path)
    assert [hf.title for hf in process.handlungsfelder] == list(PRESETS[preset].fields)
    # the only warnings: the placeholders the user has to replace, each key named
    warned = plausibility_warnings(process, locator, TODAY)
    assert {w.path for w in warned} == PLACEHOLDER_KEYS
    assert all("noch ein Platzhalter aus ik new-process" in w.message for w in warned)
    assert process.municipality.name == "Bad Oldesloe"
    assert (tmp_path / "p" / "ik-schema.json").is_file()


@pytest.mark.parametrize("kind", ["Stadt", "Kreis", "Bezirk", "Gemeinde", "Amt"])
def test_every_kind(tmp_path: Path, kind: str) -> None:
    options = ScaffoldOptions(name="Nordfriesland", kind=kind, today=TODAY)  # type: ignore[arg-type]
    process, _ = load_with_locator(create_process(tmp_path, options, Writer()))
    assert process.organiser.institution == f"{kind} Nordfriesland"


def test_file_explains_every_key_in_german(tmp_path: Path) -> None:
    path = create_process(tmp_path, ScaffoldOptions(name="Elmshorn", today=TODAY), Writer())
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=ik-schema.json\n")
    for phrase in (
        "# Die Kommune.",
        "# Geschlechtergerechte Sprache",
        "# Handlungsfelder des Konzepts",
        "Quelle: Zusammenschau realer kommunaler Konzepte",
        "# Die Phasen des Prozesses",
    ):
        assert phrase in text
    # The first event lies eight weeks ahead on a Wednesday; its deadline two weeks before.
    process, _ = load_with_locator(path)
    kickoff = process.event_phases()[0]
    assert kickoff.date.as_date().weekday() == 2
    assert kickoff.registration is not None and kickoff.registration.deadline is not None
    assert (kickoff.date.as_date() - kickoff.registration.deadline).days == 14


def test_custom_fields(tmp_path: Path) -> None:
    options = ScaffoldOptions(
        name="Kiel", preset=CUSTOM, custom_fields=("Sprache", "Wohnen & Quartier"), today=TODAY
    )
    process, _ = load_with_locator(create_process(tmp_path, options, Writer()))
    assert [(h.id, h.title) for h in process.handlungsfelder] == [
        ("sprache", "Sprache"),
        ("wohnen-quartier", "Wohnen & Quartier"),
    ]


def test_custom_without_fields_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        create_process(tmp_path, ScaffoldOptions(name="Kiel", preset=CUSTOM), Writer())
    assert info.value.message == "Für eigene Handlungsfelder fehlt die Liste."


def test_unknown_preset(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        create_process(tmp_path, ScaffoldOptions(name="Kiel", preset="bayern"), Writer())
    assert info.value.message == "Die Vorlage „bayern“ für Handlungsfelder gibt es nicht."


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "prozess.yaml").write_text("titel: meins\n", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        create_process(tmp_path, ScaffoldOptions(name="Kiel"), Writer())
    assert info.value.message == f"{tmp_path / 'prozess.yaml'} gibt es schon."
    assert (tmp_path / "prozess.yaml").read_text(encoding="utf-8") == "titel: meins\n"
    create_process(tmp_path, ScaffoldOptions(name="Kiel", force=True, today=TODAY), Writer())
    assert "Integrationskonzept Kiel" in (tmp_path / "prozess.yaml").read_text(encoding="utf-8")


def test_names_with_quotes_and_colons_stay_valid(tmp_path: Path) -> None:
    options = ScaffoldOptions(name='Sankt "Augustin": Mitte', today=TODAY)
    process, _ = load_with_locator(create_process(tmp_path, options, Writer()))
    assert process.municipality.name == 'Sankt "Augustin": Mitte'


def test_placeholders_are_named_until_replaced(tmp_path: Path) -> None:
    from integrakonzept.process.placeholders import find_placeholders

    path = create_process(
        tmp_path / "p", ScaffoldOptions(name="Bad Oldesloe", today=TODAY), Writer()
    )
    _, locator = load_with_locator(path)
    assert {p.where for p in find_placeholders(locator.data)} == PLACEHOLDER_KEYS
    # each placeholder on its own: replacing all but one leaves exactly that one
    text = path.read_text(encoding="utf-8")
    path.write_text(filled_in(text), encoding="utf-8")
    process, locator = load_with_locator(path)
    assert find_placeholders(locator.data) == []
    assert plausibility_warnings(process, locator, TODAY) == []
    for original, value in (("kontakt:\n  name: Erika Mustermann", "kontakt:\n  name: Vorname Nachname"),
                            ('plz: "23843"', 'plz: "12345"'),
                            ("strasse: Marktplatz 1", "strasse: Musterstraße 1")):  # fmt: skip
        assert original in filled_in(text)
        path.write_text(filled_in(text).replace(original, value, 1), encoding="utf-8")
        process, locator = load_with_locator(path)
        assert len(find_placeholders(locator.data)) == 1, value
        assert len(plausibility_warnings(process, locator, TODAY)) == 1, value


def test_build_leaves_out_what_would_carry_placeholders(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    runner = CliRunner()
    path = create_process(
        tmp_path / "p", ScaffoldOptions(name="Bad Oldesloe", today=TODAY), Writer()
    )
    call = path.parent / "ausgabe" / "befragung" / "befragung-pressemitteilung-aufruf.md"
    args = ["build", str(path), "--phase", "befragung", "--date", "2026-12-01"]
    refused = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert refused.exit_code == 0, refused.output
    said = " ".join(refused.output.split())
    assert "Platzhalter aus ik new-process" in said and "--allow-placeholders" in said
    for key in PLACEHOLDER_KEYS:
        assert key in said
    assert not call.exists()
    assert not list((path.parent / "ausgabe").rglob("*pressemitteilung*"))
    assert not list((path.parent / "ausgabe").rglob("*.ics"))

    allowed = runner.invoke(app, [*args, "--allow-placeholders"])
    assert allowed.exit_code == 0 and call.is_file()
    assert "Platzhalter" not in allowed.output
    call.unlink()
    path.write_text(filled_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    clean = runner.invoke(app, args)
    assert clean.exit_code == 0 and call.is_file() and "Platzhalter" not in clean.output


@pytest.mark.parametrize(
    "command",
    [
        ["press-release", "--phase", "auftakt", "--kind", "ankuendigung", "-o", "-"],
        ["letter", "--phase", "fachforum", "-o", "-"],
    ],
)
def test_a_document_asked_for_by_name_warns_of_placeholders(
    tmp_path: Path, command: list[str]
) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    path = create_process(
        tmp_path / "p", ScaffoldOptions(name="Bad Oldesloe", today=TODAY), Writer()
    )
    # the letter is for the closed Fachforum, which the scaffold dates to the month only
    text, days = re.subn(
        r"(- id: fachforum\n(?:    .*\n)*?    datum: )(\d{4}-\d{2})\n",
        r"\1\2-17\n",
        path.read_text(encoding="utf-8"),
    )
    assert days == 1
    path.write_text(text, encoding="utf-8")
    args = [command[0], str(path), *command[1:], "--date", "2026-12-01"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "noch Platzhalter aus ik new-process" in said and "kontakt.name" in said
    assert "Platzhalter" not in result.stdout  # the text itself is the document
    path.write_text(filled_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    clean = CliRunner().invoke(app, args)
    assert clean.exit_code == 0 and "Platzhalter" not in clean.output


def test_no_public_page_with_placeholders(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from integrakonzept.cli import app

    path = create_process(
        tmp_path / "p", ScaffoldOptions(name="Bad Oldesloe", today=TODAY), Writer()
    )
    result = CliRunner().invoke(app, ["build", str(path), "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    out = path.parent / "ausgabe"
    assert (out / "index.html").is_file()
    assert not (out / "seite").exists()
    assert "Auch die öffentliche Prozessseite (seite/) bleibt ungeschrieben." in " ".join(
        result.output.split()
    )
    # nothing that goes out: only the overview, which says why (and ik's hidden records)
    shown = [p.name for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert shown == ["index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Platzhalter aus ik new-process" in index
