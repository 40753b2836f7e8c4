#!/usr/bin/env bash
# Turns a Raspberry Pi 4 or 5 with 64-bit Raspberry Pi OS (Trixie or Bookworm) into a Buurtkiosk:
# after this script and a reboot the Pi starts full-screen into the kiosk, with no desktop to
# fall back to. Run as root from a checkout:   sudo deploy/install.sh --buurthuis "De Schakel"
# Running it again is safe: it only brings the machine back to this state and never
# overwrites /etc/buurtkiosk/kiosk.toml (the device token lives there) unless --force-config.
#
#   deploy/install.sh --root DIR ...   lays every file into DIR as if it were /, without apt,
#                                      systemctl, useradd or chown, so it can be checked anywhere.
set -eu

usage() {
    cat <<'EOF'
Gebruik: sudo deploy/install.sh [opties]

  --buurthuis NAAM        naam van het buurthuis (op scherm en bon)
  --language nl|en        taal waarin de kiosk start (standaard nl)
  --central-url URL       adres van de centrale opslag (leeg: de kiosk werkt alleen)
  --token-file BESTAND    het apparaat-token van deze kiosk (van buurtkiosk-central add-kiosk),
                          uit een bestand; "-" leest het van standaard-invoer (het script vraagt
                          erom). Nooit op de opdrachtregel: daar ziet iedereen het (ps).
  --printer POORT         printerpoort (standaard /dev/buurtkiosk-printer; "none" = geen printer)
  --baud N                snelheid van de printer (standaard 19200)
  --paper MM              papierbreedte 58 of 80 (standaard 80)
  --circle 'CODE|NAAM|VERBINDER|TELEFOON'
                          een netwerkcirkel; mag vaker
  --panel SCHERM          pi-display-2 (standaard: Touch Display 2, liggend), pi-display-1
                          (het eerste 7-inch Touch Display) of hdmi-10 (10 inch, HDMI + USB);
                          zonder --panel blijft het scherm van de vorige keer
  --rotate 0|90|180|270   draai beeld en aanraken samen (pi-display-2: standaard 270; zit het
                          scherm andersom in de kast, dan 90)
  --force-config          schrijf /etc/buurtkiosk/kiosk.toml opnieuw
  --readonly-root         zet het systeem alleen-lezen (overlay); de gegevens moeten dan op een
                          eigen schrijfbare partitie staan (/var/lib/buurtkiosk)
  --root MAP              leg alles in MAP alsof het / is (om te controleren; geen apt/systemctl)
  -h, --help              deze hulp
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

ROOT=""
BUURTHUIS="Buurthuis"
LANGUAGE="nl"
CENTRAL_URL=""
TOKEN=""
TOKEN_FILE=""
PRINTER="/dev/buurtkiosk-printer"
BAUD="19200"
PAPER="80"
CIRCLES=""
FORCE_CONFIG=0
READONLY_ROOT=0
PANEL=""
ROTATE=""

while [ $# -gt 0 ]; do
    case $1 in
        --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
        --buurthuis) BUURTHUIS=${2?}; shift 2 ;;
        --language) LANGUAGE=${2?}; shift 2 ;;
        --central-url) CENTRAL_URL=${2?}; shift 2 ;;
        --token-file) TOKEN_FILE=${2?}; shift 2 ;;
        --token|--token=*) die "--token zou het token in de proceslijst (ps) laten zien; gebruik --token-file BESTAND, of --token-file - en plak het" ;;
        --printer) PRINTER=${2?}; shift 2 ;;
        --baud) BAUD=${2?}; shift 2 ;;
        --paper) PAPER=${2?}; shift 2 ;;
        --circle) CIRCLES="$CIRCLES${2?}
"; shift 2 ;;
        --panel) PANEL=${2?}; shift 2 ;;
        --rotate) ROTATE=${2?}; shift 2 ;;
        --force-config) FORCE_CONFIG=1; shift ;;
        --readonly-root) READONLY_ROOT=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "onbekende optie: $1" ;;
    esac
done

