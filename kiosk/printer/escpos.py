"""The few ESC/POS commands a receipt needs, as bytes, and text in the printer's code page.

Hand-written rather than python-escpos: a receipt needs about a dozen commands, and the library
sets no write timeout, reads an empty status reply as "paper OK", cannot centre a native QR and
switches code tables in the middle of a word. The emulator's parser (:mod:`kiosk.printer.parse`)
reads exactly these bytes back.
"""

from __future__ import annotations

import unicodedata

import qrcode
import qrcode.constants

ESC = b"\x1b"
GS = b"\x1d"
DLE = b"\x10"

INIT = ESC + b"@"
LF = b"\n"

# ESC t n: the code page. PC858 is PC850 with the euro sign (0xD5); Epson numbers it 19.
CODEPAGE_PC858 = 19
PYTHON_CODEC = {0: "cp437", 2: "cp850", 16: "cp1252", 19: "cp858"}

ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT = 0, 1, 2

# QR error correction as GS ( k fn 69 wants it: L, M, Q, H = 48..51.
QR_EC_M = 49
QR_EC_CODES = {48: "L", 49: "M", 50: "Q", 51: "H"}
_QRCODE_EC = {
    48: qrcode.constants.ERROR_CORRECT_L,
    49: qrcode.constants.ERROR_CORRECT_M,
    50: qrcode.constants.ERROR_CORRECT_Q,
    51: qrcode.constants.ERROR_CORRECT_H,
}


def select_codepage(page: int = CODEPAGE_PC858) -> bytes:
    return ESC + b"t" + bytes([page])


def align(where: int) -> bytes:
    return ESC + b"a" + bytes([where])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def size(width: int = 1, height: int = 1) -> bytes:
    """GS ! : character magnification, 1..8 in each direction."""
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([lines])


def feed_dots(dots: int) -> bytes:
    """ESC J n: print what is buffered and feed n dots (1/203 inch on most printers)."""
    return ESC + b"J" + bytes([min(255, dots)])


def cut() -> bytes:
    """GS V 66 n: feed to the cutter (plus n dots) and cut partially, leaving a tab to tear."""
    return GS + b"VB" + bytes([3])


def status_query(n: int) -> bytes:
    """DLE EOT n: answered at once by the printer, even when it is offline."""
    return DLE + b"\x04" + bytes([n])


def _gs_k(fn: int, payload: bytes) -> bytes:
    length = len(payload) + 2
    return GS + b"(k" + bytes([length & 0xFF, length >> 8, 0x31, fn]) + payload


def native_qr(data: str, module: int, ec: int = QR_EC_M) -> bytes:
    """GS ( k: model 2, module size in dots, error correction, store the data, print it."""
    payload = data.encode("ascii", errors="replace")
    return (
        _gs_k(65, b"\x32\x00")
        + _gs_k(67, bytes([module]))
        + _gs_k(69, bytes([ec]))
        + _gs_k(80, b"\x30" + payload)
        + _gs_k(81, b"\x30")
    )


def qr_matrix(data: str, ec: int = QR_EC_M) -> list[list[bool]]:
    """The QR modules (True = dark), without a quiet zone: the paper around it is white."""
    code = qrcode.QRCode(error_correction=_QRCODE_EC[ec], border=0, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return [list(map(bool, row)) for row in code.get_matrix()]


def raster_qr(data: str, module: int, ec: int = QR_EC_M) -> bytes:
    """GS v 0: the QR as a 1-bit image, ``module`` dots per module, MSB first, 1 = black."""
    matrix = qr_matrix(data, ec)
    dots = len(matrix) * module
    width_bytes = (dots + 7) // 8
    rows = bytearray()
    for row in matrix:
        line = bytearray(width_bytes)
        for x, dark in enumerate(row):
            if dark:
                for dx in range(module):
                    bit = x * module + dx
                    line[bit >> 3] |= 0x80 >> (bit & 7)
        rows += bytes(line) * module
    header = GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, dots & 0xFF, dots >> 8])
    return header + bytes(rows)


# --- text in the code page ----------------------------------------------------------------

# Letters that NFKD does not take apart into a base letter and an accent.
_TRANSLITERATE = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ſ": "s",
        "œ": "oe",
        "Œ": "OE",
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)


def printable(text: str, codec: str = "cp858") -> str:
    """``text`` reduced to characters the code page has; never raises.

    Controls, format characters (bidi overrides, zero-width joiners) and unassigned code points
    are dropped; a letter the page lacks loses its accent (ğ → g); anything else becomes a single
    ``?`` (an emoji sequence too, however many code points it has).
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text).translate(_TRANSLITERATE):
        if char in "\t\n":
            out.append(" ")
            continue
        kind = unicodedata.category(char)
        if (kind[0] in "CZ" and char != " ") or kind in ("Mn", "Me", "Sk"):
            if kind[0] == "Z":
                out.append(" ")
            continue  # controls, bidi and joiners, lone accents, emoji skin-tone modifiers
        if _encodable(char, codec):
            out.append(char)
            continue
        base = "".join(
            c
            for c in unicodedata.normalize("NFKD", char)
            if not unicodedata.combining(c) and _encodable(c, codec)
        )
        if base and unicodedata.category(base[0])[0] in "LN":
            out.append(base)
        elif not out or out[-1] != "?":
            out.append("?")
    return " ".join("".join(out).split())


def _encodable(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def encode(text: str, codec: str = "cp858") -> bytes:
    """Text as the printer's bytes; :func:`printable` first, so this cannot raise."""
    return printable(text, codec).encode(codec, errors="replace")
