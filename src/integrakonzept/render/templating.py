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
import os
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from integrakonzept.errors import IkError, TemplateError

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
        bytecode_cache=_bytecode_cache(),
    )
    _register(env)
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in ``$XDG_CACHE_HOME/integrakonzept/vorlagen`` (default
    ``~/.cache``): each run would otherwise compile every template it uses again. Jinja
    checks each entry against the template's source, so an edited template is compiled
    anew; ``IK_NO_CACHE=1`` or a folder that cannot be written means no cache."""
    import jinja2

    if os.environ.get("IK_NO_CACHE"):
        return None
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "integrakonzept" / "vorlagen"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or one that cannot be written
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def render_template(name: str, context: Mapping[str, Any], templates: Path | None = None) -> str:
    """Render template ``name`` with ``context``; template problems become :class:`TemplateError`.

    The context must hold ``lang`` (for ``t``) and ``gender_style`` (for ``gender``)
    when the template uses them. Errors name the file and the line, in German; they never
    quote a value of the context (it may hold personal data), only names.
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
            f"Die Vorlage {exc.filename or name} hat in Zeile {exc.lineno} einen Fehler: "
            f"{german_jinja_message(exc.message or '')}",
            "Vergleichen Sie Ihre Vorlage mit der eingebauten (siehe templates/README.md).",
        ) from None
    where = template.filename or name
    try:
        return template.render(dict(context))
    except jinja2.UndefinedError as exc:
        line = _template_line(exc, template.filename)
        at = f" in Zeile {line}" if line else ""
        message = german_jinja_message(exc.message or "")
        named = re.match(r"„([^“]*)“", message)
        if named and named[1] not in _source(env, name):
            # a key computed from a value (``mapping[person]``): the value is not repeated
            message = "ein Schlüssel, den es nicht gibt"
        raise TemplateError(
            f"Die Vorlage {where} verwendet{at} einen unbekannten Wert: {message}",
            "Eigene Vorlagen können nur die Werte verwenden, die auch die eingebaute Vorlage "
            f"nutzt; hier sind das: {', '.join(sorted(context))}.",
        ) from None
    except IkError:
        raise
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # The message of such an error may quote a value (a name, an e-mail address):
        # only its kind is said.
        line = _template_line(exc, template.filename)
        at = f" (Zeile {line})" if line else ""
        raise TemplateError(
            f"Die Vorlage {where} kann nicht gefüllt werden{at}: {_ERROR_KINDS.get(type(exc).__name__, 'ein Ausdruck passt nicht zu den Werten')}.",
            "Vergleichen Sie die Zeile mit der eingebauten Vorlage (siehe templates/README.md).",
        ) from None


_ERROR_KINDS = {
    "ZeroDivisionError": "Division durch null",
    "TypeError": "ein Wert hat nicht die Art, die der Ausdruck braucht (etwa Text statt Zahl)",
    "ValueError": "ein Wert lässt sich nicht umwandeln",
    "KeyError": "einen Schlüssel gibt es nicht",
    "IndexError": "eine Liste ist kürzer als angenommen",
    "SecurityError": "ein nicht erlaubter Zugriff",
}


def _source(env: jinja2.Environment, name: str) -> str:
    """The text of template ``name`` (to tell names written in it from values)."""
    try:
        return env.loader.get_source(env, name)[0] if env.loader is not None else ""
    except Exception:  # noqa: BLE001 - only used to decide what an error message may quote
        return ""


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The line of the template where ``exc`` happened (Jinja puts the template's file and
    line into the traceback), innermost first."""
    if filename is None:
        return None
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _quoted_names(text: str) -> str:
    return "“, „".join(re.findall(r"'([^']*)'", text))


_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "Ende der Vorlage",
    "name": "Name",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}


def _token(value: str) -> str:
    return f"„{_TOKENS.get(value, value)}“"


def german_jinja_message(message: str) -> str:
    """Jinja's English message in German, e.g. ``'x' is undefined`` → „x“ ist nicht bekannt.

    Unknown wordings are kept as they are (Jinja names only template text, never a value).
    """
    first = message.split(". Jinja was looking for", 1)[0].rstrip(".")
    wanted = re.search(r"looking for the following tags: (.*?)\. The innermost block", message)
    block = re.search(r"innermost block that needs to be closed is '([^']*)'", message)
    needed = ""
    if wanted:
        needed = f"; erwartet: „{_quoted_names(wanted.group(1)).replace('“, „', '“ oder „')}“"
    if block:
        needed += f" (offen ist der Block „{block.group(1)}“)"
    rules: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        (r"^'([^']*)' is undefined$", lambda m: f"„{m[1]}“ ist nicht bekannt"),
        (
            r"^'([^']*) object' has no attribute '([^']*)'$",
            lambda m: f"„{m[2]}“ gibt es hier nicht (bei einem Wert der Art „{m[1]}“)",
        ),
        (
            r"^'([^']*)' has no attribute '([^']*)'$",
            lambda m: f"„{m[2]}“ gibt es bei „{m[1]}“ nicht",
        ),
        (
            r"^'?[\w.]+ object'? has no element (\d+)$",
            lambda m: f"eine Liste ist kürzer als angenommen (kein Element Nr. {m[1]})",
        ),
        (r"^unexpected '([^']*)'$", lambda m: f"unerwartetes „{m[1]}“"),
        (r"^unexpected char '([^']*)'.*$", lambda m: f"unerwartetes Zeichen „{m[1]}“"),
        (r"^Encountered unknown tag '([^']*)'$", lambda m: f"unbekannter Befehl „{m[1]}“"),
        (
            r"^Unexpected end of template$",
            lambda m: "die Vorlage endet, bevor ein Block geschlossen ist",
        ),
        (
            r"^unexpected end of template, expected '([^']*)'$",
            lambda m: f"die Vorlage endet zu früh, erwartet: {_token(m[1])}",
        ),
        (r"^No filter named '([^']*)'$", lambda m: f"den Filter „{m[1]}“ gibt es nicht"),
        (r"^No test named '([^']*)'$", lambda m: f"den Test „{m[1]}“ gibt es nicht"),
        (
            r"^expected token '([^']*)', got '([^']*)'$",
            lambda m: f"erwartet: {_token(m[1])}, gefunden: {_token(m[2])}",
        ),
        (
            r"^Expected an expression, got '([^']*)'$",
            lambda m: f"hier fehlt ein Ausdruck (gefunden: {_token(m[1])})",
        ),
        (
            r"^missing end of comment tag$",
            lambda m: "ein Kommentar „{#“ wird nicht mit „#}“ geschlossen",
        ),
        (
            r"^unexpected end of string$|^unterminated string$",
            lambda m: "ein Text in Anführungszeichen wird nicht geschlossen",
        ),
    ]
    for pattern, german in rules:
        match = re.match(pattern, first)
        if match:
            return german(match) + needed
    return message


# --- filters and globals ----------------------------------------------------------------


def quoted(value: object) -> str:
    """„value“ with German quotation marks (inner ones become ‚…‘)."""
    from integrakonzept.render.typography import quoted as german_quoted

    return german_quoted(value)


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
