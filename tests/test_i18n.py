"""Every string the code marks for translation is in both catalogues, translated."""

import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

from kiosk import PROJECT_ROOT, i18n


def extracted(folder: Path) -> set[str]:
    """The strings the extractor finds, written to ``folder`` (not the project: two test runs
    at once would remove each other's file)."""
    pot = folder / "extract.pot"
    try:
        subprocess.run(
            [
                str(PROJECT_ROOT / ".venv" / "bin" / "pybabel"),
                "extract",
                "-F",
                "babel.cfg",
                "-k",
                "_",
                "-k",
                "N_",
                "-k",
                "tr",
                "--no-location",
                "-o",
                str(pot),
                "kiosk",
                "screens",
            ],
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
        with open(pot, "rb") as handle:
            return {m.id for m in read_po(handle) if m.id}
    finally:
        pot.unlink(missing_ok=True)


def test_every_marked_string_is_translated_in_both_languages(tmp_path: Path):
    wanted = extracted(tmp_path)
    assert len(wanted) > 80
    for lang in i18n.LANGUAGES:
        with open(i18n.po_path(lang), "rb") as handle:
            catalogue = {m.id: m.string for m in read_po(handle) if m.id}
        missing = sorted(wanted - set(catalogue))
        empty = sorted(msg for msg in wanted & set(catalogue) if not catalogue[msg])
        assert missing == [], f"{lang}: not in the catalogue: {missing}"
        assert empty == [], f"{lang}: not translated: {empty}"


def test_dutch_is_the_default_and_english_the_second():
    assert i18n.DEFAULT_LANGUAGE == "nl"
    assert i18n.translator("nl")("Back") == "Terug"
    assert i18n.translator("en")("Back") == "Back"


def test_literal_calls_the_extractor_may_miss_are_translated_too():
    """``tr('…')`` inside an f-string is invisible to the extractor; find such calls by text.

    The same search covers the central store's Jinja2 templates, which call ``tr("…")`` too."""
    import re

    call = re.compile(r"""\b(?:_|N_|tr|translate)\(\s*(["'])((?:(?!\1).)+)\1\s*\)""")
    with open(i18n.po_path("nl"), "rb") as handle:
        dutch = {m.id: m.string for m in read_po(handle) if m.id}
    missing = []
    for folder in ("kiosk", "screens"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".kv", ".html"):
                continue
            for match in call.finditer(path.read_text(encoding="utf-8")):
                text = match.group(2)
                if not dutch.get(text):
                    missing.append(f"{path.relative_to(PROJECT_ROOT)}: {text!r}")
    assert missing == []


TRICKY_PO = r"""# A header Babel writes, marked fuzzy
#, fuzzy
msgid ""
msgstr ""
"Language: nl\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

#: screens/x.py:1
msgid "Plain"
msgstr "Gewoon"

msgid ""
"Two "
"lines \"quoted\"\n"
msgstr ""
"Twee "
"regels \"aangehaald\"\n"

#, fuzzy, python-format
msgid "Guessed %s"
msgstr "Gegokt %s"

msgid "Not yet"
msgstr ""

msgctxt "button"
msgid "Open"
msgstr "Openen"

msgid "{n} request"
msgid_plural "{n} requests"
msgstr[0] "{n} verzoek"
msgstr[1] "{n} verzoeken"

msgid "{n} day"
msgid_plural "{n} days"
msgstr[0] ""
msgstr[1] ""

#~ msgid "Gone"
#~ msgstr "Weg"
"""


def babel_catalogue(text: str, lang: str):
    import gettext
    import io

    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.StringIO(text), locale=lang, domain=i18n.DOMAIN))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def own_catalogue(text: str):
    import gettext
    import io

    return gettext.GNUTranslations(io.BytesIO(i18n.mo_bytes(i18n.read_po(text))))


def test_the_catalogues_read_without_babel_are_babels():
    """The kiosk reads its .po files itself (Babel cost ~60 ms before the first frame)."""
    for lang in i18n.LANGUAGES:
        text = (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").read_text("utf-8")
        ours, babels = own_catalogue(text), babel_catalogue(text, lang)
        assert len(ours._catalog) > 200
        assert ours._catalog == babels._catalog
    ours, babels = own_catalogue(TRICKY_PO), babel_catalogue(TRICKY_PO, "nl")
    del ours._catalog[""], babels._catalog[""]  # Babel writes a header of its own making
    assert ours._catalog == babels._catalog
    assert [ours.plural(n) for n in range(3)] == [babels.plural(n) for n in range(3)] == [1, 0, 1]
    assert ours.gettext('Two lines "quoted"\n') == 'Twee regels "aangehaald"\n'
    assert (
        ours.pgettext("button", "Open") == "Openen" and ours.gettext("Guessed %s") == "Guessed %s"
    )
    assert ours.ngettext("{n} request", "{n} requests", 2) == "{n} verzoeken"
    assert ours.gettext("Gone") == "Gone" and ours.gettext("Not yet") == "Not yet"


# What Babel makes of catalogues that a merge or a hand edit can leave behind: a message twice
# (the first translation counts, a fuzzy flag on either counts), a plural with fewer or more
# forms than the header's nplurals, a message ended by a comment before its msgstr, the
# flags of an obsolete message, C escapes and a line separator inside a text.
ODD_PO = r"""msgid ""
msgstr ""
"Language: nl\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "Twice"
msgstr "Eerste"

msgid "Twice"
msgstr "Tweede"

msgid "Fuzzy the second time"
msgstr "Vaag"

#, fuzzy
msgid "Fuzzy the second time"
msgstr "Vager"

msgid "{n} hour"
msgid_plural "{n} hours"
msgstr[0] "{n} uur"

msgid "{n} week"
msgid_plural "{n} weeks"
msgstr[0] "{n} week"
msgstr[1] "{n} weken"
msgstr[2] "{n} weekjes"

msgid "Cut short"
# a remark where its msgstr should be
msgid "Next"
msgstr "Volgende"

#, fuzzy
#~ msgid "Old"
#~ msgstr "Oud"
#: screens/x.py:2
msgid "After the old one"
msgstr "Na de oude"

msgid "Bell"
msgstr "Bel\a\b\f\v"

msgid "Lines"
msgstr "Een RÈGEL"
""".replace("RÈGEL", "regel\u2028twee")


def test_odd_catalogues_read_without_babel_are_babels():
    ours, babels = own_catalogue(ODD_PO), babel_catalogue(ODD_PO, "nl")
    del ours._catalog[""], babels._catalog[""]
    assert ours._catalog == babels._catalog
    assert ours.gettext("Twice") == "Eerste" and ours.gettext("Next") == "Volgende"
    assert ours.gettext("Fuzzy the second time") == "Fuzzy the second time"
    assert ours.ngettext("{n} hour", "{n} hours", 2) == "{n} hours"
    assert ours.gettext("After the old one") == "Na de oude"
    assert ours.gettext("Lines") == "Een regel\u2028twee"
