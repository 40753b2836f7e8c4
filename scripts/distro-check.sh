#!/usr/bin/env bash
# `make distro-check` (amd64) and `make pi-check` (arm64, through qemu-user-static): this
# checkout on a fresh Debian trixie, as a newcomer would use it. Runs as root.
#
#   scripts/distro-check.sh amd64|arm64 [STEPS]     STEPS: install,run,test (default for amd64)
#                                                           install,run (default for arm64)
#
# A root made by debootstrap (the standard variant plus python3, make and git, nothing else) is
# kept as var/distro/trixie-ARCH.tar, so a second check skips the download; every check unpacks
# it into a fresh var/distro/trixie-ARCH-run/ and copies the checkout (its tracked and new files,
# not .venv, out or var) to /root/buurtkiosk in it. Inside, as root:
#   install  sudo deploy/install.sh, the real one (apt, user, venv from the runtime lock, units),
#            then the installed program answers --help and imports its screens
#   run      make run: Debian packages, .venv from requirements.lock, the headless tour
#   test     make test with CI=true (a missing tool fails) and BUURTKIOSK_TEST_PG=scratch: the
#            host's PostgreSQL on 127.0.0.1:5432 is visible in a chroot, so the tests are made
#            to start their own cluster, the path a machine without a server takes
# Wall times and pytest's closing line are printed at the end and kept in var/distro/ARCH.log.
# SC2016: the commands given to `inside` expand inside the chroot; SC2317: shellcheck takes the
# functions nested in main for unreachable.
# shellcheck disable=SC2016,SC2317
set -euo pipefail
# Everything in main, which bash reads whole before it runs: an edit to this file during a long
# check cannot change the check that is running.
main() {
ARCH=${1:?usage: scripts/distro-check.sh amd64|arm64 [install,run,test]}
case $ARCH in
    amd64) STEPS=${2:-install,run,test} ;;
    arm64) STEPS=${2:-install,run} ;;
    *) echo "unknown architecture: $ARCH (amd64 or arm64)" >&2; exit 2 ;;
esac
SUITE=trixie
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cd "$(dirname "$0")/.."
CACHE=$(pwd -P)/var/distro  # physical: compared with /proc/PID/root
BASE=$CACHE/$SUITE-$ARCH.tar
ROOT=$CACHE/$SUITE-$ARCH-run
LOG=$CACHE/$ARCH.log
HOST_CA=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
[ "$(id -u)" = 0 ] || { echo "distro-check needs root (debootstrap, chroot, mount)" >&2; exit 2; }
mkdir -p "$CACHE"
exec > >(tee "$LOG") 2>&1

started=$(date +%s)
times=""
failed=""
timed() {  # timed NAME COMMAND...: run it, say and remember its wall time and result
    local name=$1 t0 result=ok
    shift
    t0=$(date +%s)
    echo "=== $name"
    "$@" || { result=FAILED; failed="$failed $name;"; }
    echo "=== $name: $(($(date +%s) - t0)) s, $result"
    times="$times$name: $(($(date +%s) - t0)) s, $result
"
}

timed_or_stop() {  # the steps the others need
    timed "$@"
    [ -z "$failed" ] || { echo "distro-check: $failed stopped the check" >&2; exit 1; }
}

# --- the tools on this machine -------------------------------------------------------------------
need_packages() {
    local missing="" pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        apt-get update -qq
        # shellcheck disable=SC2086  # a list of package names
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    fi
}
FOREIGN=0
if [ "$(dpkg --print-architecture)" != "$ARCH" ]; then
    FOREIGN=1
    need_packages mmdebstrap qemu-user-static binfmt-support arch-test
    # The kernel runs arm64 programs through qemu once binfmt_misc knows it.
    [ -e /proc/sys/fs/binfmt_misc/register ] \
        || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
else
    need_packages debootstrap
fi

# --- mounts: set up for the chroot, and every one of them undone ---------------------------------
mounts_under() {  # mount points at or below $1, deepest first
    awk -v root="$1" '$5 == root || index($5, root "/") == 1 { print $5 }' /proc/self/mountinfo \
        | sort -r
}
release() {  # release DIR: stop what runs in it, unmount everything under it
    local dir=$1 pid mount
    case $dir in
        "$CACHE"/?*) ;;  # only ever a root of our own, never "" or /
        *) echo "release: refusing $dir" >&2; return 1 ;;
    esac
    for pid in /proc/[0-9]*; do
        if [ "$(readlink "$pid/root" 2>/dev/null)" = "$dir" ]; then
            kill -KILL "${pid#/proc/}" 2>/dev/null || true
        fi
    done
    for mount in $(mounts_under "$dir"); do
        umount "$mount" 2>/dev/null || umount -l "$mount"
    done
    if [ -n "$(mounts_under "$dir")" ]; then
        echo "still mounted under $dir; not removing it" >&2
        return 1
    fi
}
remove_root() {  # only with nothing mounted, and never across into another file system
    release "$1"
    rm -rf --one-file-system "$1"
}
enter() {
    mount -t proc proc "$ROOT/proc"
    mount -t sysfs sysfs "$ROOT/sys"
    mount --bind /dev "$ROOT/dev"
    mount --bind /dev/pts "$ROOT/dev/pts"
    mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
}
trap 'release "$ROOT" || true' EXIT

