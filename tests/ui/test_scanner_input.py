"""The scanner glue on a real offscreen Kivy window: keys dispatched as SDL would send them."""

from __future__ import annotations

import secrets

import pytest

from kiosk import domain
from kiosk.scan import FollowUpScan, MemberCardScan, NumberScan

PUBLIC = "https://buurtkiosk.example.nl"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def window():
    from kivy.core.window import Window

    return Window


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def seen():
    return []


@pytest.fixture
def scanner(window, clock, seen):
    from screens.scanner import ScannerInput

    scanner = ScannerInput(seen.append, PUBLIC, clock=clock)
    scanner.start()
    yield scanner
    scanner.stop()


def type_into(window, text, clock, gap, enter=13):
    """Each character as SDL sends it, then Enter; returns whether a handler took the Enter."""
    for char in text:
        clock.now += gap
        window.dispatch("on_textinput", char)
    clock.now += gap
    return window.dispatch("on_key_down", enter, 40, "\r", [])


def test_a_scanned_member_card_reaches_on_scan(window, clock, seen, scanner):
    token = secrets.token_hex(16)
    consumed = type_into(window, domain.MEMBER_CARD_PREFIX + token, clock, 0.003)
    assert seen == [MemberCardScan(token)]
    assert consumed is True  # the Enter that ended the scan goes nowhere else


def test_a_scanned_receipt_ended_by_the_keypad_enter(window, clock, seen, scanner):
    token = domain.new_followup_token()
    type_into(window, f"{PUBLIC}/r/{token}", clock, 0.003, enter=271)
    assert seen == [FollowUpScan(token)]


def test_slow_typing_is_no_scan_and_keeps_its_enter(window, clock, seen, scanner):
    consumed = type_into(window, domain.MEMBER_CARD_PREFIX + "ab" * 16, clock, 0.150)
    assert seen == [] and not consumed
    type_into(window, "4827593", clock, 0.003)  # the next burst still works
    assert seen == [NumberScan("482-7593")]


def test_other_listeners_still_get_every_key(window, clock, seen):
    from screens.scanner import ScannerInput

    chars: list[str] = []
    keys: list[int] = []

    def on_textinput(_window, text):
        chars.append(text)

    def on_key_down(_window, key, *_rest):
        keys.append(key)

    window.bind(on_textinput=on_textinput, on_key_down=on_key_down)
    scanner = ScannerInput(seen.append, PUBLIC, clock=clock)
    scanner.start()  # bound last, so Kivy asks it first
    try:
        window.dispatch("on_key_down", 304, 225, None, [])  # shift: not the scanner's business
        type_into(window, "hallo wereld", clock, 0.150)
        assert "".join(chars) == "hallo wereld" and keys == [304, 13]
        type_into(window, "4827593", clock, 0.003)
        assert "".join(chars) == "hallo wereld4827593"  # a scan's characters pass on too
        assert keys == [304, 13]  # only the scan's Enter was taken
        assert seen == [NumberScan("482-7593")]
    finally:
        scanner.stop()
        window.unbind(on_textinput=on_textinput, on_key_down=on_key_down)


def test_stop_unbinds_and_start_binds_again(window, clock, seen, scanner):
    scanner.stop()
    type_into(window, "4827593", clock, 0.003)
    assert seen == []
    scanner.start()
    scanner.start()  # twice is once
    type_into(window, "4827593", clock, 0.003)
    assert seen == [NumberScan("482-7593")]
