"""A receipt printer on a pseudo-terminal: reads ESC/POS, answers DLE EOT, draws PNGs.

Run ``buurtkiosk-printer --out DIR [--paper 58|80] [--mode MODE]``. The first line on stdout is
the port to give the kiosk (``--printer /dev/pts/N``); after that one line per event::

    /dev/pts/7
    receipt DIR/receipt-0001.png
    mode paper-out
    discarded 1

Each receipt (everything up to a cut) becomes ``receipt-NNNN.png`` and, byte for byte,
``receipt-NNNN.bin``. Control is by lines on stdin, typed in the terminal or written by a test:
a mode name switches mode (answered by ``mode NAME`` once in force), ``quit`` stops, and with
``--quit-on-eof`` (how the kiosk starts it) so does the end of stdin: no orphan emulators.

Modes, and what the DLE EOT 1/2/4 replies say:

* ``ready``       0x12 0x12 0x12: prints.
* ``near-end``    paper sensor 0x1E: still prints.
* ``paper-out``   0x1A 0x32 0x7E: offline, stopped by paper end; data received is discarded.
* ``cover-open``  0x1A 0x16 0x12: offline, cover open; data is discarded.
* ``silent``      no reply at all, like a printer wired without its receive line; still prints.
* ``stalled``     stops reading the port, like a hung printer: the writer blocks once the
  pty's buffer (about 16 KiB) is full.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import select
import signal
import sys
import threading
import tty
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.printer import parse
from kiosk.printer.escpos import QR_EC_CODES, qr_matrix

MODES = ("ready", "near-end", "paper-out", "cover-open", "silent", "stalled")
REPLIES: dict[str, dict[int, int]] = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near-end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper-out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    "cover-open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "silent": {},
    "stalled": {},
}
DISCARDING = ("paper-out", "cover-open")
PAPER_DOTS = {58: 384, 80: 576}
CELL_W, CELL_H, LINE_H = 12, 24, 30  # font A, default line spacing 1/6 inch at 180 dpi-ish

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
)


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A monospace face if the system has one, else Atkinson Hyperlegible (a dependency)."""
    for path in FONT_CANDIDATES:
        if os.path.exists(path):
            return ImageFont.truetype(path, 20)
    try:
        import fontpkg_atkinson_hyperlegible as atkinson

        folder = Path(atkinson.__file__).parent / "files"
        return ImageFont.truetype(str(folder / "AtkinsonHyperlegible-Regular.ttf"), 19)
    except (ImportError, OSError):
        return ImageFont.load_default()


