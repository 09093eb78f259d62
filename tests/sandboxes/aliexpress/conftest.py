import pytest

from infra.sandboxes.aliexpress.app import create_app
from infra.sandboxes.common.server import SandboxConfig, ServedSandbox
from tests.sandboxes.aliexpress.iop_client import IopClient


@pytest.fixture
def make_sandbox(tmp_path):
    """`make_sandbox(**options)` → a served AliExpress sandbox on a free loopback port."""
    served: list[ServedSandbox] = []

    def make(*, order_interval: float = 0, speedup: float = 1, **options) -> ServedSandbox:
        options.setdefault("audit_seconds", 0)
        config = SandboxConfig(
            name="aliexpress",
            state_path=tmp_path / f"aliexpress-{len(served)}.sqlite3",
            speedup=speedup,
            seed=11,
            order_interval=order_interval,
            options=options,
        )
        sandbox = ServedSandbox(create_app(config)).start()
        served.append(sandbox)
        return sandbox

    yield make
    for sandbox in served:
        sandbox.app.extensions["aliexpress"]["scheduler"].stop()
        sandbox.stop()


@pytest.fixture
def sandbox(make_sandbox):
    return make_sandbox()


@pytest.fixture
def client(sandbox):
    return IopClient(sandbox.url)
