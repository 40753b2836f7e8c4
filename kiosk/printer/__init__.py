"""Receipts and other papers on an ESC/POS thermal printer over a serial line, and an emulator.

The request is saved before anything here runs; a printer can fail in every way it likes and
the person still has their number on screen. The parts::

    receipt.render_receipt(ReceiptContent, PaperSpec, native_qr) -> bytes   layout, no I/O
    documents.render_helper_slip / render_member_card / render_fridge_list  the other papers
    documents.render(any of the four contents, ...) -> bytes                what a PrintJob holds
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
from kiosk.printer.documents import (
    Document,
    FridgeListContent,
    FridgeRow,
    HelperSlipContent,
    MemberCardContent,
    render,
    render_fridge_list,
    render_helper_slip,
    render_member_card,
)
from kiosk.printer.layout import PaperSpec
from kiosk.printer.receipt import ReceiptContent, followup_url, helper_url, render_receipt
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
    "Document",
    "FridgeListContent",
    "FridgeRow",
    "HelperSlipContent",
    "MemberCardContent",
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
    "helper_url",
    "open_printer",
    "query_status",
    "render",
    "render_fridge_list",
    "render_helper_slip",
    "render_member_card",
    "render_receipt",
    "start_printing",
]
