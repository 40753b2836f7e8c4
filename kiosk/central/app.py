"""Builds the central store's FastAPI app: state, middleware and the routers of ``routes``.

* ``POST /api/v1/events`` – a kiosk pushes up to 100 outbox events; one result per event.
* ``GET /api/v1/changes?after=&limit=`` – what changed in the kiosk's buurthuis since a cursor.
* ``GET /api/v1/me`` – which kiosk and buurthuis a token belongs to.
* ``POST /api/v1/identify`` – a member card or a PIN; a short member session on success.
* ``POST /api/v1/logout`` – the member session ends.
* ``POST /api/v1/members/{id}/unlock`` – the circle's verbinder lifts a member's PIN lock.
* ``POST /api/v1/card`` – a new member card for the session's member (the old one stops).
* ``GET /api/v1/verbinder`` and ``POST /api/v1/verbinder/notes`` – the verbinder's circle.
* ``GET /r/{token}`` – the follow-up page behind the receipt's QR code (HTML or JSON).
* ``GET /h/{token}`` – the helper slip's page: done or give back, no personal data.

The OpenAPI spec is at ``/openapi.json``. Kiosks authenticate with ``Authorization: Bearer
<device token>`` only; a token in the query string is refused. Member endpoints also need
``X-Member-Session`` from ``identify``, which counts only with the token of the kiosk that
opened it; pushed events carry their authority in the payload (see ``services.authority``).
Every answer says ``nosniff`` and ``frame-ancestors 'none'``; the API and the personal pages
``no-store``. Handlers are plain ``def`` so the blocking database work
runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from kiosk.central.middleware import BodyLimit, NoTokensInUrls, RateLimiter, SecurityHeaders
from kiosk.central.responses import validation_problem
from kiosk.central.routes import (
    followup_pages,
    health,
    helper_pages,
    members,
    sync,
    verbinder,
)
from kiosk.central.service import CentralStore

__all__ = ["RateLimiter", "create_app"]


def create_app(store: CentralStore, limiter: RateLimiter | None = None) -> FastAPI:
    app = FastAPI(title="Buurtkiosk central store", version="1")
    app.state.store = store
    app.state.limiter = limiter or RateLimiter()
    app.add_middleware(BodyLimit)
    app.add_middleware(NoTokensInUrls)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so its headers go on every answer
    app.add_exception_handler(RequestValidationError, validation_problem)
    for area in (health, sync, members, verbinder, helper_pages, followup_pages):
        app.include_router(area.router)
    return app
