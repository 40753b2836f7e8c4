"""The composition root: wires services, navigation and controllers; holds the display state.

App-wide display state lives in Kivy properties (sizes in pixels from the panel's millimetres,
the language, the translator ``tr``, online, pending, the print phase) so kv rules and screens
bind to them and follow a change. Screens reach a controller through the app, e.g.
``app.printing.print_receipt(...)``, ``app.nav.go(...)``, ``app.background.run(...)`` (saves)
or ``app.background.call_central(...)`` (the central store).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.config import Config as KivyConfig

KivyConfig.set("kivy", "exit_on_escape", "0")
KivyConfig.set("input", "mouse", "mouse,disable_multitouch")

import fontpkg_atkinson_hyperlegible  # noqa: E402
from kivy.app import App  # noqa: E402
from kivy.base import ExceptionHandler, ExceptionManager  # noqa: E402
from kivy.clock import Clock  # noqa: E402
from kivy.core.text import LabelBase  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.graphics.opengl import glFinish  # noqa: E402
from kivy.properties import (  # noqa: E402
    BooleanProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.screenmanager import ScreenManager  # noqa: E402

from kiosk import ASSETS, i18n  # noqa: E402
from kiosk.config import Config  # noqa: E402
from kiosk.idle import IdleWatch  # noqa: E402
from kiosk.pictograms import FONT_FILE  # noqa: E402
from kiosk.watchdog import Notifier, watchdog_interval  # noqa: E402
from screens import SCREENS, theme  # noqa: E402
from screens.controllers.background import BackgroundWork  # noqa: E402
from screens.controllers.feedback import Feedback  # noqa: E402
from screens.controllers.identity import Identity  # noqa: E402
from screens.controllers.idle import IdleCheck  # noqa: E402
from screens.controllers.printing import Printing  # noqa: E402
from screens.controllers.read_aloud import ReadAloud  # noqa: E402
from screens.controllers.scanning import Scanning  # noqa: E402
from screens.controllers.sync_status import SyncStatus  # noqa: E402
from screens.navigation import Navigator  # noqa: E402
from screens.services import Services, ignore_print, ignore_sync  # noqa: E402
from screens.visit import Visit  # noqa: E402

if TYPE_CHECKING:
    from kiosk.store import LocalStore

log = logging.getLogger(__name__)


def register_fonts() -> None:
    files = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
    LabelBase.register(
        "Body",
        fn_regular=str(files / "AtkinsonHyperlegible-Regular.ttf"),
        fn_bold=str(files / "AtkinsonHyperlegible-Bold.ttf"),
    )
    LabelBase.register("Icons", fn_regular=str(ASSETS / "fonts" / FONT_FILE))


def finish_frames(*_args: Any) -> None:
    """Wait until the frames drawn are done, as a buffer swap on a real display does."""
    glFinish()


FINISH_FRAMES = Clock.create_trigger(finish_frames, 0.1)  # one for every app of a process


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
    notice = StringProperty("")  # "Ik lees voor…", "Uw kaart wordt geprint." in the bar
    busy = BooleanProperty(False)  # a save runs in the background; a second tap waits
    calling = BooleanProperty(False)  # a call to the central store runs; a second tap waits
    print_phase = StringProperty("")  # "", printing, printed, fault, expired
    print_status = StringProperty("")  # PrinterStatus value of the last report
    online = BooleanProperty(False)  # the last sync round reached the central store
    pending = NumericProperty(0)  # changes still waiting to be sent
    synced = BooleanProperty(False)  # at least one sync report came in
    data_version = NumericProperty(0)  # bumped when a sync round pulled changes (board refresh)
    member_name = StringProperty("")  # first name of the identified volunteer, "" when nobody
    out_of_order = BooleanProperty(False)  # the database cannot be used: one screen says so

    def __init__(self, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.visit = Visit()
        self.nav = Navigator(SCREENS, leaving=self._leaving)
        self.background = BackgroundWork(
            show_busy=self._show_busy, show_calling=self._setter("calling")
        )
        feedback = Feedback(
            lang=lambda: self.lang,
            tr=self.translate,
            notify=self._setter("notice"),
            show_error=self.show_error,
        )
        self.reader = ReadAloud(services, feedback)
        self.printing = Printing(
            services,
            self.background,
            show_phase=self._setter("print_phase"),
            show_status=self._setter("print_status"),
            feedback=feedback,
        )
        self.identity = Identity(
            self.nav,
            self.visit,
            show_name=self._setter("member_name"),
            end_session=self._end_session,
        )
        self.sync_status = SyncStatus(
            services,
            show=self._show_sync,
            show_pending=self._setter("pending"),
            data_changed=self._data_changed,
        )
        self.scanning = Scanning(
            services, self.nav, self.visit, self.background, self.touched, self.translate
        )
        self.idle = IdleCheck(
            IdleWatch(services.config.idle_seconds, clock=services.monotonic),
            self.nav,
            at_rest=self._at_rest,
            start_over=self._start_over,
        )
        self.watchdog = Notifier.from_environment()
        self._store_faults = StoreFaults(self)
        self._timers: list[Any] = []  # cancelled on stop: Kivy's Clock outlives an App
        services.on_print = self._on_ui_thread(self.printing.report)
        services.on_sync = self._on_ui_thread(self.sync_status.report)
        self.bind(px_mm=self._sizes, text_scale=self._sizes)
        self.px_mm = services.config.panel.px_per_mm
        self._sizes()
        self.set_language(services.config.language)

    # --- wiring ----------------------------------------------------------------------------

    def _end_session(self, session: str) -> None:
        sync = self.services.sync
        if sync is not None:
            sync.end_session(session)

    def _setter(self, name: str) -> Callable[[Any], None]:
        """A callback that sets the display property ``name``."""
        return lambda value: setattr(self, name, value)

    def _on_ui_thread(self, handler: Callable[[Any], None]) -> Callable[[Any], None]:
        """A worker's report, handled on the UI thread, unless this app stopped meanwhile."""

        def handle(report: Any) -> None:
            def now(_dt: float) -> None:
                if App.get_running_app() is self:
                    handler(report)

            Clock.schedule_once(now)

        return handle

    def _show_busy(self, busy: bool) -> None:
        self.busy = busy
        if not busy and self.notice == self.translate("One moment…"):
            self.notice = ""

    def still_busy(self) -> bool:
        """Whether a tap must wait for work in the background; if so, it says "One moment…"
        in the bar instead of doing nothing."""
        if self.busy:
            self.notice = self.translate("One moment…")
        return bool(self.busy)

    def translate(self, text: str) -> str:
        return str(self.tr(text))

    def show_error(self, message: str) -> None:
        """Say on the screen on show what to do."""
        self.nav.screen.show_error(message)

    def _leaving(self) -> None:
        self.notice = ""
        self.reader.stop()

    def _show_sync(self, online: bool, pending: int) -> None:
        self.online, self.pending, self.synced = online, pending, True

    def _data_changed(self) -> None:
        self.data_version += 1

    @property
    def store(self) -> LocalStore:
        return self.services.store

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
        scale = min(theme.LARGER, (height_mm - fixed) / (2 * line_mm) - 0.005)
        # Under 10 % larger nobody sees the difference, and the lists lose their room for it:
        # the 7" panels offer no "Groter" at all (measured: 8 %), the 10.1" the full 25 %.
        return scale if scale >= theme.LARGER_AT_LEAST else 1.0

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

    # --- a visit ---------------------------------------------------------------------------

    def touched(self) -> None:
        """Every released tap on a target lands here (stop reading aloud)."""
        self.reader.stop()
        self.notice = ""
        self.idle.touched()

    def stop_visit(self) -> None:
        """Naar het begin, Afmelden (or walking away): forget everything this person typed; start at Home."""
        self.visit.forget()
        self.identity.forget()
        self.printing.forget()
        for screen in self.nav.manager.screens:
            screen.forget()
        self.nav.home()

    def _at_rest(self) -> bool:
        return not self.larger and self.lang == self.services.config.language

    def _start_over(self) -> None:
        """Nobody answered "Bent u er nog?": the next person starts as the kiosk is set up,
        not as the last one left it."""
        self.stop_visit()
        if self.larger:
            self.toggle_larger()
        self.set_language(self.services.config.language)

    # --- the App's life --------------------------------------------------------------------

    def build(self) -> ScreenManager:
        register_fonts()
        Window.clearcolor = theme.BACKGROUND
        Window.bind(on_request_close=lambda *_a: True, on_keyboard=self._on_keyboard)
        if os.environ.get("SDL_VIDEODRIVER") == "offscreen":
            # Without a display nothing swaps buffers, so nothing waits for Mesa's llvmpipe to
            # finish a frame: with only glFlush after each frame, the buffers and textures a
            # screen change frees stayed queued and memory grew by ~2 MB per change, up to
            # ~150 MB (found with heaptrack). Waiting for the frames drawn, a tenth of a second
            # after the last one (when they are done, so it hardly ever blocks), keeps headless
            # runs (tour, tests, benchmarks) flat; on a real screen the swap does it.
            Window.unbind(on_flip=FINISH_FRAMES)
            Window.bind(on_flip=FINISH_FRAMES)
        return self.nav.build("home")

    def on_start(self) -> None:
        Window.bind(on_flip=self._first_frame_drawn)
        Window.bind(on_touch_down=self.idle.touched, on_key_down=self.idle.touched)
        self.scanning.start()
        self.idle.start()
        ExceptionManager.add_handler(self._store_faults)
        self._timers.append(Clock.schedule_interval(self._look_at_the_store, 0.2))
        # systemd: READY=1 once the first frame is up; WATCHDOG=1 from the Kivy clock, so a
        # frozen UI thread stops the pings and systemd restarts the kiosk.
        interval = watchdog_interval()
        if interval is not None:
            self._timers.append(Clock.schedule_interval(self.watchdog.tick, interval))
        Clock.schedule_once(lambda _dt: self.watchdog.ready(), 0)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda *_a: Clock.schedule_once(lambda _dt: self.stop()))

    def _first_frame_drawn(self, *_args: Any) -> None:
        Window.unbind(on_flip=self._first_frame_drawn)
        self.services.start(background=True)  # does nothing when they are open already

    def _look_at_the_store(self, _dt: float) -> bool:
        """Once the services opened: an unusable database puts the kiosk out of order."""
        if not self.services.opened:
            return True
        if self.services.unusable is not None:
            self.show_out_of_order()
        return False

    def show_out_of_order(self) -> None:
        """The one screen left: "De kiosk doet het even niet"; no ask, offer or claim starts."""
        if self.out_of_order:
            return
        self.out_of_order = True
        self.visit.forget()
        self.identity.forget()
        self.nav.hold("out_of_order")

    def _on_keyboard(self, _window: Any, key: int, *_args: Any) -> bool:
        # Escape (27), F1 (282) and the menu key (319) must not leave or open settings.
        return key in (27, 282, 319)

    def open_settings(self, *_args: Any) -> bool:
        return False

    def on_stop(self) -> None:
        # Reports still on their way must not reach screens of an app that has stopped.
        self.services.on_print = ignore_print
        self.services.on_sync = ignore_sync
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        self.nav.stop()
        self.idle.stop()
        self.reader.close()
        Window.unbind(on_touch_down=self.idle.touched, on_key_down=self.idle.touched)
        Window.unbind(on_flip=self._first_frame_drawn)
        self.scanning.stop()
        ExceptionManager.remove_handler(self._store_faults)
        self.watchdog.stopping()
        self.reader.stop()
        self.background.shutdown()


class StoreFaults(ExceptionHandler):
    """An unusable database met on the UI thread (a tap that reached the store while it was
    still opening) puts the kiosk out of order instead of ending the app."""

    def __init__(self, app: KioskApp) -> None:
        super().__init__()
        self.app = app

    def handle_exception(self, inst: BaseException) -> Any:
        from kiosk.store import StoreUnusable

        if isinstance(inst, StoreUnusable):
            self.app.show_out_of_order()
            return ExceptionManager.PASS
        return ExceptionManager.RAISE


def configure_window(config: Config) -> None:
    """Window size and mode before the window exists."""
    panel = config.panel
    KivyConfig.set("graphics", "width", str(panel.width))
    KivyConfig.set("graphics", "height", str(panel.height))
    KivyConfig.set("graphics", "fullscreen", "auto" if config.fullscreen else "0")
    KivyConfig.set("graphics", "show_cursor", "0" if config.fullscreen else "1")
    KivyConfig.set("graphics", "resizable", "0")


if os.environ.get("BUURTKIOSK_DEBUG"):
    logging.basicConfig(level=logging.DEBUG)
