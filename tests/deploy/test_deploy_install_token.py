"""install.sh takes the kiosk's token from a file or standard input, never from its arguments:
every program it starts is traced (strace, execve), and the token is in none of their argv."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from deploy_helpers import DEPLOY, install_into, need, run_script

TOKEN = "bk-secret-7d1f0c9e2a"


def traced(trace: Path, *command: str) -> list[str]:
    """``command`` under strace, which logs the argv of every program started (-f: children)."""
    strace = need("strace", "strace")
    return [strace, "-f", "-qq", "-s", "4096", "-e", "trace=execve", "-o", str(trace), *command]


def config_token(root: Path) -> str:
    config = tomllib.loads((root / "etc/buurtkiosk/kiosk.toml").read_text())
    return str(config["central"]["token"])


def test_token_from_a_file(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text(TOKEN + "\n")
    install_into(tmp_path / "root", "--token-file", str(token))
    assert config_token(tmp_path / "root") == TOKEN


def test_token_from_standard_input_and_no_program_sees_it(tmp_path: Path) -> None:
    trace = tmp_path / "exec.log"
    install = str(DEPLOY / "install.sh")
    done = subprocess.run(
        traced(trace, install, "--root", str(tmp_path / "root"), "--token-file", "-"),
        input=TOKEN + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert config_token(tmp_path / "root") == TOKEN
    executed = [line for line in trace.read_text().splitlines() if "execve(" in line]
    assert len(executed) > 20  # the trace saw the programs install.sh ran (python3, install, ...)
    assert any("python3" in line for line in executed)
    assert not [line for line in executed if TOKEN in line]
    assert TOKEN not in done.stdout + done.stderr


def test_the_trace_would_see_a_token_on_a_command_line(tmp_path: Path) -> None:
    trace = tmp_path / "exec.log"
    subprocess.run(
        traced(trace, "sh", "-c", f"env true {TOKEN}"),
        check=True,
        timeout=60,
    )
    assert TOKEN in trace.read_text()


def test_token_on_the_command_line_is_refused(tmp_path: Path) -> None:
    for args in (["--token", TOKEN], [f"--token={TOKEN}"]):
        result = run_script(DEPLOY / "install.sh", "--root", tmp_path / "root", *args)
        assert result.returncode != 0 and "--token-file" in result.stderr, args
        assert not (tmp_path / "root").exists()


def test_an_empty_or_unreadable_token_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    for source in (str(empty), str(tmp_path / "missing")):
        result = run_script(
            DEPLOY / "install.sh", "--root", tmp_path / "root", "--token-file", source
        )
        assert result.returncode != 0 and "FOUT" in result.stderr, source
        assert not (tmp_path / "root/etc/buurtkiosk/kiosk.toml").exists()
