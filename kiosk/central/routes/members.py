"""A member at the kiosk: identify by card or PIN (a short session), and a new member card."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kiosk import domain
from kiosk.central.deps import Kiosk, MemberSessionHeader, Store
from kiosk.central.responses import FORBIDDEN, UNAUTHORIZED, forbidden, private
from kiosk.central.schemas import CardOut, IdentifyIn, IdentifyOut

router = APIRouter()


@router.post("/api/v1/identify", response_model=IdentifyOut, responses=UNAUTHORIZED)
def identify(body: IdentifyIn, auth: Kiosk, store: Store) -> Response:
    """A member card or PIN. Always 200: the result says ok, wrong, wait, locked or unknown.

    PIN failures are counted per member here, for all kiosks together: a wait after the
    3rd failure (5 s, doubling), a lock after the 10th until the operator resets the PIN.
    """
    if body.card is not None:
        found = store.identify_card(auth, body.card)
    else:
        assert body.member is not None and body.pin is not None
        found = store.identify_pin(auth, body.member, body.pin)
    return private(JSONResponse(found.to_json()))


@router.post("/api/v1/card", response_model=CardOut, responses=FORBIDDEN)
def new_card(auth: Kiosk, store: Store, member_session: MemberSessionHeader = "") -> Response:
    """A new member card for the session's member; the old card stops working."""
    issued = store.new_card(auth, member_session)
    if issued is None:
        return forbidden()
    card, member = issued
    return private(
        JSONResponse(
            {
                "card": domain.MEMBER_CARD_PREFIX + card,
                "first_name": member.first_name,
                "circle": member.circle,
            }
        )
    )