# --- the cached bootstrap -----------------------------------------------------------------------
bootstrap() {
    local dir=$CACHE/$SUITE-$ARCH-bootstrap
    remove_root "$dir"
    if [ "$FOREIGN" = 1 ]; then
        # debootstrap --foreign's second stage runs its package bookkeeping (perl, sh) under
        # qemu too: over an hour here. mmdebstrap resolves and unpacks with this machine's own
        # apt and dpkg and only runs the packages' scripts under qemu. The same set of packages
        # (its "debootstrap" variant), written as the tar this check keeps.
        mmdebstrap --arch="$ARCH" --variant=debootstrap --format=tar --include=python3,make,git \
            "$SUITE" "$BASE.new" "$MIRROR"
        mv "$BASE.new" "$BASE"
        return
    fi
    debootstrap --arch="$ARCH" --include=python3,make,git "$SUITE" "$dir" "$MIRROR"
    release "$dir"
    tar -C "$dir" -cf "$BASE.new" .
    mv "$BASE.new" "$BASE"
    remove_root "$dir"
}
[ -s "$BASE" ] || timed_or_stop "debootstrap $SUITE $ARCH (cached in $BASE)" bootstrap

# --- a fresh root with this checkout ------------------------------------------------------------
fresh_root() {
    remove_root "$ROOT"
    mkdir -p "$ROOT"
    tar -C "$ROOT" -xf "$BASE"
    # No service starts inside (postgresql's own cluster, nginx): they would take the host's ports.
    printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
    chmod 755 "$ROOT/usr/sbin/policy-rc.d"
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
    # pip inside trusts what this machine trusts: on a network that inspects TLS, PyPI answers
    # with a certificate that only this machine's CA bundle (not a fresh Debian's) accepts.
    mkdir -p "$ROOT/etc/ssl"
    cp -L "$HOST_CA" "$ROOT/etc/ssl/host-ca-certificates.crt"
    mkdir -p "$ROOT/root/buurtkiosk"
    git ls-files -z --cached --others --exclude-standard \
        | tar --null --ignore-failed-read -T - -cf - 2>/dev/null \
        | tar -C "$ROOT/root/buurtkiosk" -xf -
    enter
}
timed_or_stop "fresh root with this checkout" fresh_root

# A port nobody else's `make run` holds on the shared loopback.
central_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
inside() {
    chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        CENTRAL_PORT="$central_port" BUURTKIOSK_TEST_PG=scratch \
        PIP_CERT=/etc/ssl/host-ca-certificates.crt \
        bash -euo pipefail -c "cd /root/buurtkiosk && $1"
}
python_version=$(inside 'python3 --version')
echo "$python_version in Debian $(cat "$ROOT/etc/debian_version") $ARCH"

case ,$STEPS, in *,install,*)
    timed "deploy/install.sh" inside 'deploy/install.sh --buurthuis "Buurthuis Proef" </dev/null'
    timed "the installed kiosk imports its screens" inside '/opt/buurtkiosk/current/bin/buurtkiosk --help >/dev/null
        KIVY_NO_ARGS=1 KIVY_HOME=/tmp/kivy SDL_VIDEODRIVER=offscreen \
            /opt/buurtkiosk/current/bin/python -c "import kiosk.cli, screens.app"
        echo "installed: $(readlink /opt/buurtkiosk/current)"' ;;
esac
case ,$STEPS, in *,run,*)
    timed "make run" inside 'make run' ;;
esac
case ,$STEPS, in *,test,*)
    timed "make test" inside 'CI=true make test' ;;
esac

summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed)' "$LOG" | tail -n 1 || true)
echo "=== distro-check $SUITE $ARCH: $python_version"
printf '%s' "$times"
[ -z "$summary" ] || echo "pytest: $summary"
echo "total $(($(date +%s) - started)) s (log: $LOG)"
[ -z "$failed" ] || { echo "distro-check: FAILED:$failed" >&2; exit 1; }
}
main "$@"; exit
