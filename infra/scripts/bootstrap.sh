#!/usr/bin/env bash
# Create .venv with Python 3.11 and install the pinned dependencies. Re-runs are cheap: the
# install only happens again when pyproject.toml or requirements.lock changed.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

PYTHON=$(find_python || true)
if [ -z "$PYTHON" ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing Python 3.11 from Debian packages"
  apt_install python3.11 python3.11-venv || apt_install python3 python3-venv
  PYTHON=$(find_python || true)
fi
[ -n "$PYTHON" ] || { echo "Python 3.11 is needed (Debian: apt-get install python3.11 python3.11-venv)." >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $PYTHON"
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian ships venv's ensurepip separately.
    rm -rf .venv
    apt_install python3.11-venv || apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi

stamp=.venv/.hub-installed
want=$(cat pyproject.toml requirements.lock | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing dependencies (pinned by requirements.lock)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c requirements.lock -e '.[dev]'
  echo "$want" > "$stamp"
fi

# Compile the interface translations (.po -> .mo) with Babel: no GNU gettext needed.
.venv/bin/python infra/scripts/compile_messages.py
