from kiosk.domain import OfferStatus, WhenKind
from tests.ui.steps import drive, on, press, type_digits, type_name


def test_offer_two_kinds_of_help_any_time(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "offer")
        yield from on(app, "offer_what")
        yield from press(app, "dog")
        yield from press(app, "meal")  # second page: pages on with 'Meer'
        yield from press(app, "meal")  # changed my mind: tap again to unselect
        yield from press(app, "company")
        seen["chosen"] = list(app.visit.offer_draft.categories)
        while app.root.current == "offer_what":
            yield from press(app, "next")
            yield 2
        yield from on(app, "offer_when")
        yield from press(app, "any_time")
        yield from on(app, "offer_name")
        yield from type_name(app, "Henk")
        yield from press(app, "next")
        yield from on(app, "offer_phone")
        yield from type_digits(app, "0687654321")
        yield from press(app, "next")
        yield from on(app, "offer_check")
        seen["sentence"] = app.root.current_screen.ids.sentence.text.replace("\u00a0", " ")
        yield from press(app, "confirm")
        yield from on(app, "offer_done")
        seen["number"] = app.root.current_screen.ids.number.text
        yield from press(app, "next")
        yield from on(app, "home")

    drive(app, script)
    assert seen["chosen"] == ["dog", "company"]
    assert seen["sentence"] == (
        "U biedt hulp aan met de hond uitlaten en gezelschap of een wandeling, wanneer het "
        "uitkomt. Als iemand uw hulp kan gebruiken, belt een verbinder u op 06 8765 4321 en "
        "vraagt naar Henk. Vragen? Vraag het bij de balie van het buurthuis."
    )
    [offer] = app.store.offers()
    assert offer.number == seen["number"] and offer.status is OfferStatus.ACTIVE
    assert offer.categories == ("dog", "company") and offer.when.kind is WhenKind.ANY_TIME
    assert offer.person.first_name == "Henk" and offer.person.phone == "+31687654321"
    assert [e.type for e in app.store.pending_events()] == ["offer.create"]
    assert app.visit.offer_draft.categories == []  # the form is empty again for the next person


def test_offer_needs_at_least_one_choice(make_app):
    """'Verder' is in its place from the start; until something is chosen it says "Kies één of
    meer" and a tap on it stays on the step."""
    app = make_app()
    seen = {}

    def bar(screen):
        button = screen.target("next")
        return (button is not None, button.text if button else "", screen.next_waiting)

    def script(app):
        yield from on(app, "home")
        yield from press(app, "offer")
        yield from on(app, "offer_what")
        screen = app.root.current_screen
        seen["at_first"] = bar(screen)
        yield from press(app, "next")
        yield 2
        seen["after_tap"] = (app.root.current, list(app.visit.offer_draft.categories))
        yield from press(app, "other")  # on a later page: 'Meer keuzes' until it shows
        yield 2
        seen["after_choice"] = bar(screen)
        yield from press(app, "next")
        yield from on(app, "offer_when")

    drive(app, script)
    assert seen == {
        "at_first": (True, "Kies één of meer", True),
        "after_tap": ("offer_what", []),
        "after_choice": (True, "Verder", False),
    }


def test_board_and_receipt_lookup_show_no_contact_data(make_app):
    from kiosk.domain import AskDraft, When, WhenKind

    app = make_app()
    saved = app.store.save_ask(
        AskDraft(
            category="device",
            when=When(WhenKind.THIS_WEEK),
            first_name="Wilhelmina",
            phone="0611122233",
            circle="brink",
        )
    )
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "board")
        yield from on(app, "board")
        seen["board"] = [w.text for w in app.root.current_screen.walk() if hasattr(w, "text")]
        yield from press(app, "back")
        yield from on(app, "home")
        yield from press(app, "receipt")
        yield from on(app, "followup")
        yield from type_digits(app, "23")
        yield from press(app, "next")  # a wrong number: a clear message
        yield 2
        seen["wrong"] = app.root.current_screen.error
        yield from press(app, "error-ok")
        for _ in range(2):
            yield from press(app, "key-back")
        yield from type_digits(app, saved.number.replace("-", ""))
        yield from press(app, "next")
        yield 2
        seen["result"] = app.root.current_screen.ids.result.text

    drive(app, script)
    board = " ".join(seen["board"])
    assert "Telefoon of tablet" in board and "De Brink" in board and "W." in board
    assert "Wilhelmina" not in board and "0611" not in board and "611122233" not in board
    assert seen["wrong"].startswith("Dit nummer kennen we niet.")
    assert seen["result"].startswith(saved.number)
    # who will call, as on the receipt: someone from her buurtkring (circle "brink" is known)
    assert "Nog niemand heeft het opgepakt. Iemand uit uw buurtkring belt u." in seen["result"]
    assert "0611" not in seen["result"] and "Wilhelmina" not in seen["result"]
