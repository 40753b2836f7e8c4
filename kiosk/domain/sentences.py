"""The request read back as one sentence, and who will call: the same words everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.categories import CALLBACK, category
from kiosk.domain.circles import Circle
from kiosk.domain.people import display_phone, shown_phone
from kiosk.domain.requests import AskDraft, OfferDraft
from kiosk.i18n import N_, _

Translate = Callable[[str], str]

# Seniors are wary of phone scams: say who will call, and whom she can call to check.
# Each pair: without her phone (paper, the /r page) and with it (the check screen).
SOMEONE_CALLS = {
    True: (
        N_("Someone from your neighbourhood circle will call you."),
        N_("Someone from your neighbourhood circle will call you on {phone} and ask for {name}."),
    ),
    False: (
        N_("Someone from the neighbourhood will call you."),
        N_("Someone from the neighbourhood will call you on {phone} and ask for {name}."),
    ),
}
SOMEONE_CALLS_NEIGHBOUR = {
    True: N_("Someone from your neighbourhood circle will call your neighbour {name} on {phone}."),
    False: N_("Someone from the neighbourhood will call your neighbour {name} on {phone}."),
}
HELPER_CALLS = {
    True: N_("{helper} from your neighbourhood circle will call you."),
    False: N_("{helper} from the neighbourhood will call you."),
}
# "Bel mij terug": the verbinder calls back himself. Without, with her phone, and with her name.
VERBINDER_CALLS_BACK = {
    True: (
        N_("{verbinder}, the connector of your neighbourhood circle, will call you back."),
        N_(
            "{verbinder}, the connector of your neighbourhood circle, will call you back on {phone}."
        ),
        N_(
            "{verbinder}, the connector of your neighbourhood circle, will call you back on "
            "{phone} and ask for {name}."
        ),
    ),
    False: (
        N_("A connector from the neighbourhood will call you back."),
        N_("A connector from the neighbourhood will call you back on {phone}."),
        N_("A connector from the neighbourhood will call you back on {phone} and ask for {name}."),
    ),
}
OFFER_CALLS = (
    N_("If someone can use your help, a connector will call you."),
    N_("If someone can use your help, a connector will call you on {phone} and ask for {name}."),
)
QUESTIONS_CALL = N_("Questions? Call {verbinder}, the connector:")
QUESTIONS_DESK = N_("Questions? Ask at the desk of the community centre.")


@dataclass(frozen=True)
class WhoCalls:
    """Who will call her, and whom she can call with questions: the verbinder of her
    buurtkring by name and number, or the buurthuis's desk when no circle is known.
    Paper prints the parts on lines of their own (a phone number never breaks)."""

    calls: str  # "Iemand uit uw buurtkring belt u."
    questions: str  # "Vragen? Bel Wim, de verbinder:"
    phone: str  # the verbinder's number as it is shown, or "" (ask at the desk)

    def sentence(self) -> str:
        questions = f"{self.questions} {self.phone}." if self.phone else self.questions
        return f"{self.calls} {questions}"


def who_calls(
    circle: Circle | None,
    t: Translate = _,
    *,
    kind: str = "ask",
    helper: str = "",
    helper_in_circle: bool = False,
    phone: str = "",
    name: str = "",
    for_neighbour: bool = False,
) -> WhoCalls:
    """``kind`` is "ask", "offer" or "callback"; ``helper`` the first name of who picked
    the ask up; ``phone`` and ``name`` hers (or her neighbour's), only where she reads it
    back herself: on paper and on the web page nobody's contact is repeated."""
    shown = display_phone(phone) if phone else ""
    known = circle is not None
    if kind == "callback":
        variant = (2 if name else 1) if shown else 0
        calls = t(VERBINDER_CALLS_BACK[known][variant]).format(
            verbinder=circle.verbinder_name if circle else "", phone=shown, name=name
        )
    elif kind == "offer":
        calls = t(OFFER_CALLS[bool(shown)]).format(phone=shown, name=name)
    elif helper:
        calls = t(HELPER_CALLS[known and helper_in_circle]).format(helper=helper)
    elif shown and for_neighbour:
        calls = t(SOMEONE_CALLS_NEIGHBOUR[known]).format(phone=shown, name=name)
    else:
        calls = t(SOMEONE_CALLS[known][bool(shown)]).format(phone=shown, name=name)
    if circle is None:
        return WhoCalls(calls, t(QUESTIONS_DESK), "")
    questions = t(QUESTIONS_CALL).format(verbinder=circle.verbinder_name)
    return WhoCalls(calls, questions, shown_phone(circle.verbinder_phone))


def ask_sentence(draft: AskDraft, circle: Circle | None) -> str:
    """The whole ask read back before 'Ja, klopt': what, when, her name and number, and
    who will call."""
    person = draft.person()
    if draft.category == CALLBACK:
        calls = who_calls(circle, kind="callback", phone=person.phone, name=person.first_name)
        return calls.sentence()
    cat = category(draft.category or "other")
    when = draft.when.describe() if draft.when else _("any time")
    if person.for_neighbour:
        first = _("You ask for help for your neighbour {name} with {what}, {when}.").format(
            name=person.first_name, what=_(cat.phrase), when=when
        )
    else:
        first = _("You ask for help with {what}, {when}.").format(what=_(cat.phrase), when=when)
    calls = who_calls(
        circle,
        phone=person.phone,
        name=person.first_name,
        for_neighbour=person.for_neighbour,
    )
    return f"{first} {calls.sentence()}"


def offer_sentence(draft: OfferDraft) -> str:
    """The whole offer read back: what, when, and who will call her name and number."""
    names = [_(category(code).phrase) for code in draft.categories]
    what = (
        names[0]
        if len(names) == 1
        else _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])
    )
    when = draft.when.describe() if draft.when else _("any time")
    person = draft.person()
    first = _("You offer help with {what}, {when}.").format(what=what, when=when)
    calls = who_calls(None, kind="offer", phone=person.phone, name=person.first_name)
    return f"{first} {calls.sentence()}"
