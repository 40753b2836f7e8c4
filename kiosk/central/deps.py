"""FastAPI dependencies as ``Annotated`` aliases: the store, the calling kiosk, the member session."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from kiosk.central.middleware import RateLimiter
from kiosk.central.service import CentralStore, KioskAuth

bearer = HTTPBearer(auto_error=False, description="The kiosk's device token")


async def app_store(request: Request) -> CentralStore:
    """The store ``create_app`` was given (async: no thread hop for an attribute read)."""
    store: CentralStore = request.app.state.store
    return store


Store = Annotated[CentralStore, Depends(app_store)]


async def current_kiosk(
    request: Request,
    store: Store,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> KioskAuth:
    """The calling kiosk; a remembered token costs no thread hop, an unknown one a lookup."""
    token = credentials.credentials if credentials else ""
    found = store.remembered_kiosk(token) or await run_in_threadpool(store.authenticate, token)
    if found is None:
        raise HTTPException(
            401, "unknown or revoked device token", headers={"WWW-Authenticate": "Bearer"}
        )
    limiter: RateLimiter = request.app.state.limiter
    if not limiter.allow(found.id):
        raise HTTPException(429, "too many requests", headers={"Retry-After": "1"})
    return found


Kiosk = Annotated[KioskAuth, Depends(current_kiosk)]
MemberSessionHeader = Annotated[
    str,
    Header(alias="X-Member-Session", description="The session from /api/v1/identify"),
]


async def page_language(request: Request, lang: str | None = None) -> str:
    """``?lang=`` when it is nl or en, else English for an English browser, else Dutch."""
    if lang in ("nl", "en"):
        return lang
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "nl"


PageLanguage = Annotated[str, Depends(page_language)]
