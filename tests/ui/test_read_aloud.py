"""'Lees voor' speaks the screen with espeak-ng (to WAV files here), never blocks, stops on a tap."""

from __future__ import annotations

import os
import shutil
import wave

import pytest

from kiosk.speech import Speaker
from tests.ui.steps import drive, on, press

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and os.environ.get("CI") != "true",
    reason="espeak-ng is not installed (make test installs it as root)",
)


def seconds(path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


@needs_espeak
def test_read_aloud_speaks_question_and_choices_in_dutch_then_english(make_app, tmp_path):
    app = make_app()
    app.services.speaker = Speaker(out_dir=tmp_path)
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "ask")
        yield from on(app, "ask_what")
        # every notice shown, as it is set: a short text may be spoken and its notice gone
        # before the tap's last frame on a machine under load (the watch runs on wall time)
        notices = seen["notices"] = []
        app.bind(notice=lambda _app, text: notices.append(text))
        yield from press(app, "read")
        seen["text_nl"] = app.services.speaker.last_text
        seen["voice_nl"] = app.services.speaker.last_args[2]
        yield lambda: not app.services.speaker.speaking
        yield 5
        seen["notice_after"] = app.notice
        app.set_language("en")
        yield 2
        yield from press(app, "read")
        seen["text_en"] = app.services.speaker.last_text
        seen["voice_en"] = app.services.speaker.last_args[2]
        yield lambda: not app.services.speaker.speaking

    drive(app, script)
    assert seen["notices"][:1] == ["Ik lees voor…"] and seen["notice_after"] == ""
    assert seen["text_nl"].startswith("Waarmee wilt u hulp?. Boodschappen. Hond uitlaten.")
    assert seen["voice_nl"] == "nl" and seen["voice_en"] == "en-gb"
    assert seen["text_en"].startswith("What do you need help with?. Groceries.")
    wavs = sorted(tmp_path.glob("speech-*.wav"))
    assert len(wavs) == 2 and all(seconds(w) > 1.0 for w in wavs)


@needs_espeak
def test_a_tap_stops_the_reading(make_app, tmp_path):
    app = make_app()
    app.services.speaker = Speaker(out_dir=tmp_path)
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "ask")
        yield from on(app, "ask_what")
        app.reader.read(" ".join(["Dit is een heel lange tekst om voor te lezen."] * 400))
        process = app.services.speaker.last_process
        yield 1
        seen["speaking"] = app.services.speaker.speaking
        yield from press(app, "groceries")
        seen["returncode"] = process.wait(timeout=10)
        seen["screen"] = app.root.current

    drive(app, script)
    assert seen["speaking"] is True
    assert seen["returncode"] != 0  # terminated by the tap, not finished
    assert seen["screen"] == "ask_when"


def test_no_synthesiser_says_so_on_screen(make_app):
    app = make_app()
    app.services.speaker = Speaker(command="/nonexistent/espeak-ng")
    app.services.speaker.command = None
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "read")
        yield 2
        seen["error"] = app.root.current_screen.error

    drive(app, script)
    assert seen["error"] == "Voorlezen werkt niet op deze kiosk. Vraag iemand om hulp."
