"""The kiosk's sync: push outbox events, pull changes, and ask who its token belongs to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from kiosk.central.deps import Kiosk, Store
from kiosk.central.responses import UNAUTHORIZED
from kiosk.central.schemas import MeOut, PageOut, Problem, PushIn, PushOut
from kiosk.central.service import MAX_BATCH, MAX_PAGE, IncomingEvent

router = APIRouter()


@router.get("/api/v1/me", responses=UNAUTHORIZED)
def me(auth: Kiosk, store: Store) -> MeOut:
    return MeOut(
        kiosk=auth.name,
        buurthuis_id=auth.buurthuis_id,
        public_url=store.public_url,
        max_batch=MAX_BATCH,
        max_page=MAX_PAGE,
    )


@router.post(
    "/api/v1/events",
    response_model=PushOut,
    responses={
        **UNAUTHORIZED,
        413: {"model": Problem, "description": "Too many events or too large"},
    },
)
def push(body: PushIn, auth: Kiosk, store: Store) -> Response:
    """Apply a batch in order; an event id seen before returns its stored result.

    Each event is ``accepted``, ``conflict`` (someone else was first) or ``rejected`` with a
    reason, on its own: a bad event never costs the others in the batch. A create whose
    request number was taken in this buurthuis gets a new one, returned as ``number``.
    Claims, give-backs and done need ``session`` (or ``helper_token``); cancel, thank and an
    offer's moves come from the origin kiosk or bring ``receipt_token``.
    """
    if len(body.events) > MAX_BATCH:
        return JSONResponse({"detail": f"at most {MAX_BATCH} events per batch"}, status_code=413)
    results = store.push(
        auth,
        [
            IncomingEvent(str(e.event_id), e.type, str(e.entity_id), e.payload, e.device_seq)
            for e in body.events
        ],
    )
    return JSONResponse({"results": [r.to_json() for r in results]})


@router.get("/api/v1/changes", response_model=PageOut, responses=UNAUTHORIZED)
def changes(
    auth: Kiosk,
    store: Store,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=100_000)] = MAX_PAGE,
) -> Response:
    """Changes after the cursor, at most 500 per page; ``more`` says another page waits."""
    page = store.pull(auth, after, limit)
    changes = [c.__dict__ for c in page.changes]
    return JSONResponse({"changes": changes, "next": page.next, "more": page.more})
