"""Scanned text: what it is, and whether a burst of keys came from the scanner or a person."""

from __future__ import annotations

import random
import secrets

import pytest

from kiosk import domain
from kiosk.printer.receipt import followup_url
from kiosk.scan import (
    MAX_GAP,
    MIN_LENGTH,
    FollowUpScan,
    HelperScan,
    MemberCardScan,
    NumberScan,
    ScanBuffer,
    UnknownScan,
    classify,
)

PUBLIC = "https://buurtkiosk.example.nl"


# --- classify ------------------------------------------------------------------------------


def test_a_receipt_url_is_a_follow_up() -> None:
    token = domain.new_followup_token()
    assert classify(followup_url(PUBLIC, token), PUBLIC) == FollowUpScan(token)
    assert classify(followup_url(PUBLIC + "/", token), PUBLIC) == FollowUpScan(token)


@pytest.mark.parametrize(
    "printed_at",
    [
        "https://oud.example.org",
        "http://192.168.1.20:8080",
        "https://buurthuis.example.nl/kiosk",
        "HTTPS://BUURTKIOSK.EXAMPLE.NL",
    ],
)
def test_receipts_printed_under_another_host_still_open(printed_at: str) -> None:
    token = domain.new_followup_token()
    assert classify(f"{printed_at}/r/{token}", PUBLIC) == FollowUpScan(token)


def test_the_configured_url_may_have_a_path() -> None:
    token = domain.new_followup_token()
    base = "https://example.nl/buurtkiosk"
    assert classify(f"{base}/r/{token}", base) == FollowUpScan(token)


def test_a_helper_slip_url() -> None:
    token = secrets.token_hex(16)
    assert classify(f"{PUBLIC}/h/{token}", PUBLIC) == HelperScan(token)
    assert classify(f"https://elders.nl/h/{token}", PUBLIC) == HelperScan(token)
    assert classify(f"{PUBLIC}/h/{token.upper()}", PUBLIC) == HelperScan(token)


def test_a_member_card() -> None:
    token = secrets.token_hex(16)
    assert classify(domain.MEMBER_CARD_PREFIX + token, PUBLIC) == MemberCardScan(token)
    caps_lock = (domain.MEMBER_CARD_PREFIX + token).swapcase()
    assert classify(caps_lock, PUBLIC) == MemberCardScan(token)


@pytest.mark.parametrize("typed", ["482-7593", "4827593", " 482-7593 "])
def test_a_request_number(typed: str) -> None:
    assert classify(typed, PUBLIC) == NumberScan("482-7593")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "8712345678906",  # a product barcode
        "182-7593",  # 1 is never in a number
        "482-75933",
        "BKLID-" + "a" * 31,
        "BKLID-" + "g" * 32,
        f"{PUBLIC}/r/short",
        f"{PUBLIC}/r/{'a' * 23}",
        f"{PUBLIC}/h/{'a' * 32}x",
        f"{PUBLIC}/x/{'a' * 22}",
        f"ftp://example.nl/r/{'a' * 22}",
        f"javascript:alert(1)//r/{'a' * 22}",
        "https://example.nl/",
        "https://[::1/r/x",  # urlsplit refuses it
    ],
)
def test_anything_else_is_unknown(text: str) -> None:
    assert classify(text, PUBLIC) == UnknownScan(text.strip())


def test_a_real_followup_token_is_always_recognised() -> None:
    for _ in range(200):
        token = domain.new_followup_token()
        assert classify(followup_url(PUBLIC, token), "") == FollowUpScan(token)


# --- the burst rule ------------------------------------------------------------------------


def typed(text: str, gaps: list[float], start: float = 100.0) -> tuple[ScanBuffer, float]:
    """Feed ``text`` with the given gaps before each character after the first."""
    buffer = ScanBuffer()
    at = start
    for index, char in enumerate(text):
        if index:
            at += gaps[(index - 1) % len(gaps)]
        buffer.feed(char, at)
    return buffer, at


CARD = domain.MEMBER_CARD_PREFIX + "0123456789abcdef0123456789abcdef"


def test_a_scanner_burst_then_enter_is_a_scan() -> None:
    buffer, last = typed(CARD, [0.003])
    assert buffer.enter(last + 0.004) == CARD
    assert buffer.enter(last + 0.008) is None  # the buffer starts clean after Enter


def test_frame_batches_are_still_a_scan() -> None:
    """The UI thread handles several keys per frame: gaps of 0 with a frame's gap between."""
    buffer, last = typed(CARD, [0.0, 0.0, 0.0, 0.017])
    assert buffer.enter(last) == CARD


def test_one_slow_frame_in_the_middle_does_not_spoil_a_scan() -> None:
    gaps = [0.003] * 20 + [0.09] + [0.003] * 40
    buffer, last = typed(CARD, gaps)
    assert buffer.enter(last + 0.005) == CARD


def test_typing_the_same_text_slowly_is_never_a_scan() -> None:
    buffer, last = typed(CARD, [0.15])
    assert buffer.enter(last + 0.15) is None
    buffer, last = typed(CARD, [0.15])
    assert buffer.enter(last + 0.005) is None


def test_a_person_typing_digits_fast_is_not_a_scan() -> None:
    rng = random.Random(5)
    for _ in range(200):
        gaps = [rng.uniform(0.05, 0.15) for _ in range(12)]
        buffer, last = typed("4827593482", gaps)
        assert buffer.enter(last + rng.uniform(0.05, 0.15)) is None


def test_keys_typed_before_the_scan_are_dropped() -> None:
    buffer, last = typed("482", [0.12])
    at = last + 0.5
    for char in CARD:
        at += 0.003
        buffer.feed(char, at)
    assert buffer.enter(at + 0.003) == CARD


def test_a_late_enter_is_not_a_scan() -> None:
    buffer, last = typed(CARD, [0.003])
    assert buffer.enter(last + MAX_GAP + 0.05) is None


def test_too_short_a_burst_is_not_a_scan() -> None:
    buffer, last = typed("4827593"[: MIN_LENGTH - 1], [0.003])
    assert buffer.enter(last + 0.003) is None
    buffer, last = typed("4827593", [0.003])
    assert buffer.enter(last + 0.003) == "4827593"


def test_enter_alone_or_after_reset_is_nothing() -> None:
    assert ScanBuffer().enter(1.0) is None
    buffer, last = typed(CARD, [0.003])
    buffer.reset()
    assert buffer.enter(last + 0.003) is None


def test_several_characters_at_once_and_control_characters() -> None:
    buffer = ScanBuffer()
    buffer.feed(CARD[:10], 5.0)
    buffer.feed("\t", 5.001)
    buffer.feed(CARD[10:], 5.002)
    assert buffer.enter(5.003) == CARD