# Checked here, so a typo shows up now and not as a kiosk that will not start after the reboot.
case $LANGUAGE in nl|en) ;; *) die "--language moet nl of en zijn" ;; esac
case $BAUD in *[!0-9]*|"") die "--baud moet een getal zijn" ;; esac
case $PAPER in 58|80) ;; *) die "--paper moet 58 of 80 zijn" ;; esac
case $PANEL in ""|pi-display-2|pi-display-1|hdmi-10) ;; *) die "--panel moet pi-display-2, pi-display-1 of hdmi-10 zijn" ;; esac
case $ROTATE in ""|0|90|180|270) ;; *) die "--rotate moet 0, 90, 180 of 270 zijn" ;; esac
# The token is read by the shell itself (read, a builtin): it never becomes a program's argument.
if [ "$TOKEN_FILE" = - ]; then
    if [ -t 0 ]; then
        printf 'Plak het token van deze kiosk en druk op Enter (u ziet het niet): ' >&2
        IFS= read -rs TOKEN || true
        printf '\n' >&2
    else
        IFS= read -r TOKEN || true
    fi
elif [ -n "$TOKEN_FILE" ]; then
    [ -r "$TOKEN_FILE" ] || die "kan $TOKEN_FILE niet lezen"
    IFS= read -r TOKEN <"$TOKEN_FILE" || true
fi
TOKEN=${TOKEN%$'\r'}
if [ -n "$TOKEN_FILE" ]; then
    case $TOKEN in ""|*[[:space:]]*) die "het token in ${TOKEN_FILE/#-/standaard-invoer} is leeg of bevat spaties" ;; esac
fi

if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT"
    ROOT=$(cd "$ROOT" && pwd)
    [ "$ROOT" != / ] || die "--root / is hetzelfde als zonder --root"
else
    [ "$(id -u)" = 0 ] || die "start dit script als root: sudo $0"
    check_system /etc/os-release "$(uname -m)"
fi

VERSION=$(source_version "$SRC")
APP=/opt/buurtkiosk
DATA=/var/lib/buurtkiosk
ETC=/etc/buurtkiosk
USER_NAME=buurtkiosk

say "Buurtkiosk $VERSION installeren${ROOT:+ in $ROOT}"

# --- 1. packages --------------------------------------------------------------------------------
# The Kivy wheel brings its own SDL2; SDL loads these at run time for the display (DRM/KMS,
# GBM, EGL/GLES from Mesa) and Kivy's mtdev provider needs libmtdev.
PACKAGES="python3 python3-venv python3-pip libmtdev1 libdrm2 libgbm1 libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri libudev1 sqlite3"
say "1. pakketten"
system apt-get update -qq
# shellcheck disable=SC2086  # a list of package names, split on purpose
system env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES

# --- 2. system user -----------------------------------------------------------------------------
say "2. gebruiker $USER_NAME"
if [ -z "$ROOT" ] && ! id -u "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$DATA" --no-create-home \
        --shell /usr/sbin/nologin --comment "Buurtkiosk" "$USER_NAME"
fi
# video/render: the screen; input: touch panel and scanner; dialout/lp: the printer.
system usermod -a -G video,render,input,dialout,lp "$USER_NAME"

# --- 3. directories -----------------------------------------------------------------------------
say "3. mappen"
dir 0755 root:root "$APP"
dir 0755 root:root "$APP/releases"
dir 0750 "root:$USER_NAME" "$ETC"
dir 0750 "$USER_NAME:$USER_NAME" "$DATA"
dir 0750 "$USER_NAME:$USER_NAME" "$DATA/kivy"
dir 0750 "$USER_NAME:$USER_NAME" "$DATA/backups"

# --- 4. the program -----------------------------------------------------------------------------
say "4. programma (venv in $APP/releases/$VERSION)"
RELEASE="$APP/releases/$VERSION"
if [ -n "$ROOT" ]; then
    # A venv built here would be for this machine's processor, not the Pi's: only the layout.
    mkdir -p "$ROOT$RELEASE/bin"
    say "  (--root: geen venv gebouwd)"
else
    make_venv "$SRC" "$RELEASE"
fi
printf '%s\n' "$VERSION" >"$ROOT$RELEASE/VERSION"
current=$(readlink "$ROOT$APP/current" 2>/dev/null || true)
if [ -n "$current" ] && [ "$current" != "$RELEASE" ]; then
    swap_link "$current" "$ROOT$APP/previous"  # kept for deploy/upgrade.sh --rollback
fi
swap_link "$RELEASE" "$ROOT$APP/current"
put 0644 root:root "$HERE/README-raspberry-pi.md" "$APP/README-raspberry-pi.md"

