"""German grammar helpers and the one Jinja environment (filters, user templates, errors)."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest

from integrakonzept.documents.wording import (
    join_list,
    noun_gender,
    noun_phrase,
    number_word,
    ordinal_word,
    quote_lead,
    sentence,
)
from integrakonzept.errors import TemplateError
from integrakonzept.render import catalogue
from integrakonzept.render.templating import builtin_templates_dir, environment, render_template


@pytest.mark.parametrize(
    ("name", "at"),
    [
        ("Rathaus Elmshorn", "im Rathaus Elmshorn"),
        ("Kreishaus Eutin", "im Kreishaus Eutin"),
        ("Stadthalle Ratingen", "in der Stadthalle Ratingen"),
        ("Alte Feuerwache", "in der Alten Feuerwache"),
        ("Neues Rathaus", "im Neuen Rathaus"),
        ("Großer Saal", "im Großen Saal"),
        ("Haus der Begegnung", "im Haus der Begegnung"),
        ("Stiftungsgebäude „Erlebnis Bungsberg“", "im Stiftungsgebäude „Erlebnis Bungsberg“"),
    ],
)
def test_venue_in_running_text(name: str, at: str) -> None:
    phrase = noun_phrase(name)
    assert phrase is not None and phrase.at() == at


@pytest.mark.parametrize("name", ["KIESEL e.V.", "<script>alert(1)</script>", "Müller & Söhne", "die Halle"])
def test_unknown_article_is_none_not_a_guess(name: str) -> None:
    assert noun_phrase(name) is None


def test_bodies_and_kinds() -> None:
    assert noun_phrase("Kreistag Ostholstein").definite("nom") == "der Kreistag Ostholstein"  # type: ignore[union-attr]
    assert noun_phrase("Stadtverordnetenversammlung").definite("nom") == "die Stadtverordnetenversammlung"  # type: ignore[union-attr]
    assert noun_phrase("Integrationskonzept 2.0").to() == "zum Integrationskonzept 2.0"  # type: ignore[union-attr]
    assert noun_phrase("Zukunftskonferenz").by() == "bei der Zukunftskonferenz"  # type: ignore[union-attr]
    assert noun_phrase("Alte Feuerwache").definite("acc") == "die Alte Feuerwache"  # type: ignore[union-attr]
    assert noun_phrase("Großer Saal").definite("acc") == "den Großen Saal"  # type: ignore[union-attr]
    assert noun_gender("Beirat") == "m" and noun_gender("Referat") == "n" and noun_gender("Vortrag") is None


def test_small_words() -> None:
    assert join_list(["A", "B", "C"]) == "A, B und C"
    assert join_list(["Sprache", "Arbeit und Ausbildung"]) == "Sprache sowie Arbeit und Ausbildung"
    assert join_list(["A", "B"], "oder") == "A oder B"
    assert number_word(5) == "fünf" and number_word(1) == "eine" and number_word(13) == "13"
    assert ordinal_word(3) == "dritte" and ordinal_word(14) == "14."
    assert sentence("Parkplätze am Gebäude") == "Parkplätze am Gebäude."
    assert sentence("Wirklich?") == "Wirklich?" and sentence("„Ja.“") == "„Ja.“"
    assert quote_lead("Das ist so.") == "Das ist so" and quote_lead("Warum?") == "Warum?"


def test_filters_format_german(tmp_path: Path) -> None:
    (tmp_path / "probe.txt.j2").write_text(
        "{{ d | date_full }}|{{ d | day }}|{{ t0 | clock }}|{{ time_range(t0, t1) }}|"
        "{{ 'einwohner' | gender }}|{{ 'teilnehmer' | gender('dat') }}|{{ 'ar' | language }}|"
        "{{ 'x' | quoted }}|{{ t('register_by', date=d | date_long) }}",
        encoding="utf-8",
    )
    out = render_template(
        "probe.txt.j2",
        {"d": date(2025, 3, 19), "t0": time(16), "t1": time(19), "gender_style": "paarform", "lang": "de"},
        tmp_path,
    )
    assert out.split("|") == [
        "Mittwoch, 19. März 2025", "19.03.2025", "16:00\u00a0Uhr", "16:00 bis 19:00\u00a0Uhr",
        "Einwohnerinnen und Einwohner", "Teilnehmerinnen und Teilnehmern", "Arabisch", "„x“",
        "Bitte melden Sie sich bis zum 19. März 2025 an.",
    ]


def test_html_templates_are_autoescaped_text_templates_not(tmp_path: Path) -> None:
    (tmp_path / "a.html.j2").write_text("{{ v }}", encoding="utf-8")
    (tmp_path / "a.md.j2").write_text("{{ v }}", encoding="utf-8")
    assert render_template("a.html.j2", {"v": "<b>&"}, tmp_path) == "&lt;b&gt;&amp;"
    assert render_template("a.md.j2", {"v": "<b>&"}, tmp_path) == "<b>&"


def test_user_folder_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "kit-index.html.j2").write_text("eigene Übersicht", encoding="utf-8")
    assert render_template("kit-index.html.j2", {}, tmp_path) == "eigene Übersicht"
    assert (builtin_templates_dir() / "kit-index.html.j2").is_file()


def test_template_errors_are_located_and_german(tmp_path: Path) -> None:
    (tmp_path / "broken.md.j2").write_text("ok\n{% if %}\n", encoding="utf-8")
    (tmp_path / "unknown.md.j2").write_text("{{ nichtda }}", encoding="utf-8")
    with pytest.raises(TemplateError) as broken:
        render_template("broken.md.j2", {}, tmp_path)
    assert broken.value.message.startswith(f"Die Vorlage {tmp_path / 'broken.md.j2'} hat in Zeile 2 einen Fehler")
    with pytest.raises(TemplateError) as unknown:
        render_template("unknown.md.j2", {}, tmp_path)
    assert unknown.value.message == (
        f"Die Vorlage {tmp_path / 'unknown.md.j2'} verwendet in Zeile 1 einen unbekannten Wert: "
        "„nichtda“ ist nicht bekannt"
    )
    with pytest.raises(TemplateError) as missing:
        render_template("gibtsnicht.md.j2", {}, tmp_path)
    assert missing.value.message == "Die Vorlage „gibtsnicht.md.j2“ wurde nicht gefunden."
    with pytest.raises(TemplateError) as folder:
        environment(tmp_path / "fehlt")
    assert folder.value.message == f"Den Vorlagenordner {tmp_path / 'fehlt'} gibt es nicht."


PERSON = "Erika Mustermann"
ENGLISH = re.compile(
    r"undefined|unexpected|Unexpected|Encountered|expected token|No filter|No test|looking for|"
    r"has no attribute|innermost|concatenate|division|object|not supported|got '",
)


@pytest.mark.parametrize(
    ("source", "line", "german"),
    [
        ("a\n{{ x }\n", 2, "einen Fehler: unerwartetes „}“"),
        ("a\nb\n{% for p in people %}\nx\n", 4, "einen Fehler: die Vorlage endet, bevor ein Block "
         "geschlossen ist; erwartet: „endfor“ oder „else“ (offen ist der Block „for“)"),
        ("{% if person %}\n{% endfor %}", 2, "einen Fehler: unbekannter Befehl „endfor“; erwartet: "
         "„elif“ oder „else“ oder „endif“ (offen ist der Block „if“)"),
        ("{{ person | gibtsnicht }}", 1, "einen Fehler: den Filter „gibtsnicht“ gibt es nicht"),
        ("\n{{ person mehr }}", 2, "einen Fehler: erwartet: „}}“, gefunden: „mehr“"),
        ("a\n\n{{ nichtda }}", 3, "verwendet in Zeile 3 einen unbekannten Wert: „nichtda“ ist nicht bekannt"),
        ("{{ process.zeitstrahl }}", 1, "verwendet in Zeile 1 einen unbekannten Wert: „zeitstrahl“ gibt es "
         "hier nicht"),
        ("x\n{{ {'a': 1}[person] }}", 2, "verwendet in Zeile 2 einen unbekannten Wert: ein Schlüssel, den es "
         "nicht gibt"),
        ("x\n{{ person + 1 }}", 2, "kann nicht gefüllt werden (Zeile 2): ein Wert hat nicht die Art"),
        ("x\ny\n{{ 1 / (people | length) }}", 3, "kann nicht gefüllt werden (Zeile 3): Division durch null"),
        ("{{ people[3] }}", 1, "verwendet in Zeile 1 einen unbekannten Wert: eine Liste ist kürzer als "
         "angenommen (kein Element Nr. 3)"),
        ("x\n{{ 2 - person }}", 2, "kann nicht gefüllt werden (Zeile 2): ein Wert hat nicht die Art"),
    ],
)
def test_every_template_error_is_german_with_file_and_line(
    tmp_path: Path, source: str, line: int, german: str
) -> None:
    """A user's own template with a mistake: the message is German, names the file and the
    line, and never repeats a value (a person's name) from the data."""
    (tmp_path / "eigen.md.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        render_template("eigen.md.j2", {"person": PERSON, "people": [], "process": {}}, tmp_path)
    message = error.value.message
    assert message.startswith(f"Die Vorlage {tmp_path / 'eigen.md.j2'} ")
    assert f"Zeile {line}" in message
    assert german in message, message
    assert not ENGLISH.search(message), message
    assert PERSON not in message and "Erika" not in message
    assert error.value.hint is not None and PERSON not in error.value.hint


def used_catalogue_keys() -> set[str]:
    """Every key a built-in template or a document module asks the catalogue for."""
    import re

    used: set[str] = set()
    for template in builtin_templates_dir().rglob("*.j2"):
        source = re.sub(r"\{#.*?#\}", "", template.read_text(encoding="utf-8"), flags=re.S)
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", source))
        used |= set(re.findall(r"""\bt\([^)]*\belse\s+["']([a-z_]+)["']""", source))  # t("a" if x else "b")
    src = Path(catalogue.__file__).parents[1]
    for module in [*src.glob("documents/*.py"), *src.glob("render/*.py"), *src.glob("cli/*.py")]:
        source = module.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?<![.\w])text\(\s*["']([a-z_]+)["']""", source))  # not row.text(…)
        used |= set(re.findall(r"""["'](kit_[a-z_]+)["']""", source))
        used |= {f"{key}_lang" for key in re.findall(r"""f["'](kit_[a-z_]+):\{""", source)}
    # the public page (site/): w("key") and w(f"prefix_{…}") for every key with that prefix
    site_keys = catalogue.keys("de", catalogue.SITE_DOMAIN)
    for module in src.glob("site/*.py"):
        source = module.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bw\(\s*["']([a-z_]+)["']""", source))
        for prefix in re.findall(r"""\bw\(\s*f["']([a-z_]+)\{""", source):
            used |= {key for key in site_keys if key.startswith(prefix)}
    return used


def test_catalogue_is_complete_and_used_keys_exist() -> None:
    used = used_catalogue_keys()
    assert {"invitation", "register_by", "page_of", "kit_no_exact_date", "calendar_contact"} <= used
    assert "kit_invitation_lang" in used and "language_prs" in used
    german = (
        catalogue.keys()
        | catalogue.keys("de", catalogue.DOCUMENTS_DOMAIN)
        | catalogue.keys("de", catalogue.SITE_DOMAIN)
    )
    assert not used - set(german), sorted(used - set(german))
    # A German text nobody asks for is stale: delete it rather than translate it.
    assert not set(german) - used, sorted(set(german) - used)
    # A key lives in one catalogue only.
    assert not set(catalogue.keys()) & set(catalogue.keys("de", catalogue.DOCUMENTS_DOMAIN))
    assert not set(catalogue.keys()) & set(catalogue.keys("de", catalogue.SITE_DOMAIN))
    with pytest.raises(KeyError, match="gibt es noch keine Texte"):
        catalogue.text("invitation", "xx")
