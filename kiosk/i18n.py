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


# C escapes as Babel reads them; a backslash or a quote after a backslash stands for itself
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE = re.compile(r'\\([\\abfnrtv"])')
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL_FORM = re.compile(r"msgstr\[\d+\]")


def _unquote(quoted: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1], m[1]), quoted[1:-1])


class _PoReader:
    """Babel's way of reading a .po file, line by line: a comment or a ``msgid``/``msgctxt``
    ends the message before it; ``#~`` lines are obsolete messages, read and dropped; a
    message seen twice keeps its first translation and gathers the flags of both; a plural
    message has as many forms as the header's ``nplurals`` (2 until a header says)."""

    def __init__(self) -> None:
        self.messages: dict[tuple[str | None, str], tuple[list[str], list[str], set[str]]] = {}
        self.header: str | None = None
        self.nplurals = 2
        self._start()

    def _start(self) -> None:
        self.ids: list[str] = []
        self.strings: list[tuple[int, str]] = []
        self.context: str | None = None
        self.flags: set[str] = set()
        self.obsolete = False
        self.field = ""  # which string a continuation line ("…") goes on

    def line(self, line: str) -> None:
        if line.startswith("#~"):
            self._message_line(line[2:].lstrip(), obsolete=True)
        elif line.startswith("#"):
            self.finish()
            if line.startswith("#,"):
                self.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line:
            self._message_line(line, obsolete=False)

    def _message_line(self, line: str, obsolete: bool) -> None:
        if not line:
            return
        if line.startswith('"'):
            if self.field == "msgid":
                self.ids[-1] += _unquote(line)
            elif self.field == "msgstr":
                index, string = self.strings[-1]
                self.strings[-1] = (index, string + _unquote(line))
            elif self.field == "msgctxt" and self.context is not None:
                self.context += _unquote(line)
            return
        keyword, _space, quoted = line.partition(" ")
        quoted = quoted.strip()
        if keyword in ("msgid", "msgctxt"):
            self.finish()
        self.obsolete = obsolete
        if keyword in ("msgid", "msgid_plural"):
            self.ids.append(_unquote(quoted))
            self.field = "msgid"
        elif keyword == "msgctxt":
            self.context = _unquote(quoted)
            self.field = "msgctxt"
        elif keyword == "msgstr" or _PLURAL_FORM.fullmatch(keyword):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            self.strings.append((index, _unquote(quoted)))
            self.field = "msgstr"

    def finish(self) -> None:
        """Keep the message read so far, if there is one, and start the next."""
        if not self.ids:
            return
        if not self.strings:
            self.strings.append((0, ""))  # a msgid without msgstr: untranslated
        if len(self.ids) > 1:
            strings = [""] * self.nplurals
            for index, string in sorted(self.strings):
                if index < self.nplurals:
                    strings[index] = string
        else:
            strings = [self.strings[0][1]]
        msgid, key = self.ids[0], (self.context, self.ids[0])
        if self.obsolete:  # read only to know where the next message begins
            self._start()
            return
        if msgid == "" and len(self.ids) == 1:
            self.header = strings[0]
            plurals = _NPLURALS.search(strings[0])
            self.nplurals = int(plurals[1]) if plurals else self.nplurals
        elif key in self.messages:
            ids, kept, flags = self.messages[key]
            if len(self.ids) > 1 and len(ids) == 1:  # the second adds plural forms
                ids, kept = self.ids, strings
            self.messages[key] = (ids, kept, flags | self.flags)
        else:
            self.messages[key] = (self.ids, strings, self.flags)
        self._start()

    def translations(self) -> dict[str, str]:
        found = {"": self.header} if self.header is not None else {}
        for (context, msgid), (ids, strings, flags) in self.messages.items():
            if "fuzzy" in flags:
                continue
            key = f"{context}\x04{msgid}" if context else msgid
            if len(ids) > 1:
                forms = (s or ids[min(i, 1)] for i, s in enumerate(strings))
                found[f"{key}\x00{ids[1]}"] = "\x00".join(forms)
            elif strings[0]:
                found[key] = strings[0]
        return found


def read_po(text: str) -> dict[str, str]:
    """A .po file's messages as gettext keeps them: ``msgid`` (with ``context\\x04`` before
    it, plural forms joined by NUL) → translation. Fuzzy and untranslated messages are left
    out (an untranslated plural form falls back to the English), the header (``msgid ""``)
    is kept: what Babel's ``read_po`` + ``write_mo`` give."""
    reader = _PoReader()
    for line in text.split("\n"):  # not splitlines(): U+2028 and the like may be in a text
        reader.line(line.strip())
    reader.finish()
    return reader.translations()


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
