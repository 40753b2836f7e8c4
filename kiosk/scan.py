"""What a USB barcode scanner typed, and how to tell it from a person at a keyboard.

The scanner is a USB HID keyboard: it "types" the QR code's text and presses Enter (the
factory default suffix; keep it). Common HID scanners send one character every 1-10 ms; a
person types 80 ms or more apart, and even fast typists rarely keep under 50 ms for several
keys in a row. The kiosk only sees the characters as the UI thread handles them, so one
frame's events arrive with almost no gap between them and a slow frame can stretch a gap.

The burst rule, used by :class:`ScanBuffer`:

* A pause longer than ``MAX_GAP`` (100 ms) starts a new burst: what came before it was typed,
  not scanned, and is forgotten.
* At Enter, the burst counts as a scan when it has at least ``MIN_LENGTH`` (7) characters, the
  median gap between them is at most ``MAX_MEDIAN_GAP`` (30 ms), and Enter came within
  ``MAX_GAP`` of the last character. The median (not the mean) lets a scan survive one slow
  frame, while a person typing digits quickly (50-150 ms apart) never gets near it.

Seven characters is the shortest text we scan (a request number without its dash); every
QR we print is far longer. :func:`classify` then says what the text is. Scanned text is
personal (tokens): never log it.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from kiosk.domain import MEMBER_CARD_PREFIX

MIN_LENGTH = 7
MAX_MEDIAN_GAP = 0.030  # seconds
MAX_GAP = 0.100  # seconds
MAX_BUFFER = 512  # characters; a stuck key cannot grow the buffer without end

FOLLOWUP_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # kiosk.domain.new_followup_token()
HEX_TOKEN = re.compile(r"[0-9a-f]{32}")  # secrets.token_hex(16): member and helper tokens
REQUEST_NUMBER = re.compile(r"[2-9]{3}-?[2-9]{4}")  # kiosk.domain.new_request_number()
REQUEST_PATH = re.compile(r"(?:.*/)?(?P<kind>[rh])/(?P<token>[^/]+)/?", re.IGNORECASE)


@dataclass(frozen=True)
class FollowUpScan:
    """A receipt's QR, ``{public_url}/r/<token>``: open that ask or offer."""

    token: str


@dataclass(frozen=True)
class HelperScan:
    """A helper slip's QR, ``{public_url}/h/<token>``: the volunteer reports back."""

    token: str


@dataclass(frozen=True)
class MemberCardScan:
    """A member card, ``BKLID-<32 hex>``: the token is checked by the central store."""

    token: str


@dataclass(frozen=True)
class NumberScan:
    """A request number such as ``482-7593`` (canonical form, with the dash)."""

    number: str


@dataclass(frozen=True)
class UnknownScan:
    """Something scanned that is none of ours (a product barcode, another site's QR)."""

    text: str


Scan = FollowUpScan | HelperScan | MemberCardScan | NumberScan | UnknownScan


def classify(text: str, public_url: str) -> Scan:
    """Say what a scanned text is. URLs are recognised for ``public_url`` and for any http(s)
    host whose path ends in ``/r/<token>`` or ``/h/<token>``: receipts printed while the
    kiosk was set up with another host name must keep working."""
    text = text.strip()
    if text[: len(MEMBER_CARD_PREFIX)].upper() == MEMBER_CARD_PREFIX:
        token = text[len(MEMBER_CARD_PREFIX) :].lower()  # hex: a scanner's Caps Lock is harmless
        return MemberCardScan(token) if HEX_TOKEN.fullmatch(token) else UnknownScan(text)
    link = _link(text, public_url)
    if link is not None:
        kind, token = link
        if kind == "r" and FOLLOWUP_TOKEN.fullmatch(token):
            return FollowUpScan(token)
        if kind == "h" and HEX_TOKEN.fullmatch(token.lower()):
            return HelperScan(token.lower())
        return UnknownScan(text)
    if REQUEST_NUMBER.fullmatch(text):
        return NumberScan(f"{text[:3]}-{text[-4:]}")
    return UnknownScan(text)


def _link(text: str, public_url: str) -> tuple[str, str] | None:
    base = public_url.strip().rstrip("/")
    if base and text.startswith(base + "/"):
        path = text[len(base) :]
    else:
        try:
            parts = urlsplit(text)
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return None
        path = parts.path
    path = path.split("?", 1)[0].split("#", 1)[0]
    match = REQUEST_PATH.fullmatch(path)
    if match is None:
        return None
    return match["kind"].lower(), match["token"]


class ScanBuffer:
    """Collects typed characters with their times and says, at Enter, whether they were a
    scanner's burst (see the module docstring for the rule). Times are seconds from a
    monotonic clock."""

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._times: list[float] = []

    def feed(self, text: str, at: float) -> None:
        """One or more characters that arrived at ``at``; control characters are ignored."""
        for char in text:
            if not char.isprintable():
                continue
            if self._times and at - self._times[-1] > MAX_GAP:
                self.reset()  # a pause: what came before was typed by hand
            self._chars.append(char)
            self._times.append(at)
        if len(self._chars) > MAX_BUFFER:
            del self._chars[:-MAX_BUFFER], self._times[:-MAX_BUFFER]

    def enter(self, at: float) -> str | None:
        """Enter was pressed: the burst's text if it was a scan, else None. Always empties the
        buffer, so the next scan starts clean."""
        chars, times = self._chars, self._times
        self.reset()
        if len(chars) < MIN_LENGTH or at - times[-1] > MAX_GAP:
            return None
        gaps = [later - earlier for earlier, later in pairwise(times)]
        if statistics.median(gaps) > MAX_MEDIAN_GAP:
            return None
        return "".join(chars)

    def reset(self) -> None:
        self._chars = []
        self._times = []
