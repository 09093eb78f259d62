"""The sandboxes the launcher knows, with their default loopback ports.

`SANDBOX_<NAME>_PORT` moves a sandbox; `SANDBOX_<NAME>_URL` (when the hub reaches it elsewhere)
overrides the URL derived from that port. The launcher, the hub's channel settings and the
startup banner all read them here, so they agree.
"""

import os
from collections.abc import Mapping

SANDBOXES = {
    "amazon": ("infra.sandboxes.amazon.app", 9101),
    "aliexpress": ("infra.sandboxes.aliexpress.app", 9102),
    "wish": ("infra.sandboxes.wish.app", 9103),
}


def sandbox_port(name: str, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    return int(environ.get(f"SANDBOX_{name.upper()}_PORT") or SANDBOXES[name][1])


def sandbox_url(name: str, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(f"SANDBOX_{name.upper()}_URL") or f"http://127.0.0.1:{sandbox_port(name, environ)}"
