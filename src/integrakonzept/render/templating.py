"""The one Jinja environment for every document ik renders.

Templates are data the user may override: a templates folder (``vorlagen:`` in
the process file or ``--templates``) is searched first, then the built-in
``templates/`` folder that ships inside the wheel. The environment uses
``StrictUndefined`` (a missing value is an error, never a silent blank),
autoescapes HTML/XML/SVG templates, and carries the German formatting of
:mod:`integrakonzept.render.locale` as filters, so that templates never format
dates, times or role nouns themselves.

Filters (``{{ value | name }}``):

=================  =========================================================
``day``            ``19.03.2025`` (DIN 5008, numeric)
``date_long``      ``19. März 2025``
``date_full``      ``Mittwoch, 19. März 2025``
``weekday``        ``Mittwoch``
``partial``        ``Mittwoch, 19. März 2025`` or ``April 2025`` (PartialDate)
``when``           ``am Mittwoch, 19. März 2025`` or ``im April 2025``
``time``           ``16:00``
``clock``          ``16:00 Uhr`` (protected space before „Uhr“)
``number``         ``10.082``
``press_number``   ``rund 50`` (see :func:`~integrakonzept.render.locale.round_for_press`)
``join_and``       ``A, B und C``
``language``       ``Arabisch`` for ``ar``
``gender``         a role noun in the process's gender style: ``"einwohner" | gender``,
                   ``"teilnehmer" | gender("dat")``
``quoted``         „text“ (German quotation marks)
``capfirst``       first letter upper case
``sentence``       text ending in a full stop (user text often lacks one)
``phone``          ``04121 231-475`` (national DIN 5008 form)
``yaml_text``      a double-quoted YAML scalar (for YAML templates such as new-process)
``direction``      ``rtl``/``ltr``/``auto`` after the first strong character (``dir="…"`` for names)
=================  =========================================================

Globals: ``t(key, **values)`` (fixed wording from
:mod:`integrakonzept.render.catalogue` in the document's ``lang``),
``time_range(start, end)`` and ``period(start, end)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import TemplateError

if TYPE_CHECKING:
    import jinja2

AUTOESCAPED = ("html", "htm", "xml", "svg", "html.j2", "htm.j2", "xml.j2", "svg.j2")


def builtin_templates_dir() -> Path:
    """The built-in ``templates/`` folder: inside the wheel, or at the top of a source checkout."""
    import integrakonzept

    package = Path(integrakonzept.__file__).parent
    shipped = package / "templates"
    if shipped.is_dir():
        return shipped
    return Path(integrakonzept.__file__).parents[2] / "templates"


def environment(user_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment, searching ``user_dir`` (if given) before the built-ins."""
    if user_dir is not None:
        user_dir = user_dir.expanduser().resolve()
        if not user_dir.is_dir():
            raise TemplateError(
                f"Den Vorlagenordner {user_dir} gibt es nicht.",
                "Prüfen Sie „vorlagen:“ in der Prozessdatei bzw. die Angabe bei --templates.",
            )
    return _environment(user_dir)


@lru_cache(maxsize=8)
def _environment(user_dir: Path | None) -> jinja2.Environment:
    import jinja2

    search = [str(user_dir)] if user_dir is not None else []
    search.append(str(builtin_templates_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=AUTOESCAPED, default_for_string=False, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    _register(env)
    return env


def render_template(name: str, context: Mapping[str, Any], templates: Path | None = None) -> str:
    """Render template ``name`` with ``context``; template problems become :class:`TemplateError`.

    The context must hold ``lang`` (for ``t``) and ``gender_style`` (for ``gender``)
    when the template uses them.
    """
    import jinja2

    env = environment(templates)
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"Die Vorlage „{name}“ wurde nicht gefunden.",
            "Eigene Vorlagen müssen genauso heißen wie die eingebauten (siehe templates/README.md).",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"Die Vorlage {exc.filename or name} hat in Zeile {exc.lineno} einen Fehler: {exc.message}",
            "Vergleichen Sie Ihre Vorlage mit der eingebauten (siehe templates/README.md).",
        ) from None
    try:
        return template.render(dict(context))
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"Die Vorlage {template.filename or name} verwendet einen unbekannten Wert: {exc.message}",
            "Eigene Vorlagen können nur die Werte verwenden, die auch die eingebaute Vorlage nutzt.",
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"Die Vorlage {template.filename or name} kann nicht gefüllt werden: {exc}"
        ) from None


