"""Start the marketplace sandboxes together on loopback:

    python -m infra.sandboxes [--only amazon,wish] [--state-dir var/sandboxes] [--speedup 1]

Each listens on its default port (SANDBOX_<NAME>_PORT overrides), keeps its state in
<state-dir>/<name>.sqlite3, and takes faults from SANDBOX_<NAME>_FAULTS (JSON, see
common/faults.py). Ctrl-C or SIGTERM stops them all.
"""

import argparse
import importlib
import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from infra.sandboxes.common.server import SandboxConfig, ServedSandbox
from infra.sandboxes.registry import SANDBOXES, sandbox_port


def build(name: str, state_dir: Path, speedup: float, port: int) -> ServedSandbox:
    module_name, _default_port = SANDBOXES[name]
    module = importlib.import_module(module_name)
    faults = os.environ.get(f"SANDBOX_{name.upper()}_FAULTS")
    config = SandboxConfig(
        name=name,
        state_path=state_dir / f"{name}.sqlite3",
        speedup=speedup,
        faults=json.loads(faults) if faults else {},
        order_interval=float(os.environ.get(f"SANDBOX_{name.upper()}_ORDER_INTERVAL", "60")),
        scheduled_orders_need_listings=os.environ.get(f"SANDBOX_{name.upper()}_ORDERS_NEED_LISTINGS", "1") == "1",
        # The URL the hub reaches it at (SANDBOX_<NAME>_URL, e.g. http://sandboxes:9101 in compose).
        base_url=os.environ.get(f"SANDBOX_{name.upper()}_URL") or f"http://127.0.0.1:{port}",
    )
    # SANDBOX_BIND_HOST=0.0.0.0 lets other containers reach it (docker compose's `sandboxes` profile).
    return ServedSandbox(module.create_app(config), port=port, host=os.environ.get("SANDBOX_BIND_HOST", "127.0.0.1"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.sandboxes")
    parser.add_argument("--only", default=",".join(SANDBOXES), help="comma-separated sandbox names")
    parser.add_argument("--state-dir", default=os.environ.get("SANDBOX_STATE_DIR", "var/sandboxes"))
    parser.add_argument("--speedup", type=float, default=float(os.environ.get("SANDBOX_SPEEDUP", "1")))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in SANDBOXES]
    if unknown:
        parser.error(f"unknown sandbox(es): {', '.join(unknown)}")
    state_dir = Path(args.state_dir)
    served = []
    for name in names:
        port = sandbox_port(name)
        sandbox = build(name, state_dir, args.speedup, port).start()
        served.append(sandbox)
        print(f"sandbox {name:<11} {sandbox.url}  (state {state_dir / (name + '.sqlite3')})", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    for sandbox in served:
        sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
