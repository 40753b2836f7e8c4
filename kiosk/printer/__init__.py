"""Receipts on an ESC/POS thermal printer over a serial line, and an emulator to test them.

The request is saved before anything here runs; a printer can fail in every way it likes and
the person still has their number on screen. The parts::

    receipt.render_receipt(ReceiptContent, PaperSpec, native_qr) -> bytes   layout, no I/O
    transport.SerialTransport / RecordingTransport                          bytes to a port
    status.query_status(transport) -> PrinterStatus                         DLE EOT 1/2/4
    service.PrintService(connect, on_change)                                worker thread, queue
    config.open_printer("/dev/ttyUSB0" | "emulator" | "none", baud)         what to print on
    config.start_printing(PrinterConfig, on_change) -> (handle, service)     both, from config
    emulator (buurtkiosk-printer), parse                                    ESC/POS back to PNG

Exceptions, all raised by a transport and turned into a fault state by the print service::

    PrinterError
     ├── PortMissing       the device is not there (unplugged, wrong path)
     ├── WriteTimeout      the printer stopped reading; nothing waits longer than the timeout
     └── PrinterIOError    anything else from the port
"""

from kiosk.printer.config import (
    PROFILES,
    PrinterConfig,
    PrinterHandle,
    open_printer,
    start_printing,
)
from kiosk.printer.receipt import PaperSpec, ReceiptContent, followup_url, render_receipt
from kiosk.printer.service import Phase, PrintJob, PrintService, PrintState
from kiosk.printer.status import MESSAGES, PrinterStatus, query_status
from kiosk.printer.transport import (
    PortMissing,
    PrinterError,
    PrinterIOError,
    RecordingTransport,
    SerialTransport,
    Transport,
    WriteTimeout,
)

__all__ = [
    "MESSAGES",
    "PROFILES",
    "PaperSpec",
    "Phase",
    "PortMissing",
    "PrintJob",
    "PrintService",
    "PrintState",
    "PrinterConfig",
    "PrinterError",
    "PrinterHandle",
    "PrinterIOError",
    "PrinterStatus",
    "ReceiptContent",
    "RecordingTransport",
    "SerialTransport",
    "Transport",
    "WriteTimeout",
    "followup_url",
    "open_printer",
    "query_status",
    "render_receipt",
    "start_printing",
]