# --- filters and globals ----------------------------------------------------------------


def quoted(value: object) -> str:
    """„value“ with German quotation marks."""
    return f"„{value}“"


def capfirst(value: object) -> str:
    text = str(value)
    return text[:1].upper() + text[1:]


def sentence(value: object) -> str:
    """``value`` ending in a full stop, unless it already ends in . ! ? … (also before a closing quote)."""
    stripped = str(value).rstrip()
    if not stripped:
        return ""
    if stripped[-1] in ".!?…":
        return stripped
    if stripped[-1] in '“"»)' and len(stripped) > 1 and stripped[-2] in ".!?…":
        return stripped
    return stripped + "."


def _register(env: jinja2.Environment) -> None:
    import jinja2

    from integrakonzept.render import catalogue, locale
    from integrakonzept.render.languages import text_direction

    @jinja2.pass_context
    def gender(ctx: jinja2.runtime.Context, word: str, case: str = "nom") -> str:
        style = ctx.get("gender_style")
        if style is None:
            raise jinja2.UndefinedError("gender_style fehlt im Kontext der Vorlage")
        if word not in locale.GENDER_WORDS:
            raise jinja2.UndefinedError(
                f"„{word}“ ist kein bekanntes Wort für gendergerechte Schreibung "
                f"(bekannt: {', '.join(locale.GENDER_WORDS)})"
            )
        return locale.gendered(word, style, "dat" if case == "dat" else "nom")

    @jinja2.pass_context
    def t(ctx: jinja2.runtime.Context, key: str, **values: object) -> str:
        from markupsafe import Markup, escape

        lang = ctx.get("lang") or "de"
        try:
            if any(isinstance(v, Markup) for v in values.values()):
                # Marked-up values (a German text inside an Arabic sentence) stay markup;
                # the wording and plain values are escaped.
                return Markup(escape(catalogue.text(key, str(lang)))).format(**values)
            return catalogue.text(key, str(lang), **values)
        except KeyError as exc:
            raise jinja2.UndefinedError(str(exc.args[0])) from None

    def yaml_text(value: object) -> str:
        # JSON strings are valid double-quoted YAML scalars.
        return json.dumps(str(value), ensure_ascii=False)

    def phone(value: object) -> str:
        return str(getattr(value, "national", value))

    @jinja2.pass_eval_context
    def nobreak(eval_ctx: jinja2.nodes.EvalContext, value: object) -> str:
        """HTML: phone numbers, dates and "z. B." in a no-wrap span; other formats unchanged."""
        from markupsafe import Markup

        from integrakonzept.render.typography import nobreak_html

        text = str(value)
        if eval_ctx.autoescape:
            if isinstance(value, Markup):
                return value
            return Markup(nobreak_html(text))
        return text

    env.filters.update(
        day=locale.format_day,
        date_long=locale.format_date_long,
        date_full=locale.format_date_full,
        weekday=locale.format_weekday,
        partial=locale.format_partial,
        when=locale.format_when,
        time=locale.format_time,
        clock=locale.format_clock,
        number=locale.format_number,
        press_number=locale.round_for_press,
        join_and=locale.join,
        language=locale.language_name,
        gender=gender,
        quoted=quoted,
        capfirst=capfirst,
        sentence=sentence,
        phone=phone,
        nobreak=nobreak,
        yaml_text=yaml_text,
        direction=text_direction,
    )
    env.globals.update(t=t, time_range=locale.format_time_range, period=locale.format_period)
