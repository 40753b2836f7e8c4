"""Translations through gettext, catalogues in ``assets/locale/<lang>/LC_MESSAGES/buurtkiosk.po``.

Message ids are English; Dutch is the default language. The ``.po`` files are compiled in
memory at first use, so a fresh checkout needs no build step and the catalogues in git are the
only source of truth. They are read here, not with Babel: importing Babel and parsing with it
cost the kiosk ~60 ms before its first frame (tests check that both read the same).

``_`` translates in the *current* language, which the kiosk switches at run time (language
button, idle reset). ``N_`` only marks a string for extraction; translate it where it is shown.
"""

from __future__ import annotations

import gettext
import io
import re
import struct
import threading
from collections.abc import Callable

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
            with open(po_path(lang), encoding="utf-8") as po:
                messages = read_po(po.read())
            found = gettext.GNUTranslations(io.BytesIO(mo_bytes(messages)))
            _catalogues[lang] = found
        return found


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], "\\" + m[1]), quoted[1:-1])


def read_po(text: str) -> dict[str, str]:
    """A .po file's messages as gettext keeps them: ``msgid`` (with ``context\\x04`` before
    it, plural forms joined by NUL) → translation. Fuzzy and untranslated messages are left
    out (an untranslated plural form falls back to the English), the header (``msgid ""``)
    is kept: what Babel's ``read_po`` + ``write_mo`` give."""
    messages: dict[str, str] = {}
    fields: dict[str, str] = {}
    fuzzy = False
    last = ""

    def finish() -> None:
        if "msgid" not in fields:
            return
        key = fields["msgid"]
        if "msgctxt" in fields:
            key = f"{fields['msgctxt']}\x04{key}"
        if "msgid_plural" in fields:
            forms = sorted(
                (f for f in fields if f.startswith("msgstr[")), key=lambda f: int(f[7:-1])
            )
            strings = [fields[f] for f in forms]
            ids = (fields["msgid"], fields["msgid_plural"])
            key = f"{key}\x00{fields['msgid_plural']}"
            value = "\x00".join(s or ids[min(i, 1)] for i, s in enumerate(strings))
        else:
            value = fields.get("msgstr", "")
        if key and (fuzzy or not value):
            return
        messages[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        # a comment, or msgctxt/msgid, after a translation: the next message begins
        if line.startswith(("#", "msgctxt ", "msgid ")) and last.startswith("msgstr"):
            finish()
            fields, fuzzy = {}, False
        if line.startswith("#"):  # remarks, references, flags, obsolete messages (#~)
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
            last = "#"
            continue
        found = _FIELD.match(line)
        if found:
            fields[found[1]] = _unquote(found[2])
            last = found[1]
        elif line.startswith('"') and last in fields:
            fields[last] += _unquote(line)
    finish()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """``messages`` as a GNU .mo file (the format gettext reads; see Python's msgfmt.py)."""
    keys = sorted(messages)
    ids, strings, table = b"", b"", []
    for key in keys:
        key_bytes, value_bytes = key.encode(), messages[key].encode()
        table.append((len(ids), len(key_bytes), len(strings), len(value_bytes)))
        ids += key_bytes + b"\0"
        strings += value_bytes + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets, value_offsets = [], []
    for id_at, id_len, string_at, string_len in table:
        key_offsets += [id_len, id_at + key_start]
        value_offsets += [string_len, string_at + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    offsets = struct.pack(f"{len(key_offsets) + len(value_offsets)}i", *key_offsets, *value_offsets)
    return header + offsets + ids + strings


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
