"""What the kiosk is about: categories, time windows, circles, people, asks and offers.

Plain dataclasses and functions only. Screens and the store both speak these types; the store
turns them into rows, the screens into tiles and sentences. Validation raises
:class:`ValidationError` whose ``message`` is plain Dutch (B1) or English, ready for the screen.

The parts, each re-exported here (``from kiosk import domain; domain.When``)::

    categories.py    what help is about, and 'Bel mij terug'
    when.py          time windows as dates: words for them, whether two fit
    circles.py       circles and their members (volunteers, verbinders)
    people.py        first names and phone numbers; ValidationError
    requests.py      asks and offers: drafts, records, statuses, transitions
    identifiers.py   request numbers, follow-up tokens, ids
    sentences.py     the read-back sentence before 'Ja, klopt'; who will call her
"""

from kiosk.domain.categories import (
    CALLBACK,
    CALLBACK_CATEGORY,
    CATEGORIES,
    CATEGORY_BY_CODE,
    Category,
    category,
)
from kiosk.domain.circles import MEMBER_CARD_PREFIX, Circle, Member, MemberName, Role
from kiosk.domain.identifiers import (
    NUMBER_ALPHABET,
    NUMBER_LENGTH,
    TOKEN_BYTES,
    hash_token,
    new_followup_token,
    new_id,
    new_request_number,
    normalise_request_number,
    token_matches,
)
from kiosk.domain.people import (
    ALLOWED_FORMAT,
    BIDI_CONTROLS,
    NAME_MAX,
    Person,
    ValidationError,
    clean_name,
    display_phone,
    normalise_phone,
    shown_phone,
    typed_name,
)
from kiosk.domain.requests import (
    ASK_TRANSITIONS,
    OFFER_TRANSITIONS,
    Ask,
    AskDraft,
    AskStatus,
    Offer,
    OfferDraft,
    OfferStatus,
    PublicAsk,
    Saved,
    TransitionError,
    check_ask_transition,
    check_offer_transition,
    first_initial,
)
from kiosk.domain.sentences import WhoCalls, ask_sentence, offer_sentence, who_calls
from kiosk.domain.when import (
    MONTHS,
    WEEKDAYS,
    WHEN_LABELS,
    WHEN_PICTOGRAMS,
    When,
    WhenKind,
    describe_day,
    describe_when,
    pickable_days,
    week_end,
    when_fits,
)

__all__ = [
    "ALLOWED_FORMAT",
    "ASK_TRANSITIONS",
    "BIDI_CONTROLS",
    "CALLBACK",
    "CALLBACK_CATEGORY",
    "CATEGORIES",
    "CATEGORY_BY_CODE",
    "MEMBER_CARD_PREFIX",
    "MONTHS",
    "NAME_MAX",
    "NUMBER_ALPHABET",
    "NUMBER_LENGTH",
    "OFFER_TRANSITIONS",
    "TOKEN_BYTES",
    "WEEKDAYS",
    "WHEN_LABELS",
    "WHEN_PICTOGRAMS",
    "Ask",
    "AskDraft",
    "AskStatus",
    "Category",
    "Circle",
    "Member",
    "MemberName",
    "Offer",
    "OfferDraft",
    "OfferStatus",
    "Person",
    "PublicAsk",
    "Role",
    "Saved",
    "TransitionError",
    "ValidationError",
    "When",
    "WhenKind",
    "WhoCalls",
    "ask_sentence",
    "category",
    "check_ask_transition",
    "check_offer_transition",
    "clean_name",
    "describe_day",
    "describe_when",
    "display_phone",
    "first_initial",
    "hash_token",
    "new_followup_token",
    "new_id",
    "new_request_number",
    "normalise_phone",
    "normalise_request_number",
    "offer_sentence",
    "pickable_days",
    "shown_phone",
    "token_matches",
    "typed_name",
    "week_end",
    "when_fits",
    "who_calls",
]
