"""Translations through gettext, catalogues in ``assets/locale/<lang>/LC_MESSAGES/buurtkiosk.po``.

Message ids are English; Dutch is the default language. The ``.po`` files are compiled in
memory with Babel at first use, so a fresh checkout needs no build step and the catalogues in git
are the only source of truth.

``_`` translates in the *current* language, which the kiosk switches at run time (language
button, idle reset). ``N_`` only marks a string for extraction; translate it where it is shown.
"""

from __future__ import annotations

import gettext
import io
import threading
from collections.abc import Callable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk import ASSETS

DOMAIN = "buurtkiosk"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = ASSETS / "locale"

_lock = threading.Lock()
_catalogues: dict[str, gettext.GNUTranslations] = {}
_current = DEFAULT_LANGUAGE
# Messages asked for that no catalogue has (a string built at run time, or one the extractor
# could not see, such as a call inside an f-string); the UI tests fail when this fills up.
MISSING: set[tuple[str, str]] = set()


def _lookup(lang: str, message: str) -> str:
    catalogue = translations(lang)
    if message and message not in catalogue._catalog:  # type: ignore[attr-defined]
        MISSING.add((lang, message))
    return catalogue.gettext(message)


def po_path(lang: str) -> str:
    return str(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po")


def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue for ``lang`` (cached)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    with _lock:
        found = _catalogues.get(lang)
        if found is None:
            with open(po_path(lang), "rb") as po:
                catalogue = read_po(po, locale=lang, domain=DOMAIN)
            buffer = io.BytesIO()
            write_mo(buffer, catalogue)
            buffer.seek(0)
            found = gettext.GNUTranslations(buffer)
            _catalogues[lang] = found
        return found


def set_language(lang: str) -> None:
    global _current
    translations(lang)  # fail early on an unknown language
    _current = lang


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _lookup(_current, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def translator(lang: str) -> Callable[[str], str]:
    """A ``_`` bound to one language, for output that must not follow a later switch."""
    translations(lang)
    return lambda message: _lookup(lang, message)


def N_(message: str) -> str:
    return message
