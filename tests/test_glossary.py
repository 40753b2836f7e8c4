"""One word per thing: no catalogue text uses a word the glossary refuses."""

from __future__ import annotations

import fnmatch
import re
import tomllib

from babel.messages.pofile import read_po

from kiosk import ASSETS, i18n

GLOSSARY = ASSETS / "locale" / "glossary.toml"
PLACEHOLDER = re.compile(r"\{[^}]*\}")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def glossary() -> list[dict]:
    return tomllib.loads(GLOSSARY.read_text(encoding="utf-8"))["term"]


def refused_words(lang: str) -> list[tuple[str, str]]:
    """(pattern, the word to say instead) for every refused word in ``lang``."""
    return [
        (pattern.lower(), term[lang]["say"])
        for term in glossary()
        if lang in term
        for pattern in term[lang].get("refused", [])
    ]


def words(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(PLACEHOLDER.sub(" ", text))]


def refusals(text: str, lang: str) -> list[str]:
    return [
        f"{word!r} (say {say!r})"
        for word in words(text)
        for pattern, say in refused_words(lang)
        if fnmatch.fnmatchcase(word, pattern)
    ]


def test_the_glossary_names_a_word_for_each_thing_in_both_languages():
    terms = glossary()
    assert len(terms) >= 8
    for term in terms:
        for lang in i18n.LANGUAGES:
            assert term[lang]["say"], term["thing"]
            assert not refusals(term[lang]["say"], lang), term["thing"]


def test_the_matching_is_whole_words_and_ignores_case_and_placeholders():
    assert refusals("Open Verzoeken", "nl") == ["'verzoeken' (say 'vraag')"]
    assert refusals("Stoppen", "nl") == ["'stoppen' (say 'naar het begin')"]
    assert refusals("de voorzorgcirkel", "nl") != []
    assert refusals("Uw buurtkring {circle} helpt", "nl") == []
    assert refusals("Boodschappen bezorgen", "nl") == []
    assert refusals("Stop my request", "en") != []


def test_no_catalogue_text_uses_a_refused_word():
    found = []
    for lang in i18n.LANGUAGES:
        with open(i18n.po_path(lang), "rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id:
                continue
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in texts:
                for refusal in refusals(text or "", lang):
                    found.append(f"{lang}: {message.id!r} → {text!r}: {refusal}")
    assert found == []
