"""A member at the kiosk: identify by card or PIN, log out, a new card, a PIN lock lifted."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kiosk import domain
from kiosk.central.deps import Kiosk, MemberSessionHeader, Store
from kiosk.central.responses import FORBIDDEN, UNAUTHORIZED, forbidden, private
from kiosk.central.schemas import CardOut, IdentifyIn, IdentifyOut, Problem
from kiosk.central.service import TryLater

router = APIRouter()


@router.post(
    "/api/v1/identify",
    response_model=IdentifyOut,
    responses={
        **UNAUTHORIZED,
        429: {"model": Problem, "description": "Too many PIN tries here, or at this moment"},
    },
)
def identify(body: IdentifyIn, auth: Kiosk, store: Store) -> Response:
    """A member card or PIN. 200: the result says ok, wrong, wait, locked or unknown.

    PIN failures are counted per member for all kiosks together: a wait after the 3rd
    failure (5 s, doubling), a lock after the 10th for an hour (only at the kiosk that made
    all ten tries, if one did). A kiosk or buurthuis with too many wrong PINs lately, or too
    many PIN checks at once, gets 429 with Retry-After. Cards are never locked by PIN tries.
    The session counts only at this kiosk.
    """
    if body.card is not None:
        found = store.identify_card(auth, body.card)
    else:
        assert body.member is not None and body.pin is not None
        try:
            found = store.identify_pin(auth, body.member, body.pin)
        except TryLater as busy:
            return JSONResponse(
                {"detail": "too many PIN tries; try again later"},
                status_code=429,
                headers={"Retry-After": str(busy.retry_after)},
            )
    return private(JSONResponse(found.to_json()))


@router.post("/api/v1/logout", status_code=204, responses=UNAUTHORIZED)
def logout(auth: Kiosk, store: Store, member_session: MemberSessionHeader = "") -> Response:
    """End the member's session ("Stoppen", or the kiosk left alone); always 204."""
    store.logout(auth, member_session)
    return Response(status_code=204)


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


@router.post("/api/v1/members/{member_id}/unlock", status_code=204, responses=FORBIDDEN)
def unlock(
    member_id: str, auth: Kiosk, store: Store, member_session: MemberSessionHeader = ""
) -> Response:
    """The verbinder of the member's circle lifts the member's PIN lock (and count)."""
    if not store.unlock_pin(auth, member_session, member_id):
        return forbidden()
    return Response(status_code=204)
