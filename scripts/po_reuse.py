"""Fill empty or fuzzy German entries with a translation another app's catalogue already has.

Run after `make messages` when a string moved between apps; prints what it
could not fill (translate those by hand).
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    paths = sorted(ROOT.glob("dualcareer/*/locale/de/LC_MESSAGES/django.po"))
    known: dict[str, str] = {}
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and "fuzzy" not in entry.flags and not entry.msgid_plural:
                known.setdefault(entry.msgid, entry.msgstr)
    missing = 0
    for path in paths:
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if entry.msgid_plural or entry.obsolete:
                continue
            if (not entry.msgstr or "fuzzy" in entry.flags) and entry.msgid in known:
                entry.msgstr = known[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                changed = True
            elif not entry.msgstr or "fuzzy" in entry.flags:
                missing += 1
                print(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
        if changed:
            po.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
