"""All Kivy code: the App (composition root) and one module per screen, its .kv beside it."""

from __future__ import annotations

import importlib
from typing import Any

# (name, "module:Class", options) of every screen; the name is also the screenshot's file name.
# A screen's module (and its .kv) is imported only when the screen is built: Home before the
# first frame, the first steps of asking and offering in the idle frames after it, the others
# on their first visit (screens.navigation keeps only a few built).
SCREENS: list[tuple[str, str, dict[str, Any]]] = [
    ("home", "screens.home:HomeScreen", {}),
    ("ask_what", "screens.what:WhatScreen", {"flow": "ask"}),
    ("ask_when", "screens.when:WhenScreen", {"flow": "ask"}),
    ("ask_day", "screens.day:DayScreen", {"flow": "ask"}),
    ("ask_forwhom", "screens.forwhom:ForWhomScreen", {"flow": "ask"}),
    ("ask_name", "screens.name:NameScreen", {"flow": "ask"}),
    ("ask_phone", "screens.phone:PhoneScreen", {"flow": "ask"}),
    ("ask_circle", "screens.circle:CircleScreen", {"flow": "ask"}),
    ("ask_check", "screens.check:CheckScreen", {"flow": "ask"}),
    ("ask_done", "screens.done:DoneScreen", {"flow": "ask"}),
    ("offer_what", "screens.what:WhatScreen", {"flow": "offer"}),
    ("offer_when", "screens.when:WhenScreen", {"flow": "offer"}),
    ("offer_day", "screens.day:DayScreen", {"flow": "offer"}),
    ("offer_name", "screens.name:NameScreen", {"flow": "offer"}),
    ("offer_phone", "screens.phone:PhoneScreen", {"flow": "offer"}),
    ("offer_check", "screens.check:CheckScreen", {"flow": "offer"}),
    ("offer_done", "screens.done:DoneScreen", {"flow": "offer"}),
    ("board", "screens.board:BoardScreen", {}),
    ("board_filter", "screens.board_filter:BoardFilterScreen", {}),
    ("board_ask", "screens.board_ask:BoardAskScreen", {}),
    ("identify", "screens.identify:IdentifyScreen", {}),
    ("identify_name", "screens.identify:IdentifyNameScreen", {}),
    ("identify_pin", "screens.identify:IdentifyPinScreen", {}),
    ("member_home", "screens.member_home:MemberHomeScreen", {}),
    ("claim", "screens.claim:ClaimScreen", {}),
    ("my_jobs", "screens.jobs:MyJobsScreen", {}),
    ("job", "screens.jobs:JobScreen", {}),
    ("verbinder", "screens.verbinder:VerbinderScreen", {}),
    ("verbinder_ask", "screens.verbinder:VerbinderAskScreen", {}),
    ("verbinder_unlock", "screens.verbinder_unlock:VerbinderUnlockScreen", {}),
    ("followup", "screens.followup:FollowupScreen", {}),
    ("idle", "screens.idle:IdleScreen", {}),
    ("out_of_order", "screens.out_of_order:OutOfOrderScreen", {}),
]


def screen_class(path: str) -> type:
    """The class at ``module:Class``, its module (and .kv) imported now."""
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def screen_classes() -> list[tuple[str, type, dict[str, Any]]]:
    """(name, class, options) of every screen, every module imported."""
    return [(name, screen_class(path), options) for name, path, options in SCREENS]


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
