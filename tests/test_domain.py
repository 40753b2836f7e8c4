from datetime import UTC, date, datetime

import pytest

from kiosk import clock, domain, i18n
from kiosk.domain import (
    AskDraft,
    AskStatus,
    Circle,
    OfferStatus,
    TransitionError,
    ValidationError,
    When,
    WhenKind,
)


@pytest.fixture(autouse=True)
def dutch():
    i18n.set_language("nl")
    yield
    i18n.set_language("nl")


def test_eight_categories_with_dutch_and_english_labels_and_pictograms():
    from kiosk.pictograms import CODEPOINTS

    assert len(domain.CATEGORIES) == 8
    nl, en = i18n.translator("nl"), i18n.translator("en")
    for cat in domain.CATEGORIES:
        assert nl(cat.label) != cat.label  # a real Dutch word, not the English id
        assert en(cat.label) == cat.label
        assert cat.pictogram in CODEPOINTS
    assert nl("Groceries") == "Boodschappen"
    assert nl("Walking the dog") == "Hond uitlaten"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0612345678", "+31612345678"),
        ("06-12 34 56 78", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("0031612345678", "+31612345678"),
        ("020 123 4567", "+31201234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+90 532 123 45 67", "+905321234567"),
    ],
)
def test_phone_numbers_dutch_and_international_are_normalised(typed, expected):
    assert domain.normalise_phone(typed) == expected


@pytest.mark.parametrize("typed", ["", "06123", "0612345678999", "12", "+999 1234"])
def test_invalid_phone_numbers_are_refused_in_plain_dutch(typed):
    with pytest.raises(ValidationError) as caught:
        domain.normalise_phone(typed)
    assert caught.value.field == "phone"
    assert "nummer" in caught.value.message.lower()


def test_phone_message_says_what_to_do():
    with pytest.raises(ValidationError) as caught:
        domain.normalise_phone("0612")
    assert caught.value.message == (
        "Dit nummer klopt niet. Probeer het nog eens, of vraag iemand om hulp."
    )


def test_display_phone_reads_aloud_well():
    assert domain.display_phone("+31612345678") == "06 1234 5678"
    assert domain.display_phone("+442079460958").startswith("+44 20")


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Zoë", "Zoë"),
        ("Anne-Marie", "Anne-Marie"),  # what the name keys type: hyphen, space, É, Ë, '
        ("Noël", "Noël"),
        ("Jan Willem", "Jan Willem"),
        ("D'Angelo", "D'Angelo"),
        ("Élise", "Élise"),
        ("Ze\u0301nab", "Zénab"),  # decomposed accent becomes NFC
        ("  Anne   Marie ", "Anne Marie"),
        ("Ayşe 👵🏽", "Ayşe 👵🏽"),
        ("👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"),  # ZWJ emoji sequence kept
        ("Ğül", "Ğül"),
        ("محمد", "محمد"),
    ],
)
def test_names_keep_accents_and_emoji(typed, kept):
    assert domain.clean_name(typed) == kept


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "A" * 41, "Ann\u202eA", "Bob\x00", "Tab\tby", "Zero\u200bwidth", "Priv\ue000"],
)
def test_bad_names_are_refused(typed):
    with pytest.raises(ValidationError) as caught:
        domain.clean_name(typed)
    assert caught.value.field == "name"


def test_other_signs_are_refused_with_the_plain_message():
    with pytest.raises(ValidationError) as caught:
        domain.clean_name("Anne\tMarie")
    assert caught.value.message == (
        "In deze naam staat een teken dat we niet kunnen gebruiken. Typ alleen letters."
    )


@pytest.mark.parametrize(
    ("keys", "written"),
    [
        ("ANNE-MARIE", "Anne-Marie"),
        ("ZOË", "Zoë"),
        ("NOËL", "Noël"),
        ("JAN WILLEM", "Jan Willem"),
        ("D'ANGELO", "D'Angelo"),
        ("ÉLISE", "Élise"),
    ],
)
def test_name_keys_write_a_capital_where_a_name_has_one(keys, written):
    name = ""
    for key in keys:
        name = domain.typed_name(name, key)
    assert name == written


