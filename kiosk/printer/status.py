"""Ask the printer how it is (DLE EOT 1, 2 and 4) and say it in one word.

No reply is :attr:`PrinterStatus.UNKNOWN`, never "fine": a printer that is off, wired without
its receive line or hung looks exactly like that, and python-escpos' ``paper_status()`` reading
an empty reply as "paper adequate" is the mistake this module exists to avoid.

Reply bits (Epson ESC/POS reference, DLE EOT; bits 1 and 4 are always 1, so idle is 0x12):
n=1 bit 3 offline; n=2 bit 2 cover open, bit 5 stopped by paper end, bit 6 error;
n=4 bits 2-3 paper near end, bits 5-6 paper end.
"""

from __future__ import annotations

import enum

from kiosk.i18n import N_
from kiosk.printer.escpos import status_query
from kiosk.printer.transport import Transport


class PrinterStatus(enum.StrEnum):
    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        return self in (PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END)


def _valid(reply: int) -> bool:
    """Bits 0 and 7 are 0, bits 1 and 4 are 1 in every DLE EOT reply."""
    return reply & 0x93 == 0x12


def classify(printer: int | None, offline_cause: int | None, paper: int | None) -> PrinterStatus:
    """The three reply bytes (None when missing) as one status; the cause wins over 'offline'."""
    replies = (printer, offline_cause, paper)
    if any(reply is None or not _valid(reply) for reply in replies):
        return PrinterStatus.UNKNOWN
    assert printer is not None and offline_cause is not None and paper is not None
    if paper & 0x60 or offline_cause & 0x20:
        return PrinterStatus.PAPER_OUT
    if offline_cause & 0x04:
        return PrinterStatus.COVER_OPEN
    if printer & 0x08 or offline_cause & 0x40:
        return PrinterStatus.OFFLINE
    if paper & 0x0C:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.READY


def query_status(transport: Transport) -> PrinterStatus:
    """DLE EOT 1, 2, 4, each answered (or not) within the transport's read timeout.

    Stops at the first missing reply, so a silent printer costs one read timeout, not three.
    Transport errors (port missing, write blocked) propagate: they say more than UNKNOWN.
    """
    transport.reset_input()  # a late reply to an earlier question would answer this one
    replies: list[int | None] = []
    for n in (1, 2, 4):
        transport.write(status_query(n))
        reply = transport.read(1)
        if not reply:
            return PrinterStatus.UNKNOWN
        replies.append(reply[0])
    return classify(*replies)


# What the screen says, plain Dutch (B1) in the catalogue; the request is always already saved.
MESSAGES = {
    PrinterStatus.READY: N_("The receipt is being printed."),
    PrinterStatus.PAPER_NEAR_END: N_("The paper in the printer is almost finished."),
    PrinterStatus.PAPER_OUT: N_(
        "The printer has no paper. Ask someone at the community centre to put in a new roll."
    ),
    PrinterStatus.COVER_OPEN: N_(
        "The printer lid is open. Close the lid, or ask someone at the community centre."
    ),
    PrinterStatus.OFFLINE: N_(
        "The printer is off or not connected. Ask someone at the community centre."
    ),
    PrinterStatus.UNKNOWN: N_("The printer does not answer. Ask someone at the community centre."),
}

# For the fault screen, around the number shown very large.
SAVED_NOT_PRINTED = {
    "ask": N_("Your request is saved. The receipt cannot be printed now."),
    "offer": N_("Your offer is saved. The receipt cannot be printed now."),
}
YOUR_NUMBER = N_("Your number is")
TRY_AGAIN = N_("Try again")
