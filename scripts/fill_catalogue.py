"""Fill msgstr from a dict of translations (a one-off helper for translators).

Usage: python scripts/fill_catalogue.py LANG translations.py  (translations.py defines a dict T)
For `en` pass `-` to copy every msgid into its msgstr.
"""

import runpy
import sys

from babel.messages.pofile import read_po, write_po

lang, source = sys.argv[1], sys.argv[2]
path = f"assets/locale/{lang}/LC_MESSAGES/buurtkiosk.po"
with open(path, "rb") as handle:
    catalogue = read_po(handle, locale=lang)
table = {} if source == "-" else runpy.run_path(source)["T"]
missing = []
for message in catalogue:
    if not message.id:
        continue
    if source == "-":
        message.string = message.id
    elif message.id in table:
        message.string = table[message.id]
    elif not message.string:
        missing.append(message.id)
with open(path, "wb") as handle:
    write_po(handle, catalogue, omit_header=False, no_location=True, width=100)
for text in missing:
    print("untranslated:", text)
