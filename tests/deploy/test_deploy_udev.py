"""deploy/udev/99-buurtkiosk.rules: well-formed, and naming what the kiosk config expects.

systemd 252 (Debian 12, Raspberry Pi OS Bookworm) has no `udevadm verify`, so the grammar is
checked here: every rule is a comma-separated list of KEY[{attr}] OP "value" terms.
"""

from __future__ import annotations

import re

from deploy_helpers import DEPLOY

RULES = DEPLOY / "udev/99-buurtkiosk.rules"
TERM = re.compile(
    r'^(?P<key>[A-Z_]+)(\{(?P<attr>[A-Za-z0-9_]+)\})?(?P<op>==|!=|\+=|:=|=)"(?P<value>[^"]*)"$'
)
MATCH_KEYS = {"SUBSYSTEM", "KERNEL", "ATTRS", "ENV"}
ASSIGN_KEYS = {"SYMLINK", "GROUP", "MODE"}


def rules() -> list[list[re.Match[str]]]:
    parsed = []
    for number, line in enumerate(RULES.read_text().splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        terms = []
        for term in line.split(", "):
            match = TERM.match(term.strip())
            assert match, f"line {number}: cannot parse {term!r}"
            terms.append(match)
        parsed.append(terms)
    return parsed


def test_every_rule_is_well_formed() -> None:
    parsed = rules()
    assert len(parsed) >= 10
    for terms in parsed:
        for term in terms:
            if term["op"] in ("==", "!="):
                assert term["key"] in MATCH_KEYS, term.group(0)
            else:
                assert term["key"] in ASSIGN_KEYS, term.group(0)
        ids = [t["value"] for t in terms if t["attr"] in ("idVendor", "idProduct")]
        assert all(re.fullmatch(r"[0-9a-f]{4}", value) for value in ids), ids


def test_names_match_the_kiosk_and_kivy_config() -> None:
    links = {t["value"] for terms in rules() for t in terms if t["key"] == "SYMLINK"}
    assert links == {"buurtkiosk-printer", "input/buurtkiosk-touch"}
    assert "port = $printer_port" in (DEPLOY / "kiosk.toml.in").read_text()
    install = (DEPLOY / "install.sh").read_text()
    assert 'PRINTER="/dev/buurtkiosk-printer"' in install
    assert (
        "touchscreen = mtdev,/dev/input/buurtkiosk-touch"
        in (DEPLOY / "kivy/config.ini").read_text()
    )


def test_the_parser_rejects_a_broken_rule() -> None:
    assert TERM.match('SUBSYSTEM=="tty"')
    assert not TERM.match('SUBSYSTEM=="tty')  # a missing quote
    assert not TERM.match("ATTRS{idVendor}==0403")  # an unquoted value
