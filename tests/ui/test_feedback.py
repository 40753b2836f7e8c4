"""Every tap shows within a frame that it landed: the tile turns yellow under the finger."""

from __future__ import annotations

from kivy.tests.common import UnitTestTouch
from PIL import Image

from screens import theme
from tests.ui.steps import drive, on, screenshot


def pixel(path, widget, inset: float):
    """The colour just inside the widget's lower-left corner, as drawn on screen."""
    from kivy.core.window import Window

    x, y = widget.to_window(widget.x + inset, widget.y + inset)
    with Image.open(path) as image:
        scale = image.height / Window.height
        return image.convert("RGB").getpixel((int(x * scale), int(image.height - y * scale - 1)))


def close(colour, rgba) -> bool:
    return all(abs(c - round(v * 255)) <= 3 for c, v in zip(colour, rgba[:3], strict=False))


def test_a_finger_down_turns_the_tile_yellow_in_the_next_frame(make_app, tmp_path):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        tile = app.root.current_screen.target("ask")
        inset = app.px_mm * 3
        before = screenshot(tmp_path / "before.png")
        seen["before"] = pixel(before, tile, inset)
        touch = UnitTestTouch(*tile.to_window(*tile.center))
        touch.touch_down()
        yield 1  # one frame
        pressed = screenshot(tmp_path / "pressed.png")
        seen["pressed"] = pixel(pressed, tile, inset)
        seen["screen_while_down"] = app.root.current  # nothing happens on press
        touch.touch_up()
        yield 2
        seen["screen_after_up"] = app.root.current

    drive(app, script)
    assert close(seen["before"], theme.ASK)
    assert close(seen["pressed"], theme.PRESSED)
    assert seen["screen_while_down"] == "home"  # actions fire on release, not on press
    assert seen["screen_after_up"] == "ask_what"


def test_sliding_off_before_release_does_nothing(make_app):
    """Shaky fingers: a touch that lands on a tile but lifts elsewhere chooses nothing."""
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        tile = app.root.current_screen.target("ask")
        touch = UnitTestTouch(*tile.to_window(*tile.center))
        touch.touch_down()
        yield 1
        touch.touch_move(5, 5)  # far outside, in the corner of the screen
        yield 1
        touch.touch_up()
        yield 2
        seen["screen"] = app.root.current

    drive(app, script)
    assert seen["screen"] == "home"
