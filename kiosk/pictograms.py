"""Material Design Icons code points (assets/fonts/materialdesignicons-webfont.ttf, Apache 2.0).

Only the pictograms the kiosk uses; generated from @mdi/font 7.4.47 css."""

FONT_FILE = "materialdesignicons-webfont.ttf"

CODEPOINTS: dict[str, int] = {
    "account": 0xF0004,
    "account-group": 0xF0849,
    "account-heart": 0xF0899,
    "account-multiple": 0xF000E,
    "alert-circle": 0xF0028,
    "arrow-left": 0xF004D,
    "backspace": 0xF006E,
    "calendar": 0xF00ED,
    "calendar-arrow-right": 0xF1135,
    "calendar-month": 0xF0E17,
    "calendar-question": 0xF0692,
    "calendar-today": 0xF00F6,
    "calendar-week": 0xF0A33,
    "car": 0xF010B,
    "card-account-details": 0xF05D2,
    "cart": 0xF0110,
    "cellphone": 0xF011C,
    "check-bold": 0xF0E1E,
    "check-circle": 0xF05E0,
    "chevron-left": 0xF0141,
    "chevron-right": 0xF0142,
    "clipboard-list": 0xF10D4,
    "close": 0xF0156,
    "cloud-check": 0xF1BEB,
    "cloud-upload": 0xF0167,
    "dog-side": 0xF0A44,
    "dots-horizontal": 0xF01D8,
    "dots-horizontal-circle": 0xF07C3,
    "food": 0xF025A,
    "format-size": 0xF027F,
    "hammer-wrench": 0xF1323,
    "hand-extended": 0xF18B6,
    "hand-heart": 0xF10F1,
    "hand-wave": 0xF1821,
    "help-circle": 0xF02D7,
    "home": 0xF02DC,
    "human-greeting": 0xF17C4,
    "keyboard": 0xF030C,
    "magnify": 0xF0349,
    "numeric": 0xF03A0,
    "pencil": 0xF03EB,
    "phone": 0xF03F2,
    "printer": 0xF042A,
    "printer-alert": 0xF042C,
    "qrcode": 0xF0432,
    "receipt-text": 0xF0449,
    "refresh": 0xF0450,
    "stop-circle": 0xF0666,
    "translate": 0xF05CA,
    "volume-high": 0xF057E,
    "walk": 0xF0583,
    "wifi": 0xF05A9,
    "wifi-off": 0xF05AA,
}


def glyph(name: str) -> str:
    """The character that draws ``name`` in the icon font."""
    return chr(CODEPOINTS[name])
