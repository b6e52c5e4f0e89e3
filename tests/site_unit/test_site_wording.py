"""The page's fixed words (``locales/*/LC_MESSAGES/seite.po``): complete, current, well-formed."""

from __future__ import annotations

import pytest

from integrakonzept.render.catalogue import SITE_DOMAIN, locales_dir, placeholders, read_catalogue
from integrakonzept.render.languages import LANGUAGES

CODES = sorted(p.parent.parent.name for p in locales_dir().glob(f"*/LC_MESSAGES/{SITE_DOMAIN}.po"))


def _messages(code: str) -> dict[str, tuple[str, list[str]]]:
    return {
        str(m.id): (str(m.string), list(m.auto_comments))
        for m in read_catalogue(code, SITE_DOMAIN)
        if m.id
    }


def test_every_language_of_the_invitations_has_page_wording() -> None:
    assert set(CODES) == set(LANGUAGES), "a language without page wording gets no page"


@pytest.mark.parametrize("code", [c for c in CODES if c != "de"])
def test_translation_complete_and_current(code: str) -> None:
    german = _messages("de")
    translated = _messages(code)
    assert set(translated) == set(german)
    for key, (text, comments) in translated.items():
        assert text.strip(), f"{code}: {key} ist leer"
        assert placeholders(text) == placeholders(german[key][0]), f"{code}: {key}"
        # the German text it was translated from is the current one (else: stale)
        assert f"de: {german[key][0]}" in comments, f"{code}: {key} ist veraltet"
    if code != "de-x-ls":
        # a few words are the same in both languages (Status, Workshop); most are not
        same = [k for k, (text, _) in translated.items() if text == german[k][0]]
        assert len(same) <= 5, f"{code}: nicht übersetzt? {same}"
