"""Compile every locale/*/LC_MESSAGES/*.po into its .mo (what `make run` and `make test` do first).

polib (installed with wagtail-localize) does it, so no system gettext is needed. A fuzzy entry is
left out, as msgfmt leaves it out: it shows in English until a translator confirms it.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main():
    compiled = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            catalogue.save_as_mofile(str(mo_path))
            compiled += 1
    print(f"Translations: {compiled} catalogue(s) compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
