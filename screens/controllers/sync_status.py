"""The sync worker's reports: online and pending on the app, claims lost or refused, a round kicked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.sync import SyncReport
    from screens.services import Services


class SyncStatus:
    """What the last sync round said, for Home's cloud, the claim screen and the board.

    ``show`` gets (online, pending) after each report, ``show_pending`` the count after a
    save, and ``data_changed`` is called when a round moved anything (the board reloads).
    """

    def __init__(
        self,
        services: Services,
        show: Callable[[bool, int], None],
        show_pending: Callable[[int], None],
        data_changed: Callable[[], None],
    ) -> None:
        self.services = services
        self.show = show
        self.show_pending = show_pending
        self.data_changed = data_changed
        self.last: SyncReport | None = None
        self.lost_claims: set[str] = set()  # asks whose claim here lost at the central store
        self.refused_claims: set[str] = set()  # asks whose claim here the central store refused

    def report(self, report: SyncReport) -> None:
        """A round's report, on the UI thread."""
        self.show(report.online, report.pending)
        self.last = report
        for conflict in report.conflicts:
            if conflict.event_type == "ask.claim":
                self.lost_claims.add(conflict.ask_id)
        for rejection in report.rejected:
            if rejection.event_type == "ask.claim":
                self.refused_claims.add(rejection.entity_id)
        if report.pulled or report.pushed or report.conflicts or report.rejected:
            self.data_changed()

    def kick(self) -> None:
        """Send what was just saved now rather than at the next round."""
        services = self.services
        if services.opened and services.sync is not None:
            self.show_pending(services.store.pending_count())
            services.sync.kick()