# --- 5. configuration ---------------------------------------------------------------------------
say "5. instellingen ($ETC/kiosk.toml)"
if [ ! -e "$ROOT$ETC/kiosk.toml" ] || [ "$FORCE_CONFIG" = 1 ]; then
    tmp=$(mktemp)
    # Rendered by Python so every value becomes a correctly quoted TOML string, and the result is
    # parsed once before it is installed: a stray quote in a name cannot break the kiosk.
    BUURTHUIS=$BUURTHUIS LANGUAGE=$LANGUAGE CENTRAL_URL=$CENTRAL_URL TOKEN=$TOKEN \
    PRINTER=$PRINTER BAUD=$BAUD PAPER=$PAPER CIRCLES=$CIRCLES \
        python3 - "$HERE/kiosk.toml.in" "$tmp" <<'PY'
import json, os, string, sys, tomllib

def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string

blocks = []
for line in os.environ["CIRCLES"].splitlines():
    if not line.strip():
        continue
    parts = line.split("|")
    if len(parts) != 4:
        sys.exit(f"--circle wants CODE|NAAM|VERBINDER|TELEFOON, got {line!r}")
    code, name, verbinder, phone = (p.strip() for p in parts)
    blocks.append(
        f"[[circles]]\ncode = {q(code)}\nname = {q(name)}\n"
        f"verbinder_name = {q(verbinder)}\nverbinder_phone = {q(phone)}\n"
    )
template = string.Template(open(sys.argv[1], encoding="utf-8").read())
text = template.substitute(
    buurthuis=q(os.environ["BUURTHUIS"]), language=q(os.environ["LANGUAGE"]),
    central_url=q(os.environ["CENTRAL_URL"]), central_token=q(os.environ["TOKEN"]),
    printer_port=q(os.environ["PRINTER"]), printer_baud=int(os.environ["BAUD"]),
    paper_width=int(os.environ["PAPER"]), circles="\n".join(blocks),
)
tomllib.loads(text)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(text)
PY
    put 0640 "root:$USER_NAME" "$tmp" "$ETC/kiosk.toml"
    rm -f "$tmp"
else
    say "  bestaat al, niet aangeraakt (--force-config om opnieuw te schrijven)"
fi
if [ ! -e "$ROOT$ETC/environment" ]; then
    tmp=$(mktemp)
    cat >"$tmp" <<'EOF'
# Extra environment for the kiosk (systemd EnvironmentFile). Usually empty; install.sh and
# upgrade.sh never change this file. After a change: sudo systemctl restart buurtkiosk
#
# Pi 5 shows nothing? The display may be the second DRM card:
#SDL_KMSDRM_DEVICE_INDEX=1
#
# Only the touches mirrored, the picture right (or a single-touch USB panel: hidinput instead
# of mtdev); picture and touch both the wrong way: install.sh --panel/--rotate. KCFG_*
# overrides one line of Kivy's config.ini (here: [input] touchscreen):
#KCFG_INPUT_TOUCHSCREEN=mtdev,/dev/input/buurtkiosk-touch,invert_x=1,invert_y=1
EOF
    put 0644 root:root "$tmp" "$ETC/environment"
    rm -f "$tmp"
fi

# --- 6. systemd, udev, lockdown -----------------------------------------------------------------
say "6. opstarten, printer, scherm"
put_kiosk_system_files "$HERE"
live systemctl daemon-reload
enable_unit buurtkiosk.service multi-user.target
enable_unit buurtkiosk-backup.timer timers.target
# Boot to the console target: no desktop, no display manager to escape to.
if [ -n "$ROOT" ]; then
    ln -sfn /usr/lib/systemd/system/multi-user.target "$ROOT/etc/systemd/system/default.target"
    ln -sfn /dev/null "$ROOT/etc/systemd/system/getty@tty1.service"
else
    systemctl set-default multi-user.target
    # The kiosk owns tty1; no login prompt behind it.
    systemctl mask getty@tty1.service
    # Swap writes wear the SD card and a kiosk has enough memory without it.
    if systemctl list-unit-files dphys-swapfile.service >/dev/null 2>&1; then
        systemctl disable --now dphys-swapfile.service || true
    fi
fi

