"""What help is about: the categories on the tiles, and 'Bel mij terug'."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.people import ValidationError
from kiosk.i18n import N_, _


@dataclass(frozen=True)
class Category:
    code: str
    label: str  # message id (English); translate with _()
    pictogram: str  # Material Design Icons name, see kiosk.pictograms
    phrase: str  # "help with ..." inside a sentence


CATEGORIES: tuple[Category, ...] = (
    Category("groceries", N_("Groceries"), "cart", N_("groceries")),
    Category("dog", N_("Walking the dog"), "dog-side", N_("walking the dog")),
    Category("odd_job", N_("Odd job at home"), "hammer-wrench", N_("an odd job at home")),
    Category("transport", N_("Ride to the doctor"), "car", N_("a ride to the hospital or doctor")),
    Category("meal", N_("Warm meal"), "food", N_("a warm meal")),
    Category("company", N_("Company or a walk"), "walk", N_("company or a walk")),
    Category("device", N_("Phone or tablet"), "cellphone", N_("your phone or tablet")),
    Category("other", N_("Something else"), "dots-horizontal", N_("something else")),
)
# "Bel mij terug": for people who will not say at a public screen what they need. Only the
# verbinder sees it; it is not a tile on the "what" screen and never on the public board.
CALLBACK = "callback"
CALLBACK_CATEGORY = Category(CALLBACK, N_("Call me back"), "phone-return", N_("a call back"))
CATEGORY_BY_CODE = {c.code: c for c in (*CATEGORIES, CALLBACK_CATEGORY)}


def category(code: str) -> Category:
    try:
        return CATEGORY_BY_CODE[code]
    except KeyError:
        raise ValidationError("category", _("Choose one of the buttons.")) from None
