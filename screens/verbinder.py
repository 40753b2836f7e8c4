"""The verbinder's view of their circle: who waits too long, who could help, whom to call.

Contact data is on this screen only for an identified verbinder, fetched from the central store
at that moment (it checks the role) and never stored on the kiosk; Afmelden and the idle reset
drop it. 'Printen' prints the circle's open list for the fridge, without contact data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.properties import StringProperty

from kiosk.domain import CATEGORY_BY_CODE, display_phone
from screens import theme
from screens.board import PagedList  # noqa: F401 (built by this screen's kv rule)
from screens.widgets import KioskScreen, load_kv

if TYPE_CHECKING:  # kiosk.sync brings httpx: not at start-up
    from kiosk.sync import VerbinderAsk

load_kv(__file__)

WAITING_DAYS = 3  # an open ask older than this is "waiting too long"


def _phone(e164: str | None) -> str:
    return display_phone(e164) if e164 else ""  # the central store keeps them valid E.164


def ask_lines(ask: VerbinderAsk, tr: Any) -> str:
    """What, when, who to call, how long it waits and whether called: one short line each
    (beside the arrows the 7" panel has room for about 20 characters); the matching offers
    are on the request's own screen."""
    what = tr(CATEGORY_BY_CODE[ask.category].label)
    days = tr("since today") if ask.days_open == 0 else tr("{n} days open").format(n=ask.days_open)
    if ask.notes:
        days += " · " + tr("called")
    # name and phone share a line: "deze week, tot en met zondag 6 december" may take two
    who = f"{ask.first_name or '?'}: {_phone(ask.phone)}" if ask.phone else ask.first_name or "?"
    lines = [f"{what},", ask.when.describe(), who, days]
    return "\n".join(lines)


class VerbinderScreen(KioskScreen):
    state = StringProperty("")  # loading | shown | failed

    def on_pre_enter(self, *_args: Any) -> None:
        self.state = "loading"
        super().on_pre_enter()
        self.load()

    def forget(self) -> None:
        super().forget()
        self.ids.list.data = []
        self.kiosk.visit.verbinder_view = None

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("My circle")
        self.show_next = self.state == "shown"
        self.next_neutral = True
        self.next_icon = "printer"
        self.next_text = tr("Print")
        if self.state == "loading":
            self.step = tr("One moment…")

    def load(self) -> None:
        kiosk = self.kiosk
        session = kiosk.identity.session
        kiosk.background.call_central(
            lambda: kiosk.services.central_now().verbinder(session, WAITING_DAYS),
            self._show,
            self._failed,
        )

    def _show(self, view: Any) -> None:
        kiosk = self.kiosk
        kiosk.visit.verbinder_view = view
        tr = kiosk.tr
        asks = sorted(view.asks, key=lambda a: (not a.waiting, -a.days_open))
        waiting = sum(1 for a in asks if a.waiting)
        self.state = "shown"
        self.refresh()
        self.step = tr("{n} waiting too long").format(n=waiting)
        self.ids.list.show(
            asks,
            [ask_lines(ask, tr) for ask in asks],
            self.open_ask,
            # waiting too long: a warm colour; else plain white
            lambda ask: theme.WAITING if ask.waiting else theme.rgba("#FFFFFF"),
            tr("Nothing is open in your circle right now."),
            least_lines=5,
        )

    def _failed(self, _error: BaseException) -> None:
        self.state = "failed"
        self.refresh()
        self.show_error(
            self.kiosk.tr("The list cannot be fetched now. Check the connection and try again.")
        )

    def open_ask(self, ask: Any) -> None:
        self.kiosk.visit.verbinder_ask = ask
        self.kiosk.nav.go("verbinder_ask")

    def proceed(self) -> None:
        kiosk = self.kiosk
        kiosk.printing.print_fridge_list(kiosk.visit.verbinder_view, kiosk.identity.member)
        self.step = self.kiosk.tr("The list is being printed.")


class VerbinderAskScreen(KioskScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        ask = self.kiosk.visit.verbinder_ask
        view = self.kiosk.visit.verbinder_view
        self.step = ""
        self.show_next = ask is not None and view is not None
        self.next_text = tr("Called")
        self.next_icon = "phone-check"
        self.next_neutral = False
        if ask is None or view is None:
            self.ids.message.text = ""
            return
        self.title = tr("Request {number}").format(number=ask.number)
        what = tr(CATEGORY_BY_CODE[ask.category].label)
        days = (
            tr("since today") if ask.days_open == 0 else tr("{n} days open").format(n=ask.days_open)
        )
        lines = [
            f"{what}, {ask.when.describe()}",
            f"{ask.first_name or '?'} · {_phone(ask.phone)}",
        ]
        if ask.street:
            lines.append(f"{ask.street} {ask.house_number or ''}".strip())
        called = [note.text for note in ask.notes]
        lines.append(" · ".join([days, *called[-1:]]))
        offers = {o.id: o for o in view.offers}
        lines += [
            tr("Could help: {names}").format(names=f"{o.first_name} {_phone(o.phone)}")
            for o in (offers[i] for i in ask.fits if i in offers)
        ]
        self.ids.message.text = "\n".join(lines)

    def proceed(self) -> None:
        self.called()

    def called(self) -> None:
        kiosk = self.kiosk
        ask = kiosk.visit.verbinder_ask
        if ask is None or kiosk.calling:
            return
        session = kiosk.identity.session
        text = kiosk.tr("called")
        kiosk.background.call_central(
            lambda: kiosk.services.central_now().add_note(session, ask.id, text),
            self._noted,
            self.action_failed,
        )

    def _noted(self, _result: Any) -> None:
        self.kiosk.nav.back()
