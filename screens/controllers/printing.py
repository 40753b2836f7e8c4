"""Paper: receipts, helper slips, member cards and the fridge list, followed from queue to print."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.domain import Circle, When, WhenKind

if TYPE_CHECKING:
    from kiosk.domain import Member
    from kiosk.printer import PrintState
    from kiosk.store import ClaimedAsk
    from screens.controllers.background import BackgroundWork
    from screens.controllers.feedback import Feedback
    from screens.services import Services


class Printing:
    """Queues paper for the print worker and shows how the last job is doing.

    ``show_phase`` and ``show_status`` put the job's phase ("", printing, printed, fault,
    expired) and the printer's status on the app's properties the screens follow; reports of
    other jobs than the last one queued are not shown.
    """

    def __init__(
        self,
        services: Services,
        background: BackgroundWork,
        show_phase: Callable[[str], None],
        show_status: Callable[[str], None],
        feedback: Feedback,
    ) -> None:
        self.services = services
        self.background = background
        self.show_phase = show_phase
        self.show_status = show_status
        self.feedback = feedback
        self.job = ""  # id of the ask or offer whose receipt is on its way

    def _show(self, job: str, phase: str, status: str) -> None:
        self.job = job
        self.show_phase(phase)
        self.show_status(status)

    def forget(self) -> None:
        self._show("", "", "")

    def report(self, state: PrintState) -> None:
        """The print worker's news, on the UI thread."""
        if state.job_id == self.job:
            self.show_phase(state.phase.value)
            self.show_status(state.status.value)

    def retry(self) -> None:
        printing = self.services.printing
        if printing is not None:
            from kiosk.printer.service import Phase

            self.show_phase(Phase.PRINTING.value)
            printing.retry_now()

    def _submit(self, job_id: str, content: Any) -> bool:
        """Queue any paper; the phase follows it as it follows a receipt."""
        printing = self.services.printing
        if printing is None:
            return False
        from kiosk.printer import PrintJob
        from kiosk.printer.service import Phase

        self._show(job_id, Phase.PRINTING.value, "")
        printing.submit(PrintJob(job_id, content))
        return True

    def print_receipt(self, flow: str, saved: Any, draft: Any) -> None:
        """Queue the receipt of the ask or offer just saved from ``draft``."""
        self._show(saved.id, "", "")
        store = self.services.store
        if flow == "ask":
            categories: tuple[str, ...] = (draft.category or "other",)
            circle = store.circle(draft.circle)
        else:
            categories, circle = tuple(draft.categories), None
        when = draft.when or When(WhenKind.ANY_TIME)
        self._submit(
            saved.id,
            self._receipt(flow, saved.number, categories, when, circle, saved.followup_token),
        )

    def reprint_receipt(self, ask: Any, token: str) -> None:
        """'Bon opnieuw': the scanned receipt's token makes the same QR code again."""
        circle = self.services.store.circle(ask.circle)
        self._submit(
            f"receipt-{ask.id}",
            self._receipt("ask", ask.number, (ask.category,), ask.when, circle, token),
        )

    def _receipt(
        self,
        flow: str,
        number: str,
        categories: tuple[str, ...],
        when: When,
        circle: Circle | None,
        token: str,
    ) -> Any:
        """The receipt's content; its QR code opens the follow-up page for ``token``."""
        from kiosk.printer import ReceiptContent, followup_url

        config = self.services.config
        return ReceiptContent(
            kind="ask" if flow == "ask" else "offer",
            number=number,
            categories=categories,
            when=when,
            circle=circle,
            followup_url=followup_url(config.central.followup_base, token),
            buurthuis_name=config.buurthuis,
            printed_at=self.services.clock(),
            lang=self.feedback.lang(),
        )

    def confirmed_slip(self, ask_id: str) -> ClaimedAsk | None:
        """The helper slip's data once the central store confirmed the claim made here and
        the asker's phone has come with it; None before."""
        slip = self.services.store.helper_slip(ask_id)
        return slip if slip is not None and slip.claim_state == "confirmed" and slip.phone else None

    def print_helper_slip(self, ask_id: str, token: str | None) -> bool:
        """The asker's contact on paper, for the claimer only, once the central store agreed.

        ``token`` is the slip's own (known when the claim was made or the slip scanned in
        this visit); without it the slip has no QR code."""
        from kiosk.printer import HelperSlipContent, helper_url

        slip = self.confirmed_slip(ask_id)
        if slip is None:
            return False
        config = self.services.config
        return self._submit(
            f"slip-{ask_id}",
            HelperSlipContent(
                number=slip.number,
                category=slip.category,
                when=slip.when,
                first_name=slip.first_name,
                phone=slip.phone,
                street=slip.street,
                house_number=slip.house_number,
                for_neighbour=slip.for_neighbour,
                helper_url=helper_url(config.central.followup_base, token) if token else "",
                buurthuis_name=config.buurthuis,
                printed_at=self.services.clock(),
                lang=self.feedback.lang(),
            ),
        )

    def print_member_card(self, member: Member | None, session: str) -> None:
        """'Mijn kaart': a new card from the central store (the old one stops working)."""
        if member is None:
            return
        from kiosk.printer import MemberCardContent

        services = self.services

        def done(card_text: str) -> None:
            circle = services.store.circle(member.circle)
            config = services.config
            self._submit(
                f"card-{member.id}",
                MemberCardContent(
                    first_name=member.first_name,
                    circle_name=circle.name if circle else None,
                    card_text=card_text,
                    buurthuis_name=config.buurthuis,
                    printed_at=services.clock(),
                    lang=self.feedback.lang(),
                ),
            )
            self.feedback.notify(self.feedback.tr("Your card is being printed."))

        def failed(_error: BaseException) -> None:
            self.feedback.show_error(
                self.feedback.tr("A new card cannot be made right now. Please try again later.")
            )

        self.background.call_central(lambda: services.central_now().new_card(session), done, failed)

    def print_fridge_list(self, view: Any, member: Member | None) -> None:
        """The verbinder's circle on paper: numbers, what, when, days open; no contact data."""
        if view is None or member is None:
            return
        from kiosk.domain import first_initial
        from kiosk.printer import FridgeListContent, FridgeRow

        circle = self.services.store.circle(member.circle)
        rows = tuple(
            FridgeRow(
                number=ask.number,
                category=ask.category,
                when=ask.when,
                days_open=ask.days_open,
                initial=first_initial(ask.first_name or ""),
            )
            for ask in view.asks
            if ask.status == "open"
        )
        config = self.services.config
        self._submit(
            f"fridge-{member.id}",
            FridgeListContent(
                circle_name=circle.name if circle else "",
                verbinder_name=member.first_name,
                rows=rows,
                buurthuis_name=config.buurthuis,
                printed_at=self.services.clock(),
                lang=self.feedback.lang(),
            ),
        )
