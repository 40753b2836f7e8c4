"""The nginx example passes `nginx -t` with the real nginx (Debian 12's 1.22)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from deploy_helpers import DEPLOY, need


def test_nginx_example_is_valid(tmp_path: Path) -> None:
    nginx = need("nginx", "nginx-light")
    openssl = need("openssl", "openssl")
    # A throwaway certificate where certbot would put the real one.
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=buurtkiosk.example.nl",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    site = (DEPLOY / "nginx/buurtkiosk-central.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/buurtkiosk.example.nl/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/buurtkiosk.example.nl/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    assert str(cert) in site and str(key) in site
    (tmp_path / "site.conf").write_text(site)
    # The site file goes into nginx's http block, as Debian's nginx.conf includes sites-enabled.
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_nginx_logs_no_addresses_or_paths() -> None:
    # Follow-up links carry their token in the path; IP addresses are personal data.
    site = (DEPLOY / "nginx/buurtkiosk-central.conf").read_text()
    log_format = next(line for line in site.splitlines() if line.startswith("log_format"))
    for variable in ("$remote_addr", "$request_uri", "$uri", "$request ", "$args", "$http_referer"):
        assert variable not in log_format
    assert "proxy_pass http://buurtkiosk_central;" in site
    assert "server 127.0.0.1:8080;" in site
