#!/bin/sh
# Extract every translatable string (Python and kv) and merge it into both catalogues.
# Then fill in the empty msgstr lines (scripts/fill_catalogue.py helps);
# tests/test_i18n.py fails while any is empty.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
"$BIN/pybabel" -q extract -F babel.cfg -k _ -k N_ -k tr -k translate -k ngettext:1,2 --no-location \
    --omit-header -o assets/locale/buurtkiosk.pot kiosk screens >/dev/null
for lang in nl en; do
    "$BIN/pybabel" -q update --no-fuzzy-matching --ignore-obsolete -l "$lang" -D buurtkiosk \
        -i assets/locale/buurtkiosk.pot -d assets/locale >/dev/null
done
