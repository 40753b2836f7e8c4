"""Reading a screen aloud with an offline speech synthesiser (espeak-ng), never blocking.

The synthesiser runs as a child process; starting one takes a millisecond, the speaking happens
in that process. A new text or a tap stops the previous one. With ``out_dir`` (or the
environment variable BUURTKIOSK_SPEECH_DIR) it writes each text to a WAV file there instead of
playing it: for tests, and for checking what a kiosk without loudspeakers would have said.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

VOICES = {"nl": "nl", "en": "en-gb"}
WORDS_PER_MINUTE = 140  # a little slower than espeak-ng's 175: older listeners


class Speaker:
    def __init__(self, command: str | None = None, out_dir: str | Path | None = None) -> None:
        self.command = command or shutil.which("espeak-ng") or shutil.which("espeak")
        folder = out_dir or os.environ.get("BUURTKIOSK_SPEECH_DIR")
        self.out_dir = Path(folder) if folder else None
        self._process: subprocess.Popen[bytes] | None = None
        self.last_text = ""
        self.last_args: list[str] = []
        self.spoken = 0

    @property
    def available(self) -> bool:
        return self.command is not None

    def say(self, text: str, lang: str) -> bool:
        """Start speaking ``text``; False when there is no synthesiser on this machine."""
        self.stop()
        self.last_text = text
        if self.command is None:
            return False
        args = [self.command, "-v", VOICES.get(lang, "nl"), "-s", str(WORDS_PER_MINUTE)]
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.spoken += 1
            args += ["-w", str(self.out_dir / f"speech-{self.spoken:04d}.wav")]
        self.last_args = [*args, "--", text]
        self._process = subprocess.Popen(
            self.last_args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return True

    def stop(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=5)

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def last_process(self) -> subprocess.Popen[bytes] | None:
        return self._process
