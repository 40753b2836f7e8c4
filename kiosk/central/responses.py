"""Response pieces the routes share: private headers, the 403, the 422, the documented errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from kiosk.central.schemas import Problem

UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Unknown or revoked device token"},
    429: {"model": Problem, "description": "Too many requests from this kiosk"},
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    **UNAUTHORIZED,
    403: {"model": Problem, "description": "No live session of a member allowed to do this"},
}


def private(response: Response) -> Response:
    """Capability URLs must not leak through caches or the Referer header."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    )
    return response


def forbidden() -> Response:
    return JSONResponse({"detail": "no live member session for this"}, status_code=403)


async def validation_problem(_request: Request, error: Exception) -> Response:
    """FastAPI's 422, with its text escaped to ASCII: the input it quotes back may hold a lone
    surrogate, which UTF-8 cannot carry (FastAPI's own handler then fails with a 500)."""
    assert isinstance(error, RequestValidationError)
    body = json.dumps({"detail": jsonable_encoder(error.errors())}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")
