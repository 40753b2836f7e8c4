"""What every screen is made of: the screen with its bottom bar, text, and the tap targets.

Every touch target is a :class:`Target` (a ``ButtonBehavior``) that acts on *release* inside the
widget, never on press, so a shaky finger that slides off does nothing. What a tap means is
fixed when the finger comes down: the target's place and action then. A layout that changes
between down and up (a worker's answer refilling the screen, a list refreshed by sync) can
neither lose the tap nor turn it into another one. Every widget that paints
a background says so in ``bg_color``; the accessibility test reads it to measure contrast.
Grids of tiles are in :mod:`screens.tiles`, the keypads in :mod:`screens.keypads`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from screens import theme


def load_kv(module_file: str) -> None:
    """Load the .kv file beside a screen module (the KivyMD/showcase layout)."""
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))


load_kv(__file__)


def app() -> Any:
    return App.get_running_app()


class Text(Label):
    """Body text in the legible font, sized from the panel's millimetres."""

    bg_color = ColorProperty(None, allownone=True)


@dataclass(frozen=True)
class Press:
    """A finger down on a target: where on it, how large it was, and what it was to do."""

    at: tuple[float, float]  # the finger from the target's corner, when it came down
    size: tuple[float, float]
    action: Callable[[], Any] | None

    def kept(self, touch: Any) -> bool:
        """Whether the finger is still on the target as it was when it came down (the
        travel ``pos - opos`` does not depend on where the target is now)."""
        x = self.at[0] + touch.x - touch.ox
        y = self.at[1] + touch.y - touch.oy
        return 0 <= x <= self.size[0] and 0 <= y <= self.size[1]


class Target(ButtonBehavior, BoxLayout):
    """Anything a finger can tap. ``action`` runs on release inside the widget.

    "Inside" and "action" are those of the moment the finger came down (see :class:`Press`):
    ButtonBehavior's own test would use the place the widget has at the lift.
    """

    text = StringProperty("")
    icon = StringProperty("")
    bg_color = ColorProperty(theme.NEUTRAL)
    edge_color = ColorProperty(theme.NEUTRAL_EDGE)
    text_color = ColorProperty(theme.TEXT)
    selected = BooleanProperty(False)
    disabled_look = BooleanProperty(False)
    action = ObjectProperty(None, allownone=True)
    name = StringProperty("")  # stable handle for tests and the demo
    vertical = BooleanProperty(False)
    show_check = BooleanProperty(True)
    edge_px = NumericProperty(1.0)
    icon_scale = NumericProperty(0)  # pictogram size in font sizes; 0: by orientation
    pad_x_mm = NumericProperty(1.5)  # padding inside the edge, millimetres
    pad_y_mm = NumericProperty(0.8)  # tiles.TILE_PAD_Y_MM
    gap_mm = NumericProperty(0)  # between pictogram and words; 0: by orientation
    label_text = StringProperty("")  # the words as drawn, when not ``text`` (wrapped by hand)

    always_release = BooleanProperty(True)  # every lift comes to on_release, which decides

    def __init__(self, **kwargs: Any) -> None:
        self._presses: dict[int, Press] = {}
        super().__init__(**kwargs)

    def on_touch_down(self, touch: Any) -> bool:
        if not super().on_touch_down(touch):
            return False
        if touch.ud.get(self) is True and touch.uid not in self._presses:  # it is ours
            self._presses[touch.uid] = Press(
                (touch.ox - self.x, touch.oy - self.y), (self.width, self.height), self.action
            )
        return True

    def on_release(self) -> None:
        touch = self.last_touch
        press = self._presses.pop(touch.uid, None) if touch is not None else None
        if press is not None and not press.kept(touch):
            return  # the finger slid off: nothing, as on any button
        action = press.action if press is not None else self.action  # or trigger_action()
        kiosk = app()
        if kiosk is not None:
            kiosk.touched()
        if action is not None:
            action()


class Tile(Target):
    """A big choice: pictogram plus word."""


class BarButton(Target):
    """Terug, Lees voor, Naar het begin (Afmelden), Verder: the same place on every screen."""


class Key(Target):
    """One key of a keypad."""


