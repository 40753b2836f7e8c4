"""The board's row and the verbinder's list say "morgen" with the date only while it is true
(the screens read the day from the wall clock, which the test winds)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kiosk import clock, i18n
from kiosk.domain import PublicAsk, When, WhenKind
from kiosk.sync.answers import VerbinderAsk

MORGEN = When(WhenKind.TOMORROW).resolved(date(2026, 11, 29))


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (datetime(2026, 11, 29, 19, tzinfo=UTC), "morgen, maandag 30 november"),
        (datetime(2026, 12, 3, 9, tzinfo=UTC), "maandag 30 november"),
    ],
)
def test_board_row_and_verbinder_lines_say_the_date(
    monkeypatch: pytest.MonkeyPatch, moment: datetime, words: str
) -> None:
    from screens.board import row_text
    from screens.verbinder import ask_lines

    monkeypatch.setattr(clock, "utc_now", lambda: moment)
    tr = i18n.translator("nl")
    i18n.set_language("nl")
    public = PublicAsk("a1", "234-5678", "groceries", MORGEN, "linde", "R.", 0)
    assert row_text(public, {"linde": "De Linde"}, tr).splitlines()[0] == f"Boodschappen, {words}"
    listed = VerbinderAsk(
        "a1", "234-5678", "groceries", MORGEN, "open", "Riet", None, None, None, False, 4,
        True, (), (),
    )  # fmt: skip
    # the number and "Tik voor meer", what, then when
    assert ask_lines(listed, tr).splitlines()[1:3] == ["Boodschappen,", words]
