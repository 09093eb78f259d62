"""Compile every committed gettext catalog (*/locale/*/LC_MESSAGES/*.po) to .mo with Babel, so a
fresh machine needs no GNU gettext. Skips catalogs whose .mo is newer than the .po."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", ".git"}


def main() -> None:
    for po_path in ROOT.rglob("locale/*/LC_MESSAGES/*.po"):
        if SKIP & set(po_path.relative_to(ROOT).parts):
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        print(f"compiled {mo_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
