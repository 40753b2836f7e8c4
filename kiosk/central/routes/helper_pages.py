"""The helper slip's public page ``/h/{token}``: what and when, with done and give back."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kiosk.central import pages
from kiosk.central.deps import PageLanguage, Store
from kiosk.central.routes.page_buttons import add_button_route
from kiosk.central.service import CentralStore
from kiosk.clock import local_day

router = APIRouter()


@router.get(
    "/h/{token}",
    response_class=HTMLResponse,
    responses={404: {"description": "Unknown token, or the request is no longer claimed"}},
)
def helper(
    request: Request,
    token: str,
    store: Store,
    language: PageLanguage,
    after: Literal["done", "release"] | None = None,
) -> Response:
    """The helper slip's QR code: what and when, with 'done' and 'give back' buttons."""
    found = store.helper_view(token)
    if found is None:
        if after is not None:
            # The slip's token stops working with done/give back: thank, show nothing else.
            return pages.helper_after_page(request, language, after)
        return pages.not_found_page(request, language)
    return pages.helper_page(request, found, token, language, local_day(store.clock()))


add_button_route(
    router,
    "helper_action",
    "/h/{token}",
    Literal["done", "release"],
    CentralStore.helper_action,
    lambda action: f"&after={action}",
    "Unknown token",
)
