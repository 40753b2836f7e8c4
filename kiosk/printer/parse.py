"""Read ESC/POS back into commands: for the emulator, which renders them, and for tests.

Incremental: feed the bytes as they arrive over the wire; a command cut in half by a read stays
in the buffer until the rest comes. Only what receipts and python-escpos send is understood;
any other byte after ESC or GS is reported as :class:`Unknown` and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from kiosk.printer.escpos import PYTHON_CODEC


@dataclass(frozen=True)
class Text:
    data: bytes  # in the code page in force; see Parser.codec


@dataclass(frozen=True)
class Newline:
    pass


@dataclass(frozen=True)
class Init:
    pass


@dataclass(frozen=True)
class Style:
    """Any change of print mode: None means 'unchanged'."""

    bold: bool | None = None
    width: int | None = None
    height: int | None = None
    underline: bool | None = None
    align: int | None = None


@dataclass(frozen=True)
class CodePage:
    page: int

    @property
    def codec(self) -> str:
        return PYTHON_CODEC.get(self.page, "cp437")


@dataclass(frozen=True)
class Feed:
    lines: int = 0
    dots: int = 0


@dataclass(frozen=True)
class QrSetting:
    fn: int  # 65 model, 67 module size, 69 error correction
    value: int


@dataclass(frozen=True)
class QrStore:
    data: bytes


@dataclass(frozen=True)
class QrPrint:
    pass


@dataclass(frozen=True)
class Raster:
    image: Image.Image  # mode "1", white paper, black dots
    scale: int  # GS v 0 m: 0 normal, 1 double width, 2 double height, 3 both


@dataclass(frozen=True)
class Cut:
    pass


@dataclass(frozen=True)
class StatusQuery:
    n: int


@dataclass(frozen=True)
class Unknown:
    data: bytes


Command = (
    Text
    | Newline
    | Init
    | Style
    | CodePage
    | Feed
    | QrSetting
    | QrStore
    | QrPrint
    | Raster
    | Cut
    | StatusQuery
    | Unknown
)


class Parser:
    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Command]:
        return [command for command, _raw in self.feed_raw(data) if command is not None]

    def feed_raw(self, data: bytes) -> list[tuple[Command | None, bytes]]:
        """Like :meth:`feed`, each command with its bytes; None for a byte that is skipped."""
        self._buffer += data
        found: list[tuple[Command | None, bytes]] = []
        pos = 0
        while pos < len(self._buffer):
            step = _next(self._buffer, pos)
            if step is None:
                break  # incomplete: wait for more bytes
            command, end = step
            found.append((command, bytes(self._buffer[pos:end])))
            pos = end
        del self._buffer[:pos]
        return found

    @property
    def pending(self) -> int:
        return len(self._buffer)


def parse(data: bytes) -> list[Command]:
    return Parser().feed(data)


def _next(buf: bytearray, i: int) -> tuple[Command | None, int] | None:
    byte = buf[i]
    if byte == 0x0A:
        return Newline(), i + 1
    if byte >= 0x20 or byte == 0x09:
        end = i
        while end < len(buf) and (buf[end] >= 0x20 or buf[end] == 0x09):
            end += 1
        return Text(bytes(buf[i:end])), end
    if byte == 0x1B:
        return _esc(buf, i)
    if byte == 0x1D:
        return _gs(buf, i)
    if byte == 0x10:
        if len(buf) < i + 3:
            return None
        if buf[i + 1] == 0x04:
            return StatusQuery(buf[i + 2]), i + 3
        return Unknown(bytes(buf[i : i + 2])), i + 2
    return None, i + 1  # CR and other control bytes: ignored


def _esc(buf: bytearray, i: int) -> tuple[Command | None, int] | None:
    if len(buf) < i + 2:
        return None
    op = buf[i + 1]
    if op == 0x40:
        return Init(), i + 2
    if op in b"!EaetdJ-M":
        if len(buf) < i + 3:
            return None
        n = buf[i + 2]
        end = i + 3
        if op == 0x21:  # ESC ! : bit 3 bold, bit 4 double height, bit 5 double width, bit 7 ul
            return Style(
                bold=bool(n & 0x08),
                height=2 if n & 0x10 else 1,
                width=2 if n & 0x20 else 1,
                underline=bool(n & 0x80),
            ), end
        if op == ord("E"):
            return Style(bold=bool(n & 1)), end
        if op == ord("-"):
            return Style(underline=bool(n & 3)), end
        if op == ord("a"):
            return Style(align=n % 48 if n >= 48 else n), end
        if op == ord("t"):
            return CodePage(n), end
        if op == ord("d"):
            return Feed(lines=n), end
        if op == ord("J"):
            return Feed(dots=n), end
        return None, end  # ESC e (reverse feed), ESC M (font): not rendered
    return Unknown(bytes(buf[i : i + 2])), i + 2


def _gs(buf: bytearray, i: int) -> tuple[Command | None, int] | None:
    if len(buf) < i + 2:
        return None
    op = buf[i + 1]
    if op == ord("!"):
        if len(buf) < i + 3:
            return None
        n = buf[i + 2]
        return Style(width=(n >> 4 & 7) + 1, height=(n & 7) + 1), i + 3
    if op == ord("V"):
        if len(buf) < i + 3:
            return None
        m = buf[i + 2]
        if m in (65, 66, 97, 98, 103, 104):
            if len(buf) < i + 4:
                return None
            return Cut(), i + 4
        return Cut(), i + 3
    if op == ord("("):  # GS ( k pL pH cn fn [params]
        if len(buf) < i + 5:
            return None
        length = buf[i + 3] | buf[i + 4] << 8
        end = i + 5 + length
        if len(buf) < end:
            return None
        if buf[i + 2] != ord("k") or length < 2 or buf[i + 5] != 0x31:
            return Unknown(bytes(buf[i:end])), end
        fn, params = buf[i + 6], bytes(buf[i + 7 : end])
        if fn == 80:
            return QrStore(params[1:]), end
        if fn == 81:
            return QrPrint(), end
        return QrSetting(fn, params[0] if params else 0), end
    if op == ord("v"):  # GS v 0 m xL xH yL yH d1...dk
        if len(buf) < i + 8:
            return None
        m = buf[i + 3]
        width_bytes = buf[i + 4] | buf[i + 5] << 8
        height = buf[i + 6] | buf[i + 7] << 8
        end = i + 8 + width_bytes * height
        if len(buf) < end:
            return None
        raw = bytes(buf[i + 8 : end])
        # In PIL mode "1" a set bit is white; on paper a set bit is a black dot.
        image = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in raw))
        return Raster(image, m & 3), end
    return Unknown(bytes(buf[i : i + 2])), i + 2


# --- helpers for tests and tools -----------------------------------------------------------


def native_qr_payloads(data: bytes) -> list[bytes]:
    return [c.data for c in parse(data) if isinstance(c, QrStore)]


def raster_images(data: bytes) -> list[Image.Image]:
    return [c.image for c in parse(data) if isinstance(c, Raster)]


def text_of(data: bytes) -> str:
    """All printed text, decoded with the code page in force, lines joined by newlines."""
    codec = "cp437"
    parts: list[str] = []
    for command in parse(data):
        if isinstance(command, CodePage):
            codec = command.codec
        elif isinstance(command, Text):
            parts.append(command.data.decode(codec, errors="replace"))
        elif isinstance(command, Newline):
            parts.append("\n")
    return "".join(parts)
