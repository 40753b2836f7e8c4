"""The receipt's public follow-up page ``/r/{token}``: status, cancel and thank you (HTML or JSON)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from kiosk.central import pages
from kiosk.central.deps import PageLanguage, Store
from kiosk.central.responses import private
from kiosk.central.routes.page_buttons import add_button_route
from kiosk.central.schemas import FollowUpOut
from kiosk.central.service import CentralStore
from kiosk.clock import local_day

router = APIRouter()


@router.get(
    "/r/{token}",
    response_class=HTMLResponse,
    responses={
        200: {"content": {"application/json": {"schema": FollowUpOut.model_json_schema()}}},
        404: {"description": "Unknown or expired token"},
    },
)
def followup(
    request: Request,
    token: str,
    store: Store,
    language: PageLanguage,
    confirm: Literal["cancel"] | None = None,
    sent: bool = False,
) -> Response:
    """The receipt's QR code: status for the asker, with cancel and thank-you buttons."""
    found = store.followup(token)
    wants_json = _wants_json(request)
    if found is None:
        if wants_json:
            return private(JSONResponse({"detail": "not found"}, status_code=404))
        return pages.not_found_page(request, language)
    if wants_json:
        data = found.__dict__ | {"categories": list(found.categories)}
        return private(JSONResponse(FollowUpOut(**data).model_dump()))
    today = local_day(store.clock())
    return pages.followup_page(request, found, token, language, confirm, sent, today)


add_button_route(
    router,
    "followup_action",
    "/r/{token}",
    Literal["cancel", "thank"],
    CentralStore.followup_action,
    lambda action: "&sent=true" if action == "thank" else "",
    "Unknown or expired token",
)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept
