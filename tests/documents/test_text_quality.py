"""Every text ik writes, for a generated matrix of processes, passes a German spelling check
(Hunspell de_DE) and one rule per kind of error a press office would not print.

The matrix (tests/process_matrix.py) varies the kind of municipality, one or several hosts,
exact, month, season and year dates, registration, partners, quotes, results, budget,
approximate figures and every gender style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from text_rules import (
    check_rules,
    misspelled,
    own_strings,
    require_dictionary,
)

from integrakonzept.documents.press import announceable, press_release
from integrakonzept.process.load import load_process
from integrakonzept.process.model import EventPhase, OnlinePhase, Process
from process_matrix import COUNT, write_matrix

IK_WORDS = Path(__file__).resolve().parents[1] / "data" / "press" / "ik-woerter.txt"


@dataclass(frozen=True)
class Text:
    label: str
    text: str
    process: Process


def _texts(process: Process, name: str) -> list[Text]:
    from integrakonzept.documents.invitation import invitation
    from integrakonzept.results.html import render_markdown
    from integrakonzept.results.participation import participation
    from integrakonzept.results.report import build_report

    out: list[Text] = []
    for phase in process.phases:
        if isinstance(phase, EventPhase):
            if announceable(phase) is None:
                day = phase.date.as_date() - timedelta(days=10)
                release = press_release(process, phase.id, "ankuendigung", release_date=day)
                out.append(Text(f"{name}/{phase.id}/ankuendigung", release.render("txt").decode(), process))
                page = invitation(process, phase.id).html
                words = re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
                out.append(Text(f"{name}/{phase.id}/einladung", words, process))
            if phase.results is not None:
                day = phase.date.last_day() + timedelta(days=2)
                release = press_release(process, phase.id, "nachbericht", release_date=day)
                out.append(Text(f"{name}/{phase.id}/nachbericht", release.render("txt").decode(), process))
        elif isinstance(phase, OnlinePhase):
            day = (phase.start_date or phase.end_date) - timedelta(days=7)
            release = press_release(process, phase.id, "aufruf", release_date=day)
            out.append(Text(f"{name}/{phase.id}/aufruf", release.render("txt").decode(), process))
    last = max(p.sort_date.first_day() for p in process.phases) + timedelta(days=60)
    report = build_report(process, participation(process, None), last)
    images = {slug: f"{slug}.svg" for slug in report.charts}
    out.append(Text(f"{name}/dokumentation", render_markdown(report, images), process))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Text]:
    folder = tmp_path_factory.mktemp("matrix")
    texts: list[Text] = []
    for path in write_matrix(folder):
        texts += _texts(load_process(path), path.stem)
    return texts


def test_the_matrix_is_varied(corpus: list[Text]) -> None:
    processes = {id(t.process): t.process for t in corpus}.values()
    assert len(processes) == COUNT >= 40
    assert {p.municipality.kind for p in processes} >= {"Stadt", "Kreis", "Bezirk", "Gemeinde"}
    assert {p.gender_style for p in processes} == {"stern", "doppelpunkt", "paarform", "neutral"}
    assert any(len(p.hosts_of()) > 1 for p in processes) and any(len(p.hosts_of()) == 1 for p in processes)
    dates = {type_of(ph.date) for p in processes for ph in p.phases if hasattr(ph, "date")}
    assert dates >= {"day", "month", "season", "year"}
    kinds = {t.label.rsplit("/", 1)[1] for t in corpus}
    assert kinds == {"ankuendigung", "einladung", "nachbericht", "aufruf", "dokumentation"}
    results = [ph.results for p in processes for ph in p.phases if ph.results is not None]
    assert any(r.participants is not None and not r.participants.is_exact for r in results)
    assert any(p.budget_eur is not None for p in processes)
    assert any(q.paraphrase for r in results for q in r.quotes)


def type_of(value: object) -> str:
    day, part = getattr(value, "day", None), getattr(value, "part", None)
    if day is not None:
        return "day"
    if part is None:
        return "month"
    return "year" if part == "Jahr" else "season"


PRESS_KINDS = ("ankuendigung", "nachbericht", "aufruf")


def test_press_releases_follow_every_rule(corpus: list[Text]) -> None:
    failures = {}
    for item in corpus:
        if item.label.rsplit("/", 1)[1] in PRESS_KINDS:
            found = check_rules(item.text, item.process)
            if found:
                failures[item.label] = found
    assert not failures, failures


def test_other_texts_keep_one_gender_style_and_quote_marks(corpus: list[Text]) -> None:
    from text_rules import mixed_gender_styles, nested_quotes, number_agreement

    failures = {}
    for item in corpus:
        if item.label.rsplit("/", 1)[1] not in PRESS_KINDS:
            found = (
                mixed_gender_styles(item.text, item.process)
                + nested_quotes(item.text)
                + number_agreement(item.text)
            )
            if found:
                failures[item.label] = found
    assert not failures, failures


def test_german_spelling(corpus: list[Text]) -> None:
    require_dictionary()
    allowed = IK_WORDS.read_text(encoding="utf-8").split()
    by_process: dict[int, list[Text]] = {}
    for item in corpus:
        by_process.setdefault(id(item.process), []).append(item)
    failures = {}
    for items in by_process.values():
        process = items[0].process
        unknown = misspelled([i.text for i in items], [*allowed, *own_strings(process)])
        if unknown:
            failures[items[0].label.split("/")[0]] = sorted(unknown)
    assert not failures, failures


def test_facts_are_not_dropped(corpus: list[Text]) -> None:
    from integrakonzept.documents.phrases import PhraseBook
    from integrakonzept.documents.wording import noun_phrase

    for item in corpus:
        label, kind = item.label.rsplit("/", 1)
        process = item.process
        phase = process.phase(label.split("/")[1]) if "/" in label else None
        text = " ".join(item.text.split())
        if kind == "nachbericht" and isinstance(phase, EventPhase):
            if phase.start and phase.end:
                assert "Uhr" in text, item.label
            if phase.venue and phase.venue.room:
                room = noun_phrase(phase.venue.room)
                assert phase.venue.room in text or (room and room.at() in text), item.label
            if process.budget_eur is not None:
                assert PhraseBook(process, date.today()).budget() in text, item.label
            if process.background:
                assert " ".join(process.background.split()) in text, item.label
            host = process.hosts_of(phase)[0].name
            assert host in text, item.label
        if kind == "aufruf" and isinstance(phase, OnlinePhase):
            for hf in phase.handlungsfelder:
                assert process.handlungsfeld(hf).title in text, item.label