# --- the panel: its size for the kiosk and which way is up ------------------------------------
# Kivy draws straight onto the display (KMSDRM), and the Pi's display hardware cannot turn a
# picture by 90 degrees, so Kivy turns it ([graphics] rotation, as KCFG_GRAPHICS_ROTATION).
# Kivy turns the touches from the panel (read with mtdev, in the panel's own axes) by the same
# angle, so a touch lands where the finger is. A udev LIBINPUT_CALIBRATION_MATRIX would not:
# Kivy does not read the panel through libinput. The kernel's video=...,rotate= only turns the
# text console (boot messages), to the same side. Touch Display 2 is 720x1280, portrait.
PANEL_ENV=$ETC/panel.env
if [ -z "$PANEL" ] && [ -f "$ROOT$PANEL_ENV" ]; then
    # Run again without --panel: keep the panel (and its rotation) of the last run.
    PANEL=$(sed -n 's/^BUURTKIOSK_PANEL=//p' "$ROOT$PANEL_ENV")
    [ -n "$ROTATE" ] || ROTATE=$(sed -n 's/^KCFG_GRAPHICS_ROTATION=//p' "$ROOT$PANEL_ENV")
fi
PANEL=${PANEL:-pi-display-2}
case $PANEL in
    pi-display-2) native=720x1280; inches=7; connector=DSI-1; default_rotate=270 ;;
    pi-display-1) native=800x480; inches=7; connector=DSI-1; default_rotate=0 ;;
    hdmi-10) native=1280x800; inches=10.1; connector=""; default_rotate=0 ;;
    *) die "onbekend scherm in $PANEL_ENV: $PANEL (gebruik --panel)" ;;
esac
ROTATE=${ROTATE:-$default_rotate}
case $ROTATE in
    90|270) screen="${native#*x}x${native%x*}@$inches" ;;  # on its side: width and height swap
    *) screen="$native@$inches" ;;
esac
say "  scherm: $PANEL, $screen, gedraaid $ROTATE graden"
tmp=$(mktemp)
cat >"$tmp" <<EOF
# The screen, written by deploy/install.sh on every run (--panel $PANEL --rotate $ROTATE).
# To change it run install.sh again with --panel/--rotate; /etc/buurtkiosk/environment wins.
BUURTKIOSK_PANEL=$PANEL
BUURTKIOSK_SCREEN=$screen
KCFG_GRAPHICS_ROTATION=$ROTATE
EOF
put 0644 root:root "$tmp" "$PANEL_ENV"
rm -f "$tmp"

# Kernel command line (one line): screen blanking off, no blinking console cursor, and on a
# DSI panel the console turned like the kiosk.
cmdline=""
for candidate in /boot/firmware/cmdline.txt /boot/cmdline.txt; do
    if [ -f "$ROOT$candidate" ]; then
        cmdline=$ROOT$candidate
        break
    fi
done
video=""
if [ -n "$connector" ] && [ "$ROTATE" != 0 ]; then
    video="video=$connector:$native@60,rotate=$ROTATE"
fi
if [ -n "$cmdline" ]; then
    # A panel chosen before may have left its own video= word: only the current one stays.
    words=$(tr ' ' '\n' <"$cmdline" | grep -v -e '^video=DSI-[12]:' -e '^$' | tr '\n' ' ')
    printf '%s\n' "${words% }" >"$cmdline"
    for arg in consoleblank=0 vt.global_cursor_default=0 $video; do
        # Whole words only, so running twice adds nothing.
        if ! tr ' ' '\n' <"$cmdline" | grep -qx "$arg"; then
            sed -i "1s/\$/ $arg/" "$cmdline"
        fi
    done
else
    say "  geen cmdline.txt gevonden; schermbeveiliging en consolestand niet aangepast"
fi

if [ -z "$ROOT" ]; then
    live udevadm control --reload
    live udevadm trigger --subsystem-match=tty --subsystem-match=usbmisc --subsystem-match=input
fi

# --- 7. optional: read-only root ------------------------------------------------------------------
if [ "$READONLY_ROOT" = 1 ]; then
    say "7. alleen-lezen systeem"
    # With an overlay root every write outside a real partition is lost at reboot: the
    # database must be on its own writable partition, or the kiosk forgets every request.
    if [ -z "$ROOT" ]; then
        mounted=$(findmnt -n -o TARGET --target "$DATA" || true)
        [ "$mounted" = "$DATA" ] || die "$DATA is geen eigen partitie; zie README (Alleen-lezen systeem)"
        command -v raspi-config >/dev/null || die "raspi-config ontbreekt"
    fi
    system raspi-config nonint enable_overlayfs
fi

say "Klaar. Herstart de Pi (sudo reboot): daarna start de kiosk vanzelf."
