"""The buttons on the public pages (``/r``, ``/h``): the store acts on the token, then back to the page."""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoint's annotations, and
# the kind of ``action`` is the Literal each page passes in.
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kiosk.central import pages
from kiosk.central.deps import PageLanguage, Store
from kiosk.central.service import CentralStore


def add_button_route(
    router: APIRouter,
    name: str,
    page: str,
    actions: Any,
    act: Callable[[CentralStore, str, Any], bool | None],
    if_done: Callable[[str], str],
    not_found: str,
) -> None:
    """``POST {page}/{action}`` (``page`` with ``{token}`` in it), ``action`` one of the
    Literal ``actions``: ``act`` does it; 404 for an unknown token, else a 303 back to the page,
    with ``if_done(action)`` in its query when the action took effect."""

    def endpoint(
        request: Request,
        token: str,
        action: actions,
        store: Store,
        language: PageLanguage,
    ) -> Response:
        done = act(store, token, action)
        return pages.back_to_page(
            request, language, done, page.format(token=token), if_done(action)
        )

    router.add_api_route(
        page + "/{action}",
        endpoint,
        methods=["POST"],
        name=name,
        response_class=HTMLResponse,
        responses={404: {"description": not_found}},
    )