def test_name_of_exactly_forty_characters_is_fine():
    assert domain.clean_name("B" * 40) == "B" * 40


def test_ask_transitions():
    allowed = {
        (AskStatus.OPEN, AskStatus.CLAIMED),
        (AskStatus.CLAIMED, AskStatus.DONE),
        (AskStatus.OPEN, AskStatus.CANCELLED),
        (AskStatus.CLAIMED, AskStatus.CANCELLED),
        (AskStatus.CLAIMED, AskStatus.OPEN),
    }
    for current in AskStatus:
        for new in AskStatus:
            if (current, new) in allowed:
                domain.check_ask_transition(current, new)
            else:
                with pytest.raises(TransitionError):
                    domain.check_ask_transition(current, new)


def test_offer_transitions():
    allowed = {
        (OfferStatus.ACTIVE, OfferStatus.PAUSED),
        (OfferStatus.PAUSED, OfferStatus.ACTIVE),
        (OfferStatus.ACTIVE, OfferStatus.WITHDRAWN),
        (OfferStatus.PAUSED, OfferStatus.WITHDRAWN),
    }
    for current in OfferStatus:
        for new in OfferStatus:
            if (current, new) in allowed:
                domain.check_offer_transition(current, new)
            else:
                with pytest.raises(TransitionError):
                    domain.check_offer_transition(current, new)


def test_request_numbers_are_easy_to_read_aloud():
    numbers = {domain.new_request_number() for _ in range(2000)}
    assert len(numbers) > 1990
    for number in numbers:
        assert len(number) == 8 and number[3] == "-"
        assert not set(number) & set("01OIL")
        assert domain.normalise_request_number(number.replace("-", " ")) == number


def test_follow_up_tokens_have_128_random_bits_and_only_the_hash_is_kept():
    import base64

    tokens = {domain.new_followup_token() for _ in range(10_000)}
    assert len(tokens) == 10_000
    token = next(iter(tokens))
    assert len(base64.urlsafe_b64decode(token + "==")) >= 16
    digest = domain.hash_token(token)
    assert len(digest) == 64 and token not in digest
    assert domain.token_matches(token, digest)
    assert not domain.token_matches(token + "x", digest)


SUNDAY = date(2026, 11, 29)


@pytest.fixture
def on_sunday(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wall clock at 29 November 2026, 20:00 in Amsterdam (what screens read)."""
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 11, 29, 19, tzinfo=UTC))


def test_when_words_and_json_round_trip():
    day = When(WhenKind.ON_DAY, date(2026, 12, 1))
    assert day.describe(SUNDAY) == "dinsdag 1 december"
    assert day.describe(date(2026, 11, 30)) == "morgen, dinsdag 1 december"
    assert When.from_json(day.to_json()) == day
    tomorrow = When(WhenKind.TOMORROW).resolved(SUNDAY)
    assert tomorrow == When(WhenKind.TOMORROW, date(2026, 11, 30))
    assert When.from_json(tomorrow.to_json()) == tomorrow
    assert tomorrow.resolved(date(2026, 12, 3)) == tomorrow  # a date, once given, stays
    # An old event without its date still reads (the central store resolves it on arrival).
    assert When.from_json({"kind": "tomorrow", "day": None}) == When(WhenKind.TOMORROW)
    assert When(WhenKind.ANY_TIME).resolved(SUNDAY) == When(WhenKind.ANY_TIME)
    with pytest.raises(ValueError):
        When(WhenKind.ANY_TIME, date(2026, 12, 1))
    with pytest.raises(ValueError):
        When(WhenKind.ON_DAY)


def test_morgen_made_on_sunday_keeps_its_date_and_says_morgen_only_while_true():
    made = When(WhenKind.TOMORROW).resolved(SUNDAY)
    assert made.describe(SUNDAY) == "morgen, maandag 30 november"
    assert made.describe(date(2026, 11, 30)) == "vandaag, maandag 30 november"
    assert made.describe(date(2026, 12, 3)) == "maandag 30 november"
    assert When(WhenKind.TODAY).resolved(SUNDAY).describe(SUNDAY) == "vandaag, zondag 29 november"
    assert When(WhenKind.ANY_TIME).describe(SUNDAY) == "wanneer het uitkomt"
    english = i18n.translator("en")
    assert domain.describe_when(made, SUNDAY, english) == "tomorrow, Monday 30 November"
    assert domain.describe_when(made, date(2026, 12, 3), english) == "Monday 30 November"


def test_deze_week_ends_on_sunday_and_on_a_sunday_the_next_one():
    assert domain.week_end(date(2026, 11, 30)) == date(2026, 12, 6)  # Monday
    assert domain.week_end(date(2026, 12, 5)) == date(2026, 12, 6)  # Saturday
    assert domain.week_end(SUNDAY) == date(2026, 12, 6)  # "Vandaag" is for today only
    week = When(WhenKind.THIS_WEEK).resolved(date(2026, 12, 2))
    assert week.day == date(2026, 12, 6)
    assert week.describe(date(2026, 12, 2)) == "deze week, tot en met zondag 6 december"
    assert week.describe(date(2026, 12, 6)) == "deze week, tot en met zondag 6 december"
    assert week.describe(date(2026, 12, 7)) == "tot en met zondag 6 december"


def test_screens_read_the_day_from_the_wall_clock_in_amsterdam(monkeypatch):
    made = When(WhenKind.TOMORROW).resolved(SUNDAY)
    # 23:30 UTC on Sunday is half past midnight on Monday in Amsterdam.
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 11, 29, 23, 30, tzinfo=UTC))
    assert made.describe() == "vandaag, maandag 30 november"
    assert When(WhenKind.TOMORROW).describe() == "morgen, dinsdag 1 december"  # a draft
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 11, 29, 22, 30, tzinfo=UTC))
    assert made.describe() == "morgen, maandag 30 november"


def test_when_fits_reads_dates():
    wednesday = date(2026, 12, 2)
    on = {name: When(WhenKind.ON_DAY, date(2026, 12, d)) for name, d in (("thu", 3), ("mon", 7))}
    week = When(WhenKind.THIS_WEEK).resolved(wednesday)  # until Sunday 6 December
    today = When(WhenKind.TODAY).resolved(wednesday)
    anytime = When(WhenKind.ANY_TIME)
    assert domain.when_fits(on["thu"], week, wednesday)
    assert domain.when_fits(week, on["thu"], wednesday)
    assert not domain.when_fits(on["mon"], week, wednesday)  # next week
    assert not domain.when_fits(today, on["thu"], wednesday)
    assert domain.when_fits(anytime, on["mon"], wednesday)
    assert domain.when_fits(on["mon"], anytime, wednesday)
    # Read on Friday: a "today" ask of Wednesday still waits, so any offer from now on fits;
    # an offer of Wednesday has passed and fits nothing.
    friday = date(2026, 12, 4)
    assert domain.when_fits(today, on["mon"], friday)
    assert not domain.when_fits(anytime, today, friday)
    assert not domain.when_fits(on["mon"], When(WhenKind.TODAY, wednesday), friday)
    # Stored before dates were kept: read against today, as before.
    assert domain.when_fits(When(WhenKind.TOMORROW), on["thu"], wednesday)


def test_check_sentence_reads_the_whole_ask_back(on_sunday):
    draft = AskDraft(
        category="groceries", when=When(WhenKind.TOMORROW), first_name="Demo", phone="0612345678"
    )
    circle = Circle("linde", "De Linde", "Wim", "+31623456789")
    assert domain.ask_sentence(draft, circle) == (
        "U vraagt hulp met boodschappen, morgen, maandag 30 november. "
        "Iemand uit uw buurtkring belt u op 06 1234 5678 en vraagt naar Demo. "
        "Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    assert domain.ask_sentence(draft, None) == (  # "weet ik niet": no verbinder to name
        "U vraagt hulp met boodschappen, morgen, maandag 30 november. "
        "Iemand uit de buurt belt u op 06 1234 5678 en vraagt naar Demo. "
        "Vragen? Vraag het bij de balie van het buurthuis."
    )
    draft.for_neighbour = True
    draft.first_name = "Els"
    assert domain.ask_sentence(draft, circle) == (
        "U vraagt hulp voor uw buur Els met boodschappen, morgen, maandag 30 november. "
        "Iemand uit uw buurtkring belt uw buur Els op 06 1234 5678. "
        "Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    i18n.set_language("en")
    assert domain.ask_sentence(draft, circle) == (
        "You ask for help for your neighbour Els with groceries, tomorrow, Monday 30 November. "
        "Someone from your neighbourhood circle will call your neighbour Els on 06 1234 5678. "
        "Questions? Call Wim, the connector: 06 2345 6789."
    )


def test_bel_mij_terug_says_the_verbinder_calls_back(on_sunday):
    draft = AskDraft(category=domain.CALLBACK, phone="0612345678")
    circle = Circle("linde", "De Linde", "Wim", "+31623456789")
    assert domain.ask_sentence(draft, circle) == (
        "Wim, de verbinder van uw buurtkring, belt u terug op 06 1234 5678. "
        "Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    draft.first_name = "Demo"
    assert domain.ask_sentence(draft, None) == (
        "Een verbinder uit de buurt belt u terug op 06 1234 5678 en vraagt naar Demo. "
        "Vragen? Vraag het bij de balie van het buurthuis."
    )


def test_offer_sentence_reads_back_name_number_and_who_calls(on_sunday):
    draft = domain.OfferDraft(["dog", "meal"], When(WhenKind.TODAY), "Henk", "0687654321")
    assert domain.offer_sentence(draft) == (
        "U biedt hulp aan met de hond uitlaten en een warme maaltijd, "
        "vandaag, zondag 29 november. Als iemand uw hulp kan gebruiken, belt een verbinder u "
        "op 06 8765 4321 en vraagt naar Henk. Vragen? Vraag het bij de balie van het buurthuis."
    )


def test_who_calls_is_one_sentence_in_parts_and_names_the_helper_after_a_claim():
    circle = Circle("linde", "De Linde", "Wim", "+31623456789")
    nl = i18n.translator("nl")
    said = domain.who_calls(circle, nl)
    assert said == domain.WhoCalls(
        "Iemand uit uw buurtkring belt u.", "Vragen? Bel Wim, de verbinder:", "06 2345 6789"
    )
    assert said.sentence() == (
        "Iemand uit uw buurtkring belt u. Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    claimed = domain.who_calls(circle, nl, helper="Sanne", helper_in_circle=True)
    assert claimed.calls == "Sanne uit uw buurtkring belt u."
    assert domain.who_calls(circle, nl, helper="Sanne").calls == "Sanne uit de buurt belt u."
    desk = domain.who_calls(None, nl)
    assert desk.sentence() == (
        "Iemand uit de buurt belt u. Vragen? Vraag het bij de balie van het buurthuis."
    )
    assert desk.phone == ""
    odd = Circle("x", "X", "Wim", "not a number")  # a config file's typo still shows
    assert domain.who_calls(odd, nl).phone == "not a number"
    for message in (said.sentence(), desk.sentence(), claimed.sentence()):
        for word in ("zorg", "verzoek", "vrijwilliger", "cirkel", "coördinator"):
            assert word not in message.lower()


def test_no_word_zorg_on_screen():
    nl = i18n.translator("nl")
    from babel.messages.pofile import read_po

    with open(i18n.po_path("nl"), "rb") as handle:
        for message in read_po(handle):
            assert "zorg" not in nl(message.id).lower() if message.id else True
