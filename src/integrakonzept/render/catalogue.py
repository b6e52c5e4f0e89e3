"""Fixed wording of printed documents, in one catalogue per language.

Invitations, sign-up sheets, QR labels, calendar entries and the kit index
take every fixed word from here (``{{ t("key", value=…) }}`` in templates), so
that another language is one more dictionary, not another set of templates.
Placeholders use ``str.format`` syntax; values are inserted as given (the
template engine escapes them for HTML).

Press releases are German prose written for a German press office; their
wording lives in ``templates/press-release/`` where a coordinator can edit it.
"""

from __future__ import annotations

from collections.abc import Mapping

DE: dict[str, str] = {
    # --- invitation ----------------------------------------------------------------------
    "invitation": "Einladung",
    "invitation_title": "Einladung: {title}",
    "invite_you": "Wir laden Sie herzlich ein.",
    "audience_einwohnende": "Interessierte {einwohner}",
    "audience_hauptamt": "Hauptamtliche",
    "audience_ehrenamt": "Ehrenamtliche",
    "audience_migrantenorganisationen": "Migrantenorganisationen",
    "audience_politik": "Politik",
    "audience_verwaltung": "Verwaltung",
    "motto": "Motto: {motto}",
    "when": "Wann",
    "where": "Wo",
    "who": "Für wen",
    "doors": "Einlass ab {time}",
    "time_range": "{start} bis {end} Uhr",
    "time_from": "ab {start} Uhr",
    "date_range": "{start} bis {end}",
    "daily": "jeweils",
    "room": "Raum: {room}",
    "step_free_yes": "Der Ort ist stufenlos erreichbar.",
    "step_free_no": "Der Ort ist nicht stufenlos erreichbar.",
    "accessibility": "Barrierefreiheit: {note}",
    "directions": "Anfahrt: {text}",
    "programme": "Programm",
    "questions": "Darum geht es",
    "working_groups": "Arbeitsgruppen",
    "working_groups_count": "Gearbeitet wird in {count} Arbeitsgruppen.",
    "fields": "Handlungsfelder",
    "registration": "Anmeldung",
    "register_by": "Bitte melden Sie sich bis zum {date} an.",
    "register_required": "Bitte melden Sie sich an.",
    "register_not_required": "Eine Anmeldung ist nicht nötig.",
    "register_online": "Online",
    "register_email": "E-Mail",
    "register_phone": "Telefon",
    "scan_qr": "QR-Code scannen und online anmelden",
    "capacity_limited": "Die Platzzahl ist begrenzt.",
    "invited_only": "Die Veranstaltung ist nicht öffentlich; die Teilnahme ist nur mit Einladung möglich.",
    "free_of_charge": "Die Teilnahme ist kostenlos.",
    "good_to_know": "Gut zu wissen",
    "interpreting_on_request": "Dolmetschen auf Anfrage",
    "interpreting": "Dolmetschen",
    "interpreting_languages": "in {languages}",
    "interpreting_request_by": "Bitte bis zum {date} anfragen.",
    "interpreting_request_with_registration": "Bitte bei der Anmeldung angeben.",
    "childcare": "Kinderbetreuung",
    "childcare_offered": "wird angeboten.",
    "childcare_by": "wird angeboten ({provider}).",
    "childcare_none": "gibt es bei dieser Veranstaltung nicht.",
    "access": "Zugang",
    "contact": "Kontakt",
    "partners": "In Zusammenarbeit mit",
    "phone": "Telefon",
    "email": "E-Mail",
    "organiser": "Veranstalter",
    "month_only": "Der genaue Termin wird noch bekannt gegeben.",
    # --- sign-up sheet ---------------------------------------------------------------------
    "signup_title": "Teilnahmeliste",
    "signup_funding_title": "Teilnahmeliste (Nachweis für die Förderung)",
    "event": "Veranstaltung",
    "date": "Datum",
    "venue": "Ort",
    "group": "Gruppe",
    "number": "Nr.",
    "name": "Name",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "organisation": "Organisation",
    "signature": "Unterschrift",
    "photo_consent": "Fotos",
    "photo_yes": "ja",
    "photo_no": "nein",
    "page_of": "Seite {page} von {pages}",
    "funding_programme": "Förderprogramm",
    "funding_confirmation": "Die Richtigkeit der Angaben auf dieser Seite bestätigt:",
    "privacy_heading": "Datenschutz",
    "privacy_purpose": (
        "{controller} erhebt Ihren Namen und Ihre Organisation, um die Teilnahme an dieser "
        "Veranstaltung zu dokumentieren."
    ),
    "privacy_purpose_funding": (
        "{controller} erhebt Ihren Namen, Ihre Organisation und Ihre Unterschrift als Nachweis "
        "der Teilnahme gegenüber dem Fördermittelgeber{programme}."
    ),
    "privacy_voluntary": "Die Eintragung ist freiwillig; Sie können auch ohne Eintrag teilnehmen.",
    "privacy_retention": "Die Liste wird nach {months} Monaten vernichtet.",
    "privacy_retention_funding": (
        "Die Liste wird so lange aufbewahrt, wie es die Förderbedingungen verlangen, und danach vernichtet."
    ),
    "privacy_contact": "Fragen zum Datenschutz und zu Ihren Rechten: {contact}.",
    "photo_note": (
        "Spalte „Fotos“: Mit „ja“ willigen Sie ein, dass Fotos, auf denen Sie zu erkennen sind, "
        "für die Öffentlichkeitsarbeit von {controller} zu diesem Prozess verwendet werden. "
        "Sie können die Einwilligung jederzeit widerrufen."
    ),
    "time": "Zeit",
    "organised_by": "Veranstalter",
    "confirmation_signature": "Name, Datum und Unterschrift der verantwortlichen Person",
    # --- QR code ---------------------------------------------------------------------------
    "qr_caption": "Anmeldung: {url}",
    # --- calendar --------------------------------------------------------------------------
    "calendar_name": "{title} – Termine",
    "calendar_registration": "Anmeldung bis {date}: {channels}",
    "calendar_registration_open": "Anmeldung: {channels}",
    "calendar_online": "Mitmachen: {url}",
    "calendar_contact": "Kontakt: {contact}",
    "calendar_invited_only": "Nur mit Einladung.",
    # --- kit index -------------------------------------------------------------------------
    "kit_title": "{title}: Unterlagen",
    "kit_intro": "Erstellt mit ik am {date}. Alle Dateien liegen in diesem Ordner.",
    "kit_process_calendar": "Alle Termine als Kalenderdatei",
    "kit_invitation": "Einladung",
    "kit_announcement": "Pressemitteilung (Ankündigung)",
    "kit_call": "Pressemitteilung (Aufruf)",
    "kit_report": "Pressemitteilung (Nachbericht)",
    "kit_signup": "Teilnahmeliste zum Ausdrucken",
    "kit_qr": "QR-Code der Anmeldung",
    "kit_qr_online": "QR-Code",
    "kit_calendar": "Kalendereintrag",
    "kit_skipped": "Noch nicht erstellt: {what} – {why}",
    "kit_no_exact_date": "es steht erst der Monat fest",
    "kit_no_url": "es gibt noch keinen Link zur Anmeldung",
    "kit_no_url_online": "es gibt noch keinen Link",
}

CATALOGUE: Mapping[str, Mapping[str, str]] = {"de": DE}


def languages() -> tuple[str, ...]:
    """Languages with a complete catalogue."""
    return tuple(CATALOGUE)


def text(key: str, lang: str = "de", /, **values: object) -> str:
    """The wording ``key`` in ``lang`` with ``values`` filled in.

    Raises :class:`KeyError` with a German message for an unknown key or language.
    """
    try:
        entries = CATALOGUE[lang]
    except KeyError:
        raise KeyError(
            f"Für die Sprache „{lang}“ gibt es noch keine Texte (vorhanden: {', '.join(CATALOGUE)})"
        ) from None
    try:
        wording = entries[key]
    except KeyError:
        raise KeyError(f"Der Text „{key}“ fehlt im Katalog für „{lang}“") from None
    return wording.format(**values) if values else wording
