"""Golden press releases for eight varied processes (tests/data/press/*.yaml), each read as a
press office would before it was accepted: a Bezirk presenting its guiding vision (two hosts),
a city conference with named working groups and a budget, a county's online commenting whose
start is open, a Gemeinde's series of workshops with season and year dates, a city survey in
neutral style, a closed county Fachtag (report only), an Amt's dialogue with an approximate
figure and a paraphrase, and a Bezirk forum with 1.000 places.

After an intended change of wording: ``IK_UPDATE_GOLDEN=1 pytest tests/documents/test_press_golden.py``
and read the diff.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from documents_support import GOLDEN, UPDATE_GOLDEN, assert_clean

from integrakonzept.documents.press import press_release
from integrakonzept.errors import UsageError
from integrakonzept.process.load import load_process

PRESS = Path(__file__).resolve().parents[1] / "data" / "press"

CASES = [
    ("bezirk-leitbild", "praesentation", "ankuendigung", date(2026, 6, 8)),
    ("bezirk-leitbild", "praesentation", "nachbericht", date(2026, 6, 22)),
    ("stadt-konferenz", "konferenz", "ankuendigung", date(2026, 9, 14)),
    ("stadt-konferenz", "konferenz", "nachbericht", date(2026, 9, 29)),
    ("kreis-kommentierung", "kommentierung", "aufruf", date(2025, 10, 1)),
    ("gemeinde-werkstatt", "werkstatt", "ankuendigung", date(2026, 1, 20)),
    ("stadt-befragung", "befragung", "aufruf", date(2026, 4, 27)),
    ("kreis-fachtag", "fachtag", "nachbericht", date(2025, 11, 24)),
    ("amt-dialog", "dialog", "ankuendigung", date(2026, 2, 23)),
    ("amt-dialog", "dialog", "nachbericht", date(2026, 3, 9)),
    ("bezirk-forum", "forum", "ankuendigung", date(2026, 4, 10)),
]


def test_eight_processes() -> None:
    assert len({c[0] for c in CASES}) >= 8
    assert {p.stem for p in PRESS.glob("*.yaml")} == {c[0] for c in CASES}


@pytest.mark.parametrize(("name", "phase", "kind", "day"), CASES, ids=lambda v: str(v))
def test_golden_press_release(name: str, phase: str, kind: str, day: date) -> None:
    release = press_release(load_process(PRESS / f"{name}.yaml"), phase, kind, release_date=day)
    markdown = release.render("md").decode("utf-8")
    golden = GOLDEN / "press" / f"{name}-{phase}-{kind}.md"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8"), f"regenerate: IK_UPDATE_GOLDEN=1 ({golden.name})"
    assert_clean(release.render("txt").decode("utf-8"))


def test_closed_fachtag_gets_no_announcement() -> None:
    process = load_process(PRESS / "kreis-fachtag.yaml")
    with pytest.raises(UsageError, match="nur für Eingeladene"):
        press_release(process, "fachtag", "ankuendigung", release_date=date(2025, 11, 1))


def test_facts_of_the_issue_appear_as_given() -> None:
    def text(name: str, phase: str, kind: str, day: date) -> str:
        release = press_release(load_process(PRESS / f"{name}.yaml"), phase, kind, release_date=day)
        return " ".join(release.render("txt").decode("utf-8").split())

    leitbild = text("bezirk-leitbild", "praesentation", "nachbericht", date(2026, 6, 22))
    assert "Über 120 Teilnehmer*innen kamen am Donnerstag, 18. Juni 2026, zur Präsentation" in leitbild
    assert "Eingeladen hatten das Bezirksamt Friedrichshain-Kreuzberg und der Integrationsbeirat" in leitbild
    assert "Bezirksbürgermeisterin Clara Herrmann begrüßte die Gäste" in leitbild
    assert "sagte Murat Kaya, Vorsitzender des Integrationsbeirats." in leitbild
    konferenz = text("stadt-konferenz", "konferenz", "ankuendigung", date(2026, 9, 14))
    assert "Der Lüneburger Integrationsrat und die Lokale Partnerschaft für Demokratie laden" in konferenz
    assert "vom Kommunalen Integrationszentrum" in konferenz and "100.000 Euro" in konferenz
    assert "in vier Arbeitsgruppen: „Ankommen“" in konferenz
    markdown = press_release(
        load_process(PRESS / "stadt-konferenz.yaml"), "konferenz", "ankuendigung",
        release_date=date(2026, 9, 14),
    ).render("md").decode("utf-8")
    assert "\n- Begrüßung durch die Oberbürgermeisterin\n" in markdown  # no time, no "Uhr:"
    kommentierung = text("kreis-kommentierung", "kommentierung", "aufruf", date(2025, 10, 1))
    assert "Bis zum 31. Oktober 2025 können" in kommentierung
    assert "insgesamt hat das Integrationskonzept Rendsburg-Eckernförde neun Handlungsfelder" in kommentierung
    assert "der Entwurf des Integrationskonzepts im September 2025" in kommentierung
    assert "Fax: 04331 202-599" in kommentierung and "Kaiserstraße 8, 24768 Rendsburg" in kommentierung
    werkstatt = text("gemeinde-werkstatt", "werkstatt", "ankuendigung", date(2026, 1, 20))
    assert "zur ganztägigen Planungswerkstatt" in werkstatt and "vier Sitzungen" in werkstatt
    assert "Im Herbst 2026 folgt die Beratung im Sozialausschuss" in werkstatt
    assert "voraussichtlich im Jahr 2027" in werkstatt
    forum = text("bezirk-forum", "forum", "ankuendigung", date(2026, 4, 10))
    assert "Anfang 2027" in forum


def test_readme_shows_a_complete_press_release_as_it_comes_out() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- press-example:start -->\n```text\n", "```\n<!-- press-example:end -->"
    shown = readme[readme.index(start) + len(start) : readme.index(end)]
    release = press_release(
        load_process(PRESS / "stadt-konferenz.yaml"), "konferenz", "ankuendigung",
        release_date=date(2026, 9, 14),
    )
    assert shown == release.render("txt").decode("utf-8"), "update the README example"
