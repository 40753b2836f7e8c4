"""Home: ask, offer, the board, and "I have a receipt"; the language switch in the bar.

The buurthuis's name stands in the header beside the question ("Buurthuis De Linde"), with
the sync state for volunteers; where the panel is too narrow for both, the name without
its leading "Buurthuis" (nothing is ever cut off).
"""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.utils import escape_markup

from kiosk.pictograms import glyph
from screens.measure import text_width
from screens.widgets import KioskScreen, load_kv

load_kv(__file__)


class HomeScreen(KioskScreen):
    welcome = StringProperty("")

    def on_kv_post(self, base_widget: object) -> None:
        super().on_kv_post(base_widget)
        self.kiosk.bind(online=self._sync_state, pending=self._sync_state, synced=self._sync_state)
        self.ids.header.bind(width=self._sync_state)

    def buurthuis(self, room: float) -> str:
        """The buurthuis's name as it fits in ``room`` pixels: whole, or without a leading
        "Buurthuis", or (a panel far too narrow) not at all."""
        name = " ".join(self.kiosk.services.config.buurthuis.split())
        words = name.split(" ", 1)
        short = words[1] if len(words) == 2 and words[0].lower() == "buurthuis" else name
        for shown in (name, short):
            if shown and text_width(shown, self.kiosk.font_px) + 2 <= room:
                return shown
        return ""

    def _sync_state(self, *_args: object) -> None:
        """The buurthuis's name, and discreetly, for volunteers: a cloud when connected,
        the count still to send."""
        kiosk = self.kiosk
        header = self.ids.header
        title = text_width(self.title, kiosk.font_px, bold=True) + 2
        sync = self._sync_icon()
        room = header.width - title - kiosk.gap_px
        if sync:
            room -= text_width(" 0000", kiosk.font_px) + kiosk.font_px * 1.2
        name = escape_markup(self.buurthuis(room))
        self.step = f"{name} {sync}".strip() if sync else name

    def _sync_icon(self) -> str:
        kiosk = self.kiosk
        if not kiosk.services.config.central.enabled or not kiosk.synced:
            return ""
        icon = glyph(
            "cloud-check"
            if kiosk.online and not kiosk.pending
            else "cloud-upload"
            if kiosk.online
            else "wifi-off"
        )
        count = f" {int(kiosk.pending)}" if kiosk.pending else ""
        return f"[font=Icons]{icon}[/font]{count}"

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("How can we help?")
        self._sync_state()
        # Terug has nowhere to go from Home: its place is the volunteers' way in (discreet,
        # in the bar; their card works on any screen anyway)
        self.show_back = True
        self.back_name = "volunteer"
        self.back_icon = "card-account-details"
        self.back_text = tr("Helpers")
        # here the place of "Naar het begin" holds the text-size switch, where the panel has
        # room for larger text (the 10.1"; not the 7" panels)
        self.show_stop = self.kiosk.larger_scale() > 1.0
        self.stop_icon = "format-size"
        self.stop_text = tr("Smaller") if self.kiosk.larger else tr("Larger")
        self.show_next = True
        self.next_neutral = True
        self.next_icon = "translate"
        self.next_text = "English" if self.kiosk.lang == "nl" else "Nederlands"

    def proceed(self) -> None:
        self.kiosk.toggle_language()

    def stop(self) -> None:
        self.kiosk.toggle_larger()
        self.refresh()

    def start_ask(self) -> None:
        self.kiosk.stop_visit()
        self.kiosk.nav.go("ask_what")

    def back(self) -> None:
        self.kiosk.identity.identify_then("member_home")

    def start_offer(self) -> None:
        self.kiosk.stop_visit()
        self.kiosk.nav.go("offer_what")
