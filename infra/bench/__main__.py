"""Run the benchmarks: `python -m infra.bench [name ...]` (names are bench_<name>.py modules)."""

import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules(selected: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if n.removeprefix("bench_") in selected or n in selected]
    return names


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.config.settings.test")
    os.environ.setdefault("TEST_DATABASE_NAME", "bench_hub")
    import django

    django.setup()
    from django.db import connection

    from infra.bench.figures import Figure

    if connection.vendor != "postgresql":
        print("benchmarks run on PostgreSQL: set DATABASE_URL (make bench does)", file=sys.stderr)
        return 2
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    figures: list[Figure] = []
    try:
        for name in _modules(argv):
            started = time.monotonic()
            print(f"--- {name}", flush=True)
            figures.extend(importlib.import_module(f"infra.bench.{name}").run())
            print(f"    ({time.monotonic() - started:.1f} s)", flush=True)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)

    width = max([len(f.name) for f in figures] + [10])
    print()
    print(f"{'figure'.ljust(width)}  {'value':>12}  {'unit':<8}  {'target':>10}  met")
    for figure in figures:
        target = "" if figure.target is None else f"{'≤' if figure.better == 'lower' else '≥'}{figure.target:g}"
        met = {True: "yes", False: "NO", None: "-"}[figure.met]
        print(f"{figure.name.ljust(width)}  {figure.value:>12.3f}  {figure.unit:<8}  {target:>10}  {met}")
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "figures": [figure.as_dict() for figure in figures],
    }
    (ROOT / "bench-results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {ROOT / 'bench-results.json'}")
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
