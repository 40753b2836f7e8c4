"""The helper slip's public page ``/h/{token}``: what and when, with done and give back."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kiosk.central import pages
from kiosk.central.deps import PageLanguage, Store
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


@router.post(
    "/h/{token}/{action}",
    response_class=HTMLResponse,
    responses={404: {"description": "Unknown token"}},
)
def helper_action(
    request: Request,
    token: str,
    action: Literal["done", "release"],
    store: Store,
    language: PageLanguage,
) -> Response:
    done = store.helper_action(token, action)
    return pages.back_to_page(request, language, done, f"/h/{token}", f"&after={action}")
