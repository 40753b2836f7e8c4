"""The whole ask or offer read back as one sentence before 'Ja, klopt'."""

from __future__ import annotations

from kiosk.domain.categories import CALLBACK, category
from kiosk.domain.circles import Circle
from kiosk.domain.people import display_phone
from kiosk.domain.requests import AskDraft, OfferDraft
from kiosk.i18n import _


def ask_sentence(draft: AskDraft, circle: Circle | None) -> str:
    """The whole ask read back as one sentence before 'Ja, klopt'."""
    cat = category(draft.category or "other")
    when = draft.when.describe() if draft.when else _("any time")
    person = draft.person()
    if draft.category == CALLBACK:
        if circle is not None:
            return _("{verbinder} of circle {circle} will call you back on {phone}.").format(
                verbinder=circle.verbinder_name,
                circle=circle.name,
                phone=display_phone(person.phone),
            )
        return _("The connector will call you back on {phone}.").format(
            phone=display_phone(person.phone)
        )
    if person.for_neighbour:
        first = _("You ask for help for your neighbour {name} with {what}, {when}.").format(
            name=person.first_name, what=_(cat.phrase), when=when
        )
    else:
        first = _("You ask for help with {what}, {when}.").format(what=_(cat.phrase), when=when)
    if circle is not None:
        second = _("{verbinder} of circle {circle} will call you on {phone}.").format(
            verbinder=circle.verbinder_name, circle=circle.name, phone=display_phone(person.phone)
        )
    else:
        second = _("The connector will call you on {phone}.").format(
            phone=display_phone(person.phone)
        )
    return f"{first} {second}"


def offer_sentence(draft: OfferDraft) -> str:
    names = [_(category(code).phrase) for code in draft.categories]
    what = (
        names[0]
        if len(names) == 1
        else _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])
    )
    when = draft.when.describe() if draft.when else _("any time")
    person = draft.person()
    return _("You offer help with {what}, {when}. The connector will call you on {phone}.").format(
        what=what, when=when, phone=display_phone(person.phone)
    )
