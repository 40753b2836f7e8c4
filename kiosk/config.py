"""Settings: a TOML file, then command-line flags on top.

A mistake in the file is a :class:`ConfigError` with the file name and what to fix; the command
line turns it into a clear message and exit status 2.

Example (all keys optional)::

    [kiosk]
    buurthuis = "Buurthuis De Linde"
    language = "nl"              # nl | en
    database = "/var/lib/buurtkiosk/kiosk.db"
    circles = "/etc/buurtkiosk/circles.toml"

    [screen]
    size = "800x480@7"           # WIDTHxHEIGHT@INCHES of the real panel
    fullscreen = false

    [printer]
    port = "emulator"            # a device such as /dev/buurtkiosk-printer, "emulator" or "none"
    baud = 19200
    paper = 80                   # 58 or 80 mm
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk import ASSETS
from kiosk.domain import ValidationError, normalise_phone
from kiosk.i18n import LANGUAGES
from kiosk.printer.config import PrinterConfig


class ConfigError(ValueError):
    """The config file or a flag cannot be used; the message says what to change."""


@dataclass(frozen=True)
class Panel:
    width: int
    height: int
    inches: float

    @property
    def px_per_mm(self) -> float:
        return math.hypot(self.width, self.height) / (self.inches * 25.4)

    def __str__(self) -> str:
        return f"{self.width}x{self.height}@{self.inches:g}"


def parse_panel(text: str) -> Panel:
    match = re.fullmatch(r"\s*(\d{3,5})x(\d{3,5})@(\d+(?:\.\d+)?)\s*", text)
    if not match:
        raise ConfigError(f"screen size {text!r}: write it as WIDTHxHEIGHT@INCHES, e.g. 800x480@7")
    panel = Panel(int(match[1]), int(match[2]), float(match[3]))
    if not 3 <= panel.inches <= 40:
        raise ConfigError(f"screen size {text!r}: a diagonal of 3 to 40 inches, please")
    return panel


DEV_CENTRAL = "http://127.0.0.1:8700"  # the local central store that `make run` starts


@dataclass(frozen=True)
class CentralConfig:
    url: str = ""
    token: str = ""
    token_file: str = ""  # preferred to `token`: a token on a command line shows in `ps`
    # Where phones reach the follow-up page (the receipt's QR code): the central store's
    # public address; by default the central store's own URL.
    public_url: str = ""

    @property
    def followup_base(self) -> str:
        return self.public_url or self.url or DEV_CENTRAL

    def device_token(self) -> str:
        if self.token:
            return self.token
        if self.token_file:
            try:
                return Path(self.token_file).read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ConfigError(f"token file {self.token_file}: {error.strerror}") from None
        return ""

    @property
    def enabled(self) -> bool:
        return bool(self.url)


@dataclass(frozen=True)
class Config:
    buurthuis: str = "Buurthuis"
    language: str = "nl"
    database: Path = Path("var/kiosk.db")
    circles: Path = ASSETS / "seed" / "circles.toml"
    panel: Panel = field(default_factory=lambda: Panel(800, 480, 7))
    fullscreen: bool = False
    idle_seconds: float = 90.0
    receipts: Path = Path("var/receipts")  # where the printer emulator puts its PNGs
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    central: CentralConfig = field(default_factory=CentralConfig)
    inline_circles: tuple[dict[str, str], ...] = ()

    def with_changes(self, **changes: Any) -> Config:
        return replace(self, **changes)


def _section(data: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [{name}] must be a section")
    return value


def _typed(section: dict[str, Any], key: str, kind: type, source: str, where: str) -> Any:
    value = section[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{source}: {where}.{key} must be a {kind.__name__}, not {value!r}")
    return value


KNOWN = {
    "kiosk": {"buurthuis", "language", "database", "db", "circles", "idle_seconds"},
    "screen": {"size", "fullscreen", "idle_seconds"},
    "printer": {
        "port",
        "baud",
        "paper",
        "paper_mm",
        "paper_width_mm",
        "profile",
        "native_qr",
        "status",
        "flow",
    },
    "central": {"url", "token", "token_file", "public_url"},
    "circles": set(),  # [[circles]] tables in the kiosk file itself (deploy/kiosk.toml.in)
}
ALIASES = {"db": "database", "paper_width_mm": "paper", "paper_mm": "paper"}


def load(path: Path | None, base: Config | None = None) -> Config:
    """Read ``path`` (TOML) on top of ``base``; None gives the defaults."""
    config = base or Config()
    if path is None:
        return config
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{source}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{source}: not valid TOML ({error})") from None
    for name, value in data.items():
        if name not in KNOWN:
            raise ConfigError(f"{source}: unknown section [{name}]; known: {', '.join(KNOWN)}")
        if name == "circles":
            continue
        unknown = set(value) - KNOWN[name] if isinstance(value, dict) else set()
        if unknown:
            raise ConfigError(f"{source}: unknown key {sorted(unknown)[0]!r} in [{name}]")
    base_dir = Path(path).resolve().parent
    kiosk = {ALIASES.get(k, k): v for k, v in _section(data, "kiosk", source).items()}
    screen = _section(data, "screen", source)
    printer = {ALIASES.get(k, k): v for k, v in _section(data, "printer", source).items()}
    central = _section(data, "central", source)
    changes: dict[str, Any] = {}
    if "buurthuis" in kiosk:
        changes["buurthuis"] = _typed(kiosk, "buurthuis", str, source, "kiosk")
    if "language" in kiosk:
        try:
            changes["language"] = check_language(_typed(kiosk, "language", str, source, "kiosk"))
        except ConfigError as error:
            raise ConfigError(f"{source}: {error}") from None
    if "database" in kiosk:
        changes["database"] = base_dir / _typed(kiosk, "database", str, source, "kiosk")
    if "circles" in kiosk:
        changes["circles"] = base_dir / _typed(kiosk, "circles", str, source, "kiosk")
    if "idle_seconds" in kiosk:
        changes["idle_seconds"] = _typed(kiosk, "idle_seconds", float, source, "kiosk")
    if "idle_seconds" in screen:
        changes["idle_seconds"] = _typed(screen, "idle_seconds", float, source, "screen")
    if "circles" in data:
        changes["inline_circles"] = tuple(_circles(data["circles"], source))
    if "size" in screen:
        try:
            changes["panel"] = parse_panel(_typed(screen, "size", str, source, "screen"))
        except ConfigError as error:
            raise ConfigError(f"{source}: {error}") from None
    if "fullscreen" in screen:
        changes["fullscreen"] = _typed(screen, "fullscreen", bool, source, "screen")
    if printer:
        try:
            changes["printer"] = PrinterConfig.from_section(printer)
        except ValueError as error:
            raise ConfigError(f"{source}: {error}") from None
    if central:
        values = {k: _typed(central, k, str, source, "central") for k in central}
        changes["central"] = replace(config.central, **values)
    return replace(config, **changes)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ConfigError(f"language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def _circles(tables: Any, source: str) -> list[dict[str, str]]:
    """Circles as ``code, name, verbinder, phone`` (also ``verbinder_name/_phone``)."""
    if not isinstance(tables, list):
        raise ConfigError(f"{source}: write each circle as a [[circle]] table")
    circles = []
    for number, table in enumerate(tables, 1):
        circle = {
            "code": table.get("code"),
            "name": table.get("name"),
            "verbinder": table.get("verbinder", table.get("verbinder_name")),
            "phone": table.get("phone", table.get("verbinder_phone")),
        }
        missing = sorted(key for key, value in circle.items() if not isinstance(value, str))
        if missing:
            raise ConfigError(f"{source}: circle {number} lacks {', '.join(missing)}")
        try:
            normalise_phone(str(circle["phone"]))
        except ValidationError:
            raise ConfigError(
                f"{source}: circle {number}: phone {circle['phone']!r} is not a valid number"
            ) from None
        circles.append(circle)
    return circles


def load_circles(path: Path) -> list[dict[str, str]]:
    """The circles seed file: ``[[circle]]`` tables with code, name, verbinder, phone."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: circles file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    return _circles(data.get("circle", []), str(path))


def circles_for(config: Config) -> list[dict[str, str]]:
    """The kiosk file's own [[circles]] if it has them, else the seed file."""
    return list(config.inline_circles) or load_circles(config.circles)
