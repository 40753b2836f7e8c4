"""Open asks as the central store's pull feed brings them, for the board's tests and benchmark."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.clock import local_day
from kiosk.domain import CATEGORIES, When, WhenKind, hash_token, new_followup_token

FULL_NAMES = ("Marietje", "Gerrit", "Fatma")
WHENS = (WhenKind.TODAY, WhenKind.ANY_TIME, WhenKind.TOMORROW, WhenKind.THIS_WEEK)


def pulled_asks(count: int, circle: str = "linde", start: int = 0) -> list[dict[str, Any]]:
    """Open asks as the central store's pull feed carries them to a kiosk of the buurthuis."""
    now = datetime.now(UTC)
    whens = [When(kind).resolved(local_day(now)).to_json() for kind in WHENS]
    changes = []
    for index in range(start, start + count):
        digits = "".join("23456789"[(index // 8**place) % 8] for place in range(6, -1, -1))
        changes.append(
            {
                "seq": index + 1,
                "kind": "ask",
                "id": str(uuid.uuid4()),
                "op": "upsert",
                "data": {
                    "number": f"{digits[:3]}-{digits[3:]}",
                    "category": CATEGORIES[index % len(CATEGORIES)].code,
                    "when": whens[index % len(whens)],
                    "first_name": FULL_NAMES[index % len(FULL_NAMES)],
                    "phone": "+31612345678",  # as the origin kiosk would have it
                    "for_neighbour": False,
                    "circle": circle if index % 2 == 0 else "brink",
                    "status": "open",
                    "token_hash": hash_token(new_followup_token()),
                    "thanked": False,
                    "created_at": (now - timedelta(days=index % 9)).isoformat(),
                    "updated_at": now.isoformat(),
                    "claimed_here": False,
                },
            }
        )
    return changes
