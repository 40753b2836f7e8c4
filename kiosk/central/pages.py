"""Renders the public HTML pages (follow-up and helper slip) from Jinja2 templates, in one language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from kiosk import domain
from kiosk.central.responses import private
from kiosk.central.service import FollowUp, HelperView
from kiosk.i18n import N_, translator

# Autoescaping is on for .html; the templates never mark user text safe.
TEMPLATES = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=jinja2.select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )
)

STATUS_LABELS = {
    "open": N_("Open"),
    "claimed": N_("Picked up"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
    "active": N_("Active"),
    "paused": N_("Paused"),
    "withdrawn": N_("Withdrawn"),
}
STATUS_TEXTS = {
    "open": N_("Your request is waiting for a neighbour who can help."),
    "claimed": N_("A neighbour has picked up your request."),
    "done": N_("Your request is done."),
    "cancelled": N_("Your request has been withdrawn."),
    "active": N_("Your offer is ready."),
    "paused": N_("Your offer is paused for now."),
    "withdrawn": N_("Your offer has been withdrawn."),
}
# A helper slip's page once its claim ended, by the ask's status right after.
SLIP_ENDED = {
    "done": N_("This job is done — thank you!"),
    "open": N_("You gave this job back. Thank you!"),
    "cancelled": N_("This request was withdrawn. You need not do anything. Thank you!"),
}
CAN_STOP = ("open", "claimed", "active", "paused")
STILL_CALLS = CAN_STOP  # after these, nobody calls her any more: only whom to ask remains
Translate = Callable[[str], str]


def followup_page(
    request: Request,
    found: FollowUp,
    token: str,
    language: str,
    confirm: str | None,
    sent: bool,
    today: date,
) -> Response:
    tr = translator(language)
    can_stop = found.status in CAN_STOP
    return _render(
        request,
        "followup.html",
        language,
        followup=found,
        token=token,
        offer=found.kind == "offer",
        status_label=tr(STATUS_LABELS[found.status]),
        status_text=tr(STATUS_TEXTS[found.status]),
        what=", ".join(_category(tr, c) for c in found.categories or (found.category,)),
        when=_when_text(tr, found.when, today),
        sent=sent,
        who_calls=_who_calls(tr, found),
        calls=found.status in STILL_CALLS,
        verbinder_tel=found.contacts.circle.verbinder_phone if found.contacts.circle else "",
        confirming=confirm == "cancel" and can_stop,
        can_stop=can_stop,
        can_thank=found.kind != "offer"
        and found.status in ("claimed", "done")
        and not found.thanked,
    )


def helper_page(
    request: Request, found: HelperView, token: str, language: str, today: date
) -> Response:
    """Number, what, when and status only: the slip itself carries the contact details.
    Once the slip's claim ended, a thank-you instead of the buttons."""
    tr = translator(language)
    if found.ended is not None:
        ended = SLIP_ENDED.get(found.ended, SLIP_ENDED["done"])
        return _render(
            request, "helper_ended.html", language, helper=found, token=token, ended=tr(ended)
        )
    return _render(
        request,
        "helper.html",
        language,
        helper=found,
        token=token,
        status_label=tr(STATUS_LABELS.get(found.status, found.status)),
        what=_category(tr, found.category),
        when=_when_text(tr, found.when, today),
    )


def helper_after_page(request: Request, language: str, after: str) -> Response:
    return _render(request, "helper_after.html", language, after=after)


def not_found_page(request: Request, language: str) -> Response:
    return _render(request, "not_found.html", language, status_code=404)


def back_to_page(
    request: Request, language: str, done: bool | None, page: str, if_done: str = ""
) -> Response:
    """After a button: 404 for an unknown token, else a 303 back to ``page`` (``if_done``
    joins its query when the action took effect)."""
    if done is None:
        return not_found_page(request, language)
    target = f"{page}?lang={language}" + (if_done if done else "")
    return private(RedirectResponse(target, status_code=303))


def _render(
    request: Request, template: str, language: str, status_code: int = 200, **context: Any
) -> Response:
    context |= {"lang": language, "tr": translator(language)}
    return private(TEMPLATES.TemplateResponse(request, template, context, status_code=status_code))


def _category(tr: Translate, code: str) -> str:
    return tr(domain.CATEGORY_BY_CODE[code].label) if code in domain.CATEGORY_BY_CODE else code


def _who_calls(tr: Translate, found: FollowUp) -> domain.WhoCalls:
    """The sentence the check screen and the receipt said; after a claim, the helper's name."""
    kind = "callback" if found.category == domain.CALLBACK else found.kind
    return domain.who_calls(
        found.contacts.circle,
        tr,
        kind=kind,
        helper=found.contacts.helper,
        helper_in_circle=found.contacts.helper_in_circle,
    )


def _when_text(tr: Translate, when: dict[str, str | None], today: date) -> str:
    """The weekday with the date, and "morgen" with it only while that is true."""
    return domain.describe_when(domain.When.from_json(when), today, tr)
