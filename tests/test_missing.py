"""A missing tool: a skip on a developer's machine, a failure under CI."""

from __future__ import annotations

import pytest

from tests.missing import missing


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_under_ci_a_missing_tool_fails_and_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="espeak-ng is missing: apt-get install"):
        missing("espeak-ng is missing: apt-get install espeak-ng")


@pytest.mark.parametrize("ci", [None, "", "false"])
def test_elsewhere_it_is_skipped(monkeypatch: pytest.MonkeyPatch, ci: str | None) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="chromium"):
        missing("chromium is not installed")
