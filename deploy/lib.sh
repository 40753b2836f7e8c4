# shellcheck shell=bash
# Helpers shared by install.sh, upgrade.sh and install-central.sh (sourced, not run).
#
# ROOT is "" on a real machine and a directory with --root: every path we write goes through
# "$ROOT", and everything that needs the running system (apt, systemctl, useradd, chown) is
# skipped in --root mode, so the whole layout can be checked on any machine, without root.

say() { printf '%s\n' "$*"; }
die() { printf 'FOUT: %s\n' "$*" >&2; exit 1; }

# check_system OS_RELEASE MACHINE: refuse a system the kiosk cannot run on, in plain words, before
# anything is changed. Raspberry Pi OS Trixie (Debian 13, Python 3.13) is what the Imager offers
# today and what we recommend; Bookworm (Debian 12, Python 3.11) works as well. Kivy's wheels
# exist for 64-bit ARM (and x86_64) only: 32-bit Raspberry Pi OS cannot run the kiosk.
check_system() {
    local os_release=$1 machine=$2 codename
    # shellcheck disable=SC1090  # os-release is the system's own file
    codename=$(. "$os_release" 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")
    case $machine in
        aarch64|x86_64) ;;
        *) die "dit is $machine (32-bit); installeer Raspberry Pi OS Lite (64-bit) Trixie en probeer opnieuw" ;;
    esac
    case $codename in
        trixie) ;;
        bookworm) say "Bookworm werkt; voor een nieuwe kiosk raden we Raspberry Pi OS Trixie aan" ;;
        *) die "dit systeem is '${codename:-onbekend}'; installeer Raspberry Pi OS Lite (64-bit) Trixie (Bookworm kan ook)" ;;
    esac
}

# live COMMAND...: a command for the running systemd or udev (daemon-reload, restart, udevadm).
# Without them (a chroot as in make distro-check, an image being built: no /run/systemd/system,
# sd_booted(3)) there is nobody to tell; the units and rules are read at the next boot.
live() {
    if [ -z "$ROOT" ] && [ ! -d /run/systemd/system ]; then
        say "  (systemd draait hier niet: niet uitgevoerd) $*"
    else
        system "$@"
    fi
}

# Run a command that changes the running system; in --root mode only say what would run.
system() {
    if [ -n "$ROOT" ]; then
        say "  (--root: niet uitgevoerd) $*"
    else
        "$@"
    fi
}

# put MODE OWNER:GROUP SRC DEST: install one file. It is written next to DEST and renamed over
# it, so a power cut leaves the old file or the new one, never half of one, and a script that
# is running (upgrade.sh replacing its installed copy) keeps reading its own, old file.
# Owners need root, so --root mode keeps the caller's own user.
put() {
    local mode=$1 owner=$2 src=$3 dest=$4 tmp
    mkdir -p "$(dirname "$ROOT$dest")"
    tmp="$ROOT$dest.new.$$"
    if [ -n "$ROOT" ]; then
        install -m "$mode" "$src" "$tmp"
    else
        install -m "$mode" -o "${owner%%:*}" -g "${owner##*:}" "$src" "$tmp"
    fi
    mv -f "$tmp" "$ROOT$dest"
}

# dir MODE OWNER:GROUP DIR: create a directory (or fix its mode and owner when it exists).
dir() {
    local mode=$1 owner=$2 path=$3
    mkdir -p "$ROOT$path"
    chmod "$mode" "$ROOT$path"
    if [ -z "$ROOT" ]; then
        chown "$owner" "$ROOT$path"
    fi
}

# enable UNIT TARGET: what `systemctl enable` does for a unit with WantedBy=TARGET. Done by hand
# in --root mode (systemctl is not used there); systemctl on a real machine.
enable_unit() {
    local unit=$1 target=$2
    if [ -n "$ROOT" ]; then
        mkdir -p "$ROOT/etc/systemd/system/$target.wants"
        ln -sfn "/etc/systemd/system/$unit" "$ROOT/etc/systemd/system/$target.wants/$unit"
    else
        systemctl enable "$unit"
    fi
}

# Replace a symlink in one step (rename is atomic), so a power cut never leaves it missing.
swap_link() {
    local target=$1 link=$2
    ln -sfn "$target" "$link.new"
    mv -T "$link.new" "$link"
}

# The version being installed: pyproject's version, plus the git commit when there is one, so
# two builds of the same version number still get their own release directory.
source_version() {
    local src=$1 version commit
    if [ -n "${BUURTKIOSK_VERSION:-}" ]; then
        say "$BUURTKIOSK_VERSION"
        return
    fi
    version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$src/pyproject.toml" | head -n 1)
    [ -n "$version" ] || die "no version in $src/pyproject.toml"
    if commit=$(git -C "$src" rev-parse --short=8 HEAD 2>/dev/null); then
        version="$version-$commit"
    fi
    say "$version"
}

# make_venv SRC DEST: a venv with the project in it. A venv cannot be moved after it is built
# (its scripts name their own path), so it is built in place and marked complete only when pip
# succeeded; a release without the mark is from a failed run and is built again.
make_venv() {
    local src=$1 dest=$2
    if [ -x "$dest/bin/python" ] && [ -f "$dest/.buurtkiosk-complete" ]; then
        say "  release $(basename "$dest") bestaat al"
        return
    fi
    rm -rf "$dest"
    python3 -m venv "$dest"
    # Every package from the lock (exact versions, hashes checked), without the test tools; then
    # the project itself, built by the locked setuptools, so nothing is fetched unlocked.
    "$dest/bin/python" -m pip install --quiet --require-hashes -r "$src/requirements-runtime.lock"
    "$dest/bin/python" -m pip install --quiet --no-deps --no-build-isolation "$src"
    "$dest/bin/python" -m pip check >/dev/null || die "requirements-runtime.lock past niet bij pyproject.toml (make lock)"
    touch "$dest/.buurtkiosk-complete"
}

# put_kiosk_system_files DEPLOY_DIR: the kiosk's units, udev rules, system drop-ins and Kivy
# config, from one release's deploy/ directory. install.sh and upgrade.sh both call it, so an
# upgrade also brings the units and rules of the new version.
put_kiosk_system_files() {
    local from=$1 unit
    for unit in buurtkiosk.service buurtkiosk-backup.service buurtkiosk-backup.timer; do
        put 0644 root:root "$from/systemd/$unit" "/etc/systemd/system/$unit"
    done
    put 0644 root:root "$from/udev/99-buurtkiosk.rules" /etc/udev/rules.d/99-buurtkiosk.rules
    put 0644 root:root "$from/system/logind-buurtkiosk.conf" /etc/systemd/logind.conf.d/buurtkiosk.conf
    put 0644 root:root "$from/system/journald-buurtkiosk.conf" /etc/systemd/journald.conf.d/buurtkiosk.conf
    put 0644 root:root "$from/system/system-watchdog.conf" /etc/systemd/system.conf.d/buurtkiosk-watchdog.conf
    # Kivy's own settings are ours, not the volunteer's: always the pinned copy.
    put 0640 buurtkiosk:buurtkiosk "$from/kivy/config.ini" /var/lib/buurtkiosk/kivy/config.ini
    put 0755 root:root "$from/upgrade.sh" /opt/buurtkiosk/deploy/upgrade.sh
    put 0644 root:root "$from/lib.sh" /opt/buurtkiosk/deploy/lib.sh
}
