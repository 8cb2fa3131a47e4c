"""The language a browser reads the workbench in: Chinese unless it chose English with the header's switch.

One catalog for everything a person reads: Flask-Babel gives the Jinja templates ``_()`` over kg's own
gettext catalog (``src/kg/locale``, domain ``kg``), and the same request sets :mod:`kg.i18n`'s language,
so the Python messages a page shows (refusals, the status functions' words) follow the same choice.
The choice is a cookie (``kg_lang``), so it is remembered per browser, signed in or not; anything but
``zh``/``en`` in it is ignored. The app's default is the language in force when it started
(``kg --lang`` / ``KG_LANG``), else Chinese.
"""
from __future__ import annotations

from flask import current_app, g, redirect, request, url_for

from ..i18n import (DOMAIN, LANGUAGES, LOCALE_DIR, format_date, format_month, join_names, language, name_separator,
                    parse_language, reset_language, set_language)
from .page_parts import local_target

__all__ = ["register", "chosen", "COOKIE"]

COOKIE = "kg_lang"
#: A year: the choice is a preference, not a session.
MAX_AGE = 365 * 24 * 3600


def chosen() -> str:
    """This request's language: the browser's cookie when it is ``zh`` or ``en``, else the app's default."""
    picked = parse_language(request.cookies.get(COOKIE))
    return picked if picked in LANGUAGES else current_app.config["KG_LANG"]


def register(app) -> None:
    from flask_babel import Babel

    app.config["KG_LANG"] = language()  # the CLI's --lang / KG_LANG when the app was started
    Babel(app, locale_selector=chosen, default_locale=app.config["KG_LANG"], default_domain=DOMAIN,
          default_translation_directories=str(LOCALE_DIR))
    app.jinja_env.filters.update(date=format_date, month=format_month, names=join_names)  # names: 、 or ,
    app.jinja_env.globals.update(name_separator=name_separator)

    @app.before_request
    def speak():
        g.kg_language = set_language(chosen())  # kg.i18n's messages in the same language as the page around them

    @app.teardown_request
    def hush(_error=None):
        if (token := g.pop("kg_language", None)) is not None:
            reset_language(token)  # the request's language ends with it (a test client shares the caller's context)

    @app.context_processor
    def languages():
        return {"lang": chosen(), "LANGUAGES": LANGUAGES}

    @app.get("/lang/<code>")
    def switch_language(code: str):
        """Remember ``code`` in this browser and go back to the page the switch was clicked on."""
        response = redirect(local_target(request.args.get("next"), url_for("home")))
        if code in LANGUAGES:
            response.set_cookie(COOKIE, code, max_age=MAX_AGE, httponly=True, samesite="Lax")
        return response
