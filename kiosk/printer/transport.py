"""How bytes reach the printer: a small seam, a serial port behind it, and a recorder.

Every call ends within its timeout. A serial port whose device is gone, or whose printer has
stopped reading, raises one of the exceptions below instead of waiting; nothing in here retries,
that is the print service's job.
"""

from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Callable
from typing import Protocol

import serial

from kiosk.printer.escpos import DLE


class PrinterError(Exception):
    """Any failure talking to the printer."""


class PortMissing(PrinterError):
    """The serial device does not exist or cannot be opened (unplugged, wrong path)."""


class WriteTimeout(PrinterError):
    """The printer stopped taking bytes (flow control, buffer full, hung)."""


class PrinterIOError(PrinterError):
    """Any other error from the port, e.g. the USB adapter vanished mid-write."""


class Transport(Protocol):
    def write(self, data: bytes) -> None:
        """Send everything or raise :class:`PrinterError` within the write timeout."""

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes; fewer (or none) when the read timeout passes first."""

    def reset_input(self) -> None:
        """Forget bytes that came in unasked, e.g. a status reply that arrived too late."""

    def close(self) -> None: ...


class SerialTransport:
    """pyserial, opened lazily on the first call so that a missing port is a fault, not a crash.

    Writes go out in chunks, each with its own write timeout: a long receipt at a slow baud rate
    still fits, while a printer that stops reading raises :class:`WriteTimeout` within about
    ``write_timeout`` seconds.
    """

    CHUNK = 512  # 0.53 s at 9600 baud

    def __init__(
        self,
        port: str,
        baud: int = 19200,
        read_timeout: float = 0.5,
        write_timeout: float = 2.0,
        rtscts: bool = False,
        dsrdtr: bool = False,
    ) -> None:
        self.port = port
        self.baud = baud
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.rtscts = rtscts
        self.dsrdtr = dsrdtr
        self._serial: serial.Serial | None = None

    def _open(self) -> serial.Serial:
        if self._serial is None:
            try:
                self._serial = serial.Serial(
                    self.port,
                    self.baud,
                    timeout=self.read_timeout,
                    write_timeout=self.write_timeout,
                    rtscts=self.rtscts,
                    dsrdtr=self.dsrdtr,
                )
            except serial.SerialException as error:
                missing = error.errno in (errno.ENOENT, errno.ENXIO, errno.ENODEV)
                kind = PortMissing if missing else PrinterIOError
                raise kind(
                    f"cannot open printer port {self.port}: {error.strerror or error}"
                ) from error
        return self._serial

    def write(self, data: bytes) -> None:
        """Returns once the bytes have left the serial port, or raises.

        Not ``flush()``: that is tcdrain(), which waits without a limit for a printer that
        holds the line busy. Polls the output queue instead, up to the write timeout plus
        twice the time the bytes need on the wire.
        """
        port = self._open()
        deadline = time.monotonic() + self.write_timeout + 2 * len(data) * 10 / self.baud
        try:
            for start in range(0, len(data), self.CHUNK):
                port.write(data[start : start + self.CHUNK])
            while _out_waiting(port) and time.monotonic() < deadline:
                time.sleep(0.01)
            if _out_waiting(port):
                raise serial.SerialTimeoutException("output queue not drained")
        except serial.SerialTimeoutException as error:
            self._discard()
            raise WriteTimeout(f"printer on {self.port} stopped reading") from error
        except (serial.SerialException, OSError) as error:
            self._discard()
            raise PrinterIOError(f"printer port {self.port}: {error}") from error

    def read(self, size: int) -> bytes:
        port = self._open()
        try:
            return bytes(port.read(size))
        except (serial.SerialException, OSError) as error:
            self._discard()
            raise PrinterIOError(f"printer port {self.port}: {error}") from error

    def reset_input(self) -> None:
        port = self._open()
        try:
            port.reset_input_buffer()
        except (serial.SerialException, OSError) as error:
            self._discard()
            raise PrinterIOError(f"printer port {self.port}: {error}") from error

    def _discard(self) -> None:
        """Drop what the kernel still holds for the printer, then close: a reopen starts clean."""
        if self._serial is not None:
            try:
                self._serial.reset_output_buffer()
                self._serial.reset_input_buffer()
            except (serial.SerialException, OSError):
                pass
        self.close()

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()


class RecordingTransport:
    """Keeps what was written and answers DLE EOT from a script, like escpos' ``Dummy``.

    ``status`` maps n (1, 2, 4) to the reply byte; a missing n gets no reply, as from a printer
    wired without its receive line. ``fail`` raises instead, to play a broken port.
    """

    def __init__(
        self,
        status: dict[int, int] | None = None,
        fail: Callable[[], PrinterError | None] | None = None,
    ) -> None:
        self.status = dict(status) if status is not None else dict(READY_REPLIES)
        self.fail = fail
        self.written = bytearray()
        self._replies = bytearray()
        self.closed = False

    def write(self, data: bytes) -> None:
        self._check()
        self.written += data
        if len(data) == 3 and data[:2] == DLE + b"\x04" and data[2] in self.status:
            self._replies.append(self.status[data[2]])

    def read(self, size: int) -> bytes:
        self._check()
        reply, self._replies = bytes(self._replies[:size]), self._replies[size:]
        return reply

    def reset_input(self) -> None:
        self._check()
        self._replies.clear()

    def close(self) -> None:
        self.closed = True

    def _check(self) -> None:
        error = self.fail() if self.fail else None
        if error is not None:
            raise error


READY_REPLIES = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


def _out_waiting(port: serial.Serial) -> int:
    """Bytes still in the driver's queue; 0 where the driver cannot tell (and on a pty)."""
    try:
        return int(port.out_waiting)
    except (OSError, serial.SerialException, NotImplementedError):
        return 0
