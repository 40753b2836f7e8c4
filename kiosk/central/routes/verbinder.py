"""The verbinder's circle: its asks with contact and notes, the offers that fit, new notes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from kiosk.central.deps import Kiosk, MemberSessionHeader, Store
from kiosk.central.responses import FORBIDDEN, forbidden, private
from kiosk.central.schemas import NoteIn, OkOut, Problem, VerbinderOut

router = APIRouter()


@router.get("/api/v1/verbinder", response_model=VerbinderOut, responses=FORBIDDEN)
def verbinder(
    auth: Kiosk,
    store: Store,
    member_session: MemberSessionHeader = "",
    days: Annotated[int, Query(ge=0, le=365)] = 7,
) -> Response:
    """The verbinder's circle: asks oldest first (``waiting``: open ``days`` or longer),
    with contact and notes, and the active offers that fit them."""
    view = store.verbinder_view(auth, member_session, days)
    if view is None:
        return forbidden()
    return private(JSONResponse(view))


@router.post(
    "/api/v1/verbinder/notes",
    status_code=201,
    response_model=OkOut,
    responses={
        **FORBIDDEN,
        404: {"model": Problem, "description": "No such ask in the verbinder's circle"},
        422: {"model": Problem, "description": "The note cannot be used"},
    },
)
def add_note(
    body: NoteIn, auth: Kiosk, store: Store, member_session: MemberSessionHeader = ""
) -> Response:
    """A note on an ask ("gebeld"), shown to the verbinders with the ask."""
    outcome = store.add_note(auth, member_session, body.ask_id, body.text)
    if outcome == "forbidden":
        return forbidden()
    if outcome == "not_found":
        return JSONResponse({"detail": "no such ask for this verbinder"}, status_code=404)
    if outcome == "invalid":
        return JSONResponse({"detail": "the note cannot be used"}, status_code=422)
    return JSONResponse({"ok": True}, status_code=201)
