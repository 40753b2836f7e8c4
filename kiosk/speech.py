"""Reading a screen aloud with an offline speech synthesiser (espeak-ng), never blocking.

The synthesiser runs as a child process; starting one takes a millisecond, the speaking happens
in that process. A new text or a tap stops the previous one.
"""

from __future__ import annotations

import shutil
import subprocess

VOICES = {"nl": "nl", "en": "en-gb"}


class Speaker:
    def __init__(self, command: str | None = None) -> None:
        self.command = command or shutil.which("espeak-ng") or shutil.which("espeak")
        self._process: subprocess.Popen[bytes] | None = None
        self.last_text = ""

    @property
    def available(self) -> bool:
        return self.command is not None

    def say(self, text: str, lang: str) -> bool:
        """Start speaking ``text``; False when there is no synthesiser on this machine."""
        self.stop()
        self.last_text = text
        if self.command is None:
            return False
        self._process = subprocess.Popen(
            [self.command, "-v", VOICES.get(lang, "nl"), "-s", "140", "--", text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return True

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None
