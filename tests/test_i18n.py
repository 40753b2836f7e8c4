"""Every string the code marks for translation is in both catalogues, translated."""

import subprocess

from babel.messages.pofile import read_po

from kiosk import PROJECT_ROOT, i18n


def extracted() -> set[str]:
    pot = PROJECT_ROOT / ".pytest-extract.pot"
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


def test_every_marked_string_is_translated_in_both_languages():
    wanted = extracted()
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