class Renderer:
    """Turns commands into paper: call :meth:`apply` per command; a cut returns the image."""

    def __init__(self, paper_mm: int = 80) -> None:
        self.dots = PAPER_DOTS.get(paper_mm, 576)
        self.font = _font()
        self._tiles: dict[tuple[str, bool], Image.Image] = {}
        self._reset()
        self.blocks: list[Image.Image] = []

    def _reset(self) -> None:
        self.codec = "cp437"
        self.bold = False
        self.underline = False
        self.width = 1
        self.height = 1
        self.align = 0
        self.qr_module = 3
        self.qr_ec = 48
        self.qr_data = b""
        self.line: list[tuple[str, bool, bool, int, int]] = []

    def apply(self, command: parse.Command) -> Image.Image | None:
        match command:
            case parse.Init():
                self._flush_line(force=False)
                self._reset()
            case parse.Text(data=data):
                text = data.decode(self.codec, errors="replace")
                self.line.append((text, self.bold, self.underline, self.width, self.height))
            case parse.Newline():
                self._flush_line(force=True)
            case parse.CodePage():
                self.codec = command.codec
            case parse.Style():
                self._style(command)
            case parse.Feed(lines=lines, dots=dots):
                self._flush_line(force=False)
                self.blocks.append(Image.new("1", (self.dots, lines * LINE_H + dots), 1))
            case parse.QrSetting(fn=67, value=value):
                self.qr_module = max(1, min(16, value))
            case parse.QrSetting(fn=69, value=value):
                self.qr_ec = value if value in QR_EC_CODES else 48
            case parse.QrStore(data=data):
                self.qr_data = data
            case parse.QrPrint():
                self._flush_line(force=False)
                if self.qr_data:
                    text = self.qr_data.decode("latin-1")
                    self._image(_matrix_image(qr_matrix(text, self.qr_ec), self.qr_module))
            case parse.Raster(image=image, scale=scale):
                self._flush_line(force=False)
                w, h = image.size
                self._image(image.resize((w * (1 + (scale & 1)), h * (1 + (scale >> 1 & 1)))))
            case parse.Cut():
                self._flush_line(force=False)
                return self._take()
        return None

    def _style(self, style: parse.Style) -> None:
        if style.bold is not None:
            self.bold = style.bold
        if style.underline is not None:
            self.underline = style.underline
        if style.width is not None:
            self.width = style.width
        if style.height is not None:
            self.height = style.height
        if style.align is not None:
            self.align = style.align

    def _image(self, image: Image.Image) -> None:
        block = Image.new("1", (self.dots, image.height), 1)
        block.paste(image.convert("1"), (self._offset(image.width), 0))
        self.blocks.append(block)

    def _offset(self, width: int) -> int:
        free = max(0, self.dots - width)
        return {0: 0, 1: free // 2, 2: free}.get(self.align, 0)

    def _flush_line(self, force: bool) -> None:
        """Print the buffered line; an empty one only on LF (it feeds a line)."""
        if not self.line and not force:
            return
        cells: list[tuple[str, bool, bool, int, int]] = [
            (char, b, u, w, h) for text, b, u, w, h in self.line for char in text
        ]
        self.line = []
        if not cells:
            self.blocks.append(Image.new("1", (self.dots, LINE_H * self.height), 1))
            return
        rows: list[list[tuple[str, bool, bool, int, int]]] = [[]]
        used = 0
        for cell in cells:  # the printer wraps at the paper edge
            if used + CELL_W * cell[3] > self.dots and rows[-1]:
                rows.append([])
                used = 0
            rows[-1].append(cell)
            used += CELL_W * cell[3]
        for row in rows:
            height = max(h for *_rest, h in row)
            block = Image.new("1", (self.dots, LINE_H * height), 1)
            x = self._offset(sum(CELL_W * w for _c, _b, _u, w, _h in row))
            for char, b, u, w, h in row:
                tile = self._tile(char, b).resize((CELL_W * w, CELL_H * h))
                block.paste(tile, (x, LINE_H * height - CELL_H * h - (LINE_H - CELL_H)))
                if u:
                    ImageDraw.Draw(block).line(
                        (x, LINE_H * height - 5, x + CELL_W * w, LINE_H * height - 5), fill=0
                    )
                x += CELL_W * w
            self.blocks.append(block)

    def _tile(self, char: str, bold: bool) -> Image.Image:
        tile = self._tiles.get((char, bold))
        if tile is None:
            tile = Image.new("L", (CELL_W, CELL_H), 255)
            draw = ImageDraw.Draw(tile)
            draw.text(
                (CELL_W / 2, CELL_H / 2),
                char,
                font=self.font,
                fill=0,
                anchor="mm",
                stroke_width=1 if bold else 0,
                stroke_fill=0,
            )
            tile = tile.point(lambda v: 255 if v > 140 else 0).convert("1")
            self._tiles[(char, bold)] = tile
        return tile

    def _take(self) -> Image.Image:
        margin = 16
        height = sum(b.height for b in self.blocks) + 2 * margin
        paper = Image.new("1", (self.dots, height), 1)
        y = margin
        for block in self.blocks:
            paper.paste(block, (0, y))
            y += block.height
        self.blocks = []
        return paper


def _matrix_image(matrix: list[list[bool]], module: int) -> Image.Image:
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image.resize((size * module, size * module), Image.Resampling.NEAREST)


class EmulatedPrinter:
    """The printer itself, on the master side of a pty, served by one thread."""

    def __init__(
        self,
        out_dir: str | Path,
        paper_mm: int = 80,
        mode: str = "ready",
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.renderer = Renderer(paper_mm)
        self.parser = parse.Parser()
        self.mode = mode
        self.on_event = on_event or (lambda line: None)
        self.receipts: list[Path] = []
        self.discarded = 0
        self.received = bytearray()  # everything read from the port, for tests
        self._raw = bytearray()  # the current receipt's bytes
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no CR/LF games before the client sets its own mode
        self.port = os.ttyname(self._slave)
        self._thread = threading.Thread(target=self._serve, name="emulated-printer", daemon=True)

    def start(self) -> EmulatedPrinter:
        self._thread.start()
        return self

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self._changed:
            self.mode = mode
            self._changed.notify_all()
        self.on_event(f"mode {mode}")

    def wait_for_receipts(self, count: int, timeout: float = 10.0) -> list[Path]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.receipts) >= count, timeout)
            return list(self.receipts)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> EmulatedPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            if self.mode == "stalled":
                self._stop.wait(0.05)
                continue
            ready, _w, _x = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                self._stop.wait(0.05)  # no client has the slave open right now
                continue
            self.received += data
            for command, raw in self.parser.feed_raw(data):
                if not isinstance(command, parse.StatusQuery):
                    self._raw += raw  # the .bin is the receipt, without status questions
                if command is not None:
                    self._handle(command)

    def _handle(self, command: parse.Command) -> None:
        mode = self.mode
        if isinstance(command, parse.StatusQuery):
            reply = REPLIES[mode].get(command.n)
            if reply is not None:
                os.write(self.master, bytes([reply]))
            return
        if mode in DISCARDING:
            if isinstance(command, parse.Cut):
                self.discarded += 1
                self._raw.clear()
                self.on_event(f"discarded {self.discarded}")
            return
        image = self.renderer.apply(command)
        if image is not None:
            self._save(image)

    def _save(self, image: Image.Image) -> None:
        number = len(self.receipts) + 1
        png = self.out_dir / f"receipt-{number:04d}.png"
        image.save(png)
        png.with_suffix(".bin").write_bytes(bytes(self._raw))
        self._raw.clear()
        with self._changed:
            self.receipts.append(png)
            self._changed.notify_all()
        self.on_event(f"receipt {png}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="buurtkiosk-printer",
        description="Emulated ESC/POS receipt printer on a pseudo-terminal.",
        epilog="Control: type a mode name (or 'quit') and Enter on stdin.",
    )
    parser.add_argument("--out", required=True, help="directory for receipt-NNNN.png/.bin")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80)
    parser.add_argument("--mode", choices=MODES, default="ready")
    parser.add_argument(
        "--quit-on-eof",
        action="store_true",
        help="stop when stdin closes (the kiosk that started it has gone)",
    )
    args = parser.parse_args(argv)

    lock = threading.Lock()

    def say(line: str) -> None:
        with lock, contextlib.suppress(OSError, ValueError):  # nobody listening: carry on
            print(line, flush=True)

    printer = EmulatedPrinter(args.out, args.paper, args.mode, on_event=say)
    say(printer.port)
    printer.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def control() -> None:
        for raw in sys.stdin:
            word = raw.strip().removeprefix("mode ").strip()
            if word == "quit":
                done.set()
                return
            if word in MODES:
                printer.set_mode(word)
            elif word:
                say(f"error unknown command {word!r}; modes: {' '.join(MODES)}")
        if args.quit_on_eof:
            done.set()

    threading.Thread(target=control, name="control", daemon=True).start()
    while not done.wait(0.5):
        pass
    printer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
