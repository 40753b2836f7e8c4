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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Imported on first use (PEP 562): the kiosk reads its printer config long before it prints,
# and the layout brings qrcode and Pillow, the transport pyserial.
_WHERE = {
    "Document": "kiosk.printer.documents",
    "FridgeListContent": "kiosk.printer.documents",
    "FridgeRow": "kiosk.printer.documents",
    "HelperSlipContent": "kiosk.printer.documents",
    "MESSAGES": "kiosk.printer.status",
    "MemberCardContent": "kiosk.printer.documents",
    "PROFILES": "kiosk.printer.config",
    "PaperSpec": "kiosk.printer.layout",
    "Phase": "kiosk.printer.service",
    "PortMissing": "kiosk.printer.transport",
    "PrintJob": "kiosk.printer.service",
    "PrintService": "kiosk.printer.service",
    "PrintState": "kiosk.printer.service",
    "PrinterConfig": "kiosk.printer.config",
    "PrinterError": "kiosk.printer.transport",
    "PrinterHandle": "kiosk.printer.config",
    "PrinterIOError": "kiosk.printer.transport",
    "PrinterStatus": "kiosk.printer.status",
    "ReceiptContent": "kiosk.printer.receipt",
    "RecordingTransport": "kiosk.printer.transport",
    "SerialTransport": "kiosk.printer.transport",
    "Transport": "kiosk.printer.transport",
    "WriteTimeout": "kiosk.printer.transport",
    "followup_url": "kiosk.printer.receipt",
    "helper_url": "kiosk.printer.receipt",
    "open_printer": "kiosk.printer.config",
    "query_status": "kiosk.printer.status",
    "render": "kiosk.printer.documents",
    "render_fridge_list": "kiosk.printer.documents",
    "render_helper_slip": "kiosk.printer.documents",
    "render_member_card": "kiosk.printer.documents",
    "render_receipt": "kiosk.printer.receipt",
    "start_printing": "kiosk.printer.config",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
