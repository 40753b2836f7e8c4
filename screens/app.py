"""The composition root: builds the services once and hands them to the screens.

App-wide display state lives in Kivy properties (sizes in pixels from the panel's millimetres,
the language, the translator ``tr``) so kv rules bind to them and follow a switch. I/O never runs
on the UI thread: :meth:`KioskApp.in_background` runs it in a worker and brings the result back
with ``Clock.schedule_once``.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.config import Config as KivyConfig

KivyConfig.set("kivy", "exit_on_escape", "0")
KivyConfig.set("input", "mouse", "mouse,disable_multitouch")

import fontpkg_atkinson_hyperlegible  # noqa: E402
from kivy.app import App  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.core.text import LabelBase  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.graphics.opengl import glFlush  # noqa: E402
from kivy.properties import (  # noqa: E402
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.screenmanager import NoTransition, ScreenManager  # noqa: E402

from kiosk import ASSETS, i18n  # noqa: E402
from kiosk.clock import utc_now  # noqa: E402
from kiosk.config import Config  # noqa: E402
from kiosk.domain import (  # noqa: E402
    AskDraft,
    Circle,
    Member,
    OfferDraft,
    When,
    WhenKind,
    normalise_phone,
)
from kiosk.idle import IdleState, IdleWatch  # noqa: E402
from kiosk.pictograms import FONT_FILE  # noqa: E402
from kiosk.printer.service import Phase  # noqa: E402
from kiosk.speech import Speaker  # noqa: E402
from kiosk.watchdog import Notifier, watchdog_interval  # noqa: E402
from screens import theme  # noqa: E402

if TYPE_CHECKING:
    from kiosk.printer import PrinterHandle, PrintService, PrintState
    from kiosk.store import ClaimedAsk, LocalStore
    from kiosk.sync import CentralClient, SyncReport, SyncWorker

log = logging.getLogger(__name__)


def register_fonts() -> None:
    files = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
    LabelBase.register(
        "Body",
        fn_regular=str(files / "AtkinsonHyperlegible-Regular.ttf"),
        fn_bold=str(files / "AtkinsonHyperlegible-Bold.ttf"),
    )
    LabelBase.register("Icons", fn_regular=str(ASSETS / "fonts" / FONT_FILE))


def _ignore(_state: PrintState) -> None:
    pass


def _flush(*_args: Any) -> None:
    glFlush()


class Services:
    """Everything the screens use, built in one place.

    The database and the printer are opened in a worker thread while Kivy opens the window and
    draws Home (SQLAlchemy and the migrations check cost half a second); a screen that needs
    them waits on first use, which in practice is after the first tap.
    """

    def __init__(
        self, config: Config, circles: list[dict[str, str]], clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.config = config
        self.circles = circles
        self.clock = clock
        self.monotonic: Callable[[], float] = time.monotonic  # tests fast-forward this
        self.speaker = Speaker()
        self.on_print: Callable[[PrintState], None] = _ignore  # the app sets it; off-thread
        self.on_sync: Callable[[SyncReport], None] = lambda _report: None  # likewise
        self._sync: SyncWorker | None = None
        self._central: CentralClient | None = None
        self._central_lock = threading.Lock()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._store: LocalStore | None = None
        self._printer: PrinterHandle | None = None
        self._printing: PrintService | None = None

    def start(self, background: bool = True) -> Services:
        if background:
            threading.Thread(target=self._open, name="kiosk-open", daemon=True).start()
        else:
            self._open()
        return self

    def _open(self) -> None:
        try:
            from kiosk.printer import start_printing
            from kiosk.store import LocalStore

            store = LocalStore.open(self.config.database, clock=self.clock)
            store.seed_circles(
                [
                    Circle(c["code"], c["name"], c["verbinder"], normalise_phone(c["phone"]))
                    for c in self.circles
                ]
            )
            self._store = store
            self._printer, self._printing = start_printing(
                self.config.printer,
                lambda state: self.on_print(state),
                out_dir=self.config.receipts,
            )
            central = self.config.central
            if central.enabled:
                from kiosk.sync import SyncWorker

                self._sync = SyncWorker(
                    store, central.url, central.device_token(), lambda report: self.on_sync(report)
                )
                self._sync.start()
        except BaseException as error:  # re-raised where the services are used
            self._error = error
        finally:
            self._ready.set()

    def wait(self, timeout: float = 60.0) -> None:
        if not self._ready.wait(timeout):
            raise TimeoutError("the kiosk's database did not open in time")
        if self._error is not None:
            raise self._error

    @property
    def store(self) -> LocalStore:
        self.wait()
        assert self._store is not None
        return self._store

    @property
    def printer(self) -> PrinterHandle | None:
        self.wait()
        return self._printer

    @property
    def printing(self) -> PrintService | None:
        self.wait()
        return self._printing

    @property
    def sync(self) -> SyncWorker | None:
        self.wait()
        return self._sync

    def central(self) -> CentralClient | None:
        """The HTTP client for calls made while a person waits (identify, the verbinder's
        list); None when this kiosk has no central store. Only ever used from a worker."""
        central = self.config.central
        if not central.enabled:
            return None
        with self._central_lock:
            if self._central is None:
                from kiosk.sync import CentralClient

                self._central = CentralClient(central.url, central.device_token())
            return self._central

    def close(self) -> None:
        if self._central is not None:
            self._central.close()
        if not self._ready.wait(60):
            return
        if self._sync is not None:
            self._sync.stop()
        if self._printing is not None:
            self._printing.close()
        if self._printer is not None:
            self._printer.close()
        self.speaker.stop()
        if self._store is not None:
            self._store.close()


def build_services(
    config: Config, circles: list[dict[str, str]], background: bool = False
) -> Services:
    return Services(config, circles).start(background)


class KioskApp(App):
    title = "Buurtkiosk"
    use_kivy_settings = False

    px_mm = NumericProperty(5.25)
    text_scale = NumericProperty(1.0)
    font_px = NumericProperty(36.0)
    line_px = NumericProperty(45.0)
    target_px = NumericProperty(105.0)
    gap_px = NumericProperty(32.0)
    margin_px = NumericProperty(4.0)
    lang = StringProperty(i18n.DEFAULT_LANGUAGE)
    larger = BooleanProperty(False)  # the "Groter" switch on Home
    tr = ObjectProperty(i18n._)
    notice = StringProperty("")
    busy = BooleanProperty(False)
    print_job = StringProperty("")  # id of the ask or offer whose receipt is on its way
    print_phase = StringProperty("")  # "", printing, printed, fault, expired
    print_status = StringProperty("")  # PrinterStatus value of the last report
    online = BooleanProperty(False)  # the last sync round reached the central store
    pending = NumericProperty(0)  # changes still waiting to be sent
    synced = BooleanProperty(False)  # at least one sync report came in
    data_version = NumericProperty(0)  # bumped when a sync round pulled changes (board refresh)
    member_name = StringProperty("")  # first name of the identified volunteer, "" when nobody
    board_circle = ObjectProperty(None, allownone=True)  # board filters: circle code / category
    board_category = ObjectProperty(None, allownone=True)
    chosen_ask = ObjectProperty(None, allownone=True)  # the PublicAsk opened from the board

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.ask_draft = AskDraft()
        self.offer_draft = OfferDraft()
        self.last_saved: Any = None
        self.member: Member | None = None  # identified by card or PIN; forgotten on Stoppen/idle
        self.member_session = ""
        self.after_identify = "member_home"
        self.pin_member: Any = None  # the MemberName picked for a PIN try
        self.helper_tokens: dict[str, str] = {}  # ask id → helper slip token, this visit only
        self.lost_claims: set[str] = set()  # asks whose claim here lost at the central store
        self.job_id = ""  # the job opened from 'Mijn klussen' or by its slip's QR code
        self.scanned_receipt: Any = None  # (Ask, follow-up token) after a receipt was scanned
        self.verbinder_view: Any = None  # the verbinder's list with contacts, this visit only
        self.verbinder_ask: Any = None
        self.scanner: Any = None
        self.history: list[str] = []
        self._unbuilt: dict[str, tuple[type, dict[str, Any]]] = {}
        self._workers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-io")
        self.watchdog = Notifier.from_environment()
        self.idle = IdleWatch(services.config.idle_seconds, clock=services.monotonic)
        self._before_idle = "home"
        self._chime: Any = None
        self._timers: list[Any] = []  # cancelled on stop: Kivy's Clock outlives an App
        self.last_sync: Any = None
        services.on_print = lambda state: Clock.schedule_once(lambda _dt: self._printed(state))
        services.on_sync = lambda report: Clock.schedule_once(lambda _dt: self._synced(report))
        self.bind(px_mm=self._sizes, text_scale=self._sizes)
        self.px_mm = services.config.panel.px_per_mm
        self._sizes()
        self.set_language(services.config.language)

    # --- sizes and language ----------------------------------------------------------------

    def _sizes(self, *_args: Any) -> None:
        self.font_px = theme.CAP_HEIGHT_MM * self.px_mm * self.text_scale / theme.CAP_RATIO
        self.line_px = self.font_px * theme.LINE
        self.target_px = theme.TARGET_MM * self.px_mm
        self.gap_px = theme.GAP_MM * self.px_mm
        self.margin_px = theme.MARGIN_MM * self.px_mm

    def larger_scale(self) -> float:
        """How much "Groter" enlarges text on this panel: up to LARGER, as far as it fits.

        The tightest screens (name and phone keys) need two lines of text, three rows of
        20 mm targets and two 6 mm gaps; on the 7" panel (91 mm high) that leaves room for
        only about 8 % larger text, on the 10.1" panel for the full 25 %.
        """
        panel = self.services.config.panel
        height_mm = panel.height / panel.px_per_mm
        fixed = 2 * theme.MARGIN_MM + 3 * theme.TARGET_MM + 2 * theme.GAP_MM
        line_mm = theme.CAP_HEIGHT_MM / theme.CAP_RATIO * theme.LINE
        return max(1.0, min(theme.LARGER, (height_mm - fixed) / (2 * line_mm) - 0.005))

    def toggle_larger(self) -> None:
        self.larger = not self.larger
        self.text_scale = self.larger_scale() if self.larger else 1.0

    def mm(self, value: float) -> float:
        return value * self.px_mm

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.lang = lang
        self.tr = i18n.translator(lang)
        if self.root is not None:
            self.root.current_screen.refresh()

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "nl" else "nl")

    # --- building --------------------------------------------------------------------------

    def build(self) -> ScreenManager:
        register_fonts()
        from screens import screen_classes

        Window.clearcolor = theme.BACKGROUND
        Window.bind(on_request_close=lambda *_a: True, on_keyboard=self._on_keyboard)
        if os.environ.get("SDL_VIDEODRIVER") == "offscreen":
            # Without a display nothing swaps buffers, and Mesa's llvmpipe keeps queueing every
            # frame's work: memory grew by megabytes per frame drawn. Flushing after each frame
            # keeps headless runs (tour, tests, benchmarks) flat; on a real screen the swap does it.
            Window.unbind(on_flip=_flush)
            Window.bind(on_flip=_flush)
        manager = ScreenManager(transition=NoTransition())
        # Home first, so the first frame comes nearly as soon as a bare app's; the other screens
        # are built one per frame afterwards (or at once when someone taps their way there).
        self._unbuilt = {name: (cls, options) for name, cls, options in screen_classes()}
        self.ensure_screen("home", manager)
        self._timers.append(Clock.schedule_once(self._build_next, 0.1))
        return manager

    def ensure_screen(self, name: str, manager: ScreenManager | None = None) -> None:
        manager = manager or self.root
        found = self._unbuilt.pop(name, None)
        if found is not None:
            cls, options = found
            manager.add_widget(cls(name=name, **options))

    def _build_next(self, _dt: float) -> None:
        if self._unbuilt:
            self.ensure_screen(next(iter(self._unbuilt)))
            self._timers.append(Clock.schedule_once(self._build_next, 0))
        else:
            # Everything built lives as long as the app: keep it out of the garbage
            # collector's full passes, which otherwise stall a frame now and then.
            gc.freeze()

    def all_screens(self) -> list[Any]:
        """Every screen, built (for tests that visit them all)."""
        for name in list(self._unbuilt):
            self.ensure_screen(name)
        return list(self.root.screens)

    def on_start(self) -> None:
        Window.bind(on_touch_down=self._any_touch, on_key_down=self._any_touch)
        from screens.scanner import ScannerInput

        self.scanner = ScannerInput(self.on_scan, self.services.config.central.followup_base)
        self.scanner.start()
        self._timers.append(Clock.schedule_interval(self._check_idle, 0.25))
        # systemd: READY=1 once the first frame is up; WATCHDOG=1 from the Kivy clock, so a
        # frozen UI thread stops the pings and systemd restarts the kiosk.
        interval = watchdog_interval()
        if interval is not None:
            self._timers.append(Clock.schedule_interval(self.watchdog.tick, interval))
        Clock.schedule_once(lambda _dt: self.watchdog.ready(), 0)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_a: Clock.schedule_once(lambda _dt: self.stop()))

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        # Escape (27), F1 (282) and the menu key (319) must not leave or open settings.
        return key in (27, 282, 319)

    def open_settings(self, *_args: Any) -> bool:
        return False

    @property
    def sm(self) -> ScreenManager:
        return self.root

    @property
    def store(self) -> LocalStore:
        return self.services.store

    # --- navigation ------------------------------------------------------------------------

    def go(self, name: str, remember: bool = True) -> None:
        self.ensure_screen(name)
        if remember and self.sm.current != name:
            self.history.append(self.sm.current)
        self.notice = ""
        self.services.speaker.stop()
        self.sm.current = name

    def go_back(self) -> None:
        self.notice = ""
        self.services.speaker.stop()
        self.sm.current = self.history.pop() if self.history else "home"

    def go_home(self) -> None:
        self.history.clear()
        self.go("home", remember=False)

    def stop_visit(self) -> None:
        """Stoppen (or walking away): forget everything this person typed; start at Home."""
        self.ask_draft = AskDraft()
        self.offer_draft = OfferDraft()
        self.last_saved = None
        self.forget_member()
        self.chosen_ask = self.board_circle = self.board_category = None
        self.pin_member = self.scanned_receipt = self.verbinder_view = self.verbinder_ask = None
        self.helper_tokens.clear()
        self.job_id = ""
        self.print_job = self.print_phase = self.print_status = ""
        for screen in self.sm.screens:
            screen.forget()
        self.go_home()

    def saved(self, flow: str, saved: Any) -> None:
        """The commit returned: now, and only now, the person is told it worked."""
        self.last_saved = saved
        self.print_receipt(flow, saved)
        self.kick_sync()
        if flow == "ask":
            self.ask_draft = AskDraft()
        else:
            self.offer_draft = OfferDraft()
        self.history.clear()
        self.go(f"{flow}_done", remember=False)

    # --- receipts --------------------------------------------------------------------------

    def print_receipt(self, flow: str, saved: Any) -> None:
        """Queue the receipt; the print worker reports back through :meth:`_printed`."""
        self.print_job, self.print_phase, self.print_status = saved.id, "", ""
        if flow == "ask":
            draft = self.ask_draft
            categories: tuple[str, ...] = (draft.category or "other",)
            circle = self.store.circle(draft.circle)
        else:
            categories, circle = tuple(self.offer_draft.categories), None
            draft = self.offer_draft  # type: ignore[assignment]
        when = draft.when or When(WhenKind.ANY_TIME)
        self._submit(
            saved.id,
            self._receipt(flow, saved.number, categories, when, circle, saved.followup_token),
        )

    def reprint_receipt(self, ask: Any, token: str) -> None:
        """'Bon opnieuw': the scanned receipt's token makes the same QR code again."""
        circle = self.store.circle(ask.circle)
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
            lang=self.lang,
        )

    def _submit(self, job_id: str, content: Any) -> bool:
        """Queue any paper; ``print_phase`` follows it as it follows a receipt."""
        printing = self.services.printing
        if printing is None:
            return False
        from kiosk.printer import PrintJob

        self.print_job, self.print_phase, self.print_status = job_id, Phase.PRINTING.value, ""
        printing.submit(PrintJob(job_id, content))
        return True

    def confirmed_slip(self, ask_id: str) -> ClaimedAsk | None:
        """The helper slip's data once the central store confirmed the claim made here and
        the asker's phone has come with it; None before."""
        slip = self.store.helper_slip(ask_id)
        return slip if slip is not None and slip.claim_state == "confirmed" and slip.phone else None

    def print_helper_slip(self, ask_id: str) -> bool:
        """The asker's contact on paper, for the claimer only, once the central store agreed."""
        from kiosk.printer import HelperSlipContent, helper_url

        slip = self.confirmed_slip(ask_id)
        if slip is None:
            return False
        token = self.helper_tokens.get(ask_id)
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
                lang=self.lang,
            ),
        )

    def print_member_card(self) -> None:
        """'Mijn kaart': a new card from the central store (the old one stops working)."""
        member, session = self.member, self.member_session
        if member is None:
            return
        from kiosk.printer import MemberCardContent

        def done(card_text: str) -> None:
            circle = self.store.circle(member.circle)
            config = self.services.config
            self._submit(
                f"card-{member.id}",
                MemberCardContent(
                    first_name=member.first_name,
                    circle_name=circle.name if circle else None,
                    card_text=card_text,
                    buurthuis_name=config.buurthuis,
                    printed_at=self.services.clock(),
                    lang=self.lang,
                ),
            )
            self.notice = self.tr("Your card is being printed.")

        def failed(_error: BaseException) -> None:
            self.sm.current_screen.show_error(
                self.tr("A new card cannot be made right now. Please try again later.")
            )

        self.in_background(lambda: self.central().new_card(session), done, failed)

    def print_fridge_list(self) -> None:
        """The verbinder's circle on paper: numbers, what, when, days open; no contact data."""
        view, member = self.verbinder_view, self.member
        if view is None or member is None:
            return
        from kiosk.domain import first_initial
        from kiosk.printer import FridgeListContent, FridgeRow

        circle = self.store.circle(member.circle)
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
                lang=self.lang,
            ),
        )

    def _printed(self, state: PrintState) -> None:
        if App.get_running_app() is not self:
            return
        if state.job_id == self.print_job:
            self.print_phase = state.phase.value
            self.print_status = state.status.value

    # --- sync -------------------------------------------------------------------------------

    def _synced(self, report: SyncReport) -> None:
        if App.get_running_app() is not self:
            return  # scheduled just before this app stopped
        self.online, self.pending, self.synced = report.online, report.pending, True
        self.last_sync = report
        for conflict in report.conflicts:
            if conflict.event_type == "ask.claim":
                self.lost_claims.add(conflict.ask_id)
        if report.pulled or report.pushed or report.conflicts:
            self.data_version += 1

    # --- the USB scanner: it types the QR code's text, then Enter, on any screen ------------

    def on_scan(self, scan: Any) -> None:
        """A receipt opens its request, a helper slip its job, a member card identifies."""
        from kiosk import scan as scans

        self.touched()
        store = self.store
        screen = self.sm.current_screen
        if isinstance(scan, scans.MemberCardScan):
            client = self.central
            token = scan.token
            from screens.identify import answer_identify

            def answered(result: Any) -> None:
                answer_identify(self.sm.current_screen, result)

            def failed(_error: BaseException) -> None:
                self.sm.current_screen.show_error(
                    self.tr("The kiosk cannot check your card now. Please try again later.")
                )

            self.in_background(lambda: client().identify_card(token), answered, failed)
        elif isinstance(scan, scans.FollowUpScan):
            ask = store.ask_by_followup_token(scan.token)
            if ask is None:
                screen.show_error(
                    self.tr("We do not know this receipt here. Please ask the connector.")
                )
                return
            self.scanned_receipt = (ask, scan.token)
            self.go("followup")
            self.sm.current_screen.refresh()
        elif isinstance(scan, scans.HelperScan):
            ask = store.ask_by_helper_token(scan.token)
            if ask is None:
                screen.show_error(self.tr("We do not know this helper slip. Please ask someone."))
                return
            self.job_id = ask.id
            self.helper_tokens[ask.id] = scan.token
            self.go("job")
            self.sm.current_screen.refresh()
        else:
            screen.show_error(
                self.tr("We do not know this code. Scan the code on your receipt or your card.")
            )

    # --- volunteers: who is here (card or PIN) ----------------------------------------------

    def identify_then(self, purpose: str) -> None:
        """Ask who the volunteer is (unless known), then go on with ``purpose``."""
        self.after_identify = purpose
        if self.member is not None:
            self._continue_after_identify()
        else:
            self.go("identify")

    def identified(self, member: Member, session: str) -> None:
        """The central store recognised a card or a PIN."""
        self.member, self.member_session = member, session
        self.member_name = member.first_name
        # the identify steps are done: Terug should not lead back into the PIN keypad
        while self.history and self.history[-1].startswith("identify"):
            self.history.pop()
        self._continue_after_identify()

    def _continue_after_identify(self) -> None:
        purpose, self.after_identify = self.after_identify, "member_home"
        if purpose == "claim" and self.chosen_ask is not None:
            self.go("claim")
        elif purpose == "verbinder" and self.member and self.member.role == "verbinder":
            self.go("verbinder")
        else:
            self.go("member_home")

    def forget_member(self) -> None:
        self.member, self.member_session, self.member_name = None, "", ""
        self.after_identify = "member_home"

    def central(self) -> Any:
        """A client for calls that need the central store now (identify, verbinder)."""
        return self.services.central()

    def kick_sync(self) -> None:
        """Send what was just saved now rather than at the next round."""
        if self.services._ready.is_set() and self.services.sync is not None:
            self.pending = self.store.pending_count()
            self.services.sync.kick()

    def retry_print(self) -> None:
        if self.services.printing is not None:
            self.print_phase = Phase.PRINTING.value
            self.services.printing.retry_now()

    def today(self) -> date:
        return self.services.clock().astimezone().date()

    def touched(self) -> None:
        """Every released tap on a target lands here (stop reading aloud)."""
        self.services.speaker.stop()
        self.notice = ""
        self.idle.touched()

    # --- idle: 'Bent u er nog?', then forget everything -----------------------------------

    def _any_touch(self, *_args: Any) -> None:
        self.idle.touched()  # returns None: the touch goes on to the widgets

    def _check_idle(self, _dt: float) -> None:
        if self.root is None:
            return
        state = self.idle.state()
        current = self.sm.current
        if state is IdleState.ASKING and current not in ("home", "idle"):
            self._before_idle = current
            self.go("idle", remember=False)
            self._play_chime()
        elif state is IdleState.ASKING and current == "idle":
            self.sm.current_screen.countdown(self.idle.seconds_left())
        elif state is IdleState.EXPIRED:
            self.idle.touched()
            if current != "home" or self.larger or self.lang != self.services.config.language:
                self.stop_visit()
                # the next person starts as the kiosk is set up, not as the last one left it
                if self.larger:
                    self.toggle_larger()
                self.set_language(self.services.config.language)
        elif state is IdleState.ACTIVE and current == "idle":
            self.resume_after_idle()

    def resume_after_idle(self) -> None:
        self.idle.touched()
        if self.sm.current == "idle":
            self.go(self._before_idle, remember=False)

    def _play_chime(self) -> None:
        try:
            if self._chime is None:
                from kivy.core.audio import SoundLoader

                self._chime = SoundLoader.load(str(ASSETS / "sounds" / "chime.wav")) or False
            if self._chime:
                self._chime.play()
        except Exception:  # a kiosk without sound still asks, in words on the screen
            log.warning("could not play the idle chime", exc_info=True)

    def read_aloud(self, text: str) -> None:
        """'Lees voor': speak in a child process; say so on screen while it speaks."""
        speaker = self.services.speaker
        if not speaker.say(text, self.lang):
            self.sm.current_screen.show_error(
                self.tr("Reading aloud does not work on this kiosk. Please ask someone.")
            )
            return
        self.notice = self.tr("Reading aloud…")

        def watch(_dt: float) -> bool | None:
            if speaker.speaking:
                return None
            self.notice = ""
            return False

        self._timers.append(Clock.schedule_interval(watch, 0.2))

    # --- background work -------------------------------------------------------------------

    def in_background(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` off the UI thread; ``done`` or ``failed`` run on it afterwards.

        ``busy`` is true from here until the answer is back on the UI thread.
        """

        def finish(future: Any) -> None:
            error = future.exception()

            def answer(_dt: float) -> None:
                self.busy = False
                if error is None:
                    done(future.result())
                else:
                    failed(error)

            Clock.schedule_once(answer)

        self.busy = True
        future = self._workers.submit(work)
        future.add_done_callback(finish)

    def on_stop(self) -> None:
        # Reports still on their way must not reach screens of an app that has stopped.
        self.services.on_print = _ignore
        self.services.on_sync = lambda _report: None
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        Window.unbind(on_touch_down=self._any_touch, on_key_down=self._any_touch)
        if self.scanner is not None:
            self.scanner.stop()
        self.watchdog.stopping()
        self.services.speaker.stop()
        self._workers.shutdown(wait=True)


def configure_window(config: Config) -> None:
    """Window size and mode before the window exists."""
    panel = config.panel
    KivyConfig.set("graphics", "width", str(panel.width))
    KivyConfig.set("graphics", "height", str(panel.height))
    KivyConfig.set("graphics", "fullscreen", "auto" if config.fullscreen else "0")
    KivyConfig.set("graphics", "show_cursor", "0" if config.fullscreen else "1")
    KivyConfig.set("graphics", "resizable", "0")


def run(config: Config, circles: list[dict[str, str]], demo_dir: Path | None = None) -> int:
    configure_window(config)
    Window.size = (config.panel.width, config.panel.height)
    services = build_services(config, circles, background=True)
    app = KioskApp(services)
    try:
        if demo_dir is not None:
            from screens.demo import run_demo

            return run_demo(app, demo_dir)
        app.run()
        return 0
    finally:
        services.close()


if os.environ.get("BUURTKIOSK_DEBUG"):
    logging.basicConfig(level=logging.DEBUG)
