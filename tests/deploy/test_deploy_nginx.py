"""The nginx example: `nginx -t` with the real nginx (Debian 12's 1.22), and a real nginx run
with the central store down: no token in any log, no version, limits on the QR pages and sign-in.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from deploy_helpers import DEPLOY, need

from kiosk.central.scratch_postgres import free_port

SITE = DEPLOY / "nginx/buurtkiosk-central.conf"
TOKENS = ("Rk7TOKENfollowup9x", "Hq2TOKENhelper4z")


def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway certificate where certbot would put the real one."""
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [
            need("openssl", "openssl"),
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=buurtkiosk.example.nl", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return cert, key


def write_config(tmp_path: Path, site: str) -> Path:
    """The site file inside an http block, as Debian's nginx.conf includes sites-enabled."""
    cert, key = certificate(tmp_path)
    site = site.replace("/etc/letsencrypt/live/buurtkiosk.example.nl/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/buurtkiosk.example.nl/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    assert str(cert) in site and str(key) in site
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        # As root nginx's workers would run as nobody, who cannot enter pytest's tmp_path.
        "user root;\n"
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/main-error.log;\n"
        "events {}\n"
        f"http {{\n  access_log {tmp_path}/main-access.log;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    return conf


def test_nginx_example_is_valid(tmp_path: Path) -> None:
    nginx = need("nginx", "nginx-light")
    conf = write_config(tmp_path, SITE.read_text())
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_logs_no_addresses_or_paths() -> None:
    # Follow-up links carry their token in the path; IP addresses are personal data.
    site = SITE.read_text()
    log_format = next(line for line in site.splitlines() if line.startswith("log_format"))
    for variable in ("$remote_addr", "$request_uri", "$uri", "$request ", "$args", "$http_referer"):
        assert variable not in log_format
    assert "proxy_pass http://buurtkiosk_central;" in site
    assert "server 127.0.0.1:8080;" in site


@pytest.fixture
def nginx_without_upstream(tmp_path: Path) -> Iterator[str]:
    """The shipped site on free ports on 127.0.0.1, its upstream a port nothing listens on;
    yields the https base URL."""
    nginx = need("nginx", "nginx-light")
    https, plain, upstream = free_port(), free_port(), free_port()
    site = SITE.read_text()
    site = site.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream};")
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{plain};")
    conf = write_config(tmp_path, site)
    subprocess.run([nginx, "-p", str(tmp_path), "-c", str(conf)], check=True, timeout=60)
    try:
        yield f"https://127.0.0.1:{https}"
    finally:
        pid = int((tmp_path / "nginx.pid").read_text())
        subprocess.run(["kill", "-QUIT", str(pid)], check=False, timeout=30)
        deadline = time.monotonic() + 30
        while (tmp_path / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if (tmp_path / "nginx.pid").exists():
            subprocess.run(["kill", f"-{signal.SIGKILL.value}", str(pid)], check=False)


def test_with_the_store_down_no_token_reaches_a_log(
    nginx_without_upstream: str, tmp_path: Path
) -> None:
    followup, helper = TOKENS
    headers = {"Host": "buurtkiosk.example.nl"}
    with httpx.Client(base_url=nginx_without_upstream, verify=False, headers=headers) as http:
        first = http.get(f"/r/{followup}")
        assert first.status_code == 502
        assert "nginx/" not in first.text and "nginx/" not in first.headers.get("server", "")
        assert http.post(f"/h/{helper}/done").status_code == 502
        # The pages' limit: 10 at once (then 30 a minute); the rest is refused without the
        # upstream being asked (and without logging the refused request line).
        statuses = [http.get(f"/r/{followup}").status_code for _ in range(20)]
        assert statuses.count(429) >= 8 and set(statuses) <= {502, 429}
        signin = [http.post("/api/v1/identify", json={}).status_code for _ in range(20)]
        assert signin[0] == 502 and signin.count(429) >= 8
        # The kiosks' own calls are logged with nginx's reason (no token in their paths).
        assert http.get("/api/health").status_code == 502

    logs = {path.name: path.read_text() for path in tmp_path.glob("*.log")}
    assert "buurtkiosk-central.access.log" in logs and "buurtkiosk-central.error.log" in logs
    for name, text in logs.items():
        for token in TOKENS:
            assert token not in text, f"{token} in {name}"
    access = logs["buurtkiosk-central.access.log"]
    assert '"GET /r/..." 502' in access and '"GET /r/..." 429' in access
    assert '"POST /h/..." 502' in access and '"POST /api/v1/identify" 429' in access
    assert "127.0.0.1" not in access
    # Upstream failures are still written down where no token can be in the line.
    error = logs["buurtkiosk-central.error.log"]
    assert "connect() failed" in error and "/api/health" in error
