"""The USB scanner on any screen: a receipt opens its request, a slip its job, a card signs in."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screens.controllers.background import BackgroundWork
    from screens.navigation import Navigator
    from screens.scanner import ScannerInput
    from screens.services import Services
    from screens.visit import Visit


class Scanning:
    """Listens to the window for scanner bursts from :meth:`start` to :meth:`stop`.

    ``touched`` runs first, as for a tap; ``tr`` translates what the screen then says.
    """

    def __init__(
        self,
        services: Services,
        nav: Navigator,
        visit: Visit,
        background: BackgroundWork,
        touched: Callable[[], None],
        tr: Callable[[str], str],
    ) -> None:
        self.services = services
        self.nav = nav
        self.visit = visit
        self.background = background
        self.touched = touched
        self.tr = tr
        self.scanner: ScannerInput | None = None

    def start(self) -> None:
        from screens.scanner import ScannerInput

        # Kivy holds bound methods weakly: this object keeps the scanner alive
        self.scanner = ScannerInput(self.on_scan, self.services.config.central.followup_base)
        self.scanner.start()

    def stop(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()

    def on_scan(self, scan: Any) -> None:
        """A receipt opens its request, a helper slip its job, a member card identifies."""
        from kiosk import scan as scans

        self.touched()
        store = self.services.store
        screen = self.nav.screen
        if isinstance(scan, scans.MemberCardScan):
            self._identify(scan.token)
        elif isinstance(scan, scans.FollowUpScan):
            ask = store.ask_by_followup_token(scan.token)
            if ask is None:
                screen.show_error(
                    self.tr("We do not know this receipt here. Please ask the connector.")
                )
                return
            self.visit.scanned_receipt = (ask, scan.token)
            self.nav.go("followup")
            self.nav.screen.refresh()
        elif isinstance(scan, scans.HelperScan):
            ask = store.ask_by_helper_token(scan.token)
            if ask is None:
                screen.show_error(self.tr("We do not know this helper slip. Please ask someone."))
                return
            self.visit.job_id = ask.id
            self.visit.helper_tokens[ask.id] = scan.token
            self.nav.go("job")
            self.nav.screen.refresh()
        else:
            screen.show_error(
                self.tr("We do not know this code. Scan the code on your receipt or your card.")
            )

    def _identify(self, token: str) -> None:
        """Ask the central store whose card this is (in the background)."""
        from screens.identify import answer_identify, busy_message, is_busy

        central = self.services.central_now

        def answered(result: Any) -> None:
            answer_identify(self.nav.screen, result)

        def failed(error: BaseException) -> None:
            self.nav.screen.show_error(
                busy_message(self.tr)
                if is_busy(error)
                else self.tr("The kiosk cannot check your card now. Please try again later.")
            )

        self.background.call_central(lambda: central().identify_card(token), answered, failed)