class ErrorCover(BoxLayout):
    """Covers a screen's content with what to do and "Opnieuw proberen" while it has an error.

    Built on the screen's first error, not with the screen: most screens never show one, and
    31 unused covers cost the kiosk ~250 widgets.
    """

    screen = ObjectProperty(None)


class KioskScreen(Screen):
    """Question at the top, content in the middle, the same bottom bar on every step.

    Subclasses put their content in ``body`` (kv children are routed there), set ``title`` and
    ``step`` and override :meth:`back`, :meth:`proceed` and :meth:`spoken_text`.
    """

    title = StringProperty("")
    step = StringProperty("")
    show_back = BooleanProperty(True)
    back_text = StringProperty("")  # Home uses the Terug place for "Helpers"
    back_icon = StringProperty("arrow-left")
    back_name = StringProperty("back")
    show_stop = BooleanProperty(True)
    show_next = BooleanProperty(False)
    next_text = StringProperty("")
    next_icon = StringProperty("chevron-right")
    next_name = StringProperty("next")  # the check screen's "Ja, klopt" is "confirm"
    next_neutral = BooleanProperty(False)
    next_waiting = BooleanProperty(False)  # Verder's place says what to do first
    stop_text = StringProperty("")  # Home uses the "Naar het begin" place for "Groter"
    stop_icon = StringProperty("")
    stop_name = StringProperty("stop")  # the done screen's "Opnieuw proberen" is "retry"
    error = StringProperty("")
    bg_color = ColorProperty(theme.BACKGROUND)

    def on_error(self, _screen: Any, message: str) -> None:
        chrome = self.ids.get("chrome")
        if message and chrome is not None and "error_cover" not in self.ids:
            self.ids["error_cover"] = cover = ErrorCover(screen=self)
            chrome.add_widget(cover, index=chrome.children.index(self.ids.body))  # under it

    def add_widget(self, widget: Widget, *args: Any, **kwargs: Any) -> None:
        # The base rule adds the chrome; a screen's own kv children go into its body.
        body = self.ids.get("body")
        if body is not None and widget is not body:
            body.add_widget(widget, *args, **kwargs)
        else:
            super().add_widget(widget, *args, **kwargs)

    @property
    def kiosk(self) -> Any:
        return app()

    def on_pre_enter(self, *_args: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Fill the screen from the app's current draft and language."""

    def forget(self) -> None:
        """Drop whatever this visit left on the screen (Naar het begin, Afmelden, idle)."""
        self.error = ""

    def back(self) -> None:
        self.kiosk.nav.back()

    def stop(self) -> None:
        self.kiosk.stop_visit()

    def proceed(self) -> None:
        """'Verder' on steps that have it."""

    def show_error(self, message: str) -> None:
        """Cover the content with what to do; what the person typed stays as it was."""
        self.error = message

    def action_failed(self, _error: BaseException | None = None) -> None:
        """A change made in a worker did not work: say what to do (nothing is lost)."""
        self.show_error(self.kiosk.tr("That did not work. Please try again, or ask someone."))

    def clear_error(self) -> None:
        self.error = ""

    def read_aloud(self) -> None:
        self.kiosk.reader.read(self.spoken_text())

    def on_leave(self, *_args: Any) -> None:
        kiosk = self.kiosk  # None when a transition finishes after the app has stopped
        if kiosk is not None:
            kiosk.reader.stop()

    def spoken_text(self) -> str:
        """The question, what the screen says, then its choices, in reading order."""
        if self.error:
            return self.error
        parts = [self.title]
        for widget in self.ids.body.walk(restrict=False):
            if widget.opacity <= 0 or not getattr(widget, "text", ""):
                continue
            if isinstance(widget, Text) or (isinstance(widget, Target) and widget.text):
                parts.append(" ".join(widget.text.split()))
        return ". ".join(part.rstrip(".") for part in parts if part) + "."

    def target(self, name: str) -> Target | None:
        """The target named ``name`` on this screen, for the demo and tests."""
        for widget in self.walk(restrict=True):
            if isinstance(widget, Target) and widget.name == name and widget.opacity > 0:
                return widget
        return None
