"""The services the screens use (store, printer, sync, central client), built in one place."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from kiosk.clock import utc_now
from kiosk.config import Config
from kiosk.domain import Circle, normalise_phone
from kiosk.speech import Speaker

if TYPE_CHECKING:
    from kiosk.printer import PrinterHandle, PrintService, PrintState
    from kiosk.store import LocalStore, StoreUnusable
    from kiosk.sync import CentralClient, SyncReport, SyncWorker


log = logging.getLogger(__name__)


def ignore_print(_state: PrintState) -> None:
    """What the print worker's reports go to while no app listens."""


def ignore_sync(_report: SyncReport) -> None:
    """What the sync worker's reports go to while no app listens."""


class Services:
    """Everything the screens use, built in one place.

    The kiosk opens the database and the printer in a worker thread once Home is on the
    screen (SQLAlchemy and the migrations check cost half a second, and a thread that runs
    while the first frame is drawn slows it down); a screen that needs them waits on first
    use, which in practice is after the first tap. Whoever needs them before they were started
    opens them there and then.
    """

    def __init__(
        self, config: Config, circles: list[dict[str, str]], clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.config = config
        self.circles = circles
        self.clock = clock
        self.monotonic: Callable[[], float] = time.monotonic  # tests fast-forward this
        self.speaker = Speaker()
        self.on_print: Callable[[PrintState], None] = ignore_print  # the app sets it; off-thread
        self.on_sync: Callable[[SyncReport], None] = ignore_sync  # likewise
        self._sync: SyncWorker | None = None
        self._central: CentralClient | None = None
        self._central_lock = threading.Lock()
        self._ready = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()
        self._error: BaseException | None = None
        self.unusable: StoreUnusable | None = None  # the database could not be used
        self._store: LocalStore | None = None
        self._printer: PrinterHandle | None = None
        self._printing: PrintService | None = None

    def start(self, background: bool = True) -> Services:
        """Open everything, in a worker thread or now; once only (later calls do nothing)."""
        with self._start_lock:
            if self._started:
                return self
            self._started = True
        if background:
            threading.Thread(target=self._open, name="kiosk-open", daemon=True).start()
        else:
            self._open()
        return self

    def _open(self) -> None:
        try:
            from kiosk.printer import start_printing
            from kiosk.store import LocalStore, StoreUnusable

            try:
                store = LocalStore.open(self.config.database, clock=self.clock)
            except StoreUnusable as error:
                # One line for the operator (file and reason, no personal data); the file
                # stays as it is for ``buurtkiosk restore-backup``.
                log.error("%s; the kiosk is out of order until a backup is restored", error)
                self.unusable = error
                raise
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

    @property
    def opened(self) -> bool:
        """Whether the database and the printer are open (or failed to): nothing waits then."""
        return self._ready.is_set()

    def wait(self, timeout: float = 60.0) -> None:
        self.start(background=False)  # needed before the app got round to opening them
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

    def today(self) -> date:
        """The local date by the services' clock (tests move it)."""
        return self.clock().astimezone().date()

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

    def central_now(self) -> CentralClient:
        """As :meth:`central`, for a call a person waits for; raises without a central store
        (the caller's failure path then says it cannot be done now)."""
        client = self.central()
        if client is None:
            raise LookupError("this kiosk has no central store")
        return client

    def close(self) -> None:
        if self._central is not None:
            self._central.close()
        with self._start_lock:
            never_started, self._started = not self._started, True
        if never_started:
            self.speaker.stop()
            return
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
    """The kiosk opens them in the background (the window comes first); tests open them now."""
    return Services(config, circles).start(background)
