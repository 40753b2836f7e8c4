#!/bin/sh
# Debian packages the kiosk and its tests need. Installs what is missing when run as root;
# otherwise says what to install and carries on (everything still runs, only noisier).
set -eu
# python3-venv: the .venv itself. The tests also need: postgresql + postgresql-client (initdb
# and pg_ctl for a scratch server when none runs, pg_dump for the central backup script), the
# shell script linter, systemd (systemd-analyze verify and security), nginx-light (nginx -t
# and a real run of the example config), openssl (a throwaway certificate for it), strace
# (no program install.sh runs sees the kiosk token), chromium (the follow-up page) and
# espeak-ng ("Lees voor").
PACKAGES="python3-venv strace libmtdev1 libegl1 libegl-mesa0 libgl1-mesa-dri libgles2 shellcheck systemd nginx-light openssl postgresql postgresql-client chromium espeak-ng"
missing=""
for pkg in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages:$missing"
    apt-get update -qq
    # shellcheck disable=SC2086  # a list of package names, split on purpose
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Missing Debian packages (install them as root):$missing" >&2
fi
