"""Fixed wording of printed documents: gettext catalogues, read with Babel.

Every fixed word of an invitation, sign-up sheet, QR label, calendar entry and the
kit index comes from here (``{{ t("key", value=…) }}`` in templates), so that
another language is one more catalogue, not another set of templates.

The catalogues are ordinary gettext ``.po`` files inside the package::

    locales/<code>/LC_MESSAGES/einladung.po    the invitation, in every language
    locales/de/LC_MESSAGES/unterlagen.po       sign-up sheet, calendar, kit (German)
    locales/<code>/LC_MESSAGES/seite.po        the public process page (ik build, seite/);
                                               de-x-ls/ holds its Leichte Sprache wording

Message ids are keys (``register_by``); the German catalogue is the source, and
every other ``einladung.po`` carries the German text each translation was made
from as a comment (``#. de: …``), so that a changed German text shows which
translations are stale (``python -m integrakonzept.render.catalogue`` lists them).
The ``.po`` files are compiled when first used (Babel's ``read_po`` and
``write_mo`` into :class:`gettext.GNUTranslations`), so neither the build nor CI
needs a step of its own. Placeholders use ``str.format`` syntax; values are
inserted as given (the template engine escapes them for HTML).

Press releases are German prose written for a German press office; their
wording lives in ``templates/press-release/`` where a coordinator can edit it.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

INVITATION_DOMAIN = "einladung"
DOCUMENTS_DOMAIN = "unterlagen"
SOURCE_LANGUAGE = "de"
SOURCE_COMMENT = "de: "
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def locales_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "locales"


def po_path(lang: str, domain: str = INVITATION_DOMAIN) -> Path:
    return locales_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def languages() -> tuple[str, ...]:
    """Languages with an invitation catalogue (German first)."""
    found = sorted(p.parent.parent.name for p in locales_dir().glob(f"*/LC_MESSAGES/{INVITATION_DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[code for code in found if code != SOURCE_LANGUAGE])


@lru_cache(maxsize=32)
def read_catalogue(lang: str, domain: str = INVITATION_DOMAIN) -> Catalog:
    """The catalogue as Babel reads it (messages, comments, flags)."""
    from babel.messages.pofile import read_po

    path = po_path(lang, domain)
    with path.open("rb") as handle:
        # ``locale`` stays None: Babel knows no locale "prs" (Dari); the file says what it is.
        return read_po(handle, domain=domain)


@lru_cache(maxsize=32)
def _translations(lang: str, domain: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue (``.mo`` in memory), or ``None`` if there is none."""
    from babel.messages.mofile import write_mo

    if not po_path(lang, domain).is_file():
        return None
    buffer = io.BytesIO()
    write_mo(buffer, read_catalogue(lang, domain))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def keys(lang: str = SOURCE_LANGUAGE, domain: str = INVITATION_DOMAIN) -> dict[str, str]:
    """All keys of a catalogue and their text (untranslated entries left out)."""
    return {
        str(message.id): str(message.string)
        for message in read_catalogue(lang, domain)
        if message.id and message.string
    }


def placeholders(wording: str) -> set[str]:
    return set(_PLACEHOLDER.findall(wording))


def text(key: str, lang: str = SOURCE_LANGUAGE, /, **values: object) -> str:
    """The wording ``key`` in ``lang`` with ``values`` filled in.

    Invitation wording exists in every language; the wording of the German-only
    documents (sign-up sheet, calendar, kit) is German whatever ``lang`` says.
    Raises :class:`KeyError` with a German message for an unknown key or language.
    """
    invitation = _translations(lang, INVITATION_DOMAIN)
    if invitation is None:
        raise KeyError(
            f"Für die Sprache „{lang}“ gibt es noch keine Texte (vorhanden: {', '.join(languages())})"
        )
    wording = _lookup(invitation, key)
    if wording is None:
        documents = _translations(SOURCE_LANGUAGE, DOCUMENTS_DOMAIN)
        wording = _lookup(documents, key) if documents is not None else None
    if wording is None:
        raise KeyError(f"Der Text „{key}“ fehlt im Katalog für „{lang}“")
    return wording.format(**values) if values else wording


SITE_DOMAIN = "seite"
#: e-mails of ``ik mail`` in other languages than German (templates/mail/sprachen/)
MAIL_DOMAIN = "mail"


def domain_text(key: str, lang: str, domain: str, /, **values: object) -> str | None:
    """The wording ``key`` from ``locales/<lang>/LC_MESSAGES/<domain>.po``; ``None`` when the
    catalogue or the key is missing (the caller decides what to fall back to)."""
    translations = _translations(lang, domain)
    wording = _lookup(translations, key) if translations is not None else None
    if wording is None:
        return None
    return wording.format(**values) if values else wording


def _lookup(translations: gettext.GNUTranslations, key: str) -> str | None:
    # gettext returns the key itself for a missing message; a key never equals its wording.
    wording = translations.gettext(key)
    return None if wording == key else wording


def status() -> dict[str, dict[str, list[str]]]:
    """Per language: keys ``missing``, ``stale`` (German text changed since), ``unknown`` (not in German)."""
    source = keys()
    report: dict[str, dict[str, list[str]]] = {}
    for lang in languages():
        if lang == SOURCE_LANGUAGE:
            continue
        translated = {str(m.id): m for m in read_catalogue(lang) if m.id}
        report[lang] = {
            "missing": sorted(k for k in source if k not in translated or not translated[k].string),
            "unknown": sorted(k for k in translated if k not in source),
            "stale": sorted(
                k
                for k, message in translated.items()
                if k in source and _source_comment(message.auto_comments) != source[k]
            ),
        }
    return report


def _source_comment(comments: list[str]) -> str | None:
    joined = " ".join(comments)  # a long comment may be wrapped over several lines
    return joined[len(SOURCE_COMMENT):] if joined.startswith(SOURCE_COMMENT) else None


def main() -> None:  # pragma: no cover - a maintainer's tool, printed for translators
    """List missing, stale and unknown keys per language (``python -m integrakonzept.render.catalogue``)."""
    for lang, problems in status().items():
        found = {kind: keys_ for kind, keys_ in problems.items() if keys_}
        print(f"{lang}: " + ("; ".join(f"{kind}: {', '.join(k)}" for kind, k in found.items()) or "vollständig"))


if __name__ == "__main__":  # pragma: no cover
    main()
