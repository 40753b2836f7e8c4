"""Step 3c: the phone number the verbinder will call, on a big number keypad."""

from __future__ import annotations

from typing import Any

from kiosk.domain import CALLBACK, ValidationError, normalise_phone
from screens.flow import FlowScreen
from screens.keypads import Keypad, phone_order_fits  # noqa: F401 (Keypad: in the kv rule)
from screens.widgets import load_kv

load_kv(__file__)

MAX_DIGITS = 15  # E.164


def grouped(digits: str) -> str:
    """06 1234 5678 as it is typed, so a person can check it at a glance."""
    if digits.startswith("06"):
        return " ".join(part for part in (digits[:2], digits[2:6], digits[6:]) if part)
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


class PhoneScreen(FlowScreen):
    part = "phone"

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.ids.body.bind(height=self._keys_order)
        self.kiosk.bind(target_px=self._keys_order, gap_px=self._keys_order)

    def _keys_order(self, *_args: Any) -> None:
        """The order of a phone where the body has room for four rows of 20 mm keys."""
        if not self.error:  # the body folds away under an error; its room is unchanged
            kiosk = self.kiosk
            self.ids.pad.phone_order = phone_order_fits(
                self.ids.body.height, kiosk.target_px, kiosk.gap_px
            )

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        neighbour = self.flow == "ask" and self.draft.for_neighbour
        if self.flow == "ask" and self.draft.category == CALLBACK:
            self.title = tr("We call you back. Your number?")
        else:
            self.title = tr("Neighbour's phone number?") if neighbour else tr("Your phone number?")
        self.show_next = True
        self.next_text = ""
        self._show()

    def _show(self) -> None:
        self.ids.shown.text = grouped(self.draft.phone)

    def key(self, key: str) -> None:
        digits = self.draft.phone
        if key == "back":
            digits = digits[:-1]
        elif len(digits) < MAX_DIGITS:
            digits += key
        self.draft.phone = digits
        self._show()

    def proceed(self) -> None:
        try:
            normalise_phone(self.draft.phone)
        except ValidationError as error:
            self.show_error(error.message)
            return
        callback = self.flow == "ask" and self.draft.category == CALLBACK
        self.go_next("circle" if self.flow == "ask" and not callback else "check")
