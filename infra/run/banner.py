"""The banner `make run` prints before starting: where the hub, its docs and the sandboxes are.

    python -m infra.run.banner

Everything comes from the environment the processes start with (SITE_URL, SANDBOX_<NAME>_PORT,
SANDBOX_<NAME>_URL), so the banner names the ports the sandboxes really listen on.
"""

import os
import sys
from collections.abc import Mapping

from infra.sandboxes.registry import SANDBOXES, sandbox_url

LABELS = {"amazon": "Amazon", "aliexpress": "AliExpress", "wish": "Wish"}


def banner(environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    site = environ.get("SITE_URL") or f"http://127.0.0.1:{environ.get('PORT') or 8000}"
    sandboxes = "  ".join(f"{LABELS.get(name, name)} {sandbox_url(name, environ)}" for name in SANDBOXES)
    return (
        "\n"
        f"  Crossborder Hub is starting at  {site}/\n"
        f"  API docs                         {site}/api/docs/\n"
        f"  Health                           {site}/api/health/\n"
        f"  Marketplace sandboxes            {sandboxes}\n"
        f"  Admin                            {site}/admin/\n"
        "  (logins for every role are printed above; Ctrl-C stops everything)\n"
    )


if __name__ == "__main__":
    sys.stdout.write(banner() + "\n")
