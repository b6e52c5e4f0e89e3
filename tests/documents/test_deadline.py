"""After the registration deadline, invitation and announcement stop asking people to register
by it: they say it has passed and where to ask for remaining places; ik warns."""

from __future__ import annotations

from datetime import date

import pytest
from documents_support import example

from integrakonzept.documents.common import deadline_warnings
from integrakonzept.documents.invitation import invitation
from integrakonzept.documents.press import press_release
from integrakonzept.render.catalogue import text
from integrakonzept.render.languages import language

PHONE = "04121 231-475"
LANGS = ["de", "en", "tr", "ar", "uk", "ru", "pl", "fa", "prs"]
# Elmshorn: deadline 5 March 2025, event 19 March 2025
AFTER = [date(2025, 3, 6), date(2025, 3, 10), date(2025, 3, 19)]
BEFORE = [date(2025, 2, 1), date(2025, 3, 5)]


@pytest.mark.parametrize("day", AFTER + BEFORE)
def test_announcement(day: date) -> None:
    passed = day in AFTER
    release = press_release(example("elmshorn-2025"), "auftakt", "ankuendigung", release_date=day)
    flat = " ".join(release.render("txt").decode("utf-8").split())
    closed = "Anmeldeschluss war der 5. März 2025."
    assert (closed in flat) is passed
    assert (f"fragt bitte telefonisch unter {PHONE} nach freien Plätzen" in flat) is passed
    assert ("Eine Anmeldung ist bis zum 5. März 2025 erforderlich" in flat) is not passed
    assert ("Anmeldung bis 5. März 2025" in flat) is not passed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("day", [None, *AFTER, *BEFORE])
def test_invitation(lang: str, day: date | None) -> None:
    passed = day in AFTER
    html = invitation(example("elmshorn-2025"), "auftakt", lang=lang, today=day).html
    cat = language(lang).catalogue
    deadline = language(lang).date_long(date(2025, 3, 5))
    # inside a right-to-left sentence the number is a left-to-right isolate (LRI … PDI) that
    # does not break: without it the digit groups of "04121 231-475" are shown in reverse order
    phone = f'<span class="nowrap" style="white-space: nowrap">{PHONE}</span>'
    if language(lang).direction == "rtl":
        phone = f"\u2066{phone}\u2069"
    closed = text("register_closed", cat, date=deadline, contact=phone)
    register_by = text("register_by", cat, date=deadline)
    assert (closed in html) is passed
    assert (register_by in html) is not passed
    assert closed != register_by
    # after the deadline the form is no way in: no link to it and no QR code (as on the page)
    assert ("anmeldung.example.de/elmshorn-auftakt" in html) is not passed
    assert ("<svg" in html) is not passed


def test_easy_language_invitation() -> None:
    html = invitation(example("elmshorn-2025"), "auftakt", lang="de-x-ls", today=AFTER[1]).html
    assert "Das ging bis zum" in html and PHONE in html and "Das geht bis zum" not in html
    assert "Bitte melden Sie sich an" not in html and "So können Sie nachfragen:" in html
    assert "QR-Code" not in html and "Im Internet" not in html
    before = invitation(example("elmshorn-2025"), "auftakt", lang="de-x-ls", today=BEFORE[0]).html
    assert "Bitte melden Sie sich an" in before and "So können Sie sich anmelden:" in before
    assert "QR-Code" in before and "Im Internet" in before


@pytest.mark.parametrize("day", AFTER + BEFORE + [date(2025, 3, 20)])
def test_warning_for_build_and_press_release(day: date) -> None:
    found = deadline_warnings(example("elmshorn-2025"), day)
    assert len(found) == (1 if day in AFTER else 0)
    if found:
        assert "„Auftaktveranstaltung ‚Elmshorn im Dialog‘“ war am 05.03.2025" in found[0]
        assert PHONE in found[0]
    assert deadline_warnings(example("elmshorn-2025"), day, "fachrunde-hauptamt") == []
