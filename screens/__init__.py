"""All Kivy code: the App (composition root) and one module per screen, its .kv beside it."""

from __future__ import annotations

from typing import Any


def screen_classes() -> list[tuple[str, type, dict[str, Any]]]:
    """(name, class, options) of every screen; the name is also the screenshot's file name."""
    from screens.board import BoardScreen
    from screens.board_ask import BoardAskScreen
    from screens.board_filter import BoardFilterScreen
    from screens.check import CheckScreen
    from screens.circle import CircleScreen
    from screens.claim import ClaimScreen
    from screens.day import DayScreen
    from screens.done import DoneScreen
    from screens.followup import FollowupScreen
    from screens.forwhom import ForWhomScreen
    from screens.home import HomeScreen
    from screens.identify import IdentifyNameScreen, IdentifyPinScreen, IdentifyScreen
    from screens.idle import IdleScreen
    from screens.jobs import JobScreen, MyJobsScreen
    from screens.member_home import MemberHomeScreen
    from screens.name import NameScreen
    from screens.out_of_order import OutOfOrderScreen
    from screens.phone import PhoneScreen
    from screens.verbinder import VerbinderAskScreen, VerbinderScreen
    from screens.verbinder_unlock import VerbinderUnlockScreen
    from screens.what import WhatScreen
    from screens.when import WhenScreen

    return [
        ("home", HomeScreen, {}),
        ("ask_what", WhatScreen, {"flow": "ask"}),
        ("ask_when", WhenScreen, {"flow": "ask"}),
        ("ask_day", DayScreen, {"flow": "ask"}),
        ("ask_forwhom", ForWhomScreen, {"flow": "ask"}),
        ("ask_name", NameScreen, {"flow": "ask"}),
        ("ask_phone", PhoneScreen, {"flow": "ask"}),
        ("ask_circle", CircleScreen, {"flow": "ask"}),
        ("ask_check", CheckScreen, {"flow": "ask"}),
        ("ask_done", DoneScreen, {"flow": "ask"}),
        ("offer_what", WhatScreen, {"flow": "offer"}),
        ("offer_when", WhenScreen, {"flow": "offer"}),
        ("offer_day", DayScreen, {"flow": "offer"}),
        ("offer_name", NameScreen, {"flow": "offer"}),
        ("offer_phone", PhoneScreen, {"flow": "offer"}),
        ("offer_check", CheckScreen, {"flow": "offer"}),
        ("offer_done", DoneScreen, {"flow": "offer"}),
        ("board", BoardScreen, {}),
        ("board_filter", BoardFilterScreen, {}),
        ("board_ask", BoardAskScreen, {}),
        ("identify", IdentifyScreen, {}),
        ("identify_name", IdentifyNameScreen, {}),
        ("identify_pin", IdentifyPinScreen, {}),
        ("member_home", MemberHomeScreen, {}),
        ("claim", ClaimScreen, {}),
        ("my_jobs", MyJobsScreen, {}),
        ("job", JobScreen, {}),
        ("verbinder", VerbinderScreen, {}),
        ("verbinder_ask", VerbinderAskScreen, {}),
        ("verbinder_unlock", VerbinderUnlockScreen, {}),
        ("followup", FollowupScreen, {}),
        ("idle", IdleScreen, {}),
        ("out_of_order", OutOfOrderScreen, {}),
    ]


# The steps of each flow, for "Stap 2 van 5".
STEPS = {
    "ask": {
        "what": 1,
        "when": 2,
        "day": 2,
        "forwhom": 3,
        "name": 3,
        "phone": 3,
        "circle": 4,
        "check": 5,
    },
    "offer": {"what": 1, "when": 2, "day": 2, "name": 3, "phone": 3, "check": 4},
    # "Bel mij terug": only a phone number. An identified member: no name or phone to type.
    "callback": {"what": 1, "phone": 2, "check": 3},
    "member": {"what": 1, "when": 2, "day": 2, "check": 3},
}
